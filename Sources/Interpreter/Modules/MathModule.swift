import BigInt
import Foundation

/// Python's `math` module with CPython's results and errors (`math domain error`, `math
/// range error`, exact `fsum`, integer `floor`/`ceil`/`factorial`/`gcd`).
extension Interpreter {
    func makeMathModule() -> ModuleObject {
        let m = ModuleObject(name: "math")
        m.attributes["pi"] = .float(Double.pi)
        m.attributes["e"] = .float(M_E)
        m.attributes["tau"] = .float(2 * Double.pi)
        m.attributes["inf"] = .float(.infinity)
        m.attributes["nan"] = .float(.nan)

        func function(_ name: String, _ body: @escaping (Arguments) throws -> Value) {
            m.attributes[name] = .builtin(Builtin(name, qualifiedName: "math.\(name)") { args, _ in try body(args) })
        }
        func arguments(_ name: String, _ a: Arguments, _ count: ClosedRange<Int>) throws -> [Value] {
            guard a.keywords.isEmpty else { throw PyError.type("math.\(name)() takes no keyword arguments") }
            guard count.contains(a.positional.count) else {
                if count.lowerBound == count.upperBound {
                    throw PyError.type(count.lowerBound == 1 ? "math.\(name)() takes exactly one argument (\(a.positional.count) given)"
                                                              : "\(name) expected \(count.lowerBound) arguments, got \(a.positional.count)")
                }
                throw PyError.type("\(name) expected at least \(count.lowerBound) argument\(count.lowerBound == 1 ? "" : "s"), got \(a.positional.count)")
            }
            return a.positional
        }
        /// A real number as a float (an int too large for one is OverflowError, as in CPython).
        func real(_ v: Value) throws -> Double {
            switch v {
            case .int, .bool, .float: return try float(v)
            case .bigInt(let b):
                let d = Double(b)
                guard d.isFinite else { throw PyError("OverflowError", "int too large to convert to float") }
                return d
            case .object(let o):
                if let n = try o.asNumber(self) { return try real(n) }
                throw PyError.type("must be real number, not \(o.typeName)")
            default: throw PyError.type("must be real number, not \(typeName(v))")
            }
        }
        /// f(x) with CPython's checks: a domain error when x is finite and the result NaN,
        /// a range error when x is finite and the result infinite.
        func unary(_ name: String, _ f: @escaping (Double) -> Double, overflows: Bool = true) {
            function(name) { a in
                let x = try real(try arguments(name, a, 1...1)[0])
                let r = f(x)
                if r.isNaN && !x.isNaN { throw PyError.value("math domain error") }
                if overflows && r.isInfinite && x.isFinite { throw PyError("OverflowError", "math range error") }
                return .float(r)
            }
        }
        unary("sqrt") { $0 < 0 ? .nan : $0.squareRoot() }
        unary("exp", Foundation.exp)
        unary("expm1", Foundation.expm1)
        unary("log2") { $0 <= 0 ? ($0 == 0 ? -.infinity : .nan) : Foundation.log2($0) }
        unary("log10") { $0 <= 0 ? ($0 == 0 ? -.infinity : .nan) : Foundation.log10($0) }
        unary("log1p") { $0 <= -1 ? ($0 == -1 ? -.infinity : .nan) : Foundation.log1p($0) }
        unary("sin", Foundation.sin, overflows: false)
        unary("cos", Foundation.cos, overflows: false)
        unary("tan", Foundation.tan, overflows: false)
        unary("asin", Foundation.asin)
        unary("acos", Foundation.acos)
        unary("atan", Foundation.atan)
        unary("sinh", Foundation.sinh)
        unary("cosh", Foundation.cosh)
        unary("tanh", Foundation.tanh)
        unary("asinh", Foundation.asinh)
        unary("acosh", Foundation.acosh)
        unary("atanh") { abs($0) >= 1 ? .nan : Foundation.atanh($0) }
        unary("erf", Foundation.erf)
        unary("erfc", Foundation.erfc)
        unary("gamma") { $0 <= 0 && $0 == $0.rounded() ? .nan : Foundation.tgamma($0) }
        unary("lgamma") { $0 <= 0 && $0 == $0.rounded() ? .infinity : Foundation.lgamma($0) }
        unary("fabs", Swift.abs)
        unary("degrees") { $0 * 180 / Double.pi }
        unary("radians") { $0 * Double.pi / 180 }
        // log(0) is a domain error in CPython (not -inf).
        function("log") { a in
            let args = try arguments("log", a, 1...2)
            func ln(_ v: Value) throws -> Double {
                if case .bigInt(let b) = v, b > 0 {
                    // ln of an int past a float's range: from its bit length.
                    let shift = max(0, b.bitWidth - 60)
                    return Foundation.log(Double(b >> shift)) + Double(shift) * M_LN2
                }
                let x = try real(v)
                guard x > 0 else { throw PyError.value(x == 0 ? "math domain error" : "math domain error") }
                return Foundation.log(x)
            }
            let r = try ln(args[0])
            if args.count == 2 {
                let base = try ln(args[1])
                guard base != 0 else { throw PyError.zeroDivision("float division by zero") }
                return .float(r / base)
            }
            return .float(r)
        }
        function("pow") { a in
            let args = try arguments("pow", a, 2...2)
            let x = try real(args[0]), y = try real(args[1])
            if x == 0 && y < 0 { throw PyError.value("math domain error") }
            let r = Foundation.pow(x, y)
            if r.isNaN && !x.isNaN && !y.isNaN { throw PyError.value("math domain error") }
            if r.isInfinite && x.isFinite && y.isFinite { throw PyError("OverflowError", "math range error") }
            return .float(r)
        }
        function("atan2") { a in
            let args = try arguments("atan2", a, 2...2)
            return .float(Foundation.atan2(try real(args[0]), try real(args[1])))
        }
        function("hypot") { a in
            guard a.keywords.isEmpty else { throw PyError.type("hypot() takes no keyword arguments") }
            let xs = try a.positional.map(real)
            return .float(xs.reduce(0.0) { Foundation.hypot($0, $1) })
        }
        function("copysign") { a in
            let args = try arguments("copysign", a, 2...2)
            return .float(Foundation.copysign(try real(args[0]), try real(args[1])))
        }
        function("fmod") { a in
            let args = try arguments("fmod", a, 2...2)
            let x = try real(args[0]), y = try real(args[1])
            if y == 0 && !x.isNaN { throw PyError.value("math domain error") }
            if x.isInfinite && !y.isNaN { throw PyError.value("math domain error") }
            return .float(Foundation.fmod(x, y))
        }
        function("modf") { a in
            let x = try real(try arguments("modf", a, 1...1)[0])
            if x.isInfinite { return .tuple([.float(Foundation.copysign(0, x)), .float(x)]) }
            let whole = x.rounded(.towardZero)
            return .tuple([.float(Foundation.copysign(x - whole, x)), .float(whole)])
        }
        function("ldexp") { a in
            let args = try arguments("ldexp", a, 2...2)
            guard let n = try self.asIndex(args[1]) else { throw PyError.type("Expected an int as second argument to ldexp.") }
            let x = try real(args[0])
            let r = Foundation.scalbn(x, Int32(clamping: n))
            if r.isInfinite && x.isFinite { throw PyError("OverflowError", "math range error") }
            return .float(r)
        }
        function("frexp") { a in
            let x = try real(try arguments("frexp", a, 1...1)[0])
            if x == 0 || !x.isFinite { return .tuple([.float(x), .int(0)]) }
            let e = x.exponent + 1
            return .tuple([.float(x / Foundation.pow(2.0, Double(e))), .int(Int(e))])
        }
        // floor, ceil and trunc are ints, exact for big floats.
        func rounding(_ name: String, _ rule: FloatingPointRoundingRule) {
            function(name) { a in
                let v = try arguments(name, a, 1...1)[0]
                switch v {
                case .int, .bigInt: return v
                case .bool(let b): return .int(b ? 1 : 0)
                default: return try self.int(.float(try real(v).rounded(rule)))
                }
            }
        }
        rounding("floor", .down)
        rounding("ceil", .up)
        rounding("trunc", .towardZero)
        function("isnan") { a in .bool(try real(try arguments("isnan", a, 1...1)[0]).isNaN) }
        function("isinf") { a in .bool(try real(try arguments("isinf", a, 1...1)[0]).isInfinite) }
        function("isfinite") { a in .bool(try real(try arguments("isfinite", a, 1...1)[0]).isFinite) }
        function("isclose") { a in
            guard a.positional.count == 2 else { throw PyError.type("isclose() takes exactly 2 positional arguments (\(a.positional.count) given)") }
            var rel = 1e-9, abs = 0.0
            for (k, v) in a.keywords {
                switch k {
                case "rel_tol": rel = try real(v)
                case "abs_tol": abs = try real(v)
                default: throw PyError.type("isclose() got an unexpected keyword argument '\(k)'")
                }
            }
            guard rel >= 0, abs >= 0 else { throw PyError.value("tolerances must be non-negative") }
            let x = try real(a.positional[0]), y = try real(a.positional[1])
            if x == y { return .bool(true) }
            if x.isInfinite || y.isInfinite { return .bool(false) }
            let diff = Swift.abs(y - x)
            return .bool(diff <= Swift.abs(rel * y) || diff <= Swift.abs(rel * x) || diff <= abs)
        }
        function("fsum") { a in
            let values = try self.materialize(try arguments("fsum", a, 1...1)[0]).map(real)
            return .float(try MathModule.fsum(values))
        }
        function("prod") { a in
            guard a.positional.count == 1 else { throw PyError.type("prod() takes exactly 1 positional argument (\(a.positional.count) given)") }
            var result = a.keyword("start") ?? .int(1)
            for v in try self.materialize(a.positional[0]) { result = try self.binary(.mul, result, v) }
            return result
        }
        func integer(_ name: String, _ v: Value) throws -> BigInt {
            switch v {
            case .int(let i): return BigInt(i)
            case .bigInt(let b): return b
            case .bool(let b): return b ? 1 : 0
            default: throw PyError.type("'\(typeName(v))' object cannot be interpreted as an integer")
            }
        }
        function("gcd") { a in
            var g = BigInt(0)
            for v in a.positional { g = g.greatestCommonDivisor(with: try integer("gcd", v)) }
            return .integer(g.magnitude == 0 ? 0 : BigInt(g.magnitude))
        }
        function("lcm") { a in
            var l = BigInt(1)
            for v in a.positional {
                let x = BigInt(try integer("lcm", v).magnitude)
                if x == 0 { return .int(0) }
                l = l / l.greatestCommonDivisor(with: x) * x
            }
            return .integer(l)
        }
        function("factorial") { a in
            let v = try arguments("factorial", a, 1...1)[0]
            if case .float = v { throw PyError.type("'float' object cannot be interpreted as an integer") }
            let n = try integer("factorial", v)
            guard n >= 0 else { throw PyError.value("factorial() not defined for negative values") }
            guard n <= 100_000 else { throw PyError("OverflowError", "factorial() argument should not exceed \(100_000) in tsh") }
            var r = BigInt(1)
            var k = BigInt(2)
            while k <= n { r *= k; k += 1 }
            return .integer(r)
        }
        func choose(_ name: String, _ a: Arguments, permutations: Bool) throws -> Value {
            let args = try arguments(name, a, 1...2)
            let n = try integer(name, args[0])
            let k = args.count > 1 && !(args[1].isPyNone) ? try integer(name, args[1]) : n
            guard n >= 0 else { throw PyError.value("n must be a non-negative integer") }
            guard k >= 0 else { throw PyError.value("k must be a non-negative integer") }
            if k > n { return .int(0) }
            guard k <= 100_000 else { throw PyError("OverflowError", "\(name)() argument too large for tsh") }
            var r = BigInt(1)
            var i = BigInt(0)
            while i < k {
                r *= n - i
                i += 1
                if !permutations { r /= i }
            }
            return .integer(r)
        }
        function("comb") { a in try choose("comb", a, permutations: false) }
        function("perm") { a in try choose("perm", a, permutations: true) }
        function("isqrt") { a in
            let n = try integer("isqrt", try arguments("isqrt", a, 1...1)[0])
            guard n >= 0 else { throw PyError.value("isqrt() argument must be nonnegative") }
            return .integer(BigInt(n.magnitude.squareRoot()))
        }
        function("dist") { a in
            let args = try arguments("dist", a, 2...2)
            let p = try self.materialize(args[0]).map(real), q = try self.materialize(args[1]).map(real)
            guard p.count == q.count else { throw PyError.value("both points must have the same number of dimensions") }
            return .float(zip(p, q).reduce(0.0) { Foundation.hypot($0, $1.0 - $1.1) })
        }
        return m
    }
}

