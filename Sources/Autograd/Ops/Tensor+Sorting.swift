/// torch.sort along a dimension (stable), and torch.topk (the first k of that order), with
/// SortBackward0 / TopkBackward0 sending each gradient back to the element's original place.
package enum Sorting {
    package static func topk(_ t: Tensor, k: Int, dim: Int, largest: Bool) throws -> (Tensor, Tensor) {
        let d = t.rank == 0 ? 0 : try t.data.normalizedDim(dim)
        let size = t.rank == 0 ? 1 : t.shape[d]
        guard k >= 0, k <= size else { throw TensorError.runtime("selected index k out of range") }
        return try sort(t, dim: dim, descending: largest, keep: k, node: "TopkBackward0")
    }

    package static func sort(_ t: Tensor, dim: Int, descending: Bool, keep: Int? = nil, node: String = "SortBackward0") throws -> (Tensor, Tensor) {
        let d = t.rank == 0 ? 0 : try t.data.normalizedDim(dim)
        if t.rank == 0 { return (t.clone(), Tensor(try NDArray.zeros([], dtype: .int64))) }
        let moved = try t.data.transpose(d, t.rank - 1).contiguousCopy()
        let lane = moved.shape.last!, rows = lane == 0 ? 0 : moved.count / lane
        let kept = keep ?? lane
        var keptShape = moved.shape
        keptShape[keptShape.count - 1] = kept
        let flat = moved.scalars
        var sortedValues: [Scalar] = [], order: [Scalar] = []
        sortedValues.reserveCapacity(flat.count)
        order.reserveCapacity(flat.count)
        for r in 0..<rows {
            let row = Array(flat[(r * lane)..<((r + 1) * lane)])
            let keys = row.map(\.doubleValue)
            let indices = (0..<lane).sorted { a, b in
                let x = keys[a], y = keys[b]
                if x.isNaN || y.isNaN { return !x.isNaN && y.isNaN ? !descending : (x.isNaN && !y.isNaN ? descending : a < b) }
                if x != y { return descending ? x > y : x < y }
                return a < b
            }
            for k in indices.prefix(kept) {
                sortedValues.append(row[k])
                order.append(.int(Int64(k)))
            }
        }
        let values = try NDArray(values: sortedValues, shape: keptShape, dtype: t.dtype).transpose(d, t.rank - 1).contiguousCopy()
        let indices = try NDArray(values: order, shape: keptShape, dtype: .int64).transpose(d, t.rank - 1).contiguousCopy()
        let shape = t.shape
        let out = Tensor.make(node, [t], values, save: [SavedArray(indices)], savedNames: ["_saved_indices"],
                              attributes: [("_saved_dim", .int(dim)), ("_saved_self_sym_sizes", .ints(shape))],
                              rule: "grad_self = zeros(self.sizes()).scatter(dim, indices, grad)") { ctx in
            [try Tensor.scatterIntoZeros(try ctx.grad(), indices: ctx.saved[0].data, dim: d, keepdim: true, shape: shape)]
        }
        return (out, Tensor(indices))
    }
}
