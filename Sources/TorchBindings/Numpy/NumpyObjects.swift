import Autograd
import Foundation
import Interpreter
import PythonSyntax

/// What numpy's arrays and scalars share: data held as an NDArray (a scalar as a 0-d one),
/// numpy's operators and methods.
protocol NumpyValue: PyObject {
    var array: NDArray { get }
}

/// `numpy.ndarray`: an NDArray as numpy shows it. It shares storage with the tensor it came
/// from (`t.numpy()`) or went to (`torch.from_numpy`), so writes on either side show on both.
final class NumpyArrayObject: NumpyValue {
    let array: NDArray
    init(_ array: NDArray) { self.array = array }

    /// The array as an ndarray, whatever its rank.
    static func wrap(_ a: NDArray) -> Value { .object(NumpyArrayObject(a)) }

    /// A ufunc's or reduction's result: a 0-d result is a numpy scalar, as in numpy.
    static func result(_ a: NDArray) -> Value { a.rank == 0 ? NumpyScalar.wrap(a) : wrap(a) }

    var typeName: String { "ndarray" }
    func repr(_ interp: Interpreter) throws -> String { NumpyFormat.repr(array) }
    func str(_ interp: Interpreter) throws -> String { NumpyFormat.str(array) }

    func format(_ spec: String, _ interp: Interpreter) throws -> String? {
        if array.rank == 0 { return try NumpyScalar(array).format(spec, interp) }
        if spec.isEmpty { return NumpyFormat.str(array) }
        throw PyError.type("unsupported format string passed to numpy.ndarray.__format__")
    }

    func getAttribute(_ name: String, _ interp: Interpreter) throws -> Value? {
        try NumpyMethods.attribute(array, name, owner: self, interp)
    }

    func attributeNames() -> [String] { NumpyMethods.names }

    func binary(_ op: BinaryOperator, _ other: Value, reflected: Bool, _ interp: Interpreter) throws -> Value? {
        try NumpyOperators.binary(array, op, other, reflected: reflected, interp)
    }

    func inPlace(_ op: BinaryOperator, _ other: Value, _ interp: Interpreter) throws -> Value? {
        guard let operand = try NumpyConvert.operand(other, interp), let ufunc = NumpyOperators.ufunc(op) else { return nil }
        try NumpyUFuncs.write(try NumpyUFuncs.binary(ufunc, .strong(array), operand), into: array, ufunc: ufunc)
        return .object(self)
    }

    func compare(_ op: CompareOperator, _ other: Value, reflected: Bool, _ interp: Interpreter) throws -> Value? {
        try NumpyOperators.compare(array, op, other, reflected: reflected, interp)
    }

    func unary(_ op: UnaryOperator, _ interp: Interpreter) throws -> Value? {
        try NumpyOperators.unary(array, op)
    }

    func getItem(_ index: Value, _ interp: Interpreter) throws -> Value? {
        let indices = try NumpyIndexing.convert(index, array, interp)
        let picked = try NumpyIndexing.numpyMessages { try array.index(indices) }
        // Integers alone pick a numpy scalar; anything else keeps an array.
        let onlyIntegers = indices.allSatisfy { if case .int = $0 { true } else { false } }
        return onlyIntegers && picked.rank == 0 ? NumpyScalar.wrap(picked.contiguousCopy()) : NumpyArrayObject.wrap(picked)
    }

    func setItem(_ index: Value, _ value: Value, _ interp: Interpreter) throws -> Bool {
        let indices = try NumpyIndexing.convert(index, array, interp)
        let source = try NumpyConvert.array(value, dtype: nil, interp)
        try NumpyIndexing.numpyMessages { try array.indexPut(indices, source.to(array.dtype)) }
        return true
    }

    func length(_ interp: Interpreter) throws -> Int? {
        guard array.rank > 0 else { throw PyError.type("len() of unsized object") }
        return array.shape[0]
    }

    func makeIterator(_ interp: Interpreter) throws -> PyIterator? {
        guard array.rank > 0 else { throw PyError.type("iteration over a 0-d array") }
        return PyIterator(try (0..<array.shape[0]).map { NumpyArrayObject.result(try array.select(dim: 0, index: $0)) })
    }

