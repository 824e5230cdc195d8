import BigInt
import Foundation
import PythonSyntax

/// Python's operators on its own types; objects (tensors) get the first say when involved.
extension Interpreter {
    package func binary(_ op: BinaryOperator, _ left: Value, _ right: Value) throws -> Value {
        // Small ints and floats first: the common case of a loop counter or a running sum.
        switch (left, right) {
        case (.int(let x), .int(let y)):
            if let r = try smallIntOp(op, x, y) { return r }
        case (.float(let x), .float(let y)):
            switch op {
            case .add: return .float(x + y)
            case .sub: return .float(x - y)
            case .mul: return .float(x * y)
            default: break
            }
        default: break
        }
        if case .object(let o) = left, let r = try o.binary(op, right, reflected: false, self) { return r }
        if case .object(let o) = right, let r = try o.binary(op, left, reflected: true, self) { return r }
        if let r = try numeric(op, left, right) { return r }
        if case .dict(let a) = left, case .dict(let b) = right, let r = try counterBinary(op, a, b) { return r }
        if op == .or, case .dict(let a) = left, case .dict(let b) = right {
            // dict | dict: a new dict of left's kind (an OrderedDict stays one), right winning.
            let merged = PyDict()
            merged.flavor = a.flavor
            for (k, v) in a.pairs { try merged.set(k, v) }
            for (k, v) in b.pairs { try merged.set(k, v) }
            return .dict(merged)
        }
        switch (op, left, right) {
        case (.add, .string(let a), .string(let b)): return .string(a + b)
        case (.add, .list(let a), .list(let b)): return .list(PyList(a.items + b.items))
        case (.add, .tuple(let a), .tuple(let b)): return .tuple(a + b)
        case (.mul, .string(let s), _), (.mul, _, .string(let s)):
            if let n = try repetitions(left.isString ? right : left, of: s.utf8.count, bytesEach: 1, isString: true) {
                return .string(String(repeating: s, count: n))
            }
        case (.mul, .list(let l), _), (.mul, _, .list(let l)):
            if let n = try repetitions(left.isList ? right : left, of: l.items.count, bytesEach: MemoryLayout<Value>.stride) {
                return .list(PyList(Array([[Value]](repeating: l.items, count: n).joined())))
            }
        case (.mul, .tuple(let t), _), (.mul, _, .tuple(let t)):
            if let n = try repetitions(left.isTuple ? right : left, of: t.count, bytesEach: MemoryLayout<Value>.stride) {
                return .tuple(Array([[Value]](repeating: t, count: n).joined()))
            }
        case (.mod, .string(let format), _):
            return .string(try percentFormat(format, right))
        default: break
        }
        throw PyError.type("unsupported operand type(s) for \(op.rawValue): '\(typeName(left))' and '\(typeName(right))'")
    }

    /// How many times `sequence * count` repeats a sequence of `length` items: nil when
    /// `count` is not an int; Python's OverflowError or MemoryError when the result could
    /// not exist (`'ab' * 2**62`, `[0] * 10**12`) instead of a trap or a doomed allocation.
    func repetitions(_ count: Value, of length: Int, bytesEach: Int, isString: Bool = false) throws -> Int? {
        if case .bigInt = count { throw PyError("OverflowError", "cannot fit 'int' into an index-sized integer") }
        guard let n = try asIndex(count) else { return nil }
        guard n > 0, length > 0 else { return 0 }
        let (items, overflow) = length.multipliedReportingOverflow(by: n)
        if overflow {
            if isString { throw PyError("OverflowError", "repeated string is too long") }
            throw PyError("MemoryError", "")
        }
        let (bytes, tooMany) = items.multipliedReportingOverflow(by: bytesEach)
        if tooMany || bytes > Interpreter.memoryLimit { throw PyError("MemoryError", "") }
        return n
    }

