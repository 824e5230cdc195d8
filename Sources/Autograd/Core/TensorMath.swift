/// Tensor arithmetic for the backward formulas, so they read like derivatives.yaml. Every
/// operation here is an ordinary differentiable op: in an ordinary backward (grad mode off)
/// it records nothing; under create_graph it records the graph of the gradient itself.
extension Tensor {
    package static func + (a: Tensor, b: Tensor) throws -> Tensor { try binary(.add, a, .tensor(b)) { try a.add(.tensor(b)) } }
    package static func - (a: Tensor, b: Tensor) throws -> Tensor { try binary(.sub, a, .tensor(b)) { try a.sub(.tensor(b)) } }
    package static func * (a: Tensor, b: Tensor) throws -> Tensor { try binary(.mul, a, .tensor(b)) { try a.mul(.tensor(b)) } }
    package static func / (a: Tensor, b: Tensor) throws -> Tensor { try binary(.div, a, .tensor(b)) { try a.div(.tensor(b)) } }
    package static func + (a: Tensor, b: Double) throws -> Tensor { try binary(.add, a, .scalar(.double(b))) { try a.add(.scalar(.double(b))) } }
    package static func - (a: Double, b: Tensor) throws -> Tensor {
        if !b.requiresGrad || !GradMode.isEnabled { return Tensor(try NDArray.binary(.sub, .scalar(.double(a)), .array(b.data))) }
        return try b.rsub(.double(a))
    }
    package static func * (a: Tensor, b: Double) throws -> Tensor { try binary(.mul, a, .scalar(.double(b))) { try a.mul(.scalar(.double(b))) } }
    package static func * (a: Tensor, b: Scalar) throws -> Tensor { try binary(.mul, a, .scalar(b)) { try a.mul(.scalar(b)) } }
    package static func / (a: Tensor, b: Double) throws -> Tensor { try binary(.div, a, .scalar(.double(b))) { try a.div(.scalar(.double(b))) } }
    package static func / (a: Tensor, b: Scalar) throws -> Tensor { try binary(.div, a, .scalar(b)) { try a.div(.scalar(b)) } }
    package static prefix func - (a: Tensor) throws -> Tensor {
        if !a.requiresGrad || !GradMode.isEnabled { return Tensor(try a.data.unary(.neg)) }
        return try a.neg()
    }

    /// An ordinary backward's formulas run without grad mode, or on values that need no
    /// graph: then the op runs on the arrays directly (no recipe, no node), the common and
    /// hot case. Otherwise (create_graph) the differentiable op records its node.
    @inline(__always)
    private static func binary(_ op: BinaryOp, _ a: Tensor, _ b: TensorOperand, recorded: () throws -> Tensor) throws -> Tensor {
        if (!a.requiresGrad && b.tensor?.requiresGrad != true) || !GradMode.isEnabled {
            return Tensor(try NDArray.binary(op, .array(a.data), b.array))
        }
        return try recorded()
    }

    /// Zeros of a shape and dtype: a constant of the formula.
    package static func zeros(_ shape: [Int], dtype: DType) throws -> Tensor { Tensor(try NDArray.zeros(shape, dtype: dtype)) }

    /// Zeros shaped like this tensor (a constant: `zeros_like(grad)`).
    package func zerosLike() throws -> Tensor { try Tensor.zeros(shape, dtype: dtype) }

    /// Where `condition` holds take self, else zero (masked_fill of the complement).
    package func kept(where condition: Tensor) throws -> Tensor {
        try Tensor.where(condition, .tensor(self), .scalar(.int(0)))
    }

    /// An element-wise comparison: a bool tensor outside the graph.
    package func compared(_ op: ComparisonOp, _ other: Tensor) throws -> Tensor { try compare(op, .tensor(other)) }
    package func compared(_ op: ComparisonOp, _ value: Double) throws -> Tensor { try compare(op, .scalar(.double(value))) }

    /// Logical operations on bool masks (outside the graph).
    package func and(_ other: Tensor) throws -> Tensor { Tensor(try NDArray.logical(.logicalAnd, .array(data), .array(other.data))) }
    package func or(_ other: Tensor) throws -> Tensor { Tensor(try NDArray.logical(.logicalOr, .array(data), .array(other.data))) }
    package func not() throws -> Tensor { Tensor(try data.unary(.logicalNot)) }