    func truth(_ interp: Interpreter) throws -> Bool? {
        guard array.count == 1 else {
            if array.count == 0 { return false }
            throw PyError.value("The truth value of an array with more than one element is ambiguous. Use a.any() or a.all()")
        }
        return try array.item().boolValue
    }

    func asNumber(_ interp: Interpreter) throws -> Value? {
        guard array.rank == 0 else { throw PyError.type("only 0-dimensional arrays can be converted to Python scalars") }
        return NumpyConvert.python(try array.item(), array.dtype)
    }

    func contains(_ value: Value, _ interp: Interpreter) throws -> Bool? {
        guard let operand = try NumpyConvert.operand(value, interp) else { return false }
        return try NDArray.compare(.eq, .array(array), operand.ndOperand).anyAll(all: false).item().boolValue
    }

    func isInstance(of cls: PyObject) -> Bool { cls === NumpyModule.ndarrayClass }
}

/// A numpy scalar (`np.float64(0.5)`, what `a.sum()` or `a[0]` gives): prints as the Python
/// number, reprs as `np.float64(0.5)`, and stays a numpy scalar through arithmetic with
/// Python numbers.
final class NumpyScalar: NumpyValue {
    let array: NDArray
    init(_ array: NDArray) { self.array = array }

    static func wrap(_ a: NDArray) -> Value { .object(NumpyScalar(a.rank == 0 ? a : (try? a.reshape([])) ?? a)) }

    var value: Scalar { array.scalar(at: []) }

    var typeName: String { NumpyTypes.name(array.dtype) }

    func repr(_ interp: Interpreter) throws -> String {
        if array.dtype == .bool { return value.boolValue ? "np.True_" : "np.False_" }
        return "np.\(NumpyTypes.name(array.dtype))(\(NumpyFormat.scalarText(array)))"
    }

    func str(_ interp: Interpreter) throws -> String { NumpyFormat.scalarText(array) }

    func format(_ spec: String, _ interp: Interpreter) throws -> String? {
        if spec.isEmpty { return NumpyFormat.scalarText(array) }
        return try interp.format(NumpyConvert.python(value, array.dtype), spec)
    }

    func getAttribute(_ name: String, _ interp: Interpreter) throws -> Value? {
        try NumpyMethods.attribute(array, name, owner: self, interp)
    }

    func attributeNames() -> [String] { NumpyMethods.names }

    func binary(_ op: BinaryOperator, _ other: Value, reflected: Bool, _ interp: Interpreter) throws -> Value? {
        try NumpyOperators.binary(array, op, other, reflected: reflected, interp)
    }

    func compare(_ op: CompareOperator, _ other: Value, reflected: Bool, _ interp: Interpreter) throws -> Value? {
        try NumpyOperators.compare(array, op, other, reflected: reflected, interp)
    }

    func unary(_ op: UnaryOperator, _ interp: Interpreter) throws -> Value? {
        try NumpyOperators.unary(array, op)
    }

    func truth(_ interp: Interpreter) throws -> Bool? { value.boolValue }
    func asNumber(_ interp: Interpreter) throws -> Value? { NumpyConvert.python(value, array.dtype) }

    func hashKey() throws -> HashKey? {
        switch NumpyConvert.python(value, array.dtype) {
        case .float(let d): return .number(d)
        case .int(let i): return Int(exactly: Double(i)) == i ? .number(Double(i)) : nil
        case .bool(let b): return .number(b ? 1 : 0)
        default: return nil
        }
    }

    func isInstance(of cls: PyObject) -> Bool {
        (cls as? NumpyScalarType)?.dtype == array.dtype
            || ((cls as? TypeObject)?.name == "float" && array.dtype == .float64)
    }
}

/// Python values to numpy's operands and arrays, and back.
enum NumpyConvert {
    /// An operand of a ufunc: an array or numpy scalar ("strong", its dtype counts), or a
    /// Python number ("weak": only its kind counts).
    enum Operand {
        case strong(NDArray)
        case weak(Scalar)

        var ndOperand: NDArray.Operand {
            switch self {
            case .strong(let a): .array(a)
            case .weak(let s): .scalar(s)
            }
        }

        var shape: [Int] { ndOperand.shape }

