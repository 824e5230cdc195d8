import Autograd
import TensorKernels

/// Mirrors torch.optim.RMSprop (alpha, eps, weight_decay, momentum, centered, maximize),
/// PyTorch's single-tensor path, each step in ATen's order of float operations.
package final class RMSprop: Optimizer {
    package init(_ groups: [ParamGroup]) throws {
        try super.init(name: "RMSprop", groups: groups)
    }

    override var bufferOrder: [String] { ["square_avg", "momentum_buffer", "grad_avg"] }

    override func update(_ p: Tensor, grad: NDArray, group: ParamGroup) throws {
        let lr = group["lr"].double, alpha = group["alpha"].double, eps = group["eps"].double
        let weightDecay = group["weight_decay"].double, momentum = group["momentum"].double
        let centered = group["centered"] == .flag(true)
        let id = ObjectIdentifier(p)
        if state[id] == nil {
            var buffers = ["square_avg": try NDArray.zeros(p.shape, dtype: p.dtype)]
            if momentum > 0 { buffers["momentum_buffer"] = try NDArray.zeros(p.shape, dtype: p.dtype) }
            if centered { buffers["grad_avg"] = try NDArray.zeros(p.shape, dtype: p.dtype) }
            state[id] = buffers
            steps[id] = 0
        }
        steps[id]! += 1
        let buffers = state[id]!
        let squareAvg = buffers["square_avg"]!, gradAvg = centered ? buffers["grad_avg"] : nil
        let momentumBuffer = momentum > 0 ? buffers["momentum_buffer"] : nil
        if Optimizer.steppable(p.data, grad, [squareAvg, gradAvg, momentumBuffer]) {
            let step = VectorUpdate.RMSpropStep(weight_decay: weightDecay, alpha: alpha, one_minus_alpha: 1 - alpha, eps: eps,
                                                momentum: momentum, neg_lr: -lr, maximize: group["maximize"] == .flag(true) ? 1 : 0)
            if VectorUpdate.rmspropStep(param: p.data.baseAddress, grad: grad.baseAddress, squareAvg: squareAvg.baseAddress,
                                        gradAvg: gradAvg?.baseAddress, momentumBuffer: momentumBuffer?.baseAddress, step,
                                        count: p.data.count, dtype: p.dtype) {
                return Optimizer.bumpVersions(p.data, [squareAvg, gradAvg, momentumBuffer])
            }
        }
        var g = group["maximize"] == .flag(true) ? try grad.unary(.neg) : grad
        if weightDecay != 0 { g = try Optimizer.addScaled(g, p.data, alpha: weightDecay) }
        // square_avg.mul_(alpha).addcmul_(grad, grad, value=1 - alpha)
        try squareAvg.copyFrom(try Optimizer.addcmul(try NDArray.binary(.mul, .array(squareAvg), .scalar(.double(alpha))), g, g,
                                                     value: 1 - alpha))
        var avg: NDArray
        if let gradAvg {
            // grad_avg.lerp_(grad, 1 - alpha); avg = square_avg.addcmul(grad_avg, grad_avg, value=-1).sqrt_()
            try gradAvg.copyFrom(try Optimizer.lerp(gradAvg, g, weight: 1 - alpha))
            avg = try Optimizer.addcmul(squareAvg, gradAvg, gradAvg, value: -1).unary(.sqrt)
        } else {
            avg = try squareAvg.unary(.sqrt)
        }
        avg = try NDArray.binary(.add, .array(avg), .scalar(.double(eps)))
        if let buffer = momentumBuffer {
            // buf.mul_(momentum).addcdiv_(grad, avg); param.add_(buf, alpha=-lr)
            let decayed = try NDArray.binary(.mul, .array(buffer), .scalar(.double(momentum)))
            try buffer.copyFrom(try Optimizer.addcdiv(decayed, g, avg, value: 1))
            try p.data.copyFrom(try Optimizer.addScaled(p.data, buffer, alpha: -lr))
        } else {
            // param.addcdiv_(grad, avg, value=-lr)
            try p.data.copyFrom(try Optimizer.addcdiv(p.data, g, avg, value: -lr))
        }
    }
}
