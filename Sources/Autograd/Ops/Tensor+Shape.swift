/// Shape operations with autograd. Views share storage and remember their base (so an
/// in-place change through them rebases the base's history); no-op returns give back the
/// same tensor and create no node, as PyTorch does.
extension Tensor {
    /// Mirrors Tensor.view: ViewBackward0.
    package func view(_ shape: [Int]) throws -> Tensor {
        let result = try data.view(shape)
        let inputShape = self.shape
        return makeView("ViewBackward0", result, rule: "grad_self = grad.reshape(self.sizes())",
                        attributes: [("_saved_self_sym_sizes", .ints(inputShape))]) { ctx in [try (try ctx.grad()).reshape(inputShape)] }
    }

    /// Mirrors Tensor.reshape: a ViewBackward0 view when the strides allow, else
    /// UnsafeViewBackward0 over a CloneBackward0 copy.
    package func reshape(_ shape: [Int]) throws -> Tensor {
        let target = try data.inferShape(shape)
        if (try? data.view(target)) != nil { return try view(target) }
        return try contiguousClone().unsafeView(target)
    }

    /// at::_unsafe_view: a reshape of a fresh contiguous result, recorded as
    /// UnsafeViewBackward0 and not tracked as a view.
    package func unsafeView(_ shape: [Int]) throws -> Tensor {
        let inputShape = self.shape
        return Tensor.make("UnsafeViewBackward0", [self], try data.view(shape), rule: "grad_self = grad.reshape(self.sizes())") { ctx in
            [try (try ctx.grad()).reshape(inputShape)]
        }
    }

    /// Mirrors Tensor.flatten(start_dim, end_dim); a 1-D tensor comes back as itself.
    package func flatten(startDim: Int = 0, endDim: Int = -1) throws -> Tensor {
        if rank == 0 { return try reshape([1]) }
        let s = try data.normalizedDim(startDim), e = try data.normalizedDim(endDim)
        guard s <= e else { throw TensorError.runtime("flatten() has invalid args: start_dim cannot come after end_dim") }
        if s == e { return self }
        let merged = shape[s...e].reduce(1, *)
        return try reshape(Array(shape[..<s]) + [merged] + Array(shape[(e + 1)...]))
    }

    /// Mirrors Tensor.t(): TBackward0.
    package func t() throws -> Tensor {
        let result = try data.t()
        return makeView("TBackward0", result, rule: "grad_self = grad.t()") { ctx in [try (try ctx.grad()).t()] }
    }

    /// Mirrors Tensor.T: PermuteBackward0 reversing every dimension.
    package var reversedDims: Tensor {
        get throws { try permute(Array((0..<rank).reversed())) }
    }

    /// Mirrors Tensor.transpose(dim0, dim1): TransposeBackward0.
    package func transpose(_ d0: Int, _ d1: Int) throws -> Tensor {
        let result = try data.transpose(d0, d1)
        return makeView("TransposeBackward0", result, rule: "grad_self = grad.transpose(dim0, dim1)",
                        attributes: [("_saved_dim0", .int(d0)), ("_saved_dim1", .int(d1))]) { ctx in [try (try ctx.grad()).transpose(d0, d1)] }
    }

    /// Mirrors Tensor.permute(*dims): PermuteBackward0.
    package func permute(_ dims: [Int]) throws -> Tensor {
        let result = try data.permute(dims)
        let normalized = try dims.map { try data.normalizedDim($0) }
        var inverse = [Int](repeating: 0, count: normalized.count)
        for (i, d) in normalized.enumerated() { inverse[d] = i }
        return makeView("PermuteBackward0", result, rule: "grad_self = grad.permute(inverse of dims)",
                        attributes: [("_saved_dims", .ints(dims))]) { ctx in [try (try ctx.grad()).permute(inverse)] }
    }