        /// The dtype a ufunc over these operands computes in (NEP 50).
        static func resultType(_ operands: [Operand]) -> DType {
            NumpyTypes.result(strong: operands.compactMap { if case .strong(let a) = $0 { a.dtype } else { nil } },
                              weak: operands.compactMap { if case .weak(let s) = $0 { s } else { nil } })
        }

        /// The operand as an array of `dtype` (a 0-d one for a number).
        func materialized(as dtype: DType) -> NDArray { ndOperand.materialized(as: dtype) }
    }

    /// nil for a value numpy would not take as a number or array here (so an operator can
    /// answer NotImplemented); lists and tuples become arrays, as numpy converts them.
    static func operand(_ v: Value, _ interp: Interpreter) throws -> Operand? {
        switch v {
        case .bool(let b): return .weak(.bool(b))
        case .int(let i): return .weak(.int(Int64(i)))
        case .bigInt: throw PyError("OverflowError", "Python int too large to convert to C long")
        case .float(let d): return .weak(.double(d))
        case .list, .tuple: return .strong(try array(v, dtype: nil, interp))
        case .object(let o):
            if let n = o as? NumpyValue { return .strong(n.array) }
            if let t = o as? TensorObject { return .strong(try tensorData(t.tensor)) }
            return nil
        default: return nil
        }
    }

    /// A required operand (`TypeError` naming the type otherwise).
    static func requiredOperand(_ v: Value, _ function: String, _ interp: Interpreter) throws -> Operand {
        if let o = try operand(v, interp) { return o }
        throw PyError.type("ufunc '\(function)' did not contain a loop with signature matching types (\(interp.typeName(v)))")
    }

    /// A tensor's data as numpy reads it (`__array__`), refused while it requires grad.
    static func tensorData(_ t: Tensor) throws -> NDArray {
        if t.requiresGrad {
            throw PyError.runtime("Can't call numpy() on Tensor that requires grad. Use tensor.detach().numpy() instead.")
        }
        return t.data
    }

    /// `np.array(v, dtype=)`: a new array (always a copy), with numpy's dtype inference
    /// (a Python float is float64, an int int64).
    static func array(_ v: Value, dtype: DType?, _ interp: Interpreter) throws -> NDArray {
        switch v {
        case .object(let o as NumpyValue): return o.array.contiguousCopy().to(dtype ?? o.array.dtype)
        case .object(let t as TensorObject):
            let data = try tensorData(t.tensor)
            return data.contiguousCopy().to(dtype ?? data.dtype)
        case .bool, .int, .float:
            let s = Convert.scalar(v)!
            return NDArray(values: [s], shape: [], dtype: dtype ?? inferred(s))
        case .list, .tuple:
            let nested = try Convert.nested(v, interp)
            var kind: DType?
            infer(nested, &kind)
            do {
                return try NDArray.from(nested, dtype: dtype ?? kind ?? .float64)
            } catch let error as TensorError where error.message.hasPrefix("expected sequence of length") {
                // numpy names the regular part of a ragged list.
                let depth = Int(error.message.split(separator: " ").drop { $0 != "dim" }.dropFirst().first ?? "0") ?? 0
                var shape: [Int] = [], probe = nested
                while shape.count < depth, case .list(let items) = probe, let first = items.first {
                    shape.append(items.count)
                    probe = first
                }
                throw PyError.value("setting an array element with a sequence. The requested array has an inhomogeneous shape after \(depth) dimensions. The detected shape was \(NumpyUFuncs.shapeText(shape)) + inhomogeneous part.")
            }
        case .string(let text):
            guard let dtype else { throw PyError.type("tsh's numpy has no string arrays (np.array of a str)") }
            if dtype.isFloatingPoint { return NDArray(values: [.double(try interp.float(v))], shape: [], dtype: dtype) }
            guard let n = Int(text.trimmingCharacters(in: .whitespaces)) else {
                throw PyError.value("invalid literal for int() with base 10: '\(text)'")
            }
            return NDArray(values: [.int(Int64(n))], shape: [], dtype: dtype)
        case .none:
            throw PyError.type("tsh's numpy has no object arrays (an array of None)")
        case .object(let o) where !(o is NumpyValue) && (try? o.makeIterator(interp)) != nil:
            // range(...), generators and other iterables: their items, as a list.
            return try array(.list(PyList(try interp.materialize(v))), dtype: dtype, interp)
        case .bigInt: throw PyError("OverflowError", "Python int too large to convert to C long")
        default:
            throw PyError.type("float() argument must be a string or a real number, not '\(interp.typeName(v))'")
        }
    }

