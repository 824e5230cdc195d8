/// Elementary functions written so that the compiler vectorizes loops over them
/// (no calls, no branches; selects instead), for the hottest float32 kernels.
enum VectorMath {
    /// e^x for float32 within 2 ulp: SLEEF's expf_u10 polynomial, the routine PyTorch's
    /// vectorized CPU exp calls (1 ulp there, where its steps are fused multiply-adds;
    /// baseline x86-64 has no FMA). Rounding to an integer and building powers of two use
    /// bit tricks that plain SSE2 vectorizes (no `rint`, no checked conversions, no
    /// branches). A double-precision variant was correctly rounded but ran at half the speed.
    @inline(__always)
    static func exp(_ d: Float) -> Float {
        let log2e: Float = 1.442695040888963407359924681001892137
        let ln2Upper: Float = 0.693145751953125
        let ln2Lower: Float = 1.428606765330187045e-06
        let roundingBias: Float = 12582912 // 1.5 * 2^23: adding it rounds to an integer, ties to even
        let x = Swift.min(Swift.max(d, -104), 104)
        let biased = x * log2e + roundingBias
        let q = Int32(bitPattern: biased.bitPattern &- roundingBias.bitPattern)
        let qf = biased - roundingBias
        var s = x - qf * ln2Upper
        s = s - qf * ln2Lower
        var u: Float = 0.000198527617612853646278381
        u = u * s + 0.00139304355252534151077271
        u = u * s + 0.00833336077630519866943359
        u = u * s + 0.0416664853692054748535156
        u = u * s + 0.166666671633720397949219
        u = u * s + 0.5
        u = (s * s) * u + (s + 1)
        let half = q >> 1
        u = u * pow2(half) * pow2(q &- half)
        u = d < -104 ? 0 : u
        u = d > 104 ? Float.infinity : u
        return d != d ? d : u
    }

    /// 2^q for q in the normal exponent range, built from its bits.
    @inline(__always)
    static func pow2(_ q: Int32) -> Float {
        Float(bitPattern: UInt32(bitPattern: (q &+ 127) &<< 23))
    }
}
