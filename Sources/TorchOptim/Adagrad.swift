import Autograd

/// Mirrors torch.optim.Adagrad (lr_decay, weight_decay, initial_accumulator_value, eps,
/// maximize), PyTorch's single-tensor path. As in PyTorch, each parameter's state (`step`
/// and `sum`) exists from construction, before the first step.
package final class Adagrad: Optimizer {
    package init(_ groups: [ParamGroup]) throws {
        try super.init(name: "Adagrad", groups: groups)
        for group in groups {
            let initial = group["initial_accumulator_value"].double
            for p in group.params {
                state[ObjectIdentifier(p)] = ["sum": try NDArray.full(p.shape, .double(initial), dtype: p.dtype)]
                steps[ObjectIdentifier(p)] = 0
            }
        }
    }

    override func update(_ p: Tensor, grad: NDArray, group: ParamGroup) throws {
        let lr = group["lr"].double, lrDecay = group["lr_decay"].double, eps = group["eps"].double
        let weightDecay = group["weight_decay"].double
        let id = ObjectIdentifier(p)
        if state[id] == nil {  // a group added after construction
            state[id] = ["sum": try NDArray.full(p.shape, .double(group["initial_accumulator_value"].double), dtype: p.dtype)]
            steps[id] = 0
        }
        steps[id]! += 1
        let step = Double(steps[id]!)
        var g = group["maximize"] == .flag(true) ? try grad.unary(.neg) : grad
        if weightDecay != 0 { g = try Optimizer.addScaled(g, p.data, alpha: weightDecay) }
        let clr = lr / (1 + (step - 1) * lrDecay)
        // state_sum.addcmul_(grad, grad, value=1); std = state_sum.sqrt().add_(eps)
        let sum = state[id]!["sum"]!
        try sum.copyFrom(try Optimizer.addcmul(sum, g, g, value: 1))
        let std = try NDArray.binary(.add, .array(try sum.unary(.sqrt)), .scalar(.double(eps)))
        // param.addcdiv_(grad, std, value=-clr)
        try p.data.copyFrom(try Optimizer.addcdiv(p.data, g, std, value: -clr))
    }
}
