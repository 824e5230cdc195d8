import TensorCore
import TestSupport
import Testing

/// cat, stack, split and chunk.
struct JoiningTests {
    @Test func catAlongDimsAndPromotes() throws {
        let a = array([1, 2, 3, 4], [2, 2]), b = intArray([5, 6], [1, 2])
        let c = try NDArray.cat([a, b])
        #expect(c.dtype == .float32 && c.shape == [3, 2] && values(c) == [1, 2, 3, 4, 5, 6])
        let d = try NDArray.cat([a, a], dim: 1)
        #expect(d.shape == [2, 4] && values(d) == [1, 2, 1, 2, 3, 4, 3, 4])
        // Legacy rule: 1-D empty tensors are skipped.
        #expect(try NDArray.cat([a, try NDArray.zeros([0])]).shape == [2, 2])
        let bools = try NDArray.cat([boolArray([true]), boolArray([false])])
        #expect(bools.dtype == .bool)
    }

    @Test func catOfTransposedViews() throws {
        let a = try array([1, 2, 3, 4], [2, 2]).t()
        #expect(values(try NDArray.cat([a, a], dim: 0)) == [1, 3, 2, 4, 1, 3, 2, 4])
    }

    @Test func stackAddsADimension() throws {
        let x = array([1, 2]), y = array([3, 4])
        let s0 = try NDArray.stack([x, y])
        #expect(s0.shape == [2, 2] && values(s0) == [1, 2, 3, 4])
        let s1 = try NDArray.stack([x, y], dim: 1)
        #expect(s1.shape == [2, 2] && values(s1) == [1, 3, 2, 4])
        let s2 = try NDArray.stack([x, y], dim: -1)
        #expect(values(s2) == values(s1))
    }

    @Test func splitAndChunkAreViews() throws {
        let x = try NDArray.arange(end: .int(7))
        let parts = try x.split(size: 3)
        #expect(parts.map(\.shape) == [[3], [3], [1]])
        #expect(parts.allSatisfy { $0.storage === x.storage })
        #expect(values(parts[2]) == [6])
        let sized = try x.split(sizes: [2, 5])
        #expect(values(sized[1]) == [2, 3, 4, 5, 6])
        let chunks = try x.chunk(3)
        #expect(chunks.map(\.shape) == [[3], [3], [1]])
        #expect(try NDArray.arange(end: .int(6)).chunk(4).map(\.shape) == [[2], [2], [2]])
        let m = try NDArray.arange(end: .int(6)).view([2, 3])
        #expect(try m.chunk(3, dim: 1).map { values($0) } == [[0, 3], [1, 4], [2, 5]])
    }

    @Test func errorMessages() {
        expectTensorError(.runtimeError, "Sizes of tensors must match except in dimension 0. Expected size 3 but got size 4 for tensor number 1 in the list.") {
            _ = try NDArray.cat([try NDArray.zeros([2, 3]), try NDArray.zeros([2, 4])])
        }
        expectTensorError(.runtimeError, "Tensors must have same number of dimensions: got 2 and 1") {
            _ = try NDArray.cat([try NDArray.zeros([2, 3]), try NDArray.zeros([3])])
        }
        expectTensorError(.runtimeError, "zero-dimensional tensor (at position 0) cannot be concatenated") {
            _ = try NDArray.cat([try NDArray.zeros([])])
        }
        expectTensorError(.runtimeError, "stack expects each tensor to be equal size, but got [2] at entry 0 and [3] at entry 1") {
            _ = try NDArray.stack([try NDArray.zeros([2]), try NDArray.zeros([3])])
        }
        expectTensorError(.runtimeError,
            "split_with_sizes expects split_sizes to sum exactly to 3 (input tensor's size at dimension 0), but got split_sizes=[1, 1]") {
            _ = try NDArray.zeros([3]).split(sizes: [1, 1])
        }
        expectTensorError(.runtimeError, "chunk expects `chunks` to be greater than 0, got: 0") {
            _ = try NDArray.zeros([3]).chunk(0)
        }
    }
}
