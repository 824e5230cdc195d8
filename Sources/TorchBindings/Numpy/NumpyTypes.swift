import Autograd
import Interpreter
import PythonSyntax

/// numpy's dtypes as tsh has them (the engine's DType, numpy's names), numpy 2.x's type
/// promotion (NEP 50: arrays and numpy scalars are "strong", Python numbers "weak"), and the
/// objects `np.float64` (a scalar type, callable) and `a.dtype` (`dtype('float64')`).
enum NumpyTypes {
    static func name(_ d: DType) -> String { NumpyFormat.name(d) }

    /// The dtypes numpy users reach for, by numpy's name.
    static let byName: [String: DType] = [
        "float64": .float64, "float32": .float32, "float16": .float16, "int64": .int64, "int32": .int32,
        "int16": .int16, "int8": .int8, "uint8": .uint8, "bool": .bool, "bool_": .bool, "double": .float64,
        "single": .float32, "half": .float16, "float": .float64, "int": .int64, "f8": .float64, "f4": .float32,
        "f2": .float16, "i8": .int64, "i4": .int32, "i2": .int16, "i1": .int8, "u1": .uint8, "?": .bool,
        "float_": .float64, "int_": .int64, "longlong": .int64, "intp": .int64,
    ]

    /// A `dtype=` argument: a numpy type or dtype, a name, or Python's `float` / `int` / `bool`.
    static func dtype(_ v: Value?, _ interp: Interpreter) throws -> DType? {
        guard let v else { return nil }
        switch v {
        case .none: return nil
        case .string(let s):
            guard let d = byName[s] else { throw PyError.type("data type '\(s)' not understood") }
            return d
        case .object(let o):
            if let t = o as? NumpyScalarType { return t.dtype }
            if let d = o as? NumpyDTypeObject { return d.dtype }
            if let t = o as? TypeObject {
                switch t.name {
                case "float": return .float64
                case "int": return .int64
                case "bool": return .bool
                default: break
                }
            }
            if let d = o as? DTypeObject, let dtype = d.dtype { return dtype }
        default: break
        }
        throw PyError.type("Cannot interpret '\(try interp.repr(v))' as a data type")
    }

    private static func kind(_ d: DType) -> Int { d == .bool ? 0 : (d.isFloatingPoint ? 2 : 1) }

    /// numpy's promote_types for the dtypes tsh has. Unlike PyTorch, an integer with a
    /// float gives a float wide enough to hold the integer (int64 with float32 is float64).
    static func promote(_ a: DType, _ b: DType) -> DType {
        if a == b { return a }
        switch (kind(a), kind(b)) {
        case (0, _): return b
        case (_, 0): return a
        case (2, 1): return floatHolding(b, atLeast: a)
        case (1, 2): return floatHolding(a, atLeast: b)
        case (2, 2):
            if a == .float64 || b == .float64 { return .float64 }
            if a == .float32 || b == .float32 { return .float32 }
            return a == .bfloat16 || b == .bfloat16 ? .float32 : .float16
        default:
            if a == .uint8 || b == .uint8 {
                let other = a == .uint8 ? b : a
                return other == .int8 ? .int16 : other
            }
            return a.itemSize >= b.itemSize ? a : b
        }
    }

    /// The smallest float at least `float` that holds every value of the integer type.
    private static func floatHolding(_ integer: DType, atLeast float: DType) -> DType {
        let needed: DType = switch integer {
        case .int8, .uint8: .float16
        case .int16: .float32
        default: .float64
        }
        return promote(needed, float)
    }

