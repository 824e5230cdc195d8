import Autograd
import Interpreter
import PythonSyntax
import TorchNN

/// The methods every nn.Module has.
enum ModuleMethods {
    static let names = ["parameters", "named_parameters", "children", "named_children", "modules", "train", "eval",
                        "zero_grad", "state_dict", "load_state_dict", "forward", "to", "double", "float", "requires_grad_",
                        "training", "extra_repr", "register_parameter", "add_module", "register_buffer", "buffers", "named_buffers"]

    static func fn(_ name: String, _ body: @escaping (Arguments, Interpreter) throws -> Value) -> Value {
        .builtin(Builtin(name, qualifiedName: "Module.\(name)", body))
    }

    /// A method with a signature: its arguments are bound, and one never read is refused.
    static func fn(_ name: String, _ spec: String, _ body: @escaping (BoundArguments, Interpreter) throws -> Value) -> Value {
        let signature = Signature(name, spec)
        return .builtin(Builtin(name, qualifiedName: "Module.\(name)", parameters: signature.parameters.map(\.name)) { args, interp in
            try signature.call(args, interp) { try body($0, interp) }
        })
    }

    static func method(_ m: ModuleInstance, _ name: String, _ interp: Interpreter) throws -> Value? {
        let module = m.module
        switch name {
        case "training": return .bool(module.training)
        case "parameters":
            return fn(name, "recurse=True") { b, i in
                let params = module.namedParameters(recurse: try Convert.bool(b["recurse"], i) ?? true).map(\.1)
                return .object(IteratorObject(PyIterator(params.map(TensorObject.wrap))))
            }
        case "named_parameters":
            return fn(name, "prefix='', recurse=True, remove_duplicate=True") { b, i in
                let given = try b["prefix"].map { try i.str($0) } ?? ""
                guard try Convert.bool(b["remove_duplicate"], i) ?? true else {
                    throw PyError("NotImplementedError", "named_parameters(remove_duplicate=False) is not supported by tsh yet")
                }
                let pairs = module.namedParameters(prefix: given.isEmpty ? "" : given + ".", recurse: try Convert.bool(b["recurse"], i) ?? true)
                return .object(IteratorObject(PyIterator(pairs.map { .tuple([.string($0.0), TensorObject.wrap($0.1)]) })))
            }
        case "children":
            return fn(name, "") { _, _ in .object(IteratorObject(PyIterator(m.submodules.map { .object($0.1) }))) }
        case "named_children":
            return fn(name, "") { _, _ in .object(IteratorObject(PyIterator(m.submodules.map { .tuple([.string($0.0), .object($0.1)]) }))) }
        case "modules":
            return fn(name, "") { _, _ in
                var out: [Value] = []
                var visited = Set<ObjectIdentifier>()
                // Each module once (PyTorch's memo), so a module inside itself ends.
                func walk(_ x: ModuleInstance) {
                    guard visited.insert(ObjectIdentifier(x)).inserted else { return }
                    out.append(.object(x))
                    x.submodules.forEach { walk($0.1) }
                }
                walk(m)
                return .object(IteratorObject(PyIterator(out)))
            }
        case "train":
            return fn(name, "mode=True") { b, i in
                module.train(try Convert.bool(b["mode"], i) ?? true)
                return .object(m)
            }
        case "eval":
            return fn(name, "") { _, _ in
                module.train(false)
                return .object(m)
            }
        case "zero_grad":
            return fn(name, "set_to_none=True") { b, i in
                try module.zeroGrad(setToNone: try Convert.bool(b["set_to_none"], i) ?? true)
                return .none
            }
        case "state_dict":
            return fn(name, "*args, destination=None, prefix='', keep_vars=False") { b, i in
                guard b.variadic.isEmpty, b["destination"] == nil else {
                    throw PyError("NotImplementedError", "state_dict(destination=...) is not supported by tsh yet")
                }
                let d = PyDict()
                let entries = module.stateDict(prefix: try b["prefix"].map { try i.str($0) } ?? "",
                                               keepVars: try Convert.bool(b["keep_vars"], i) ?? false)
                for (key, t) in entries { try d.set(.string(key), TensorObject.wrap(t)) }
                let result = OrderedDictObject(d)
                let metadata = PyDict()
                for (prefix, version) in module.stateDictMetadata(prefix: try b["prefix"].map { try i.str($0) } ?? "") {
                    try metadata.set(.string(prefix), .dict(try PyDict([(.string("version"), .int(version))])))
                }
                result.metadata = .object(OrderedDictObject(metadata))
                return .object(result)
            }
        case "load_state_dict":
            return fn(name, "state_dict, strict=True, assign=False") { b, i in
                let source = b.given("state_dict")!
                let d: PyDict
                switch source {
                case .dict(let x): d = x
                case .object(let o) where o is OrderedDictObject: d = (o as! OrderedDictObject).dict
                default: throw PyError.type("Expected state_dict to be dict-like, got \(i.typeName(source)).")
                }
                if try Convert.bool(b["assign"], i) == true {
                    throw PyError("NotImplementedError", "load_state_dict(assign=True) is not supported by tsh yet")
                }
                let entries = try d.pairs.map { key, value -> (String, Tensor) in
                    let name = try i.str(key)
                    return (name, try Convert.requireTensor(value, "load_state_dict", name, i))
                }
                return .object(IncompatibleKeysObject(try module.loadStateDict(entries, strict: try Convert.bool(b["strict"], i) ?? true)))
            }
        case "forward":
            guard case .builtIn = m.kind else { return nil }
            return fn(name) { a, i in try m.forward(a, i) }
        case "to":
            return fn(name) { a, i in
                for v in a.positional + a.keywords.map(\.1) {
                    if case .string = v { try Convert.requireCPU(v, i); continue }
                    if case .object(let o) = v, o is DeviceObject { continue }
                    guard let dtype = try Convert.dtype(v, i) else { continue }
                    module.convert(to: dtype)
                }
                return .object(m)
            }
        case "double", "float":
            return fn(name, "") { _, _ in
                module.convert(to: name == "double" ? .float64 : .float32)
                return .object(m)
            }
        case "requires_grad_":
            return fn(name, "requires_grad=True") { b, i in
                try module.requiresGrad(try Convert.bool(b["requires_grad"], i) ?? true)
                return .object(m)
            }
        case "extra_repr":
            return fn(name, "") { _, _ in .string(module.layer?.extraRepr ?? "") }
        case "__init__":
            return fn(name) { _, _ in .none }
        case "add_module", "register_module":
            return fn(name, "name, module") { b, i in
                _ = try m.setAttribute(try i.str(b.required("name")), b.given("module") ?? .none, i)
                return .none
            }
        case "register_parameter":
            return fn(name, "name, param") { b, i in
                _ = try m.setAttribute(try i.str(b.required("name")), b.given("param") ?? .none, i)
                return .none
            }
        case "register_buffer":
            return fn(name, "name, tensor, persistent=True") { b, i in
                let key = try i.str(b.required("name"))
                guard !key.contains(".") else { throw PyError("KeyError", "'buffer name can\'t contain \".\"'") }
                guard !key.isEmpty else { throw PyError("KeyError", "'buffer name can\'t be empty string \"\"'") }
                if module.hasParameter(key) || m.attributes[key] != nil || m.submodules.contains(where: { $0.0 == key }) {
                    throw PyError("KeyError", "\"attribute '\(key)' already exists\"")
                }
                let given = b.given("tensor") ?? .none
                var tensor: Tensor?
                if case .none = given {} else {
                    guard let t = Convert.tensor(given) else {
                        throw PyError.type("cannot assign '\(i.typeName(given))' object to buffer '\(key)' (torch Tensor or None required)")
                    }
                    tensor = t
                }
                module.setBuffer(key, tensor, persistent: try Convert.bool(b["persistent"], i) ?? true)
                return .none
            }
        case "buffers":
            return fn(name, "recurse=True") { b, i in
                let buffers = module.namedBuffers(recurse: try Convert.bool(b["recurse"], i) ?? true).map(\.1)
                return .object(IteratorObject(PyIterator(buffers.map(TensorObject.wrap))))
            }
        case "named_buffers":
            return fn(name, "prefix='', recurse=True, remove_duplicate=True") { b, i in
                let given = try b["prefix"].map { try i.str($0) } ?? ""
                guard try Convert.bool(b["remove_duplicate"], i) ?? true else {
                    throw PyError("NotImplementedError", "named_buffers(remove_duplicate=False) is not supported by tsh yet")
                }
                let pairs = module.namedBuffers(prefix: given.isEmpty ? "" : given + ".", recurse: try Convert.bool(b["recurse"], i) ?? true)
                return .object(IteratorObject(PyIterator(pairs.map { .tuple([.string($0.0), TensorObject.wrap($0.1)]) })))
            }
        default: return nil
        }
    }
}

