/// Matrix products: torch.matmul and the ops it decomposes into (dot, mv, mm, bmm).
/// Float products run through BLAS, with transposed views passed as transpose flags.
extension NDArray {
    /// The C++ type name PyTorch prints in dtype-mismatch messages.
    var cppTypeName: String { dtype.cppName }

    /// This 2-D array as a BLAS operand without copying when its strides allow, and the
    /// array whose storage the operand points into (a contiguous copy when they do not).
    package func gemmOperand() -> (GemmOperand, NDArray) {
        let r = shape[0], c = shape[1], s0 = strides[0], s1 = strides[1]
        if (c == 1 || s1 == 1) && (r == 1 || s0 >= max(1, c)) {
            return (GemmOperand(base: baseAddress, leadingDimension: r == 1 ? max(1, c) : s0, transposed: false), self)
        }
        if (r == 1 || s0 == 1) && (c == 1 || s1 >= max(1, r)) {
            return (GemmOperand(base: baseAddress, leadingDimension: c == 1 ? max(1, r) : s1, transposed: true), self)
        }
        let copy = contiguousCopy()
        return (GemmOperand(base: copy.baseAddress, leadingDimension: max(1, c), transposed: false), copy)
    }

    private static func checkSameDtype(_ a: NDArray, _ b: NDArray, _ names: (String, String) = ("m1", "m2")) throws {
        guard a.dtype == b.dtype else {
            throw TensorError.runtime("expected \(names.0) and \(names.1) to have the same dtype, but got: \(a.cppTypeName) != \(b.cppTypeName)")
        }
        if a.dtype == .bool { throw TensorError.notImplemented(Messages.notImplemented("addmm_impl_cpu_", .bool)) }
    }

    /// Products of more multiply-adds than this run in blocks of rows, with a check for
    /// Ctrl-C between blocks (a block takes some tens of milliseconds; a whole product can
    /// take minutes). Smaller ones are one BLAS call. Each block packs all of B again, so
    /// blocks are large, and never fewer than `minimumBlockRows` rows: 32-row blocks of a
    /// 2048² product spent a quarter of its time packing.
    static let interruptibleBlock = 1 << 31
    static let minimumBlockRows = 64

    /// Writes a·b into the contiguous matrix `out` (m×n), or adds it to what `out` holds
    /// (`accumulate`, float32/float64 only).
    private static func gemm(_ a: NDArray, _ b: NDArray, into out: NDArray, accumulate: Bool = false) throws {
        if a.dtype.isStorageOnly {
            // A narrow dtype multiplies in its compute dtype and rounds once at the end.
            let wide = NDArray(uninitialized: out.shape, dtype: a.dtype.computeType)
            try gemm(a.to(wide.dtype), b.to(wide.dtype), into: wide)
            try out.copyFrom(wide)
            return
        }
        let (ga, keepA) = a.gemmOperand(), (gb, keepB) = b.gemmOperand()
        let m = a.shape[0], n = b.shape[1], k = a.shape[1], ldc = max(1, n), size = a.dtype.itemSize
        let (work, overflow) = (m * n).multipliedReportingOverflow(by: k)
        let rowsPerBlock = !overflow && work <= interruptibleBlock ? m : max(minimumBlockRows, interruptibleBlock / max(1, n * k))
        try withExtendedLifetime((keepA, keepB)) {
            var row = 0
            while row < m {
                let rows = min(rowsPerBlock, m - row)
                var blockA = ga
                blockA.base = ga.base + row * (ga.transposed ? 1 : ga.leadingDimension) * size
                GemmKernels.multiply(a.dtype, m: rows, n: n, k: k, blockA, gb, c: out.baseAddress + row * ldc * size, ldc: ldc, accumulate: accumulate)
                row += rows
                if row < m { try TensorError.checkInterrupt() }
            }
        }
    }

