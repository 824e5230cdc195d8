import TensorKernels

/// ReLU's backward in one pass, as aten's threshold_backward: the gradient where the input
/// (or the result) is above the threshold, 0 elsewhere. No bool mask, no broadcasting.
extension NDArray {
    /// `x <= threshold ? 0 : grad`, for contiguous float arrays of one shape and dtype; nil
    /// for anything else (the caller takes the general path).
    package static func thresholdBackward(_ grad: NDArray, _ x: NDArray, threshold: Double) -> NDArray? {
        guard grad.shape == x.shape, grad.dtype == x.dtype, grad.isContiguous, x.isContiguous else { return nil }
        guard grad.dtype == .float32 || grad.dtype == .float64 else { return nil }
        let out = NDArray(uninitialized: grad.shape, dtype: grad.dtype)
        VectorUpdate.thresholdBackward(grad.baseAddress, x.baseAddress, threshold: threshold, out: out.baseAddress,
                                       count: grad.count, dtype: grad.dtype)
        return out
    }
}
