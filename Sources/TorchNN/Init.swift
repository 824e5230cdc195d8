import Autograd

/// torch.nn.init: parameter initialisers with PyTorch's fan and gain computations, all in
/// doubles as Python computes them, then one uniform_/normal_ fill.
package enum Init {
    /// Mirrors torch.nn.init.calculate_gain.
    package static func calculateGain(_ nonlinearity: String, param: Double? = nil) throws -> Double {
        switch nonlinearity {
        case "linear", "conv1d", "conv2d", "conv3d", "conv_transpose1d", "conv_transpose2d", "conv_transpose3d", "sigmoid":
            return 1
        case "tanh": return 5.0 / 3
        case "relu": return Double(2).squareRoot()
        case "leaky_relu":
            let slope = param ?? 0.01
            return (2.0 / (1 + slope * slope)).squareRoot()
        case "selu": return 3.0 / 4
        default: throw TensorError.value("Unsupported nonlinearity \(nonlinearity)")
        }
    }

    /// Mirrors torch.nn.init._calculate_fan_in_and_fan_out.
    package static func fans(_ t: NDArray) throws -> (fanIn: Int, fanOut: Int) {
        guard t.rank >= 2 else {
            throw TensorError.value("Fan in and fan out can not be computed for tensor with fewer than 2 dimensions")
        }
        let receptive = t.shape.dropFirst(2).reduce(1, *)
        return (t.shape[1] * receptive, t.shape[0] * receptive)
    }

    private static func fan(_ t: NDArray, mode: String) throws -> Int {
        let (fanIn, fanOut) = try fans(t)
        switch mode {
        case "fan_in": return fanIn
        case "fan_out": return fanOut
        default: throw TensorError.value("Mode \(mode) not supported, please use one of ['fan_in', 'fan_out']")
        }
    }

    package static func uniform(_ t: NDArray, a: Double = 0, b: Double = 1, generator: Generator) throws {
        try t.uniform(from: a, to: b, generator: generator)
    }

    package static func normal(_ t: NDArray, mean: Double = 0, std: Double = 1, generator: Generator) throws {
        try t.normal(mean: mean, std: std, generator: generator)
    }

    package static func constant(_ t: NDArray, _ value: Scalar) throws { try t.fill(value) }
    package static func zeros(_ t: NDArray) throws { try t.fill(.int(0)) }
    package static func ones(_ t: NDArray) throws { try t.fill(.int(1)) }

    /// Mirrors kaiming_uniform_: bound = sqrt(3) · gain / sqrt(fan).
    package static func kaimingUniform(_ t: NDArray, a: Double = 0, mode: String = "fan_in",
                                       nonlinearity: String = "leaky_relu", generator: Generator) throws {
        let gain = try calculateGain(nonlinearity, param: a)
        let std = gain / Double(try fan(t, mode: mode)).squareRoot()
        let bound = Double(3).squareRoot() * std
        try t.uniform(from: -bound, to: bound, generator: generator)
    }

    /// Mirrors kaiming_normal_: std = gain / sqrt(fan).
    package static func kaimingNormal(_ t: NDArray, a: Double = 0, mode: String = "fan_in",
                                      nonlinearity: String = "leaky_relu", generator: Generator) throws {
        let gain = try calculateGain(nonlinearity, param: a)
        let std = gain / Double(try fan(t, mode: mode)).squareRoot()
        try t.normal(mean: 0, std: std, generator: generator)
    }

    /// Mirrors xavier_uniform_: a = sqrt(3) · gain · sqrt(2 / (fan_in + fan_out)).
    package static func xavierUniform(_ t: NDArray, gain: Double = 1, generator: Generator) throws {
        let (fanIn, fanOut) = try fans(t)
        let std = gain * (2.0 / Double(fanIn + fanOut)).squareRoot()
        let a = Double(3).squareRoot() * std
        try t.uniform(from: -a, to: a, generator: generator)
    }

    /// Mirrors xavier_normal_: std = gain · sqrt(2 / (fan_in + fan_out)).
    package static func xavierNormal(_ t: NDArray, gain: Double = 1, generator: Generator) throws {
        let (fanIn, fanOut) = try fans(t)
        let std = gain * (2.0 / Double(fanIn + fanOut)).squareRoot()
        try t.normal(mean: 0, std: std, generator: generator)
    }

    /// What nn.Linear and nn.Conv*d's reset_parameters do: kaiming_uniform_(weight,
    /// a=sqrt(5)), then the bias uniform in ±1/sqrt(fan_in).
    package static func resetLinearOrConv(weight: NDArray, bias: NDArray?, generator: Generator) throws {
        try kaimingUniform(weight, a: Double(5).squareRoot(), generator: generator)
        if let bias {
            let fanIn = try fans(weight).fanIn
            let bound = fanIn > 0 ? 1 / Double(fanIn).squareRoot() : 0
            try bias.uniform(from: -bound, to: bound, generator: generator)
        }
    }
}
