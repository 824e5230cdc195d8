import Foundation

/// The methods of `str`, with CPython's results for the arguments they take (fill
/// characters, maxsplit, chars to strip, start/end, tuples of prefixes, counts).
extension Interpreter {
    func stringMethod(_ s: String, _ name: String) -> Value? {
        func text(_ v: Value) throws -> String {
            guard case .string(let t) = v else { throw PyError.type("must be str, not \(typeName(v))") }
            return t
        }
        func optionalText(_ a: Arguments, _ k: Int, _ keyword: String) throws -> String? {
            let v = k < a.positional.count ? a.positional[k] : a.keyword(keyword)
            guard let v else { return nil }
            if case .none = v { return nil }
            return try text(v)
        }
        func integer(_ a: Arguments, _ k: Int, _ keyword: String, _ fallback: Int) throws -> Int {
            let v = k < a.positional.count ? a.positional[k] : a.keyword(keyword)
            guard let v else { return fallback }
            if case .none = v { return fallback }
            guard let n = try asIndex(v) else { throw PyError.type("'\(typeName(v))' object cannot be interpreted as an integer") }
            return n
        }
        func fill(_ a: Arguments) throws -> Character {
            guard a.positional.count > 1 else { return " " }
            let f = try text(a.positional[1])
            guard f.count == 1 else { throw PyError.type("The fill character must be exactly one character long") }
            return f.first!
        }
        let chars = Array(s)
        /// `s[start:end]` with Python's clamping, for find/count/startswith.
        func window(_ a: Arguments, from k: Int) throws -> (String, Int) {
            let n = chars.count
            func clamp(_ v: Int) -> Int { v < 0 ? max(0, v + n) : min(v, n) }
            let start = clamp(try integer(a, k, "start", 0)), end = clamp(try integer(a, k + 1, "end", n))
            guard start <= end else { return ("", start) }
            return (String(chars[start..<end]), start)
        }
        func whitespace(_ c: Character) -> Bool { c.isWhitespace }
        func strip(_ a: Arguments, leading: Bool, trailing: Bool) throws -> String {
            let set = try optionalText(a, 0, "chars").map { Set($0) }
            func drop(_ c: Character) -> Bool { set.map { $0.contains(c) } ?? whitespace(c) }
            var slice = chars[...]
            if leading { while let c = slice.first, drop(c) { slice.removeFirst() } }
            if trailing { while let c = slice.last, drop(c) { slice.removeLast() } }
            return String(slice)
        }
        func find(_ a: Arguments, last: Bool) throws -> Int {
            let sub = try text(a.positional[0])
            let (w, offset) = try window(a, from: 1)
            guard let r = last ? w.range(of: sub, options: .backwards) : w.range(of: sub) else {
                return sub.isEmpty ? offset + (last ? w.count : 0) : -1
            }
            return offset + w.distance(from: w.startIndex, to: r.lowerBound)
        }
        /// Python's split: by a separator, or by runs of whitespace; at most maxsplit times.
        func split(_ a: Arguments, fromRight: Bool) throws -> [String] {
            let sep = try optionalText(a, 0, "sep")
            let maxSplit = try integer(a, 1, "maxsplit", -1)
            if let sep {
                guard !sep.isEmpty else { throw PyError.value("empty separator") }
                var parts = s.components(separatedBy: sep)
                // parts.count - 1 > maxSplit, written so maxsplit=2**63-1 cannot overflow.
                if maxSplit >= 0 && parts.count - 1 > maxSplit {
                    if fromRight {
                        let head = parts.prefix(parts.count - maxSplit).joined(separator: sep)
                        parts = [head] + parts.suffix(maxSplit)
                    } else {
                        let tail = parts.dropFirst(maxSplit).joined(separator: sep)
                        parts = Array(parts.prefix(maxSplit)) + [tail]
                    }
                }
                return parts
            }
            var words: [String] = []
            var rest = fromRight ? Array(chars.reversed())[...] : chars[...]
            while true {
                while let c = rest.first, whitespace(c) { rest.removeFirst() }
                if rest.isEmpty { break }
                if maxSplit >= 0 && words.count == maxSplit {
                    var tail = rest
                    while let c = tail.last, whitespace(c) { tail.removeLast() }
                    words.append(String(tail))
                    break
                }
                let word = rest.prefix { !whitespace($0) }
                words.append(String(word))
                rest = rest.dropFirst(word.count)
            }
            return fromRight ? words.map { String($0.reversed()) }.reversed() : words
        }
        func predicate(_ test: @escaping (Character) -> Bool) -> Value {
            method(name, of: "str") { _ in .bool(!chars.isEmpty && chars.allSatisfy(test)) }
        }
        func affix(_ a: Arguments, prefix: Bool) throws -> Bool {
            let (w, _) = try window(a, from: 1)
            let options: [String]
            switch a.positional[0] {
            case .tuple(let items): options = try items.map(text)
            case let v: options = [try text(v)]
            }
            return options.contains { prefix ? w.hasPrefix($0) : w.hasSuffix($0) }
        }
        switch name {
        case "join":
            return method(name, of: "str") { a in
                .string(try self.materialize(a.positional[0]).enumerated().map { k, v in
                    guard case .string(let t) = v else {
                        throw PyError.type("sequence item \(k): expected str instance, \(self.typeName(v)) found")
                    }
                    return t
                }.joined(separator: s))
            }
        case "split": return method(name, of: "str") { a in .list(PyList(try split(a, fromRight: false).map { .string($0) })) }
        case "rsplit": return method(name, of: "str") { a in .list(PyList(try split(a, fromRight: true).map { .string($0) })) }
        case "splitlines":
            return method(name, of: "str") { a in
                let keep = try self.truth(a.positional.first ?? a.keyword("keepends") ?? .bool(false))
                var lines: [Value] = []
                var current = ""
                for c in chars {
                    if c == "\n" || c == "\r\n" || c == "\r" {
                        lines.append(.string(keep ? current + String(c) : current))
                        current = ""
                    } else {
                        current.append(c)
                    }
                }
                if !current.isEmpty { lines.append(.string(current)) }
                return .list(PyList(lines))
            }
        case "partition", "rpartition":
            return method(name, of: "str") { a in
                let sep = try text(a.positional[0])
                guard !sep.isEmpty else { throw PyError.value("empty separator") }
                guard let r = name == "partition" ? s.range(of: sep) : s.range(of: sep, options: .backwards) else {
                    return name == "partition" ? .tuple([.string(s), .string(""), .string("")]) : .tuple([.string(""), .string(""), .string(s)])
                }
                return .tuple([.string(String(s[..<r.lowerBound])), .string(sep), .string(String(s[r.upperBound...]))])
            }
        case "strip": return method(name, of: "str") { a in .string(try strip(a, leading: true, trailing: true)) }
        case "lstrip": return method(name, of: "str") { a in .string(try strip(a, leading: true, trailing: false)) }
        case "rstrip": return method(name, of: "str") { a in .string(try strip(a, leading: false, trailing: true)) }
        case "removeprefix": return method(name, of: "str") { a in let p = try text(a.positional[0]); return .string(s.hasPrefix(p) ? String(s.dropFirst(p.count)) : s) }
        case "removesuffix": return method(name, of: "str") { a in let p = try text(a.positional[0]); return .string(s.hasSuffix(p) && !p.isEmpty ? String(s.dropLast(p.count)) : s) }
        case "upper": return method(name, of: "str") { _ in .string(s.uppercased()) }
        case "lower", "casefold": return method(name, of: "str") { _ in .string(s.lowercased()) }
        case "swapcase":
            return method(name, of: "str") { _ in
                .string(String(chars.map { c -> String in c.isUppercase ? c.lowercased() : c.isLowercase ? c.uppercased() : String(c) }.joined()))
            }
        case "title":
            // Python: a letter after a non-letter starts a word (so "they're" gives "They'Re").
            return method(name, of: "str") { _ in
                var out = "", previousLetter = false
                for c in chars {
                    out += previousLetter ? c.lowercased() : c.uppercased()
                    previousLetter = c.isLetter
                }
                return .string(out)
            }
        case "capitalize":
            return method(name, of: "str") { _ in .string(chars.first.map { $0.uppercased() + String(chars.dropFirst()).lowercased() } ?? "") }
        case "startswith": return method(name, of: "str") { a in .bool(try affix(a, prefix: true)) }
        case "endswith": return method(name, of: "str") { a in .bool(try affix(a, prefix: false)) }
        case "replace":
            return method(name, of: "str") { a in
                let old = try text(a.positional[0]), new = try text(a.positional[1])
                let count = try integer(a, 2, "count", -1)
                if count < 0 { return .string(old.isEmpty ? new + chars.map(String.init).joined(separator: new) + new : s.replacingOccurrences(of: old, with: new)) }
                var out = "", rest = s[...], done = 0
                while done < count, !old.isEmpty, let r = rest.range(of: old) {
                    out += rest[..<r.lowerBound] + new
                    rest = rest[r.upperBound...]
                    done += 1
                }
                return .string(out + rest)
            }
        case "find": return method(name, of: "str") { a in .int(try find(a, last: false)) }
        case "rfind": return method(name, of: "str") { a in .int(try find(a, last: true)) }
        case "index", "rindex":
            return method(name, of: "str") { a in
                let i = try find(a, last: name == "rindex")
                guard i >= 0 else { throw PyError.value("substring not found") }
                return .int(i)
            }
        case "count":
            return method(name, of: "str") { a in
                let sub = try text(a.positional[0])
                let (w, _) = try window(a, from: 1)
                if sub.isEmpty { return .int(w.count + 1) }
                return .int(w.components(separatedBy: sub).count - 1)
            }
        case "isdigit", "isnumeric", "isdecimal": return predicate { $0.isNumber }
        case "isalpha": return predicate { $0.isLetter }
        case "isalnum": return predicate { $0.isLetter || $0.isNumber }
        case "isspace": return predicate { $0.isWhitespace }
        case "isupper":
            return method(name, of: "str") { _ in .bool(chars.contains { $0.isCased } && !chars.contains { $0.isLowercase }) }
        case "islower":
            return method(name, of: "str") { _ in .bool(chars.contains { $0.isCased } && !chars.contains { $0.isUppercase }) }
        case "istitle":
            return method(name, of: "str") { _ in
                var previousCased = false, any = false
                for c in chars {
                    if c.isUppercase { if previousCased { return .bool(false) }; previousCased = true; any = true }
                    else if c.isLowercase { if !previousCased { return .bool(false) }; previousCased = true; any = true }
                    else { previousCased = false }
                }
                return .bool(any)
            }
        case "isidentifier":
            return method(name, of: "str") { _ in .bool(chars.first.map { $0.isLetter || $0 == "_" } == true && chars.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" }) }
        case "format": return method(name, of: "str") { a in .string(try self.strFormat(s, a)) }
        case "center", "ljust", "rjust":
            return method(name, of: "str") { a in
                let width = try integer(a, 0, "width", 0)
                if width > Interpreter.memoryLimit / 4 { throw PyError("MemoryError", "") }
                let f = try fill(a)
                let pad = width > chars.count ? width - chars.count : 0  // a huge negative width must not overflow
                switch name {
                case "ljust": return .string(s + String(repeating: f, count: pad))
                case "rjust": return .string(String(repeating: f, count: pad) + s)
                default:
                    // CPython puts the extra character on the left when the text is odd.
                    let left = pad / 2 + (pad & width & 1)
                    return .string(String(repeating: f, count: left) + s + String(repeating: f, count: pad - left))
                }
            }
        case "zfill":
            return method(name, of: "str") { a in
                let width = try integer(a, 0, "width", 0)
                if width > Interpreter.memoryLimit / 4 { throw PyError("MemoryError", "") }
                let pad = width > chars.count ? width - chars.count : 0  // a huge negative width must not overflow
                if let sign = chars.first, sign == "-" || sign == "+" {
                    return .string(String(sign) + String(repeating: "0", count: pad) + String(chars.dropFirst()))
                }
                return .string(String(repeating: "0", count: pad) + s)
            }
        case "expandtabs":
            return method(name, of: "str") { a in
                let size = try integer(a, 0, "tabsize", 8)
                if size > Interpreter.memoryLimit / 4 / max(1, chars.filter { $0 == "\t" }.count) { throw PyError("MemoryError", "") }
                var out = "", column = 0
                for c in chars {
                    if c == "\t" {
                        let n = size > 0 ? size - column % size : 0
                        out += String(repeating: " ", count: n)
                        column += n
                    } else {
                        out.append(c)
                        column = c == "\n" || c == "\r" ? 0 : column + 1
                    }
                }
                return .string(out)
            }
        case "encode":
            return method(name, of: "str") { a in
                try BytesObject.checkUTF8(a.positional.first ?? a.keyword("encoding"), self)
                return .object(BytesObject(Array(s.utf8)))
            }
        default: return nil
        }
    }
}
