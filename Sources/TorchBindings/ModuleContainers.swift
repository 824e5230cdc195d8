import Interpreter
import TorchNN

/// nn.Sequential, nn.ModuleList and nn.ModuleDict as containers: indexing (a slice of a
/// Sequential keeps its children's names, of a ModuleList renumbers them, as in PyTorch),
/// assignment, len, iteration, `in`, and the list and dict methods.
extension ModuleInstance {
    enum Container { case sequential, list, dict }

    var container: Container? {
        guard case .builtIn = kind else { return nil }
        switch className {
        case "Sequential": return .sequential
        case "ModuleList": return .list
        case "ModuleDict": return .dict
        default: return nil
        }
    }

    private func module(_ v: Value, _ interp: Interpreter) throws -> ModuleInstance {
        guard case .object(let o) = v, let m = o as? ModuleInstance else {
            throw PyError.type("\(interp.typeName(v)) is not a Module subclass")
        }
        return m
    }

    func appendChild(_ v: Value, _ interp: Interpreter) throws {
        addChild(String(submodules.count), try module(v, interp))
    }

    /// ModuleDict.update / the constructor: a dict or (key, module) pairs.
    func update(_ v: Value, _ interp: Interpreter) throws {
        let pairs: [(Value, Value)]
        switch v {
        case .dict(let d): pairs = d.pairs
        default:
            if case .object(let o as OrderedDictObject) = v {
                pairs = o.dict.pairs
            } else {
                pairs = try interp.materialize(v).map { item in
                    let kv = try interp.materialize(item)
                    guard kv.count == 2 else { throw PyError.value("ModuleDict update sequence element has length \(kv.count); 2 is required") }
                    return (kv[0], kv[1])
                }
            }
        }
        for (k, value) in pairs {
            guard case .string(let key) = k else { throw PyError.type("module name should be a string. Got \(interp.typeName(k))") }
            addChild(key, try module(value, interp))
        }
    }

    private func position(_ index: Value, _ interp: Interpreter) throws -> Int {
        guard let i = try interp.asIndex(index) else {
            throw PyError.type("\(className) indices must be integers or slices, not \(interp.typeName(index))")
        }
        let k = i < 0 ? i + submodules.count : i
        guard k >= 0 && k < submodules.count else { throw PyError.index("index \(i) is out of range") }
        return k
    }

    func containerItem(_ index: Value, _ interp: Interpreter) throws -> Value? {
        guard let container else { return nil }
        switch container {
        case .dict:
            guard case .string(let key) = index, let m = submodules.first(where: { $0.0 == key }) else { throw try PyError.missingKey(index, interp) }
            return .object(m.1)
        case .sequential, .list:
            if case .slice(let lo, let hi, let st) = index {
                let picked = ModuleInstance(kind: .builtIn, module: Module(typeName: className))
                for (k, (name, child)) in try interp.slice(submodules, lo, hi, st).enumerated() {
                    picked.addChild(container == .sequential ? name : String(k), child)
                }
                return .object(picked)
            }
            return .object(submodules[try position(index, interp)].1)
        }
    }

    func setContainerItem(_ index: Value, _ value: Value, _ interp: Interpreter) throws -> Bool {
        guard let container else { return false }
        let child = try module(value, interp)
        switch container {
        case .dict:
            guard case .string(let key) = index else { throw PyError.type("module name should be a string. Got \(interp.typeName(index))") }
            addChild(key, child)
        case .sequential, .list:
            addChild(submodules[try position(index, interp)].0, child)
        }
        return true
    }

    func containerIterator() -> PyIterator? {
        guard let container else { return nil }
        return PyIterator(container == .dict ? submodules.map { .string($0.0) } : submodules.map { .object($0.1) })
    }

    func containerContains(_ value: Value) -> Bool? {
        guard let container else { return nil }
        if container == .dict {
            guard case .string(let key) = value else { return false }
            return submodules.contains { $0.0 == key }
        }
        guard case .object(let o) = value else { return false }
        return submodules.contains { $0.1 === o }
    }

    /// append/extend/insert (Sequential, ModuleList) and keys/values/items/update/pop (ModuleDict).
    func containerMethod(_ name: String, _ interp: Interpreter) -> Value? {
        guard let container else { return nil }
        func method(_ body: @escaping (Arguments, Interpreter) throws -> Value) -> Value {
            .builtin(Builtin(name, qualifiedName: "\(className).\(name)", body))
        }
        switch (container, name) {
        case (.sequential, "append"), (.list, "append"):
            return method { a, i in
                guard a.positional.count == 1 else { throw PyError.type("append() takes exactly one argument (\(a.positional.count) given)") }
                try self.appendChild(a.positional[0], i)
                return .object(self)
            }
        case (.sequential, "extend"), (.list, "extend"):
            return method { a, i in
                guard a.positional.count == 1 else { throw PyError.type("extend() takes exactly one argument (\(a.positional.count) given)") }
                for v in try i.materialize(a.positional[0]) { try self.appendChild(v, i) }
                return .object(self)
            }
        case (.sequential, "insert"), (.list, "insert"):
            return method { a, i in
                guard a.positional.count == 2, let raw = try i.asIndex(a.positional[0]) else { throw PyError.type("insert() takes an index and a module") }
                let n = self.submodules.count
                let at = min(max(raw < 0 ? raw + n : raw, 0), n)
                var children = self.submodules.map(\.1)
                children.insert(try self.module(a.positional[1], i), at: at)
                // Renumbered from the insertion point, as ModuleList.insert does.
                for k in at..<children.count { self.addChild(String(k), children[k]) }
                return .none
            }
        case (.dict, "keys"): return method { _, _ in .list(PyList(self.submodules.map { .string($0.0) })) }
        case (.dict, "values"): return method { _, _ in .list(PyList(self.submodules.map { .object($0.1) })) }
        case (.dict, "items"): return method { _, _ in .list(PyList(self.submodules.map { .tuple([.string($0.0), .object($0.1)]) })) }
        case (.dict, "update"):
            return method { a, i in
                guard a.positional.count == 1 else { throw PyError.type("update() takes exactly one argument") }
                try self.update(a.positional[0], i)
                return .none
            }
        default: return nil
        }
    }
}
