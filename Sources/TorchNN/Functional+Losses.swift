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
    /// Mirrors F.binary_cross_entropy_with_logits(input, target, weight=None, reduction='mean',
    /// pos_weight=None): BinaryCrossEntropyWithLogitsBackward0 with slots (input, target),
    /// computed stably; `weight` scales each element's loss, `pos_weight` the positive term.
    package static func binaryCrossEntropyWithLogits(_ input: Tensor, _ target: Tensor, weight: Tensor? = nil,
                                                     posWeight: Tensor? = nil, reduction: Reduction = .mean) throws -> Tensor {
        guard input.shape == target.shape else {
            throw TensorError.value(
                "Target size (torch.Size(\(shapeText(target.shape)))) must be the same as input size (torch.Size(\(shapeText(input.shape))))")
        }
        let x = input.data, y = target.data.to(input.dtype)
        // softplus(-x) = max(-x, 0) + log(exp(-max) + exp(-x - max)), then
        // (1 - y) * x + log_weight * softplus(-x), log_weight = 1 + (pos_weight - 1) * y.
        let negX = try x.unary(.neg)
        let maxValue = try negX.clamp(min: .int(0), max: nil)
        let logTerm = try NDArray.binary(.add, .array(try NDArray.binary(.sub, .array(negX), .array(maxValue)).unary(.exp)),
                                         .array(try (try maxValue.unary(.neg)).unary(.exp))).unary(.log)
        let oneMinusY = try NDArray.binary(.sub, .scalar(.int(1)), .array(y))
        let linear = try NDArray.binary(.mul, .array(oneMinusY), .array(x))
        var loss: NDArray
        if let posWeight {
            let logWeight = try NDArray.binary(.add, .array(try NDArray.binary(.mul, .array(try NDArray.binary(.sub, .array(posWeight.data), .scalar(.int(1)))), .array(y))), .scalar(.int(1)))
            let softplus = try NDArray.binary(.add, .array(maxValue), .array(logTerm))
            loss = try NDArray.binary(.add, .array(linear), .array(try NDArray.binary(.mul, .array(softplus), .array(logWeight))))
        } else {
            // ((1 - y) * x + max) + log(...): the order of additions of the unweighted form.
            loss = try NDArray.binary(.add, .array(try NDArray.binary(.add, .array(linear), .array(maxValue))), .array(logTerm))
        }
        if let weight { loss = try NDArray.binary(.mul, .array(loss), .array(weight.data)) }
        let shape = input.shape
        var save = [SavedArray(input), SavedArray(target)], names = ["_saved_self", "_saved_target"]
        if let weight { save.append(SavedArray(weight)); names.append("_saved_weight") }
        if let posWeight { save.append(SavedArray(posWeight)); names.append("_saved_pos_weight") }
        let weightAt = weight == nil ? -1 : 2, posAt = posWeight == nil ? -1 : (weight == nil ? 2 : 3)
        let mean = reduction == .mean ? " / self.numel()" : ""
        let scale = weight == nil ? "" : " * weight"
        let rule = posWeight == nil
            ? "grad_self = grad * (sigmoid(self) - target)\(scale)\(mean); grad_target = -grad * self\(scale)\(mean)"
            : "grad_self = grad * ((pos_weight * target + 1 - target) * sigmoid(self) - pos_weight * target)\(scale)\(mean); grad_target = grad * (log_sigmoid(-self) - pos_weight * log_sigmoid(self))\(scale)\(mean)"
        return Tensor.make("BinaryCrossEntropyWithLogitsBackward0", [input, target], try reduction.apply(loss),
                           save: save, savedNames: names, attributes: [("_saved_reduction", .int(reduction.code))],
                           rule: rule) { ctx in
            var g = try reduction.expand(try ctx.grad(), to: shape)
            if weightAt >= 0 { g = try g.mul(.tensor(ctx.saved[weightAt])) }
            let x = ctx.saved[0], t = ctx.saved[1].to(x.dtype)
            var inputGrad: Tensor
            if posAt >= 0 {
                let pt = try ctx.saved[posAt].mul(.tensor(t))
                inputGrad = try (try (try (try pt.add(.scalar(.int(1)))).sub(.tensor(t))).mul(.tensor(try x.unary(.sigmoid)))).sub(.tensor(pt))
            } else {
                inputGrad = try (try x.unary(.sigmoid)).sub(.tensor(t))
            }
            inputGrad = try inputGrad.mul(.tensor(g))
            var targetGrad: Tensor?
            if ctx.needs(1) {
                if posAt >= 0 {
                    let term = try (try logSigmoid(try x.neg())).sub(.tensor(try (try logSigmoid(x)).mul(.tensor(ctx.saved[posAt]))))
                    targetGrad = try term.mul(.tensor(g))
                } else {
                    targetGrad = try (try x.neg()).mul(.tensor(g))
                }
            }
            return [inputGrad, targetGrad]
        }
    }

    /// log(sigmoid(x)) = -(max(-x, 0) + log1p(exp(-|x|))), with tensor ops (differentiable).
    static func logSigmoid(_ x: Tensor) throws -> Tensor {
        let softplus = try (try (try x.neg()).clamp(min: .int(0), max: nil)).add(.tensor(try (try (try (try x.unary(.abs)).neg()).unary(.exp)).unary(.log1p)))
        return try softplus.neg()
    }

    static func shapeText(_ s: [Int]) -> String { "[" + s.map(String.init).joined(separator: ", ") + "]" }
}

