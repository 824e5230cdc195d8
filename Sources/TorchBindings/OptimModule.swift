import Autograd
import Interpreter
import PythonSyntax
import TorchOptim

/// torch.optim: SGD, Adam, AdamW, RMSprop, Adagrad.
enum OptimModule {
    static func make() -> ModuleObject {
        let m = ModuleObject(name: "torch.optim")
        m.attributes["SGD"] = .object(OptimizerClass("SGD", defaults: [
            ("lr", .number(0.001)), ("momentum", .integer(0)), ("dampening", .integer(0)), ("weight_decay", .integer(0)),
            ("nesterov", .flag(false)), ("maximize", .flag(false)), ("foreach", .nothing), ("differentiable", .flag(false)),
            ("fused", .nothing),
        ]) { try SGD($0) })
        let adamDefaults: [(String, OptionValue)] = [
            ("lr", .number(0.001)), ("betas", .pair(0.9, 0.999)), ("eps", .number(1e-08)), ("weight_decay", .integer(0)),
            ("amsgrad", .flag(false)), ("maximize", .flag(false)), ("foreach", .nothing), ("capturable", .flag(false)),
            ("differentiable", .flag(false)), ("fused", .nothing), ("decoupled_weight_decay", .flag(false)),
        ]
        // Since PyTorch 2.7 AdamW is Adam with decoupled_weight_decay=True.
        func decoupled(_ groups: [ParamGroup]) -> Bool {
            if case .flag(true)? = groups.first?.options.first(where: { $0.0 == "decoupled_weight_decay" })?.1 { return true }
            return false
        }
        m.attributes["Adam"] = .object(OptimizerClass("Adam", defaults: adamDefaults) { try Adam($0, decoupled: decoupled($0)) })
        var adamW = adamDefaults
        adamW[3] = ("weight_decay", .number(0.01))
        adamW[adamW.count - 1] = ("decoupled_weight_decay", .flag(true))
        m.attributes["AdamW"] = .object(OptimizerClass("AdamW", defaults: adamW) { try Adam($0, decoupled: true) })
        m.attributes["RMSprop"] = .object(OptimizerClass("RMSprop", defaults: [
            ("lr", .number(0.01)), ("alpha", .number(0.99)), ("eps", .number(1e-08)), ("weight_decay", .integer(0)),
            ("momentum", .integer(0)), ("centered", .flag(false)), ("capturable", .flag(false)), ("foreach", .nothing),
            ("maximize", .flag(false)), ("differentiable", .flag(false)),
        ], checked: ["lr", "eps", "momentum", "weight_decay", "alpha"]) { try RMSprop($0) })
        m.attributes["Adagrad"] = .object(OptimizerClass("Adagrad", defaults: [
            ("lr", .number(0.01)), ("lr_decay", .integer(0)), ("weight_decay", .integer(0)), ("initial_accumulator_value", .integer(0)),
            ("eps", .number(1e-10)), ("foreach", .nothing), ("maximize", .flag(false)), ("differentiable", .flag(false)),
            ("fused", .nothing),
        ], checked: ["lr", "lr_decay", "weight_decay", "initial_accumulator_value", "eps"]) { try Adagrad($0) })
        return m
    }

    static func value(_ o: OptionValue) -> Value {
        switch o {
        case .number(let d): .float(d)
        case .integer(let i): .int(i)
        case .flag(let b): .bool(b)
        case .pair(let a, let b): .tuple([.float(a), .float(b)])
        case .nothing: .none
        }
    }

    static func option(_ v: Value, _ interp: Interpreter) throws -> OptionValue {
        switch v {
        case .none: return .nothing
        case .bool(let b): return .flag(b)
        case .int(let i): return .integer(i)
        case .float(let d): return .number(d)
        case .tuple(let t) where t.count == 2:
            return .pair(try interp.float(t[0]), try interp.float(t[1]))
        default:
            if case .list(let l) = v, l.items.count == 2 { return .pair(try interp.float(l.items[0]), try interp.float(l.items[1])) }
            return .number(try interp.float(v))
        }
    }
}

/// An optimizer class: `optim.SGD(params, lr=..., ...)`.
final class OptimizerClass: PyObject {
    let name: String
    let defaults: [(String, OptionValue)]
    let make: ([ParamGroup]) throws -> Optimizer
    /// The options torch.optim refuses when negative, in the order its constructor checks them.
    let checked: [String]

    init(_ name: String, defaults: [(String, OptionValue)], checked: [String] = ["lr", "eps", "momentum", "weight_decay"],
         make: @escaping ([ParamGroup]) throws -> Optimizer) {
        self.name = name
        self.defaults = defaults
        self.checked = checked
        self.make = make
    }

    var typeName: String { "type" }
    func repr(_ interp: Interpreter) throws -> String { "<class 'torch.optim.\(name.lowercased()).\(name)'>" }

