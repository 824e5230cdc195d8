import TensorCore
import TestSupport
import Testing

/// Views share storage: writes through one are seen by the other, with no copies.
struct ViewTests {
    let base = try! NDArray.arange(end: .int(6), dtype: .float32).view([2, 3])

    @Test func viewSharesStorageAndSeesInPlaceWrites() throws {
        let v = try base.view([3, 2])
        #expect(v.storage === base.storage)
        try v.index([.int(0), .int(1)]).fill(.double(42))
        #expect(values(base) == [0, 42, 2, 3, 4, 5])
    }

    @Test func viewInfersOneDimension() throws {
        #expect(try base.view([-1]).shape == [6])
        #expect(try base.view([3, -1]).shape == [3, 2])
    }

    @Test func transposeIsAViewWithSwappedStrides() throws {
        let t = try base.t()
        #expect(t.shape == [3, 2])
        #expect(t.strides == [1, 3])
        #expect(!t.isContiguous)
        #expect(t.storage === base.storage)
        #expect(values(t) == [0, 3, 1, 4, 2, 5])
        #expect(values(base.reversedDims) == [0, 3, 1, 4, 2, 5])
    }

    @Test func viewOfNonContiguousFailsButReshapeCopies() throws {
        let t = try base.t()
        expectTensorError(.runtimeError,
            "view size is not compatible with input tensor's size and stride (at least one dimension spans across two contiguous subspaces). Use .reshape(...) instead.") {
            _ = try t.view([6])
        }
        let r = try t.reshape([6])
        #expect(r.storage !== base.storage)
        #expect(values(r) == [0, 3, 1, 4, 2, 5])
        // reshape of a contiguous tensor is a view.
        #expect(try base.reshape([3, 2]).storage === base.storage)
    }

    @Test func permuteSqueezeUnsqueezeFlatten() throws {
        let x = try NDArray.zeros([2, 1, 3, 1])
        #expect(try x.permute([2, 0, 3, 1]).shape == [3, 2, 1, 1])
        #expect(try x.squeeze().shape == [2, 3])
        #expect(try x.squeeze([1]).shape == [2, 3, 1])
        #expect(try x.squeeze([0]).shape == [2, 1, 3, 1])
        #expect(try x.unsqueeze(0).shape == [1, 2, 1, 3, 1])
        #expect(try x.unsqueeze(-1).shape == [2, 1, 3, 1, 1])
        #expect(try x.flatten().shape == [6])
        #expect(try x.flatten(startDim: 1).shape == [2, 3])
        #expect(try x.flatten(startDim: 0, endDim: 2).shape == [6, 1])
        #expect(try NDArray.zeros([]).flatten().shape == [1])
    }

    @Test func expandUsesZeroStrides() throws {
        let row = array([1, 2, 3])
        let e = try row.expand([2, 3])
        #expect(e.strides == [0, 1])
        #expect(values(e) == [1, 2, 3, 1, 2, 3])
        #expect(try row.view([3, 1]).expand([-1, 4]).shape == [3, 4])
        expectTensorError(.runtimeError,
            "The expanded size of the tensor (4) must match the existing size (3) at non-singleton dimension 1.  Target sizes: [2, 4].  Tensor sizes: [3]") {
            _ = try row.expand([2, 4])
        }
    }

    @Test func slicingWithStepsAndNegativeBounds() throws {
        let x = try NDArray.arange(end: .int(10))
        #expect(values(try x.slice(dim: 0, start: 1, stop: 8, step: 3)) == [1, 4, 7])
        #expect(values(try x.slice(dim: 0, start: -3, stop: nil)) == [7, 8, 9])
        #expect(values(try x.slice(dim: 0, start: 20, stop: nil)) == [])
        #expect(values(try x.slice(dim: 0, start: nil, stop: -8)) == [0, 1])
        expectTensorError(.valueError, "step must be greater than zero") {
            _ = try x.slice(dim: 0, start: nil, stop: nil, step: -1)
        }
    }

    @Test func contiguousAndClone() throws {
        #expect(base.contiguous().storage === base.storage)
        let c = try base.t().contiguous()
        #expect(c.isContiguous)
        #expect(c.storage !== base.storage)
        let clone = base.contiguousCopy()
        try clone.fill(.int(0))
        #expect(values(base) == [0, 1, 2, 3, 4, 5])
    }

    @Test func inPlaceThroughTransposedViewIsVisible() throws {
        let x = try NDArray.zeros([2, 3])
        let t = try x.t()
        try t.applyInPlace(.add, .array(array([1, 2], [1, 2])))
        #expect(values(x) == [1, 1, 1, 2, 2, 2])
        #expect(x.storage.version == 1)
    }

    @Test func viewErrors() {
        expectTensorError(.runtimeError, "shape '[4, 2]' is invalid for input of size 6") { _ = try base.view([4, 2]) }
        expectTensorError(.runtimeError, "only one dimension can be inferred") { _ = try base.view([-1, -1]) }
        expectTensorError(.indexError, "Dimension out of range (expected to be in range of [-2, 1], but got 2)") {
            _ = try base.transpose(0, 2)
        }
        expectTensorError(.runtimeError, "t() expects a tensor with <= 2 dimensions, but self is 3D") {
            _ = try NDArray.zeros([1, 2, 3]).t()
        }
        expectTensorError(.runtimeError,
            "permute(sparse_coo): number of dimensions in the tensor input does not match the length of the desired ordering of dimensions i.e. input.dim() = 2 is not equal to len(dims) = 3") {
            _ = try base.permute([0, 1, 2])
        }
    }
}
