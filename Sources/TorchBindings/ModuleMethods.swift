import Autograd
import Interpreter
import PythonSyntax
import TorchNN

/// The methods every nn.Module has.
enum ModuleMethods {
    static let names = ["parameters", "named_parameters", "children", "named_children", "modules", "train", "eval",
                        "zero_grad", "state_dict", "load_state_dict", "forward", "to", "requires_grad_", "training",
                        "extra_repr", "register_parameter", "add_module"]

    static func fn(_ name: String, _ body: @escaping (Arguments, Interpreter) throws -> Value) -> Value {
        .builtin(Builtin(name, qualifiedName: "Module.\(name)", body))
    }

    static func method(_ m: ModuleInstance, _ name: String, _ interp: Interpreter) throws -> Value? {
        switch name {
        case "training": return .bool(m.training)
        case "parameters":
            return fn(name) { a, i in
                let recurse = try Convert.bool(a.keyword("recurse"), i) ?? true
                let params = recurse ? m.namedParameters().map(\.1) : m.parameters.compactMap(\.1)
                return .object(IteratorObject(PyIterator(params.map(TensorObject.wrap))))
            }
        case "named_parameters":
            return fn(name) { a, i in
                let prefix = try a.keyword("prefix").map { try i.str($0) }.map { $0.isEmpty ? "" : $0 + "." } ?? ""
                return .object(IteratorObject(PyIterator(m.namedParameters(prefix: prefix).map { .tuple([.string($0.0), TensorObject.wrap($0.1)]) })))
            }
        case "children":
            return fn(name) { _, _ in .object(IteratorObject(PyIterator(m.submodules.map { .object($0.1) }))) }
        case "named_children":
            return fn(name) { _, _ in .object(IteratorObject(PyIterator(m.submodules.map { .tuple([.string($0.0), .object($0.1)]) }))) }
        case "modules":
            return fn(name) { _, _ in
                var out: [Value] = []
                func walk(_ x: ModuleInstance) { out.append(.object(x)); x.submodules.forEach { walk($0.1) } }
                walk(m)
                return .object(IteratorObject(PyIterator(out)))
            }
        case "train":
            return fn(name) { a, i in
                let mode = try Convert.bool(a.positional.first ?? a.keyword("mode"), i) ?? true
                func walk(_ x: ModuleInstance) { x.training = mode; x.submodules.forEach { walk($0.1) } }
                walk(m)
                return .object(m)
            }
        case "eval":
            return fn(name) { _, _ in
                func walk(_ x: ModuleInstance) { x.training = false; x.submodules.forEach { walk($0.1) } }
                walk(m)
                return .object(m)
            }
        case "zero_grad":
            return fn(name) { a, i in
                let toNone = try Convert.bool(a.positional.first ?? a.keyword("set_to_none"), i) ?? true
                for (_, p) in m.namedParameters() {
                    try p.resetGrad(toNone: toNone)
                }
                return .none
            }
        case "state_dict":
            return fn(name) { _, _ in
                let d = PyDict()
                for (key, p) in m.namedParameters() { try d.set(.string(key), TensorObject.wrap(p.detach())) }
                return .object(OrderedDictObject(d))
            }
        case "load_state_dict":
            return fn(name) { a, i in
                guard let source = a.positional.first else { throw PyError.type("load_state_dict() missing 1 required positional argument: 'state_dict'") }
                let d: PyDict
                switch source {
                case .dict(let x): d = x
                case .object(let o) where o is OrderedDictObject: d = (o as! OrderedDictObject).dict
                default: throw PyError.type("Expected state_dict to be dict-like, got \(i.typeName(source)).")
                }
                let params = m.namedParameters()
                let missing = params.filter { (try? d.get(.string($0.0))) ?? nil == nil }.map(\.0)
                let unexpected = try d.keys.compactMap { k -> String? in
                    let key = try i.str(k)
                    return params.contains { $0.0 == key } ? nil : key
                }
                if !missing.isEmpty || !unexpected.isEmpty {
                    var message = "Error(s) in loading state_dict for \(m.className):\n\t"
                    var parts: [String] = []
                    if !missing.isEmpty { parts.append("Missing key(s) in state_dict: " + missing.map { "\"\($0)\"" }.joined(separator: ", ") + ". ") }
                    if !unexpected.isEmpty { parts.append("Unexpected key(s) in state_dict: " + unexpected.map { "\"\($0)\"" }.joined(separator: ", ") + ". ") }
                    message += parts.joined(separator: "\n\t")
                    throw PyError.runtime(message)
                }
                for (key, p) in params {
                    let source = try Convert.requireTensor(try d.get(.string(key)), "load_state_dict", key, i)
                    guard source.shape == p.shape else {
                        throw PyError.runtime("Error(s) in loading state_dict for \(m.className):\n\tsize mismatch for \(key): copying a param with shape torch.Size(\(shape(source.shape))) from checkpoint, the shape in current model is torch.Size(\(shape(p.shape))).")
                    }
                    try GradMode.with(enabled: false) { try p.copyInPlace(from: source) }
                }
                return .object(AllKeysMatched())
            }
        case "forward":
            guard case .native(_, _, let forward) = m.kind else { return nil }
            return fn(name) { a, i in try forward(m, a, i) }
        case "to":
            return fn(name) { a, i in
                for v in a.positional + a.keywords.map(\.1) {
                    if let dtype = try? Convert.dtype(v, i) {
                        for (_, p) in m.namedParameters() { p.data = p.data.to(dtype) }
                    }
                }
                return .object(m)
            }
        case "requires_grad_":
            return fn(name) { a, i in
                let flag = try Convert.bool(a.positional.first, i) ?? true
                for (_, p) in m.namedParameters() { try p.setRequiresGrad(flag) }
                return .object(m)
            }
        case "extra_repr":
            return fn(name) { _, _ in
                if case .native(_, let extra, _) = m.kind { return .string(extra()) }
                return .string("")
            }
        case "__init__":
            return fn(name) { _, _ in .none }
        case "add_module", "register_module":
            return fn(name) { a, i in
                _ = try m.setAttribute(try i.str(a.positional[0]), a.positional[1], i)
                return .none
            }
        case "register_parameter":
            return fn(name) { a, i in
                _ = try m.setAttribute(try i.str(a.positional[0]), a.positional[1], i)
                return .none
            }
        default: return nil
        }
    }

