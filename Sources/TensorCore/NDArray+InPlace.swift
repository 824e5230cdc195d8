/// In-place operations (`add_`, `copy_`, `fill_`, ...): they write through this array's
/// view into the shared storage, so every other view sees the change.
extension NDArray {
    /// PyTorch refuses to write where two elements share one memory location (an
    /// expanded tensor), since the result would depend on the order of writes.
    func checkWritable() throws {
        for d in 0..<rank where strides[d] == 0 && shape[d] > 1 {
            throw TensorError.runtime(
                "unsupported operation: more than one element of the written-to tensor refers to a single memory location. Please clone() the tensor before performing the operation.")
        }
    }

    /// Mirrors Tensor.copy_(src): src broadcasts to this shape and converts to this dtype.
    /// Whether both arrays are views of one storage.
    package func sharesStorage(with other: NDArray) -> Bool { storage === other.storage }

    package func copyFrom(_ src: NDArray) throws {
        try checkWritable()
        let shape = try Broadcasting.shape(self.shape, src.shape)
        guard shape == self.shape else {
            throw TensorError.runtime(Messages.broadcastMismatch(src.shape.last ?? 1, self.shape.last ?? 1, dim: 0))
        }
        let source = src.storage === storage ? src.contiguousCopy() : src
        CopyKernels.copy(shape: shape, from: source.operand(broadcastTo: shape), source.dtype, to: operand, dtype)
        bumpVersion()
    }

    /// Mirrors Tensor.fill_(value) (and zero_ with 0).
    package func fill(_ value: Scalar) throws {
        try checkWritable()
        CopyKernels.fill(shape: shape, operand, dtype, with: value)
        bumpVersion()
    }

    /// Mirrors add_/sub_/mul_/div_: self = self op other, kept in self's dtype.
    package func applyInPlace(_ op: BinaryOp, _ other: Operand) throws {
        let type = try NDArray.computeType(op, .array(self), other)
        try checkResult(type, shape: try Broadcasting.shape(shape, other.shape))
        let result = try NDArray.binary(op, .array(self), other)
        CopyKernels.copy(shape: shape, from: result.operand, result.dtype, to: operand, dtype)
        bumpVersion()
    }

    /// Mirrors clamp_(min, max).
    package func clampInPlace(min lower: Scalar?, max upper: Scalar?) throws {
        let result = try clamp(min: lower, max: upper)
        try checkResult(result.dtype, shape: shape)
        CopyKernels.copy(shape: shape, from: result.operand, result.dtype, to: operand, dtype)
        bumpVersion()
    }

    /// Writes `result` (already computed) over self, as an in-place unary op does.
    package func assignResult(_ result: NDArray) throws {
        try checkResult(result.dtype, shape: result.shape)
        CopyKernels.copy(shape: shape, from: result.operand, result.dtype, to: operand, dtype)
        bumpVersion()
    }

    private func checkResult(_ type: DType, shape resultShape: [Int]) throws {
        try checkWritable()
        guard resultShape == shape else {
            throw TensorError.runtime("output with shape \(Messages.shape(shape)) doesn't match the broadcast shape \(Messages.shape(resultShape))")
        }
        guard TypePromotion.canCast(type, to: dtype) else {
            throw TensorError.runtime(Messages.cannotCast(type, to: dtype))
        }
    }
}
