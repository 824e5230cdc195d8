/// One entry of a subscript, as Python's `x[...]` passes it.
package enum TensorIndex {
    case int(Int)
    case slice(start: Int?, stop: Int?, step: Int?)
    /// `None`: a new dimension of size 1.
    case newAxis
    case ellipsis
    /// An int64 index tensor or a bool mask.
    case array(NDArray)
}

/// Indexing and index assignment with PyTorch's semantics: ints, slices, None and `...`
/// give views; index tensors and masks gather copies (and scatter on assignment).
extension NDArray {
    /// The result of the basic part of a subscript, and the advanced indices still to apply.
    private struct BasicIndexing {
        var view: NDArray
        /// (dimension in `view`, int64 index array) for every advanced index, in order.
        var advanced: [(dim: Int, index: NDArray)]
    }

    private func applyBasic(_ indices: [TensorIndex]) throws -> BasicIndexing {
        var consumed = 0, ellipses = 0
        for i in indices {
            switch i {
            case .int, .slice: consumed += 1
            case .array(let a): consumed += (a.dtype == .bool ? max(a.rank, 0) : (a.rank == 0 ? 1 : 1))
            case .ellipsis: ellipses += 1
            case .newAxis: break
            }
        }
        guard ellipses <= 1 else { throw TensorError.index("an index can only have a single ellipsis ('...')") }
        guard consumed <= rank else { throw TensorError.index(Messages.tooManyIndices(rank)) }

        var v = self, d = 0, realDim = 0
        var advanced: [(dim: Int, index: NDArray)] = []
        for i in indices {
            switch i {
            case .int(let k):
                guard k >= -v.shape[d], k < v.shape[d] else {
                    throw TensorError.index(Messages.indexOutOfBounds(k, dim: realDim, size: v.shape[d]))
                }
                v = try v.select(dim: d, index: k)
                realDim += 1
            case .slice(let start, let stop, let step):
                v = try v.slice(dim: d, start: start, stop: stop, step: step ?? 1)
                d += 1
                realDim += 1
            case .newAxis:
                v = try v.unsqueeze(d)
                d += 1
            case .ellipsis:
                d += rank - consumed
                realDim += rank - consumed
            case .array(let a) where a.dtype == .bool:
                for k in 0..<a.rank where a.shape[k] != v.shape[d + k] {
                    throw TensorError.index(
                        "The shape of the mask \(Messages.shape(a.shape)) at index \(k) does not match the shape of the indexed tensor \(Messages.shape(Array(v.shape[d..<(d + a.rank)]))) at index \(k)")
                }
                if a.rank == 0 {
                    // x[True] adds a dimension of size 1; x[False] one of size 0.
                    v = try v.unsqueeze(d)
                    if !(a.scalars[0].boolValue) { v = try v.slice(dim: d, start: 0, stop: 0) }
                    d += 1
                    continue
                }
                let positions = a.nonzero()
                for k in 0..<a.rank {
                    advanced.append((d + k, try positions.select(dim: 1, index: k)))
                }
                d += a.rank
                realDim += a.rank
            case .array(let given):
                let a = given.dtype == .int32 ? given.converted(to: .int64) : given
                guard a.dtype == .int64 else {
                    throw TensorError.index("tensors used as indices must be long, int, byte or bool tensors")
                }
                if a.rank == 0 {
                    let k = Int(a.scalars[0].int64Value)
                    guard k >= -v.shape[d], k < v.shape[d] else {
                        throw TensorError.index(Messages.indexOutOfBounds(k, dim: realDim, size: v.shape[d]))
                    }
                    v = try v.select(dim: d, index: k)
                } else {
                    advanced.append((d, a))
                    d += 1
                }
                realDim += 1
            }
        }
        return BasicIndexing(view: v, advanced: advanced)
    }

    /// Where advanced indices select: the view with indexed dimensions moved to the front,
    /// the storage offset of each index combination, and the shape bookkeeping.
    private struct AdvancedPlan {
        var rest: NDArray            // the non-indexed dimensions (a view, shape = rest shape)
        var offsets: [Int]           // storage offset for each broadcast index position
        var indexShape: [Int]
        var resultShape: [Int]       // final shape
        var tmpToResult: [Int]       // permutation from [index dims, rest dims] to the final order
    }

    private func advancedPlan(_ basic: BasicIndexing) throws -> AdvancedPlan {
        let v = basic.view
        let dims = basic.advanced.map(\.dim)
        let indexShape = try Broadcasting.shape(basic.advanced.map { $0.index.shape })
        let restDims = (0..<v.rank).filter { !dims.contains($0) }
        let positions = indexShape.reduce(1, *)
        var offsets = [Int](repeating: v.offset, count: positions)
        for (ordinal, (dim, index)) in basic.advanced.enumerated() {
            let size = v.shape[dim], stride = v.strides[dim]
            let expanded = try index.expand(indexShape)
            var p = 0
            var failure: TensorError?
            let values = expanded.scalars
            for value in values {
                let k = Int(value.int64Value)
                if k < -size || k >= size {
                    failure = TensorError.index(Messages.indexOutOfBounds(k, dim: ordinal, size: size))
                    break
                }
                offsets[p] += (k < 0 ? k + size : k) * stride
                p += 1
            }
            if let failure { throw failure }
        }
        let rest = v.view(shape: restDims.map { v.shape[$0] }, strides: restDims.map { v.strides[$0] }, offset: 0)
        // Adjacent advanced dimensions keep their place; separated ones go to the front.
        let adjacent = zip(dims, dims.dropFirst()).allSatisfy { $1 == $0 + 1 }
        let insertAt = adjacent ? (dims.first ?? 0) : 0
        let b = indexShape.count, r = restDims.count
        var order = Array(b..<(b + r))
        order.insert(contentsOf: Array(0..<b), at: insertAt)
        let tmpShape = indexShape + rest.shape
        return AdvancedPlan(rest: rest, offsets: offsets, indexShape: indexShape,
                            resultShape: order.map { tmpShape[$0] }, tmpToResult: order)
    }

