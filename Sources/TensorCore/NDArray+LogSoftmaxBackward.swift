import CVectorKernels

/// LogSoftmaxBackward0 in one pass (aten's _log_softmax_backward_data): no exp, sum,
/// product and difference temporaries, and ATen's own order of rounding.
extension NDArray {
    /// `grad - exp(output) * grad.sum(lastDim, keepdim=True)` for contiguous float32 arrays
    /// of one shape, along the last dimension; nil for anything else (the caller takes the
    /// general path).
    package static func logSoftmaxBackward(_ grad: NDArray, _ output: NDArray) -> NDArray? {
        guard grad.shape == output.shape, grad.dtype == .float32, output.dtype == .float32, grad.rank > 0,
              grad.isContiguous, output.isContiguous else { return nil }
        let n = grad.shape[grad.rank - 1]
        let out = NDArray(uninitialized: grad.shape, dtype: .float32)
        if n > 0 {
            tsh_log_softmax_backward_f32(UnsafeRawPointer(grad.baseAddress).assumingMemoryBound(to: Float.self),
                                         UnsafeRawPointer(output.baseAddress).assumingMemoryBound(to: Float.self),
                                         out.baseAddress.assumingMemoryBound(to: Float.self), grad.count / n, n)
        }
        return out
    }
}