    static func inferred(_ s: Scalar) -> DType {
        switch s {
        case .bool: .bool
        case .int: .int64
        case .double: .float64
        }
    }

    private static func infer(_ data: NDArray.NestedData, _ kind: inout DType?) {
        switch data {
        case .scalar(let s): kind = kind.map { NumpyTypes.promote($0, inferred(s)) } ?? inferred(s)
        case .array(let a): kind = kind.map { NumpyTypes.promote($0, a.dtype) } ?? a.dtype
        case .list(let items): for item in items { infer(item, &kind) }
        }
    }

    /// A numpy scalar as the Python number it holds (anything else as it is).
    static func pythonValue(_ v: Value) -> Value {
        if case .object(let o as NumpyScalar) = v { return python(o.value, o.array.dtype) }
        return v
    }

    /// An element as the Python number numpy's `item()` gives.
    static func python(_ s: Scalar, _ dtype: DType) -> Value {
        if dtype == .bool { return .bool(s.boolValue) }
        if dtype.isFloatingPoint { return .float(s.doubleValue) }
        return .int(Int(s.int64Value))
    }

    /// An `axis=` argument: nil for None, else the normalised axes.
    static func axes(_ v: Value?, rank: Int, _ interp: Interpreter) throws -> [Int]? {
        guard let v else { return nil }
        let raw: [Value]
        switch v {
        case .none: return nil
        case .tuple(let items): raw = items
        case .list: throw PyError.type("'list' object cannot be interpreted as an integer")
        default: raw = [v]
        }
        var seen = Set<Int>()
        return try raw.map { item in
            guard let axis = try interp.asIndex(item) else {
                throw PyError.type("'\(interp.typeName(item))' object cannot be interpreted as an integer")
            }
            guard axis >= -rank && axis < rank else {
                throw PyError("AxisError", "axis \(axis) is out of bounds for array of dimension \(rank)")
            }
            guard seen.insert(axis < 0 ? axis + rank : axis).inserted else { throw PyError.value("duplicate value in 'axis'") }
            return axis < 0 ? axis + rank : axis
        }
    }

    /// A shape argument: an int or a sequence of ints.
    static func shape(_ v: Value, _ interp: Interpreter) throws -> [Int] {
        let items: [Value]
        switch v {
        case .tuple(let t): items = t
        case .list: items = try interp.materialize(v)
        default: items = [v]
        }
        let shape = try items.map { item -> Int in
            guard let n = try interp.asIndex(item) else {
                throw PyError.type("'\(interp.typeName(item))' object cannot be interpreted as an integer")
            }
            guard n >= 0 else { throw PyError.value("negative dimensions are not allowed") }
            return n
        }
        try checkAllocation(shape, dtype: .float64)
        return shape
    }

    /// numpy's refusals of an array too large to make: `ValueError: array is too big; ...`
    /// when the byte count overflows, `MemoryError: Unable to allocate 7.28 TiB for an array
    /// with shape (...) and data type float64` beyond this machine's memory.
    static func checkAllocation(_ shape: [Int], dtype: DType) throws {
        var bytes = dtype.itemSize
        for s in shape {
            let (product, overflow) = bytes.multipliedReportingOverflow(by: s)
            guard !overflow, product <= Int64.max / 2 else {
                throw PyError.value("array is too big; `arr.size * arr.dtype.itemsize` is larger than the maximum possible size.")
            }
            bytes = product
        }
        if bytes > NDArray.maximumAllocation {
            let shapeText = "(" + shape.map(String.init).joined(separator: ", ") + (shape.count == 1 ? ",)" : ")")
            throw PyError("MemoryError", "Unable to allocate \(sizeText(bytes)) for an array with shape \(shapeText) and data type \(NumpyTypes.name(dtype))")
        }
    }

