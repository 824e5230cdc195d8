import Autograd

/// F.embedding and F.layer_norm with PyTorch's nodes (EmbeddingBackward0,
/// NativeLayerNormBackward0). Their backward formulas work on arrays: a second derivative
/// through them is refused rather than computed wrong.
extension Functional {
    /// Mirrors F.embedding(input, weight, padding_idx): the weight's rows at the indices,
    /// shaped input.shape + [dim]; the backward adds each row's gradient into its index's
    /// row, except the padding index's.
    package static func embedding(_ indices: Tensor, weight: Tensor, paddingIndex: Int? = nil) throws -> Tensor {
        guard indices.dtype == .int64 || indices.dtype == .int32 else {
            throw TensorError.runtime("Expected tensor for argument #1 'indices' to have one of the following scalar types: Long, Int; but got \(indices.dtype.legacyTypeName) instead (while checking arguments for embedding)")
        }
        guard weight.rank == 2 else { throw TensorError.runtime("'weight' must be 2-D") }
        let (count, dim) = (weight.shape[0], weight.shape[1])
        let rows = indices.data.contiguousCopy().scalars.map { Int($0.int64Value) }
        for r in rows where r < 0 || r >= count { throw TensorError.index("index out of range in self") }
        let table = weight.data.contiguousCopy()
        let result = NDArray(uninitialized: indices.shape + [dim], dtype: weight.dtype)
        let itemSize = weight.dtype.itemSize
        for (k, r) in rows.enumerated() {
            (result.baseAddress + k * dim * itemSize).copyMemory(from: table.baseAddress + r * dim * itemSize, byteCount: dim * itemSize)
        }
        let weightShape = weight.shape
        return Tensor.make("EmbeddingBackward0", [weight], result, save: [SavedArray(indices)], savedNames: ["_saved_indices"],
                           attributes: [("_saved_padding_idx", .int(paddingIndex ?? -1)), ("_saved_scale_grad_by_freq", .bool(false)),
                                        ("_saved_sparse", .bool(false)), ("_saved_weight_sym_argsize_0", .int(count))],
                           rule: "grad_weight = each index's row of grad added into that row (none into padding_idx)") { ctx in
            if GradMode.isEnabled {
                throw TensorError.notImplemented("create_graph through embedding (EmbeddingBackward0) is not supported by tsh yet")
            }
            let g = try ctx.grad().data.contiguousCopy()
            let out = try NDArray.zeros(weightShape, dtype: g.dtype)
            func run<T: BinaryFloatingPoint>(_: T.Type) {
                let src = g.baseAddress.assumingMemoryBound(to: T.self), dst = out.baseAddress.assumingMemoryBound(to: T.self)
                for (k, r) in rows.enumerated() where r != paddingIndex {
                    for j in 0..<dim { dst[r * dim + j] += src[k * dim + j] }
                }
            }
            switch g.dtype {
            case .float32: run(Float.self)
            case .float64: run(Double.self)
            default: throw TensorError.runtime("\"embedding_backward\" not implemented for '\(g.dtype.scalarTypeName)'")
            }
            return [Tensor(out)]
        }
    }

