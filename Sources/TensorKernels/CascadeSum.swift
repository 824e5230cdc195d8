/// Float sums in the order ATen's CPU sum kernel adds (aten/src/ATen/native/cpu/
/// SumKernel.cpp, its AVX2 build: 8 float or 4 double lanes), so a float32 sum prints the
/// digits PyTorch prints. The kernel adds in the input's own precision through a
/// four-level cascade (short runs summed, then their sums summed), four interleaved
/// accumulators per row, and vector lanes combined at the end; which variant runs
/// depends on how the reduced and kept dimensions lie in memory.
import CVectorKernels

enum CascadeSum {
    /// ATen's utils::CeilLog2.
    @inline(__always)
    static func ceilLog2(_ x: Int) -> Int {
        x <= 2 ? 1 : Int.bitWidth - (x - 1).leadingZeroBitCount
    }

    /// multi_row_sum for one column: `count` items `stride` apart, summed through four
    /// levels, each level's run 2^levelPower items long.
    @inline(__always)
    static func cascade<T: BinaryFloatingPoint>(_ x: UnsafeMutablePointer<T>, _ count: Int, _ stride: Int) -> T {
        let levelPower = max(4, ceilLog2(count) / 4)
        let step = 1 << levelPower, mask = step - 1
        var a0: T = 0, a1: T = 0, a2: T = 0, a3: T = 0
        var i = 0
        while i + step <= count {
            for _ in 0..<step {
                a0 += x[i * stride]
                i += 1
            }
            a1 += a0; a0 = 0
            if i & (mask << levelPower) != 0 { continue }
            a2 += a1; a1 = 0
            if i & (mask << (2 * levelPower)) != 0 { continue }
            a3 += a2; a2 = 0
        }
        while i < count {
            a0 += x[i * stride]
            i += 1
        }
        a0 += a1
        a0 += a2
        a0 += a3
        return a0
    }

    /// row_sum for one column of scalars: four interleaved accumulators (item 4i+k goes to
    /// k), the remainder into the first, then the four added in order.
    @inline(__always)
    static func rowSum<T: BinaryFloatingPoint>(_ x: UnsafeMutablePointer<T>, _ count: Int, _ stride: Int) -> T {
        let rows = count / 4
        var p0 = cascade(x, rows, 4 * stride)
        let p1 = cascade(x + stride, rows, 4 * stride)
        let p2 = cascade(x + 2 * stride, rows, 4 * stride)
        let p3 = cascade(x + 3 * stride, rows, 4 * stride)
        for i in (rows * 4)..<count { p0 += x[i * stride] }
        p0 += p1
        p0 += p2
        p0 += p3
        return p0
    }

    /// vectorized_inner_sum for one contiguous row: `width`-lane vectors summed as rowSum
    /// sums scalars (lane by lane), the tail scalars added to zero first, then the lanes.
    static func vectorizedRow<T: BinaryFloatingPoint>(_ x: UnsafeMutablePointer<T>, _ count: Int, width: Int) -> T {
        // One pass over memory in C (CVectorKernels' cascade_sum.c); the callers sum float32
        // 8 lanes wide and float64 4 lanes wide, as ATen's AVX2 build does.
        if T.self == Float.self, width == 8 {
            return T(tsh_cascade_row_sum_f32(UnsafeRawPointer(x).assumingMemoryBound(to: Float.self), count))
        }
        precondition(T.self == Double.self && width == 4, "cascade rows are float32 x 8 or float64 x 4")
        return T(tsh_cascade_row_sum_f64(UnsafeRawPointer(x).assumingMemoryBound(to: Double.self), count))
    }

    /// One output of a reduction whose reduced items are `stride` apart, with ATen's choice
    /// of variant: the row vectorized when contiguous and long enough; otherwise by where
    /// the output sits among its neighbours (`column` of `columns` along the innermost
    /// kept dimension, `columnStride` apart in the input).
    static func sum<T: BinaryFloatingPoint>(_ x: UnsafeMutablePointer<T>, count: Int, stride: Int, width: Int,
                                            column: Int, columns: Int, columnStride: Int) -> T {
        if stride == 1 {
            return count >= width ? vectorizedRow(x, count, width: width) : rowSum(x, count, 1)
        }
        if columnStride == 1 && columns >= width {
            // vectorized_outer_sum: blocks of four vectors of columns summed straight down,
            // the remaining columns by rowSum.
            let straight = (columns / (4 * width)) * (4 * width)
            return column < straight ? cascade(x, count, stride) : rowSum(x, count, stride)
        }
        if stride < columnStride || columns <= 1 {
            return rowSum(x, count, stride)
        }
        // scalar_outer_sum: groups of four columns summed straight down, the rest by rowSum.
        return column < (columns / 4) * 4 ? cascade(x, count, stride) : rowSum(x, count, stride)
    }

    /// ATen's intra-op grain (at::internal::GRAIN_SIZE).
    static let grain = 32768

    /// A sum with one output (the whole tensor) as ATen's two_pass_reduction computes it with
    /// more than one thread: from GRAIN_SIZE elements on, the range is cut into one chunk per
    /// thread (OpenMP's parallel_for: ceil(count / threads) each), each chunk summed as if it
    /// were the tensor, on its own core here too, and the partials added to zero in order.
    /// tsh counts its threads as PyTorch does on a machine without SMT (one per core).
    static func total<T: BinaryFloatingPoint>(_ x: UnsafeMutablePointer<T>, count: Int, stride: Int, width: Int) -> T {
        let threads = min(parallelism, (count + grain - 1) / grain)
        guard count >= grain, threads > 1 else {
            return sum(x, count: count, stride: stride, width: width, column: 0, columns: 1, columnStride: 0)
        }
        let chunk = (count + threads - 1) / threads
        var partials = [T](repeating: 0, count: threads)
        partials.withUnsafeMutableBufferPointer { partials in
            let out = partials.baseAddress!
            parallelFor(threads) { t in
                let lo = t * chunk, hi = min(count, lo + chunk)
                out[t] = lo < hi ? sum(x + lo * stride, count: hi - lo, stride: stride, width: width, column: 0, columns: 1, columnStride: 0) : 0
            }
        }
        var total: T = 0
        for p in partials { total += p }
        return total
    }
}
