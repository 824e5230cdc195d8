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