    /// Mirrors Tensor.squeeze() (SqueezeBackward0), squeeze(dim) (SqueezeBackward1) and
    /// squeeze(dims) (SqueezeBackward2).
    package func squeeze(_ dims: [Int]? = nil, single: Bool = true) throws -> Tensor {
        let result = try data.squeeze(dims)
        let inputShape = shape
        let name = dims == nil ? "SqueezeBackward0" : (single ? "SqueezeBackward1" : "SqueezeBackward2")
        let attributes: [(name: String, value: SavedAttribute)] = dims.map { d in
            [single ? ("_saved_dim", .int(d.first ?? 0)) : ("_saved_dim", .ints(d)), ("_saved_self_sym_sizes", .ints(inputShape))]
        } ?? [("_saved_self_sym_sizes", .ints(inputShape))]
        return makeView(name, result, rule: "grad_self = grad.reshape(self.sizes())", attributes: attributes) { ctx in
            [try (try ctx.grad()).reshape(inputShape)]
        }
    }

    /// The squeeze matmul applies after a 1-D @ 2-D product: SqueezeBackward4.
    func squeezeAfterProduct(_ dim: Int) throws -> Tensor {
        let result = try data.squeeze([dim])
        let inputShape = shape
        return Tensor.make("SqueezeBackward4", [self], result, rule: "grad_self = grad.reshape(self.sizes())") { ctx in [try (try ctx.grad()).reshape(inputShape)] }
    }

    /// Mirrors Tensor.unsqueeze(dim): UnsqueezeBackward0.
    package func unsqueeze(_ dim: Int) throws -> Tensor {
        let result = try data.unsqueeze(dim)
        let d = try NDArray.normalizeDim(dim, rank: rank + 1)
        return makeView("UnsqueezeBackward0", result, rule: "grad_self = grad.squeeze(dim)", attributes: [("_saved_dim", .int(dim))]) { ctx in [try (try ctx.grad()).squeeze([d])] }
    }

    /// Mirrors Tensor.expand(*sizes): ExpandBackward0 (recorded even when nothing stretches).
    package func expand(_ sizes: [Int]) throws -> Tensor {
        let result = try data.expand(sizes)
        let inputShape = shape
        return makeView("ExpandBackward0", result, rule: "grad_self = grad.sum_to_size(self.sizes())",
                        attributes: [("_saved_self_sym_sizes", .ints(inputShape))]) { ctx in [try (try ctx.grad()).sumToSize(inputShape)] }
    }

    /// Mirrors Tensor.clone(): CloneBackward0.
    package func clone() -> Tensor {
        Tensor.make("CloneBackward0", [self], data.contiguousCopy(), rule: "grad_self = grad") { ctx in [try ctx.grad()] }
    }

    func contiguousClone() -> Tensor { clone() }

    /// Mirrors Tensor.contiguous(): this tensor itself when already contiguous.
    package func contiguous() -> Tensor { data.isContiguous ? self : clone() }

    /// Mirrors Tensor.to(dtype) / float() / double() / long() / bool(): this tensor itself
    /// when the dtype matches; ToCopyBackward0 between floating dtypes; integer and bool
    /// results leave the graph.
    package func to(_ target: DType) -> Tensor {
        if target == dtype { return self }
        let result = data.converted(to: target)
        guard target.isFloatingPoint && dtype.isFloatingPoint else { return Tensor(result) }
        let source = dtype
        return Tensor.make("ToCopyBackward0", [self], result, rule: "grad_self = grad.to(self.dtype)") { ctx in [(try ctx.grad()).to(source)] }
    }

    /// Mirrors Tensor.select(dim, index): SelectBackward0.
    package func select(dim: Int, index: Int) throws -> Tensor {
        let result = try data.select(dim: dim, index: index)
        let d = try data.normalizedDim(dim), inputShape = shape
        let i = index < 0 ? index + shape[d] : index
        return makeView("SelectBackward0", result, rule: "grad_self = zeros(self.sizes()) with grad at index along dim",
                        attributes: [("_saved_dim", .int(dim)), ("_saved_index", .int(index)), ("_saved_self_sym_sizes", .ints(inputShape))]) { ctx in
            [try Tensor.selectBackward(try ctx.grad(), shape: inputShape, dim: d, index: i)]
        }
    }