    func call(_ args: Arguments, _ interp: Interpreter) throws -> Value? {
        guard let params = args.positional.first ?? args.keyword("params") else {
            throw PyError.type("\(name).__init__() missing 1 required positional argument: 'params'")
        }
        var overrides: [(String, OptionValue)] = []
        let positionalNames = ["lr"]
        for (k, v) in args.positional.dropFirst().enumerated() where k < positionalNames.count {
            overrides.append((positionalNames[k], try OptimModule.option(v, interp)))
        }
        for (k, v) in args.keywords where k != "params" {
            guard defaults.contains(where: { $0.0 == k }) else {
                throw PyError.type("\(name).__init__() got an unexpected keyword argument '\(k)'")
            }
            overrides.append((k, try OptimModule.option(v, interp)))
        }
        // foreach and fused choose PyTorch's kernels, not the result: honoured as they are.
        // differentiable and capturable change what step() records or where it runs: refused.
        for key in ["differentiable", "capturable"] {
            if case .flag(true)? = overrides.first(where: { $0.0 == key })?.1 {
                throw PyError("NotImplementedError", "\(name)(\(key)=True) is not supported by tsh yet")
            }
        }
        func options(extra: [(String, OptionValue)]) -> [(String, OptionValue)] {
            var o = defaults
            for (k, v) in overrides + extra {
                if let i = o.firstIndex(where: { $0.0 == k }) { o[i].1 = v } else { o.append((k, v)) }
            }
            return o
        }
        let items = try interp.materialize(params)
        var groups: [ParamGroup] = []
        if let first = items.first, case .dict = first {
            for item in items {
                guard case .dict(let d) = item else { continue }
                var tensors: [Tensor] = []
                var extra: [(String, OptionValue)] = []
                for (k, v) in d.pairs {
                    let key = try interp.str(k)
                    if key == "params" {
                        tensors = try interp.materialize(v).map { try Convert.requireTensor($0, self.name, "params", interp) }
                    } else {
                        extra.append((key, try OptimModule.option(v, interp)))
                    }
                }
                groups.append(ParamGroup(params: tensors, options: options(extra: extra)))
            }
        } else {
            let tensors = try items.map { v -> Tensor in
                guard let t = Convert.tensor(v) else {
                    throw PyError.type("optimizer can only optimize Tensors, but one of the params is \(interp.typeName(v))")
                }
                return t
            }
            groups = [ParamGroup(params: tensors, options: options(extra: []))]
        }
        // torch.optim's own checks, the value printed as the user wrote it (-1 or -1.0).
        for group in groups {
            for key in checked {
                let what = key == "lr" ? "learning rate" : key == "eps" ? "epsilon value" : "\(key) value"
                let value = group[key]
                guard value.double < 0 else { continue }
                let text = if case .integer(let n) = value { String(n) } else { try interp.repr(.float(value.double)) }
                throw PyError.value("Invalid \(what): \(text)")
            }
        }
        return .object(OptimizerObject(name: name, optimizer: try make(groups)))
    }
}

/// An optimizer instance.
final class OptimizerObject: PyObject {
    let name: String
    let optimizer: Optimizer

    init(name: String, optimizer: Optimizer) {
        self.name = name
        self.optimizer = optimizer
    }

    var typeName: String { name }

    func getAttribute(_ n: String, _ interp: Interpreter) throws -> Value? {
        switch n {
        case "step":
            return .builtin(Builtin("step") { a, i in
                if let closure = a.positional.first, case .none = closure {} else if let closure = a.positional.first {
                    let loss = try GradMode.with(enabled: true) { try i.call(closure, Arguments()) }
                    try self.optimizer.step()
                    return loss
                }
                try self.optimizer.step()
                return .none
            })
        case "zero_grad":
            return .builtin(Builtin("zero_grad") { a, i in
                try self.optimizer.zeroGrad(setToNone: try Convert.bool(a.positional.first ?? a.keyword("set_to_none"), i) ?? true)
                return .none
            })
        case "param_groups":
            return .list(PyList(optimizer.paramGroups.map { .object(ParamGroupObject($0)) }))
        case "state":
            let d = PyDict()
            for group in optimizer.paramGroups {
                for p in group.params {
                    if let entry = try stateEntry(p) { try d.set(TensorObject.wrap(p), .dict(entry)) }
                }
            }
            return .dict(d)
        case "state_dict":
            return .builtin(Builtin("state_dict") { _, _ in try self.stateDict() })
        case "load_state_dict":
            return .builtin(Builtin("load_state_dict") { a, i in
                guard let source = a.positional.first ?? a.keyword("state_dict") else {
                    throw PyError.type("load_state_dict() missing 1 required positional argument: 'state_dict'")
                }
                try self.loadStateDict(source, i)
                return .none
            })
        case "defaults":
            let d = PyDict()
            for (k, v) in optimizer.paramGroups.first?.options ?? [] { try d.set(.string(k), OptimModule.value(v)) }
            return .dict(d)
        default: return nil
        }
    }

    /// A parameter's state as PyTorch shows it: `step` (a float tensor) first, then buffers.
    private func stateEntry(_ p: Tensor) throws -> PyDict? {
        guard let s = optimizer.parameterState(p) else { return nil }
        return try entryDict(s)
    }

