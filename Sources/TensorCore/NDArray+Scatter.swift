/// gather / scatter / scatter_add along one dimension, with PyTorch's checks and messages.
/// For each position `p` of `index`: gather reads `self[p with p[dim] = index[p]]`;
/// scatter writes `source[p]` there (scatter_add adds it).
extension NDArray {
    /// Mirrors torch.gather(self, dim, index).
    package func gather(dim: Int, index: NDArray) throws -> NDArray {
        let d = try normalizedDimAllowingScalar(dim)
        try checkIndex(index, dim: d, name: "gather", other: nil)
        let out = NDArray(uninitialized: index.shape, dtype: dtype)
        try forEachIndexed(index, dim: d) { position, target in
            out.setScalar(scalar(at: target), at: position)
        }
        return out
    }

    /// How scatter combines a written value with what is there: scatter_'s `reduce`.
    package enum ScatterReduce: Sendable {
        case replace, add, multiply

        func combine(_ old: Scalar, _ new: Scalar, _ dtype: DType) -> Scalar {
            switch self {
            case .replace: return new
            case .add: return dtype.isFloatingPoint ? .double(old.doubleValue + new.doubleValue) : .int(old.int64Value &+ new.int64Value)
            case .multiply: return dtype.isFloatingPoint ? .double(old.doubleValue * new.doubleValue) : .int(old.int64Value &* new.int64Value)
            }
        }
    }

    /// Mirrors Tensor.scatter_(dim, index, src, reduce=) (`.add`: scatter_add_) in place.
    package func scatter(dim: Int, index: NDArray, source: NDArray, reduce: ScatterReduce = .replace) throws {
        let d = try normalizedDimAllowingScalar(dim)
        guard source.dtype == dtype else {
            throw TensorError.runtime("scatter\(reduce == .add ? "_add" : "")(): Expected self.dtype to be equal to src.dtype")
        }
        try checkIndex(index, dim: d, name: reduce == .add ? "scatter_add" : "scatter", other: source)
        try forEachIndexed(index, dim: d) { position, target in
            // A 0-d operand beside a one-element one: both are read at their only element.
            let sourcePosition = position.count == source.rank ? position : [Int](repeating: 0, count: source.rank)
            setScalar(reduce.combine(scalar(at: target), source.scalar(at: sourcePosition), dtype), at: target)
        }
    }

    /// Mirrors Tensor.scatter_(dim, index, value, reduce=) with a number.
    package func scatter(dim: Int, index: NDArray, value: Scalar, reduce: ScatterReduce = .replace) throws {
        let d = try normalizedDimAllowingScalar(dim)
        try checkIndex(index, dim: d, name: "scatter", other: nil)
        try forEachIndexed(index, dim: d) { _, target in setScalar(reduce.combine(scalar(at: target), value, dtype), at: target) }
    }

    private func normalizedDimAllowingScalar(_ dim: Int) throws -> Int {
        rank == 0 ? try NDArray.normalizeDim(dim, rank: 1) : try normalizedDim(dim)
    }

    /// PyTorch's gather/scatter shape rules: index is int64, of self's rank, no larger than
    /// self outside `dim` (and than src everywhere); every index in range.
    private func checkIndex(_ index: NDArray, dim: Int, name: String, other: NDArray?) throws {
        guard index.dtype == .int64 else { throw TensorError.runtime("\(name)(): Expected dtype int64 for index") }
        let selfRank = Swift.max(rank, 1), indexRank = Swift.max(index.rank, 1)
        guard index.count == 0 || indexRank == selfRank else {
            throw TensorError.runtime("Index tensor must have the same number of dimensions as \(other == nil ? "input" : "self") tensor")
        }
        if let other, index.count > 0, Swift.max(other.rank, 1) != indexRank {
            throw TensorError.runtime("Index tensor must have the same number of dimensions as src tensor")
        }
        let selfShape = rank == 0 ? [1] : shape, indexShape = index.rank == 0 ? [1] : index.shape
        for i in 0..<indexShape.count where index.count > 0 {
            if i != dim && indexShape[i] > selfShape[i] {
                throw TensorError.runtime(
                    "Size does not match at dimension \(i) expected index \(Messages.shape(indexShape)) to be \(other == nil ? "no larger" : "smaller") than self \(Messages.shape(selfShape)) apart from dimension \(dim)")
            }
            if let other {
                let otherShape = other.rank == 0 ? [1] : other.shape
                if indexShape[i] > otherShape[i] {
                    throw TensorError.runtime(
                        "Size does not match at dimension \(i) expected index \(Messages.shape(indexShape)) to be no larger than self \(Messages.shape(selfShape)) apart from dimension \(dim) and to be no larger size than src \(Messages.shape(otherShape))")
                }
            }
        }
        let size = selfShape[dim]
        for v in index.contiguousCopy().scalars.map(\.int64Value) where v < 0 || v >= Int64(size) {
            throw TensorError.runtime("index \(v) is out of bounds for dimension \(dim) with size \(size)")
        }
    }

    /// Calls `body(position in index, position in self)` for every element of `index`.
    private func forEachIndexed(_ index: NDArray, dim: Int, _ body: ([Int], [Int]) throws -> Void) throws {
        guard index.count > 0 else { return }
        if index.rank == 0 || rank == 0 {
            let i = Int(index.scalar(at: Array(repeating: 0, count: index.rank)).int64Value)
            try body(Array(repeating: 0, count: index.rank), rank == 0 ? [] : [i])
            return
        }
        var position = [Int](repeating: 0, count: index.rank)
        for _ in 0..<index.count {
            var target = position
            target[dim] = Int(index.scalar(at: position).int64Value)
            try body(position, target)
            var k = index.rank - 1
            while k >= 0 {
                position[k] += 1
                if position[k] < index.shape[k] { break }
                position[k] = 0
                k -= 1
            }
        }
    }
}
