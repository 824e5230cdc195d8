import Autograd
import Interpreter

extension OpDeclarations {
    /// unique: the distinct elements in ascending order, outside the graph (PyTorch gives no
    /// gradient through it), with the inverse indices and counts when asked.
    static let unique: [OpDeclaration] = [
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
