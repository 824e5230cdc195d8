import TensorCore
import TestSupport
import Testing

/// Reductions over everything and over dimensions, with keepdim, on every dtype.
struct ReductionTests {
    let m = array([1, 5, 3, 4, 2, 6], [2, 3])

    @Test(arguments: [DType.float32, .float64, .int64])
    func sumOverAllAndDims(_ dtype: DType) throws {
        let x = m.to(dtype)
        #expect(values(try x.sum()) == [21])
        #expect(try x.sum().shape == [])
        #expect(values(try x.sum(dims: [0])) == [5, 7, 9])
        #expect(values(try x.sum(dims: [1])) == [9, 12])
        #expect(try x.sum(dims: [1], keepdim: true).shape == [2, 1])
        #expect(values(try x.sum(dims: [0, 1])) == [21])
        #expect(values(try x.sum(dims: [-1])) == [9, 12])
        #expect(try x.sum().dtype == dtype)
    }

    @Test func boolSumsToInt64AndSumTakesADtype() throws {
        let b = boolArray([true, false, true])
        #expect(try b.sum().dtype == .int64)
        #expect(values(try b.sum()) == [2])
        let s = try intArray([1, 2, 3]).sum(dtype: .float32)
        #expect(s.dtype == .float32 && values(s) == [6])
        #expect(values(try NDArray.zeros([0]).sum()) == [0])
    }

    @Test func float32SumIsAccurate() throws {
        // 0.1 + 0.2 in float32, rounded once, prints as PyTorch's .item().
        #expect(try array([0.1, 0.2]).sum().item() == .double(Double(Float(0.1) + Float(0.2))))
        let ones = try NDArray.ones([1 << 25])
        #expect(values(try ones.sum()) == [Double(1 << 25)])
    }

    @Test func sumOverNonAdjacentDims() throws {
        let x = try NDArray.arange(end: .int(24), dtype: .float64).view([2, 3, 4])
        let s = try x.sum(dims: [0, 2])
        #expect(values(s) == [60, 92, 124])
        #expect(try x.sum(dims: [0, 2], keepdim: true).shape == [1, 3, 1])
    }

    @Test func mean() throws {
        #expect(values(try m.mean()) == [3.5])
        expectClose(try m.mean(dims: [0]), [2.5, 3.5, 4.5])
        expectClose(try m.mean(dims: [1], keepdim: true), [3, 4], shape: [2, 1])
        #expect(values(try NDArray.zeros([0]).mean())[0].isNaN)
        expectTensorError(.runtimeError,
            "mean(): could not infer output dtype. Input dtype must be either a floating point or complex dtype. Got: Long") {
            _ = try intArray([1, 2]).mean()
        }
    }

    @Test func prodOnEveryDtype() throws {
        #expect(values(try m.prod()) == [720])
        #expect(values(try m.prod(dims: [1])) == [15, 48])
        let i = try intArray([2, 3]).prod()
        #expect(i.dtype == .int64 && values(i) == [6])
        let b = try boolArray([true, false]).prod()
        #expect(b.dtype == .int64 && values(b) == [0])
        #expect(values(try NDArray.zeros([0]).prod()) == [1])
    }

    @Test(arguments: DType.allCases)
    func maxMinWithIndicesOnEveryDtype(_ dtype: DType) throws {
        let src = dtype == .bool ? array([0, 1, 1, 0], [2, 2]) : array([1, 7, 7, 2], [2, 2])
        let x = src.to(dtype)
        let (v, i) = try x.extremum(largest: true, dim: 1, keepdim: false)
        #expect(v.dtype == dtype && i.dtype == .int64)
        #expect(values(i) == [1, 0])
        let (v2, i2) = try x.extremum(largest: false, dim: 0, keepdim: true)
        #expect(v2.shape == [1, 2] && i2.shape == [1, 2])
        #expect(values(i2) == (dtype == .bool ? [0, 1] : [0, 1]))
        #expect(values(try x.extremum(largest: true)) == [dtype == .bool ? 1 : 7])
        #expect(values(v) == (dtype == .bool ? [1, 1] : [7, 7]))
    }

