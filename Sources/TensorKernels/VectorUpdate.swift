import CVectorKernels

/// Updates over flat buffers (the optimizers' parameter steps, ReLU's backward), in C loops chosen
/// at run time for the CPU (CVectorKernels), split across the cores for large buffers.
package enum VectorUpdate {
    /// `y += alpha * x` with one rounding (ATen's add(alpha=)), for `count` contiguous
    /// float32 or float64 elements; false for other dtypes.
    @discardableResult
    package static func axpy(_ y: UnsafeMutableRawPointer, _ x: UnsafeRawPointer, alpha: Double, count: Int, dtype: DType) -> Bool {
        switch dtype {
        case .float32:
            let yp = y.assumingMemoryBound(to: Float.self), xp = x.assumingMemoryBound(to: Float.self)
            inChunks(count) { r in tsh_axpy_f32(yp + r.lowerBound, xp + r.lowerBound, Float(alpha), r.count) }
        case .float64:
            let yp = y.assumingMemoryBound(to: Double.self), xp = x.assumingMemoryBound(to: Double.self)
            inChunks(count) { r in tsh_axpy_f64(yp + r.lowerBound, xp + r.lowerBound, alpha, r.count) }
        default:
            return false
        }
        return true
    }

    /// `out = x <= threshold ? 0 : grad` over `count` contiguous float32/float64 elements
    /// (ReLU's backward), branch-free, on each core for large buffers.
    package static func thresholdBackward(_ grad: UnsafeRawPointer, _ x: UnsafeRawPointer, threshold: Double,
                                          out: UnsafeMutableRawPointer, count: Int, dtype: DType) {
        if dtype == .float32 {
            let g = grad.assumingMemoryBound(to: Float.self), v = x.assumingMemoryBound(to: Float.self), o = out.assumingMemoryBound(to: Float.self)
            inChunks(count) { r in tsh_threshold_backward_f32(g + r.lowerBound, v + r.lowerBound, Float(threshold), o + r.lowerBound, r.count) }
        } else {
            let g = grad.assumingMemoryBound(to: Double.self), v = x.assumingMemoryBound(to: Double.self), o = out.assumingMemoryBound(to: Double.self)
            inChunks(count) { r in tsh_threshold_backward_f64(g + r.lowerBound, v + r.lowerBound, threshold, o + r.lowerBound, r.count) }
        }
    }

    /// The vector loops in use: "avx2+fma" or "portable".
    package static var isa: String { String(cString: tsh_vector_isa()) }

    /// One range for small work, one per core above the element-wise grain.
    static func inChunks(_ count: Int, grain: Int = 65536, _ body: (Range<Int>) -> Void) {
        let workers = min(parallelism, count / grain)
        guard workers > 1 else { return body(0..<count) }
        let chunk = (count + workers - 1) / workers
        parallelFor(workers) { w in
            let lo = w * chunk
            if lo < count { body(lo..<min(count, lo + chunk)) }
        }
    }
}
