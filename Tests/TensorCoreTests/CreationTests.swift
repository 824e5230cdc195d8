import TensorCore
import TestSupport
import Testing

/// Factories and conversions.
struct CreationTests {
    @Test func fullZerosOnesEye() throws {
        #expect(try NDArray.full([2], .bool(true)).dtype == .bool)
        #expect(try NDArray.full([2], .int(3)).dtype == .int64)
        #expect(try NDArray.full([2], .double(3)).dtype == .float32)
        #expect(values(try NDArray.ones([2, 2], dtype: .int64)) == [1, 1, 1, 1])
        #expect(values(try NDArray.eye(2, 3)) == [1, 0, 0, 0, 1, 0])
        expectTensorError(.runtimeError, "Trying to create tensor with negative dimension -1: [-1]") {
            _ = try NDArray.ones([-1])
        }
        expectTensorError(.runtimeError, "zeros: Dimension size must be non-negative.") { _ = try NDArray.zeros([-1]) }
        expectTensorError(.runtimeError, "n must be greater or equal to 0, got -1") { _ = try NDArray.eye(-1) }
    }

    @Test func emptyLikeAndTolist() throws {
        let e = try NDArray.empty([2, 3], dtype: .int64)
        #expect(e.shape == [2, 3] && e.dtype == .int64)
        let like = try NDArray.full(like: array([1, 2], dtype: .float64), .int(7))
        #expect(like.dtype == .float64 && values(like) == [7, 7])
        #expect(try NDArray.full(like: array([1, 2]), .int(0), dtype: .int64).dtype == .int64)
        guard case .list(let rows) = intArray([1, 2, 3, 4], [2, 2]).toNestedData(), rows.count == 2,
              case .list(let first) = rows[0], case .scalar(.int(2)) = first[1] else {
            Issue.record("tolist shape")
            return
        }
        guard case .scalar(.double(2.5)) = array([2.5], []).toNestedData() else {
            Issue.record("0-d tolist is a bare number")
            return
        }
    }

    @Test func absurdSizesAreErrorsNotCrashes() {
        expectTensorError(.runtimeError, "Storage size calculation overflowed with sizes=[1000000000000, 1000000000000]") {
            _ = try NDArray.zeros([1_000_000_000_000, 1_000_000_000_000])
        }
        expectTensorError(.runtimeError,
            "[enforce fail at alloc_cpu.cpp:117] data. DefaultCPUAllocator: not enough memory: you tried to allocate 400000000000000 bytes.") {
            _ = try NDArray.ones([100_000_000_000_000])
        }
    }

    @Test func arangeAndLinspace() throws {
        let i = try NDArray.arange(start: .int(1), end: .int(10), step: .int(3))
        #expect(i.dtype == .int64 && values(i) == [1, 4, 7])
        #expect(values(try NDArray.arange(start: .int(5), end: .int(0), step: .int(-2))) == [5, 3, 1])
        let f = try NDArray.arange(start: .double(0), end: .double(1), step: .double(0.3))
        #expect(f.dtype == .float32 && f.shape == [4])
        expectClose(f, [0, 0.3, 0.6, 0.9])
        expectClose(try NDArray.linspace(start: 0, end: 1, steps: 5), [0, 0.25, 0.5, 0.75, 1])
        let l = try NDArray.linspace(start: -1, end: 1, steps: 7, dtype: .float64)
        let step: Double = 2.0 / 6
        // Past halfway, end - step*(steps-1-i) as one fused multiply-add, as ATen computes it.
        #expect(values(l)[3] == (1.0).addingProduct(-step, 3))
        expectTensorError(.runtimeError, "upper bound and lower bound inconsistent with step sign") {
            _ = try NDArray.arange(start: .int(1), end: .int(0))
        }
        expectTensorError(.runtimeError, "step must be nonzero") {
            _ = try NDArray.arange(start: .int(0), end: .int(5), step: .int(0))
        }
    }

    @Test func tensorFromNestedData() throws {
        let d = NDArray.NestedData.list([.list([.scalar(.int(1)), .scalar(.int(2))]), .list([.scalar(.int(3)), .scalar(.double(4.5))])])
        let t = try NDArray.from(d)
        #expect(t.dtype == .float32 && t.shape == [2, 2] && values(t) == [1, 2, 3, 4.5])
        #expect(try NDArray.from(.list([.scalar(.bool(true))])).dtype == .bool)
        #expect(try NDArray.from(.list([.scalar(.int(1)), .scalar(.bool(true))])).dtype == .int64)
        #expect(try NDArray.from(.scalar(.int(7))).shape == [])
        #expect(try NDArray.from(.list([])).shape == [0])
        #expect(try NDArray.from(.list([.scalar(.int(1))]), dtype: .float64).dtype == .float64)
        let withArrays = try NDArray.from(.list([.array(try NDArray.full([], .double(1))), .array(try NDArray.full([], .double(2)))]))
        #expect(withArrays.dtype == .float32 && values(withArrays) == [1, 2])
        expectTensorError(.valueError, "expected sequence of length 2 at dim 1 (got 1)") {
            _ = try NDArray.from(.list([.list([.scalar(.int(1)), .scalar(.int(2))]), .list([.scalar(.int(3))])]))
        }
    }

    @Test func conversionsAndItem() throws {
        let f = array([1.7, -1.7, 0])
        #expect(values(f.to(.int64)) == [1, -1, 0])
        #expect(f.to(.bool).scalars == [.bool(true), .bool(true), .bool(false)])
        #expect(values(boolArray([true, false]).to(.float64)) == [1, 0])
        #expect(f.to(.float32).storage === f.storage)
        #expect(values(array([.nan]).to(.int64)) == [Double(Int64.min)])
        #expect(try array([0.1]).item() == .double(Double(Float(0.1))))
        #expect(try intArray([3]).item() == .int(3))
        expectTensorError(.runtimeError, "a Tensor with 2 elements cannot be converted to Scalar") {
            _ = try array([1, 2]).item()
        }
    }

    @Test func allcloseAndEqual() throws {
        #expect(try NDArray.allclose(array([1, 2]), array([1, 2.000001])))
        #expect(try !NDArray.allclose(array([1, 2]), array([1, 2.1])))
        #expect(try !NDArray.allclose(array([.nan]), array([.nan])))
        #expect(try NDArray.allclose(array([.nan]), array([.nan]), equalNaN: true))
        #expect(try NDArray.equal(array([1, 2]), intArray([1, 2])))
        #expect(try !NDArray.equal(array([1, 2]), array([1, 2, 3])))
        expectTensorError(.runtimeError, "Float did not match Double") {
            _ = try NDArray.allclose(array([1]), array([1], dtype: .float64))
        }
    }
}
