/// gather, scatter and scatter_add with autograd. Each one's gradient is written with the
/// others (gather's is a scatter_add into zeros, scatter's source gets a gather), so they
/// differentiate any number of times.
extension Tensor {
    /// Mirrors torch.gather(input, dim, index): GatherBackward0.
    package func gather(dim: Int, index: NDArray) throws -> Tensor {
        let result = try data.gather(dim: dim, index: index)
        let shape = self.shape, dtype = self.dtype
        return Tensor.make("GatherBackward0", [self], result, save: [SavedArray(index)], savedNames: ["_saved_index"],
                           attributes: [("_saved_dim", .int(dim)), ("_saved_sparse_grad", .bool(false))],
                           rule: "grad_self = zeros(self.sizes()).scatter_add(dim, index, grad)") { ctx in
            [try (try Tensor.zeros(shape, dtype: dtype)).scatterAdd(dim: dim, index: ctx.saved[0].data, source: try ctx.grad())]
        }
    }

    /// Mirrors torch.scatter(input, dim, index, src): ScatterBackward0 with slots (self, src).
    package func scatter(dim: Int, index: NDArray, source: Tensor) throws -> Tensor {
        let result = data.contiguousCopy()
        try result.scatter(dim: dim, index: index, source: source.data)
        return Tensor.make("ScatterBackward0", [self, source], result, save: [SavedArray(index)], savedNames: ["_saved_index"],
                           attributes: [("_saved_dim", .int(dim))],
                           rule: "grad_self = grad.scatter(dim, index, 0); grad_src = grad.gather(dim, index)") { ctx in
            let g = try ctx.grad(), idx = ctx.saved[0].data
            return [ctx.needs(0) ? try g.scatter(dim: dim, index: idx, value: .int(0)) : nil,
                    ctx.needs(1) ? try g.gather(dim: dim, index: idx) : nil]
        }
    }

    /// Mirrors torch.scatter(input, dim, index, value) with a number: ScatterBackward1.
    package func scatter(dim: Int, index: NDArray, value: Scalar) throws -> Tensor {
        let result = data.contiguousCopy()
        try result.scatter(dim: dim, index: index, value: value)
        return Tensor.make("ScatterBackward1", [self], result, save: [SavedArray(index)], savedNames: ["_saved_index"],
                           attributes: [("_saved_dim", .int(dim)), ("_saved_value", .number(value))],
                           rule: "grad_self = grad.scatter(dim, index, 0)") { ctx in
            [try (try ctx.grad()).scatter(dim: dim, index: ctx.saved[0].data, value: .int(0))]
        }
    }

    /// Mirrors torch.scatter_add(input, dim, index, src): ScatterAddBackward0 with slots (self, src).
    package func scatterAdd(dim: Int, index: NDArray, source: Tensor) throws -> Tensor {
        let result = data.contiguousCopy()
        try result.scatter(dim: dim, index: index, source: source.data, reduce: .add)
        return Tensor.make("ScatterAddBackward0", [self, source], result, save: [SavedArray(index)], savedNames: ["_saved_index"],
                           attributes: [("_saved_dim", .int(dim))],
                           rule: "grad_self = grad; grad_src = grad.gather(dim, index)") { ctx in
            let g = try ctx.grad()
            return [ctx.needs(0) ? g : nil, ctx.needs(1) ? try g.gather(dim: dim, index: ctx.saved[0].data) : nil]
        }
    }

    /// The in-place forms (scatter_, scatter_add_): the same result written over this tensor.
    package func scatterInPlace(dim: Int, index: NDArray, source: Tensor, add: Bool) throws {
        let result = data.contiguousCopy()
        try result.scatter(dim: dim, index: index, source: source.data, reduce: add ? .add : .replace)
        let saved = SavedArray(index)
        try commitInPlace(add ? "ScatterAddBackward0" : "ScatterBackward0", others: [source], newValue: result, save: [saved],
                          rule: add ? "grad_self = grad; grad_src = grad.gather(dim, index)"
                                    : "grad_self = grad.scatter(dim, index, 0); grad_src = grad.gather(dim, index)") { ctx in
            let g = try ctx.grad(), idx = ctx.saved[0].data
            return [add ? g : try g.scatter(dim: dim, index: idx, value: .int(0)),
                    ctx.needs(1) ? try g.gather(dim: dim, index: idx) : nil]
        }
    }

    /// Mirrors scatter_(dim, index, value) with a number.
    package func scatterInPlace(dim: Int, index: NDArray, value: Scalar) throws {
        let result = data.contiguousCopy()
        try result.scatter(dim: dim, index: index, value: value)
        try commitInPlace("ScatterBackward1", others: [], newValue: result, save: [SavedArray(index)],
                          rule: "grad_self = grad.scatter(dim, index, 0)") { ctx in
            [try (try ctx.grad()).scatter(dim: dim, index: ctx.saved[0].data, value: .int(0))]
        }
    }

    /// scatter / scatter_ with `reduce='add'` or `'multiply'`: no derivative in tsh, so it is
    /// refused on tensors that need a gradient rather than recorded wrongly.
    package func scatterReduced(dim: Int, index: NDArray, source: TensorOperand, reduce: NDArray.ScatterReduce,
                                inPlace: Bool) throws -> Tensor {
        if Tensor.recording([self, source.tensor]) {
            throw TensorError.notImplemented("the derivative of scatter with reduce is not supported by tsh yet")
        }
        let target = inPlace ? data : data.contiguousCopy()
        switch source {
        case .tensor(let t): try target.scatter(dim: dim, index: index, source: t.data, reduce: reduce)
        case .scalar(let s): try target.scatter(dim: dim, index: index, value: s, reduce: reduce)
        }
        if inPlace {
            data.bumpVersion()
            return self
        }
        return Tensor(target)
    }
}
