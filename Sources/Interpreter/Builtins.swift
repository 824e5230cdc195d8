import BigInt
import Foundation

/// A Python type as a value: `int`, `str`, `list`... callable to convert, usable in isinstance.
package final class TypeObject: PyObject {
    package let name: String
    let construct: (Arguments, Interpreter) throws -> Value
    /// The class's own attributes (`torch.Tensor.backward`, an unbound method), if any.
    package var members: ((String, Interpreter) throws -> Value?)?

    package init(_ name: String, _ construct: @escaping (Arguments, Interpreter) throws -> Value) {
        self.name = name
        self.construct = construct
    }

    package var typeName: String { "type" }
    package func call(_ args: Arguments, _ interp: Interpreter) throws -> Value? { try construct(args, interp) }
    package func repr(_ interp: Interpreter) throws -> String { "<class '\(name)'>" }
    package func getAttribute(_ n: String, _ interp: Interpreter) throws -> Value? {
        if n == "__name__" { return .string(name) }
        return try members?(n, interp)
    }
}

/// range(start, stop, step), lazy as in Python.
final class RangeObject: PyObject {
    let start: Int, stop: Int, step: Int
    init(_ start: Int, _ stop: Int, _ step: Int) { self.start = start; self.stop = stop; self.step = step }
    var typeName: String { "range" }
    /// The number of elements, nil when it does not fit in 64 bits (`range(-2**62, 2**62)`).
    var exactCount: Int? {
        let span = step > 0 ? BigInt(stop) - BigInt(start) : BigInt(start) - BigInt(stop)
        guard span > 0 else { return 0 }
        let magnitude = BigInt(step).magnitude
        return Int(exactly: (span + BigInt(magnitude) - 1) / BigInt(magnitude))
    }
    var count: Int { exactCount ?? Int.max }
    func length(_ interp: Interpreter) throws -> Int? {
        guard let n = exactCount else { throw PyError("OverflowError", "Python int too large to convert to C ssize_t") }
        return n
    }
    func makeIterator(_ interp: Interpreter) throws -> PyIterator? {
        var i = start
        var done = false
        var sinceCheck = 0
        return PyIterator { () -> Value? in
            guard !done, self.step > 0 ? i < self.stop : i > self.stop else { return nil }
            // A builtin can walk a huge range without running a statement (sum(range(10**12))):
            // Ctrl-C is looked at every 65,536 items.
            sinceCheck &+= 1
            if sinceCheck & 0xFFFF == 0, Interpreter.interrupted.consume() { throw PyError.keyboardInterrupt }
            let current = i
            // The step past the last element may not fit in 64 bits: that is the end.
            let (next, overflow) = i.addingReportingOverflow(self.step)
            if overflow { done = true } else { i = next }
            return .int(current)
        }
    }
    func getItem(_ index: Value, _ interp: Interpreter) throws -> Value? {
        if case .slice(let lo, let hi, let st) = index {
            // range(10)[2:8:2] is range(2, 8, 2): the slice's bounds mapped through this range.
            guard let n = exactCount else { throw PyError("OverflowError", "Python int too large to convert to C ssize_t") }
            let (i, j, k) = try interp.sliceBounds(count: n, lo, hi, st)
            let (newStep, stepOverflow) = step.multipliedReportingOverflow(by: k)
            let (first, firstOverflow) = step.multipliedReportingOverflow(by: i)
            let (last, lastOverflow) = step.multipliedReportingOverflow(by: j)
            guard !stepOverflow, !firstOverflow, !lastOverflow else {
                throw PyError("OverflowError", "Python int too large to convert to C ssize_t")
            }
            return .object(RangeObject(start &+ first, start &+ last, newStep))
        }
        let i = try interp.normalizeIndex(index, count: count, what: "range object")
        // Inside the range, so start + i·step lies between start and stop: no overflow.
        return .int(start &+ i &* step)
    }
    func contains(_ value: Value, _ interp: Interpreter) throws -> Bool? {
        guard case .int(let v) = value else { return false }
        if step > 0 ? (v < start || v >= stop) : (v > start || v <= stop) { return false }
        // The distance from start fits in 64 unsigned bits even where the signed one would not.
        let distance = step > 0 ? UInt(bitPattern: v &- start) : UInt(bitPattern: start &- v)
        return distance % step.magnitude == 0
    }
    func repr(_ interp: Interpreter) throws -> String {
        step == 1 ? "range(\(start), \(stop))" : "range(\(start), \(stop), \(step))"
    }
}

