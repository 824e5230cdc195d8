/// Shape operations that return views sharing storage (and `contiguous`/`clone`, which copy).
extension NDArray {
    /// Resolves a requested shape with at most one -1 against this array's element count.
    package func inferShape(_ requested: [Int]) throws -> [Int] {
        var inferred: Int?
        var known = 1
        for (i, s) in requested.enumerated() {
            if s == -1 {
                if inferred != nil { throw TensorError.runtime("only one dimension can be inferred") }
                inferred = i
            } else if s < 0 {
                throw TensorError.runtime("invalid shape dimension \(s)")
            } else {
                // A product past Int64 cannot equal any real element count.
                let (product, overflow) = known.multipliedReportingOverflow(by: s)
                guard !overflow else { throw TensorError.runtime(Messages.invalidView(requested, numel: count)) }
                known = product
            }
        }
        var shape = requested
        if let i = inferred {
            guard known != 0, count % known == 0 else {
                throw TensorError.runtime(Messages.invalidView(requested, numel: count))
            }
            shape[i] = count / known
        } else if known != count {
            throw TensorError.runtime(Messages.invalidView(requested, numel: count))
        }
        return shape
    }

    /// Mirrors Tensor.view: a view with a new shape, or an error when the strides forbid it.
    package func view(_ requested: [Int]) throws -> NDArray {
        let newShape = try inferShape(requested)
        guard let newStrides = NDArray.viewStrides(shape, strides, newShape) else {
            throw TensorError.runtime(Messages.viewNotCompatible)
        }
        return view(shape: newShape, strides: newStrides, offset: offset)
    }

    /// Mirrors Tensor.reshape: a view when the strides allow one, else a contiguous copy.
    package func reshape(_ requested: [Int]) throws -> NDArray {
        let newShape = try inferShape(requested)
        if let newStrides = NDArray.viewStrides(shape, strides, newShape) {
            return view(shape: newShape, strides: newStrides, offset: offset)
        }
        return try contiguousCopy().view(newShape)
    }

    /// PyTorch's computeStride: strides for viewing (shape, strides) as newShape without
    /// copying, or nil when a new dimension would span non-contiguous memory.
    static func viewStrides(_ shape: [Int], _ strides: [Int], _ newShape: [Int]) -> [Int]? {
        let numel = shape.reduce(1, *)
        if numel == 0 { return contiguousStrides(newShape) }
        var newStrides = [Int](repeating: 0, count: newShape.count)
        if shape.isEmpty {
            for i in newStrides.indices { newStrides[i] = 1 }
            return newStrides
        }
        var viewD = newShape.count - 1
        var chunkBaseStride = strides.last!
        var tensorNumel = 1, viewNumel = 1
        for tensorD in stride(from: shape.count - 1, through: 0, by: -1) {
            tensorNumel *= shape[tensorD]
            if tensorD == 0 || (shape[tensorD - 1] != 1 && strides[tensorD - 1] != tensorNumel * chunkBaseStride) {
                while viewD >= 0 && (viewNumel < tensorNumel || newShape[viewD] == 1) {
                    newStrides[viewD] = viewNumel * chunkBaseStride
                    viewNumel *= newShape[viewD]
                    viewD -= 1
                }
                if viewNumel != tensorNumel { return nil }
                if tensorD > 0 {
                    chunkBaseStride = strides[tensorD - 1]
                    tensorNumel = 1
                    viewNumel = 1
                }
            }
        }
        return viewD == -1 ? newStrides : nil
    }

    /// Mirrors Tensor.transpose(dim0, dim1).
    package func transpose(_ d0: Int, _ d1: Int) throws -> NDArray {
        let a = try normalizedDim(d0), b = try normalizedDim(d1)
        if rank == 0 { return self }
        var s = shape, st = strides
        s.swapAt(a, b)
        st.swapAt(a, b)
        return view(shape: s, strides: st, offset: offset)
    }

