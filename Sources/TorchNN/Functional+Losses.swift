import Autograd

/// torch.nn.functional losses, with PyTorch's node names and reductions.
package enum Reduction: String {
    case none, mean, sum

    package init(parsing text: String) throws {
        guard let r = Reduction(rawValue: text) else { throw TensorError.value("\(text) is not a valid value for reduction") }
        self = r
    }

    /// PyTorch's number for the reduction (`_saved_reduction`): 0 none, 1 mean, 2 sum.
    var code: Int {
        switch self {
        case .none: 0
        case .mean: 1
        case .sum: 2
        }
    }

    func apply(_ loss: NDArray) throws -> NDArray {
        switch self {
        case .none: loss
        case .mean: try loss.mean()
        case .sum: try loss.sum()
        }
    }

    /// The gradient of the reduced loss with respect to each element of the unreduced loss.
    func expand(_ grad: Tensor, to shape: [Int]) throws -> Tensor {
        switch self {
        case .none: grad
        case .sum: try grad.expand(shape)
        case .mean: try (try grad.expand(shape)).div(.scalar(.double(Double(shape.reduce(1, *)))))
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
                           save: [SavedArray(input), SavedArray(target)], savedNames: ["_saved_self", "_saved_target"],
                           attributes: [("_saved_reduction", .int(reduction.code))],
                           rule: reduction == .mean
                               ? "grad_self = grad * (sigmoid(self) - target) / self.numel(); grad_target = -grad * self / self.numel()"
                               : "grad_self = grad * (sigmoid(self) - target); grad_target = -grad * self") { ctx in
            let g = try reduction.expand(try ctx.grad(), to: shape)
            let sig = try ctx.saved[0].unary(.sigmoid)
            let diff = try sig.sub(.tensor(ctx.saved[1].to(sig.dtype)))
            let inputGrad = try diff.mul(.tensor(g))
            var targetGrad: Tensor?
            if ctx.needs(1) {
                targetGrad = try (try ctx.saved[0].neg()).mul(.tensor(g))
            }
            return [inputGrad, targetGrad]
        }
    }

    static func shapeText(_ s: [Int]) -> String { "[" + s.map(String.init).joined(separator: ", ") + "]" }
}

extension Functional {
    /// Mirrors F.nll_loss(input, target, reduction='mean', ignore_index=-100):
    /// NllLossBackward0 with one slot (the target is data, not an input of the graph).
    package static func nllLoss(_ input: Tensor, _ target: Tensor, reduction: Reduction = .mean,
                                ignoreIndex: Int64 = -100) throws -> Tensor {
        guard target.dtype == .int64 else {
            throw TensorError.runtime("expected scalar type Long but found \(target.dtype.scalarTypeName)")
        }
        let batched = input.rank >= 2
        let x = batched ? input.data : try input.data.unsqueeze(0)
        let t = batched ? target.data : try target.data.unsqueeze(0)
        guard x.shape[0] == t.shape.first ?? 1 else {
            throw TensorError.value("Expected input batch_size (\(x.shape[0])) to match target batch_size (\(t.shape.first ?? 1)).")
        }
        let classes = x.shape[1], n = x.shape[0]
        let labels = t.scalars.map(\.int64Value)
        for label in labels where label != ignoreIndex && (label < 0 || label >= classes) {
            throw TensorError.index("Target \(label) is out of bounds.")
        }
        // The picked log-probabilities, negated; ignored rows contribute zero.
        var picked = [Scalar](repeating: .double(0), count: n)
        for i in 0..<n where labels[i] != ignoreIndex {
            picked[i] = .double(-x.scalar(at: [i, Int(labels[i])]).doubleValue)
        }
        let losses = NDArray(values: picked, shape: batched ? [n] : [], dtype: input.dtype)
        let counted = labels.filter { $0 != ignoreIndex }.count
        let result: NDArray
        switch reduction {
        case .none: result = losses
        case .sum: result = try losses.sum()
        case .mean: result = try NDArray.binary(.div, .array(try losses.sum()), .scalar(.double(Double(counted))))
        }
        let shape = input.shape
        let rule: String
        switch reduction {
        case .none: rule = "grad_self = zeros(self.sizes()) with -grad[i] at [i, target[i]] where target[i] != ignore_index"
        case .sum: rule = "grad_self = zeros(self.sizes()) with -grad at [i, target[i]] where target[i] != ignore_index"
        case .mean: rule = "grad_self = zeros(self.sizes()) with -grad / (target != ignore_index).sum() at [i, target[i]] where target[i] != ignore_index"
        }
        // Per row: the picked class (0 for an ignored row) and whether the row counts.
        let picks = NDArray(values: labels.map { .int($0 == ignoreIndex ? 0 : $0) }, shape: [n, 1], dtype: .int64)
        let counts = NDArray(values: labels.map { .bool($0 != ignoreIndex) }, shape: [n, 1], dtype: .bool)
        return Tensor.make("NllLossBackward0", [input], result, save: [SavedArray(target)], savedNames: ["_saved_target"],
                           attributes: [("_saved_ignore_index", .int(Int(ignoreIndex))), ("_saved_reduction", .int(reduction.code))],
                           rule: rule) { ctx in
            // -grad (per row, or shared), zero on ignored rows, placed at each row's class.
            var upstream = try (try ctx.grad()).neg()
            if reduction == .mean { upstream = try upstream.div(.scalar(.double(Double(counted)))) }
            upstream = try (reduction == .none && batched ? try upstream.unsqueeze(1) : try upstream.reshape([1, 1])).expand([n, 1])
            let rows = try upstream.kept(where: Tensor(counts))
            let grad = try Tensor.scatterIntoZeros(rows, indices: picks, dim: 1, keepdim: true, shape: batched ? shape : [1] + shape)
            return [batched ? grad : try grad.squeeze([0])]
        }
    }

