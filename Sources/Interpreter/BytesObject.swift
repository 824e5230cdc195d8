import PythonSyntax

/// Python's bytes: an immutable sequence of byte values that prints as b'...'.
final class BytesObject: PyObject {
    let bytes: [UInt8]

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    /// bytes(), bytes(n), bytes(iterable of ints), bytes(str, encoding), bytes(bytes).
    static func make(_ a: Arguments, _ interp: Interpreter) throws -> Value {
        guard let source = a.positional.first ?? a.keyword("source") else { return .object(BytesObject([])) }
        let encoding = a.positional.count > 1 ? a.positional[1] : a.keyword("encoding")
        switch source {
        case .string(let s):
            guard let encoding else { throw PyError.type("string argument without an encoding") }
            try checkUTF8(encoding, interp)
            return .object(BytesObject(Array(s.utf8)))
        case .int(let n):
            guard n >= 0 else { throw PyError.value("negative count") }
            guard n <= Interpreter.memoryLimit else { throw PyError("MemoryError", "") }
            return .object(BytesObject([UInt8](repeating: 0, count: n)))
        case .object(let o as BytesObject):
            return .object(BytesObject(o.bytes))
        default:
            let items = try interp.materialize(source)
            return .object(BytesObject(try items.map { v in
                guard let i = try interp.asIndex(v) else {
                    throw PyError.type("'\(interp.typeName(v))' object cannot be interpreted as an integer")
                }
                guard (0...255).contains(i) else { throw PyError.value("bytes must be in range(0, 256)") }
                return UInt8(i)
            }))
        }
    }

    static func checkUTF8(_ encoding: Value?, _ interp: Interpreter) throws {
        guard let encoding, !encoding.isPyNone else { return }
        let name = try interp.str(encoding).lowercased().replacingOccurrences(of: "-", with: "").replacingOccurrences(of: "_", with: "")
        guard name == "utf8" || name == "ascii" else {
            throw PyError("NotImplementedError", "the \(try interp.str(encoding)) encoding is not supported by tsh yet (UTF-8 is)")
        }
    }

    var typeName: String { "bytes" }

    /// Python's bytes repr: printable ASCII as is, \t \n \r and \\ escaped, the rest as \xNN;
    /// single quotes unless the bytes hold a ' and no ".
    func repr(_ interp: Interpreter) throws -> String {
        let quote: UInt8 = bytes.contains(UInt8(ascii: "'")) && !bytes.contains(UInt8(ascii: "\"")) ? UInt8(ascii: "\"") : UInt8(ascii: "'")
        var out = "b" + String(UnicodeScalar(quote))
        for b in bytes {
            switch b {
            case UInt8(ascii: "\\"): out += "\\\\"
            case UInt8(ascii: "\t"): out += "\\t"
            case UInt8(ascii: "\n"): out += "\\n"
            case UInt8(ascii: "\r"): out += "\\r"
            case quote: out += "\\" + String(UnicodeScalar(quote))
            case 32..<127: out.unicodeScalars.append(UnicodeScalar(b))
            default:
                let hex = String(b, radix: 16)
                out += "\\x" + (hex.count == 1 ? "0" + hex : hex)
            }
        }
        return out + String(UnicodeScalar(quote))
    }

    func length(_ interp: Interpreter) throws -> Int? { bytes.count }
    func truth(_ interp: Interpreter) throws -> Bool? { !bytes.isEmpty }
    func makeIterator(_ interp: Interpreter) throws -> PyIterator? { PyIterator(bytes.map { .int(Int($0)) }) }
    func hashKey() throws -> HashKey? { .string("bytes:" + bytes.map { String($0) }.joined(separator: ",")) }

    func getItem(_ index: Value, _ interp: Interpreter) throws -> Value? {
        if case .slice(let lo, let hi, let st) = index {
            return .object(BytesObject(try interp.slice(bytes, lo, hi, st)))
        }
        let i = try interp.normalizeIndex(index, count: bytes.count, what: "index")
        return .int(Int(bytes[i]))
    }

    func contains(_ value: Value, _ interp: Interpreter) throws -> Bool? {
        switch value {
        case .int(let i):
            guard (0...255).contains(i) else { throw PyError.value("byte must be in range(0, 256)") }
            return bytes.contains(UInt8(i))
        case .object(let o as BytesObject):
            return o.bytes.isEmpty || find(o.bytes) != nil
        default:
            throw PyError.type("a bytes-like object is required, not '\(interp.typeName(value))'")
        }
    }

