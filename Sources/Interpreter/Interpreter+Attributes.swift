import PythonSyntax

extension Interpreter {

    package func getAttribute(_ object: Value, _ name: String, orNil: Bool = false) throws -> Value? {
        if let v = try lookupAttribute(object, name) { return v }
        if orNil { return nil }
        return nil
    }

    package func getAttribute(_ object: Value, _ name: String) throws -> Value {
        if let v = try lookupAttribute(object, name) { return v }
        var error: PyError
        if case .object(let o) = object, o is ModuleObject {
            error = PyError.attribute("module '\((o as! ModuleObject).name)' has no attribute '\(name)'")
        } else if case .object(let o) = object, let cls = o as? PyClass {
            error = PyError.attribute("type object '\(cls.name)' has no attribute '\(name)'")
        } else {
            error = PyError.attribute("'\(typeName(object))' object has no attribute '\(name)'")
        }
        error.suggestion = Suggestions.closest(to: name, among: attributeNames(of: object).sorted())
        throw error
    }

    /// The attribute names a value offers (completion after a dot, "Did you mean").
    package func attributeNames(of value: Value) -> [String] {
        switch value {
        case .object(let o): return o.attributeNames()
        case .list: return ["append", "extend", "pop", "insert", "index", "count", "remove", "reverse", "sort", "copy", "clear"]
        case .dict: return ["keys", "values", "items", "get", "update", "pop", "setdefault", "copy", "clear"]
        case .string: return ["join", "split", "strip", "upper", "lower", "startswith", "endswith", "replace", "format", "find"]
        default: return []
        }
    }

    /// The names a NameError may mean instead: the module's, then the builtins (Python
    /// looks in each in turn).
    func nameSuggestion(for name: String) -> String? {
        Suggestions.closest(to: name, among: globals.names.keys.sorted())
            ?? Suggestions.closest(to: name, among: builtins.keys.sorted())
    }

    func lookupAttribute(_ object: Value, _ name: String) throws -> Value? {
        switch object {
        case .object(let o):
            if let v = try o.getAttribute(name, self) { return v }
            return name == "__class__" ? try call(builtins["type"]!, Arguments([object])) : nil
        default:
            if name == "__class__" { return try call(builtins["type"]!, Arguments([object])) }
            return try builtinMethod(object, name)
        }
    }

    package func setAttribute(_ object: Value, _ name: String, _ value: Value) throws {
        if case .object(let o) = object, try o.setAttribute(name, value, self) { return }
        throw PyError.attribute("'\(typeName(object))' object has no attribute '\(name)'")
    }

    package func getItem(_ object: Value, _ index: Value) throws -> Value {
        switch object {
        case .list(let l): return try sequenceItem(l.items, index, what: "list") { .list(PyList($0)) }
        case .tuple(let items): return try sequenceItem(items, index, what: "tuple") { .tuple($0) }
        case .string(let s):
            let chars = s.map { Value.string(String($0)) }
            return try sequenceItem(chars, index, what: "string") { .string($0.map { if case .string(let c) = $0 { c } else { "" } }.joined()) }
        case .dict(let d):
            if let v = try d.get(index) { return v }
            switch d.flavor {
            case .defaultDict(let factory) where !factory.isPyNone:
                let made = try call(factory, Arguments())
                try d.set(index, made)
                return made
            case .counter: return .int(0)
            default: throw try PyError.missingKey(index, self)
            }
        case .object(let o):
            if let v = try o.getItem(index, self) { return v }
            throw PyError.type("'\(o.typeName)' object is not subscriptable")
        default:
            throw PyError.type("'\(typeName(object))' object is not subscriptable")
        }
    }

    func sequenceItem(_ items: [Value], _ index: Value, what: String, rebuild: ([Value]) -> Value) throws -> Value {
        if case .slice(let lo, let hi, let st) = index {
            return rebuild(try slice(items, lo, hi, st))
        }
        let i = try normalizeIndex(index, count: items.count, what: what)
        return items[i]
    }

