import CVectorKernels

/// A column-major matrix (a `.t()` view) made row-major in tiles (CVectorKernels: 8×8
/// register transposes with AVX2), so reads and writes stay within a few cache lines; the
/// general strided copy walks one of them a whole column apart per element. Serves
/// `w.t().contiguous()` and a linear layer's weight gradient, which arrives transposed.
package enum TransposeKernels {
    /// `out[r * cols + c] = src[c * rows + r]` for elements of `itemSize` 4 or 8 bytes,
    /// bands of rows on each core for large matrices; false for other sizes.
    @discardableResult
    package static func transpose(_ src: UnsafeRawPointer, _ out: UnsafeMutableRawPointer, rows: Int, cols: Int, itemSize: Int) -> Bool {
        guard itemSize == 4 || itemSize == 8 else { return false }
        let workers = min(parallelism, rows * cols / 65536, rows / 32)
        func band(_ r0: Int, _ r1: Int) {
            if itemSize == 4 { tsh_transpose32(src, out, rows, cols, r0, r1) } else { tsh_transpose64(src, out, rows, cols, r0, r1) }
        }
        if workers <= 1 {
            band(0, rows)
            return true
        }
        // Bands of whole 32-row tiles that together cover every row (ceil, then up to 32).
        let chunk = ((rows + workers - 1) / workers + 31) / 32 * 32
        parallelFor(workers) { w in
            let r0 = w * chunk
            if r0 < rows { band(r0, min(rows, r0 + chunk)) }
        }
        return true
    }
}
