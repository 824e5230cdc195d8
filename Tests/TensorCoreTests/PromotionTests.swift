import TensorCore
import TestSupport
import Testing

/// Broadcasting and PyTorch's type promotion.
struct PromotionTests {
    let i = intArray([1, 2, 3])
    let f = array([1, 2, 3])
    let d = array([1, 2, 3], dtype: .float64)
    let b = boolArray([true, false, true])

    @Test func broadcastShapes() throws {
        #expect(try Broadcasting.shape([3, 1], [4]) == [3, 4])
        #expect(try Broadcasting.shape([], [2, 3]) == [2, 3])
        #expect(try Broadcasting.shape([5, 1, 4], [3, 1]) == [5, 3, 4])
        expectTensorError(.runtimeError, "The size of tensor a (3) must match the size of tensor b (4) at non-singleton dimension 0") {
            _ = try Broadcasting.shape([3], [4])
        }
        expectTensorError(.runtimeError, "The size of tensor a (2) must match the size of tensor b (3) at non-singleton dimension 1") {
            _ = try NDArray.binary(.add, .array(try NDArray.zeros([4, 2])), .array(try NDArray.zeros([3])))
        }
    }

    @Test func broadcastArithmetic() throws {
        let col = array([10, 20], [2, 1])
        expectClose(try NDArray.binary(.add, .array(col), .array(f)), [11, 12, 13, 21, 22, 23], shape: [2, 3])
    }

    @Test(arguments: [
        (BinaryOp.add, DType.int64, DType.int64, DType.int64),
        (.add, .int64, .float32, .float32),
        (.add, .float32, .float64, .float64),
        (.add, .bool, .bool, .bool),
        (.add, .bool, .int64, .int64),
        (.mul, .bool, .float32, .float32),
        (.div, .int64, .int64, .float32),
        (.div, .bool, .bool, .float32),
        (.floorDivide, .int64, .int64, .int64),
        (.remainder, .int64, .float64, .float64),
        (.add, .int32, .int32, .int32),
        (.add, .int32, .int64, .int64),
        (.add, .bool, .int32, .int32),
        (.mul, .int32, .float32, .float32),
        (.div, .int32, .int32, .float32),
        (.floorDivide, .int32, .int32, .int32),
    ])
    func tensorTensorPromotion(_ op: BinaryOp, _ a: DType, _ b: DType, _ expected: DType) throws {
        let x = try NDArray.ones([2], dtype: a), y = try NDArray.ones([2], dtype: b)
        #expect(try NDArray.binary(op, .array(x), .array(y)).dtype == expected)
    }

    @Test func numbersHaveLowerPriority() throws {
        #expect(try NDArray.binary(.add, .array(i), .scalar(.double(2.5))).dtype == .float32)
        #expect(try NDArray.binary(.add, .array(i), .scalar(.int(2))).dtype == .int64)
        #expect(try NDArray.binary(.add, .array(d), .scalar(.double(2.5))).dtype == .float64)
        #expect(try NDArray.binary(.mul, .array(b), .scalar(.int(2))).dtype == .int64)
        #expect(try NDArray.binary(.mul, .array(b), .scalar(.bool(true))).dtype == .bool)
        #expect(try NDArray.binary(.add, .array(f), .scalar(.int(1))).dtype == .float32)
    }

    @Test func zeroDimTensorsHaveLowerPriorityWithinACategory() throws {
        let d0 = try NDArray.full([], .double(2), dtype: .float64)
        #expect(try NDArray.binary(.add, .array(f), .array(d0)).dtype == .float32)
        #expect(try NDArray.binary(.add, .array(i), .array(d0)).dtype == .float64)
        let i0 = try NDArray.full([], .int(2))
        #expect(try NDArray.binary(.add, .array(b), .array(i0)).dtype == .int64)
        let i32 = try NDArray.ones([2], dtype: .int32)
        #expect(try NDArray.binary(.add, .array(i32), .array(i0)).dtype == .int32)
        #expect(try NDArray.binary(.add, .array(i32), .scalar(.int(1))).dtype == .int32)
    }

    @Test func int32WrapsAndConvertsAsPyTorchOnX86() throws {
        let big = try NDArray.full([1], .int(Int64(Int32.max)), dtype: .int32)
        #expect(try NDArray.binary(.add, .array(big), .scalar(.int(1))).scalars == [.int(Int64(Int32.min))])
        let floats = array([-1.7, 2.9, 1e10, .nan])
        #expect(floats.converted(to: .int32).scalars == [.int(-1), .int(2), .int(Int64(Int32.min)), .int(Int64(Int32.min))])
        #expect(try NDArray.ones([3], dtype: .int32).sum().dtype == .int64)
    }

    @Test func comparisonsGiveBool() throws {
        let r = try NDArray.compare(.lt, .array(i), .scalar(.double(2.5)))
        #expect(r.dtype == .bool)
        #expect(r.scalars == [.bool(true), .bool(true), .bool(false)])
    }

    @Test func intPowerAndDivisionRules() throws {
        expectTensorError(.runtimeError, "Integers to negative integer powers are not allowed.") {
            _ = try NDArray.binary(.pow, .array(i), .scalar(.int(-1)))
        }
        let p = try NDArray.binary(.pow, .array(i), .scalar(.double(0.5)))
        #expect(p.dtype == .float32)
        expectClose(p, [1, Double(2.0).squareRoot(), Double(3.0).squareRoot()])
        let q = try NDArray.binary(.pow, .scalar(.int(2)), .array(i))
        #expect(q.dtype == .int64)
        #expect(values(q) == [2, 4, 8])
    }

    @Test func boolSubtractionIsRefused() {
        expectTensorError(.runtimeError,
            "Subtraction, the `-` operator, with two bool tensors is not supported. Use the `^` or `logical_xor()` operator instead.") {
            _ = try NDArray.binary(.sub, .array(b), .array(b))
        }
        expectTensorError(.runtimeError,
            "Subtraction, the `-` operator, with a bool tensor is not supported. If you are trying to invert a mask, use the `~` or `logical_not()` operator instead.") {
            _ = try NDArray.binary(.sub, .array(b), .scalar(.int(1)))
        }
    }

    @Test func inPlaceKeepsTheDtypeAndRefusesUnsafeCasts() throws {
        let x = intArray([1, 2, 3])
        try x.applyInPlace(.mul, .scalar(.int(2)))
        #expect(values(x) == [2, 4, 6])
        expectTensorError(.runtimeError, "result type Float can't be cast to the desired output type Long") {
            try x.applyInPlace(.add, .scalar(.double(0.5)))
        }
        expectTensorError(.runtimeError, "result type Float can't be cast to the desired output type Long") {
            try x.applyInPlace(.div, .scalar(.int(2)))
        }
        let y = array([1, 2, 3])
        try y.applyInPlace(.add, .array(intArray([1, 1, 1])))
        #expect(y.dtype == .float32)
        #expect(values(y) == [2, 3, 4])
        expectTensorError(.runtimeError, "output with shape [3] doesn't match the broadcast shape [2, 3]") {
            try y.applyInPlace(.add, .array(try NDArray.zeros([2, 3])))
        }
    }
}
