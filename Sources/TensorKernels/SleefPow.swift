#if canImport(Glibc)
import Glibc
#endif

/// x^y over float32 as PyTorch's vectorized CPU kernel computes it (Vectorized<float>::pow
/// is SLEEF's powf_u10, built with fused multiply-adds): exp(y·log|x|) in double-float
/// arithmetic, then IEEE's special cases. ATen runs the vectorized routine over whole
/// 16-element blocks and, for the rest of a run, the C library's pow in double precision
/// with the exponent as given (`elementwise`).
package enum SleefPow {
    /// A float with a second float holding what its rounding lost (SLEEF's vfloat2).
    struct Pair {
        var hi: Float
        var lo: Float
    }

    /// x^y for the elements of a contiguous run of `count`, in ATen's split.
    package static func elementwise(_ x: UnsafePointer<Float>, _ y: Double, _ out: UnsafeMutablePointer<Float>, count: Int) {
        let blocked = count - count % 16
        let vectorExponent = Float(y)
        for i in 0..<blocked { out[i] = pow(x[i], vectorExponent) }
        for i in blocked..<count { out[i] = Float(Glibc.pow(Double(x[i]), y)) }
    }

    package static func pow(_ x: Float, _ y: Float) -> Float {
        let yIsInt = y.rounded(.towardZero) == y || Swift.abs(y) > 16_777_216
        let yIsOdd = yIsInt && Swift.abs(y) < 16_777_216 && Int32(y.rounded(.towardZero)) & 1 == 1
        var result = expk(multiply(logk(Swift.abs(x)), y))
        if result.isNaN { result = .infinity }
        result *= x > 0 ? 1 : (yIsInt ? (yIsOdd ? -1 : 1) : .nan)
        if y.isInfinite {
            let efx = y.sign == .minus ? -(Swift.abs(x) - 1) : Swift.abs(x) - 1
            result = efx < 0 ? 0 : (efx == 0 ? 1 : .infinity)
        }
        if x.isInfinite || x == 0 {
            let magnitude: Float = (y.sign == .minus) != (x == 0) ? 0 : .infinity
            let signed = yIsOdd ? x : 1
            result = signed.sign == .minus ? -magnitude : magnitude
        }
        if x.isNaN || y.isNaN { result = .nan }
        if y == 0 || x == 1 { result = 1 }
        return result
    }

    /// log|d| as a double-float (SLEEF's logkf).
    private static func logk(_ value: Float) -> Pair {
        var d = value
        let tiny = d < Float.leastNormalMagnitude
        if tiny { d *= 18446744073709551616 }  // 2^64
        var e = Int32(((d * (1 / 0.75)).bitPattern >> 23) & 0xff) - 0x7f
        let m = Float(bitPattern: UInt32(bitPattern: Int32(bitPattern: d.bitPattern) &+ ((-e) << 23)))
        if tiny { e -= 64 }
        let x = divide(twoSum(-1, m), twoSum(1, m))
        let x2 = square(x)
        var t: Float = 0.240320354700088500976562
        t = Float(0.285112679004669189453125).addingProduct(t, x2.hi)
        t = Float(0.400007992982864379882812).addingProduct(t, x2.hi)
        let c = Pair(hi: 0.66666662693023681640625, lo: 3.69183861259614332084311e-09)
        var s = multiply(Pair(hi: 0.69314718246459960938, lo: -1.904654323148236017e-09), Float(e))
        s = add(s, Pair(hi: x.hi * 2, lo: x.lo * 2))
        s = add(s, multiply(multiply(x2, x), twoSum(multiply(x2, t), c)))
        return s
    }

    /// e^d for a double-float d (SLEEF's expkf).
    private static func expk(_ d: Pair) -> Float {
        let u0 = (d.hi + d.lo) * Float(1.442695040888963407359924681001892137426645954152985934135449406931)
        let q = u0.rounded(.toNearestOrEven)
        var s = twoSum(d, q * -0.693145751953125)
        s = twoSum(s, q * -1.428606765330187045e-06)
        s = normalize(s)
        var u: Float = 0.00136324646882712841033936
        u = Float(0.00836596917361021041870117).addingProduct(u, s.hi)
        u = Float(0.0416710823774337768554688).addingProduct(u, s.hi)
        u = Float(0.166665524244308471679688).addingProduct(u, s.hi)
        u = Float(0.499999850988388061523438).addingProduct(u, s.hi)
        var t = add(s, multiply(square(s), u))
        t = add(1, t)
        // A q past ±1000 (or NaN, from a NaN or infinite input) only over- or underflows.
        let scale: Int32 = q.isNaN ? 0 : Int32(Swift.max(-1000, Swift.min(1000, q)))
        let r = scalbnf(t.hi + t.lo, scale)
        return d.hi < -104 ? 0 : r
    }

    // The double-float operations of SLEEF's df.h (FMA forms), named by what they do.

    /// dfadd2_vf2_vf_vf.
    @inline(__always)
    private static func twoSum(_ x: Float, _ y: Float) -> Pair {
        let s = x + y, v = s - x
        return Pair(hi: s, lo: (x - (s - v)) + (y - v))
    }

    /// dfadd2_vf2_vf2_vf.
    @inline(__always)
    private static func twoSum(_ x: Pair, _ y: Float) -> Pair {
        let s = x.hi + y, v = s - x.hi
        let t = (x.hi - (s - v)) + (y - v)
        return Pair(hi: s, lo: t + x.lo)
    }

    /// dfadd2_vf2_vf2_vf2.
    @inline(__always)
    private static func twoSum(_ x: Pair, _ y: Pair) -> Pair {
        let s = x.hi + y.hi, v = s - x.hi
        let t = (x.hi - (s - v)) + (y.hi - v)
        return Pair(hi: s, lo: t + (x.lo + y.lo))
    }

    /// dfadd_vf2_vf2_vf2 (|x| ≥ |y|).
    @inline(__always)
    private static func add(_ x: Pair, _ y: Pair) -> Pair {
        let s = x.hi + y.hi
        return Pair(hi: s, lo: (((x.hi - s) + y.hi) + x.lo) + y.lo)
    }

    /// dfadd_vf2_vf_vf2.
    @inline(__always)
    private static func add(_ x: Float, _ y: Pair) -> Pair {
        let s = x + y.hi
        return Pair(hi: s, lo: ((x - s) + y.hi) + y.lo)
    }

    /// dfnormalize_vf2_vf2.
    @inline(__always)
    private static func normalize(_ t: Pair) -> Pair {
        let s = t.hi + t.lo
        return Pair(hi: s, lo: (t.hi - s) + t.lo)
    }

    /// dfmul_vf2_vf2_vf.
    @inline(__always)
    private static func multiply(_ x: Pair, _ y: Float) -> Pair {
        let s = x.hi * y
        return Pair(hi: s, lo: (-s).addingProduct(x.hi, y).addingProduct(x.lo, y))
    }

    /// dfmul_vf2_vf2_vf2.
    @inline(__always)
    private static func multiply(_ x: Pair, _ y: Pair) -> Pair {
        let s = x.hi * y.hi
        return Pair(hi: s, lo: (-s).addingProduct(x.hi, y.hi).addingProduct(x.lo, y.hi).addingProduct(x.hi, y.lo))
    }

    /// dfsqu_vf2_vf2.
    @inline(__always)
    private static func square(_ x: Pair) -> Pair {
        let s = x.hi * x.hi
        return Pair(hi: s, lo: (-s).addingProduct(x.hi, x.hi).addingProduct(x.hi + x.hi, x.lo))
    }

    /// dfdiv_vf2_vf2_vf2.
    @inline(__always)
    private static func divide(_ n: Pair, _ d: Pair) -> Pair {
        let t = 1 / d.hi
        let s = n.hi * t
        let u = (-s).addingProduct(t, n.hi)
        let v = Float(1).addingProduct(-d.hi, t).addingProduct(-d.lo, t)
        return Pair(hi: s, lo: u.addingProduct(n.lo, t).addingProduct(s, v))
    }
}
