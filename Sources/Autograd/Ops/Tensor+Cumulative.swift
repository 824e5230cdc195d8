/// Scans with autograd (CumsumBackward0, CumprodBackward0), flip (FlipBackward0),
/// nan_to_num (NanToNumBackward0) and the predicates, which give bool tensors outside the graph.
extension Tensor {
    /// Mirrors torch.cumsum(input, dim, dtype=None): the gradient is the reversed
    /// cumulative sum of the incoming gradient.
    package func cumsum(dim: Int, dtype requested: DType? = nil) throws -> Tensor {
        let source = requested.map { to($0) } ?? self
        let result = try source.data.cumsum(dim: dim)
        guard result.dtype.isFloatingPoint else { return Tensor(result) }
        return Tensor.make("CumsumBackward0", [source], result, attributes: [("_saved_dim", .int(dim))],
                           rule: "grad_self = grad.flip(dim).cumsum(dim).flip(dim)") { ctx in
            [try (try (try ctx.grad()).flip(dim: dim)).cumsum(dim: dim).flip(dim: dim)]
        }
    }

    /// Mirrors torch.cumprod(input, dim): with no zeros in self, the reversed cumulative sum
    /// of grad * result divided by self; with zeros, the products of the other elements.
    package func cumprod(dim: Int, dtype requested: DType? = nil) throws -> Tensor {
        let source = requested.map { to($0) } ?? self
        let result = try source.data.cumprod(dim: dim)
        guard result.dtype.isFloatingPoint else { return Tensor(result) }
        return Tensor.make("CumprodBackward0", [source], result, save: [SavedArray(source)], savedNames: ["_saved_self"],
                           saveOutput: true, attributes: [("_saved_dim", .int(dim))],
                           rule: "grad_self = (grad * result).flip(dim).cumsum(dim).flip(dim) / self (the products of the other elements where self has a zero)") { ctx in
            let x = ctx.saved[0], out = ctx.saved[1], g = try ctx.grad()
            if try !(x.data.compared(.eq, 0).anyAll(all: false).scalars[0].boolValue) {
                return [try (try (try (try g * out).flip(dim: dim)).cumsum(dim: dim).flip(dim: dim)) / x]
            }
            if GradMode.isEnabled && (x.requiresGrad || g.requiresGrad) {
                throw TensorError.notImplemented("create_graph through cumprod of a tensor with zeros is not supported by tsh yet")
            }
            return [Tensor(try Tensor.cumprodGradientWithZeros(x.data, g.data, dim: dim))]
        }
    }

    /// d/dx_i of Σ_k g_k Π_{j≤k} x_j, lane by lane: Σ_{k≥i} g_k Π_{j≤k, j≠i} x_j (exact with zeros).
    static func cumprodGradientWithZeros(_ x: NDArray, _ g: NDArray, dim: Int) throws -> NDArray {
        if x.rank == 0 { return g.contiguousCopy() }
        let d = try x.normalizedDim(dim), last = x.rank - 1
        let xs = try x.transpose(d, last).contiguousCopy(), gs = try g.to(x.dtype).expand(x.shape).transpose(d, last).contiguousCopy()
        let lane = x.shape[d]
        let xv = xs.scalars.map(\.doubleValue), gv = gs.scalars.map(\.doubleValue)
        var out = [Scalar](repeating: .double(0), count: xv.count)
        var start = 0
        while start < xv.count {
            for i in 0..<lane {
                var total = 0.0, prefix = 1.0
                for j in 0..<i { prefix *= xv[start + j] }
                var running = prefix
                for k in i..<lane {
                    if k > i { running *= xv[start + k] }
                    total += gv[start + k] * running
                }
                out[start + i] = .double(total)
            }
            start += lane
        }
        return try NDArray(values: out, shape: xs.shape, dtype: x.dtype).transpose(d, last).contiguousCopy()
    }

    /// Mirrors torch.flip(input, dims): FlipBackward0 flips the gradient back.
    package func flip(dims: [Int]) throws -> Tensor {
        let normalized = try dims.map { rank == 0 ? try NDArray.normalizeDim($0, rank: 1) : try data.normalizedDim($0) }
        if let repeated = normalized.first(where: { d in normalized.filter { $0 == d }.count > 1 }) {
            throw TensorError.runtime("dim \(repeated) appears multiple times in the list of dims")
        }
        var result = data
        for d in dims { result = try result.flip(dim: d) }
        return Tensor.make("FlipBackward0", [self], result, attributes: [("_saved_dims", .ints(dims))],
                           rule: "grad_self = grad.flip(dims)") { ctx in [try (try ctx.grad()).flip(dims: dims)] }
    }

    func flip(dim: Int) throws -> Tensor { try flip(dims: [dim]) }

    /// Mirrors torch.nan_to_num: NanToNumBackward0 passes the gradient where self is finite.
    package func nanToNum(nan: Double? = nil, posinf: Double? = nil, neginf: Double? = nil) throws -> Tensor {
        let result = data.nanToNum(nan: nan ?? 0, posinf: posinf, neginf: neginf)
        guard dtype.isFloatingPoint else { return Tensor(result) }
        return Tensor.make("NanToNumBackward0", [self], result, save: [SavedArray(self)], savedNames: ["_saved_self"],
                           rule: "grad_self = grad * self.isfinite()") { ctx in
            [try (try ctx.grad()).kept(where: Tensor(ctx.saved[0].data.isFinite()))]
        }
    }
}
