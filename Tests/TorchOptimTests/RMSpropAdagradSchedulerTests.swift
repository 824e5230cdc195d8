import Autograd
import TestSupport
import Testing
import TorchOptim

/// RMSprop, Adagrad and the learning-rate schedules against PyTorch 2.15's numbers (float64
/// parameters, so the figures are the algorithms', not a rounding order's).
struct RMSpropAdagradSchedulerTests {
    let grads: [[Double]] = [[0.5, 1], [0.25, -1], [2, 0.5]]

    func run(_ optimizer: Optimizer, _ p: Tensor) throws {
        for g in grads {
            p.grad = Tensor(array(g, dtype: .float64))
            try optimizer.step()
        }
    }

    @Test func rmspropCenteredWithMomentumAndWeightDecay() throws {
        let p = Tensor(array([1, -2], dtype: .float64), requiresGrad: true)
        let rmsprop = try RMSprop([ParamGroup(params: [p], options: [
            ("lr", .number(0.1)), ("alpha", .number(0.9)), ("eps", .number(1e-8)), ("weight_decay", .number(0.01)),
            ("momentum", .number(0.5)), ("centered", .flag(true)), ("maximize", .flag(false)),
        ])])
        try run(rmsprop, p)
        expectClose(p.data, [-0.16214680936622947, -2.3405505445254224], rtol: 1e-14, atol: 1e-14)
        // PyTorch's buffers, in the order it makes them.
        #expect(rmsprop.parameterState(p)?.buffers.map(\.name) == ["square_avg", "momentum_buffer", "grad_avg"])
        #expect(rmsprop.parameterState(p)?.step == 3)
    }

    @Test func adagradWithLearningRateDecayHasStateFromTheStart() throws {
        let q = Tensor(array([1, -2], dtype: .float64), requiresGrad: true)
        let adagrad = try Adagrad([ParamGroup(params: [q], options: [
            ("lr", .number(0.5)), ("lr_decay", .number(0.1)), ("weight_decay", .number(0.1)),
            ("initial_accumulator_value", .number(0.2)), ("eps", .number(1e-10)), ("maximize", .flag(false)),
        ])])
        #expect(adagrad.parameterState(q)?.step == 0)
        expectClose(adagrad.parameterState(q)!.buffers[0].value, [0.2, 0.2], rtol: 0, atol: 0)
        try run(adagrad, q)
        expectClose(q.data, [0.037864986771894094, -2.1481490114810673], rtol: 1e-14, atol: 1e-14)
    }

    func sgd(lr: Double) throws -> SGD {
        let w = Tensor(array([0], dtype: .float32), requiresGrad: true)
        return try SGD([ParamGroup(params: [w], options: [("lr", .number(lr)), ("momentum", .integer(0)), ("dampening", .integer(0)),
                                                          ("weight_decay", .integer(0)), ("nesterov", .flag(false))])])
    }

    func lrs(_ scheduler: LRScheduler, steps: Int) throws -> [Double] {
        try (0..<steps).map { _ in
            try scheduler.optimizer.step()
            #expect(try scheduler.step() == nil)
            return scheduler.lastLR[0].double
        }
    }

    @Test func cosineAnnealingFollowsPyTorchsRecursiveFormulaPastTMax() throws {
        let optimizer = try sgd(lr: 0.1)
        let cosine = try LRScheduler(optimizer, .cosine(tMax: 3, etaMin: 0.01))
        #expect(optimizer.paramGroups[0]["initial_lr"] == .number(0.1))
        // Bit for bit what PyTorch prints, rounding of the recursion included.
        #expect(try lrs(cosine, steps: 8) == [0.0775, 0.032500000000000015, 0.01, 0.0325, 0.07750000000000005,
                                             0.10000000000000007, 0.07750000000000007, 0.03250000000000006])
    }

    @Test func stepAndMultiStepSchedules() throws {
        let multi = try LRScheduler(try sgd(lr: 1), .multiStep(milestones: [2: 1, 4: 2], gamma: 0.5))
        #expect(try lrs(multi, steps: 6) == [1, 0.5, 0.5, 0.125, 0.125, 0.125])
        let step = try LRScheduler(try sgd(lr: 0.1), .step(size: 2, gamma: 0.1))
        #expect(try lrs(step, steps: 4) == [0.1, 0.010000000000000002, 0.010000000000000002, 0.0010000000000000002])
    }

    @Test func schedulerStepBeforeTheOptimizerWarnsAndResumingNeedsInitialLR() throws {
        let scheduler = try LRScheduler(try sgd(lr: 0.1), .exponential(gamma: 0.5))
        #expect(try scheduler.step()?.hasPrefix("Detected call of `lr_scheduler.step()` before `optimizer.step()`") == true)
        #expect(throws: TensorError.self) { _ = try LRScheduler(try sgd(lr: 0.1), .exponential(gamma: 0.5), lastEpoch: 3) }
    }
}