    /// More than this many bytes in one Python object is refused with MemoryError: half
    /// the machine's memory (an allocation past it would fail or swap the session away).
    /// The fuzzer lowers it.
    nonisolated(unsafe) package static var memoryLimit: Int = {
        let pages = sysconf(Int32(_SC_PHYS_PAGES)), size = sysconf(Int32(_SC_PAGESIZE))
        guard pages > 0, size > 0 else { return 1 << 32 }
        return pages * size / 2
    }()

    /// Arithmetic on bool, int (unbounded), float with Python's rules.
    func numeric(_ op: BinaryOperator, _ left: Value, _ right: Value) throws -> Value? {
        guard let a = numberValue(left), let b = numberValue(right) else { return nil }
        switch (a, b) {
        case (.int(let x), .int(let y)):
            if let r = try smallIntOp(op, x, y) { return r }
            return try intOp(op, BigInt(x), BigInt(y), small: nil)
        case (.int(let x), .big(let y)): return try intOp(op, BigInt(x), y, small: nil)
        case (.big(let x), .int(let y)): return try intOp(op, x, BigInt(y), small: nil)
        case (.big(let x), .big(let y)): return try intOp(op, x, y, small: nil)
        default: return try floatOp(op, a.double, b.double)
        }
    }

    enum Number {
        case int(Int), big(BigInt), float(Double)
        var double: Double {
            switch self {
            case .int(let i): Double(i)
            case .big(let b): Double(b)
            case .float(let d): d
            }
        }
    }

    func numberValue(_ v: Value) -> Number? {
        switch v {
        case .bool(let b): return .int(b ? 1 : 0)
        case .int(let i): return .int(i)
        case .bigInt(let b): return .big(b)
        case .float(let d): return .float(d)
        default: return nil
        }
    }

    /// 64-bit int arithmetic without BigInt; nil when the result needs more bits.
    @inline(__always)
    func smallIntOp(_ op: BinaryOperator, _ a: Int, _ b: Int) throws -> Value? {
        switch op {
        case .add: let (r, o) = a.addingReportingOverflow(b); return o ? nil : .int(r)
        case .sub: let (r, o) = a.subtractingReportingOverflow(b); return o ? nil : .int(r)
        case .mul: let (r, o) = a.multipliedReportingOverflow(by: b); return o ? nil : .int(r)
        case .floorDiv, .mod:
            guard b != 0, !(a == .min && b == -1) else { return nil }
            var q = a / b, r = a % b
            if r != 0 && ((r < 0) != (b < 0)) { q -= 1; r += b }
            return .int(op == .floorDiv ? q : r)
        case .div:
            guard b != 0 else { return nil }
            if a.magnitude < 1 << 53 && b.magnitude < 1 << 53 { return .float(Double(a) / Double(b)) }
            return nil
        default: return nil
        }
    }

