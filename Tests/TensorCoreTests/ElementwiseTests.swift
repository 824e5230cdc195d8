import Foundation
import TensorCore
import TestSupport
import Testing

/// Every element-wise op on every supported dtype.
struct ElementwiseTests {
    static let floatDTypes: [DType] = [.float32, .float64]

    @Test(arguments: floatDTypes)
    func arithmeticOnFloats(_ dtype: DType) throws {
        let a = array([-7, -2.5, 3, 8], dtype: dtype), b = array([2, 2, -2, 3], dtype: dtype)
        func run(_ op: BinaryOp) throws -> NDArray {
            let r = try NDArray.binary(op, .array(a), .array(b))
            #expect(r.dtype == dtype)
            return r
        }
        expectClose(try run(.add), [-5, -0.5, 1, 11])
        expectClose(try run(.sub), [-9, -4.5, 5, 5])
        expectClose(try run(.mul), [-14, -5, -6, 24])
        expectClose(try run(.div), [-3.5, -1.25, -1.5, 8.0 / 3])
        expectClose(try run(.floorDivide), [-4, -2, -2, 2])
        expectClose(try run(.remainder), [1, 1.5, -1, 2])
        expectClose(try run(.pow), [49, 6.25, 1.0 / 9, 512])
        expectClose(try run(.maximum), [2, 2, 3, 8])
        expectClose(try run(.minimum), [-7, -2.5, -2, 3])
    }

    @Test func arithmeticOnInt64FollowsPython() throws {
        let a = intArray([-7, 7, -7, 7]), b = intArray([2, -2, -2, 2])
        #expect(values(try NDArray.binary(.floorDivide, .array(a), .array(b))) == [-4, -4, 3, 3])
        #expect(values(try NDArray.binary(.remainder, .array(a), .array(b))) == [1, -1, -1, 1])
        #expect(values(try NDArray.binary(.add, .array(a), .array(b))) == [-5, 5, -9, 9])
        #expect(values(try NDArray.binary(.sub, .array(a), .array(b))) == [-9, 9, -5, 5])
        #expect(values(try NDArray.binary(.mul, .array(a), .array(b))) == [-14, -14, 14, 14])
        #expect(values(try NDArray.binary(.pow, .array(a), .scalar(.int(2)))) == [49, 49, 49, 49])
        #expect(values(try NDArray.binary(.maximum, .array(a), .array(b))) == [2, 7, -2, 7])
        #expect(values(try NDArray.binary(.minimum, .array(a), .array(b))) == [-7, -2, -7, 2])
        let d = try NDArray.binary(.div, .array(a), .array(b))
        #expect(d.dtype == .float32)
        #expect(values(d) == [-3.5, -3.5, 3.5, 3.5])
        expectTensorError(.runtimeError, "ZeroDivisionError") {
            _ = try NDArray.binary(.floorDivide, .array(a), .scalar(.int(0)))
        }
        expectTensorError(.runtimeError, "ZeroDivisionError") {
            _ = try NDArray.binary(.remainder, .array(a), .array(intArray([1, 0, 1, 1])))
        }
    }

    @Test func arithmeticOnBool() throws {
        let a = boolArray([true, true, false, false]), b = boolArray([true, false, true, false])
        #expect(try NDArray.binary(.add, .array(a), .array(b)).scalars == [true, true, true, false].map(Scalar.bool))
        #expect(try NDArray.binary(.mul, .array(a), .array(b)).scalars == [true, false, false, false].map(Scalar.bool))
        #expect(try NDArray.binary(.maximum, .array(a), .array(b)).scalars == [true, true, true, false].map(Scalar.bool))
        #expect(try NDArray.binary(.minimum, .array(a), .array(b)).scalars == [true, false, false, false].map(Scalar.bool))
        let d = try NDArray.binary(.div, .array(a), .array(b))
        #expect(d.dtype == .float32)
        let sum = try NDArray.binary(.add, .array(a), .scalar(.int(1)))
        #expect(sum.dtype == .int64)
        #expect(values(sum) == [2, 2, 1, 1])
    }

    @Test func floatDivisionEdgeCases() throws {
        let a = array([1, -1, 0, 5], dtype: .float64), zero = array([0, 0, 0, -0.0], dtype: .float64)
        let q = values(try NDArray.binary(.div, .array(a), .array(zero)))
        #expect(q[0] == .infinity && q[1] == -.infinity && q[2].isNaN && q[3] == -.infinity)
        let f = values(try NDArray.binary(.floorDivide, .array(array([5, -5], dtype: .float64)), .scalar(.double(0))))
        #expect(f == [.infinity, -.infinity])
        let r = values(try NDArray.binary(.remainder, .array(array([-0.5, 5.5])), .scalar(.double(-2))))
        #expect(r == [-0.5, -0.5])
        let m = values(try NDArray.binary(.maximum, .array(array([.nan, 1])), .array(array([0, .nan]))))
        #expect(m[0].isNaN && m[1].isNaN)
    }