    /// Mirrors F.cross_entropy(input, target, reduction='mean'): NllLossBackward0 over
    /// LogSoftmaxBackward0 for class indices; for class probabilities the composed
    /// DivBackward1 ← NegBackward0 ← SumBackward0 ← MulBackward0 chain.
    package static func crossEntropy(_ input: Tensor, _ target: Tensor, reduction: Reduction = .mean,
                                     ignoreIndex: Int64 = -100) throws -> Tensor {
        let classDim = input.rank >= 2 ? 1 : 0
        let logProbabilities = try input.softmax(dim: classDim, log: true)
        if target.dtype.isFloatingPoint && target.shape == input.shape {
            let weighted = try logProbabilities.mul(.tensor(target))
            switch reduction {
            case .none: return try weighted.sum(dims: [classDim]).neg()
            case .sum: return try weighted.sum().neg()
            case .mean:
                let batch = input.rank >= 2 ? input.shape[0] : 1
                return try weighted.sum().neg().divByNumber(Double(batch))
            }
        }
        guard target.dtype == .int64 else {
            throw TensorError.runtime("expected target dtype to be Long or Byte, but got \(target.dtype.scalarTypeName)")
        }
        return try nllLoss(logProbabilities, target, reduction: reduction, ignoreIndex: ignoreIndex)
    }

    /// Mirrors F.mse_loss(input, target, reduction='mean'): MseLossBackward0 with slots (input, target).
    package static func mseLoss(_ input: Tensor, _ target: Tensor, reduction: Reduction = .mean) throws -> Tensor {
        let diff = try NDArray.binary(.sub, .array(input.data), .array(target.data))
        let squared = try NDArray.binary(.mul, .array(diff), .array(diff))
        let shape = diff.shape
        return Tensor.make("MseLossBackward0", [input, target], try reduction.apply(squared),
                           save: [SavedArray(input), SavedArray(target)], savedNames: ["_saved_self", "_saved_target"],
                           attributes: [("_saved_reduction", .int(reduction.code))],
                           rule: reduction == .mean
                               ? "grad_self = 2 * (self - target) * grad / self.numel(); grad_target = -2 * (self - target) * grad / self.numel()"
                               : "grad_self = 2 * (self - target) * grad; grad_target = -2 * (self - target) * grad") { ctx in
            let g = try reduction.expand(try ctx.grad(), to: shape)
            let d = try ctx.saved[0].sub(.tensor(ctx.saved[1]))
            let grad = try (try d.mul(.scalar(.int(2)))).mul(.tensor(g))
            return [ctx.needs(0) ? grad : nil, ctx.needs(1) ? try grad.neg() : nil]
        }
    }