    /// The dtype of a ufunc over strong dtypes and weak Python numbers (NEP 50): a Python
    /// number only matters when it is of a higher kind (then the default int64 / float64).
    static func result(strong: [DType], weak: [Scalar]) -> DType {
        func has(_ kind: (Scalar) -> Bool) -> Bool { weak.contains(where: kind) }
        let isFloat: (Scalar) -> Bool = { if case .double = $0 { true } else { false } }
        let isInt: (Scalar) -> Bool = { if case .int = $0 { true } else { false } }
        guard let first = strong.first else {
            // Only Python numbers: their own kinds.
            return has(isFloat) ? .float64 : (has(isInt) ? .int64 : .bool)
        }
        let t = strong.dropFirst().reduce(first) { promote($0, $1) }
        if has(isFloat) && !t.isFloatingPoint { return .float64 }
        if has(isInt) && t == .bool { return .int64 }
        return t
    }

    /// The float type a float-only function (sin, sqrt, true division) computes an integer
    /// or bool type in.
    static func floatFor(_ d: DType) -> DType {
        if d.isFloatingPoint { return d }
        switch d {
        case .bool, .int8, .uint8: return .float16
        case .int16: return .float32
        default: return .float64
        }
    }
}

/// `np.float64`, `np.int64`, `np.bool_`, ...: the scalar types. Calling one makes a numpy
/// scalar (or an array from a sequence); as a `dtype=` it names the dtype.
final class NumpyScalarType: PyObject {
    let dtype: DType
    init(_ dtype: DType) { self.dtype = dtype }

    var typeName: String { "type" }
    func repr(_ interp: Interpreter) throws -> String { "<class 'numpy.\(NumpyTypes.name(dtype))'>" }

    func getAttribute(_ name: String, _ interp: Interpreter) throws -> Value? {
        switch name {
        case "__name__": return .string(NumpyTypes.name(dtype))
        default: return nil
        }
    }

    func call(_ args: Arguments, _ interp: Interpreter) throws -> Value? {
        guard args.keywords.isEmpty, args.positional.count <= 1 else {
            throw PyError.type("\(NumpyTypes.name(dtype))() takes at most 1 argument (\(args.count) given)")
        }
        guard let v = args.positional.first else { return NumpyScalar.wrap(NDArray(zeros: [], dtype: dtype)) }
        let array = try NumpyConvert.array(v, dtype: dtype, interp)
        return NumpyArrayObject.result(array)
    }

    func compare(_ op: CompareOperator, _ other: Value, reflected: Bool, _ interp: Interpreter) throws -> Value? {
        guard op == .eq || op == .ne else { return nil }
        let same = (try? NumpyTypes.dtype(other, interp)).flatMap { $0 } == dtype
        return .bool(op == .eq ? same : !same)
    }

    func hashKey() throws -> HashKey? { .string("numpy." + NumpyTypes.name(dtype)) }
}

/// `a.dtype`: prints as its name, equals its scalar type, its name and other dtypes.
final class NumpyDTypeObject: PyObject {
    let dtype: DType
    init(_ dtype: DType) { self.dtype = dtype }

    var typeName: String { "dtype[\(NumpyTypes.name(dtype))]" }
    func repr(_ interp: Interpreter) throws -> String { "dtype('\(NumpyTypes.name(dtype))')" }
    func str(_ interp: Interpreter) throws -> String { NumpyTypes.name(dtype) }

    func getAttribute(_ name: String, _ interp: Interpreter) throws -> Value? {
        switch name {
        case "name": return .string(NumpyTypes.name(dtype))
        case "itemsize": return .int(dtype.itemSize)
        case "kind": return .string(dtype == .bool ? "b" : (dtype.isFloatingPoint ? "f" : (dtype == .uint8 ? "u" : "i")))
        case "type": return .object(NumpyModule.scalarType(dtype))
        default: return nil
        }
    }

    func compare(_ op: CompareOperator, _ other: Value, reflected: Bool, _ interp: Interpreter) throws -> Value? {
        guard op == .eq || op == .ne else { return nil }
        let same = (try? NumpyTypes.dtype(other, interp)).flatMap { $0 } == dtype
        return .bool(op == .eq ? same : !same)
    }

    func hashKey() throws -> HashKey? { .string("numpy." + NumpyTypes.name(dtype)) }
}