    func intOp(_ op: BinaryOperator, _ x: BigInt, _ y: BigInt, small: (Int, Int)?) throws -> Value {
        if let (a, b) = small {
            switch op {
            case .add: let (r, o) = a.addingReportingOverflow(b); if !o { return .int(r) }
            case .sub: let (r, o) = a.subtractingReportingOverflow(b); if !o { return .int(r) }
            case .mul: let (r, o) = a.multipliedReportingOverflow(by: b); if !o { return .int(r) }
            default: break
            }
        }
        switch op {
        case .add: return .integer(x + y)
        case .sub: return .integer(x - y)
        case .mul: return .integer(x * y)
        case .div:
            guard !y.isZero else { throw PyError.zeroDivision("division by zero") }
            return .float(trueDivide(x, y))
        case .floorDiv, .mod:
            guard !y.isZero else {
                throw PyError.zeroDivision(op == .mod ? "integer modulo by zero" : "integer division or modulo by zero")
            }
            var (q, r) = x.quotientAndRemainder(dividingBy: y)
            if !r.isZero && (r.signum() != y.signum()) { q -= 1; r += y }
            return .integer(op == .floorDiv ? q : r)
        case .pow:
            if y.signum() < 0 {
                if x.isZero { throw PyError.zeroDivision("0.0 cannot be raised to a negative power") }
                return .float(Foundation.pow(Double(x), Double(y)))
            }
            if x.magnitude <= 1 { return .integer(x.signum() < 0 && y % 2 == 1 ? -1 : (x.isZero && !y.isZero ? 0 : 1)) }
            // The result has about bitWidth(x)·y bits: refuse what could not be held.
            guard let exponent = Int(exactly: y), exponent.multipliedReportingOverflow(by: x.bitWidth).partialValue / 8 < Interpreter.memoryLimit,
                  !exponent.multipliedReportingOverflow(by: x.bitWidth).overflow else { throw PyError("MemoryError", "") }
            return .integer(x.power(exponent))
        case .and: return .integer(x & y)
        case .or: return .integer(x | y)
        case .xor: return .integer(x ^ y)
        case .lshift, .rshift:
            guard y.signum() >= 0 else { throw PyError.value("negative shift count") }
            if op == .rshift { return Int(exactly: y).map { .integer(x >> $0) } ?? .int(x.signum() < 0 ? -1 : 0) }
            if x.isZero { return .int(0) }
            // The result's size in bytes is about y / 8: refuse what could not be held.
            guard let shift = Int(exactly: y), shift / 8 < Interpreter.memoryLimit else { throw PyError("MemoryError", "") }
            return .integer(x << shift)
        case .matmul: throw PyError.type("unsupported operand type(s) for @: 'int' and 'int'")
        }
    }

    /// int / int rounded once, as Python does.
    func trueDivide(_ x: BigInt, _ y: BigInt) -> Double {
        if let a = Int(exactly: x), let b = Int(exactly: y), a.magnitude < 1 << 53, b.magnitude < 1 << 53 {
            return Double(a) / Double(b)
        }
        return Double(x) / Double(y)
    }

    func floatOp(_ op: BinaryOperator, _ x: Double, _ y: Double) throws -> Value {
        switch op {
        case .add: return .float(x + y)
        case .sub: return .float(x - y)
        case .mul: return .float(x * y)
        case .div:
            guard y != 0 else { throw PyError.zeroDivision("float division by zero") }
            return .float(x / y)
        case .floorDiv:
            guard y != 0 else { throw PyError.zeroDivision("float floor division by zero") }
            return .float(pythonFloorDivide(x, y))
        case .mod:
            guard y != 0 else { throw PyError.zeroDivision("float modulo") }
            var m = fmod(x, y)
            if m != 0 && (m < 0) != (y < 0) { m += y }
            if m == 0 { m = Double(signOf: y, magnitudeOf: 0) }
            return .float(m)
        case .pow:
            if x == 0 && y < 0 { throw PyError.zeroDivision("0.0 cannot be raised to a negative power") }
            if x < 0 && y != y.rounded() { throw PyError.value("math domain error (complex result)") }
            let r = Foundation.pow(x, y)
            if r.isInfinite && x.isFinite && y.isFinite { throw PyError("OverflowError", "(34, 'Numerical result out of range')") }
            return .float(r)
        default:
            throw PyError.type("unsupported operand type(s) for \(op.rawValue): 'float' and 'float'")
        }
    }

    func pythonFloorDivide(_ x: Double, _ y: Double) -> Double {
        let mod = fmod(x, y)
        var div = (x - mod) / y
        if mod != 0 && (y < 0) != (mod < 0) { div -= 1 }
        if div == 0 { return Double(signOf: x / y, magnitudeOf: 0) }
        var f = div.rounded(.down)
        if div - f > 0.5 { f += 1 }
        return f
    }

