/// The `out=` argument of torch functions: the result is written into a given tensor.
extension Tensor {
    /// Writes `result` into this tensor as `torch.FUNCTION(..., out=self)` does: the result
    /// must be castable to this dtype; a tensor of another shape is resized (when it is not
    /// a view). Returns whether a tensor that had elements was resized (PyTorch warns).
    /// out= does not record a graph: PyTorch refuses it when a gradient would be needed.
    package func assignOut(_ result: Tensor, function: String) throws -> Bool {
        if GradMode.isEnabled && (result.requiresGrad || requiresGrad) {
            throw TensorError.runtime(
                "\(function)(): functions with out=... arguments don't support automatic differentiation, but one of the arguments requires grad.")
        }
        guard TypePromotion.canCast(result.dtype, to: dtype) else {
            throw TensorError.runtime(Messages.cannotCast(result.dtype, to: dtype))
        }
        var resized = false
        if result.shape != shape {
            guard viewBase == nil else {
                throw TensorError.runtime("output with shape \(Messages.shape(shape)) doesn't match the broadcast shape \(Messages.shape(result.shape))")
            }
            resized = count > 0
            data = NDArray(uninitialized: result.shape, dtype: dtype)
        }
        try data.copyFrom(result.data)
        return resized
    }
}