    /// Mirrors F.binary_cross_entropy(input, target, reduction='mean'): the logs are
    /// clamped at -100 as PyTorch does; BinaryCrossEntropyBackward0 with slots (input, target).
    package static func binaryCrossEntropy(_ input: Tensor, _ target: Tensor, reduction: Reduction = .mean) throws -> Tensor {
        guard input.shape == target.shape else {
            throw TensorError.value(
                "Using a target size (torch.Size(\(shapeText(target.shape)))) that is different to the input size (torch.Size(\(shapeText(input.shape)))) is deprecated. Please ensure they have the same size.")
        }
        let x = input.data, y = target.data.to(input.dtype)
        let outside = try NDArray.logical(.logicalOr, .array(try NDArray.compare(.lt, .array(x), .scalar(.int(0)))),
                                          .array(try NDArray.compare(.gt, .array(x), .scalar(.int(1)))))
        if try outside.anyAll(all: false).scalars[0].boolValue {
            throw TensorError.runtime("all elements of input should be between 0 and 1")
        }
        let logX = try x.unary(.log).clamp(min: .int(-100), max: nil)
        let log1mX = try NDArray.binary(.sub, .scalar(.int(1)), .array(x)).unary(.log).clamp(min: .int(-100), max: nil)
        let oneMinusY = try NDArray.binary(.sub, .scalar(.int(1)), .array(y))
        let positive = try NDArray.binary(.mul, .array(y), .array(logX))
        let negative = try NDArray.binary(.mul, .array(oneMinusY), .array(log1mX))
        let loss = try NDArray.binary(.add, .array(positive), .array(negative)).unary(.neg)
        let shape = input.shape
        return Tensor.make("BinaryCrossEntropyBackward0", [input, target], try reduction.apply(loss),
                           save: [SavedArray(input), SavedArray(target)], savedNames: ["_saved_self", "_saved_target"],
                           attributes: [("_saved_reduction", .int(reduction.code))],
                           rule: reduction == .mean
                               ? "grad_self = grad * (self - target) / clamp_min(self * (1 - self), 1e-12) / self.numel(); grad_target = None (not computed)"
                               : "grad_self = grad * (self - target) / clamp_min(self * (1 - self), 1e-12); grad_target = None (not computed)") { ctx in
            let g = try reduction.expand(try ctx.grad(), to: shape)
            let p = ctx.saved[0], t = ctx.saved[1].to(ctx.saved[0].dtype)
            let denominator = try (try p.mul(.tensor(try p.rsub(.int(1))))).clamp(min: .double(1e-12), max: nil)
            let grad = try (try (try p.sub(.tensor(t))).mul(.tensor(g))).div(.tensor(denominator))
            return [grad, nil]
        }
    }

    /// Mirrors F.l1_loss: |input - target| reduced, composed from tensor ops as PyTorch does.
    package static func l1Loss(_ input: Tensor, _ target: Tensor, reduction: Reduction = .mean) throws -> Tensor {
        let absolute = try input.sub(.tensor(target)).unary(.abs)
        switch reduction {
        case .none: return absolute
        case .sum: return try absolute.sum()
        case .mean: return try absolute.mean()
        }
    }

    /// Mirrors F.dropout(input, p, training): in training, input times a scaled bernoulli
    /// mask (MulBackward0 with the mask in a no-grad slot); otherwise the input itself.
    package static func dropout(_ input: Tensor, p: Double = 0.5, training: Bool = true, generator: Generator) throws -> Tensor {
        guard p >= 0 && p <= 1 else {
            throw TensorError.value("dropout probability has to be between 0 and 1, but got \(p)")
        }
        if !training || p == 0 || input.count == 0 { return input }
        if p == 1 { return try input.mul(.scalar(.double(0))) }
        let mask = NDArray(uninitialized: input.shape, dtype: input.dtype)
        try mask.bernoulli(p: 1 - p, generator: generator)
        let scale: Scalar = input.dtype == .float32 ? .double(Double(1 / Float(1 - p))) : .double(1 / (1 - p))
        let noise = try NDArray.binary(.mul, .array(mask), .scalar(scale))
        return try input.mul(.tensor(Tensor(noise)))
    }
}
