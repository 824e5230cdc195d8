/// Reductions with autograd. The overload digit follows PyTorch: SumBackward0 for the sum
/// of everything, SumBackward1 over dims; MaxBackward1 for the full max, MaxBackward0 with dim.
extension Tensor {
    private func reducedDims(_ dims: [Int]?) throws -> [Int] {
        guard let dims, !dims.isEmpty else { return Array(0..<rank) }
        let normalized = try dims.map { try data.normalizedDim($0) }
        // A 0-d tensor takes dim 0 or -1 and reduces over nothing.
        return rank == 0 ? [] : normalized
    }

    /// Mirrors torch.sum(input, dim=None, keepdim=False, dtype=None).
    package func sum(dims: [Int]? = nil, keepdim: Bool = false, dtype requested: DType? = nil) throws -> Tensor {
        let result = try data.sum(dims: dims, keepdim: keepdim, dtype: requested)
        guard result.dtype.isFloatingPoint else { return Tensor(result) }
        let reduced = try reducedDims(dims), shape = self.shape, all = dims == nil
        return Tensor.make(all ? "SumBackward0" : "SumBackward1", [self], result,
                           attributes: all ? [("_saved_self_sym_sizes", .ints(shape))]
                                           : [("_saved_dim", .ints(dims ?? [])), ("_saved_keepdim", .bool(keepdim)), ("_saved_self_sym_sizes", .ints(shape))],
                           rule: all || keepdim ? "grad_self = grad.expand(self.sizes())"
                                                : "grad_self = grad.unsqueeze(dim).expand(self.sizes())") { ctx in
            [try (try ctx.grad()).expanded(over: reduced, keepdim: keepdim || all, to: shape)]
        }
    }

    /// Mirrors torch.mean.
    package func mean(dims: [Int]? = nil, keepdim: Bool = false, dtype requested: DType? = nil) throws -> Tensor {
        let result = try data.mean(dims: dims, keepdim: keepdim, dtype: requested)
        let reduced = try reducedDims(dims), shape = self.shape, all = dims == nil
        let n = reduced.reduce(1) { $0 * shape[$1] }, count = self.count
        return Tensor.make(all ? "MeanBackward0" : "MeanBackward1", [self], result,
                           attributes: all ? [("_saved_self_sym_numel", .int(count)), ("_saved_self_sym_sizes", .ints(shape))]
                                           : [("_saved_dim", .ints(dims ?? [])), ("_saved_keepdim", .bool(keepdim)), ("_saved_self_sym_numel", .int(count)), ("_saved_self_sym_sizes", .ints(shape))],
                           rule: all ? "grad_self = grad.expand(self.sizes()) / self.numel()"
                               : keepdim ? "grad_self = grad.expand(self.sizes()) / N (N = elements averaged)"
                               : "grad_self = grad.unsqueeze(dim).expand(self.sizes()) / N (N = elements averaged)") { ctx in
            [try (try (try ctx.grad()).expanded(over: reduced, keepdim: keepdim || all, to: shape)) / Double(n)]
        }
    }

    /// Mirrors torch.prod (ProdBackward0 over everything, ProdBackward1 over a dim).
    package func prod(dim: Int? = nil, keepdim: Bool = false) throws -> Tensor {
        let result = try data.prod(dims: dim.map { [$0] }, keepdim: keepdim)
        guard result.dtype.isFloatingPoint else { return Tensor(result) }
        let reduced = try reducedDims(dim.map { [$0] }), shape = self.shape
        return Tensor.make(dim == nil ? "ProdBackward0" : "ProdBackward1", [self], result,
                           save: [SavedArray(self)], savedNames: ["_saved_self"], saveOutput: true,
                           attributes: dim.map { [("_saved_dim", .int($0)), ("_saved_keepdim", .bool(keepdim))] } ?? [],
                           rule: dim == nil || keepdim
                               ? "grad_self = grad * result / self (the product of the other elements where self has a zero)"
                               : "grad_self = grad.unsqueeze(dim) * result.unsqueeze(dim) / self (the product of the other elements where self has a zero)") { ctx in
            let x = ctx.saved[0]
            let g = try (try ctx.grad()).expanded(over: reduced, keepdim: keepdim || dim == nil, to: shape)
            let out = try ctx.saved[1].expanded(over: reduced, keepdim: keepdim || dim == nil, to: shape)
            let hasZero = try x.data.compared(.eq, 0).anyAll(all: false).scalars[0].boolValue
            if !hasZero { return [try g * (try out / x)] }
            if GradMode.isEnabled && x.requiresGrad {
                throw TensorError.notImplemented("create_graph through prod of a tensor with zeros is not supported by tsh yet")
            }
            return [try g * Tensor(try Tensor.productOfOthers(x.data, dims: reduced))]
        }
    }