    @Test func maxPropagatesNaNAndPicksFirstTie() throws {
        let x = array([1, .nan, 2, 0], [2, 2])
        let (v, i) = try x.extremum(largest: true, dim: 1, keepdim: false)
        #expect(values(v)[0].isNaN && values(v)[1] == 2)
        #expect(values(i) == [1, 0])
        #expect(values(try x.extremum(largest: true))[0].isNaN)
        #expect(values(try array([3, 1, 3]).argExtremum(largest: true, dim: nil, keepdim: false)) == [0])
    }

    @Test func argmaxArgmin() throws {
        let x = intArray([1, 5, 7, 2], [2, 2])
        #expect(values(try x.argExtremum(largest: true, dim: nil, keepdim: false)) == [2])
        #expect(values(try x.argExtremum(largest: false, dim: 0, keepdim: true)) == [0, 1])
        #expect(try x.argExtremum(largest: false, dim: 0, keepdim: true).shape == [1, 2])
    }

    @Test func emptyReductionErrors() {
        expectTensorError(.runtimeError,
            "max(): Expected reduction dim to be specified for input.numel() == 0. Specify the reduction dim with the 'dim' argument.") {
            _ = try NDArray.zeros([0]).extremum(largest: true)
        }
        expectTensorError(.indexError, "max(): Expected reduction dim 0 to have non-zero size.") {
            _ = try NDArray.zeros([0, 3]).extremum(largest: true, dim: 0, keepdim: false)
        }
        expectTensorError(.runtimeError, "dim 0 appears multiple times in the list of dims") {
            _ = try NDArray.ones([2, 3]).sum(dims: [0, 0])
        }
    }

    @Test(arguments: [DType.float32, .float64])
    func varianceAndStd(_ dtype: DType) throws {
        let x = array([1, 2, 3, 4], [2, 2], dtype: dtype)
        expectClose(try x.variance(takeRoot: false), [5.0 / 3])
        expectClose(try x.variance(correction: 0, takeRoot: false), [1.25])
        expectClose(try x.variance(dims: [0], keepdim: true, takeRoot: true), [Double(2.0).squareRoot(), Double(2.0).squareRoot()], shape: [1, 2])
        #expect(values(try array([1], dtype: dtype).variance(takeRoot: false))[0].isNaN)
        expectTensorError(.runtimeError, "std and var only support floating point and complex dtypes") {
            _ = try intArray([1]).variance(takeRoot: true)
        }
    }

    @Test func norms() throws {
        let x = array([3, -4], [1, 2])
        expectClose(try x.norm(), [5])
        expectClose(try x.norm(p: 1), [7])
        expectClose(try x.norm(p: .infinity), [4])
        expectClose(try array([1, 2, 3, 4], [2, 2]).norm(dims: [1]), [Double(5.0).squareRoot(), 5])
        expectTensorError(.runtimeError, "linalg.vector_norm: Expected a floating point or complex tensor as input. Got Long") {
            _ = try intArray([1]).norm()
        }
    }

    @Test func anyAll() throws {
        let x = array([0, 1, 0, 0], [2, 2])
        #expect(try x.anyAll(all: false).scalars == [.bool(true)])
        #expect(try x.anyAll(all: true).scalars == [.bool(false)])
        #expect(try x.anyAll(all: false, dims: [1]).scalars == [.bool(true), .bool(false)])
    }

    @Test(arguments: [DType.float32, .float64])
    func softmaxIsStableAndSumsToOne(_ dtype: DType) throws {
        let x = array([1, 2, 3, 1000, 1001, 1002], [2, 3], dtype: dtype)
        let e = [1, 2, 3].map { Foundation.exp(Double($0) - 3) }
        let total = e.reduce(0, +)
        let expected = e.map { $0 / total }
        expectClose(try x.softmax(dim: 1, log: false), expected + expected, shape: [2, 3])
        expectClose(try x.softmax(dim: -1, log: true), (expected + expected).map { Foundation.log($0) }, atol: 1e-5)
        let cols = try x.softmax(dim: 0, log: false)
        #expect(cols.isContiguous)
        expectClose(try cols.sum(dims: [0]), [1, 1, 1])
        expectTensorError(.notImplementedError, "\"softmax_lastdim_kernel_impl\" not implemented for 'Long'") {
            _ = try intArray([1, 2]).softmax(dim: 0, log: false)
        }
    }
}

import Foundation