extension Functional {
    /// Mirrors F.nll_loss(input, target, weight=None, ignore_index=-100, reduction='mean'):
    /// NllLossBackward0 with one slot (the target is data, not an input of the graph). Each
    /// row's loss is scaled by its class's weight; the mean divides by the weights' sum.
    package static func nllLoss(_ input: Tensor, _ target: Tensor, weight: Tensor? = nil, reduction: Reduction = .mean,
                                ignoreIndex: Int64 = -100) throws -> Tensor {
        guard target.dtype == .int64 else {
            throw TensorError.runtime("expected scalar type Long but found \(target.dtype.scalarTypeName)")
        }
        let batched = input.rank >= 2
        guard input.rank >= 1 else { throw TensorError.index("Dimension out of range (expected to be in range of [-1, 0], but got 1)") }
        let x = batched ? input.data : try input.data.unsqueeze(0)
        let t = batched ? target.data : try target.data.unsqueeze(0)
        guard x.rank == 2 else {
            throw TensorError.notImplemented("nll_loss of a \(input.rank)-D input (K-dimensional loss) is not supported by tsh yet")
        }
        guard x.shape[0] == t.shape.first ?? 1, t.rank <= 1 else {
            throw TensorError.value("Expected input batch_size (\(x.shape[0])) to match target batch_size (\(t.shape.first ?? 1)).")
        }
        let classes = x.shape[1], n = x.shape[0]
        if let weight, weight.shape != [classes] {
            throw TensorError.runtime("weight tensor should be defined either for all \(classes) classes or no classes but got weight tensor of shape: \(shapeText(weight.shape))")
        }
        let labels = t.contiguousCopy().scalars.map(\.int64Value)
        for label in labels where label != ignoreIndex && (label < 0 || label >= classes) {
            throw TensorError.index("Target \(label) is out of bounds.")
        }
        let classWeights = weight.map { $0.data.contiguousCopy().scalars.map(\.doubleValue) }
        let rowWeights = labels.map { $0 == ignoreIndex ? 0.0 : (classWeights?[Int($0)] ?? 1.0) }
        // The picked log-probabilities, negated and weighted; ignored rows contribute zero.
        var picked = [Scalar](repeating: .double(0), count: n)
        for i in 0..<n where labels[i] != ignoreIndex {
            picked[i] = .double(-x.scalar(at: [i, Int(labels[i])]).doubleValue * rowWeights[i])
        }
        let losses = NDArray(values: picked, shape: batched ? [n] : [], dtype: input.dtype)
        let totalWeight = rowWeights.reduce(0, +)
        let result: NDArray
        switch reduction {
        case .none: result = losses
        case .sum: result = try losses.sum()
        case .mean: result = try NDArray.binary(.div, .array(try losses.sum()), .scalar(.double(totalWeight)))
        }
        let shape = input.shape
        let scaled = weight == nil ? "" : " * weight[target[i]]"
        let rule: String
        switch reduction {
        case .none: rule = "grad_self = zeros(self.sizes()) with -grad[i]\(scaled) at [i, target[i]] where target[i] != ignore_index"
        case .sum: rule = "grad_self = zeros(self.sizes()) with -grad\(scaled) at [i, target[i]] where target[i] != ignore_index"
        case .mean: rule = weight == nil
            ? "grad_self = zeros(self.sizes()) with -grad / (target != ignore_index).sum() at [i, target[i]] where target[i] != ignore_index"
            : "grad_self = zeros(self.sizes()) with -grad * weight[target[i]] / total_weight at [i, target[i]] where target[i] != ignore_index"
        }
        // Per row: the picked class (0 for an ignored row) and its weight (0 when ignored).
        let picks = NDArray(values: labels.map { .int($0 == ignoreIndex ? 0 : $0) }, shape: [n, 1], dtype: .int64)
        let weights = NDArray(values: rowWeights.map { .double($0) }, shape: [n, 1], dtype: input.dtype)
        var attributes: [(name: String, value: SavedAttribute)] = [("_saved_ignore_index", .int(Int(ignoreIndex))), ("_saved_reduction", .int(reduction.code))]
        if weight == nil { attributes.append(("_saved_weight", .none)) }
        var save = [SavedArray(target)], names = ["_saved_target"]
        if let weight { save.append(SavedArray(weight)); names.append("_saved_weight") }
        save.append(SavedArray(NDArray(values: [.double(totalWeight)], shape: [], dtype: input.dtype)))
        names.append("_saved_total_weight")
        return Tensor.make("NllLossBackward0", [input], result, save: save, savedNames: names, attributes: attributes, rule: rule) { ctx in
            // -grad (per row, or shared), times each row's weight, placed at each row's class.
            var upstream = try (try ctx.grad()).neg()
            if reduction == .mean { upstream = try upstream.div(.scalar(.double(totalWeight))) }
            upstream = try (reduction == .none && batched ? try upstream.unsqueeze(1) : try upstream.reshape([1, 1])).expand([n, 1])
            let rows = try upstream.mul(.tensor(Tensor(weights)))
            let grad = try Tensor.scatterIntoZeros(rows, indices: picks, dim: 1, keepdim: true, shape: batched ? shape : [1] + shape)
            return [batched ? grad : try grad.squeeze([0])]
        }
    }

