import Autograd

/// Mirrors nn.Conv2d: weight [out, in / groups, kh, kw] and bias [out], initialised as
/// PyTorch does (kaiming_uniform_(a=√5), bias from ±1/√fan_in).
package final class Conv2dLayer: Layer {
    package enum Padding {
        case explicit(Int, Int)
        /// 'same' (stride 1; the output keeps the input's size) or 'valid' (none).
        case same, valid
    }

    let inChannels: Int, outChannels: Int
    let kernel: Functional.Pair, stride: Functional.Pair, dilation: Functional.Pair
    let padding: Padding
    let groups: Int, hasBias: Bool

    package init(inChannels: Int, outChannels: Int, kernel: Functional.Pair, stride: Functional.Pair, padding: Padding,
                 dilation: Functional.Pair, groups: Int, hasBias: Bool) throws {
        guard groups > 0 else { throw TensorError.value("groups must be a positive integer") }
        guard inChannels % groups == 0 else { throw TensorError.value("in_channels must be divisible by groups") }
        guard outChannels % groups == 0 else { throw TensorError.value("out_channels must be divisible by groups") }
        if case .same = padding, stride != (1, 1) {
            throw TensorError.value("padding='same' is not supported for strided convolutions")
        }
        self.inChannels = inChannels
        self.outChannels = outChannels
        self.kernel = kernel
        self.stride = stride
        self.padding = padding
        self.dilation = dilation
        self.groups = groups
        self.hasBias = hasBias
    }

    /// A Conv2d module with its parameters initialised from `generator`.
    package func module(dtype: DType, generator: Generator) throws -> Module {
        let m = Module(typeName: "Conv2d", layer: self)
        let weight = Tensor(try NDArray.empty([outChannels, inChannels / groups, kernel.0, kernel.1], dtype: dtype),
                            requiresGrad: true, isParameter: true)
        let bias = hasBias ? Tensor(try NDArray.empty([outChannels], dtype: dtype), requiresGrad: true, isParameter: true) : nil
        try Init.resetLinearOrConv(weight: weight.data, bias: bias?.data, generator: generator)
        m.setParameter("weight", weight)
        m.setParameter("bias", bias)
        return m
    }

    /// The padding F.conv2d gets: 'same' splits the kernel's reach over both sides.
    package var explicitPadding: Functional.Pair {
        get throws {
            switch padding {
            case .explicit(let h, let w): return (h, w)
            case .valid: return (0, 0)
            case .same:
                let total = (dilation.0 * (kernel.0 - 1), dilation.1 * (kernel.1 - 1))
                guard total.0 % 2 == 0 && total.1 % 2 == 0 else {
                    throw TensorError.notImplemented("padding='same' with an even kernel (uneven padding) is not supported by tsh yet")
                }
                return (total.0 / 2, total.1 / 2)
            }
        }
    }

    package var extraRepr: String {
        var s = "\(inChannels), \(outChannels), kernel_size=\(pair(kernel)), stride=\(pair(stride))"
        switch padding {
        case .explicit(let h, let w): if (h, w) != (0, 0) { s += ", padding=\(pair((h, w)))" }
        case .same: s += ", padding=same"
        case .valid: s += ", padding=valid"
        }
        if dilation != (1, 1) { s += ", dilation=\(pair(dilation))" }
        if groups != 1 { s += ", groups=\(groups)" }
        if !hasBias { s += ", bias=False" }
        return s
    }

    package func forward(_ inputs: [Tensor], module: Module, generator: Generator) throws -> Tensor {
        guard let weight = module.parameter("weight") else { throw TensorError.runtime("Conv2d has no weight") }
        return try Functional.conv2d(inputs[0], weight: weight, bias: module.parameter("bias"), stride: stride,
                                     padding: try explicitPadding, dilation: dilation, groups: groups)
    }
}

/// Python's text of a pair: `(3, 3)`.
func pair(_ p: Functional.Pair) -> String { "(\(p.0), \(p.1))" }

/// Mirrors nn.MaxPool2d and nn.AvgPool2d. Their reprs show the arguments as given (an int
/// stays an int), so the texts come from the caller.
package final class Pool2dLayer: Layer {
    package enum Kind {
        case max(dilation: Functional.Pair)
        case average(countIncludePad: Bool, divisor: Int?)
    }

    let kind: Kind
    let kernel: Functional.Pair, stride: Functional.Pair, padding: Functional.Pair
    let ceilMode: Bool
    package let extraRepr: String

    package init(_ kind: Kind, kernel: Functional.Pair, stride: Functional.Pair, padding: Functional.Pair, ceilMode: Bool,
                 extraRepr: String) {
        self.kind = kind
        self.kernel = kernel
        self.stride = stride
        self.padding = padding
        self.ceilMode = ceilMode
        self.extraRepr = extraRepr
    }

    package func forward(_ inputs: [Tensor], module: Module, generator: Generator) throws -> Tensor {
        switch kind {
        case .max(let dilation):
            return try Functional.maxPool2d(inputs[0], kernel: kernel, stride: stride, padding: padding, dilation: dilation,
                                            ceilMode: ceilMode).values
        case .average(let countIncludePad, let divisor):
            return try Functional.avgPool2d(inputs[0], kernel: kernel, stride: stride, padding: padding, ceilMode: ceilMode,
                                            countIncludePad: countIncludePad, divisor: divisor)
        }
    }
}

/// Mirrors nn.AdaptiveAvgPool2d(output_size).
package final class AdaptiveAvgPool2dLayer: Layer {
    let size: (Int?, Int?)
    package let extraRepr: String

    package init(size: (Int?, Int?), extraRepr: String) {
        self.size = size
        self.extraRepr = extraRepr
    }

    package func forward(_ inputs: [Tensor], module: Module, generator: Generator) throws -> Tensor {
        try Functional.adaptiveAvgPool2d(inputs[0], outputSize: size)
    }
}
