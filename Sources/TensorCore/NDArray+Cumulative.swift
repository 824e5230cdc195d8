/// Scans along one dimension (cumsum, cumprod), flip, and the floating-point predicates
/// (isnan, isinf, isfinite, ...) with nan_to_num.
extension NDArray {
    /// Runs `body` over each lane of `dim` (the lane's values in order) and writes the lane
    /// it returns into a result of the same shape and `dtype`.
    private func mapLanes(dim: Int, dtype: DType, _ body: ([Scalar]) -> [Scalar]) throws -> NDArray {
        if rank == 0 { return NDArray(values: body([scalar(at: [])]), shape: [], dtype: dtype) }
        let d = try normalizedDim(dim)
        let last = rank - 1
        let moved = try transpose(d, last).contiguousCopy()
        let lane = shape[d]
        let flat = moved.scalars
        var out: [Scalar] = []
        out.reserveCapacity(flat.count)
        var start = 0
        while start < flat.count {
            out += body(Array(flat[start..<(start + lane)]))
            start += lane
        }
        return try NDArray(values: out, shape: moved.shape, dtype: dtype).transpose(d, last).contiguousCopy()
    }

    /// The dtype of a running sum or product: integers and bool widen to int64, as in PyTorch.
    private var scanType: DType { dtype.isFloatingPoint ? dtype : .int64 }

    /// Mirrors torch.cumsum(input, dim): float lanes accumulate in double, as PyTorch's CPU
    /// kernel does, and each prefix is rounded to the dtype.
    package func cumsum(dim: Int) throws -> NDArray {
        let type = scanType
        return try mapLanes(dim: dim, dtype: type) { lane in
            if type.isFloatingPoint {
                var total = 0.0
                return lane.map { total += $0.doubleValue; return .double(total) }
            }
            var total: Int64 = 0
            return lane.map { total &+= $0.int64Value; return .int(total) }
        }
    }

    /// Mirrors torch.cumprod(input, dim).
    package func cumprod(dim: Int) throws -> NDArray {
        let type = scanType
        return try mapLanes(dim: dim, dtype: type) { lane in
            if type.isFloatingPoint {
                var total = 1.0
                return lane.map { total *= $0.doubleValue; return .double(total) }
            }
            var total: Int64 = 1
            return lane.map { total &*= $0.int64Value; return .int(total) }
        }
    }

    /// Mirrors torch.flip(input, dims) for one dimension: a reversed copy.
    package func flip(dim: Int) throws -> NDArray {
        try mapLanes(dim: dim, dtype: dtype) { $0.reversed() }
    }

    /// A floating-point predicate element-wise (false everywhere for integers and bool,
    /// except `integersAnswer`).
    private func predicate(integersAnswer: Bool, _ test: (Double) -> Bool) -> NDArray {
        let source = contiguousCopy().scalars
        let values: [Scalar] = dtype.isFloatingPoint ? source.map { .bool(test($0.doubleValue)) }
                                                     : source.map { _ in .bool(integersAnswer) }
        return NDArray(values: values, shape: shape, dtype: .bool)
    }

    /// Mirrors torch.isnan / isinf / isposinf / isneginf / isfinite.
    package func isNaN() -> NDArray { predicate(integersAnswer: false) { $0.isNaN } }
    package func isInfinite() -> NDArray { predicate(integersAnswer: false) { $0.isInfinite } }
    package func isPositiveInfinity() -> NDArray { predicate(integersAnswer: false) { $0 == .infinity } }
    package func isNegativeInfinity() -> NDArray { predicate(integersAnswer: false) { $0 == -.infinity } }
    package func isFinite() -> NDArray { predicate(integersAnswer: true) { $0.isFinite } }

    /// Mirrors torch.nan_to_num(input, nan=0.0, posinf=None, neginf=None): infinities become
    /// the dtype's largest and lowest finite values unless given.
    package func nanToNum(nan: Double = 0, posinf: Double? = nil, neginf: Double? = nil) -> NDArray {
        guard dtype.isFloatingPoint else { return contiguousCopy() }
        let largest = dtype == .float32 ? Double(Float.greatestFiniteMagnitude) : Double.greatestFiniteMagnitude
        let values: [Scalar] = contiguousCopy().scalars.map { s in
            let v = s.doubleValue
            if v.isNaN { return .double(nan) }
            if v == .infinity { return .double(posinf ?? largest) }
            if v == -.infinity { return .double(neginf ?? -largest) }
            return s
        }
        return NDArray(values: values, shape: shape, dtype: dtype)
    }
}