    /// Mirrors Tensor.t(): transpose of a matrix, identity for rank 0 and 1.
    package func t() throws -> NDArray {
        guard rank <= 2 else {
            throw TensorError.runtime("t() expects a tensor with <= 2 dimensions, but self is \(rank)D")
        }
        return rank < 2 ? self : try transpose(0, 1)
    }

    /// Mirrors Tensor.T: all dimensions reversed.
    package var reversedDims: NDArray {
        view(shape: shape.reversed(), strides: strides.reversed(), offset: offset)
    }

    /// Mirrors Tensor.permute(*dims).
    package func permute(_ dims: [Int]) throws -> NDArray {
        guard dims.count == rank else {
            throw TensorError.runtime(
                "permute(sparse_coo): number of dimensions in the tensor input does not match the length of the desired ordering of dimensions i.e. input.dim() = \(rank) is not equal to len(dims) = \(dims.count)")
        }
        let normalized = try dims.map { try normalizedDim($0) }
        guard Set(normalized).count == rank else { throw TensorError.runtime("permute(): duplicate dims are not allowed.") }
        return view(shape: normalized.map { shape[$0] }, strides: normalized.map { strides[$0] }, offset: offset)
    }

    /// Mirrors Tensor.squeeze(): every size-1 dimension removed, or only `dims` among them.
    package func squeeze(_ dims: [Int]? = nil) throws -> NDArray {
        let drop: Set<Int> = try dims.map { Set(try $0.map { try normalizedDim($0) }) } ?? Set(0..<rank)
        var s: [Int] = [], st: [Int] = []
        for d in 0..<rank where !(shape[d] == 1 && drop.contains(d)) {
            s.append(shape[d])
            st.append(strides[d])
        }
        return view(shape: s, strides: st, offset: offset)
    }

    /// Mirrors Tensor.unsqueeze(dim).
    package func unsqueeze(_ dim: Int) throws -> NDArray {
        let d = try NDArray.normalizeDim(dim, rank: rank + 1)
        var s = shape, st = strides
        let newStride = d < rank ? shape[d] * strides[d] : 1
        s.insert(1, at: d)
        st.insert(newStride, at: d)
        return view(shape: s, strides: st, offset: offset)
    }

    /// Mirrors Tensor.expand(*sizes): -1 keeps a size; new leading dimensions are allowed.
    package func expand(_ sizes: [Int]) throws -> NDArray {
        guard sizes.count >= rank else {
            throw TensorError.runtime(
                "expand(torch.\(dtype.scalarTypeName)Tensor{\(Messages.shape(shape))}, size=\(Messages.shape(sizes))): the number of sizes provided (\(sizes.count)) must be greater or equal to the number of dimensions in the tensor (\(rank))")
        }
        let lead = sizes.count - rank
        var newShape = sizes, newStrides = [Int](repeating: 0, count: sizes.count)
        for i in 0..<sizes.count {
            if i < lead {
                guard sizes[i] >= 0 else {
                    throw TensorError.runtime("The expanded size of the tensor (\(sizes[i])) isn't allowed in a leading, non-existing dimension \(i)")
                }
                continue
            }
            let d = i - lead
            if sizes[i] == -1 || sizes[i] == shape[d] {
                newShape[i] = shape[d]
                newStrides[i] = strides[d]
            } else if shape[d] == 1 {
                newStrides[i] = 0
            } else {
                throw TensorError.runtime(
                    "The expanded size of the tensor (\(sizes[i])) must match the existing size (\(shape[d])) at non-singleton dimension \(i).  Target sizes: \(Messages.shape(sizes)).  Tensor sizes: \(Messages.shape(shape))")
            }
        }
        _ = try NDArray.checkedCount(newShape)
        return view(shape: newShape, strides: newStrides, offset: offset)
    }

