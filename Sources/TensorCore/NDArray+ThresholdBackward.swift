/// ReLU's backward in one pass, as aten's threshold_backward: the gradient where the input
/// (or the result) is above the threshold, 0 elsewhere. No bool mask, no broadcasting.
extension NDArray {
    /// `x <= threshold ? 0 : grad`, for contiguous float arrays of one shape and dtype; nil
    /// for anything else (the caller takes the general path).
    package static func thresholdBackward(_ grad: NDArray, _ x: NDArray, threshold: Double) -> NDArray? {
        guard grad.shape == x.shape, grad.dtype == x.dtype, grad.isContiguous, x.isContiguous else { return nil }
        switch grad.dtype {
        case .float32: return thresholded(grad, x, Float(threshold), Float.self)
        case .float64: return thresholded(grad, x, threshold, Double.self)
        default: return nil
        }
    }

    private static func thresholded<T: BinaryFloatingPoint>(_ grad: NDArray, _ x: NDArray, _ t: T, _: T.Type) -> NDArray {
        let out = NDArray(uninitialized: grad.shape, dtype: grad.dtype)
        let g = grad.baseAddress.assumingMemoryBound(to: T.self), v = x.baseAddress.assumingMemoryBound(to: T.self)
        let o = out.baseAddress.assumingMemoryBound(to: T.self)
        for i in 0..<grad.count { o[i] = v[i] <= t ? 0 : g[i] }
        return out
    }
}
