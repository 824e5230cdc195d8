import BigInt

/// Python's repr, str, format and type names.
extension Interpreter {
    package func typeName(_ v: Value) -> String {
        switch v {
        case .none: "NoneType"
        case .bool: "bool"
        case .int, .bigInt: "int"
        case .float: "float"
        case .string: "str"
        case .list: "list"
        case .tuple: "tuple"
        case .dict(let d): d.flavor.typeName
        case .function: "function"
        case .builtin: "builtin_function_or_method"
        case .object(let o): o.typeName
        case .slice: "slice"
        case .ellipsis: "ellipsis"
        }
    }

    package func repr(_ v: Value) throws -> String {
        switch v {
        case .none: return "None"
        case .bool(let b): return b ? "True" : "False"
        case .int(let i): return String(i)
        case .bigInt(let b): return b.description
        case .float(let d): return PythonFloat.repr(d)
        case .string(let s): return Interpreter.quote(s)
        case .list(let l):
            return try reprContainer(l, cycle: "[...]") { "[" + (try l.items.map { try repr($0) }.joined(separator: ", ")) + "]" }
        case .tuple(let t):
            return try reprContainer(nil, cycle: "") {
                if t.count == 1 { return "(" + (try repr(t[0])) + ",)" }
                return "(" + (try t.map { try repr($0) }.joined(separator: ", ")) + ")"
            }
        case .dict(let d):
            return try reprContainer(d, cycle: "{...}") {
                func body(_ pairs: [(Value, Value)]) throws -> String {
                    "{" + (try pairs.map { "\(try repr($0.0)): \(try repr($0.1))" }.joined(separator: ", ")) + "}"
                }
                switch d.flavor {
                case .plain: return try body(d.pairs)
                case .ordered:
                    // Python 3.11's OrderedDict repr: a list of pairs.
                    if d.count == 0 { return "OrderedDict()" }
                    return "OrderedDict([" + (try d.pairs.map { "(\(try repr($0.0)), \(try repr($0.1)))" }.joined(separator: ", ")) + "])"
                case .defaultDict(let factory):
                    return "defaultdict(\(try repr(factory)), \(try body(d.pairs)))"
                case .counter:
                    if d.count == 0 { return "Counter()" }
                    return "Counter(\(try body(try counterOrder(d))))"
                }
            }
        case .function(let f): return "<function \(f.name)>"
        case .builtin(let b): return "<built-in function \(b.name)>"
        case .object(let o): return try o.repr(self)
        case .slice(let a, let b, let c): return "slice(\(try repr(a)), \(try repr(b)), \(try repr(c)))"
        case .ellipsis: return "Ellipsis"
        }
    }

    /// A container's repr, `[...]` / `{...}` where it contains itself (Python's
    /// Py_ReprEnter), and RecursionError past Python's nesting limit instead of a stack
    /// overflow.
    private func reprContainer(_ object: AnyObject?, cycle: String, _ body: () throws -> String) throws -> String {
        if let object {
            guard reprActive.insert(ObjectIdentifier(object)).inserted else { return cycle }
        }
        defer { if let object { reprActive.remove(ObjectIdentifier(object)) } }
        try enterNesting("while getting the repr of an object")
        defer { nesting -= 1 }
        return try body()
    }

    /// Runs one level of a recursive walk over values in another layer (saving).
    package func nested<T>(_ context: String, _ body: () throws -> T) throws -> T {
        try enterNesting(context)
        defer { nesting -= 1 }
        return try body()
    }

    /// Counts one level of a recursive walk over values (repr, ==, saving), with Python's
    /// RecursionError past its limit.
    func enterNesting(_ context: String) throws {
        nesting += 1
        if nesting > Interpreter.nestingLimit {
            nesting -= 1
            throw PyError("RecursionError", "maximum recursion depth exceeded \(context)")
        }
    }

    package func str(_ v: Value) throws -> String {
        switch v {
        case .string(let s): return s
        case .object(let o): return try o.str(self)
        default: return try repr(v)
        }
    }

    /// Python's repr of a string: single quotes unless the text has one and no double quote.
    static func quote(_ s: String) -> String {
        let useDouble = s.contains("'") && !s.contains("\"")
        let q: Character = useDouble ? "\"" : "'"
        var out = String(q)
        for c in s.unicodeScalars {
            switch c {
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            default:
                if Character(c) == q { out += "\\" + String(q) }
                else if c.value < 0x20 || c.value == 0x7f { out += "\\x" + hexByte(c.value) }
                else { out.unicodeScalars.append(c) }
            }
        }
        out.append(q)
        return out
    }

    /// format(value, spec), as f-strings use it.
    package func format(_ v: Value, _ spec: String) throws -> String {
        switch v {
        case .int(let i): return try FormatSpec(spec).format(int: i)
        case .bool(let b):
            if spec.isEmpty { return b ? "True" : "False" }
            return try FormatSpec(spec).format(int: b ? 1 : 0)
        case .bigInt(let b):
            if spec.isEmpty { return b.description }
            return try FormatSpec(spec).format(bigInt: b)
        case .float(let d): return try FormatSpec(spec).format(float: d)
        case .string(let s): return try FormatSpec(spec).format(string: s)
        case .object(let o):
            if let text = try o.format(spec, self) { return text }
            if spec.isEmpty { return try o.str(self) }
            throw PyError.type("unsupported format string passed to \(o.typeName).__format__")
        default:
            if spec.isEmpty { return try str(v) }
            throw PyError.type("unsupported format string passed to \(typeName(v)).__format__")
        }
    }
}

private func hexByte(_ value: UInt32) -> String {
    let hex = String(value, radix: 16)
    return String(repeating: "0", count: max(0, 2 - hex.count)) + hex
}