    /// A gradient of a reduction, broadcast back over the reduced dimensions.
    package func expanded(over reduced: [Int], keepdim: Bool, to shape: [Int]) throws -> Tensor {
        var g = self
        if !keepdim {
            for d in reduced.sorted() { g = try g.unsqueeze(d) }
        }
        return try g.expand(shape)
    }

    /// Mirrors at::sum_to / Tensor.sum_to_size: a broadcast result summed back to `target`
    /// (leading dimensions dropped, stretched ones summed with keepdim); self when it fits.
    package func sumToSize(_ target: [Int]) throws -> Tensor {
        if shape == target { return self }
        let dims = NDArray.sumToDims(from: shape, to: target)
        let summed = dims.isEmpty ? self : try sum(dims: dims, keepdim: true)
        return rank > target.count ? try summed.view(target) : summed
    }
}

/// The gradients of indexing, as differentiable ops of their own (PyTorch's
/// select_backward, slice_backward, index_put and value_selecting_reduction_backward), so a
/// gradient that went through them can be differentiated again.
extension Tensor {
    /// Zeros of `shape` with `grad` at `index` along `dim`: SelectBackwardBackward0's input.
    package static func selectBackward(_ grad: Tensor, shape: [Int], dim: Int, index: Int) throws -> Tensor {
        let result = try NDArray.zeros(shape, dtype: grad.dtype)
        try result.select(dim: dim, index: index).copyFrom(grad.data)
        return Tensor.make("SelectBackwardBackward0", [grad], result, rule: "grad_grad_output = grad.select(dim, index)") { ctx in
            [try (try ctx.grad()).select(dim: dim, index: index)]
        }
    }

    /// Zeros of `shape` with `grad` at `[start:stop:step]` along `dim`.
    package static func sliceBackward(_ grad: Tensor, shape: [Int], dim: Int, start: Int?, stop: Int?, step: Int) throws -> Tensor {
        let result = try NDArray.zeros(shape, dtype: grad.dtype)
        try result.slice(dim: dim, start: start, stop: stop, step: step).copyFrom(grad.data)
        return Tensor.make("SliceBackwardBackward0", [grad], result, rule: "grad_grad_output = grad[start:end:step] along dim") { ctx in
            [try (try ctx.grad()).slice(dim: dim, start: start, stop: stop, step: step)]
        }
    }

    /// Zeros of `shape` with `grad` added at the advanced `indices` (index_put with
    /// accumulate): IndexPutBackward0, whose gradient for the values is `grad[indices]`.
    package static func indexBackward(_ grad: Tensor, shape: [Int], indices: [TensorIndex]) throws -> Tensor {
        let result = try NDArray.zeros(shape, dtype: grad.dtype)
        try result.indexPut(indices, grad.data, accumulate: true)
        let valueShape = grad.shape
        return Tensor.make("IndexPutBackward0", [nil, grad], result,
                           rule: "grad_self = None (zeros); grad_values = grad[indices].sum_to_size(values.sizes())") { ctx in
            [nil, try (try (try ctx.grad()).gather(indices)).sumToSize(valueShape)]
        }
    }

    /// This gradient with zeros where the advanced `indices` wrote (index_put of 0).
    package func zeroed(at indices: [TensorIndex]) throws -> Tensor {
        let written = try NDArray.zeros(shape, dtype: .bool)
        try written.indexPut(indices, .bool(true))
        return try kept(where: Tensor(written).not())
    }

    /// Zeros of `shape` with `grad` placed at `indices` along `dim`
    /// (value_selecting_reduction_backward: max/min over a dim, sort, topk, nll_loss):
    /// its own gradient picks the same places back out.
    package static func scatterIntoZeros(_ grad: Tensor, indices: NDArray, dim: Int, keepdim: Bool, shape: [Int]) throws -> Tensor {
        if shape.isEmpty { return try grad.reshape([]) }
        let g = keepdim ? grad : try grad.unsqueeze(dim)
        let idx = keepdim ? indices : try indices.unsqueeze(dim)
        return try (try Tensor.zeros(shape, dtype: grad.dtype)).scatter(dim: dim, index: idx, source: g)
    }
}