extension Interpreter {
    func builtin(_ name: String, _ body: @escaping (Arguments) throws -> Value) {
        builtins[name] = .builtin(Builtin(name) { args, _ in
            try BuiltinArity.check(name, args)
            return try body(args)
        })
    }

    func type(_ name: String, _ body: @escaping (Arguments) throws -> Value) {
        builtins[name] = .object(TypeObject(name) { args, _ in
            try BuiltinArity.check(name, args)
            return try body(args)
        })
    }

    package func int(_ v: Value) throws -> Value {
        switch v {
        case .int, .bigInt: return v
        case .bool(let b): return .int(b ? 1 : 0)
        case .float(let d):
            guard d.isFinite else {
                throw d.isNaN ? PyError.value("cannot convert float NaN to integer")
                              : PyError("OverflowError", "cannot convert float infinity to integer")
            }
            if let i = Int(exactly: d.rounded(.towardZero)) { return .int(i) }
            return .integer(BigInt(d.rounded(.towardZero)))
        case .string(let s):
            let t = s.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "_", with: "")
            if let i = Int(t) { return .int(i) }
            if let b = BigInt(t) { return .integer(b) }
            throw PyError.value("invalid literal for int() with base 10: \(Interpreter.quote(s))")
        case .object(let o):
            if let n = try o.asNumber(self) { return try int(n) }
            throw PyError.type("int() argument must be a string, a bytes-like object or a real number, not '\(o.typeName)'")
        default:
            throw PyError.type("int() argument must be a string, a bytes-like object or a real number, not '\(typeName(v))'")
        }
    }

    /// int(text, base): base 2-36, or 0 to read a 0x/0o/0b prefix as Python literals do.
    func int(parsing text: Value, base baseValue: Value) throws -> Value {
        guard case .string(let s) = text else {
            throw PyError.type("int() can't convert non-string with explicit base")
        }
        guard case .int(let base) = baseValue, base == 0 || (2...36).contains(base) else {
            throw PyError.value("int() base must be >= 2 and <= 36, or 0")
        }
        var t = Substring(s.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "_", with: ""))
        let negative = t.hasPrefix("-")
        if t.hasPrefix("-") || t.hasPrefix("+") { t = t.dropFirst() }
        var radix = base
        for (prefix, r) in [("0x", 16), ("0o", 8), ("0b", 2)] where t.lowercased().hasPrefix(prefix) && (base == 0 || base == r) {
            t = t.dropFirst(2)
            radix = r
        }
        if radix == 0 { radix = 10 }
        let invalid = PyError.value("invalid literal for int() with base \(base): \(Interpreter.quote(s))")
        guard !t.isEmpty else { throw invalid }
        if let small = Int(t, radix: radix) { return .int(negative ? -small : small) }
        var magnitude = BigInt(0)
        for c in t {
            guard let d = c.hexDigitValue ?? c.lowercased().unicodeScalars.first.map({ Int($0.value) - 87 }),
                  c.isASCII, (0..<radix).contains(d) else { throw invalid }
            magnitude = magnitude * BigInt(radix) + BigInt(d)
        }
        let value = negative ? -magnitude : magnitude
        if let i = Int(exactly: value) { return .int(i) }
        return .integer(value)
    }

    /// hash(x): Python's value for numbers (n mod 2**61 - 1, so hash(1) == hash(1.0));
    /// for other hashable values one stable within this run, as Python's string hashes are.
    func hash(_ v: Value) throws -> Int {
        let modulus = BigInt((1 << 61) - 1)
        func ofInteger(_ b: BigInt) -> Int {
            var h = Int(b.magnitude % modulus.magnitude)
            if b < 0 { h = -h }
            return h == -1 ? -2 : h
        }
        switch v {
        case .int(let i): return ofInteger(BigInt(i))
        case .bigInt(let b): return ofInteger(b)
        case .bool(let b): return b ? 1 : 0
        case .float(let d):
            if d.isFinite, d == d.rounded(), let b = BigInt(exactly: d) { return ofInteger(b) }
        case .list, .dict: throw PyError.type("unhashable type: '\(typeName(v))'")
        default: break
        }
        return try HashKey(v).hashValue
    }

    package func float(_ v: Value) throws -> Double {
        switch v {
        case .int(let i): return Double(i)
        case .bigInt(let b): return Double(b)
        case .bool(let b): return b ? 1 : 0
        case .float(let d): return d
        case .string(let s):
            let t = s.trimmingCharacters(in: .whitespaces).lowercased()
            switch t {
            case "inf", "+inf", "infinity": return .infinity
            case "-inf", "-infinity": return -.infinity
            case "nan", "+nan", "-nan": return .nan
            default:
                if let d = Double(t), !t.hasPrefix("0x") { return d }
                throw PyError.value("could not convert string to float: \(Interpreter.quote(s))")
            }
        case .object(let o):
            if let n = try o.asNumber(self) { return try float(n) }
            throw PyError.type("float() argument must be a string or a real number, not '\(o.typeName)'")
        default:
            throw PyError.type("float() argument must be a string or a real number, not '\(typeName(v))'")
        }
    }

    func installBuiltins() {
        // The program runs as the main module (a global in Python; a builtin here, so it
        // stays out of :vars).
        builtins["__name__"] = .string("__main__")
        modules["math"] = .object(makeMathModule())
        modules["time"] = .object(makeTimeModule())
        modules["sys"] = .object(makeSysModule())
        let (os, osPath) = makeOSModules()
        modules["os"] = .object(os)
        modules["os.path"] = .object(osPath)
        modules["random"] = .object(makeRandomModule())
        modules["itertools"] = .object(makeItertoolsModule())
        modules["functools"] = .object(makeFunctoolsModule())
        modules["operator"] = .object(makeOperatorModule())
        modules["collections"] = .object(makeCollectionsModule())
        modules["copy"] = .object(makeCopyModule())
        modules["typing"] = .object(makeTypingModule())
        modules["dataclasses"] = .object(makeDataclassesModule())
        builtin("dir") { a in
            guard a.keywords.isEmpty, a.positional.count <= 1 else { throw PyError.type("dir expected at most 1 argument, got \(a.positional.count)") }
            let names = a.positional.first.map { self.attributeNames(of: $0) } ?? self.globals.names.keys
            return .list(PyList(Set(names).sorted().map { .string($0) }))
        }
        for name in ["exit", "quit"] {
            builtin(name) { a in
                guard a.keywords.isEmpty, a.positional.count <= 1 else {
                    throw PyError.type("\(name)() takes from 0 to 1 positional arguments but \(a.positional.count) were given")
                }
                switch a.positional.first {
                case nil, .none?: throw PyError.systemExit(status: 0)
                case .int(let n)?: throw PyError.systemExit(status: Int32(truncatingIfNeeded: n))
                case .bool(let b)?: throw PyError.systemExit(status: b ? 1 : 0)
                case let v?: throw PyError.systemExit(status: 1, message: try self.str(v))
                }
            }
        }
        // Python's gc module, as far as a program asks it: collect() now, and how many
        // objects it found unreachable.
        modules["gc"] = .object(ModuleObject(name: "gc", attributes: [
            "collect": .builtin(Builtin("collect", qualifiedName: "gc.collect") { a, _ in
                guard a.keywords.isEmpty, a.positional.count <= 1 else { throw PyError.type("collect() takes at most 1 argument (\(a.count) given)") }
                // tsh has one generation: any valid one collects everything.
                if let g = a.positional.first {
                    guard case .int(let n) = g else { throw PyError.type("'\(self.typeName(g))' object cannot be interpreted as an integer") }
                    guard (0...2).contains(n) else { throw PyError.value("invalid generation") }
                }
                return .int(CycleRegistry.current.collect())
            }),
            "isenabled": .builtin(Builtin("isenabled", qualifiedName: "gc.isenabled") { _, _ in .bool(true) }),
        ]))
        builtin("print") { a in
            let sep = try a.keyword("sep").map { v -> String in if case .none = v { return " " }; return try self.str(v) } ?? " "
            let end = try a.keyword("end").map { v -> String in if case .none = v { return "\n" }; return try self.str(v) } ?? "\n"
            for (k, _) in a.keywords where !["sep", "end", "file", "flush"].contains(k) {
                throw PyError.type("'\(k)' is an invalid keyword argument for print()")
            }
            let text = try a.positional.map { try self.str($0) }.joined(separator: sep) + end
            // file=: sys.stdout / sys.stderr, an open file, or anything with write().
            if let file = a.keyword("file"), !file.isPyNone {
                _ = try self.call(try self.getAttribute(file, "write"), Arguments([.string(text)]))
            } else {
                self.write(text)
            }
            return .none
        }
        builtin("len") { a in
            guard a.positional.count == 1 else { throw PyError.type("len() takes exactly one argument (\(a.positional.count) given)") }
            switch a.positional[0] {
            case .string(let s): return .int(s.count)
            case .list(let l): return .int(l.items.count)
            case .tuple(let t): return .int(t.count)
            case .dict(let d): return .int(d.count)
            case .object(let o):
                if let n = try o.length(self) { return .int(n) }
                throw PyError.type("object of type '\(o.typeName)' has no len()")
            default: throw PyError.type("object of type '\(self.typeName(a.positional[0]))' has no len()")
            }
        }
        builtins["range"] = .object(TypeObject("range") { a, interp in
            try BuiltinArity.check("range", a)
            let ints = try a.positional.map { v -> Int in
                guard let i = try interp.asIndex(v) else {
                    throw PyError.type("'\(interp.typeName(v))' object cannot be interpreted as an integer")
                }
                return i
            }
            switch ints.count {
            case 1: return .object(RangeObject(0, ints[0], 1))
            case 2: return .object(RangeObject(ints[0], ints[1], 1))
            case 3:
                guard ints[2] != 0 else { throw PyError.value("range() arg 3 must not be zero") }
                return .object(RangeObject(ints[0], ints[1], ints[2]))
            default: throw PyError.type("range expected at most 3 arguments, got \(ints.count)")
            }
        })
        builtin("enumerate") { a in
            let it = try self.iterate(a.positional[0])
            // The count is a Python int: it goes on past 2**63 - 1 (a fuzzed start trapped).
            var i: Value = .int(0)
            if let start = a.positional.count > 1 ? a.positional[1] : a.keyword("start") {
                switch start {
                case .int, .bigInt: i = start
                case .bool(let b): i = .int(b ? 1 : 0)
                default:
                    guard let n = try self.asIndex(start) else {
                        throw PyError.type("'\(self.typeName(start))' object cannot be interpreted as an integer")
                    }
                    i = .int(n)
                }
            }
            return .object(IteratorObject(PyIterator { () -> Value? in
                guard let v = try it.next() else { return nil }
                defer {
                    switch i {
                    case .int(let n) where n < Int.max: i = .int(n + 1)
                    case .int(let n): i = .integer(BigInt(n) + 1)
                    case .bigInt(let b): i = .integer(b + 1)
                    default: break
                    }
                }
                return .tuple([i, v])
            }))
        }
        builtin("zip") { a in
            let its = try a.positional.map { try self.iterate($0) }
            return .object(IteratorObject(PyIterator { () -> Value? in
                if its.isEmpty { return nil }
                var row: [Value] = []
                for it in its {
                    guard let v = try it.next() else { return nil }
                    row.append(v)
                }
                return .tuple(row)
            }))
        }
        builtin("iter") { a in .object(IteratorObject(try self.iterate(a.positional[0]))) }
        builtin("next") { a in
            guard case .object(let o) = a.positional[0], let it = try o.makeIterator(self) else {
                throw PyError.type("'\(self.typeName(a.positional[0]))' object is not an iterator")
            }
            if let v = try it.next() { return v }
            if a.positional.count > 1 { return a.positional[1] }
            throw PyError("StopIteration", "")
        }
        type("list") { a in .list(PyList(a.positional.isEmpty ? [] : try self.materialize(a.positional[0]))) }
        type("tuple") { a in .tuple(a.positional.isEmpty ? [] : try self.materialize(a.positional[0])) }
        type("dict") { a in
            let d = PyDict()
            if let source = a.positional.first {
                if case .dict(let other) = source {
                    for (k, v) in other.pairs { try d.set(k, v) }
                } else {
                    for pair in try self.materialize(source) {
                        let kv = try self.materialize(pair)
                        guard kv.count == 2 else {
                            throw PyError.value("dictionary update sequence element #0 has length \(kv.count); 2 is required")
                        }
                        try d.set(kv[0], kv[1])
                    }
                }
            }
            for (k, v) in a.keywords { try d.set(.string(k), v) }
            return .dict(d)
        }
        type("int") { a in
            guard let first = a.positional.first else { return .int(0) }
            guard a.positional.count == 2 else { return try self.int(first) }
            return try self.int(parsing: first, base: a.positional[1])
        }
        type("float") { a in .float(a.positional.isEmpty ? 0 : try self.float(a.positional[0])) }
        type("bool") { a in .bool(a.positional.isEmpty ? false : try self.truth(a.positional[0])) }
        type("str") { a in .string(a.positional.isEmpty ? "" : try self.str(a.positional[0])) }
        builtin("repr") { a in .string(try self.repr(a.positional[0])) }
        builtin("format") { a in .string(try self.format(a.positional[0], a.positional.count > 1 ? try self.str(a.positional[1]) : "")) }
        builtin("abs") { a in
            let v = a.positional[0]
            switch v {
            case .int(let i): return i == .min ? .integer(BigInt(i).magnitude.asSigned) : .int(abs(i))
            case .bigInt(let b): return .integer(BigInt(b.magnitude))
            case .float(let d): return .float(abs(d))
            case .bool(let b): return .int(b ? 1 : 0)
            case .object(let o):
                if let r = try o.getAttribute("__abs__", self) ?? o.getAttribute("abs", self) { return try self.call(r, Arguments()) }
                throw PyError.type("bad operand type for abs(): '\(o.typeName)'")
            default: throw PyError.type("bad operand type for abs(): '\(self.typeName(v))'")
            }
        }
        for (name, wantMax) in [("min", false), ("max", true)] {
            builtin(name) { a in
                let items = a.positional.count == 1 ? try self.materialize(a.positional[0]) : a.positional
                guard var best = items.first else {
                    if let d = a.keyword("default") { return d }
                    throw PyError.value("\(name)() arg is an empty sequence")
                }
                let key = a.keyword("key")
                var bestKey = try key.map { try self.call($0, Arguments([best])) } ?? best
                for v in items.dropFirst() {
                    let k = try key.map { try self.call($0, Arguments([v])) } ?? v
                    let better = try self.truth(try self.compare(wantMax ? .gt : .lt, k, bestKey))
                    if better { best = v; bestKey = k }
                }
                return best
            }
        }
        builtin("sum") { a in
            var total = a.positional.count > 1 ? a.positional[1] : (a.keyword("start") ?? .int(0))
            let it = try self.iterate(a.positional[0])
            while let v = try it.next() { total = try self.binary(.add, total, v) }
            return total
        }
        builtin("any") { a in
            let it = try self.iterate(a.positional[0])
            while let v = try it.next() { if try self.truth(v) { return .bool(true) } }
            return .bool(false)
        }
        builtin("all") { a in
            let it = try self.iterate(a.positional[0])
            while let v = try it.next() { if !(try self.truth(v)) { return .bool(false) } }
            return .bool(true)
        }
        builtin("sorted") { a in
            .list(PyList(try self.sortedValues(try self.materialize(a.positional[0]), key: a.keyword("key"),
                                                 reverse: try self.truth(a.keyword("reverse") ?? .bool(false)))))
        }
        builtin("reversed") { a in .object(IteratorObject(PyIterator(try self.materialize(a.positional[0]).reversed()))) }
        builtin("round") { a in
            let v = a.positional[0]
            let digits = a.positional.count > 1 ? a.positional[1] : (a.keyword("ndigits") ?? Value.none)
            switch v {
            case .int, .bigInt, .bool:
                if case .none = digits { return try self.int(v) }
                guard let n = try self.asIndex(digits), n < 0 else { return try self.int(v) }
                let scale = Int(pow(10.0, Double(-n)))
                let i = try self.asIndex(v) ?? 0
                let q = (Double(i) / Double(scale)).rounded(.toNearestOrEven)
                return .int(Int(q) * scale)
            case .float(let d):
                if case .none = digits {
                    guard d.isFinite else { throw PyError.value("cannot convert float \(PythonFloat.repr(d)) to integer") }
                    return try self.int(.float(d.rounded(.toNearestOrEven)))
                }
                return .float(PythonFloat.round(d, digits: try self.asIndex(digits) ?? 0))
            case .object(let o):
                if let n = try o.asNumber(self) {
                    return try self.call(self.builtins["round"]!, Arguments([n] + Array(a.positional.dropFirst())))
                }
                throw PyError.type("type \(o.typeName) doesn't define __round__ method")
            default: throw PyError.type("type \(self.typeName(v)) doesn't define __round__ method")
            }
        }
        builtin("divmod") { a in
            .tuple([try self.binary(.floorDiv, a.positional[0], a.positional[1]), try self.binary(.mod, a.positional[0], a.positional[1])])
        }
        builtin("pow") { a in
            let modulus = a.positional.count > 2 ? a.positional[2] : (a.keyword("mod") ?? Value.none)
            if case .none = modulus { return try self.binary(.pow, a.positional[0], a.positional[1]) }
            // pow(base, exp, mod): exact modular exponentiation on ints.
            func integer(_ v: Value) throws -> BigInt {
                switch v {
                case .int(let i): return BigInt(i)
                case .bigInt(let b): return b
                case .bool(let b): return b ? 1 : 0
                default: throw PyError.type("pow() 3rd argument not allowed unless all arguments are integers")
                }
            }
            let base = try integer(a.positional[0]), exponent = try integer(a.positional[1]), m = try integer(modulus)
            guard m != 0 else { throw PyError.value("pow() 3rd argument cannot be 0") }
            guard exponent >= 0 else { throw PyError.value("pow() negative exponent with a modulus is not supported by tsh yet") }
            var r = base.power(exponent, modulus: m)
            // Python's result takes the modulus's sign.
            if r != 0 && (r < 0) != (m < 0) { r += m }
            return .integer(r)
        }
        for (name, radix, prefix) in [("hex", 16, "0x"), ("oct", 8, "0o"), ("bin", 2, "0b")] {
            builtin(name) { a in
                guard a.positional.count == 1, a.keywords.isEmpty else { throw PyError.type("\(name)() takes exactly one argument (\(a.count) given)") }
                let v = a.positional[0]
                let n: BigInt
                switch v {
                case .int(let i): n = BigInt(i)
                case .bigInt(let b): n = b
                case .bool(let b): n = b ? 1 : 0
                default: throw PyError.type("'\(self.typeName(v))' object cannot be interpreted as an integer")
                }
                return .string((n < 0 ? "-" : "") + prefix + String(n.magnitude, radix: radix))
            }
        }
        builtin("isinstance") { a in .bool(try self.isInstance(a.positional[0], a.positional[1])) }
        builtin("hasattr") { a in
            guard case .string(let name) = a.positional[1] else { throw PyError.type("hasattr(): attribute name must be string") }
            return .bool(try self.lookupAttribute(a.positional[0], name) != nil)
        }
        builtin("getattr") { a in
            guard case .string(let name) = a.positional[1] else { throw PyError.type("getattr(): attribute name must be string") }
            if let v = try self.lookupAttribute(a.positional[0], name) { return v }
            if a.positional.count > 2 { return a.positional[2] }
            return try self.getAttribute(a.positional[0], name)
        }
        builtin("setattr") { a in
            guard case .string(let name) = a.positional[1] else { throw PyError.type("setattr(): attribute name must be string") }
            try self.setAttribute(a.positional[0], name, a.positional[2])
            return .none
        }
        builtin("type") { a in
            let v = a.positional[0]
            if case .object(let o) = v {
                if let instance = o as? PyInstance { return .object(instance.cls) }
                if let classOf = try o.getAttribute("__class__", self) { return classOf }
            }
            return self.builtins[self.typeName(v)] ?? .object(TypeObject(self.typeName(v)) { _, _ in .none })
        }
        builtin("map") { a in
            let f = a.positional[0]
            // Several iterables go side by side, as zip does: f(a[i], b[i], ...).
            let its = try a.positional.dropFirst().map { try self.iterate($0) }
            return .object(IteratorObject(PyIterator { () -> Value? in
                var row: [Value] = []
                for it in its {
                    guard let v = try it.next() else { return nil }
                    row.append(v)
                }
                return try self.call(f, Arguments(row))
            }))
        }
        builtin("filter") { a in
            let f = a.positional[0]
            return .list(PyList(try self.materialize(a.positional[1]).filter {
                if case .none = f { return try self.truth($0) }
                return try self.truth(try self.call(f, Arguments([$0])))
            }))
        }
        builtin("chr") { a in
            guard let code = try self.asIndex(a.positional[0]) else {
                throw PyError.type("'\(self.typeName(a.positional[0]))' object cannot be interpreted as an integer")
            }
            guard (0..<0x110000).contains(code) else { throw PyError.value("chr() arg not in range(0x110000)") }
            // A lone surrogate (0xD800-0xDFFF) has no Swift string; Python shows it escaped.
            guard let scalar = Unicode.Scalar(UInt32(code)) else {
                throw PyError.value("chr(\(code)) is a lone surrogate, which tsh's strings cannot hold")
            }
            return .string(String(Character(scalar)))
        }
        builtin("ord") { a in
            guard case .string(let s) = a.positional[0], let u = s.unicodeScalars.first, s.unicodeScalars.count == 1 else {
                throw PyError.type("ord() expected a character")
            }
            return .int(Int(u.value))
        }
        builtin("callable") { a in
            switch a.positional[0] {
            case .function, .builtin: return .bool(true)
            case .object(let o): return .bool(o is PyClass || o is TypeObject || o is BoundMethod || (try? o.call(Arguments(), self)) != nil)
            default: return .bool(false)
            }
        }
        builtin("hash") { a in .int(try self.hash(a.positional[0])) }
        builtins["open"] = .builtin(Builtin("open") { a, interp in try FileObject.open(a, interp) })
        builtin("id") { a in
            if case .object(let o) = a.positional[0] { return .int(Int(bitPattern: UInt(bitPattern: ObjectIdentifier(o).hashValue))) }
            return .int(0)
        }
        builtins["None"] = Value.none
        // `object`: the base every class has (class A(object): ...), and object() a plain sentinel.
        builtins["object"] = .object(TypeObject("object") { a, _ in
            guard a.count == 0 else { throw PyError.type("object() takes no arguments") }
            return .object(PlainObject())
        })
        installUnboundMethods()
        for (kind, cls) in exceptionClasses { builtins[kind] = .object(cls) }
        installDescriptorBuiltins()
        builtins["bytes"] = .object(TypeObject("bytes") { a, interp in try BytesObject.make(a, interp) })
        for (name, frozen) in [("set", false), ("frozenset", true)] {
            builtins[name] = .object(TypeObject(name) { a, interp in
                guard a.keywords.isEmpty else { throw PyError.type("\(name)() takes no keyword arguments") }
                guard a.positional.count <= 1 else { throw PyError.type("\(name) expected at most 1 argument, got \(a.positional.count)") }
                if case .object(let o)? = a.positional.first, let s = o as? SetObject { return .object(s.copy(frozen: frozen)) }
                return .object(try SetObject(try a.positional.first.map { try interp.materialize($0) } ?? [], frozen: frozen))
            })
        }
        builtin("issubclass") { a in
            guard a.positional.count == 2, a.keywords.isEmpty else { throw PyError.type("issubclass expected 2 arguments, got \(a.count)") }
            return .bool(try self.isSubclass(a.positional[0], a.positional[1]))
        }
    }

    package func isInstance(_ v: Value, _ cls: Value) throws -> Bool {
        if case .tuple(let options) = cls { return try options.contains { try isInstance(v, $0) } }
        guard case .object(let c) = cls else { throw PyError.type("isinstance() arg 2 must be a type, a tuple of types, or a union") }
        if let t = c as? TypeObject {
            let name = typeName(v)
            if case .object(let o) = v, o.isInstance(of: c) { return true }
            if t.name == "dict", case .dict = v { return true }
            return name == t.name || (t.name == "int" && name == "bool") || (t.name == "object")
        }
        if case .object(let o) = v { return o.isInstance(of: c) }
        return false
    }
}

