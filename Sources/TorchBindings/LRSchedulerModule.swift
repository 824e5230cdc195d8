import Autograd
import Interpreter
import PythonSyntax
import TorchOptim

/// torch.optim.lr_scheduler: StepLR, MultiStepLR, ExponentialLR, CosineAnnealingLR, LambdaLR.
enum LRSchedulerModule {
    static func make() -> ModuleObject {
        let m = ModuleObject(name: "torch.optim.lr_scheduler")
        func add(_ name: String, _ spec: String, _ schedule: @escaping (BoundArguments, Interpreter) throws -> LRScheduler.Schedule) {
            m.attributes[name] = .object(SchedulerClass(name, Signature(name, spec), schedule))
        }
        add("StepLR", "optimizer, step_size, gamma=0.1, last_epoch=-1") { b, i in
            .step(size: try b.requiredInt("step_size", i), gamma: try number(b, "gamma", 0.1, i))
        }
        add("MultiStepLR", "optimizer, milestones, gamma=0.1, last_epoch=-1") { b, i in
            var counts: [Int: Int] = [:]
            for v in try i.materialize(b.required("milestones")) {
                guard let epoch = try i.asIndex(v) else { throw PyError.type("milestones must be ints, not \(i.typeName(v))") }
                counts[epoch, default: 0] += 1
            }
            return .multiStep(milestones: counts, gamma: try number(b, "gamma", 0.1, i))
        }
        add("ExponentialLR", "optimizer, gamma, last_epoch=-1") { b, i in .exponential(gamma: try b.requiredDouble("gamma", i)) }
        add("CosineAnnealingLR", "optimizer, T_max, eta_min=0.0, last_epoch=-1") { b, i in
            .cosine(tMax: try b.requiredInt("T_max", i), etaMin: try number(b, "eta_min", 0, i))
        }
        add("LambdaLR", "optimizer, lr_lambda, last_epoch=-1") { b, i in
            let given = b.required("lr_lambda")
            let functions: [Value]
            switch given {
            case .list(let l): functions = l.items
            case .tuple(let t): functions = t
            default:
                guard case .object(let o as OptimizerObject) = b.required("optimizer") else { functions = [given]; break }
                functions = Array(repeating: given, count: o.optimizer.paramGroups.count)
            }
            return .lambda(functions.map { f in { epoch in try i.float(try i.call(f, Arguments([.int(epoch)]))) } })
        }
        return m
    }

    /// An optional float argument: its default when not given.
    private static func number(_ b: BoundArguments, _ name: String, _ fallback: Double, _ interp: Interpreter) throws -> Double {
        b.given(name) == nil ? fallback : try b.requiredDouble(name, interp)
    }
}

/// A scheduler class: `StepLR(optimizer, step_size=2)`.
final class SchedulerClass: PyObject {
    let name: String
    let signature: Signature
    let schedule: (BoundArguments, Interpreter) throws -> LRScheduler.Schedule

    init(_ name: String, _ signature: Signature, _ schedule: @escaping (BoundArguments, Interpreter) throws -> LRScheduler.Schedule) {
        self.name = name
        self.signature = signature
        self.schedule = schedule
    }

    var typeName: String { "type" }
    func repr(_ interp: Interpreter) throws -> String { "<class 'torch.optim.lr_scheduler.\(name)'>" }
    func getAttribute(_ n: String, _ interp: Interpreter) throws -> Value? { n == "__name__" ? .string(name) : nil }

    func call(_ args: Arguments, _ interp: Interpreter) throws -> Value? {
        try signature.call(args, interp) { b in
            let given = b.required("optimizer")
            guard case .object(let o as OptimizerObject) = given else {
                throw PyError.type("\(interp.typeName(given)) is not an Optimizer")
            }
            let schedule = try self.schedule(b, interp)
            let lastEpoch = b.given("last_epoch") == nil ? -1 : try b.requiredInt("last_epoch", interp)
            return .object(SchedulerObject(name, optimizer: o, arguments: b.values, try LRScheduler(o.optimizer, schedule, lastEpoch: lastEpoch)))
        }
    }
}

/// A scheduler: `step()`, `get_last_lr()`, `last_epoch`, `state_dict()` and its settings.
final class SchedulerObject: PyObject {
    let name: String
    let optimizer: OptimizerObject
    /// The constructor's arguments (`step_size`, `gamma`, `T_max`, ...), read back as attributes.
    let arguments: [String: Value]
    let scheduler: LRScheduler