    package func unary(_ op: UnaryOperator, _ v: Value) throws -> Value {
        if op == .not { return .bool(!(try truth(v))) }
        if case .object(let o) = v {
            if let r = try o.unary(op, self) { return r }
            throw PyError.type("bad operand type for unary \(op.rawValue): '\(o.typeName)'")
        }
        switch (op, numberValue(v)) {
        case (.negate, .int(let i)?): return i == .min ? .integer(-BigInt(i)) : .int(-i)
        case (.negate, .big(let b)?): return .integer(-b)
        case (.negate, .float(let d)?): return .float(-d)
        case (.plus, .int(let i)?): return .int(i)
        case (.plus, .big(let b)?): return .bigInt(b)
        case (.plus, .float(let d)?): return .float(d)
        case (.invert, .int(let i)?): return .int(~i)
        default: throw PyError.type("bad operand type for unary \(op.rawValue): '\(typeName(v))'")
        }
    }

    package func compare(_ op: CompareOperator, _ left: Value, _ right: Value) throws -> Value {
        switch op {
        case .is: return .bool(identical(left, right))
        case .isNot: return .bool(!identical(left, right))
        case .in: return .bool(try contains(right, left))
        case .notIn: return .bool(!(try contains(right, left)))
        default: break
        }
        if case .object(let o) = left, let r = try o.compare(op, right, reflected: false, self) { return r }
        if case .object(let o) = right, let r = try o.compare(op, left, reflected: true, self) { return r }
        switch op {
        case .eq: return .bool(try equal(left, right))
        case .ne: return .bool(!(try equal(left, right)))
        default: return .bool(try ordered(op, left, right))
        }
    }

    func identical(_ a: Value, _ b: Value) -> Bool {
        switch (a, b) {
        case (.none, .none): return true
        case (.bool(let x), .bool(let y)): return x == y
        case (.int(let x), .int(let y)): return x == y && abs(x) <= 256
        case (.string(let x), .string(let y)): return x == y
        case (.list(let x), .list(let y)): return x === y
        case (.dict(let x), .dict(let y)): return x === y
        case (.function(let x), .function(let y)): return x === y
        case (.builtin(let x), .builtin(let y)): return x === y
        case (.object(let x), .object(let y)): return x === y
        case (.ellipsis, .ellipsis): return true
        default: return false
        }
    }

    package func equal(_ a: Value, _ b: Value) throws -> Bool {
        if let x = numberValue(a), let y = numberValue(b) {
            switch (x, y) {
            case (.int(let p), .int(let q)): return p == q
            case (.float, _), (_, .float): return x.double == y.double
            default: return BigIntValue(x) == BigIntValue(y)
            }
        }
        switch (a, b) {
        case (.none, .none), (.ellipsis, .ellipsis): return true
        case (.string(let x), .string(let y)): return x == y
        case (.list(let x), .list(let y)):
            if x === y { return true }
            try enterNesting("in comparison")
            defer { nesting -= 1 }
            return try sequenceEqual(x.items, y.items)
        case (.tuple(let x), .tuple(let y)):
            try enterNesting("in comparison")
            defer { nesting -= 1 }
            return try sequenceEqual(x, y)
        case (.dict(let x), .dict(let y)):
            if x === y { return true }
            guard x.count == y.count else { return false }
            try enterNesting("in comparison")
            defer { nesting -= 1 }
            for (k, v) in x.pairs {
                guard let w = try y.get(k), try equal(v, w) else { return false }
            }
            return true
        case (.object(let o), _):
            if let r = try o.compare(.eq, b, reflected: false, self) { return try truth(r) }
            if case .object(let p) = b { return o === p }
            return false
        default: return identical(a, b)
        }
    }

    func BigIntValue(_ n: Number) -> BigInt {
        switch n {
        case .int(let i): BigInt(i)
        case .big(let b): b
        case .float(let d): BigInt(d)
        }
    }

