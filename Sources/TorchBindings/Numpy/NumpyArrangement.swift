import Autograd
import Interpreter

/// numpy's functions that order, repeat or pick elements: sort/argsort (stable, NaN last),
/// unique, nonzero, repeat, tile, flip, diff, outer, expand_dims, and the logical functions.
enum NumpyArrangement {
    /// The positions of each row along `axis` in sorted order, with the array moved so that
    /// `axis` is last (rows are contiguous).
    private static func sortedRows(_ a: NDArray, axis: Int) throws -> (moved: NDArray, order: [Int], rowLength: Int, back: [Int]) {
        let rank = a.rank
        var perm = Array(0..<rank)
        perm.remove(at: axis)
        perm.append(axis)
        let moved = try a.permute(perm).contiguousCopy()
        let values = moved.scalars
        let n = a.shape[axis]
        var order: [Int] = []
        order.reserveCapacity(values.count)
        let less: (Scalar, Scalar) -> Bool = a.dtype.isFloatingPoint
            ? { x, y in let u = x.doubleValue, v = y.doubleValue; return v.isNaN ? !u.isNaN : u < v }
            : { $0.int64Value < $1.int64Value }
        for start in stride(from: 0, to: values.count, by: max(n, 1)) {
            let row = Array(start..<start + n)
            // Swift's sort is not stable; ties fall back to position, which makes it so.
            order += row.sorted { less(values[$0], values[$1]) || (!less(values[$1], values[$0]) && $0 < $1) }.map { $0 - start }
        }
        var back = [Int](repeating: 0, count: rank)
        for (k, p) in perm.enumerated() { back[p] = k }
        return (moved, order, n, back)
    }

    static func sort(_ a: NDArray, axis: Int?) throws -> NDArray {
        guard let axis else { return try sort(try a.contiguousCopy().reshape([a.count]), axis: 0) }
        guard a.rank > 0 else { return a.contiguousCopy() }
        let (moved, order, n, back) = try sortedRows(a, axis: axis)
        let values = moved.scalars
        let sorted = order.enumerated().map { k, j in values[(k / max(n, 1)) * n + j] }
        return try NDArray(values: sorted, shape: moved.shape, dtype: a.dtype).permute(back).contiguousCopy()
    }

    static func argsort(_ a: NDArray, axis: Int?) throws -> NDArray {
        guard let axis else { return try argsort(try a.contiguousCopy().reshape([a.count]), axis: 0) }
        guard a.rank > 0 else { return NDArray(values: [.int(0)], shape: [], dtype: .int64) }
        let (moved, order, _, back) = try sortedRows(a, axis: axis)
        return try NDArray(values: order.map { .int(Int64($0)) }, shape: moved.shape, dtype: .int64).permute(back).contiguousCopy()
    }

    static func unique(_ a: NDArray) throws -> NDArray {
        let sorted = try sort(a, axis: nil).scalars
        var kept: [Scalar] = []
        for v in sorted where kept.last.map({ a.dtype.isFloatingPoint ? $0.doubleValue != v.doubleValue : $0.int64Value != v.int64Value }) ?? true {
            kept.append(v)
        }
        return NDArray(values: kept, shape: [kept.count], dtype: a.dtype)
    }

    /// `np.nonzero(a)`: one index array per dimension.
    static func nonzero(_ a: NDArray) throws -> Value {
        let mask = a.rank == 0 ? try a.reshape([1]) : a
        let found = mask.nonzero()
        return .tuple(try (0..<mask.rank).map { NumpyArrayObject.wrap(try found.select(dim: 1, index: $0).contiguousCopy()) })
    }

    /// `np.repeat(a, repeats, axis=None)` with one repeat count for every element.
    static func repeatElements(_ a: NDArray, _ repeats: Int, axis: Int?) throws -> NDArray {
        guard repeats >= 0 else { throw PyError.value("repeats may not contain negative values.") }
        guard let axis else { return try repeatElements(try a.contiguousCopy().reshape([a.count]), repeats, axis: 0) }
        var shape = a.shape
        shape.insert(repeats, at: axis + 1)
        try NumpyConvert.checkAllocation(shape, dtype: a.dtype)
        let expanded = try a.unsqueeze(axis + 1).expand(shape).contiguousCopy()
        var merged = a.shape
        merged[axis] *= repeats
        return try expanded.reshape(merged)
    }

    /// `np.tile(a, reps)` for one count or a tuple of counts.
    static func tile(_ a: NDArray, _ reps: [Int]) throws -> NDArray {
        guard reps.allSatisfy({ $0 >= 0 }) else { throw PyError.value("negative dimensions are not allowed") }
        let rank = max(a.rank, reps.count)
        let base = try a.reshape(Array(repeating: 1, count: rank - a.rank) + a.shape)
        let counts = Array(repeating: 1, count: rank - reps.count) + reps
        var result = base.contiguousCopy()
        for d in 0..<rank where counts[d] != 1 {
            var grown = result.shape
            let (size, overflow) = grown[d].multipliedReportingOverflow(by: counts[d])
            guard !overflow else { throw PyError.value("array is too big; `arr.size * arr.dtype.itemsize` is larger than the maximum possible size.") }
            grown[d] = size
            try NumpyConvert.checkAllocation(grown, dtype: a.dtype)
            if result.count == 0 || counts[d] == 0 {
                result = NDArray(zeros: grown, dtype: a.dtype)
                continue
            }
            result = try NDArray.cat(Array(repeating: result, count: counts[d]), dim: d)
        }
        return result
    }

    /// `np.diff(a, n=1, axis=-1)`.
    static func diff(_ a: NDArray, n: Int, axis: Int) throws -> NDArray {
        guard n >= 0 else { throw PyError.value("order must be non-negative but got \(n)") }
        var r = a
        for _ in 0..<n {
            let len = r.shape[axis]
            guard len > 0 else { break }
            let later = try r.slice(dim: axis, start: 1, stop: nil), earlier = try r.slice(dim: axis, start: 0, stop: len - 1)
            r = r.dtype == .bool ? try NDArray.logical(.logicalXor, .array(later), .array(earlier))
                : try NDArray.binary(.sub, .array(later), .array(earlier))
        }
        return r.contiguousCopy()
    }

    static func logical(_ name: String, _ a: NDArray, _ b: NDArray?) throws -> NDArray {
        let x = a.to(.bool)
        guard let b else { return try x.unary(.logicalNot) }
        let op: BinaryOp = name == "logical_and" ? .logicalAnd : (name == "logical_or" ? .logicalOr : .logicalXor)
        return try NDArray.logical(op, .array(x), .array(b.to(.bool)))
    }
}