    init(_ name: String, optimizer: OptimizerObject, arguments: [String: Value], _ scheduler: LRScheduler) {
        self.name = name
        self.optimizer = optimizer
        self.arguments = arguments
        self.scheduler = scheduler
    }

    var typeName: String { name }
    func repr(_ interp: Interpreter) throws -> String { "<torch.optim.lr_scheduler.\(name) object at \(PseudoAddress.of(self))>" }

    /// The settings PyTorch keeps as attributes, in its state_dict's order.
    private func settings(_ interp: Interpreter) throws -> [(String, Value)] {
        switch scheduler.schedule {
        case .step(let size, let gamma): return [("step_size", .int(size)), ("gamma", .float(gamma))]
        case .multiStep(_, let gamma):
            // PyTorch keeps the milestones as a collections.Counter.
            var milestones = arguments["milestones"] ?? .none
            if case .object(let collections)? = interp.modules["collections"],
               let counter = try collections.getAttribute("Counter", interp) {
                milestones = try interp.call(counter, Arguments([milestones]))
            }
            return [("milestones", milestones), ("gamma", .float(gamma))]
        case .exponential(let gamma): return [("gamma", .float(gamma))]
        case .cosine(let tMax, let etaMin): return [("T_max", .int(tMax)), ("eta_min", .float(etaMin))]
        case .lambda: return []
        }
    }

    private var baseLRs: Value { .list(PyList(scheduler.baseLRs.map(OptimModule.value))) }

    private var lastLR: Value { .list(PyList(scheduler.lastLR.map(OptimModule.value))) }

    func getAttribute(_ n: String, _ interp: Interpreter) throws -> Value? {
        if let setting = try settings(interp).first(where: { $0.0 == n }) { return setting.1 }
        switch n {
        case "optimizer": return .object(optimizer)
        case "last_epoch": return .int(scheduler.lastEpoch)
        case "base_lrs": return baseLRs
        case "_step_count": return .int(scheduler.stepCount)
        case "_last_lr": return lastLR
        case "step":
            return .builtin(Builtin("step") { a, i in
                if let epoch = a.positional.first ?? a.keyword("epoch") {
                    if case .none = epoch {} else { throw PyError("NotImplementedError", "\(self.name).step(epoch=...) is deprecated in PyTorch and not supported by tsh; call step() once per epoch") }
                }
                if let warning = try self.scheduler.step() { i.warn("UserWarning", warning) }
                return .none
            })
        case "get_last_lr": return .builtin(Builtin("get_last_lr") { _, _ in self.lastLR })
        case "state_dict":
            return .builtin(Builtin("state_dict") { _, i in
                var pairs: [(Value, Value)] = try self.settings(i).map { (.string($0.0), $0.1) }
                pairs += [(.string("base_lrs"), self.baseLRs),
                          (.string("last_epoch"), .int(self.scheduler.lastEpoch)), (.string("_step_count"), .int(self.scheduler.stepCount)),
                          (.string("_is_initial"), .bool(false)), (.string("_get_lr_called_within_step"), .bool(false)),
                          (.string("_last_lr"), self.lastLR)]
                if case .lambda(let functions) = self.scheduler.schedule {
                    pairs.append((.string("lr_lambdas"), .list(PyList(functions.map { _ in .none }))))
                }
                return .dict(try PyDict(pairs))
            })
        case "load_state_dict":
            return .builtin(Builtin("load_state_dict") { a, i in
                guard case .dict(let d)? = a.positional.first ?? a.keyword("state_dict") else {
                    throw PyError.type("load_state_dict() missing 1 required positional argument: 'state_dict'")
                }
                if let v = try d.get(.string("last_epoch")), let e = try i.asIndex(v) { self.scheduler.lastEpoch = e }
                if let v = try d.get(.string("_step_count")), let c = try i.asIndex(v) { self.scheduler.stepCount = c }
                if let v = try d.get(.string("base_lrs")) { self.scheduler.baseLRs = try i.materialize(v).map { try OptimModule.option($0, i) } }
                if let v = try d.get(.string("_last_lr")) {
                    self.scheduler.lastLR = try i.materialize(v).map { try OptimModule.option($0, i) }
                }
                return .none
            })
        default: return nil
        }
    }
}