    func sequenceEqual(_ a: [Value], _ b: [Value]) throws -> Bool {
        guard a.count == b.count else { return false }
        for (x, y) in zip(a, b) where !(try equal(x, y)) { return false }
        return true
    }

    func ordered(_ op: CompareOperator, _ a: Value, _ b: Value) throws -> Bool {
        func decide(_ c: Int) -> Bool {
            switch op {
            case .lt: c < 0
            case .le: c <= 0
            case .gt: c > 0
            default: c >= 0
            }
        }
        if let x = numberValue(a), let y = numberValue(b) {
            switch (x, y) {
            case (.int(let p), .int(let q)): return decide(p < q ? -1 : (p == q ? 0 : 1))
            case (.float, _), (_, .float):
                let p = x.double, q = y.double
                if p.isNaN || q.isNaN { return false }
                return decide(p < q ? -1 : (p == q ? 0 : 1))
            default:
                let p = BigIntValue(x), q = BigIntValue(y)
                return decide(p < q ? -1 : (p == q ? 0 : 1))
            }
        }
        switch (a, b) {
        case (.string(let x), .string(let y)): return decide(x < y ? -1 : (x == y ? 0 : 1))
        case (.list(let x), .list(let y)): return decide(try compareSequences(x.items, y.items))
        case (.tuple(let x), .tuple(let y)): return decide(try compareSequences(x, y))
        default:
            // Objects that order themselves (user classes' __lt__, cmp_to_key's keys, sets).
            if case .object(let o) = a, let r = try o.compare(op, b, reflected: false, self) { return try truth(r) }
            if case .object(let o) = b, let r = try o.compare(op, a, reflected: true, self) { return try truth(r) }
            throw PyError.type("'\(op.rawValue)' not supported between instances of '\(typeName(a))' and '\(typeName(b))'")
        }
    }

    func compareSequences(_ a: [Value], _ b: [Value]) throws -> Int {
        for (x, y) in zip(a, b) where !(try equal(x, y)) {
            return try ordered(.lt, x, y) ? -1 : 1
        }
        return a.count < b.count ? -1 : (a.count == b.count ? 0 : 1)
    }

    func contains(_ container: Value, _ item: Value) throws -> Bool {
        switch container {
        case .list(let l): return try l.items.contains { try equal($0, item) }
        case .tuple(let t): return try t.contains { try equal($0, item) }
        case .string(let s):
            guard case .string(let sub) = item else {
                throw PyError.type("'in <string>' requires string as left operand, not \(typeName(item))")
            }
            return sub.isEmpty || s.contains(sub)
        case .dict(let d): return try d.get(item) != nil
        case .object(let o):
            if let r = try o.contains(item, self) { return r }
            let iterator = try iterate(container)
            while let v = try iterator.next() { if try equal(v, item) { return true } }
            return false
        default:
            throw PyError.type("argument of type '\(typeName(container))' is not iterable")
        }
    }

    /// Python's truth value.
    package func truth(_ v: Value) throws -> Bool {
        switch v {
        case .none: return false
        case .bool(let b): return b
        case .int(let i): return i != 0
        case .bigInt(let b): return !b.isZero
        case .float(let d): return d != 0
        case .string(let s): return !s.isEmpty
        case .list(let l): return !l.items.isEmpty
        case .tuple(let t): return !t.isEmpty
        case .dict(let d): return d.count > 0
        case .object(let o):
            if let t = try o.truth(self) { return t }
            if let n = try o.length(self) { return n > 0 }
            return true
        default: return true
        }
    }

