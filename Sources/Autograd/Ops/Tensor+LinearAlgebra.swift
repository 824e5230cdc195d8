/// Matrix products with autograd, and torch.matmul composed the way PyTorch composes it,
/// so the graph shows the same nodes (DotBackward0, MvBackward0, SqueezeBackward4 over
/// MmBackward0, UnsafeViewBackward0 over BmmBackward0 or a folded MmBackward0, ...).
extension Tensor {
    /// Mirrors torch.mm: MmBackward0.
    package static func mm(_ a: Tensor, _ b: Tensor) throws -> Tensor {
        let result = try NDArray.mm(a.data, b.data)
        return Tensor.make("MmBackward0", [a, b], result, save: [SavedArray(a), SavedArray(b)], savedNames: ["_saved_self", "_saved_mat2"],
                           rule: "grad_self = grad.mm(mat2.t()); grad_mat2 = self.t().mm(grad)") { ctx in
            let g = try ctx.grad()
            return [ctx.needs(0) ? try Tensor.mmMat1Backward(g, mat1: ctx.saved[0], mat2: ctx.saved[1]) : nil,
                    ctx.needs(1) ? try Tensor.mmMat2Backward(g, mat1: ctx.saved[0], mat2: ctx.saved[1]) : nil]
        }
    }

    /// The gradient of mat1 in mat1·mat2: `grad.mm(mat2.t())`. (PyTorch computes it
    /// column-major when mat1 is stored so; BLAS then sums in another order and the last
    /// bits move, so tsh keeps this orientation and lands a transposed result with a tiled
    /// copy instead: see TransposeKernels.)
    package static func mmMat1Backward(_ grad: Tensor, mat1: Tensor, mat2: Tensor) throws -> Tensor {
        try Tensor.mm(grad, try mat2.t())
    }

    /// The gradient of mat2 in mat1·mat2: `mat1.t().mm(grad)` (see mmMat1Backward).
    package static func mmMat2Backward(_ grad: Tensor, mat1: Tensor, mat2: Tensor) throws -> Tensor {
        try Tensor.mm(try mat1.t(), grad)
    }

    /// Mirrors torch.mv: MvBackward0.
    package static func mv(_ a: Tensor, _ v: Tensor) throws -> Tensor {
        let result = try NDArray.mv(a.data, v.data)
        return Tensor.make("MvBackward0", [a, v], result, save: [SavedArray(a), SavedArray(v)], savedNames: ["_saved_self", "_saved_vec"],
                           rule: "grad_self = grad.unsqueeze(1).mm(vec.unsqueeze(0)); grad_vec = self.t().mv(grad)") { ctx in
            let g = try ctx.grad()
            return [ctx.needs(0) ? try Tensor.mm(try g.unsqueeze(1), try ctx.saved[1].unsqueeze(0)) : nil,
                    ctx.needs(1) ? try Tensor.mv(try ctx.saved[0].t(), g) : nil]
        }
    }

    /// Mirrors torch.dot: DotBackward0.
    package static func dot(_ a: Tensor, _ b: Tensor) throws -> Tensor {
        let result = try NDArray.dot(a.data, b.data)
        return Tensor.make("DotBackward0", [a, b], result, save: [SavedArray(a), SavedArray(b)], savedNames: ["_saved_self", "_saved_tensor"],
                           rule: "grad_self = tensor * grad; grad_tensor = self * grad") { ctx in
            let g = try ctx.grad()
            return [ctx.needs(0) ? try ctx.saved[1] * g : nil, ctx.needs(1) ? try ctx.saved[0] * g : nil]
        }
    }

