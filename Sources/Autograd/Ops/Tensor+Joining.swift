/// Joining and splitting with autograd: cat (CatBackward0, one slot per tensor), stack
/// (StackBackward0), split/chunk (SplitBackward0, one output per piece), unbind.
extension Tensor {
    /// Mirrors torch.cat(tensors, dim).
    package static func cat(_ tensors: [Tensor], dim: Int = 0) throws -> Tensor {
        let result = try NDArray.cat(tensors.map(\.data), dim: dim)
        let d = result.rank == 0 ? 0 : try result.normalizedDim(dim)
        let sizes = tensors.map { $0.rank == 1 && $0.shape[0] == 0 ? 0 : $0.shape[d] }
        let skipped = tensors.map { $0.rank == 1 && $0.shape[0] == 0 }
        return Tensor.make("CatBackward0", tensors, result, attributes: [("_saved_dim", .int(dim))], rule: catRule(tensors.count)) { ctx in
            let g = try ctx.grad()
            var start = 0
            return try sizes.enumerated().map { i, n in
                defer { start += n }
                if skipped[i] || !ctx.needs(i) { return nil }
                return try g.narrow(dim: d, start: start, length: n)
            }
        }
    }

    /// Mirrors torch.stack(tensors, dim).
    package static func stack(_ tensors: [Tensor], dim: Int = 0) throws -> Tensor {
        let result = try NDArray.stack(tensors.map(\.data), dim: dim)
        let d = try NDArray.normalizeDim(dim, rank: (tensors.first?.rank ?? 0) + 1)
        return Tensor.make("StackBackward0", tensors, result, attributes: [("_saved_dim", .int(dim))], rule: stackRule(tensors.count)) { ctx in
            let g = try ctx.grad()
            return try (0..<tensors.count).map { i in ctx.needs(i) ? try g.select(dim: d, index: i) : nil }
        }
    }

    /// CatBackward0's rule: one clause per tensor for a few tensors, else one clause for all.
    private static func catRule(_ count: Int) -> String {
        switch count {
        case 1: "grad_tensors[0] = grad"
        case 2: "grad_tensors[0] = grad.narrow(dim, 0, tensors[0].size(dim)); grad_tensors[1] = grad.narrow(dim, tensors[0].size(dim), tensors[1].size(dim))"
        case 3: "grad_tensors[0] = grad.narrow(dim, 0, tensors[0].size(dim)); grad_tensors[1] = grad.narrow(dim, tensors[0].size(dim), tensors[1].size(dim)); grad_tensors[2] = grad.narrow(dim, tensors[0].size(dim) + tensors[1].size(dim), tensors[2].size(dim))"
        default: "grad_tensors[k] = grad.narrow(dim, the sizes along dim of the tensors before k, tensors[k].size(dim))"
        }
    }

    /// StackBackward0's rule: one clause per tensor for a few tensors, else one clause for all.
    private static func stackRule(_ count: Int) -> String {
        switch count {
        case 1: "grad_tensors[0] = grad.select(dim, 0)"
        case 2: "grad_tensors[0] = grad.select(dim, 0); grad_tensors[1] = grad.select(dim, 1)"
        case 3: "grad_tensors[0] = grad.select(dim, 0); grad_tensors[1] = grad.select(dim, 1); grad_tensors[2] = grad.select(dim, 2)"
        case 4: "grad_tensors[0] = grad.select(dim, 0); grad_tensors[1] = grad.select(dim, 1); grad_tensors[2] = grad.select(dim, 2); grad_tensors[3] = grad.select(dim, 3)"
        default: "grad_tensors[k] = grad.select(dim, k)"
        }
    }

    private func splitViews(_ name: String, _ pieces: [NDArray], dim: Int) throws -> [Tensor] {
        let d = try data.normalizedDim(dim)
        let metas = pieces.map { ($0.shape, $0.dtype) }
        return makeViews(name, pieces, rule: "grad_self = cat(grads, dim) (zeros for a piece without a gradient)") { ctx in
            let grads = try metas.enumerated().map { i, meta in
                try ctx.grads[i] ?? Tensor.zeros(meta.0, dtype: meta.1)
            }
            return [try Tensor.cat(grads, dim: d)]
        }
    }

    /// Mirrors Tensor.split(split_size, dim): SplitBackward0.
    package func split(size: Int, dim: Int = 0) throws -> [Tensor] {
        try splitViews("SplitBackward0", try data.split(size: size, dim: dim), dim: dim)
    }

    /// Mirrors Tensor.split([sizes], dim): SplitWithSizesBackward0.
    package func split(sizes: [Int], dim: Int = 0) throws -> [Tensor] {
        try splitViews("SplitWithSizesBackward0", try data.split(sizes: sizes, dim: dim), dim: dim)
    }

    /// Mirrors Tensor.chunk(chunks, dim): SplitBackward0.
    package func chunk(_ chunks: Int, dim: Int = 0) throws -> [Tensor] {
        try splitViews("SplitBackward0", try data.chunk(chunks, dim: dim), dim: dim)
    }

    /// Mirrors Tensor.unbind(dim): UnbindBackward0.
    package func unbind(dim: Int = 0) throws -> [Tensor] {
        guard rank > 0 else { throw TensorError.index("Dimension specified as \(dim) but tensor has no dimensions") }
        let d = try data.normalizedDim(dim)
        let pieces = try (0..<shape[d]).map { try data.select(dim: d, index: $0) }
        let metas = pieces.map { ($0.shape, $0.dtype) }
        return makeViews("UnbindBackward0", pieces, rule: "grad_self = stack(grads, dim) (zeros for a piece without a gradient)") { ctx in
            let grads = try metas.enumerated().map { i, meta in
                try ctx.grads[i] ?? Tensor.zeros(meta.0, dtype: meta.1)
            }
            return [try Tensor.stack(grads, dim: d)]
        }
    }
}