    /// An iterator over any iterable value.
    package func iterate(_ v: Value) throws -> PyIterator {
        switch v {
        case .list(let l):
            var i = 0
            return PyIterator { () -> Value? in
                guard i < l.items.count else { return nil }
                defer { i += 1 }
                return l.items[i]
            }
        case .tuple(let t): return PyIterator(t)
        case .string(let s): return PyIterator(s.map { .string(String($0)) })
        case .dict(let d): return PyIterator(d.keys, keeping: d)
        case .object(let o):
            if let it = try o.makeIterator(self) { return it }
            if let n = try o.length(self) {
                var i = 0
                return PyIterator { () -> Value? in
                    guard i < n else { return nil }
                    defer { i += 1 }
                    return try o.getItem(.int(i), self)
                }
            }
            throw PyError.type("'\(o.typeName)' object is not iterable")
        default:
            throw PyError.type("'\(typeName(v))' object is not iterable")
        }
    }

    /// `{**m}` and `d |= m`: the mapping's items into `d` (a dict, or an object with keys()).
    func unpackMapping(_ mapping: Value, into d: PyDict) throws {
        if case .dict(let source) = mapping {
            for (k, v) in source.pairs { try d.set(k, v) }
            return
        }
        guard case .object = mapping, let keys = try? getAttribute(mapping, "keys") else {
            throw PyError.type("'\(typeName(mapping))' object is not a mapping")
        }
        for k in try materialize(try call(keys, Arguments())) { try d.set(k, try getItem(mapping, k)) }
    }

    /// All items of an iterable.
    package func materialize(_ v: Value) throws -> [Value] {
        switch v {
        case .list(let l): return l.items
        case .tuple(let t): return t
        case .object(let r as RangeObject) where r.count > Interpreter.memoryLimit / MemoryLayout<Value>.stride:
            throw PyError("MemoryError", "")  // known before the first item is made
        default:
            let it = try iterate(v)
            var out: [Value] = []
            // A lazy iterable can be endless or astronomically long: Ctrl-C stops it, and
            // more items than memory holds is Python's MemoryError, not a failed allocation.
            while let x = try it.next() {
                out.append(x)
                if out.count & 0xFFFF == 0 {
                    try checkInterrupt()
                    if out.count > Interpreter.memoryLimit / MemoryLayout<Value>.stride { throw PyError("MemoryError", "") }
                }
            }
            return out
        }
    }