    @Test(arguments: [DType.float32, .float64, .int64])
    func comparisonsOnEveryNumericDtype(_ dtype: DType) throws {
        let a = array([1, 2, 3], dtype: dtype), b = array([2, 2, 2], dtype: dtype)
        func bools(_ op: ComparisonOp) throws -> [Bool] {
            try NDArray.compare(op, .array(a), .array(b)).scalars.map(\.boolValue)
        }
        #expect(try bools(.eq) == [false, true, false])
        #expect(try bools(.ne) == [true, false, true])
        #expect(try bools(.lt) == [true, false, false])
        #expect(try bools(.le) == [true, true, false])
        #expect(try bools(.gt) == [false, false, true])
        #expect(try bools(.ge) == [false, true, true])
    }

    @Test func comparisonsOnBoolAndNaN() throws {
        let t = boolArray([true, false])
        #expect(try NDArray.compare(.gt, .array(t), .scalar(.bool(false))).scalars == [.bool(true), .bool(false)])
        let n = array([.nan])
        #expect(try NDArray.compare(.eq, .array(n), .array(n)).scalars == [.bool(false)])
        #expect(try NDArray.compare(.ne, .array(n), .array(n)).scalars == [.bool(true)])
    }

    @Test(arguments: floatDTypes)
    func floatUnaryFunctions(_ dtype: DType) throws {
        let x = array([-2, -0.5, 0.5, 2], dtype: dtype)
        func run(_ op: UnaryOp) throws -> NDArray {
            let r = try x.unary(op)
            #expect(r.dtype == dtype)
            return r
        }
        let xs = [-2, -0.5, 0.5, 2.0]
        expectClose(try run(.neg), xs.map { -$0 })
        expectClose(try run(.abs), xs.map { Swift.abs($0) })
        expectClose(try run(.exp), xs.map { Foundation.exp($0) })
        expectClose(try run(.sin), xs.map { Foundation.sin($0) })
        expectClose(try run(.cos), xs.map { Foundation.cos($0) })
        expectClose(try run(.tanh), xs.map { Foundation.tanh($0) })
        expectClose(try run(.sigmoid), xs.map { 1 / (1 + Foundation.exp(-$0)) })
        expectClose(try run(.relu), [0, 0, 0.5, 2])
        expectClose(try run(.reciprocal), [-0.5, -2, 2, 0.5])
        expectClose(try run(.sign), [-1, -1, 1, 1])
        let pos = array([0.25, 1, 4], dtype: dtype)
        expectClose(try pos.unary(.sqrt), [0.5, 1, 2])
        expectClose(try pos.unary(.log), [Foundation.log(0.25), 0, Foundation.log(4)])
        let l = values(try array([0, -1], dtype: dtype).unary(.log))
        #expect(l[0] == -.infinity && l[1].isNaN)
    }

    @Test func floatFunctionsOnIntegersComputeInFloat32() throws {
        let i = intArray([0, 1, 4])
        for op in [UnaryOp.exp, .log, .sqrt, .sin, .cos, .tanh, .sigmoid, .reciprocal] {
            #expect(try i.unary(op).dtype == .float32)
        }
        expectClose(try i.unary(.sqrt), [0, 1, 2])
        #expect(try boolArray([true]).unary(.exp).dtype == .float32)
    }

    @Test func integerUnaryFunctions() throws {
        let i = intArray([-3, 0, 5])
        #expect(values(try i.unary(.neg)) == [3, 0, -5])
        #expect(values(try i.unary(.abs)) == [3, 0, 5])
        #expect(values(try i.unary(.relu)) == [0, 0, 5])
        #expect(values(try i.unary(.sign)) == [-1, 0, 1])
        #expect(try i.unary(.neg).dtype == .int64)
    }

    @Test func logicalNotOnEveryDtype() throws {
        for dtype in DType.allCases {
            let r = try array([0, 1, 2].map { dtype == .bool ? min($0, 1) : $0 }, dtype: dtype).unary(.logicalNot)
            #expect(r.dtype == .bool)
            #expect(r.scalars == [.bool(true), .bool(false), .bool(false)])
        }
        expectTensorError(.runtimeError,
            "Negation, the `-` operator, on a bool tensor is not supported. If you are trying to invert a mask, use the `~` or `logical_not()` operator instead.") {
            _ = try boolArray([true]).unary(.neg)
        }
    }

