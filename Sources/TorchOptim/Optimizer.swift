import Autograd
import TensorKernels

/// A hyperparameter of a parameter group, as PyTorch keeps them in param_groups.
package enum OptionValue: Equatable {
    case number(Double)
    case integer(Int)
    case flag(Bool)
    case pair(Double, Double)
    case nothing

    package var double: Double {
        switch self {
        case .number(let d): d
        case .integer(let i): Double(i)
        case .flag(let b): b ? 1 : 0
        default: 0
        }
    }
}

/// One parameter group: its tensors and options (lr, momentum, betas, ...), mutable as in PyTorch.
package final class ParamGroup {
    package var params: [Tensor]
    package var options: [(String, OptionValue)]

    package init(params: [Tensor], options: [(String, OptionValue)]) {
        self.params = params
        self.options = options
    }

    package subscript(_ key: String) -> OptionValue {
        get { options.first { $0.0 == key }?.1 ?? .nothing }
        set {
            if let i = options.firstIndex(where: { $0.0 == key }) { options[i].1 = newValue } else { options.append((key, newValue)) }
        }
    }
}

/// The base of torch.optim's optimizers: parameter groups, per-parameter state, zero_grad.
package class Optimizer {
    package let name: String
    package var paramGroups: [ParamGroup]
    /// Per-parameter state (momentum buffers, Adam moments, step counts).
    package var state: [ObjectIdentifier: [String: NDArray]] = [:]
    package var steps: [ObjectIdentifier: Int] = [:]

    init(name: String, groups: [ParamGroup]) throws {
        self.name = name
        paramGroups = groups
        guard groups.contains(where: { !$0.params.isEmpty }) else {
            throw TensorError.value("optimizer got an empty parameter list")
        }
    }

    /// Mirrors Optimizer.zero_grad(set_to_none=True).
    package func zeroGrad(setToNone: Bool = true) throws {
        for group in paramGroups {
            for p in group.params { try p.resetGrad(toNone: setToNone) }
        }
    }

    /// Whether step() ran (a scheduler stepped before its optimizer warns, as PyTorch's does).
    package private(set) var hasStepped = false

    /// Mirrors Optimizer.step(): updates every parameter that has a gradient, under no_grad.
    package func step() throws {
        hasStepped = true
        try GradMode.with(enabled: false) {
            for group in paramGroups {
                for p in group.params {
                    guard let g = p.grad else { continue }
                    try update(p, grad: g.data, group: group)
                }
            }
        }
    }

    func update(_ p: Tensor, grad: NDArray, group: ParamGroup) throws {
        preconditionFailure("subclasses update parameters")
    }

    /// The order PyTorch creates a parameter's buffers in (its state dict lists them so);
    /// names not listed follow in name order.
    var bufferOrder: [String] { [] }

    /// self + alpha * other with one rounding, as PyTorch's vectorized add(alpha=) fuses it.
    static func addScaled(_ a: NDArray, _ b: NDArray, alpha: Double) throws -> NDArray {
        try fused(a, b, alpha) { x, y, s in x.addingProduct(y, s) } double: { x, y, s in x.addingProduct(y, s) }
    }

    /// self += alpha * other in place, rounded as addScaled: one vector loop over the flat
    /// buffers when both are contiguous of one dtype and shape (a parameter and its
    /// gradient), else through a copy.
    static func addScaledInPlace(_ a: NDArray, _ b: NDArray, alpha: Double) throws {
        if a.isContiguous, b.isContiguous, a.dtype == b.dtype, a.shape == b.shape,
           VectorUpdate.axpy(a.baseAddress, b.baseAddress, alpha: alpha, count: a.count, dtype: a.dtype) {
            a.bumpVersion()
            return
        }
        try a.copyFrom(try addScaled(a, b, alpha: alpha))
    }

    /// self + value * t1 * t2, rounded as ATen's addcmul kernel is: (value * t1) * t2 + self with one
    /// fused multiply-add (its `self + value * t1 * t2` is contracted by the compiler).
    static func addcmul(_ s: NDArray, _ t1: NDArray, _ t2: NDArray, value: Double) throws -> NDArray {
        try fused(s, t1, t2, value) { s, a, b, v in s.addingProduct(v * a, b) } double: { s, a, b, v in s.addingProduct(v * a, b) }
    }

    /// self + value * t1 / t2, rounded as ATen's addcdiv kernel does.
    static func addcdiv(_ s: NDArray, _ t1: NDArray, _ t2: NDArray, value: Double) throws -> NDArray {
        try fused(s, t1, t2, value) { s, a, b, v in s + v * a / b } double: { s, a, b, v in s + v * a / b }
    }

    /// self.lerp(end, weight), ATen's formula: from the nearer end, with one fused rounding
    /// (fma(weight - 1, end - self, end) from the far side, as its vector loop computes it).
    static func lerp(_ s: NDArray, _ end: NDArray, weight: Double) throws -> NDArray {
        try fused(s, end, weight) { s, e, w in
            abs(w) < 0.5 ? s.addingProduct(w, e - s) : e.addingProduct(w - 1, e - s)
        } double: { s, e, w in
            abs(w) < 0.5 ? s.addingProduct(w, e - s) : e.addingProduct(w - 1, e - s)
        }
    }

    /// Whether one vector loop can step a parameter: it, its gradient and its state buffers
    /// contiguous, of one shape and dtype (not so after a user assigns a strided .grad).
    /// Never when two of them share memory (`p.grad = p.detach()`): the loop reads each
    /// buffer once per element, where PyTorch's separate ops would see earlier writes.
    static func steppable(_ param: NDArray, _ grad: NDArray, _ buffers: [NDArray?]) -> Bool {
        let all = [param, grad] + buffers.compactMap { $0 }
        guard all.allSatisfy({ $0.isContiguous && $0.dtype == param.dtype && $0.shape == param.shape }) else { return false }
        for i in all.indices {
            for j in all.indices where j > i && all[i].sharesStorage(with: all[j]) { return false }
        }
        return true
    }

    /// Marks a parameter and its state as written in place (autograd's version counters).
    static func bumpVersions(_ param: NDArray, _ buffers: [NDArray?]) {
        param.bumpVersion()
        for buffer in buffers { buffer?.bumpVersion() }
    }

    /// Element-wise f(a, b, c, scalar) in a's dtype for same-shape float arrays.
    static func fused(_ a: NDArray, _ b: NDArray, _ c: NDArray, _ s: Double,
                      float: (Float, Float, Float, Float) -> Float,
                      double: (Double, Double, Double, Double) -> Double) throws -> NDArray {
        let x = a.contiguousCopy()
        let y = try b.expand(a.shape).converted(to: a.dtype), z = try c.expand(a.shape).converted(to: a.dtype)
        switch a.dtype {
        case .float32:
            let p = x.baseAddress.assumingMemoryBound(to: Float.self), q = y.baseAddress.assumingMemoryBound(to: Float.self)
            let r = z.baseAddress.assumingMemoryBound(to: Float.self)
            for i in 0..<x.count { p[i] = float(p[i], q[i], r[i], Float(s)) }
        case .float64:
            let p = x.baseAddress.assumingMemoryBound(to: Double.self), q = y.baseAddress.assumingMemoryBound(to: Double.self)
            let r = z.baseAddress.assumingMemoryBound(to: Double.self)
            for i in 0..<x.count { p[i] = double(p[i], q[i], r[i], s) }
        default:
            throw TensorError.runtime("optimizers need floating-point parameters")
        }
        return x
    }

    /// Element-wise f(a, b, scalar) in a's dtype for same-shape float arrays.
    static func fused(_ a: NDArray, _ b: NDArray, _ s: Double,
                      float: (Float, Float, Float) -> Float, double: (Double, Double, Double) -> Double) throws -> NDArray {
        let x = a.contiguousCopy(), y = try b.expand(a.shape).converted(to: a.dtype)
        switch a.dtype {
        case .float32:
            let p = x.baseAddress.assumingMemoryBound(to: Float.self), q = y.baseAddress.assumingMemoryBound(to: Float.self)
            for i in 0..<x.count { p[i] = float(p[i], q[i], Float(s)) }
        case .float64:
            let p = x.baseAddress.assumingMemoryBound(to: Double.self), q = y.baseAddress.assumingMemoryBound(to: Double.self)
            for i in 0..<x.count { p[i] = double(p[i], q[i], s) }
        default:
            throw TensorError.runtime("optimizers need floating-point parameters")
        }
        return x
    }
}