    /// Mirrors slicing along one dimension: SliceBackward0.
    package func slice(dim: Int, start: Int?, stop: Int?, step: Int = 1) throws -> Tensor {
        let result = try data.slice(dim: dim, start: start, stop: stop, step: step)
        let inputShape = shape
        let d = try data.normalizedDim(dim), size = shape[d]
        // PyTorch saves the bounds it used: clamped into the dimension, end at most INT64_MAX.
        func bound(_ v: Int?, _ fallback: Int) -> Int { v.map { $0 < 0 ? Swift.max($0 + size, 0) : Swift.min($0, size) } ?? fallback }
        return makeView("SliceBackward0", result, rule: "grad_self = zeros(self.sizes()) with grad at [start:end:step] along dim",
                        attributes: [("_saved_dim", .int(d)), ("_saved_end", .int(stop == nil ? Int.max : bound(stop, size))),
                                     ("_saved_self_sym_sizes", .ints(inputShape)), ("_saved_start", .int(bound(start, 0))),
                                     ("_saved_step", .int(step))]) { ctx in
            [try Tensor.sliceBackward(try ctx.grad(), shape: inputShape, dim: d, start: start, stop: stop, step: step)]
        }
    }

    /// Mirrors Tensor.narrow(dim, start, length): a slice.
    package func narrow(dim: Int, start: Int, length: Int) throws -> Tensor {
        _ = try data.narrow(dim: dim, start: start, length: length)
        let d = try data.normalizedDim(dim)
        let s0 = start < 0 ? start + shape[d] : start
        return try slice(dim: d, start: s0, stop: s0 + length)
    }

    /// at::alias: the same data under a new node (AliasBackward0), as `x[...]` gives.
    func alias() -> Tensor {
        makeView("AliasBackward0", data, rule: "grad_self = grad") { ctx in [try ctx.grad()] }
    }
}

extension Tensor {
    /// Mirrors Tensor.repeat(*sizes): RepeatBackward0 (copies; each copy's gradient adds up).
    package func `repeat`(_ sizes: [Int]) throws -> Tensor {
        guard sizes.count >= rank else {
            throw TensorError.runtime("Number of dimensions of repeat dims can not be smaller than number of dimensions of tensor")
        }
        let padded = [Int](repeating: 1, count: sizes.count - rank) + shape
        // View as (1, s0, 1, s1, ...), expand to (r0, s0, r1, s1, ...), then merge pairs.
        var interleaved: [Int] = [], expanded: [Int] = []
        for (r, s) in zip(sizes, padded) {
            interleaved += [1, s]
            expanded += [r, s]
        }
        if let negative = sizes.first(where: { $0 < 0 }) {
            throw TensorError.runtime("Trying to create tensor with negative dimension \(negative): \(Messages.shape(sizes))")
        }
        try NDArray.checkSizes(zip(sizes, padded).map { $0.multipliedReportingOverflow(by: $1).overflow ? Int.max : $0 * $1 }, dtype: dtype)
        let result = try data.reshape(padded).reshape(interleaved).expand(expanded).contiguousCopy()
            .reshape(zip(sizes, padded).map { $0 * $1 })
        let inputShape = shape
        return Tensor.make("RepeatBackward0", [self], result,
                           attributes: [("_saved_repeats", .ints(sizes)), ("_saved_self_sym_sizes", .ints(inputShape))],
                           rule: "grad_self = grad summed over the repeated copies (back to self.sizes())") { ctx in
            let g = try (try ctx.grad()).reshape(expanded)
            let dims = stride(from: 0, to: expanded.count, by: 2).map { $0 }
            return [try (try g.sum(dims: dims)).reshape(inputShape)]
        }
    }

    /// Mirrors Tensor.unsqueeze_(dim): the shape changes in place; UnsqueezeBackward1.
    package func unsqueezeInPlace(_ dim: Int) throws {
        let record = Tensor.recording([self])
        let previous = gradientEdge
        let d = try NDArray.normalizeDim(dim, rank: rank + 1)
        let oldShape = shape
        data = try data.unsqueeze(dim)
        guard record else { return }
        let node = FunctionNode("UnsqueezeBackward1", edges: [previous], inputMetadata: [InputMetadata(shape: oldShape, dtype: dtype)],
                                outputs: [InputMetadata(shape: shape, dtype: dtype)],
                                rule: "grad_self = grad.squeeze(dim)") { ctx in [try (try ctx.grad()).squeeze([d])] }
        setGradFn(node)
    }
}