    @Test func vectorizedFloat32ExpWithinTwoUlp() throws {
        // The vectorized float32 exp over a sweep of inputs, against the double result.
        let xs = stride(from: -100.0, through: 88.0, by: 0.0371).map { Double(Float($0)) }
        let got = values(try array(xs).unary(.exp))
        for (x, g) in zip(xs, got) {
            let exact = Foundation.exp(x)
            let ulp = Double(Float(exact).ulp)
            #expect(Swift.abs(g - exact) <= 2 * ulp, "exp(\(x)) = \(g), expected \(exact)")
        }
        let special = values(try array([.nan, .infinity, -.infinity, 100, -110, 0]).unary(.exp))
        #expect(special[0].isNaN && special[1] == .infinity && special[2] == 0)
        #expect(special[3] == .infinity && special[4] == 0 && special[5] == 1)
    }

    @Test func clampWithNumbersAndPromotion() throws {
        expectClose(try array([-2, 0.5, 3]).clamp(min: .int(0), max: .int(1)), [0, 0.5, 1])
        let n = values(try array([.nan]).clamp(min: .int(0), max: nil))
        #expect(n[0].isNaN)
        let i = try intArray([1, 5, 9]).clamp(min: .int(2), max: .int(6))
        #expect(i.dtype == .int64 && values(i) == [2, 5, 6])
        let p = try intArray([1, 2, 3]).clamp(min: .double(1.5), max: nil)
        #expect(p.dtype == .float32 && values(p) == [1.5, 2, 3])
        expectTensorError(.runtimeError, "torch.clamp: At least one of 'min' or 'max' must not be None") {
            _ = try array([1]).clamp(min: nil, max: nil)
        }
        let x = array([-1, 2])
        try x.clampInPlace(min: .int(0), max: nil)
        #expect(values(x) == [0, 2])
    }

    @Test func whereSelectsAndPromotes() throws {
        let c = boolArray([true, false, true])
        let r = try NDArray.where(c, .array(intArray([1, 2, 3])), .scalar(.double(0.5)))
        #expect(r.dtype == .float32)
        #expect(values(r) == [1, 0.5, 3])
        let b = try NDArray.where(boolArray([true, false], [2, 1]), .array(array([1, 2, 3])), .array(array([-1, -2, -3])))
        #expect(b.shape == [2, 3])
        #expect(values(b) == [1, 2, 3, -1, -2, -3])
        expectTensorError(.runtimeError, "where expected condition to be a boolean tensor, but got a tensor with dtype Float") {
            _ = try NDArray.where(array([1]), .scalar(.int(1)), .scalar(.int(0)))
        }
    }

    @Test func logicalOps() throws {
        let a = array([0, 1, 2]), b = intArray([1, 0, 3])
        #expect(try NDArray.logical(.logicalAnd, .array(a), .array(b)).scalars.map(\.boolValue) == [false, false, true])
        #expect(try NDArray.logical(.logicalOr, .array(a), .array(b)).scalars.map(\.boolValue) == [true, true, true])
        #expect(try NDArray.logical(.logicalXor, .array(a), .array(b)).scalars.map(\.boolValue) == [true, true, false])
    }

    @Test func stridedAndParallelPathsAgree() throws {
        // A large transposed operand exercises the strided loop split across threads.
        let n = 512
        let x = try NDArray.arange(end: .int(Int64(n * n)), dtype: .float64).view([n, n])
        let t = try x.t()
        let sum = try NDArray.binary(.add, .array(x), .array(t))
        let expected = (0..<(n * n)).map { k -> Double in
            let (i, j) = (k / n, k % n)
            return Double(i * n + j) + Double(j * n + i)
        }
        #expect(values(sum) == expected)
        let e = try t.unary(.neg)
        #expect(values(e) == values(t).map { -$0 })
        let copy = t.contiguousCopy()
        #expect(values(copy) == values(t))
    }

    @Test func powShortcutsMatchPower() throws {
        let x = array([1.5, -2, 3])
        expectClose(try NDArray.binary(.pow, .array(x), .scalar(.int(2))), [2.25, 4, 9])
        expectClose(try NDArray.binary(.pow, .array(x), .scalar(.int(3))), [3.375, -8, 27])
        expectClose(try NDArray.binary(.pow, .array(x), .scalar(.int(-1))), [1 / 1.5, -0.5, 1.0 / 3])
        expectClose(try NDArray.binary(.pow, .array(array([4, 9])), .scalar(.double(0.5))), [2, 3])
        expectClose(try NDArray.binary(.pow, .array(array([4, 9])), .scalar(.double(-0.5))), [0.5, 1.0 / 3])
        expectClose(try NDArray.binary(.pow, .array(array([2, 4])), .scalar(.int(-2))), [0.25, 1.0 / 16])
        expectClose(try NDArray.binary(.pow, .scalar(.double(2)), .array(array([1, 3]))), [2, 8])
    }
}
