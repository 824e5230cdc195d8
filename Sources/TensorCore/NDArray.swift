@_exported import TensorKernels

/// A strided n-dimensional array over shared storage: the tensor without autograd.
///
/// Mirrors the data part of torch.Tensor: shape, strides, storage offset and dtype.
/// Views share `storage` and see each other's in-place writes; there is no copy-on-write.
package struct NDArray {
    package private(set) var storage: Storage
    package let dtype: DType
    package private(set) var shape: [Int]
    /// Strides in elements, one per dimension.
    package private(set) var strides: [Int]
    /// Offset of the first element in elements.
    package private(set) var offset: Int

    package init(storage: Storage, dtype: DType, shape: [Int], strides: [Int], offset: Int) {
        self.storage = storage
        self.dtype = dtype
        self.shape = shape
        self.strides = strides
        self.offset = offset
    }

    /// A new contiguous array of zeros.
    package init(zeros shape: [Int], dtype: DType) {
        let count = shape.reduce(1, *)
        self.init(storage: Storage(byteCount: count * dtype.itemSize), dtype: dtype,
                  shape: shape, strides: NDArray.contiguousStrides(shape), offset: 0)
    }

    /// A new contiguous array whose every element the caller writes before reading.
    private static let vectorStrides = [1]

    package init(uninitialized shape: [Int], dtype: DType) {
        let count = shape.reduce(1, *)
        self.init(storage: Storage(uninitializedByteCount: count * dtype.itemSize), dtype: dtype,
                  shape: shape, strides: NDArray.contiguousStrides(shape), offset: 0)
    }

    package static func contiguousStrides(_ shape: [Int]) -> [Int] {
        // Vectors and scalars share one array each instead of allocating.
        if shape.count == 1 { return vectorStrides }
        if shape.isEmpty { return [] }
        var strides = [Int](repeating: 1, count: shape.count)
        var running = 1
        for d in stride(from: shape.count - 1, through: 0, by: -1) {
            strides[d] = running
            running *= max(shape[d], 1)
        }
        return strides
    }

    package var rank: Int { shape.count }
    package var count: Int { shape.reduce(1, *) }

    /// The element count of `shape`, or PyTorch's error when it does not fit in 64 bits
    /// (every way of making a shape checks it, so `count` never overflows).
    @discardableResult
    package static func checkedCount(_ shape: [Int]) throws -> Int {
        var n = 1
        for s in shape {
            let (product, overflow) = n.multipliedReportingOverflow(by: s)
            if overflow { throw TensorError.runtime("numel: integer multiplication overflow") }
            n = product
        }
        return n
    }

    /// PyTorch's is_contiguous: row-major strides, ignoring dimensions of size 1.
    package var isContiguous: Bool {
        var expected = 1
        for d in stride(from: rank - 1, through: 0, by: -1) where shape[d] != 1 {
            if strides[d] != expected { return count == 0 }
            expected *= shape[d]
        }
        return true
    }

    /// The address of the first element.
    package var baseAddress: UnsafeMutableRawPointer { storage.bytes + offset * dtype.itemSize }

    package var operand: KernelOperand { KernelOperand(base: baseAddress, strides: strides) }

    /// This array's elements laid out under `shape` with broadcast (stride 0) dimensions.
    package func operand(broadcastTo target: [Int]) -> KernelOperand {
        KernelOperand(base: baseAddress, strides: broadcastStrides(to: target))
    }

    /// Makes a view sharing this storage; views are how every shape op avoids copying.
    package func view(shape: [Int], strides: [Int], offset: Int) -> NDArray {
        NDArray(storage: storage, dtype: dtype, shape: shape, strides: strides, offset: offset)
    }

    /// Marks an in-place write, for autograd's saved-tensor checks.
    package func bumpVersion() { storage.version += 1 }

    /// Whether this array is the only one using its storage, and covers it from the start
    /// in order: a buffer that can change hands without a copy (AccumulateGrad's steal).
    package mutating func ownsItsStorage() -> Bool {
        offset == 0 && isContiguous && isKnownUniquelyReferenced(&storage)
    }

    /// Normalises a possibly negative dimension index, throwing PyTorch's IndexError.
    package func normalizedDim(_ dim: Int) throws -> Int {
        try NDArray.normalizeDim(dim, rank: rank)
    }

    package static func normalizeDim(_ dim: Int, rank: Int) throws -> Int {
        let r = max(rank, 1)
        guard dim >= -r, dim < r else { throw TensorError.index(Messages.dimOutOfRange(dim, rank: rank)) }
        return dim < 0 ? dim + r : dim
    }
}