    /// For each element, the product of the other elements of its reduced group: prefix
    /// times suffix products, exact with zeros where dividing the product would not be.
    static func productOfOthers(_ x: NDArray, dims: [Int]) throws -> NDArray {
        let kept = (0..<x.rank).filter { !dims.contains($0) }
        let order = kept + dims.sorted()
        let lane = dims.reduce(1) { $0 * x.shape[$1] }
        let rows = try x.permute(order).contiguousCopy().reshape([-1, lane])
        var values = rows.scalars.map(\.doubleValue)
        for r in 0..<(lane == 0 ? 0 : values.count / lane) {
            let row = Array(values[(r * lane)..<((r + 1) * lane)])
            var prefix = 1.0
            for i in 0..<lane {
                var suffix = 1.0
                for j in (i + 1)..<lane { suffix *= row[j] }
                values[r * lane + i] = prefix * suffix
                prefix *= row[i]
            }
        }
        let permutedShape = order.map { x.shape[$0] }
        let products = NDArray(values: values.map { .double($0) }, shape: permutedShape, dtype: x.dtype)
        var inverse = [Int](repeating: 0, count: order.count)
        for (i, d) in order.enumerated() { inverse[d] = i }
        return try products.permute(inverse).contiguousCopy()
    }

    /// Mirrors torch.max(input) / torch.min(input): MaxBackward1; ties share the gradient evenly.
    package func extremum(largest: Bool) throws -> Tensor {
        let result = try data.extremum(largest: largest)
        guard result.dtype.isFloatingPoint else { return Tensor(result) }
        return Tensor.make(largest ? "MaxBackward1" : "MinBackward1", [self], result,
                           save: [SavedArray(self)], savedNames: ["_saved_self"], saveOutput: true,
                           rule: "grad_self = grad * (self == result) / (self == result).sum()") { ctx in
            let x = ctx.saved[0], value = ctx.saved[1]
            let bothNaN = try (try x.compared(.ne, x)).and(try value.compared(.ne, value))
            let mask = (try (try x.compared(.eq, value)).or(bothNaN)).to(x.dtype)
            return [try mask * (try (try ctx.grad()) / (try mask.sum()))]
        }
    }

    /// Mirrors torch.max(input, dim, keepdim): (values, indices); MaxBackward0 sends the
    /// gradient to the returned index.
    package func extremum(largest: Bool, dim: Int, keepdim: Bool) throws -> (values: Tensor, indices: Tensor) {
        let (values, indices) = try data.extremum(largest: largest, dim: dim, keepdim: keepdim)
        let indicesTensor = Tensor(indices)
        guard values.dtype.isFloatingPoint else { return (Tensor(values), indicesTensor) }
        let d = try data.normalizedDim(dim), shape = self.shape
        let out = Tensor.make(largest ? "MaxBackward0" : "MinBackward0", [self], values, save: [SavedArray(indices)], savedNames: ["_saved_indices"],
                                attributes: [("_saved_dim", .int(dim)), ("_saved_keepdim", .bool(keepdim)), ("_saved_self_sym_sizes", .ints(shape))],
                                rule: keepdim ? "grad_self = zeros(self.sizes()).scatter(dim, indices, grad)"
                                              : "grad_self = zeros(self.sizes()).scatter(dim, indices.unsqueeze(dim), grad.unsqueeze(dim))") { ctx in
            [try Tensor.scatterIntoZeros(try ctx.grad(), indices: ctx.saved[0].data, dim: d, keepdim: keepdim, shape: shape)]
        }
        return (out, indicesTensor)
    }