extension BigUInt {
    var asSigned: BigInt { BigInt(self) }
}

extension Interpreter {
    /// `str.join(",", items)`, `map(str.lower, words)`, `list.append(xs, 1)`: the methods of
    /// the built-in types reached through the type, taking the receiver first.
    func installUnboundMethods() {
        let samples: [(String, Value)] = [("str", .string("")), ("list", .list(PyList([]))), ("dict", .dict(PyDict())), ("tuple", .tuple([]))]
        for (typeName, sample) in samples {
            guard case .object(let o)? = builtins[typeName], let type = o as? TypeObject else { continue }
            type.members = { member, interp in
                guard !member.hasPrefix("_"), (try? interp.builtinMethod(sample, member)) ?? nil != nil else { return nil }
                return .builtin(Builtin(member, qualifiedName: "\(typeName).\(member)") { args, interp in
                    guard let receiver = args.positional.first else {
                        throw PyError.type("unbound method \(typeName).\(member)() needs an argument")
                    }
                    guard interp.typeName(receiver) == typeName, let method = try interp.builtinMethod(receiver, member) else {
                        throw PyError.type("descriptor '\(member)' for '\(typeName)' objects doesn't apply to a '\(interp.typeName(receiver))' object")
                    }
                    var rest = args
                    rest.positional.removeFirst()
                    return try interp.call(method, rest)
                })
            }
        }
    }
}

/// What `object()` makes: a value with an identity and nothing else (a sentinel).
final class PlainObject: PyObject {
    var typeName: String { "object" }
    func repr(_ interp: Interpreter) throws -> String { "<object object at \(PseudoAddress.of(self))>" }
}