    /// numpy's `_size_to_string`: three significant figures in the largest binary unit.
    static func sizeText(_ bytes: Int) -> String {
        let units = ["bytes", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"]
        var unit = max(Int.bitWidth - bytes.leadingZeroBitCount - 1, 1) / 10
        var value = Double(bytes) / Double(1 << (unit * 10))
        if value.rounded() == 1024 {
            unit += 1
            value /= 1024
        }
        if unit == 0 { return "\(bytes) bytes" }
        if value.rounded() < 1000 {
            // Python's '{:#.3g}': three significant digits, the point kept.
            let digits = value >= 100 ? 0 : (value >= 10 ? 1 : 2)
            let text = String(format: "%.\(digits)f", value)
            return (text.contains(".") ? text : text + ".") + " " + units[unit]
        }
        return String(format: "%.0f.", value) + " " + units[unit]
    }
}

/// numpy subscripts: ints, slices (negative steps too), None, `...`, index and mask arrays.
enum NumpyIndexing {
    /// Runs an engine indexing call, putting PyTorch's index messages in numpy's words.
    static func numpyMessages<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as TensorError where error.kind == .indexError {
            let words = error.message.split(separator: " ").map(String.init)
            if error.message.contains("is out of bounds for dimension") {
                throw PyError.index(error.message.replacingOccurrences(of: "for dimension", with: "for axis"))
            }
            if error.message.hasPrefix("The shape of the mask"), words.count > 18 {
                // The shape of the mask [1] at index 0 does not match the shape of the indexed tensor [2] at index 0
                let mask = words[5].trimmingCharacters(in: CharacterSet(charactersIn: "[]")), axis = words[8]
                let size = words[18].trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
                throw PyError.index("boolean index did not match indexed array along axis \(axis); size of axis is \(size) but size of corresponding boolean axis is \(mask)")
            }
            throw error
        }
    }

    static func convert(_ index: Value, _ array: NDArray, _ interp: Interpreter) throws -> [TensorIndex] {
        let items: [Value]
        if case .tuple(let t) = index { items = t } else { items = [index] }
        var dim = 0
        var result: [TensorIndex] = []
        for item in items {
            var converted: TensorIndex
            switch item {
            case .object(let o as NumpyValue):
                if o is NumpyScalar, !o.array.dtype.isFloatingPoint, o.array.dtype != .bool {
                    converted = .int(Int(o.array.scalar(at: []).int64Value))
                } else if o.array.dtype.isFloatingPoint {
                    throw PyError.index("arrays used as indices must be of integer (or boolean) type")
                } else {
                    converted = .array(o.array)
                }
            case .slice(let a, let b, let c):
                let step = try Convert.int(c, interp) ?? 1
                guard step != 0 else { throw PyError.value("slice step cannot be zero") }
                if step < 0, dim < array.rank {
                    // A reversed slice: numpy gives a view, tsh a copy picked by index.
                    let (start, stop, s) = try interp.sliceBounds(count: array.shape[dim], a, b, c)
                    let picks = Array(stride(from: start, to: stop, by: s)).map { Scalar.int(Int64($0)) }
                    converted = .array(NDArray(values: picks, shape: [picks.count], dtype: .int64))
                } else {
                    converted = try TensorIndexing.one(item, interp)
                }
            case .float:
                throw PyError.index("only integers, slices (`:`), ellipsis (`...`), numpy.newaxis (`None`) and integer or boolean arrays are valid indices")
            default:
                converted = try TensorIndexing.one(item, interp)
            }
            if case .int(let i) = converted, dim < array.rank, i >= array.shape[dim] || i < -array.shape[dim] {
                throw PyError.index("index \(i) is out of bounds for axis \(dim) with size \(array.shape[dim])")
            }
            switch converted {
            case .newAxis: break
            case .ellipsis: dim = array.rank - (items.count - 1 - dim)
            case .array(let a) where a.dtype == .bool: dim += max(a.rank, 1)
            default: dim += 1
            }
            result.append(converted)
        }
        if result.filter({ if case .newAxis = $0 { false } else if case .ellipsis = $0 { false } else { true } }).count > array.rank {
            throw PyError.index("too many indices for array: array is \(array.rank)-dimensional, but \(result.count) were indexed")
        }
        return result
    }
}