/// What load_state_dict returns: the named pair `(missing_keys, unexpected_keys)`, shown as
/// `<All keys matched successfully>` when both are empty.
final class IncompatibleKeysObject: PyObject {
    let keys: Module.IncompatibleKeys
    init(_ keys: Module.IncompatibleKeys) { self.keys = keys }
    var typeName: String { "_IncompatibleKeys" }
    func repr(_ interp: Interpreter) throws -> String {
        if keys.missing.isEmpty && keys.unexpected.isEmpty { return "<All keys matched successfully>" }
        func list(_ names: [String]) -> String { "[" + names.map { "'\($0)'" }.joined(separator: ", ") + "]" }
        return "_IncompatibleKeys(missing_keys=\(list(keys.missing)), unexpected_keys=\(list(keys.unexpected)))"
    }
    private var items: [Value] {
        [.list(PyList(keys.missing.map { .string($0) })), .list(PyList(keys.unexpected.map { .string($0) }))]
    }
    func makeIterator(_ interp: Interpreter) throws -> PyIterator? { PyIterator(items) }
    func length(_ interp: Interpreter) throws -> Int? { 2 }
    func getItem(_ index: Value, _ interp: Interpreter) throws -> Value? {
        items[try interp.normalizeIndex(index, count: 2, what: "tuple")]
    }
    func getAttribute(_ name: String, _ interp: Interpreter) throws -> Value? {
        switch name {
        case "missing_keys": return .list(PyList(keys.missing.map { .string($0) }))
        case "unexpected_keys": return .list(PyList(keys.unexpected.map { .string($0) }))
        default: return nil
        }
    }
}

