/// The everyday methods of lists, dicts and strings.
extension Interpreter {
    func method(_ name: String, of owner: String = "", _ body: @escaping (Arguments) throws -> Value) -> Value {
        .builtin(Builtin(name) { args, _ in
            try BuiltinArity.checkMethod(owner, name, args)
            return try body(args)
        })
    }

    func builtinMethod(_ object: Value, _ name: String) throws -> Value? {
        switch object {
        case .list(let l): return listMethod(l, name)
        case .dict(let d): return dictMethod(d, name)
        case .string(let s): return stringMethod(s, name)
        case .tuple(let t):
            switch name {
            case "index": return method(name) { a in .int(try self.indexOf(t, a.positional.first ?? Value.none)) }
            case "count": return method(name) { a in .int(try t.filter { try self.equal($0, a.positional.first ?? Value.none) }.count) }
            default: return nil
            }
        case .float(let d):
            switch name {
            case "is_integer": return method(name) { _ in .bool(d == d.rounded()) }
            case "real": return .float(d)
            default: return nil
            }
        case .int(let i):
            switch name {
            case "real": return .int(i)
            case "bit_length": return method(name) { _ in .int(Int.bitWidth - i.magnitude.leadingZeroBitCount) }
            default: return nil
            }
        case .bigInt(let b):
            switch name {
            case "real": return .bigInt(b)
            case "bit_length": return method(name) { _ in .int(b.magnitude.bitWidth) }
            default: return nil
            }
        case .function(let f):
            switch name {
            case "__name__", "__qualname__": return .string(f.name)
            case "__doc__": return Value.none
            default: return nil
            }
        case .builtin(let b):
            switch name {
            case "__name__": return .string(b.name)
            case "__qualname__": return .string(b.qualifiedName)
            default: return nil
            }
        default: return nil
        }
    }

    func indexOf(_ items: [Value], _ x: Value) throws -> Int {
        for (i, v) in items.enumerated() where try equal(v, x) { return i }
        throw PyError.value("\(try repr(x)) is not in list")
    }

    func listMethod(_ l: PyList, _ name: String) -> Value? {
        switch name {
        case "append": return method(name, of: "list") { a in l.items.append(a.positional[0]); return .none }
        case "extend": return method(name, of: "list") { a in l.items += try self.materialize(a.positional[0]); return .none }
        case "pop":
            return method(name, of: "list") { a in
                guard !l.items.isEmpty else { throw PyError.index("pop from empty list") }
                let i = a.positional.isEmpty ? l.items.count - 1 : try self.normalizeIndex(a.positional[0], count: l.items.count, what: "pop")
                return l.items.remove(at: i)
            }
        case "insert":
            return method(name, of: "list") { a in
                var i = try self.asIndex(a.positional[0]) ?? 0
                if i < 0 { i = max(0, i + l.items.count) }
                l.items.insert(a.positional[1], at: min(i, l.items.count))
                return .none
            }
        case "index": return method(name, of: "list") { a in .int(try self.indexOf(l.items, a.positional[0])) }
        case "count": return method(name, of: "list") { a in .int(try l.items.filter { try self.equal($0, a.positional[0]) }.count) }
        case "remove":
            return method(name, of: "list") { a in
                l.items.remove(at: try self.indexOf(l.items, a.positional[0]))
                return .none
            }
        case "reverse": return method(name, of: "list") { _ in l.items.reverse(); return .none }
        case "clear": return method(name, of: "list") { _ in l.items = []; return .none }
        case "copy": return method(name, of: "list") { _ in .list(PyList(l.items)) }
        case "sort":
            return method(name, of: "list") { a in
                l.items = try self.sortedValues(l.items, key: a.keyword("key"), reverse: try self.truth(a.keyword("reverse") ?? .bool(false)))
                return .none
            }
        default: return nil
        }
    }