    /// Mirrors Tensor.flatten(start_dim, end_dim).
    package func flatten(startDim: Int = 0, endDim: Int = -1) throws -> NDArray {
        if rank == 0 { return try reshape([1]) }
        let s = try normalizedDim(startDim), e = try normalizedDim(endDim)
        guard s <= e else { throw TensorError.runtime("flatten() has invalid args: start_dim cannot come after end_dim") }
        if s == e { return self }
        let merged = shape[s...e].reduce(1, *)
        return try reshape(Array(shape[..<s]) + [merged] + Array(shape[(e + 1)...]))
    }

    /// Elements [start, stop) with `step` along `dim`, with Python's clamping of the bounds.
    package func slice(dim: Int, start: Int?, stop: Int?, step: Int = 1) throws -> NDArray {
        let d = try normalizedDim(dim)
        guard step > 0 else { throw TensorError.value("step must be greater than zero") }
        let size = shape[d]
        func clamp(_ v: Int?, _ fallback: Int) -> Int {
            guard var v else { return fallback }
            if v < 0 { v += size }
            return min(max(v, 0), size)
        }
        let lo = clamp(start, 0)
        let hi = max(lo, clamp(stop, size))
        var s = shape, st = strides
        // ATen's (stop - start + step - 1) / step in wrapping int64 arithmetic: a huge step
        // (x[:, ::2**63-1], found by scripts/fuzz) wraps to an empty slice there, and here.
        s[d] = max(0, (hi - lo &+ step &- 1) / step)
        st[d] = strides[d] &* step
        return view(shape: s, strides: st, offset: offset + (s[d] == 0 ? 0 : lo * strides[d]))
    }

    /// Mirrors Tensor.narrow(dim, start, length).
    package func narrow(dim: Int, start: Int, length: Int) throws -> NDArray {
        guard rank > 0 else { throw TensorError.runtime("narrow() cannot be applied to a 0-dim tensor.") }
        let d = try normalizedDim(dim)
        let s0 = start < 0 ? start + shape[d] : start
        guard s0 >= 0, length >= 0, s0 + length <= shape[d] else {
            throw TensorError.runtime("start (\(start)) + length (\(length)) exceeds dimension size (\(shape[d])).")
        }
        var s = shape
        s[d] = length
        return view(shape: s, strides: strides, offset: offset + s0 * strides[d])
    }

    /// Mirrors Tensor.select(dim, index): one index along `dim`, that dimension removed.
    package func select(dim: Int, index: Int) throws -> NDArray {
        guard rank > 0 else { throw TensorError.index("invalid index of a 0-dim tensor. Use `tensor.item()` in Python or `tensor.item<T>()` in C++ to convert a 0-dim tensor to a number") }
        let d = try normalizedDim(dim)
        guard index >= -shape[d], index < shape[d] else {
            throw TensorError.index("select(): index \(index) out of range for tensor of size \(Messages.shape(shape)) at dimension \(d)")
        }
        let i = index < 0 ? index + shape[d] : index
        var s = shape, st = strides
        s.remove(at: d)
        st.remove(at: d)
        return view(shape: s, strides: st, offset: offset + i * strides[d])
    }

    /// Mirrors Tensor.contiguous(): self when already contiguous, else a copy.
    package func contiguous() -> NDArray { isContiguous ? self : contiguousCopy() }

    /// Mirrors Tensor.clone(): always a new contiguous copy.
    package func contiguousCopy() -> NDArray { converted(to: dtype) }

    /// A new contiguous array with this array's values in `target` dtype.
    package func converted(to target: DType) -> NDArray {
        let out = NDArray(uninitialized: shape, dtype: target)
        if target == dtype, rank == 2, shape[0] > 1, shape[1] > 1, strides == [1, shape[0]],
           TransposeKernels.transpose(baseAddress, out.baseAddress, rows: shape[0], cols: shape[1], itemSize: dtype.itemSize) {
            return out
        }
        CopyKernels.copy(shape: shape, from: operand, dtype, to: out.operand, target)
        return out
    }

    /// Mirrors Tensor.to(dtype): self when the dtype already matches, else a converted copy.
    package func to(_ target: DType) -> NDArray { target == dtype ? self : converted(to: target) }
}