    /// Mirrors Tensor.__getitem__.
    package func index(_ indices: [TensorIndex]) throws -> NDArray {
        let basic = try applyBasic(indices)
        if basic.advanced.isEmpty { return basic.view }
        let plan = try advancedPlan(basic)
        let restShape = plan.rest.shape
        let restCount = restShape.reduce(1, *)
        let tmp = NDArray(uninitialized: plan.indexShape + restShape, dtype: dtype)
        let dstStrides = NDArray.contiguousStrides(restShape)
        for (p, off) in plan.offsets.enumerated() {
            let src = KernelOperand(base: storage.bytes + off * dtype.itemSize, strides: plan.rest.strides)
            let dst = KernelOperand(base: tmp.baseAddress + p * restCount * dtype.itemSize, strides: dstStrides)
            CopyKernels.copy(shape: restShape, from: src, dtype, to: dst, dtype)
        }
        return try tmp.permute(plan.tmpToResult).contiguous()
    }

    /// Mirrors Tensor.__setitem__ with a tensor value (broadcast, converted to this dtype);
    /// with `accumulate`, index_put_(accumulate=True): repeated indices add up.
    package func indexPut(_ indices: [TensorIndex], _ value: NDArray, accumulate: Bool = false) throws {
        let basic = try applyBasic(indices)
        if basic.advanced.isEmpty {
            if accumulate {
                try basic.view.applyInPlace(.add, .array(value))
            } else {
                try basic.view.copyFrom(value)
            }
            return
        }
        let plan = try advancedPlan(basic)
        let shape = try Broadcasting.shape(plan.resultShape, value.shape)
        guard shape == plan.resultShape else {
            throw TensorError.runtime(
                "shape mismatch: value tensor of shape \(Messages.shape(value.shape)) cannot be broadcast to indexing result of shape \(Messages.shape(plan.resultShape))")
        }
        // Lay the value out in [index dims, rest dims] order, like the gathered result.
        let expanded = try value.expand(plan.resultShape)
        var inverse = [Int](repeating: 0, count: plan.tmpToResult.count)
        for (i, p) in plan.tmpToResult.enumerated() { inverse[p] = i }
        let source = try expanded.permute(inverse)
        let restShape = plan.rest.shape
        let b = plan.indexShape.count
        let sourceRestStrides = Array(source.strides[b...])
        var index = [Int](repeating: 0, count: b)
        for off in plan.offsets {
            var srcOff = source.offset
            for d in 0..<b { srcOff += index[d] * source.strides[d] }
            let src = KernelOperand(base: source.storage.bytes + srcOff * source.dtype.itemSize, strides: sourceRestStrides)
            let dst = KernelOperand(base: storage.bytes + off * dtype.itemSize, strides: plan.rest.strides)
            if accumulate {
                let target = view(shape: restShape, strides: plan.rest.strides, offset: off)
                let addend = source.view(shape: restShape, strides: sourceRestStrides, offset: srcOff)
                let sum = try NDArray.binary(.add, .array(target), .array(addend))
                CopyKernels.copy(shape: restShape, from: sum.operand, sum.dtype, to: dst, dtype)
            } else {
                CopyKernels.copy(shape: restShape, from: src, source.dtype, to: dst, dtype)
            }
            var d = b - 1
            while d >= 0 {
                index[d] += 1
                if index[d] < plan.indexShape[d] { break }
                index[d] = 0
                d -= 1
            }
        }
        bumpVersion()
    }

    /// Mirrors Tensor.__setitem__ with a Python number.
    package func indexPut(_ indices: [TensorIndex], _ value: Scalar) throws {
        let basic = try applyBasic(indices)
        if basic.advanced.isEmpty {
            try basic.view.fill(value)
            return
        }
        try indexPut(indices, try NDArray.full([], value, dtype: dtype))
    }

    /// Mirrors torch.nonzero: the [count, rank] int64 indices of non-zero elements.
    package func nonzero() -> NDArray {
        var hits: [Int64] = []
        var index = [Int](repeating: 0, count: rank)
        forEachOffset { off in
            if scalar(atOffset: off).boolValue { hits += index.map(Int64.init) }
            var d = rank - 1
            while d >= 0 {
                index[d] += 1
                if index[d] < shape[d] { break }
                index[d] = 0
                d -= 1
            }
        }
        let n = rank == 0 ? (hits.isEmpty ? 0 : 1) : hits.count / rank
        let out = NDArray(uninitialized: [n, rank], dtype: .int64)
        let p = out.baseAddress.assumingMemoryBound(to: Int64.self)
        for (i, v) in hits.enumerated() { p[i] = v }
        return out
    }
}
