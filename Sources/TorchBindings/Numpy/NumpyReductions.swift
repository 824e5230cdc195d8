import Autograd
import Foundation
import Interpreter

/// numpy's reductions in numpy's order of arithmetic: a float sum over a run of elements
/// that numpy's inner loop sees at once (all of them, or the trailing axes) is numpy's
/// pairwise sum (8 accumulators, blocks of 128); other reductions add in index order.
/// mean, var and std are numpy's formulas over those sums (var: ddof=0 by default).
enum NumpyReductions {
    /// numpy's `pairwise_sum` (numpy/_core/src/umath/loops_utils.h.src).
    static func pairwise<T: BinaryFloatingPoint>(_ p: UnsafePointer<T>, _ n: Int) -> T {
        if n < 8 {
            var res: T = 0
            for i in 0..<n { res += p[i] }
            return res
        }
        if n <= 128 {
            var r = (p[0], p[1], p[2], p[3], p[4], p[5], p[6], p[7])
            var i = 8
            while i < n - n % 8 {
                r.0 += p[i]; r.1 += p[i + 1]; r.2 += p[i + 2]; r.3 += p[i + 3]
                r.4 += p[i + 4]; r.5 += p[i + 5]; r.6 += p[i + 6]; r.7 += p[i + 7]
                i += 8
            }
            var res = ((r.0 + r.1) + (r.2 + r.3)) + ((r.4 + r.5) + (r.6 + r.7))
            while i < n { res += p[i]; i += 1 }
            return res
        }
        var n2 = n / 2
        n2 -= n2 % 8
        return pairwise(p, n2) + pairwise(p + n2, n - n2)
    }

    /// The dtype `sum` gives without `dtype=`: small integers and bools widen to int64.
    static func sumType(_ d: DType) -> DType { d.isFloatingPoint ? d : .int64 }

    /// `np.sum(a, axis, dtype, keepdims)`.
    static func sum(_ a: NDArray, axes: [Int]?, keepdims: Bool, dtype requested: DType? = nil) throws -> NDArray {
        let type = requested ?? sumType(a.dtype)
        let reduced = axes.map { Array(Set($0)).sorted() } ?? Array(0..<a.rank)
        let kept = (0..<a.rank).filter { !reduced.contains($0) }
        // Without axis numpy walks the array in memory order; with one, kept axes outside.
        let order = axes == nil ? (0..<a.rank).sorted { abs(a.strides[$0]) > abs(a.strides[$1]) } : kept + reduced
        let computeType: DType = type == .float64 ? .float64 : (type.isFloatingPoint ? .float32 : .int64)
        let x = try a.to(computeType).permute(order).contiguousCopy()
        let outer = kept.reduce(1) { $0 * a.shape[$1] }
        let inner = reduced.reduce(1) { $0 * a.shape[$1] }
        let pairwiseRun = axes == nil || reduced == Array((a.rank - reduced.count)..<a.rank)
        let out = NDArray(uninitialized: kept.map { a.shape[$0] }, dtype: computeType)
        func reduce<T: BinaryFloatingPoint>(_: T.Type) {
            let p = x.baseAddress.assumingMemoryBound(to: T.self), o = out.baseAddress.assumingMemoryBound(to: T.self)
            for k in 0..<outer {
                if pairwiseRun {
                    o[k] = pairwise(p + k * inner, inner)
                } else {
                    var s: T = 0
                    for j in 0..<inner { s += p[k * inner + j] }
                    o[k] = s
                }
            }
        }
        switch computeType {
        case .float64: reduce(Double.self)
        case .float32: reduce(Float.self)
        default:
            let p = x.baseAddress.assumingMemoryBound(to: Int64.self), o = out.baseAddress.assumingMemoryBound(to: Int64.self)
            for k in 0..<outer {
                var s: Int64 = 0
                for j in 0..<inner { s &+= p[k * inner + j] }
                o[k] = s
            }
        }
        return try shaped(out.to(type), a, reduced, keepdims)
    }

    /// The result with the reduced axes kept as size 1 when asked.
    static func shaped(_ r: NDArray, _ a: NDArray, _ reduced: [Int], _ keepdims: Bool) throws -> NDArray {
        guard keepdims else { return r }
        return try r.reshape((0..<a.rank).map { reduced.contains($0) ? 1 : a.shape[$0] })
    }

    static func count(_ a: NDArray, _ axes: [Int]?) -> Int {
        (axes.map { Array(Set($0)) } ?? Array(0..<a.rank)).reduce(1) { $0 * a.shape[$1] }
    }

    /// The float type mean/var/std compute in: float64 for integers and bools.
    static func meanType(_ d: DType) -> DType { d.isFloatingPoint ? d : .float64 }

    /// `np.mean`: the sum divided by the count, in the result dtype.
    static func mean(_ a: NDArray, axes: [Int]?, keepdims: Bool, dtype: DType? = nil) throws -> NDArray {
        let type = dtype ?? meanType(a.dtype)
        let s = try sum(a, axes: axes, keepdims: keepdims, dtype: type)
        return try NDArray.binary(.div, .array(s), .array(NDArray(values: [.int(Int64(count(a, axes)))], shape: [], dtype: type)))
    }

    /// `np.var` / `np.std` as numpy's `_var`: mean, squared deviations, their sum / (n - ddof).
    static func variance(_ a: NDArray, axes: [Int]?, ddof: Double, keepdims: Bool, root: Bool) throws -> NDArray {
        let type = meanType(a.dtype)
        let n = Double(count(a, axes))
        let typed = { (v: Double) in NDArray(values: [.double(v)], shape: [], dtype: type) }
        let mean = try NDArray.binary(.div, .array(try sum(a, axes: axes, keepdims: true, dtype: type)), .array(typed(n)))
        let deviations = try NDArray.binary(.sub, .array(a.to(type)), .array(mean))
        let squares = try NDArray.binary(.mul, .array(deviations), .array(deviations))
        let v = try NDArray.binary(.div, .array(try sum(squares, axes: axes, keepdims: keepdims, dtype: type)), .array(typed(max(n - ddof, 0))))
        return root ? try v.unary(.sqrt) : v
    }