    package func normalizeIndex(_ index: Value, count: Int, what: String) throws -> Int {
        guard let raw = try asIndex(index) else {
            throw PyError.type("\(what) indices must be integers or slices, not \(typeName(index))")
        }
        let i = raw < 0 ? raw + count : raw
        guard i >= 0 && i < count else { throw PyError.index("\(what) index out of range") }
        return i
    }

    /// An int-like value as an index (ints, bools, and objects that stand for ints).
    package func asIndex(_ v: Value) throws -> Int? {
        switch v {
        case .int(let i): return i
        case .bool(let b): return b ? 1 : 0
        case .object(let o):
            if let n = try o.asNumber(self), case .int(let i) = n { return i }
            return nil
        default: return nil
        }
    }

    /// Python's slice semantics over a sequence.
    package func slice<T>(_ items: [T], _ lo: Value, _ hi: Value, _ st: Value) throws -> [T] {
        let (start, stop, step) = try sliceBounds(count: items.count, lo, hi, st)
        var out: [T] = []
        var i = start
        while step > 0 ? i < stop : i > stop {
            out.append(items[i])
            i += step
        }
        return out
    }

    package func sliceBounds(count: Int, _ lo: Value, _ hi: Value, _ st: Value) throws -> (Int, Int, Int) {
        let step = try optionalInt(st) ?? 1
        guard step != 0 else { throw PyError.value("slice step cannot be zero") }
        func clamp(_ v: Int?, _ defaultValue: Int) -> Int {
            guard var v else { return defaultValue }
            if v < 0 { v += count }
            if step > 0 { return min(max(v, 0), count) }
            return min(max(v, -1), count - 1)
        }
        let start = clamp(try optionalInt(lo), step > 0 ? 0 : count - 1)
        let stop = clamp(try optionalInt(hi), step > 0 ? count : -1)
        return (start, stop, step)
    }

    func optionalInt(_ v: Value) throws -> Int? {
        if case .none = v { return nil }
        guard let i = try asIndex(v) else {
            throw PyError.type("slice indices must be integers or None or have an __index__ method")
        }
        return i
    }

    package func setItem(_ object: Value, _ index: Value, _ value: Value) throws {
        switch object {
        case .list(let l):
            if case .slice(let lo, let hi, let st) = index {
                let (start, stop, step) = try sliceBounds(count: l.items.count, lo, hi, st)
                guard step == 1 else { throw PyError.value("extended slice assignment is not supported") }
                l.items.replaceSubrange(start..<max(start, stop), with: try materialize(value))
                return
            }
            l.items[try normalizeIndex(index, count: l.items.count, what: "list assignment")] = value
        case .dict(let d): try d.set(index, value)
        case .object(let o):
            if try o.setItem(index, value, self) { return }
            throw PyError.type("'\(o.typeName)' object does not support item assignment")
        default:
            throw PyError.type("'\(typeName(object))' object does not support item assignment")
        }
    }
}

/// A module namespace (`torch`, `torch.nn`, ...): named attributes.
package final class ModuleObject: PyObject {
    package let name: String
    package var attributes: [String: Value]

    package init(name: String, attributes: [String: Value] = [:]) {
        self.name = name
        self.attributes = attributes
    }

    package var typeName: String { "module" }
    /// Submodules loaded on first use (`torchvision.models`), by attribute name: the
    /// interpreter's `moduleSources` hold their code.
    package var submodules: Set<String> = []

    package func getAttribute(_ n: String, _ interp: Interpreter) throws -> Value? {
        if n == "__name__" { return .string(name) }
        if let v = attributes[n] { return v }
        if submodules.contains(n), let loaded = try interp.module(named: name + "." + n) {
            attributes[n] = loaded
            return loaded
        }
        return nil
    }
    package func setAttribute(_ n: String, _ value: Value, _ interp: Interpreter) throws -> Bool {
        attributes[n] = value
        return true
    }
    package func repr(_ interp: Interpreter) throws -> String { "<module '\(name)'>" }
    package func attributeNames() -> [String] { Array(attributes.keys) + submodules }
}
