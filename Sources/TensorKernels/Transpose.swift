import Dispatch

/// A column-major matrix (a `.t()` view) made row-major in square tiles, so both the reads
/// and the writes stay within a few cache lines; the general strided copy walks one of
/// them a whole column apart per element. Serves `w.t().contiguous()` and a linear layer's
/// weight gradient, which arrives transposed.
package enum TransposeKernels {
    static let tile = 32

    /// `out[r * cols + c] = src[c * rows + r]` for elements of `itemSize` 4 or 8 bytes;
    /// false for other sizes.
    @discardableResult
    package static func transpose(_ src: UnsafeRawPointer, _ out: UnsafeMutableRawPointer, rows: Int, cols: Int, itemSize: Int) -> Bool {
        switch itemSize {
        case 4: run(src.assumingMemoryBound(to: UInt32.self), out.assumingMemoryBound(to: UInt32.self), rows, cols)
        case 8: run(src.assumingMemoryBound(to: UInt64.self), out.assumingMemoryBound(to: UInt64.self), rows, cols)
        default: return false
        }
        return true
    }

    private static func run<T>(_ src: UnsafePointer<T>, _ out: UnsafeMutablePointer<T>, _ rows: Int, _ cols: Int) {
        let bands = (rows + tile - 1) / tile
        func band(_ b: Int) {
            let r0 = b * tile, r1 = min(rows, r0 + tile)
            var c0 = 0
            while c0 < cols {
                let c1 = min(cols, c0 + tile)
                for r in r0..<r1 {
                    for c in c0..<c1 { out[r * cols + c] = src[c * rows + r] }
                }
                c0 = c1
            }
        }
        let workers = min(parallelism, rows * cols / 65536)
        if workers <= 1 || bands < 2 {
            for b in 0..<bands { band(b) }
            return
        }
        DispatchQueue.concurrentPerform(iterations: workers) { w in
            var b = w
            while b < bands { band(b); b += workers }
        }
    }
}