    private func entryDict(_ s: OptimizerStateDict.ParameterState) throws -> PyDict {
        let entry = PyDict()
        if let step = s.step { try entry.set(.string("step"), Convert.wrap(Tensor(try NDArray.full([], .double(Double(step)))))) }
        for (k, v) in s.buffers { try entry.set(.string(k), Convert.wrap(Tensor(v))) }
        return entry
    }

    /// optimizer.state_dict(): `{'state': {index: {...}}, 'param_groups': [{options..., 'params': [indices]}]}`.
    func stateDict() throws -> Value {
        let sd = optimizer.stateDict()
        let state = PyDict()
        for (index, entry) in sd.state { try state.set(.int(index), .dict(try entryDict(entry))) }
        let groups = try sd.groups.map { group -> Value in
            let packed = PyDict()
            for (k, v) in group.options { try packed.set(.string(k), OptimModule.value(v)) }
            try packed.set(.string("params"), .list(PyList(group.params.map { .int($0) })))
            return .dict(packed)
        }
        return .dict(try PyDict([(.string("state"), .dict(state)), (.string("param_groups"), .list(PyList(groups)))]))
    }

    /// optimizer.load_state_dict(sd): the language's dict read into the engine's form.
    func loadStateDict(_ source: Value, _ interp: Interpreter) throws {
        guard case .dict(let d) = source, case .list(let groups)? = try d.get(.string("param_groups")),
              case .dict(let state)? = try d.get(.string("state")) else {
            throw PyError.value("loaded state dict is not a valid optimizer state_dict (needs 'state' and 'param_groups')")
        }
        let parsedGroups = try groups.items.map { saved -> OptimizerStateDict.Group in
            guard case .dict(let g) = saved, case .list(let ids)? = try g.get(.string("params")) else {
                throw PyError.value("loaded state dict contains a parameter group without 'params'")
            }
            var options: [(String, OptionValue)] = []
            for (k, v) in g.pairs where (try interp.str(k)) != "params" { options.append((try interp.str(k), try OptimModule.option(v, interp))) }
            return .init(options: options, params: try ids.items.map { try interp.asIndex($0) ?? -1 })
        }
        var entries: [(index: Int, state: OptimizerStateDict.ParameterState)] = []
        for (k, v) in state.pairs {
            guard let index = try interp.asIndex(k), case .dict(let entry) = v else { continue }
            var step: Int?
            var buffers: [(name: String, value: NDArray)] = []
            for (name, value) in entry.pairs {
                let key = try interp.str(name)
                guard let t = Convert.tensor(value) else { continue }
                if key == "step" { step = Int(t.data.scalars.first?.doubleValue ?? 0) } else { buffers.append((key, t.data)) }
            }
            entries.append((index, .init(step: step, buffers: buffers)))
        }
        try optimizer.loadStateDict(OptimizerStateDict(state: entries, groups: parsedGroups))
    }

    /// PyTorch's optimizer repr: `SGD (\nParameter Group 0\n    key: value\n...)`.
    func repr(_ interp: Interpreter) throws -> String {
        var text = "\(name) ("
        for (k, group) in optimizer.paramGroups.enumerated() {
            text += "\nParameter Group \(k)"
            for (key, v) in group.options.sorted(by: { $0.0 < $1.0 }) {
                text += "\n    \(key): \(try interp.repr(OptimModule.value(v)))"
            }
        }
        return text + "\n)"
    }
}

/// A live param_groups entry: reads and writes go to the optimizer (so `g['lr'] = ...` works).
final class ParamGroupObject: PyObject {
    let group: ParamGroup
    init(_ group: ParamGroup) { self.group = group }

    var typeName: String { "dict" }
    var keys: [String] { ["params"] + group.options.map(\.0) }

    func getItem(_ index: Value, _ interp: Interpreter) throws -> Value? {
        let key = try interp.str(index)
        if key == "params" { return .list(PyList(group.params.map(TensorObject.wrap))) }
        guard group.options.contains(where: { $0.0 == key }) else { throw try PyError.missingKey(index, interp) }
        return OptimModule.value(group[key])
    }

    func setItem(_ index: Value, _ value: Value, _ interp: Interpreter) throws -> Bool {
        group[try interp.str(index)] = try OptimModule.option(value, interp)
        return true
    }

    func repr(_ interp: Interpreter) throws -> String {
        let items = try keys.map { "'\($0)': \(try interp.repr(try getItem(.string($0), interp)!))" }
        return "{" + items.joined(separator: ", ") + "}"
    }

    func makeIterator(_ interp: Interpreter) throws -> PyIterator? { PyIterator(keys.map { .string($0) }) }
    func length(_ interp: Interpreter) throws -> Int? { keys.count }
    func contains(_ value: Value, _ interp: Interpreter) throws -> Bool? { keys.contains(try interp.str(value)) }
    func getAttribute(_ name: String, _ interp: Interpreter) throws -> Value? {
        switch name {
        case "keys": return .builtin(Builtin("keys") { _, _ in .list(PyList(self.keys.map { .string($0) })) })
        case "items":
            return .builtin(Builtin("items") { _, i in .list(PyList(try self.keys.map { .tuple([.string($0), try self.getItem(.string($0), i)!]) })) })
        default: return nil
        }
    }
}
