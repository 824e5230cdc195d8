import Autograd

/// torch.nn.functional losses, with PyTorch's node names and reductions.
package enum Reduction: String {
    case none, mean, sum

    package init(parsing text: String) throws {
        guard let r = Reduction(rawValue: text) else { throw TensorError.value("\(text) is not a valid value for reduction") }
        self = r
    }

    func apply(_ loss: NDArray) throws -> NDArray {
        switch self {
        case .none: loss
        case .mean: try loss.mean()
        case .sum: try loss.sum()
        }
    }

    /// The gradient of the reduced loss with respect to each element of the unreduced loss.
    func expand(_ grad: NDArray, to shape: [Int]) throws -> NDArray {
        switch self {
        case .none: grad
        case .sum: try grad.expand(shape)
        case .mean: try NDArray.binary(.div, .array(try grad.expand(shape)), .scalar(.double(Double(shape.reduce(1, *)))))
        }
    }
}

package enum Functional {
    /// Mirrors F.binary_cross_entropy_with_logits(input, target, reduction='mean'):
    /// BinaryCrossEntropyWithLogitsBackward0 with slots (input, target), computed stably.
    package static func binaryCrossEntropyWithLogits(_ input: Tensor, _ target: Tensor,
                                                     reduction: Reduction = .mean) throws -> Tensor {
        guard input.shape == target.shape else {
            throw TensorError.value(
                "Target size (torch.Size(\(shapeText(target.shape)))) must be the same as input size (torch.Size(\(shapeText(input.shape))))")
        }
        let x = input.data, y = target.data.to(input.dtype)
        // (1 - y) * x + max(-x, 0) + log(exp(-max) + exp(-x - max))
        let negX = try x.unary(.neg)
        let maxValue = try negX.clamp(min: .int(0), max: nil)
        let logTerm = try NDArray.binary(.add, .array(try NDArray.binary(.sub, .array(negX), .array(maxValue)).unary(.exp)),
                                         .array(try (try maxValue.unary(.neg)).unary(.exp))).unary(.log)
        let oneMinusY = try NDArray.binary(.sub, .scalar(.int(1)), .array(y))
        let loss = try NDArray.binary(.add, .array(try NDArray.binary(.add, .array(try NDArray.binary(.mul, .array(oneMinusY), .array(x))),
                                                                      .array(maxValue))), .array(logTerm))
        let shape = input.shape
        return Tensor.make("BinaryCrossEntropyWithLogitsBackward0", [input, target], try reduction.apply(loss),
                           save: [SavedArray(input), SavedArray(target)]) { ctx in
            let g = try reduction.expand(try ctx.grad(), to: shape)
            let sig = try ctx.saved[0].unary(.sigmoid)
            let diff = try NDArray.binary(.sub, .array(sig), .array(ctx.saved[1].to(sig.dtype)))
            let inputGrad = try NDArray.binary(.mul, .array(diff), .array(g))
            var targetGrad: NDArray?
            if ctx.needs(1) {
                targetGrad = try NDArray.binary(.mul, .array(try ctx.saved[0].unary(.neg)), .array(g))
            }
            return [inputGrad, targetGrad]
        }
    }

    static func shapeText(_ s: [Int]) -> String { "[" + s.map(String.init).joined(separator: ", ") + "]" }
}