    /// Mirrors torch.mm.
    package static func mm(_ a: NDArray, _ b: NDArray, name: String = "mm") throws -> NDArray {
        guard a.rank == 2 else { throw TensorError.runtime("self must be a matrix") }
        guard b.rank == 2 else { throw TensorError.runtime("mat2 must be a matrix") }
        guard a.shape[1] == b.shape[0] else { throw TensorError.runtime(Messages.mmShapes(name, a.shape, b.shape)) }
        try checkSameDtype(a, b)
        let out = NDArray(uninitialized: [a.shape[0], b.shape[1]], dtype: a.dtype)
        try gemm(a, b, into: out)
        return out
    }

    /// Mirrors torch.addmm(bias, a, b) with beta = alpha = 1 as aten computes it: the bias
    /// is copied (broadcast) into the result and the product added by one gemm with
    /// beta = 1, so there is no separate product to allocate and add. Nil when the operands
    /// do not fit that path (other dtypes, a bias that does not broadcast to the result).
    package static func addmm(_ bias: NDArray, _ a: NDArray, _ b: NDArray) throws -> NDArray? {
        guard a.rank == 2, b.rank == 2, a.shape[1] == b.shape[0], a.dtype == b.dtype, bias.dtype == a.dtype,
              a.dtype == .float32 || a.dtype == .float64, bias.rank <= 2 else { return nil }
        let shape = [a.shape[0], b.shape[1]]
        guard let expanded = try? bias.expand(shape) else { return nil }
        let out = NDArray(uninitialized: shape, dtype: a.dtype)
        try out.copyFrom(expanded)
        try gemm(a, b, into: out, accumulate: true)
        return out
    }

    /// Mirrors torch.mv.
    package static func mv(_ a: NDArray, _ v: NDArray) throws -> NDArray {
        guard a.rank == 2, v.rank == 1 else {
            throw TensorError.runtime("vector + matrix @ vector expected, got 1, \(a.rank), \(v.rank)")
        }
        guard a.shape[1] == v.shape[0] else {
            throw TensorError.runtime("size mismatch, got input (\(a.shape[0])), mat (\(a.shape[0])x\(a.shape[1])), vec (\(v.shape[0]))")
        }
        try checkSameDtype(a, v)
        let out = NDArray(uninitialized: [a.shape[0], 1], dtype: a.dtype)
        try gemm(a, try v.unsqueeze(1), into: out)
        return try out.view([a.shape[0]])
    }

    /// Mirrors torch.dot.
    package static func dot(_ a: NDArray, _ b: NDArray) throws -> NDArray {
        guard a.rank == 1, b.rank == 1 else {
            throw TensorError.runtime("1D tensors expected, but got \(a.rank)D and \(b.rank)D tensors")
        }
        guard a.shape[0] == b.shape[0] else {
            throw TensorError.runtime(
                "inconsistent tensor size, expected tensor [\(a.shape[0])] and src [\(b.shape[0])] to have the same number of elements, but got \(a.shape[0]) and \(b.shape[0]) elements respectively")
        }
        guard a.dtype == b.dtype else {
            throw TensorError.runtime("dot : expected both vectors to have same dtype, but found \(a.dtype.scalarTypeName) and \(b.dtype.scalarTypeName)")
        }
        if a.dtype == .bool { throw TensorError.notImplemented(Messages.notImplemented("dot", .bool)) }
        let out = NDArray(uninitialized: [1, 1], dtype: a.dtype)
        try gemm(try a.unsqueeze(0), try b.unsqueeze(1), into: out)
        return try out.view([])
    }

    /// Mirrors torch.bmm.
    package static func bmm(_ a: NDArray, _ b: NDArray) throws -> NDArray {
        guard a.rank == 3 else { throw TensorError.runtime("batch1 must be a 3D tensor") }
        guard b.rank == 3 else { throw TensorError.runtime("batch2 must be a 3D tensor") }
        guard b.shape[0] == a.shape[0], b.shape[1] == a.shape[2] else {
            throw TensorError.runtime(
                "Expected size for first two dimensions of batch2 tensor to be: [\(a.shape[0]), \(a.shape[2])] but got: [\(b.shape[0]), \(b.shape[1])].")
        }
        try checkSameDtype(a, b)
        return try batchedProduct(a, b, batchShape: [a.shape[0]])
    }

