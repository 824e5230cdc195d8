import Autograd
import Interpreter

extension OpDeclarations {
    /// unique, bincount and nonzero: counting and finding elements, outside the graph
    /// (PyTorch gives no gradient through them).
    static let counting: [OpDeclaration] = [
        OpDeclaration("bincount", "input, weights=None, minlength=0",
                      summary: "How many times each value 0, 1, 2, ... occurs in a 1-D tensor of non-negative ints (or the sum of their weights).",
                      example: "bincount(tensor([0, 2, 2]))") { t, b, i in
            guard !t.dtype.isFloatingPoint && t.dtype != .bool else {
                throw PyError("NotImplementedError", "\"bincount_cpu\" not implemented for '\(t.dtype.scalarTypeName)'")
            }
            let values = t.data.contiguousCopy().scalars.map(\.int64Value)
            guard t.rank == 1, !values.contains(where: { $0 < 0 }) else {
                throw PyError.runtime("bincount only supports 1-d non-negative integral inputs.")
            }
            let minlength = try Convert.int(b["minlength"], i) ?? 0
            guard minlength >= 0 else { throw PyError.runtime("minlength should be >= 0") }
            let weights = try b["weights"].map { try Convert.requireTensor($0, "bincount", "weights", i) }
            if let weights, weights.shape != t.shape {
                throw PyError.runtime("weights should be 1-d and have the same length as input")
            }
            let length = max(Int(values.max() ?? -1) + 1, minlength)
            if length > Interpreter.memoryLimit / 8 { throw PyError("MemoryError", "") }
            var counts = [Double](repeating: 0, count: length)
            let w = weights?.data.contiguousCopy().scalars.map(\.doubleValue)
            for (k, v) in values.enumerated() { counts[Int(v)] += w?[k] ?? 1 }
            let dtype: DType = weights.map { $0.dtype.isFloatingPoint ? $0.dtype : .float64 } ?? .int64
            return TensorMethods.wrap(Tensor(NDArray(values: counts.map { dtype == .int64 ? .int(Int64($0)) : .double($0) }, shape: [length], dtype: dtype)))
        },
        OpDeclaration("nonzero", "input, *, out=None, as_tuple=False",
                      summary: "The indices of the non-zero elements: one row per element (or one tensor per dim with as_tuple=True).",
                      example: "tensor([0, 3, 0, 4]).nonzero()") { t, b, i in
            if b["out"] != nil { throw PyError("NotImplementedError", "nonzero(out=...) is not supported by tsh yet") }
            let flags = t.data.contiguousCopy().scalars.map { $0.doubleValue != 0 || $0.doubleValue.isNaN }
            let shape = t.shape
            var rows: [[Int64]] = []
            for (k, on) in flags.enumerated() where on {
                var index = [Int64](repeating: 0, count: shape.count), rest = k
                for d in stride(from: shape.count - 1, through: 0, by: -1) {
                    index[d] = Int64(rest % shape[d])
                    rest /= shape[d]
                }
                rows.append(index)
            }
            let rank = max(shape.count, t.rank == 0 ? 1 : 0)
            if try Convert.bool(b["as_tuple"], i) == true {
                let dims = max(shape.count, 1)
                return .tuple((0..<dims).map { d in
                    TensorMethods.wrap(Tensor(NDArray(values: rows.map { .int(shape.isEmpty ? 0 : $0[d]) }, shape: [rows.count], dtype: .int64)))
                })
            }
            // A 0-d tensor gives rows of no indices: [1, 0] if non-zero, [0, 0] if zero.
            let width = shape.isEmpty ? 0 : rank
            return TensorMethods.wrap(Tensor(NDArray(values: rows.flatMap { $0.map { Scalar.int($0) } }, shape: [rows.count, width], dtype: .int64)))
        },
        OpDeclaration("unique", "input, sorted=True, return_inverse=False, return_counts=False, dim=None",
                      summary: "The distinct elements, sorted (with inverse indices and counts if asked).",
                      example: "unique(tensor([3, 1, 3, 2]))") { t, b, i in
            _ = b["sorted"]  // CPU unique always sorts, as PyTorch's does
            if b["dim"] != nil { throw PyError("NotImplementedError", "unique(dim=...) is not supported by tsh yet") }
            let values = t.data.contiguousCopy().scalars
            // Integers compare exactly; floats by value (every NaN is its own element, last).
            let keys: [Double] = values.map { $0.doubleValue }
            let order = values.indices.sorted { a, c in
                if case .int(let x) = values[a], case .int(let y) = values[c] { return x < y }
                if keys[a].isNaN { return false }
                if keys[c].isNaN { return true }
                return keys[a] < keys[c]
            }
            var distinct: [Scalar] = [], counts: [Int64] = [], inverse = [Int64](repeating: 0, count: values.count)
            for k in order {
                let v = values[k]
                if let last = distinct.last, last == v, !keys[k].isNaN {
                    counts[counts.count - 1] += 1
                } else {
                    distinct.append(v)
                    counts.append(1)
                }
                inverse[k] = Int64(distinct.count - 1)
            }
            let result = TensorMethods.wrap(Tensor(NDArray(values: distinct, shape: [distinct.count], dtype: t.dtype)))
            let withInverse = try Convert.bool(b["return_inverse"], i) == true
            let withCounts = try Convert.bool(b["return_counts"], i) == true
            guard withInverse || withCounts else { return result }
            var parts = [result]
            if withInverse { parts.append(TensorMethods.wrap(Tensor(NDArray(values: inverse.map { .int($0) }, shape: t.shape, dtype: .int64)))) }
            if withCounts { parts.append(TensorMethods.wrap(Tensor(NDArray(values: counts.map { .int($0) }, shape: [counts.count], dtype: .int64)))) }
            return .tuple(parts)
        },
    ]
}