    static func shape(_ s: [Int]) -> String { "[" + s.map(String.init).joined(separator: ", ") + "]" }
}

/// What load_state_dict returns when nothing is missing.
final class AllKeysMatched: PyObject {
    var typeName: String { "_IncompatibleKeys" }
    func repr(_ interp: Interpreter) throws -> String { "<All keys matched successfully>" }
}

/// collections.OrderedDict as state_dict returns it (Python 3.11's repr).
final class OrderedDictObject: PyObject {
    let dict: PyDict
    init(_ dict: PyDict) { self.dict = dict }

    var typeName: String { "OrderedDict" }
    func repr(_ interp: Interpreter) throws -> String {
        if dict.count == 0 { return "OrderedDict()" }
        return "OrderedDict([" + (try dict.pairs.map { "(\(try interp.repr($0.0)), \(try interp.repr($0.1)))" }.joined(separator: ", ")) + "])"
    }
    func getItem(_ index: Value, _ interp: Interpreter) throws -> Value? {
        guard let v = try dict.get(index) else { throw PyError.key(try interp.repr(index)) }
        return v
    }
    func setItem(_ index: Value, _ value: Value, _ interp: Interpreter) throws -> Bool {
        try dict.set(index, value)
        return true
    }
    func length(_ interp: Interpreter) throws -> Int? { dict.count }
    func makeIterator(_ interp: Interpreter) throws -> PyIterator? { PyIterator(dict.keys) }
    func contains(_ value: Value, _ interp: Interpreter) throws -> Bool? { try dict.get(value) != nil }
    func getAttribute(_ name: String, _ interp: Interpreter) throws -> Value? {
        if let kind = DictView.Kind(rawValue: name) {
            let view = DictView(dict, kind, ordered: true)
            return .builtin(Builtin(name) { _, _ in .object(view) })
        }
        return try interp.getAttribute(.dict(dict), name, orNil: true)
    }
}
