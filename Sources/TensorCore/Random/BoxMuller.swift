#if canImport(Glibc)
import Glibc
#endif

/// The normal-sample transforms of PyTorch's CPU kernels (rng.md section 4), step by
/// step with the same fused multiply-adds, so every value matches to the bit.
enum BoxMuller {
    /// One draw of the scalar path: double Box–Muller with the generator's cache
    /// (u1 is the angle, u2 the radius).
    static func scalarSample(_ g: Generator) -> Double {
        if let cached = g.nextDoubleNormal {
            g.nextDoubleNormal = nil
            return cached
        }
        let u1 = g.uniformDouble(), u2 = g.uniformDouble()
        let r = (-2 * log1p(-u2)).squareRoot()
        let theta = 6.283185307179586 * u1
        g.nextDoubleNormal = r * sin(theta)
        return r * cos(theta)
    }

    static let sqrtHalf = Float(bitPattern: 0x3F35_04F3)
    static let logP: [Float] = [0x3D90_21BB, 0xBDEB_D1B8, 0x3DEF_251A, 0xBDFE_5D4F, 0x3E11_E9BF,
                                0xBE2A_AE50, 0x3E4C_CEAC, 0xBE7F_FFFC, 0x3EAA_AAAA].map { Float(bitPattern: $0) }
    static let logQ1 = Float(bitPattern: 0xB95E_8083)
    static let logQ2 = Float(bitPattern: 0x3F31_8000)
    static let fourOverPi = Float(bitPattern: 0x3FA2_F983)
    static let dp1 = Float(bitPattern: 0xBF49_0000), dp2 = Float(bitPattern: 0xB97D_A000), dp3 = Float(bitPattern: 0xB322_2169)
    static let sinC: [Float] = [0xB94C_A1F9, 0x3C08_839E, 0xBE2A_AAA3].map { Float(bitPattern: $0) }
    static let cosC: [Float] = [0x37CC_F5CE, 0xBAB6_061A, 0x3D2A_AAA5].map { Float(bitPattern: $0) }
    static let twoPiFloat = Float(bitPattern: 0x40C9_0FDB)

    /// avx_mathfun's log256_ps, one lane, for x in (0, 1].
    static func log256(_ input: Float) -> Float {
        let x = max(input, Float(bitPattern: 0x0080_0000))
        let bits = x.bitPattern
        var e = Float(Int32(bitPattern: bits >> 23) - 127) + 1
        let m = Float(bitPattern: (bits & 0x807F_FFFF) | 0x3F00_0000)
        let t: Float
        if m < sqrtHalf {
            e -= 1
            t = (m - 1) + m
        } else {
            t = (m - 1) + 0
        }
        let z = t * t
        var y = logP[0]
        for k in 1...8 { y = logP[k].addingProduct(y, t) }
        y = y * t
        y = (e * logQ1).addingProduct(y, z)
        y = y.addingProduct(-z, 0.5)
        var r = t + y
        r = r.addingProduct(e, logQ2)
        return r
    }

    /// avx_mathfun's sincos256_ps, one lane: (sin, cos).
    static func sincos256(_ input: Float) -> (Float, Float) {
        var signSin = input.sign == .minus
        var x = abs(input)
        var y = x * fourOverPi
        var j = Int32(y)   // y is finite and small here: 2π·u ≤ 6.29
        j = (j &+ 1) & ~1
        y = Float(j)
        let swap = (j & 4) != 0
        let sinPolyForSin = (j & 2) == 0
        x = x.addingProduct(y, dp1)
        x = x.addingProduct(y, dp2)
        x = x.addingProduct(y, dp3)
        let signCos = ((~(j &- 2)) & 4) != 0
        signSin = signSin != swap
        let z = x * x
        var c = cosC[1].addingProduct(cosC[0], z)
        c = cosC[2].addingProduct(c, z)
        c = c * z
        c = (-(z * 0.5)).addingProduct(c, z)
        c = c + 1
        var s = sinC[1].addingProduct(sinC[0], z)
        s = sinC[2].addingProduct(s, z)
        s = s * z
        s = x.addingProduct(s, x)
        var (sinValue, cosValue) = sinPolyForSin ? (s, c) : (c, s)
        if signSin { sinValue = -sinValue }
        if signCos { cosValue = -cosValue }
        return (sinValue, cosValue)
    }

    /// The float32 block transform of 16 uniforms in place (the AVX2 kernel).
    static func transformBlock(_ d: UnsafeMutablePointer<Float>, mean: Float, std: Float) {
        for j in 0..<8 {
            let u1 = 1 - d[j], u2 = d[j + 8]
            let radius = (-2 * log256(u1)).squareRoot()
            let theta = twoPiFloat * u2
            let (s, c) = sincos256(theta)
            d[j] = mean.addingProduct(radius * c, std)
            d[j + 8] = mean.addingProduct(radius * s, std)
        }
    }

    /// The float64 block transform of 16 uniforms in place (libm log, sin, cos).
    static func transformBlock(_ d: UnsafeMutablePointer<Double>, mean: Double, std: Double) {
        for j in 0..<8 {
            let u1 = 1 - d[j], u2 = d[j + 8]
            let radius = (-2 * log(u1)).squareRoot()
            let theta = 6.283185307179586 * u2
            d[j] = mean.addingProduct(radius * cos(theta), std)
            d[j + 8] = mean.addingProduct(radius * sin(theta), std)
        }
    }
}
