/// Whole-tensor comparisons: torch.allclose and torch.equal.
extension NDArray {
    /// Mirrors torch.allclose: |a - b| <= atol + rtol * |b| everywhere (broadcasting).
    package static func allclose(_ a: NDArray, _ b: NDArray, rtol: Double = 1e-5, atol: Double = 1e-8,
                                 equalNaN: Bool = false) throws -> Bool {
        guard a.dtype == b.dtype else {
            throw TensorError.runtime("\(a.dtype.scalarTypeName) did not match \(b.dtype.scalarTypeName)")
        }
        let shape = try Broadcasting.shape(a.shape, b.shape)
        let x = try a.expand(shape).scalars, y = try b.expand(shape).scalars
        for (u, v) in zip(x, y) {
            let p = u.doubleValue, q = v.doubleValue
            if p.isNaN || q.isNaN {
                if !(equalNaN && p.isNaN && q.isNaN) { return false }
                continue
            }
            if p == q { continue }
            if !((p - q).magnitude <= atol + rtol * q.magnitude) { return false }
        }
        return true
    }

    /// Mirrors torch.equal: same shape and the same values.
    package static func equal(_ a: NDArray, _ b: NDArray) throws -> Bool {
        guard a.shape == b.shape else { return false }
        let same = try compare(.eq, .array(a), .array(b))
        return try same.anyAll(all: true).scalars[0].boolValue
    }
}