extension Value {
    var isPyNone: Bool { if case .none = self { true } else { false } }
}

enum MathModule {
    /// CPython's fsum: Shewchuk's exact partial sums, rounded once.
    static func fsum(_ values: [Double]) throws -> Double {
        var partials: [Double] = []
        var specialSum = 0.0, infSum = 0.0
        for x0 in values {
            var x = x0
            if !x.isFinite {
                if x.isInfinite { infSum += x }
                specialSum += x
                continue
            }
            var i = 0
            for var y in partials {
                if Swift.abs(x) < Swift.abs(y) { swap(&x, &y) }
                let hi = x + y
                let lo = y - (hi - x)
                if lo != 0 {
                    partials[i] = lo
                    i += 1
                }
                x = hi
            }
            partials.removeSubrange(i...)
            if !x.isFinite { throw PyError("OverflowError", "intermediate overflow in fsum") }
            partials.append(x)
        }
        if specialSum != 0 {
            if infSum.isNaN { throw PyError.value("-inf + inf in fsum") }
            return specialSum
        }
        guard var hi = partials.popLast() else { return 0 }
        var lo = 0.0
        while let y = partials.popLast() {
            let x = hi
            hi = x + y
            let yr = hi - x
            lo = y - yr
            if lo != 0 { break }
        }
        // Round half-even across the remaining partials, as CPython does.
        if let next = partials.last, (lo < 0 && next < 0) || (lo > 0 && next > 0) {
            let y = lo * 2
            let x = hi + y
            if y == x - hi { hi = x }
        }
        return hi
    }
}