    /// Mirrors torch.argmax / argmin (no gradient).
    package func argExtremum(largest: Bool, dim: Int?, keepdim: Bool) throws -> Tensor {
        Tensor(try data.argExtremum(largest: largest, dim: dim, keepdim: keepdim))
    }

    /// Mirrors torch.var / torch.std: VarBackward0 / StdBackward0.
    package func variance(dims: [Int]? = nil, correction: Double = 1, keepdim: Bool = false, takeRoot: Bool) throws -> Tensor {
        let result = try data.variance(dims: dims, correction: correction, keepdim: keepdim, takeRoot: takeRoot)
        let reduced = try reducedDims(dims), shape = self.shape, all = dims == nil
        let n = reduced.reduce(1) { $0 * shape[$1] }
        return Tensor.make(takeRoot ? "StdBackward0" : "VarBackward0", [self], result,
                           save: [SavedArray(self)], savedNames: ["_saved_self"], saveOutput: takeRoot,
                           attributes: [("_saved_correction", .number(.double(correction))), ("_saved_dim", .ints(dims ?? [])), ("_saved_keepdim", .bool(keepdim))],
                           rule: takeRoot
                               ? "grad_self = grad / (2 * result) * 2 * (self - self.mean(dim)) / (N - correction) (N = elements reduced)"
                               : "grad_self = grad * 2 * (self - self.mean(dim)) / (N - correction) (N = elements reduced)") { ctx in
            let x = ctx.saved[0]
            var g = try ctx.grad()
            if takeRoot { g = try g / (try ctx.saved[1] * 2.0) }
            let expandedGrad = try g.expanded(over: reduced, keepdim: keepdim || all, to: shape)
            let centered = try x - (try x.mean(dims: reduced, keepdim: true))
            return [try (try expandedGrad * centered) * (2.0 / max(0, Double(n) - correction))]
        }
    }

    /// Mirrors torch.norm / torch.linalg.vector_norm: LinalgVectorNormBackward0.
    package func norm(p: Double = 2, dims: [Int]? = nil, keepdim: Bool = false) throws -> Tensor {
        let result = try data.norm(p: p, dims: dims, keepdim: keepdim)
        let reduced = try reducedDims(dims), shape = self.shape, all = dims == nil
        let rule: String
        switch p {
        case 2: rule = "grad_self = grad * self / result (0 where result == 0)"
        case 1: rule = "grad_self = grad * self.sgn()"
        case .infinity, -.infinity: rule = "grad_self = grad * self.sgn() * (self.abs() == result) / (self.abs() == result).sum(dim)"
        default: rule = "grad_self = grad * self * self.abs().pow(ord - 2) / result.pow(ord - 1) (0 where result == 0)"
        }
        return Tensor.make("LinalgVectorNormBackward0", [self], result, save: [SavedArray(self)], savedNames: ["_saved_self"], saveOutput: true,
                           attributes: [("_saved_dim", .ints(dims ?? [])), ("_saved_keepdim", .bool(keepdim)), ("_saved_ord", .number(.double(p)))], rule: rule) { ctx in
            let x = ctx.saved[0]
            let g = try (try ctx.grad()).expanded(over: reduced, keepdim: keepdim || all, to: shape)
            let n = try ctx.saved[1].expanded(over: reduced, keepdim: keepdim || all, to: shape)
            switch p {
            case 2:
                return [try (try x * (try g / n)).kept(where: try n.compared(.ne, 0))]
            case 1:
                return [try g * (try x.unary(.sign))]
            case .infinity, -.infinity:
                let mask = (try (try x.unary(.abs)).compared(.eq, n)).to(x.dtype)
                let count = try (try mask.sum(dims: reduced, keepdim: true)).expand(shape)
                return [try (try (try g * (try x.unary(.sign))) * mask) / count]
            default:
                // d/dx (Σ|x|^p)^(1/p) = x |x|^(p-2) / n^(p-1)
                let absX = try x.unary(.abs)
                let scaled = try x * (try absX.pow(.scalar(.double(p - 2))))
                let denominator = try n.pow(.scalar(.double(p - 1)))
                return [try (try g * (try scaled / denominator)).kept(where: try n.compared(.ne, 0))]
            }
        }
    }

