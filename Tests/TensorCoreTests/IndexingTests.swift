import TensorCore
import TestSupport
import Testing

/// Indexing with ints, slices, negative indices, None, `...`, masks and index tensors,
/// and assignment through each.
struct IndexingTests {
    let x = try! NDArray.arange(end: .int(12)).view([3, 4])

    @Test func basicIndexingGivesViews() throws {
        let row = try x.index([.int(-1)])
        #expect(values(row) == [8, 9, 10, 11])
        #expect(row.storage === x.storage)
        #expect(values(try x.index([.int(1), .int(-2)])) == [6])
        #expect(try x.index([.int(1), .int(-2)]).shape == [])
        #expect(values(try x.index([.slice(start: nil, stop: nil, step: nil), .int(1)])) == [1, 5, 9])
        #expect(values(try x.index([.slice(start: nil, stop: nil, step: 2), .slice(start: 1, stop: nil, step: 2)])) == [1, 3, 9, 11])
        #expect(try x.index([.newAxis]).shape == [1, 3, 4])
        #expect(try x.index([.ellipsis, .newAxis]).shape == [3, 4, 1])
        #expect(values(try x.index([.ellipsis, .int(0)])) == [0, 4, 8])
        #expect(try NDArray.zeros([2, 3, 4]).index([.newAxis, .ellipsis, .int(0)]).shape == [1, 2, 3])
    }

    @Test func indexTensorsGather() throws {
        let rows = try x.index([.array(intArray([2, 0, -1]))])
        #expect(rows.shape == [3, 4] && values(rows) == [8, 9, 10, 11, 0, 1, 2, 3, 8, 9, 10, 11])
        #expect(rows.storage !== x.storage)
        let pts = try x.index([.array(intArray([0, 2])), .array(intArray([1, 3]))])
        #expect(values(pts) == [1, 11])
        let cols = try x.index([.slice(start: nil, stop: nil, step: nil), .array(intArray([0, 3]))])
        #expect(cols.shape == [3, 2] && values(cols) == [0, 3, 4, 7, 8, 11])
        let grid = try x.index([.array(intArray([0, 2], [2, 1])), .array(intArray([1, 3]))])
        #expect(grid.shape == [2, 2] && values(grid) == [1, 3, 9, 11])
    }

    @Test func advancedIndexPlacement() throws {
        let t = try NDArray.zeros([2, 3, 4])
        let idx = intArray([0, 1])
        // Adjacent index tensors stay in place; separated ones move to the front.
        #expect(try t.index([.slice(start: nil, stop: nil, step: nil), .array(idx), .array(idx)]).shape == [2, 2])
        #expect(try t.index([.array(idx), .slice(start: nil, stop: nil, step: nil), .array(idx)]).shape == [2, 3])
        #expect(try t.index([.slice(start: nil, stop: nil, step: nil), .array(intArray([0, 1, 2]))]).shape == [2, 3, 4])
        let y = try NDArray.arange(end: .int(24)).view([2, 3, 4])
        let picked = try y.index([.array(intArray([0, 1])), .slice(start: nil, stop: nil, step: nil), .array(intArray([1, 2]))])
        #expect(values(picked) == [1, 5, 9, 14, 18, 22])
    }

    @Test func boolMasks() throws {
        let mask = try NDArray.compare(.gt, .array(x), .scalar(.int(8)))
        #expect(values(try x.index([.array(mask)])) == [9, 10, 11])
        let rowMask = boolArray([true, false, true])
        #expect(try x.index([.array(rowMask)]).shape == [2, 4])
        #expect(values(try x.index([.slice(start: nil, stop: nil, step: nil), .array(boolArray([false, true, false, true]))])) == [1, 3, 5, 7, 9, 11])
    }

    @Test func assignmentThroughEveryIndexKind() throws {
        let y = try NDArray.zeros([3, 4])
        try y.indexPut([.int(0), .int(1)], .int(5))
        try y.indexPut([.int(-1)], array([1, 2, 3, 4]))
        try y.indexPut([.slice(start: nil, stop: nil, step: nil), .int(3)], .double(7))
        #expect(values(y) == [0, 5, 0, 7, 0, 0, 0, 7, 1, 2, 3, 7])
        try y.indexPut([.array(try NDArray.compare(.eq, .array(y), .scalar(.int(7))))], .int(-1))
        #expect(values(y) == [0, 5, 0, -1, 0, 0, 0, -1, 1, 2, 3, -1])
        try y.indexPut([.array(intArray([0, 2])), .array(intArray([0, 0]))], array([10, 20]))
        #expect(values(y).prefix(1) == [10] && values(y)[8] == 20)
        try y.indexPut([.slice(start: nil, stop: nil, step: nil), .array(intArray([1, 2]))], array([8, 9]))
        #expect(values(try y.index([.int(1)])) == [0, 8, 9, -1])
        #expect(y.storage.version > 0)
        // A float value into an int tensor converts, as copy_ does.
        let i = intArray([0, 0])
        try i.indexPut([.int(0)], .double(2.7))
        #expect(values(i) == [2, 0])
    }

    @Test func errorMessages() {
        expectTensorError(.indexError, "index 5 is out of bounds for dimension 1 with size 3") {
            _ = try NDArray.zeros([2, 3]).index([.int(0), .int(5)])
        }
        expectTensorError(.indexError, "index -4 is out of bounds for dimension 1 with size 3") {
            _ = try NDArray.zeros([2, 3]).index([.int(1), .int(-4)])
        }
        expectTensorError(.indexError, "index 7 is out of bounds for dimension 0 with size 4") {
            _ = try NDArray.zeros([2, 3, 4]).index([.slice(start: nil, stop: nil, step: nil), .slice(start: nil, stop: nil, step: nil), .array(intArray([7]))])
        }
        expectTensorError(.indexError, "index 5 is out of bounds for dimension 1 with size 3") {
            _ = try NDArray.zeros([2, 3]).index([.array(intArray([0])), .array(intArray([5]))])
        }
        expectTensorError(.indexError, "too many indices for tensor of dimension 2") {
            _ = try NDArray.zeros([2, 3]).index([.int(0), .int(0), .int(0)])
        }
        expectTensorError(.indexError, "The shape of the mask [2] at index 0 does not match the shape of the indexed tensor [3] at index 0") {
            _ = try NDArray.zeros([3]).index([.array(boolArray([true, false]))])
        }
        expectTensorError(.indexError, "tensors used as indices must be long, int, byte or bool tensors") {
            _ = try NDArray.zeros([3]).index([.array(array([1]))])
        }
        expectTensorError(.indexError, "select(): index 3 out of range for tensor of size [2] at dimension 0") {
            _ = try NDArray.zeros([2]).select(dim: 0, index: 3)
        }
        expectTensorError(.runtimeError,
            "unsupported operation: more than one element of the written-to tensor refers to a single memory location. Please clone() the tensor before performing the operation.") {
            try NDArray.ones([3]).expand([2, 3]).applyInPlace(.add, .scalar(.int(1)))
        }
    }
}
