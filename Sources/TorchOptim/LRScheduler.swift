import Autograd
import Foundation

/// Mirrors torch.optim.lr_scheduler's LRScheduler and the common schedules, with PyTorch's
/// recursive `get_lr` (each step from the group's current lr, not a closed form), so the
/// learning rates carry the same rounding as PyTorch's Python floats.
package final class LRScheduler {
    package enum Schedule {
        /// StepLR: multiply by gamma every `size` epochs.
        case step(size: Int, gamma: Double)
        /// MultiStepLR: multiply by gamma (to the milestone's multiplicity) at each milestone.
        case multiStep(milestones: [Int: Int], gamma: Double)
        /// ExponentialLR: multiply by gamma every epoch.
        case exponential(gamma: Double)
        /// CosineAnnealingLR: half a cosine from the base lr down to eta_min over T_max epochs.
        case cosine(tMax: Int, etaMin: Double)
        /// LambdaLR: the base lr times a factor of the epoch, one function per group.
        case lambda([(Int) throws -> Double])
    }

    package let optimizer: Optimizer
    package let schedule: Schedule
    /// Each group's `initial_lr` as given (an int stays an int, as in Python).
    package var baseLRs: [OptionValue]
    package var lastEpoch: Int
    package var stepCount = 0
    package var lastLR: [OptionValue] = []
    private var isInitial = false

    /// Sets each group's `initial_lr` (a fresh start) or requires it (a resumed one), then
    /// takes the initial step, as PyTorch's constructor does.
    package init(_ optimizer: Optimizer, _ schedule: Schedule, lastEpoch: Int = -1) throws {
        self.optimizer = optimizer
        self.schedule = schedule
        if case .lambda(let functions) = schedule, functions.count != optimizer.paramGroups.count {
            throw TensorError.value("Expected \(optimizer.paramGroups.count) lr_lambdas, but got \(functions.count)")
        }
        if lastEpoch == -1 {
            for group in optimizer.paramGroups where group["initial_lr"] == .nothing { group["initial_lr"] = group["lr"] }
        } else if let i = optimizer.paramGroups.firstIndex(where: { $0["initial_lr"] == .nothing }) {
            // KeyError shows its message's repr: in double quotes (it holds single ones), \n escaped.
            throw TensorError.key("\"param 'initial_lr' is not specified in param_groups[\(i)] when resuming scheduler with last_epoch >= 0.\\nThis typically happens when:\\n1. You're trying to resume training from a checkpoint but haven't properly loaded the optimizer state\\n2. You're using last_epoch >= 0 for a fresh training run (not recommended)\"")
        }
        baseLRs = optimizer.paramGroups.map { $0["initial_lr"] }
        self.lastEpoch = lastEpoch
        isInitial = true
        defer { isInitial = false }
        _ = try step()
    }

    /// Mirrors scheduler.step(): the next epoch's learning rates into the groups. Returns
    /// PyTorch's warning when the optimizer has not stepped yet at the first call.
    package func step() throws -> String? {
        var warning: String?
        if stepCount == 1 && !optimizer.hasStepped {
            warning = "Detected call of `lr_scheduler.step()` before `optimizer.step()`. In PyTorch 1.1.0 and later, you should call them in the opposite order: `optimizer.step()` before `lr_scheduler.step()`.  Failure to do this will result in PyTorch skipping the first value of the learning rate schedule. See more details at https://pytorch.org/docs/stable/optim.html#how-to-adjust-learning-rate"
        }
        stepCount += 1
        lastEpoch += 1
        let values = try nextLRs()
        for (group, lr) in zip(optimizer.paramGroups, values) { group["lr"] = lr }
        lastLR = optimizer.paramGroups.map { $0["lr"] }
        return warning
    }

    private func nextLRs() throws -> [OptionValue] {
        let groups = optimizer.paramGroups
        let current = groups.map { $0["lr"] }
        switch schedule {
        case .step(let size, let gamma):
            if lastEpoch == 0 || size == 0 || lastEpoch % size != 0 {
                if size == 0 && lastEpoch != 0 { throw TensorError(.zeroDivisionError, "integer modulo by zero") }
                return current
            }
            return current.map { .number($0.double * gamma) }
        case .multiStep(let milestones, let gamma):
            guard let count = milestones[lastEpoch] else { return current }
            return current.map { .number($0.double * Foundation.pow(gamma, Double(count))) }
        case .exponential(let gamma):
            if isInitial { return current }
            return current.map { .number($0.double * gamma) }
        case .cosine(let tMax, let etaMin):
            if isInitial { return current }
            guard tMax != 0 else { throw TensorError(.zeroDivisionError, "float division by zero") }
            let t = Double(tMax), epoch = Double(lastEpoch)
            if stepCount == 1 && lastEpoch > 0 {
                return baseLRs.map { .number(etaMin + ($0.double - etaMin) * (1 + cos(epoch * Double.pi / t)) / 2) }
            }
            if (lastEpoch - 1 - tMax).pythonModulo(2 * tMax) == 0 {
                return zip(baseLRs, current).map { base, lr in .number(lr.double + (base.double - etaMin) * (1 - cos(Double.pi / t)) / 2) }
            }
            return current.map { lr in
                .number((1 + cos(Double.pi * epoch / t)) / (1 + cos(Double.pi * (epoch - 1) / t)) * (lr.double - etaMin) + etaMin)
            }
        case .lambda(let functions):
            return try zip(functions, baseLRs).map { f, base in .number(base.double * (try f(lastEpoch))) }
        }
    }
}

extension Int {
    /// Python's `%`: the result takes the divisor's sign.
    fileprivate func pythonModulo(_ m: Int) -> Int {
        let r = self % m
        return r != 0 && (r < 0) != (m < 0) ? r + m : r
    }
}
