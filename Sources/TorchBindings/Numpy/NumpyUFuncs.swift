import Autograd
import Foundation
import Interpreter
import PythonSyntax

/// numpy's element-wise functions over the engine's kernels, with numpy's type rules (not
/// PyTorch's): Python numbers are weak, integers divide to float64, float-only functions
/// of integers compute in float64, and `out=` writes into an existing array.
enum NumpyUFuncs {
    enum Binary: String {
        case add, subtract, multiply, divide, floorDivide = "floor_divide", remainder, power, maximum, minimum

        var op: BinaryOp {
            switch self {
            case .add: .add
            case .subtract: .sub
            case .multiply: .mul
            case .divide: .div
            case .floorDivide: .floorDivide
            case .remainder: .remainder
            case .power: .pow
            case .maximum: .maximum
            case .minimum: .minimum
            }
        }
    }

    /// The dtype numpy's loop for `ufunc` runs in.
    static func computeType(_ ufunc: Binary, _ a: NumpyConvert.Operand, _ b: NumpyConvert.Operand) throws -> DType {
        let common = NumpyConvert.Operand.resultType([a, b])
        switch ufunc {
        case .divide: return NumpyTypes.floatFor(common)
        case .subtract where common == .bool:
            throw PyError.type("numpy boolean subtract, the `-` operator, is not supported, use the bitwise_xor, the `^` operator, or the logical_xor function instead.")
        case .power where !common.isFloatingPoint:
            let exponent = b.materialized(as: .int64)
            if try NDArray.compare(.lt, .array(exponent), .scalar(.int(0))).anyAll(all: false).item().boolValue {
                throw PyError.value("Integers to negative integer powers are not allowed.")
            }
            return common == .bool ? .int8 : common
        default: return common
        }
    }

    static func binary(_ ufunc: Binary, _ a: NumpyConvert.Operand, _ b: NumpyConvert.Operand) throws -> NDArray {
        let type = try computeType(ufunc, a, b)
        let x = a.materialized(as: type)
        // numpy's fast paths for a scalar power: square, sqrt and reciprocal (others call pow).
        if ufunc == .power, type.isFloatingPoint, b.shape.isEmpty {
            let e = b.materialized(as: .float64).scalar(at: []).doubleValue
            if e == 2 { return try x.unary(.square) }
            if e == 0.5 { return try x.unary(.sqrt) }
            if e == -1 { return try x.unary(.reciprocal) }
            if e == 1 { return x.contiguousCopy() }
        }
        var y = b.materialized(as: type)
        var zeroDivisors: NDArray?
        if !type.isFloatingPoint && (ufunc == .floorDivide || ufunc == .remainder) {
            // numpy's integer division by zero gives 0 (with a warning), not an error.
            let zeros = try NDArray.compare(.eq, .array(y), .scalar(.int(0)))
            if try zeros.anyAll(all: false).item().boolValue {
                zeroDivisors = zeros
                y = try NDArray.where(zeros, .scalar(.int(1)), .array(y)).to(type)
            }
        }
        do {
            let r = try NDArray.binary(ufunc.op, .array(x), .array(y))
            guard let zeroDivisors else { return r }
            return try NDArray.where(zeroDivisors, .scalar(.int(0)), .array(r)).to(type)
        } catch let error as TensorError {
            throw numpyError(error, a.shape, b.shape)
        }
    }

    /// PyTorch's broadcast message in numpy's words.
    static func numpyError(_ error: TensorError, _ a: [Int], _ b: [Int]) -> Error {
        if error.kind == .runtimeError, error.message.contains("must match the size") {
            return PyError.value("operands could not be broadcast together with shapes \(shapeText(a)) \(shapeText(b)) ")
        }
        return error
    }

    static func shapeText(_ s: [Int]) -> String {
        "(" + s.map(String.init).joined(separator: ",") + (s.count == 1 ? ",)" : ")")
    }

    /// Writes a ufunc's result into `out` with numpy's `same_kind` casting rule.
    static func write(_ result: NDArray, into out: NDArray, ufunc: Binary) throws {
        if !canCastSameKind(result.dtype, to: out.dtype) {
            throw PyError("UFuncTypeError", "Cannot cast ufunc '\(ufunc.rawValue)' output from dtype('\(NumpyTypes.name(result.dtype))') to dtype('\(NumpyTypes.name(out.dtype))') with casting rule 'same_kind'")
        }
        let shape = try Broadcasting.shape(out.shape, result.shape)
        guard shape == out.shape else {
            throw PyError.value("non-broadcastable output operand with shape \(shapeText(out.shape)) doesn't match the broadcast shape \(shapeText(result.shape))")
        }
        try out.copyFrom(result)
    }

    private static func canCastSameKind(_ from: DType, to: DType) -> Bool {
        func kind(_ d: DType) -> Int { d == .bool ? 0 : (d.isFloatingPoint ? 2 : 1) }
        return kind(from) <= kind(to)
    }

    // MARK: One-argument functions

    enum Unary: String, CaseIterable {
        case sin, cos, tan, exp, log, sqrt, tanh, abs, absolute, square, negative, floor, ceil, sign, log1p, expm1
        case log2, log10, exp2, arcsin, arccos, arctan, sinh, cosh, rint, reciprocal

        /// Functions only defined on floats: integers compute in a float type.
        var floatOnly: Bool {
            switch self {
            case .abs, .absolute, .square, .negative, .sign, .reciprocal: false
            default: true
            }
        }
    }