/// collections.OrderedDict as state_dict returns it (Python 3.11's repr).
final class OrderedDictObject: PyObject {
    let dict: PyDict
    /// A state_dict's `_metadata`: prefix -> {'version': n} for every module in the tree.
    var metadata: Value?
    init(_ dict: PyDict) { self.dict = dict }

    var typeName: String { "OrderedDict" }
    /// A state_dict is an OrderedDict, and so a dict.
    func isInstance(of cls: PyObject) -> Bool { ["OrderedDict", "dict"].contains((cls as? TypeObject)?.name ?? "") }
    func repr(_ interp: Interpreter) throws -> String {
        if dict.count == 0 { return "OrderedDict()" }
        return "OrderedDict([" + (try dict.pairs.map { "(\(try interp.repr($0.0)), \(try interp.repr($0.1)))" }.joined(separator: ", ")) + "])"
    }
    func getItem(_ index: Value, _ interp: Interpreter) throws -> Value? {
        guard let v = try dict.get(index) else { throw try PyError.missingKey(index, interp) }
        return v
    }
    func setItem(_ index: Value, _ value: Value, _ interp: Interpreter) throws -> Bool {
        try dict.set(index, value)
        return true
    }
    func length(_ interp: Interpreter) throws -> Int? { dict.count }

    /// Two OrderedDicts are equal with the same items in the same order; with a plain dict,
    /// order does not count.
    func compare(_ op: CompareOperator, _ other: Value, reflected: Bool, _ interp: Interpreter) throws -> Value? {
        guard op == .eq || op == .ne else { return nil }
        let equal: Bool
        if case .object(let o as OrderedDictObject) = other {
            let mine = dict.pairs, theirs = o.dict.pairs
            equal = try mine.count == theirs.count && zip(mine, theirs).allSatisfy { try interp.equal($0.0, $1.0) && interp.equal($0.1, $1.1) }
        } else if case .dict = other {
            equal = try interp.equal(.dict(dict), other)
        } else {
            return nil
        }
        return .bool(op == .eq ? equal : !equal)
    }

    func makeIterator(_ interp: Interpreter) throws -> PyIterator? { PyIterator(dict.keys) }
    func contains(_ value: Value, _ interp: Interpreter) throws -> Bool? { try dict.get(value) != nil }
    func getAttribute(_ name: String, _ interp: Interpreter) throws -> Value? {
        if let kind = DictView.Kind(rawValue: name) {
            let view = DictView(dict, kind, ordered: true)
            return .builtin(Builtin(name) { _, _ in .object(view) })
        }
        // Its type is its own (OrderedDict), not the plain dict it holds.
        if name == "__class__" { return nil }
        if name == "_metadata" {
            guard let metadata else { throw PyError.attribute("'OrderedDict' object has no attribute '_metadata'") }
            return metadata
        }
        return try interp.getAttribute(.dict(dict), name, orNil: true)
    }
}