    /// Mirrors torch.any / torch.all (no gradient).
    package func anyAll(all: Bool, dims: [Int]? = nil, keepdim: Bool = false) throws -> Tensor {
        Tensor(try data.anyAll(all: all, dims: dims, keepdim: keepdim))
    }

    /// Mirrors torch.softmax / log_softmax along `dim`: SoftmaxBackward0 / LogSoftmaxBackward0.
    package func softmax(dim: Int, log: Bool, dtype requested: DType? = nil) throws -> Tensor {
        let result = try data.softmax(dim: dim, log: log, dtype: requested)
        let d = rank == 0 ? 0 : try data.normalizedDim(dim)
        return Tensor.make(log ? "LogSoftmaxBackward0" : "SoftmaxBackward0", [self], result, saveOutput: true,
                           attributes: [("_saved_dim", .int(dim))],
                           rule: log ? "grad_self = grad - result.exp() * grad.sum(dim, keepdim=True)"
                                     : "grad_self = (grad - (grad * result).sum(dim, keepdim=True)) * result") { ctx in
            let g = try ctx.grad(), y = ctx.saved[0]
            if y.rank == 0 { return [try g * 0.0] }
            if log {
                if !GradMode.isEnabled, d == y.rank - 1, let fused = NDArray.logSoftmaxBackward(g.data, y.data) {
                    return [Tensor(fused)]
                }
                return [try g - (try (try y.unary(.exp)) * (try g.sum(dims: [d], keepdim: true)))]
            }
            return [try (try g - (try (try g * y).sum(dims: [d], keepdim: true))) * y]
        }
    }
}

extension Tensor {
    /// Mirrors torch.amax / torch.amin(input, dim=(), keepdim=False): the extreme values over
    /// several dims (all when none); AmaxBackward0 / AminBackward0 share the gradient evenly
    /// among the elements that tie for the extreme.
    package func amax(dims requested: [Int], keepdim: Bool, largest: Bool) throws -> Tensor {
        let name = largest ? "amax" : "amin"
        guard count > 0 || !requested.isEmpty else {
            throw TensorError.index("\(name)(): Expected reduction dim to be specified for input.numel() == 0. Specify the reduction dim with the 'dim' argument.")
        }
        let dims = requested.isEmpty ? Array(0..<rank) : try requested.map { try data.normalizedDim($0) }
        guard Set(dims).count == dims.count else {
            throw TensorError.runtime("dim \(dims.first { d in dims.filter { $0 == d }.count > 1 }!) appears multiple times in the list of dims")
        }
        var reduced = data
        for d in dims.sorted(by: >) { reduced = try reduced.extremum(largest: largest, dim: d, keepdim: true).values }
        let result = keepdim ? reduced : try reduced.reshape(shape.enumerated().filter { !dims.contains($0.offset) }.map(\.element))
        guard result.dtype.isFloatingPoint else { return Tensor(result) }
        let shape = self.shape
        return Tensor.make(largest ? "AmaxBackward0" : "AminBackward0", [self], result, save: [SavedArray(self)],
                           savedNames: ["_saved_self"], saveOutput: true,
                           attributes: [("_saved_dim", .ints(requested)), ("_saved_keepdim", .bool(keepdim))],
                           rule: "grad_self = grad * (self == result) / (self == result).sum(dim) (ties share the gradient)") { ctx in
            let x = ctx.saved[0]
            let value = try ctx.saved[1].expanded(over: dims, keepdim: keepdim, to: shape)
            let mask = (try x.compared(.eq, value)).to(x.dtype)
            let count = try (try mask.sum(dims: dims, keepdim: true)).expand(shape)
            let g = try (try ctx.grad()).expanded(over: dims, keepdim: keepdim, to: shape)
            return [try (try g * mask) / count]
        }
    }
}
