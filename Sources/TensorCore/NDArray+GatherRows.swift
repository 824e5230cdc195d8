extension NDArray {
    /// The rows `indices` (along dim 0, negative from the end) stacked into one new
    /// contiguous array: a DataLoader batch from a TensorDataset in one gather, with no
    /// per-sample arrays. A contiguous source is copied slab by slab; any other layout row by
    /// row through its strides.
    package func gatherRows(_ indices: [Int]) throws -> NDArray {
        guard rank > 0 else { throw TensorError.index("index_select(): Index is supposed to be a vector") }
        let size = shape[0]
        let rows = try indices.map { i -> Int in
            guard i >= -size && i < size else {
                throw TensorError.index("index \(i) is out of bounds for dimension 0 with size \(size)")
            }
            return i < 0 ? i + size : i
        }
        let out = NDArray(uninitialized: [rows.count] + shape.dropFirst(), dtype: dtype)
        let rowBytes = shape.dropFirst().reduce(1, *) * dtype.itemSize
        if isContiguous {
            let source = UnsafeRawPointer(baseAddress), target = out.baseAddress
            for (k, row) in rows.enumerated() {
                target.advanced(by: k * rowBytes).copyMemory(from: source.advanced(by: row * rowBytes), byteCount: rowBytes)
            }
        } else {
            for (k, row) in rows.enumerated() {
                try out.select(dim: 0, index: k).copyFrom(try select(dim: 0, index: row))
            }
        }
        return out
    }
}
