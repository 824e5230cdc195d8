/// PyTorch's broadcasting: shapes align from the right; a dimension of size 1 stretches.
package enum Broadcasting {
    package static func shape(_ a: [Int], _ b: [Int]) throws -> [Int] {
        if a == b { return a }
        let rank = max(a.count, b.count)
        var result = [Int](repeating: 1, count: rank)
        for i in 0..<rank {
            let da = i < rank - a.count ? 1 : a[i - (rank - a.count)]
            let db = i < rank - b.count ? 1 : b[i - (rank - b.count)]
            if da == db || db == 1 {
                result[i] = da
            } else if da == 1 {
                result[i] = db
            } else {
                throw TensorError.runtime(Messages.broadcastMismatch(da, db, dim: i))
            }
        }
        return result
    }

    package static func shape(_ shapes: [[Int]]) throws -> [Int] {
        try shapes.dropFirst().reduce(shapes.first ?? []) { try shape($0, $1) }
    }
}

extension NDArray {
    /// Strides that lay this array out under `target` (stride 0 along stretched dimensions).
    /// The caller has checked that the shapes broadcast.
    package func broadcastStrides(to target: [Int]) -> [Int] {
        if shape == target { return strides }
        let lead = target.count - rank
        var result = [Int](repeating: 0, count: target.count)
        for d in 0..<rank where shape[d] != 1 || target[lead + d] == 1 {
            result[lead + d] = shape[d] == 1 ? 0 : strides[d]
        }
        return result
    }
}