/// Mirrors torch.optim.SGD (momentum, dampening, weight_decay, nesterov, maximize).
package final class SGD: Optimizer {
    package init(_ groups: [ParamGroup]) throws {
        for g in groups {
            if g["momentum"].double < 0 { throw TensorError.value("Invalid momentum value: \(g["momentum"].double)") }
            if g["nesterov"] == .flag(true) && (g["momentum"].double <= 0 || g["dampening"].double != 0) {
                throw TensorError.value("Nesterov momentum requires a momentum and zero dampening")
            }
        }
        try super.init(name: "SGD", groups: groups)
    }

    override func update(_ p: Tensor, grad: NDArray, group: ParamGroup) throws {
        let lr = group["lr"].double, momentum = group["momentum"].double
        let dampening = group["dampening"].double, weightDecay = group["weight_decay"].double
        let maximize = group["maximize"] == .flag(true), nesterov = group["nesterov"] == .flag(true)
        let id = ObjectIdentifier(p)
        // One pass over the flat buffers once a momentum buffer exists (the first step clones it).
        let buffer = momentum != 0 ? state[id]?["momentum_buffer"] : nil
        if momentum == 0 || buffer != nil, Optimizer.steppable(p.data, grad, [buffer]) {
            let step = VectorUpdate.SGDStep(weight_decay: weightDecay, momentum: momentum, one_minus_dampening: 1 - dampening, neg_lr: -lr,
                               nesterov: nesterov ? 1 : 0, maximize: maximize ? 1 : 0)
            if VectorUpdate.sgdStep(param: p.data.baseAddress, grad: grad.baseAddress, momentumBuffer: buffer?.baseAddress, step,
                                    count: p.data.count, dtype: p.dtype) {
                return Optimizer.bumpVersions(p.data, [buffer])
            }
        }
        var g = maximize ? try grad.unary(.neg) : grad
        if weightDecay != 0 { g = try Optimizer.addScaled(g, p.data, alpha: weightDecay) }
        if momentum != 0 {
            if let buffer {
                let scaled = try NDArray.binary(.mul, .array(buffer), .scalar(.double(momentum)))
                let updated = try Optimizer.addScaled(scaled, g, alpha: 1 - dampening)
                try buffer.copyFrom(updated)
            } else {
                state[id, default: [:]]["momentum_buffer"] = g.contiguousCopy()
            }
            let buffer = state[id]!["momentum_buffer"]!
            g = nesterov ? try Optimizer.addScaled(g, buffer, alpha: momentum) : buffer
        }
        try Optimizer.addScaledInPlace(p.data, g, alpha: -lr)
    }
}