    /// Mirrors F.layer_norm(input, normalized_shape, weight, bias, eps): each group of the
    /// last dims normalised to mean 0 and variance 1 (biased), then scaled and shifted.
    package static func layerNorm(_ input: Tensor, normalizedShape: [Int], weight: Tensor?, bias: Tensor?, eps: Double = 1e-5) throws -> Tensor {
        let k = normalizedShape.count
        guard k > 0, input.rank >= k, Array(input.shape.suffix(k)) == normalizedShape else {
            throw TensorError.runtime("Given normalized_shape=\(shapeText(normalizedShape)), expected input with shape [*, \(normalizedShape.map(String.init).joined(separator: ", "))], but got input of size\(shapeText(input.shape))")
        }
        for (name, p) in [("weight", weight), ("bias", bias)] where p != nil && p!.shape != normalizedShape {
            throw TensorError.runtime("Expected \(name) to be of same shape as normalized_shape, but got \(name) of shape \(shapeText(p!.shape)) and normalized_shape = \(shapeText(normalizedShape))")
        }
        let m = normalizedShape.reduce(1, *), rowsCount = m == 0 ? 0 : input.count / m
        let x = input.data.contiguousCopy()
        let result = NDArray(uninitialized: input.shape, dtype: input.dtype)
        var means = [Double](repeating: 0, count: rowsCount), rstds = [Double](repeating: 0, count: rowsCount)
        let w = weight?.data.contiguousCopy(), b = bias?.data.contiguousCopy()
        func forward<T: BinaryFloatingPoint>(_: T.Type) {
            let src = x.baseAddress.assumingMemoryBound(to: T.self), dst = result.baseAddress.assumingMemoryBound(to: T.self)
            let wp = w?.baseAddress.assumingMemoryBound(to: T.self), bp = b?.baseAddress.assumingMemoryBound(to: T.self)
            for r in 0..<rowsCount {
                var mean = 0.0
                for j in 0..<m { mean += Double(src[r * m + j]) }
                mean /= Double(m)
                var variance = 0.0
                for j in 0..<m { let d = Double(src[r * m + j]) - mean; variance += d * d }
                variance /= Double(m)
                let rstd = 1 / (variance + eps).squareRoot()
                means[r] = mean
                rstds[r] = rstd
                for j in 0..<m {
                    var y = T((Double(src[r * m + j]) - mean) * rstd)
                    if let wp { y *= wp[j] }
                    if let bp { y += bp[j] }
                    dst[r * m + j] = y
                }
            }
        }
        switch input.dtype {
        case .float32: forward(Float.self)
        case .float64: forward(Double.self)
        default: throw TensorError.runtime("\"LayerNormKernelImpl\" not implemented for '\(input.dtype.scalarTypeName)'")
        }
        let saved = [SavedArray(input)] + (weight.map { [SavedArray($0)] } ?? [])
        return Tensor.make("NativeLayerNormBackward0", [input, weight, bias], result, save: saved,
                           savedNames: ["_saved_input"] + (weight == nil ? [] : ["_saved_weight"]),
                           attributes: [("_saved_normalized_shape", .ints(normalizedShape))],
                           rule: "grad_input = rstd * (g·w - mean(g·w) - x̂ · mean(g·w · x̂)) per group; grad_weight = Σ grad · x̂; grad_bias = Σ grad") { ctx in
            if GradMode.isEnabled {
                throw TensorError.notImplemented("create_graph through layer_norm (NativeLayerNormBackward0) is not supported by tsh yet")
            }
            let g = try ctx.grad().data.contiguousCopy()
            let xs = ctx.saved[0].data.converted(to: .float64)
            let ws = ctx.saved.count > 1 ? ctx.saved[1].data.converted(to: .float64) : nil
            let gd = g.converted(to: .float64)
            let gx = try NDArray.zeros(xs.shape, dtype: .float64)
            let gw = try NDArray.zeros(normalizedShape, dtype: .float64), gb = try NDArray.zeros(normalizedShape, dtype: .float64)
            let xp = xs.baseAddress.assumingMemoryBound(to: Double.self), gp = gd.baseAddress.assumingMemoryBound(to: Double.self)
            let wp = ws?.baseAddress.assumingMemoryBound(to: Double.self)
            let dx = gx.baseAddress.assumingMemoryBound(to: Double.self)
            let dw = gw.baseAddress.assumingMemoryBound(to: Double.self), db = gb.baseAddress.assumingMemoryBound(to: Double.self)
            for r in 0..<rowsCount {
                var meanG = 0.0, meanGX = 0.0
                for j in 0..<m {
                    let xhat = (xp[r * m + j] - means[r]) * rstds[r]
                    let gs = gp[r * m + j] * (wp?[j] ?? 1)
                    meanG += gs
                    meanGX += gs * xhat
                    dw[j] += gp[r * m + j] * xhat
                    db[j] += gp[r * m + j]
                }
                meanG /= Double(m)
                meanGX /= Double(m)
                for j in 0..<m {
                    let xhat = (xp[r * m + j] - means[r]) * rstds[r]
                    let gs = gp[r * m + j] * (wp?[j] ?? 1)
                    dx[r * m + j] = rstds[r] * (gs - meanG - xhat * meanGX)
                }
            }
            let dtype = g.dtype
            return [ctx.needs(0) ? Tensor(gx.converted(to: dtype)) : nil,
                    ctx.needs(1) ? Tensor(gw.converted(to: dtype)) : nil,
                    ctx.needs(2) ? Tensor(gb.converted(to: dtype)) : nil]
        }
    }
}