    /// `np.max` / `np.min`.
    static func extremum(_ a: NDArray, largest: Bool, axes: [Int]?, keepdims: Bool) throws -> NDArray {
        guard a.count > 0 else {
            throw PyError.value("zero-size array to reduction operation \(largest ? "maximum" : "minimum") which has no identity")
        }
        guard let axes, axes.count < a.rank || a.rank <= 1 else {
            return try shaped(try a.extremum(largest: largest), a, Array(0..<a.rank), keepdims)
        }
        var r = a
        for axis in axes.sorted(by: >) { r = try r.extremum(largest: largest, dim: axis, keepdim: true).values }
        return keepdims ? r : try r.reshape((0..<a.rank).filter { !axes.contains($0) }.map { a.shape[$0] })
    }

    /// `np.median`: the middle of the sorted values (the mean of the middle two).
    static func median(_ a: NDArray) throws -> NDArray {
        guard a.count > 0 else { return NDArray(values: [.double(.nan)], shape: [], dtype: .float64) }
        let type = meanType(a.dtype)
        let values = a.to(.float64).contiguousCopy().scalars.map(\.doubleValue).sorted()
        let n = values.count
        let result = n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2
        return NDArray(values: [.double(result)], shape: [], dtype: type)
    }

    /// `np.round(a, decimals)`: numpy scales, rounds half to even, and scales back.
    static func round(_ a: NDArray, decimals requested: Int) throws -> NDArray {
        // Past ±400 digits the scale is infinite or zero either way.
        let decimals = min(max(requested, -400), 400)
        guard a.dtype.isFloatingPoint else {
            guard decimals < 0 else { return a.contiguousCopy() }
            // 10**19 exceeds int64: every integer rounds to 0.
            guard decimals > -19 else { return try NDArray.full(a.shape, .int(0), dtype: a.dtype) }
            let f = NDArray(values: [.int(Int64(pow(10.0, Double(-decimals))))], shape: [], dtype: a.dtype)
            let scaled = try NDArray.binary(.div, .array(a.to(.float64)), .array(f.to(.float64))).unary(.round)
            return try NDArray.binary(.mul, .array(scaled.to(a.dtype)), .array(f))
        }
        if decimals == 0 { return try a.unary(.round) }
        let f = NDArray(values: [.double(pow(10.0, Double(Swift.abs(decimals))))], shape: [], dtype: a.dtype)
        let scaled = try NDArray.binary(decimals > 0 ? .mul : .div, .array(a), .array(f)).unary(.round)
        return try NDArray.binary(decimals > 0 ? .div : .mul, .array(scaled), .array(f))
    }
}

/// numpy's products: `dot`, `matmul` (`@`) and `linalg.norm`.
enum NumpyLinearAlgebra {
    static func matmul(_ a: NumpyConvert.Operand, _ b: NumpyConvert.Operand, _ interp: Interpreter) throws -> NDArray {
        let type = NumpyConvert.Operand.resultType([a, b])
        let x = a.materialized(as: type), y = b.materialized(as: type)
        guard x.rank > 0, y.rank > 0 else {
            throw PyError.value("matmul: Input operand \(x.rank == 0 ? 0 : 1) does not have enough dimensions (has 0, gufunc core with signature (n?,k),(k,m?)->(n?,m?) requires 1)")
        }
        let k1 = x.shape[x.rank - 1], k2 = y.rank == 1 ? y.shape[0] : y.shape[y.rank - 2]
        guard k1 == k2 else {
            throw PyError.value("matmul: Input operand 1 has a mismatch in its core dimension 0, with gufunc signature (n?,k),(k,m?)->(n?,m?) (size \(k2) is different from \(k1))")
        }
        return try NDArray.matmul(x, y)
    }

    static func dot(_ a: NumpyConvert.Operand, _ b: NumpyConvert.Operand, _ interp: Interpreter) throws -> NDArray {
        let type = NumpyConvert.Operand.resultType([a, b])
        let x = a.materialized(as: type), y = b.materialized(as: type)
        if x.rank == 0 || y.rank == 0 { return try NDArray.binary(.mul, .array(x), .array(y)) }
        guard x.rank <= 2 && y.rank <= 2 else { throw PyError("NotImplementedError", "numpy.dot of arrays with more than 2 dimensions is not supported by tsh yet") }
        let k1 = x.shape[x.rank - 1], k2 = y.shape[y.rank == 1 ? 0 : 0]
        guard k1 == k2 else {
            throw PyError.value("shapes \(NumpyUFuncs.shapeText(x.shape)) and \(NumpyUFuncs.shapeText(y.shape)) not aligned: \(k1) (dim \(x.rank - 1)) != \(k2) (dim 0)")
        }
        return try NDArray.matmul(x, y)
    }

    /// `np.linalg.norm(x, ord=None, axis=None)`: the 2-norm of the flattened array.
    static func norm(_ a: NDArray, axes: [Int]?, keepdims: Bool) throws -> NDArray {
        let x = a.dtype.isFloatingPoint ? a : a.to(.float64)
        if axes == nil && !keepdims {
            let flat = try x.contiguousCopy().reshape([x.count])
            return try NDArray.matmul(flat, flat).unary(.sqrt)
        }
        return try NumpyReductions.sum(try NDArray.binary(.mul, .array(x), .array(x)), axes: axes, keepdims: keepdims).unary(.sqrt)
    }
}