    /// a (…, n, k) · b (…, k, m) over a broadcast batch shape; each matrix goes to BLAS.
    private static func batchedProduct(_ a: NDArray, _ b: NDArray, batchShape: [Int]) throws -> NDArray {
        let n = a.shape[a.rank - 2], k = a.shape[a.rank - 1], m = b.shape[b.rank - 1]
        let out = NDArray(uninitialized: batchShape + [n, m], dtype: a.dtype)
        let batchA = a.view(shape: Array(a.shape.dropLast(2)), strides: Array(a.strides.dropLast(2)), offset: a.offset)
        let batchB = b.view(shape: Array(b.shape.dropLast(2)), strides: Array(b.strides.dropLast(2)), offset: b.offset)
        let stridesA = batchA.broadcastStrides(to: batchShape), stridesB = batchB.broadcastStrides(to: batchShape)
        let batchCount = batchShape.reduce(1, *)
        var index = [Int](repeating: 0, count: batchShape.count)
        for batch in 0..<batchCount {
            var offA = a.offset, offB = b.offset
            for d in 0..<batchShape.count {
                offA += index[d] * stridesA[d]
                offB += index[d] * stridesB[d]
            }
            let matA = a.view(shape: [n, k], strides: Array(a.strides.suffix(2)), offset: offA)
            let matB = b.view(shape: [k, m], strides: Array(b.strides.suffix(2)), offset: offB)
            let matOut = out.view(shape: [n, m], strides: [max(1, m), 1], offset: batch * n * m)
            try gemm(matA, matB, into: matOut)
            if batch + 1 < batchCount { try TensorError.checkInterrupt() }
            var d = batchShape.count - 1
            while d >= 0 {
                index[d] += 1
                if index[d] < batchShape[d] { break }
                index[d] = 0
                d -= 1
            }
        }
        return out
    }

    /// Mirrors torch.matmul for every rank combination PyTorch allows.
    package static func matmul(_ a: NDArray, _ b: NDArray) throws -> NDArray {
        guard a.rank >= 1, b.rank >= 1 else {
            throw TensorError.runtime("both arguments to matmul need to be at least 1D, but they are \(a.rank)D and \(b.rank)D")
        }
        switch (a.rank, b.rank) {
        case (1, 1): return try dot(a, b)
        case (2, 1): return try mv(a, b)
        case (1, 2): return try mm(try a.unsqueeze(0), b).squeeze([0])
        case (2, 2): return try mm(a, b)
        case (3..., 1), (3..., 2):
            // Fold a's batch dimensions into rows: one matrix product.
            let k = a.shape[a.rank - 1]
            let folded = try a.reshape([-1, k])
            let product = b.rank == 1 ? try mv(folded, b) : try mm(folded, b)
            let outShape = Array(a.shape.dropLast()) + (b.rank == 2 ? [b.shape[1]] : [])
            return try product.view(outShape)
        default:
            let left = a.rank == 1 ? try a.unsqueeze(0) : a
            let right = b.rank == 1 ? try b.unsqueeze(1) : b
            let batchShape = try Broadcasting.shape(Array(left.shape.dropLast(2)), Array(right.shape.dropLast(2)))
            guard left.shape[left.rank - 1] == right.shape[right.rank - 2] else {
                let batch = batchShape.reduce(1, *)
                throw TensorError.runtime(
                    "Expected size for first two dimensions of batch2 tensor to be: [\(batch), \(left.shape[left.rank - 1])] but got: [\(batch), \(right.shape[right.rank - 2])].")
            }
            try checkSameDtype(left, right)
            var product = try batchedProduct(left, right, batchShape: batchShape)
            if a.rank == 1 { product = try product.squeeze([product.rank - 2]) }
            if b.rank == 1 { product = try product.squeeze([product.rank - 1]) }
            return product
        }
    }
}