    func dictMethod(_ d: PyDict, _ name: String) -> Value? {
        if let m = flavoredDictMethod(d, name) { return m }
        switch name {
        case "keys", "values", "items": return method(name, of: "dict") { _ in .object(DictView(d, DictView.Kind(rawValue: name)!)) }
        case "get": return method(name, of: "dict") { a in try d.get(a.positional[0]) ?? (a.positional.count > 1 ? a.positional[1] : .none) }
        case "update":
            return method(name, of: "dict") { a in
                if let other = a.positional.first {
                    if case .dict(let o) = other {
                        for (k, v) in o.pairs { try d.set(k, v) }
                    } else {
                        for pair in try self.materialize(other) {
                            let kv = try self.materialize(pair)
                            try d.set(kv[0], kv[1])
                        }
                    }
                }
                for (k, v) in a.keywords { try d.set(.string(k), v) }
                return .none
            }
        case "pop":
            return method(name, of: "dict") { a in
                if let v = try d.remove(a.positional[0]) { return v }
                if a.positional.count > 1 { return a.positional[1] }
                throw try PyError.missingKey(a.positional[0], self)
            }
        case "setdefault":
            return method(name, of: "dict") { a in
                if let v = try d.get(a.positional[0]) { return v }
                let v = a.positional.count > 1 ? a.positional[1] : .none
                try d.set(a.positional[0], v)
                return v
            }
        case "copy":
            return method(name, of: "dict") { _ in
                let copy = try PyDict(d.pairs)
                copy.flavor = d.flavor
                return .dict(copy)
            }
        case "clear": return method(name, of: "dict") { _ in for k in d.keys { try d.remove(k) }; return .none }
        default: return nil
        }
    }

    /// str.format with `{}`, `{0}`, `{name}` and format specs.
    func strFormat(_ template: String, _ a: Arguments) throws -> String {
        var out = ""
        var auto = 0
        var chars = Array(template)[...]
        while let c = chars.popFirst() {
            if c == "{" {
                if chars.first == "{" { chars.removeFirst(); out += "{"; continue }
                var field = ""
                while let d = chars.popFirst(), d != "}" { field.append(d) }
                let parts = field.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
                var key = String(parts[0])
                let spec = parts.count > 1 ? String(parts[1]) : ""
                // `{0!r}`, `{!s}`: a conversion before the spec.
                var conversion: Character?
                if let bang = key.firstIndex(of: "!") {
                    let rest = key[key.index(after: bang)...]
                    guard rest.count == 1, let c = rest.first, "rsa".contains(c) else {
                        throw PyError.value(rest.isEmpty ? "end of string while looking for conversion specifier" : "Unknown conversion specifier \(rest)")
                    }
                    conversion = c
                    key = String(key[..<bang])
                }
                // `{x.attr}` and `{x[0]}` reach into the argument.
                var path: [(attribute: Bool, name: String)] = []
                if let cut = key.firstIndex(where: { $0 == "." || $0 == "[" }) {
                    var rest = key[cut...]
                    key = String(key[..<cut])
                    while let c = rest.first {
                        rest.removeFirst()
                        if c == "." {
                            let name = rest.prefix { $0 != "." && $0 != "[" }
                            path.append((true, String(name)))
                            rest = rest.dropFirst(name.count)
                        } else if c == "[" {
                            let name = rest.prefix { $0 != "]" }
                            path.append((false, String(name)))
                            rest = rest.dropFirst(name.count + 1)
                        }
                    }
                }
                var value: Value
                if key.isEmpty {
                    guard auto < a.positional.count else { throw PyError.index("Replacement index \(auto) out of range for positional args tuple") }
                    value = a.positional[auto]
                    auto += 1
                } else if let n = UInt(key), let i = Int(exactly: n) {
                    guard i < a.positional.count else { throw PyError.index("Replacement index \(i) out of range for positional args tuple") }
                    value = a.positional[i]
                } else {
                    guard let v = a.keyword(key) else { throw PyError.key("'\(key)'") }
                    value = v
                }
                for step in path {
                    if step.attribute {
                        value = try getAttribute(value, step.name)
                    } else {
                        value = try getItem(value, Int(step.name).map { .int($0) } ?? .string(step.name))
                    }
                }
                switch conversion {
                case "r", "a": value = .string(try repr(value))
                case "s": value = .string(try str(value))
                default: break
                }
                out += try format(value, spec)
            } else if c == "}" {
                if chars.first == "}" { chars.removeFirst() }
                out += "}"
            } else {
                out.append(c)
            }
        }
        return out
    }

    func sortedValues(_ items: [Value], key: Value?, reverse: Bool) throws -> [Value] {
        let keyed = try items.map { item in (item, try key.map { k in try self.call(k, Arguments([item])) } ?? item) }
        var failure: Error?
        let sorted = keyed.enumerated().sorted { x, y in
            do {
                if try self.ordered(.lt, x.element.1, y.element.1) { return !reverse }
                if try self.ordered(.lt, y.element.1, x.element.1) { return reverse }
                return x.offset < y.offset
            } catch {
                failure = error
                return false
            }
        }
        if let failure { throw failure }
        return sorted.map(\.element.0)
    }
}

import Foundation