    private func find(_ needle: [UInt8], from start: Int = 0) -> Int? {
        guard needle.count <= bytes.count else { return nil }
        if needle.isEmpty { return start <= bytes.count ? start : nil }
        var i = start
        while i + needle.count <= bytes.count {
            if bytes[i..<(i + needle.count)].elementsEqual(needle) { return i }
            i += 1
        }
        return nil
    }

    func compare(_ op: CompareOperator, _ other: Value, reflected: Bool, _ interp: Interpreter) throws -> Value? {
        guard case .object(let o as BytesObject) = other else {
            switch op {
            case .eq: return .bool(false)
            case .ne: return .bool(true)
            default: return nil
            }
        }
        let (l, r) = reflected ? (o.bytes, bytes) : (bytes, o.bytes)
        switch op {
        case .eq: return .bool(l == r)
        case .ne: return .bool(l != r)
        case .lt: return .bool(l.lexicographicallyPrecedes(r))
        case .le: return .bool(!r.lexicographicallyPrecedes(l))
        case .gt: return .bool(r.lexicographicallyPrecedes(l))
        case .ge: return .bool(!l.lexicographicallyPrecedes(r))
        default: return nil
        }
    }

    func binary(_ op: BinaryOperator, _ other: Value, reflected: Bool, _ interp: Interpreter) throws -> Value? {
        switch (op, other) {
        case (.add, .object(let o as BytesObject)):
            return .object(BytesObject(reflected ? o.bytes + bytes : bytes + o.bytes))
        case (.mul, _):
            guard let n = try interp.repetitions(other, of: bytes.count, bytesEach: 1) else { return nil }
            return .object(BytesObject(Array([[UInt8]](repeating: bytes, count: n).joined())))
        default:
            return nil
        }
    }

    func getAttribute(_ name: String, _ interp: Interpreter) throws -> Value? {
        func method(_ body: @escaping (Arguments) throws -> Value) -> Value { interp.method(name, of: "bytes", body) }
        func bytesArgument(_ v: Value) throws -> [UInt8] {
            guard case .object(let o as BytesObject) = v else {
                throw PyError.type("a bytes-like object is required, not '\(interp.typeName(v))'")
            }
            return o.bytes
        }
        switch name {
        case "decode":
            return method { a in
                try BytesObject.checkUTF8(a.positional.first ?? a.keyword("encoding"), interp)
                guard let text = String(bytes: self.bytes, encoding: .utf8) else {
                    throw PyError("UnicodeDecodeError", "'utf-8' codec can't decode bytes: invalid utf-8")
                }
                return .string(text)
            }
        case "hex": return method { _ in .string(self.bytes.map { $0 < 16 ? "0" + String($0, radix: 16) : String($0, radix: 16) }.joined()) }
        case "startswith":
            return method { a in .bool(self.bytes.starts(with: try bytesArgument(a.positional.first ?? .none))) }
        case "endswith":
            return method { a in .bool(self.bytes.reversed().starts(with: try bytesArgument(a.positional.first ?? .none).reversed())) }
        case "find": return method { a in .int(self.find(try bytesArgument(a.positional.first ?? .none)) ?? -1) }
        case "count":
            return method { a in
                let needle = try bytesArgument(a.positional.first ?? .none)
                var n = 0, i = 0
                while let at = self.find(needle, from: i) { n += 1; i = at + max(needle.count, 1) }
                return .int(n)
            }
        case "upper": return method { _ in .object(BytesObject(self.bytes.map { (97...122).contains($0) ? $0 - 32 : $0 })) }
        case "lower": return method { _ in .object(BytesObject(self.bytes.map { (65...90).contains($0) ? $0 + 32 : $0 })) }
        case "strip":
            return method { _ in
                let space: Set<UInt8> = [32, 9, 10, 11, 12, 13]
                var b = self.bytes[...]
                while let f = b.first, space.contains(f) { b = b.dropFirst() }
                while let l = b.last, space.contains(l) { b = b.dropLast() }
                return .object(BytesObject(Array(b)))
            }
        case "join":
            return method { a in
                let parts = try interp.materialize(a.positional.first ?? .none).map(bytesArgument)
                return .object(BytesObject(Array(parts.joined(separator: self.bytes))))
            }
        default: return nil
        }
    }

    func attributeNames() -> [String] {
        ["count", "decode", "endswith", "find", "hex", "join", "lower", "startswith", "strip", "upper"]
    }
}

extension Value {
    /// A Python bytes object holding `bytes` (for modules outside the interpreter).
    package static func bytes(_ bytes: [UInt8]) -> Value { .object(BytesObject(bytes)) }

    /// The bytes of a Python bytes object, nil for anything else.
    package var bytesContents: [UInt8]? {
        if case .object(let o as BytesObject) = self { return o.bytes }
        return nil
    }
}
