import Autograd

/// torch.nn.functional activations beyond the tensor methods.
extension Functional {
    /// Mirrors F.leaky_relu(input, negative_slope=0.01): LeakyReluBackward0.
    package static func leakyRelu(_ x: Tensor, negativeSlope: Double = 0.01) throws -> Tensor {
        let positive = try NDArray.compare(.gt, .array(x.data), .scalar(.int(0)))
        let scaled = try NDArray.binary(.mul, .array(x.data), .scalar(.double(negativeSlope)))
        let result = try NDArray.where(positive, .array(x.data), .array(scaled))
        return Tensor.make("LeakyReluBackward0", [x], result, save: [SavedArray(x)], savedNames: ["_saved_self"],
                           attributes: [("_saved_negative_slope", .number(.double(negativeSlope)))],
                           rule: "grad_self = where(self > 0, grad, grad * negative_slope)") { ctx in
            let g = try ctx.grad()
            let keep = try ctx.saved[0].compare(.gt, .scalar(.int(0)))
            return [try Tensor.where(keep, .tensor(g), .tensor(try g.mul(.scalar(.double(negativeSlope)))))]
        }
    }

    /// Mirrors F.leaky_relu(input, negative_slope, inplace=True): LeakyReluBackward1 reads the
    /// result (the input is overwritten).
    package static func leakyReluInPlace(_ x: Tensor, negativeSlope: Double = 0.01) throws {
        let positive = try NDArray.compare(.gt, .array(x.data), .scalar(.int(0)))
        let scaled = try NDArray.binary(.mul, .array(x.data), .scalar(.double(negativeSlope)))
        let result = try NDArray.where(positive, .array(x.data), .array(scaled)).to(x.dtype)
        try x.commitInPlace("LeakyReluBackward1", others: [], newValue: result, saveOutput: true,
                            rule: "grad_self = where(result > 0, grad, grad * negative_slope)") { ctx in
            let g = try ctx.grad()
            let keep = try ctx.saved[0].compare(.gt, .scalar(.int(0)))
            return [try Tensor.where(keep, .tensor(g), .tensor(try g.mul(.scalar(.double(negativeSlope)))))]
        }
    }

    /// Mirrors F.gelu(input, approximate='tanh'): 0.5 x (1 + tanh(√(2/π) (x + 0.044715 x³))),
    /// GeluBackward0 with its tanh-form derivative.
    package static func geluTanh(_ x: Tensor) throws -> Tensor {
        let beta = Double(2).squareRoot() * (2 / Double.pi.squareRoot()) * 0.5, kappa = 0.044715
        func forward(_ v: Tensor) throws -> (inner: Tensor, tanhInner: Tensor) {
            let cube = try (try v.mul(.tensor(v))).mul(.tensor(v))
            let inner = try (try v.add(.tensor(try cube.mul(.scalar(.double(kappa)))))).mul(.scalar(.double(beta)))
            return (inner, try inner.unary(.tanh))
        }
        let plain = Tensor(x.data)
        let (_, tanhInner) = try GradMode.with(enabled: false) { try forward(plain) }
        let result = try (try plain.mul(.scalar(.double(0.5)))).mul(.tensor(try tanhInner.add(.scalar(.int(1))))).data
        return Tensor.make("GeluBackward0", [x], result, save: [SavedArray(x)], savedNames: ["_saved_self"],
                           attributes: [("_saved_approximate", .string("tanh"))],
                           rule: "grad_self = grad * (0.5 * (1 + tanh(inner)) + 0.5 * self * (1 - tanh(inner)²) * sqrt(2/pi) * (1 + 3 * 0.044715 * self²)), inner = sqrt(2/pi) * (self + 0.044715 * self³)") { ctx in
            let v = ctx.saved[0]
            let t = try forward(v).tanhInner
            let left = try (try t.add(.scalar(.int(1)))).mul(.scalar(.double(0.5)))
            let slope = try (try (try v.mul(.tensor(v))).mul(.scalar(.double(3 * kappa)))).add(.scalar(.int(1)))
            let right = try (try (try (try v.mul(.scalar(.double(0.5)))).mul(.tensor(try (try t.mul(.tensor(t))).rsub(.int(1))))).mul(.scalar(.double(beta)))).mul(.tensor(slope))
            return [try (try ctx.grad()).mul(.tensor(try left.add(.tensor(right))))]
        }
    }

    /// Mirrors F.gelu(input) (the exact, erf form): GeluBackward0.
    package static func gelu(_ x: Tensor) throws -> Tensor {
        let root2 = Double(2).squareRoot()
        let cdf = try NDArray.binary(.mul, .array(try NDArray.binary(.add, .scalar(.int(1)),
            .array(try NDArray.binary(.mul, .array(x.data), .scalar(.double(1 / root2))).unary(.erf)))), .scalar(.double(0.5)))
        let result = try NDArray.binary(.mul, .array(x.data), .array(cdf))
        return Tensor.make("GeluBackward0", [x], result, save: [SavedArray(x)], savedNames: ["_saved_self"],
                           attributes: [("_saved_approximate", .string("none"))],
                           rule: "grad_self = grad * (0.5 * (1 + erf(self / sqrt(2))) + self * exp(-0.5 * self * self) / sqrt(2 * pi))") { ctx in
            let v = ctx.saved[0]
            let cdf = try (try (try (try v.mul(.scalar(.double(1 / root2)))).unary(.erf)).add(.scalar(.int(1)))).mul(.scalar(.double(0.5)))
            let pdf = try (try (try (try v.mul(.tensor(v))).mul(.scalar(.double(-0.5)))).unary(.exp))
                .mul(.scalar(.double(1 / (2 * Double.pi).squareRoot())))
            let derivative = try cdf.add(.tensor(try v.mul(.tensor(pdf))))
            return [try (try ctx.grad()).mul(.tensor(derivative))]
        }
    }
}
