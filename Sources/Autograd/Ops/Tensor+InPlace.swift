/// In-place writes with autograd: fill_, zero_, copy_, masked_fill_.
extension Tensor {
    /// Mirrors Tensor.fill_(value): FillBackward2 (no gradient flows to the old values).
    package func fillInPlace(_ value: Scalar) throws {
        let newValue = try NDArray.full(shape, value, dtype: dtype)
        try commitInPlace("FillBackward2", others: [], newValue: newValue, rule: "grad_self = zeros_like(grad)") { ctx in
            [try (try ctx.grad()).zerosLike()]
        }
    }

    /// Mirrors Tensor.zero_(): ZeroBackward0.
    package func zeroInPlace() throws {
        let newValue = try NDArray.zeros(shape, dtype: dtype)
        try commitInPlace("ZeroBackward0", others: [], newValue: newValue, rule: "grad_self = zeros_like(grad)") { ctx in
            [try (try ctx.grad()).zerosLike()]
        }
    }

    /// Mirrors Tensor.copy_(src): CopyBackwards with slots (self, src); the source is
    /// broadcast and converted to this tensor's dtype.
    package func copyInPlace(from source: Tensor) throws {
        let target = try Broadcasting.shape(shape, source.shape)
        guard target == shape else {
            throw TensorError.runtime(Messages.broadcastMismatch(source.shape.last ?? 1, shape.last ?? 1, dim: 0))
        }
        let newValue = try source.data.expand(shape).converted(to: dtype)
        try commitInPlace("CopyBackwards", qualifiedName: "torch::autograd::CopyBackwards", others: [source],
                          newValue: newValue, rule: "grad_self = zeros_like(grad); grad_src = grad") { ctx in
            let g = try ctx.grad()
            return [try g.zerosLike(), ctx.needs(1) ? g : nil]
        }
    }

    /// Mirrors Tensor.masked_fill_(mask, value): MaskedFillBackward0.
    package func maskedFillInPlace(_ mask: Tensor, _ value: Scalar) throws {
        guard mask.dtype == .bool else {
            throw TensorError.runtime("masked_fill_ only supports boolean masks, but got mask with dtype \(mask.dtype.cppName)")
        }
        let m = try mask.data.expand(shape)
        let newValue = try NDArray.where(m, .scalar(value), .array(data)).to(dtype)
        try commitInPlace("MaskedFillBackward0", others: [], newValue: newValue, save: [SavedArray(m.contiguousCopy())],
                          rule: "grad_self = grad.masked_fill(mask, 0)") { ctx in
            [try (try ctx.grad()).kept(where: try ctx.saved[0].not())]
        }
    }

    /// Mirrors Tensor.masked_fill(mask, value): the out-of-place form.
    package func maskedFill(_ mask: Tensor, _ value: Scalar) throws -> Tensor {
        guard mask.dtype == .bool else {
            throw TensorError.runtime("masked_fill_ only supports boolean masks, but got mask with dtype \(mask.dtype.cppName)")
        }
        let m = try mask.data.expand(shape)
        let values = try NDArray.where(m, .scalar(value), .array(data)).to(dtype)
        return Tensor.make("MaskedFillBackward0", [self], values, save: [SavedArray(m.contiguousCopy())],
                           rule: "grad_self = grad.masked_fill(mask, 0)") { ctx in
            [try (try ctx.grad()).kept(where: try ctx.saved[0].not())]
        }
    }
}