    /// printf-style formatting, `"%5.2f loss, %(name)s" % args`, with Python's rules: a
    /// mapping key, the flags `#0- +`, a width and precision (`*` takes them from the
    /// arguments), and the conversions d i u o x X e E f F g G c r s a and `%%`.
    func percentFormat(_ format: String, _ args: Value) throws -> String {
        var values: [Value]
        var mapping: PyDict?
        switch args {
        case .tuple(let t): values = t
        case .dict(let d): values = [args]; mapping = d
        default: values = [args]
        }
        var used = 0
        func next() throws -> Value {
            guard used < values.count else { throw PyError.type("not enough arguments for format string") }
            used += 1
            return values[used - 1]
        }
        var out = ""
        var chars = Array(format)[...]
        while let c = chars.popFirst() {
            guard c == "%" else { out.append(c); continue }
            var key: String?
            if chars.first == "(" {
                chars.removeFirst()
                var depth = 1, name = ""
                while let d = chars.popFirst() {
                    if d == "(" { depth += 1 } else if d == ")" { depth -= 1; if depth == 0 { break } }
                    name.append(d)
                }
                guard depth == 0 else { throw PyError.value("incomplete format key") }
                key = name
            }
            var flags = Set<Character>()
            while let d = chars.first, "#0- +".contains(d) { flags.insert(d); chars.removeFirst() }
            func number() throws -> Int? {
                if chars.first == "*" {
                    chars.removeFirst()
                    guard let n = try asIndex(try next()) else { throw PyError.type("* wants int") }
                    return n
                }
                var digits = ""
                while let d = chars.first, d.isASCII, d.isNumber { digits.append(d); chars.removeFirst() }
                return digits.isEmpty ? nil : Int(digits)
            }
            var width = try number()
            if let w = width, w < 0 { flags.insert("-"); width = -w }
            var precision: Int?
            if chars.first == "." {
                chars.removeFirst()
                precision = try number() ?? 0
            }
            while let d = chars.first, "hlL".contains(d) { chars.removeFirst() }
            guard let type = chars.popFirst() else { throw PyError.value("incomplete format") }
            if type == "%" { out += "%"; continue }
            let v: Value
            if let key {
                guard let mapping else { throw PyError.type("format requires a mapping") }
                guard let found = try mapping.get(.string(key)) else { throw PyError.key(Interpreter.quote(key)) }
                v = found
            } else {
                v = try next()
            }
            let left = flags.contains("-")
            let align = left ? "<" : ">"
            let sign = flags.contains("+") ? "+" : (flags.contains(" ") ? " " : "")
            let zero = flags.contains("0") && !left ? "0" : ""
            let alternate = flags.contains("#") ? "#" : ""
            let widthText = width.map(String.init) ?? ""
            let precisionText = precision.map { ".\($0)" } ?? ""
            switch type {
            case "s", "r", "a":
                var text = type == "s" ? try str(v) : try repr(v)
                if let precision { text = String(text.prefix(precision)) }
                out += try FormatSpec(align + widthText).format(string: text)
            case "c":
                let text: String
                switch v {
                case .string(let s) where s.count == 1: text = s
                case .string: throw PyError.type("%c requires int or char")
                default:
                    guard let code = try asIndex(v), let scalar = Unicode.Scalar(UInt32(clamping: max(0, code))), code >= 0 else {
                        throw PyError("OverflowError", "%c arg not in range(0x110000)")
                    }
                    text = String(Character(scalar))
                }
                out += try FormatSpec(align + widthText).format(string: text)
            case "d", "i", "u", "o", "x", "X":
                let integer: Value
                switch v {
                case .int, .bigInt, .bool: integer = try int(v)
                case .float where "diu".contains(type): integer = try int(v)
                case .object(let o) where (try o.asNumber(self)) != nil: integer = try int(v)
                default:
                    let what = "diu".contains(type) ? "a real number" : "an integer"
                    throw PyError.type("%\(type) format: \(what) is required, not \(typeName(v))")
                }
                let conversion = "diu".contains(type) ? "d" : String(type)
                // printf's # for octal is 0o in Python; precision pads digits with zeros.
                var spec = (zero.isEmpty ? align : "") + sign + alternate + zero + widthText + conversion
                if let precision, precision > 0 {
                    let digits = try self.format(integer, conversion)
                    let negative = digits.hasPrefix("-")
                    var body = negative ? String(digits.dropFirst()) : digits
                    if body.count < precision { body = String(repeating: "0", count: precision - body.count) + body }
                    spec = align + widthText
                    out += try FormatSpec(spec).format(string: (negative ? "-" : (sign == "" ? "" : (sign == "+" ? "+" : " "))) + body)
                } else {
                    out += try self.format(integer, spec)
                }
            case "e", "E", "f", "F", "g", "G":
                let number: Double
                switch v {
                case .int, .bigInt, .bool, .float: number = try float(v)
                case .object(let o) where (try o.asNumber(self)) != nil: number = try float(v)
                default: throw PyError.type("must be real number, not \(typeName(v))")
                }
                let spec = (zero.isEmpty ? align : "") + sign + alternate + zero + widthText + (precisionText.isEmpty ? ".6" : precisionText) + String(type)
                out += try FormatSpec(spec).format(float: number)
            default:
                throw PyError.value("unsupported format character '\(type)' (0x\(String(type.unicodeScalars.first!.value, radix: 16)))")
            }
        }
        if mapping == nil && used < values.count {
            throw PyError.type("not all arguments converted during string formatting")
        }
        return out
    }
}

extension Value {
    var isString: Bool { if case .string = self { true } else { false } }
    var isList: Bool { if case .list = self { true } else { false } }
    var isTuple: Bool { if case .tuple = self { true } else { false } }
}
