import Autograd
import TestSupport
import Testing
import TorchOptim

/// The optimizers' updates by PyTorch's algorithms (torch/optim/sgd.py, adam.py), in float64,
/// and their state dicts.
struct OptimizerTests {
    func parameter(_ values: [Double]) -> Tensor { Tensor(array(values, dtype: .float64), requiresGrad: true) }

    func step(_ optimizer: Optimizer, _ p: Tensor, grads: [[Double]]) throws {
        for g in grads {
            p.grad = Tensor(array(g, dtype: .float64))
            try optimizer.step()
        }
    }

    @Test func sgdWithMomentumDampeningNesterovAndWeightDecay() throws {
        let p = parameter([1, -2])
        let sgd = try SGD([ParamGroup(params: [p], options: [("lr", .number(0.1)), ("momentum", .number(0.9)), ("dampening", .integer(0)),
                                                              ("weight_decay", .number(0.01)), ("nesterov", .flag(true)), ("maximize", .flag(false))])])
        try step(sgd, p, grads: [[0.5, 1], [0.25, -1]])
        // By hand: g1 = g + wd p; buf = g1; g = g1 + 0.9 buf; p -= lr g; then again with buf = 0.9 buf + g1.
        var x = [1.0, -2.0], buffer = [0.0, 0.0]
        for (k, grad) in [[0.5, 1], [0.25, -1]].enumerated() {
            for j in 0..<2 {
                let g1 = grad[j] + 0.01 * x[j]
                buffer[j] = k == 0 ? g1 : 0.9 * buffer[j] + g1
                x[j] -= 0.1 * (g1 + 0.9 * buffer[j])
            }
        }
        expectClose(p.data, x, rtol: 1e-12, atol: 1e-12)
        #expect(throws: TensorError.self) {
            _ = try SGD([ParamGroup(params: [p], options: [("lr", .number(0.1)), ("momentum", .integer(0)), ("dampening", .integer(0)), ("nesterov", .flag(true))])])
        }
    }

    @Test func adamFirstStepMovesByLearningRateAndAdamWDecaysFirst() throws {
        let options: [(String, OptionValue)] = [("lr", .number(0.1)), ("betas", .pair(0.9, 0.999)), ("eps", .number(1e-8)),
                                                ("weight_decay", .number(0.1)), ("amsgrad", .flag(false)), ("maximize", .flag(false))]
        let p = parameter([1, -2])
        try step(try Adam([ParamGroup(params: [p], options: options)], decoupled: false), p, grads: [[0.5, -4]])
        // Step 1: the bias-corrected moments make the update lr * g / (|g| + eps) of g + wd p.
        expectClose(p.data, [1 - 0.1, -2 + 0.1], rtol: 1e-7, atol: 1e-7)
        let q = parameter([1, -2])
        try step(try Adam([ParamGroup(params: [q], options: options)], decoupled: true), q, grads: [[0.5, -4]])
        expectClose(q.data, [1 * (1 - 0.01) - 0.1, -2 * (1 - 0.01) + 0.1], rtol: 1e-7, atol: 1e-7)
    }

    @Test func amsgradKeepsTheLargestSecondMoment() throws {
        var options: [(String, OptionValue)] = [("lr", .number(0.1)), ("betas", .pair(0.9, 0.999)), ("eps", .number(1e-8)),
                                                ("weight_decay", .integer(0)), ("amsgrad", .flag(true)), ("maximize", .flag(false))]
        let p = parameter([1])
        try step(try Adam([ParamGroup(params: [p], options: options)], decoupled: false), p, grads: [[10], [0.1], [0.1]])
        expectClose(p.data, [0.7793259019526888], rtol: 1e-12, atol: 1e-12)
        options[4] = ("amsgrad", .flag(false))
        let q = parameter([1])
        try step(try Adam([ParamGroup(params: [q], options: options)], decoupled: false), q, grads: [[10], [0.1], [0.1]])
        expectClose(q.data, [0.7792477065382579], rtol: 1e-12, atol: 1e-12)
    }

    @Test func stateDictsRoundTripAndRefuseAMismatch() throws {
        let p = parameter([1, 2]), q = parameter([3])
        let options: [(String, OptionValue)] = [("lr", .number(0.1)), ("momentum", .number(0.9)), ("dampening", .integer(0))]
        let sgd = try SGD([ParamGroup(params: [p, q], options: options)])
        p.grad = Tensor(array([1, 1], dtype: .float64))
        try sgd.step()
        let saved = sgd.stateDict()
        #expect(saved.groups.map(\.params) == [[0, 1]] && saved.state.map(\.index) == [0])
        #expect(saved.state[0].state.buffers.map(\.name) == ["momentum_buffer"])
        let fresh = try SGD([ParamGroup(params: [parameter([0, 0]), parameter([0])], options: options)])
        try fresh.loadStateDict(saved)
        #expect(values(fresh.stateDict().state[0].state.buffers[0].value) == [1, 1])
        let other = try SGD([ParamGroup(params: [parameter([0, 0])], options: options)])
        expectTensorError(.valueError, "loaded state dict contains a parameter group that doesn't match the size of optimizer's group") {
            try other.loadStateDict(saved)
        }
    }
}