extension Functional {
    /// Mirrors F.batch_norm(input, running_mean, running_var, weight, bias, training,
    /// momentum, eps): NativeBatchNormBackward0. In training the batch's statistics (over
    /// every dim but the channel dim 1, biased variance) normalise the input and update the
    /// running ones (unbiased variance, momentum or, with nil, a cumulative average over
    /// `batches`); otherwise the running statistics normalise it.
    package static func batchNorm(_ input: Tensor, runningMean: Tensor?, runningVar: Tensor?, weight: Tensor?, bias: Tensor?,
                                  training: Bool, momentum: Double?, eps: Double, batches: Int = 1) throws -> Tensor {
        guard input.rank >= 2 else {
            throw TensorError.value("Expected 2D or 3D input (got \(input.rank)D input)")
        }
        let (n, c) = (input.shape[0], input.shape[1])
        let spatial = input.shape.dropFirst(2).reduce(1, *)
        let count = n * spatial
        for (name, t) in [("weight", weight), ("bias", bias), ("running_mean", runningMean), ("running_var", runningVar)] where t != nil && t!.count != c {
            throw TensorError.runtime("\(name) should contain \(c) elements not \(t!.count)")
        }
        if training && count <= 1 {
            throw TensorError.value("Expected more than 1 value per channel when training, got input size torch.Size(\(shapeText(input.shape)))")
        }
        guard input.dtype.isFloatingPoint else {
            throw TensorError.runtime("\"batch_norm\" not implemented for '\(input.dtype.scalarTypeName)'")
        }
        let x = input.data.converted(to: .float64)
        let xp = x.baseAddress.assumingMemoryBound(to: Double.self)
        func values(_ t: Tensor?) -> [Double]? { t.map { $0.data.contiguousCopy().scalars.map(\.doubleValue) } }
        var mean = [Double](repeating: 0, count: c), invstd = [Double](repeating: 0, count: c)
        if training || runningMean == nil || runningVar == nil {
            var unbiased = [Double](repeating: 0, count: c)
            for ch in 0..<c {
                var sum = 0.0
                for i in 0..<n { for s in 0..<spatial { sum += xp[(i * c + ch) * spatial + s] } }
                let m = sum / Double(count)
                var squares = 0.0
                for i in 0..<n { for s in 0..<spatial { let d = xp[(i * c + ch) * spatial + s] - m; squares += d * d } }
                mean[ch] = m
                invstd[ch] = 1 / (squares / Double(count) + eps).squareRoot()
                unbiased[ch] = count > 1 ? squares / Double(count - 1) : .nan
            }
            if training, let runningMean, let runningVar {
                let factor = momentum ?? 1 / Double(max(batches, 1))
                let oldMean = values(runningMean)!, oldVar = values(runningVar)!
                let newMean = (0..<c).map { Scalar.double((1 - factor) * oldMean[$0] + factor * mean[$0]) }
                let newVar = (0..<c).map { Scalar.double((1 - factor) * oldVar[$0] + factor * unbiased[$0]) }
                try runningMean.data.copyFrom(NDArray(values: newMean, shape: runningMean.shape, dtype: runningMean.dtype))
                try runningVar.data.copyFrom(NDArray(values: newVar, shape: runningVar.shape, dtype: runningVar.dtype))
            }
        } else {
            mean = values(runningMean)!
            invstd = values(runningVar)!.map { 1 / ($0 + eps).squareRoot() }
        }
        let w = values(weight), b = values(bias)
        let out = NDArray(uninitialized: input.shape, dtype: .float64)
        let op = out.baseAddress.assumingMemoryBound(to: Double.self)
        for i in 0..<n {
            for ch in 0..<c {
                for s in 0..<spatial {
                    let k = (i * c + ch) * spatial + s
                    op[k] = (xp[k] - mean[ch]) * invstd[ch] * (w?[ch] ?? 1) + (b?[ch] ?? 0)
                }
            }
        }
        let usedBatchStats = training || runningMean == nil || runningVar == nil
        let dtype = input.dtype
        return Tensor.make("NativeBatchNormBackward0", [input, weight, bias], out.converted(to: dtype),
                           save: [SavedArray(input)] + (weight.map { [SavedArray($0)] } ?? []),
                           savedNames: ["_saved_input"] + (weight == nil ? [] : ["_saved_weight"]),
                           attributes: [("_saved_eps", .number(.double(eps))), ("_saved_training", .bool(training))],
                           rule: usedBatchStats ? "grad_input = invstd/N · (N·g·w - Σ g·w - x̂ · Σ g·w·x̂) per channel; grad_weight = Σ g·x̂; grad_bias = Σ g"
                                                : "grad_input = g · w · invstd (running statistics); grad_weight = Σ g·x̂; grad_bias = Σ g") { ctx in
            if GradMode.isEnabled {
                throw TensorError.notImplemented("create_graph through batch_norm (NativeBatchNormBackward0) is not supported by tsh yet")
            }
            let g = try ctx.grad().data.converted(to: .float64)
            let gp = g.baseAddress.assumingMemoryBound(to: Double.self)
            let xs = ctx.saved[0].data.converted(to: .float64)
            let xsp = xs.baseAddress.assumingMemoryBound(to: Double.self)
            let gx = NDArray(uninitialized: xs.shape, dtype: .float64)
            let dx = gx.baseAddress.assumingMemoryBound(to: Double.self)
            var dw = [Double](repeating: 0, count: c), db = [Double](repeating: 0, count: c)
            for ch in 0..<c {
                var sumG = 0.0, sumGX = 0.0
                for i in 0..<n {
                    for s in 0..<spatial {
                        let k = (i * c + ch) * spatial + s
                        let xhat = (xsp[k] - mean[ch]) * invstd[ch]
                        sumG += gp[k]
                        sumGX += gp[k] * xhat
                    }
                }
                dw[ch] = sumGX
                db[ch] = sumG
                let scale = w?[ch] ?? 1
                for i in 0..<n {
                    for s in 0..<spatial {
                        let k = (i * c + ch) * spatial + s
                        if usedBatchStats {
                            let xhat = (xsp[k] - mean[ch]) * invstd[ch]
                            dx[k] = scale * invstd[ch] * (gp[k] - sumG / Double(count) - xhat * sumGX / Double(count))
                        } else {
                            dx[k] = gp[k] * scale * invstd[ch]
                        }
                    }
                }
            }
            return [ctx.needs(0) ? Tensor(gx.converted(to: dtype)) : nil,
                    ctx.needs(1) ? Tensor(NDArray(values: dw.map { .double($0) }, shape: [c], dtype: dtype)) : nil,
                    ctx.needs(2) ? Tensor(NDArray(values: db.map { .double($0) }, shape: [c], dtype: dtype)) : nil]
        }
    }
}