    /// Mirrors torch.bmm: BmmBackward0.
    package static func bmm(_ a: Tensor, _ b: Tensor) throws -> Tensor {
        let result = try NDArray.bmm(a.data, b.data)
        return Tensor.make("BmmBackward0", [a, b], result, save: [SavedArray(a), SavedArray(b)], savedNames: ["_saved_self", "_saved_mat2"],
                           rule: "grad_self = grad.bmm(mat2.transpose(1, 2)); grad_mat2 = self.transpose(1, 2).bmm(grad)") { ctx in
            let g = try ctx.grad()
            return [ctx.needs(0) ? try Tensor.bmm(g, try ctx.saved[1].transpose(1, 2)) : nil,
                    ctx.needs(1) ? try Tensor.bmm(try ctx.saved[0].transpose(1, 2), g) : nil]
        }
    }

    /// Mirrors torch.matmul (aten's _matmul_impl): dot, mv, mm, a folded product for a
    /// batch against a vector or matrix, and bmm over broadcast batches otherwise.
    package static func matmul(_ a: Tensor, _ b: Tensor) throws -> Tensor {
        let da = a.rank, db = b.rank
        guard da >= 1, db >= 1 else {
            throw TensorError.runtime("both arguments to matmul need to be at least 1D, but they are \(da)D and \(db)D")
        }
        switch (da, db) {
        case (1, 1): return try dot(a, b)
        case (2, 1): return try mv(a, b)
        case (1, 2): return try mm(try a.unsqueeze(0), b).squeezeAfterProduct(0)
        case (2, 2): return try mm(a, b)
        default: break
        }
        if shouldFold(a, b) {
            // Fold the batch of the larger operand into rows: one mm or mv. With the larger
            // on the right, compute (b^T @ a^T)^T.
            let transpose = db > da
            let t1 = transpose ? try b.transpose(-1, -2) : a
            let t2 = transpose ? (da == 2 ? try a.t() : a) : b
            var outputShape = Array(t1.shape.dropLast())
            let folded = try t1.reshape([outputShape.reduce(1, *), t1.shape.last!])
            if t2.rank == 2 {
                outputShape.append(t2.shape[1])
                let output = try mm(folded, t2).unsafeView(outputShape)
                return transpose ? try output.transpose(-1, -2).contiguous() : output
            }
            return try mv(folded, t2).unsafeView(outputShape)
        }
        // Batched: broadcast the batch dimensions, then one bmm.
        let n = da > 1 ? a.shape[da - 2] : 1, m1 = a.shape[da - 1]
        let m2 = db > 1 ? b.shape[db - 2] : b.shape[0], p = db > 1 ? b.shape[db - 1] : 1
        let batch = try Broadcasting.shape(Array(a.shape.prefix(max(da - 2, 0))), Array(b.shape.prefix(max(db - 2, 0))))
        let count = batch.reduce(1, *)
        let left = try a.expand(batch + [n, m1]).reshape([count, n, m1])
        let right = db == 1
            ? try b.expand(batch + [m2]).reshape([count, m2]).unsqueeze(2)
            : try b.expand(batch + [m2, p]).reshape([count, m2, p])
        var outputShape = batch
        if da > 1 { outputShape.append(n) }
        if db > 1 { outputShape.append(p) }
        return try bmm(left, right).unsafeView(outputShape)
    }

    /// aten's should_fold: whether matmul can use one mm/mv on the larger operand's rows
    /// (always when the smaller operand requires grad; otherwise only without a copy).
    private static func shouldFold(_ a: Tensor, _ b: Tensor) -> Bool {
        let aLarger = a.rank >= b.rank
        guard let t1 = aLarger ? a.data : try? b.data.transpose(-1, -2) else { return false }
        let smallerRank = aLarger ? b.rank : a.rank
        guard t1.rank >= 3 && smallerRank <= 2 else { return false }
        if aLarger ? b.requiresGrad : a.requiresGrad { return true }
        if a.rank == 2 { return false }
        if t1.count == 0 { return true }
        for i in 0..<(t1.rank - 2) where t1.strides[i] != t1.strides[i + 1] * t1.shape[i + 1] { return false }
        return true
    }
}