    /// Mirrors F.cross_entropy(input, target, weight=None, ignore_index=-100, reduction='mean',
    /// label_smoothing=0.0): NllLossBackward0 over LogSoftmaxBackward0 for class indices
    /// (with label smoothing, PyTorch's sum of the two terms); for class probabilities the
    /// composed DivBackward1 ← NegBackward0 ← SumBackward0 ← MulBackward0 chain.
    package static func crossEntropy(_ input: Tensor, _ target: Tensor, weight: Tensor? = nil, reduction: Reduction = .mean,
                                     ignoreIndex: Int64 = -100, labelSmoothing: Double = 0) throws -> Tensor {
        guard labelSmoothing >= 0 && labelSmoothing <= 1 else {
            throw TensorError.runtime("label_smoothing must be between 0.0 and 1.0. Got: \(labelSmoothing)")
        }
        let classDim = input.rank >= 2 ? 1 : 0
        let classes = input.rank == 0 ? 1 : input.shape[classDim]
        let logProbabilities = try input.softmax(dim: classDim, log: true)
        // The class weights shaped to broadcast along the class dimension.
        func weightView() throws -> Tensor? {
            guard let weight else { return nil }
            var shape = [Int](repeating: 1, count: input.rank)
            shape[classDim] = classes
            return try weight.view(shape)
        }
        if target.dtype.isFloatingPoint && target.shape == input.shape {
            guard ignoreIndex < 0 else { throw TensorError.runtime("ignore_index is not supported for floating point target") }
            var probabilities = target
            if labelSmoothing > 0 {
                probabilities = try (try target.mul(.scalar(.double(1 - labelSmoothing)))).add(.scalar(.double(labelSmoothing / Double(classes))))
            }
            var weighted = try logProbabilities.mul(.tensor(probabilities))
            if let w = try weightView() { weighted = try weighted.mul(.tensor(w)) }
            switch reduction {
            case .none: return try weighted.sum(dims: [classDim]).neg()
            case .sum: return try weighted.sum().neg()
            case .mean:
                let batch = input.rank >= 2 ? input.count / classes : 1
                return try weighted.sum().neg().divByNumber(Double(batch))
            }
        }
        guard target.dtype == .int64 else {
            throw TensorError.runtime("expected target dtype to be Long or Byte, but got \(target.dtype.scalarTypeName)")
        }
        let nll = try nllLoss(logProbabilities, target, weight: weight, reduction: reduction, ignoreIndex: ignoreIndex)
        guard labelSmoothing > 0 else { return nll }
        // PyTorch's smoothing term: -Σ_c w_c log p_c per row, ignored rows zeroed, reduced
        // as nll_loss reduces (the mean over the weights of the targets that count).
        var perClass = logProbabilities
        if let w = try weightView() { perClass = try perClass.mul(.tensor(w)) }
        let ignored = try target.compare(.eq, .scalar(.int(ignoreIndex)))
        let smooth = try (try (try perClass.sum(dims: [classDim])).neg()).maskedFill(ignored, .int(0))
        let reduced: Tensor
        switch reduction {
        case .none: reduced = smooth
        case .sum: reduced = try smooth.sum()
        case .mean:
            let kept = target.data.contiguousCopy().scalars.map(\.int64Value).filter { $0 != ignoreIndex }
            let classWeights = weight.map { $0.data.contiguousCopy().scalars.map(\.doubleValue) }
            let denominator = classWeights.map { w in kept.reduce(0.0) { $0 + w[Int($1)] } } ?? Double(kept.count)
            reduced = try (try smooth.sum()).div(.scalar(.double(denominator)))
        }
        return try (try nll.mul(.scalar(.double(1 - labelSmoothing)))).add(.tensor(try reduced.mul(.scalar(.double(labelSmoothing / Double(classes))))))
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

    /// Mirrors F.binary_cross_entropy(input, target, weight=None, reduction='mean'): the logs
    /// are clamped at -100 as PyTorch does; BinaryCrossEntropyBackward0 with slots (input, target).
    package static func binaryCrossEntropy(_ input: Tensor, _ target: Tensor, weight: Tensor? = nil,
                                           reduction: Reduction = .mean) throws -> Tensor {
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
        var loss = try NDArray.binary(.add, .array(positive), .array(negative)).unary(.neg)
        if let weight { loss = try NDArray.binary(.mul, .array(loss), .array(weight.data)) }
        let shape = input.shape
        var save = [SavedArray(input), SavedArray(target)], names = ["_saved_self", "_saved_target"]
        if let weight { save.append(SavedArray(weight)); names.append("_saved_weight") }
        return Tensor.make("BinaryCrossEntropyBackward0", [input, target], try reduction.apply(loss),
                           save: save, savedNames: names,
                           attributes: [("_saved_reduction", .int(reduction.code))],
                           rule: reduction == .mean
                               ? "grad_self = grad * (self - target) / clamp_min(self * (1 - self), 1e-12) / self.numel(); grad_target = None (not computed)"
                               : "grad_self = grad * (self - target) / clamp_min(self * (1 - self), 1e-12); grad_target = None (not computed)") { ctx in
            let g = try reduction.expand(try ctx.grad(), to: shape)
            let p = ctx.saved[0], t = ctx.saved[1].to(ctx.saved[0].dtype)
            let denominator = try (try p.mul(.tensor(try p.rsub(.int(1))))).clamp(min: .double(1e-12), max: nil)
            var grad = try (try (try p.sub(.tensor(t))).mul(.tensor(g))).div(.tensor(denominator))
            if ctx.saved.count > 2 { grad = try grad.mul(.tensor(ctx.saved[2])) }
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
