/// Joining and splitting: torch.cat, stack, split, chunk.
extension NDArray {
    /// Mirrors torch.cat(tensors, dim): dtypes promote; 1-D empty tensors are skipped.
    package static func cat(_ arrays: [NDArray], dim: Int = 0) throws -> NDArray {
        guard !arrays.isEmpty else { throw TensorError.runtime("torch.cat(): expected a non-empty list of Tensors") }
        for (i, a) in arrays.enumerated() where a.rank == 0 {
            throw TensorError.runtime("zero-dimensional tensor (at position \(i)) cannot be concatenated")
        }
        let parts = arrays.filter { !($0.rank == 1 && $0.shape[0] == 0) }
        let type = arrays.dropFirst().reduce(arrays[0].dtype) { TypePromotion.promote($0, $1.dtype) }
        guard let first = parts.first else { return NDArray(zeros: [0], dtype: type) }
        let d = try first.normalizedDim(dim)
        var shape = first.shape
        shape[d] = 0
        for (i, a) in arrays.enumerated() where !(a.rank == 1 && a.shape[0] == 0) {
            guard a.rank == first.rank else {
                throw TensorError.runtime("Tensors must have same number of dimensions: got \(first.rank) and \(a.rank)")
            }
            for k in 0..<a.rank where k != d && a.shape[k] != first.shape[k] {
                throw TensorError.runtime(
                    "Sizes of tensors must match except in dimension \(d). Expected size \(first.shape[k]) but got size \(a.shape[k]) for tensor number \(i) in the list.")
            }
            shape[d] += a.shape[d]
        }
        let out = NDArray(uninitialized: shape, dtype: type)
        var start = 0
        for a in parts {
            let target = try out.narrow(dim: d, start: start, length: a.shape[d])
            CopyKernels.copy(shape: a.shape, from: a.operand, a.dtype, to: target.operand, type)
            start += a.shape[d]
        }
        return out
    }

    /// Mirrors torch.stack(tensors, dim): equal shapes joined along a new dimension.
    package static func stack(_ arrays: [NDArray], dim: Int = 0) throws -> NDArray {
        guard let first = arrays.first else { throw TensorError.runtime("stack expects a non-empty TensorList") }
        for (i, a) in arrays.enumerated() where a.shape != first.shape {
            throw TensorError.runtime(
                "stack expects each tensor to be equal size, but got \(Messages.shape(first.shape)) at entry 0 and \(Messages.shape(a.shape)) at entry \(i)")
        }
        let d = try NDArray.normalizeDim(dim, rank: first.rank + 1)
        return try cat(arrays.map { try $0.unsqueeze(d) }, dim: d)
    }

    /// Mirrors Tensor.split(split_size, dim): views of `size` along dim, the last shorter.
    package func split(size: Int, dim: Int = 0) throws -> [NDArray] {
        guard rank > 0 else { throw TensorError.runtime("split expects at least a 1-dimensional tensor") }
        let d = try normalizedDim(dim)
        guard size > 0 || shape[d] == 0 else {
            throw TensorError.runtime("split_size can only be 0 if dimension size is 0, but got dimension size of \(shape[d])")
        }
        if shape[d] == 0 { return [self] }
        return try stride(from: 0, to: shape[d], by: size).map {
            try narrow(dim: d, start: $0, length: min(size, shape[d] - $0))
        }
    }

    /// Mirrors Tensor.split([sizes], dim) / split_with_sizes.
    package func split(sizes: [Int], dim: Int = 0) throws -> [NDArray] {
        guard rank > 0 else { throw TensorError.runtime("split expects at least a 1-dimensional tensor") }
        let d = try normalizedDim(dim)
        // Wrapping sum: sizes near 2^63 must not trap (they are refused like any wrong sum).
        guard sizes.reduce(0, &+) == shape[d], sizes.allSatisfy({ $0 >= 0 }) else {
            throw TensorError.runtime(
                "split_with_sizes expects split_sizes to sum exactly to \(shape[d]) (input tensor's size at dimension \(d)), but got split_sizes=\(Messages.shape(sizes))")
        }
        var start = 0
        return try sizes.map { n in
            defer { start += n }
            return try narrow(dim: d, start: start, length: n)
        }
    }

    /// Mirrors Tensor.chunk(chunks, dim): splits of ceil(size / chunks).
    package func chunk(_ chunks: Int, dim: Int = 0) throws -> [NDArray] {
        guard rank > 0 else { throw TensorError.runtime("chunk expects at least a 1-dimensional tensor") }
        guard chunks > 0 else { throw TensorError.runtime("chunk expects `chunks` to be greater than 0, got: \(chunks)") }
        let d = try normalizedDim(dim)
        // ceil(size / chunks), without size + chunks - 1 (which overflows for huge chunks).
        return try split(size: shape[d] == 0 ? 1 : (shape[d] - 1) / chunks + 1, dim: d)
    }
}