/// Mirrors torch.optim.Adam and AdamW (decoupled weight decay), PyTorch's single-tensor path.
package final class Adam: Optimizer {
    let decoupled: Bool

    package init(_ groups: [ParamGroup], decoupled: Bool) throws {
        self.decoupled = decoupled
        for g in groups {
            if case .pair(let b1, let b2) = g["betas"] {
                if !(0 <= b1 && b1 < 1) { throw TensorError.value("Invalid beta parameter at index 0: \(b1)") }
                if !(0 <= b2 && b2 < 1) { throw TensorError.value("Invalid beta parameter at index 1: \(b2)") }
            }
        }
        try super.init(name: decoupled ? "AdamW" : "Adam", groups: groups)
    }

    override func update(_ p: Tensor, grad: NDArray, group: ParamGroup) throws {
        let lr = group["lr"].double, eps = group["eps"].double, weightDecay = group["weight_decay"].double
        guard case .pair(let beta1, let beta2) = group["betas"] else { return }
        let id = ObjectIdentifier(p)
        var g = group["maximize"] == .flag(true) ? try grad.unary(.neg) : grad
        if state[id] == nil {
            state[id] = ["exp_avg": try NDArray.zeros(p.shape, dtype: p.dtype), "exp_avg_sq": try NDArray.zeros(p.shape, dtype: p.dtype)]
            steps[id] = 0
        }
        steps[id]! += 1
        let step = Double(steps[id]!)
        let biasCorrection1 = 1 - Foundation.pow(beta1, step)
        let biasCorrection2 = 1 - Foundation.pow(beta2, step)
        let stepSize = lr / biasCorrection1
        let correctionSqrt = biasCorrection2.squareRoot()
        let expAvg = state[id]!["exp_avg"]!, expAvgSq = state[id]!["exp_avg_sq"]!
        let amsgrad = group["amsgrad"] == .flag(true)
        // One pass over the flat buffers once amsgrad's maximum exists (the first step copies it).
        let maxExpAvgSq = amsgrad ? state[id]!["max_exp_avg_sq"] : nil
        if !amsgrad || maxExpAvgSq != nil, Optimizer.steppable(p.data, grad, [expAvg, expAvgSq, maxExpAvgSq]) {
            let update = VectorUpdate.AdamStep(param_scale: decoupled && weightDecay != 0 ? 1 - lr * weightDecay : 1,
                                  weight_decay: decoupled ? 0 : weightDecay, one_minus_beta1: 1 - beta1,
                                  beta2: beta2, one_minus_beta2: 1 - beta2, bias_correction2_sqrt: correctionSqrt, eps: eps,
                                  neg_step_size: -stepSize, maximize: group["maximize"] == .flag(true) ? 1 : 0)
            if VectorUpdate.adamStep(param: p.data.baseAddress, grad: grad.baseAddress, expAvg: expAvg.baseAddress,
                                     expAvgSq: expAvgSq.baseAddress, maxExpAvgSq: maxExpAvgSq?.baseAddress, update,
                                     count: p.data.count, dtype: p.dtype) {
                return Optimizer.bumpVersions(p.data, [expAvg, expAvgSq, maxExpAvgSq])
            }
        }
        if decoupled {
            try p.data.copyFrom(try NDArray.binary(.mul, .array(p.data), .scalar(.double(1 - lr * weightDecay))))
        } else if weightDecay != 0 {
            g = try Optimizer.addScaled(g, p.data, alpha: weightDecay)
        }
        // exp_avg.lerp_(grad, 1 - beta1)
        try expAvg.copyFrom(try Optimizer.lerp(expAvg, g, weight: 1 - beta1))
        // exp_avg_sq.mul_(beta2).addcmul_(grad, grad, value=1 - beta2)
        let decayed = try NDArray.binary(.mul, .array(expAvgSq), .scalar(.double(beta2)))
        try expAvgSq.copyFrom(try Optimizer.addcmul(decayed, g, g, value: 1 - beta2))
        // amsgrad: the denominator uses the largest second moment seen so far.
        var secondMoment = expAvgSq
        if amsgrad {
            if let previous = maxExpAvgSq {
                try previous.copyFrom(try NDArray.binary(.maximum, .array(previous), .array(expAvgSq)))
                secondMoment = previous
            } else {
                let first = expAvgSq.contiguousCopy()
                state[id]!["max_exp_avg_sq"] = first
                secondMoment = first
            }
        }
        let denominator = try NDArray.binary(.add, .array(try NDArray.binary(.div, .array(try secondMoment.unary(.sqrt)),
                                                                             .scalar(.double(correctionSqrt)))), .scalar(.double(eps)))
        // param.addcdiv_(exp_avg, denom, value=-step_size)
        try p.data.copyFrom(try Optimizer.addcdiv(p.data, expAvg, denominator, value: -stepSize))
    }
}

import Foundation
