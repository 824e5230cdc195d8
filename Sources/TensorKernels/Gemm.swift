import CBLAS

/// One matrix operand of a product: its first element, the row-major leading dimension,
/// and whether it is stored transposed (a column-major view of the logical matrix).
package struct GemmOperand {
    package var base: UnsafeMutableRawPointer
    package var leadingDimension: Int
    package var transposed: Bool

    package init(base: UnsafeMutableRawPointer, leadingDimension: Int, transposed: Bool) {
        self.base = base
        self.leadingDimension = leadingDimension
        self.transposed = transposed
    }
}

package enum GemmKernels {
    /// C (m×n, row-major, leading dimension ldc) = A (m×k) · B (k×n), overwriting C, or
    /// C += A·B with `accumulate` (BLAS's beta = 1: addmm's bias already in C, float only).
    package static func multiply(_ dtype: DType, m: Int, n: Int, k: Int,
                                 _ a: GemmOperand, _ b: GemmOperand, c: UnsafeMutableRawPointer, ldc: Int, accumulate: Bool = false) {
        if m == 0 || n == 0 { return }
        switch dtype {
        case .float32:
            if k == 0 { if !accumulate { zero(c.assumingMemoryBound(to: Float.self), m, n, ldc) }; return }
            tsh_sgemm(a.transposed ? 1 : 0, b.transposed ? 1 : 0, Int32(m), Int32(n), Int32(k), 1,
                      a.base.assumingMemoryBound(to: Float.self), Int32(a.leadingDimension),
                      b.base.assumingMemoryBound(to: Float.self), Int32(b.leadingDimension),
                      accumulate ? 1 : 0, c.assumingMemoryBound(to: Float.self), Int32(ldc))
        case .float64:
            if k == 0 { if !accumulate { zero(c.assumingMemoryBound(to: Double.self), m, n, ldc) }; return }
            tsh_dgemm(a.transposed ? 1 : 0, b.transposed ? 1 : 0, Int32(m), Int32(n), Int32(k), 1,
                      a.base.assumingMemoryBound(to: Double.self), Int32(a.leadingDimension),
                      b.base.assumingMemoryBound(to: Double.self), Int32(b.leadingDimension),
                      accumulate ? 1 : 0, c.assumingMemoryBound(to: Double.self), Int32(ldc))
        case .int64:
            precondition(!accumulate, "accumulating products are float only")
            integerMultiply(m: m, n: n, k: k, a, b, c.assumingMemoryBound(to: Int64.self), ldc)
        case .int32:
            integerMultiply(m: m, n: n, k: k, a, b, c.assumingMemoryBound(to: Int32.self), ldc)
        case .bool:
            preconditionFailure("bool matmul is refused before the kernel")
        default: preconditionFailure("\(dtype.name) is computed in \(dtype.computeType.name) before the kernel")
        }
    }

    private static func zero<T: KernelElement>(_ c: UnsafeMutablePointer<T>, _ m: Int, _ n: Int, _ ldc: Int) {
        for i in 0..<m { for j in 0..<n { c[i * ldc + j] = T(fromInt: 0) } }
    }

    private static func integerMultiply<T: FixedWidthInteger>(m: Int, n: Int, k: Int, _ a: GemmOperand, _ b: GemmOperand,
                                                              _ c: UnsafeMutablePointer<T>, _ ldc: Int) {
        let ap = a.base.assumingMemoryBound(to: T.self), bp = b.base.assumingMemoryBound(to: T.self)
        let (ars, acs) = a.transposed ? (1, a.leadingDimension) : (a.leadingDimension, 1)
        let (brs, bcs) = b.transposed ? (1, b.leadingDimension) : (b.leadingDimension, 1)
        for i in 0..<m {
            let row = c + i * ldc
            for j in 0..<n { row[j] = 0 }
            for p in 0..<k {
                let av = ap[i * ars + p * acs]
                for j in 0..<n { row[j] = row[j] &+ av &* bp[p * brs + j * bcs] }
            }
        }
    }

    /// The OpenBLAS kernel family in use (for `scripts/bench` and `tsh --version`).
    package static var blasCoreName: String { String(cString: tsh_blas_corename()) }
}