    static func unary(_ f: Unary, _ x: NDArray) throws -> NDArray {
        var input = x
        if f.floatOnly && !x.dtype.isFloatingPoint { input = x.to(NumpyTypes.floatFor(x.dtype)) }
        switch f {
        case .sin: return try input.unary(.sin)
        case .cos: return try input.unary(.cos)
        case .exp: return try input.unary(.exp)
        case .log: return try input.unary(.log)
        case .sqrt: return try input.unary(.sqrt)
        case .tanh: return try input.unary(.tanh)
        case .abs, .absolute: return try input.unary(.abs)
        case .square: return try input.unary(.square)
        case .negative:
            if x.dtype == .bool {
                throw PyError.type("The numpy boolean negative, the `-` operator, is not supported, use the `~` operator or the logical_not function instead.")
            }
            return try input.unary(.neg)
        case .floor: return try input.unary(.floor)
        case .ceil: return try input.unary(.ceil)
        case .rint: return try input.unary(.round)
        case .sign: return try input.unary(.sign)
        case .log1p: return try input.unary(.log1p)
        case .reciprocal: return try input.unary(.reciprocal)
        case .tan: return map(input, Foundation.tan)
        case .expm1: return map(input, Foundation.expm1)
        case .log2: return map(input, Foundation.log2)
        case .log10: return map(input, Foundation.log10)
        case .exp2: return map(input, Foundation.exp2)
        case .arcsin: return map(input, Foundation.asin)
        case .arccos: return map(input, Foundation.acos)
        case .arctan: return map(input, Foundation.atan)
        case .sinh: return map(input, Foundation.sinh)
        case .cosh: return map(input, Foundation.cosh)
        }
    }

    /// f over every element, computed in double and stored in the input's float type.
    private static func map(_ x: NDArray, _ f: (Double) -> Double) -> NDArray {
        let values = x.to(.float64).contiguousCopy()
        let p = values.baseAddress.assumingMemoryBound(to: Double.self)
        for k in 0..<values.count { p[k] = f(p[k]) }
        return values.to(x.dtype)
    }
}

/// Python's operators on numpy arrays and scalars.
enum NumpyOperators {
    static func ufunc(_ op: BinaryOperator) -> NumpyUFuncs.Binary? {
        switch op {
        case .add: .add
        case .sub: .subtract
        case .mul: .multiply
        case .div: .divide
        case .floorDiv: .floorDivide
        case .mod: .remainder
        case .pow: .power
        default: nil
        }
    }

    static func binary(_ a: NDArray, _ op: BinaryOperator, _ other: Value, reflected: Bool, _ interp: Interpreter) throws -> Value? {
        guard let operand = try NumpyConvert.operand(other, interp) else { return nil }
        let mine = NumpyConvert.Operand.strong(a)
        let (left, right) = reflected ? (operand, mine) : (mine, operand)
        if let ufunc = ufunc(op) { return NumpyArrayObject.result(try NumpyUFuncs.binary(ufunc, left, right)) }
        switch op {
        case .matmul: return NumpyArrayObject.result(try NumpyLinearAlgebra.matmul(left, right, interp))
        case .and, .or, .xor:
            let type = NumpyConvert.Operand.resultType([left, right])
            guard type == .bool else { throw PyError.type("bitwise operations on integer arrays are not supported by tsh yet") }
            let logical: BinaryOp = op == .and ? .logicalAnd : (op == .or ? .logicalOr : .logicalXor)
            return NumpyArrayObject.result(try NDArray.logical(logical, .array(left.materialized(as: .bool)), .array(right.materialized(as: .bool))))
        default: return nil
        }
    }

    static func compare(_ a: NDArray, _ op: CompareOperator, _ other: Value, reflected: Bool, _ interp: Interpreter) throws -> Value? {
        let mapping: [CompareOperator: ComparisonOp] = [.eq: .eq, .ne: .ne, .lt: .lt, .le: .le, .gt: .gt, .ge: .ge]
        guard var c = mapping[op] else { return nil }
        guard let operand = try NumpyConvert.operand(other, interp) else {
            if op == .eq || op == .ne { return .bool(op == .ne) }
            return nil
        }
        if reflected {
            let swapped: [ComparisonOp: ComparisonOp] = [.lt: .gt, .le: .ge, .gt: .lt, .ge: .le, .eq: .eq, .ne: .ne]
            c = swapped[c]!
        }
        return NumpyArrayObject.result(try compare(c, .strong(a), operand))
    }

    static func compare(_ c: ComparisonOp, _ a: NumpyConvert.Operand, _ b: NumpyConvert.Operand) throws -> NDArray {
        let type = NumpyConvert.Operand.resultType([a, b])
        do {
            return try NDArray.compare(c, .array(a.materialized(as: type)), .array(b.materialized(as: type)))
        } catch let error as TensorError {
            throw NumpyUFuncs.numpyError(error, a.shape, b.shape)
        }
    }

    static func unary(_ a: NDArray, _ op: UnaryOperator) throws -> Value? {
        switch op {
        case .negate: return NumpyArrayObject.result(try NumpyUFuncs.unary(.negative, a))
        case .plus: return NumpyArrayObject.result(a.contiguousCopy())
        case .invert:
            guard a.dtype == .bool else { throw PyError.type("bitwise inversion of integer arrays is not supported by tsh yet") }
            return NumpyArrayObject.result(try a.unary(.logicalNot))
        case .not: return nil
        }
    }
}
