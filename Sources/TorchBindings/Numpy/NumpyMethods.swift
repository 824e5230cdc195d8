import Autograd
import Interpreter

/// The attributes and methods of `numpy.ndarray` (numpy scalars have the same ones). The
/// module's functions of the same names (`np.sum(a)`, `np.reshape(a, s)`) call these.
enum NumpyMethods {
    static let names = ["shape", "dtype", "ndim", "size", "itemsize", "nbytes", "T"] + methods.keys.sorted()

    static func attribute(_ a: NDArray, _ name: String, owner: PyObject, _ interp: Interpreter) throws -> Value? {
        switch name {
        case "shape": return .tuple(a.shape.map { .int($0) })
        case "dtype": return .object(NumpyDTypeObject(a.dtype))
        case "ndim": return .int(a.rank)
        case "size": return .int(a.count)
        case "itemsize": return .int(a.dtype.itemSize)
        case "nbytes": return .int(a.count * a.dtype.itemSize)
        case "T": return owner is NumpyScalar ? .object(owner) : NumpyArrayObject.wrap(a.reversedDims)
        case "__abs__":
            return .builtin(Builtin("__abs__") { _, _ in NumpyArrayObject.result(try NumpyUFuncs.unary(.abs, a)) })
        case "__class__": return owner is NumpyScalar ? .object(NumpyModule.scalarType(a.dtype)) : .object(NumpyModule.ndarrayClass)
        default:
            guard let method = methods[name] else { return nil }
            return .builtin(Builtin(name, qualifiedName: "ndarray.\(name)", parameters: method.signature.parameterNames) { args, interp in
                try method.signature.call(args, methodCall: true, interp) { try method.body(a, $0, interp) }
            })
        }
    }

    struct Method {
        let signature: Signature
        let body: (NDArray, BoundArguments, Interpreter) throws -> Value
        init(_ name: String, _ spec: String, _ body: @escaping (NDArray, BoundArguments, Interpreter) throws -> Value) {
            signature = Signature(name, spec)
            self.body = body
        }
    }

    static func axes(_ b: BoundArguments, _ a: NDArray, _ interp: Interpreter) throws -> [Int]? {
        try NumpyConvert.axes(b["axis"], rank: a.rank, interp)
    }

    static func flag(_ b: BoundArguments, _ name: String, _ interp: Interpreter) throws -> Bool {
        try b[name].map { try interp.truth($0) } ?? false
    }

    /// A shape given as `*shape` (ints, or one tuple or list).
    static func shapeArguments(_ values: [Value], _ interp: Interpreter) throws -> [Int] {
        if values.count == 1, case .tuple = values[0] { return try signedShape(values[0], interp) }
        if values.count == 1, case .list = values[0] { return try signedShape(values[0], interp) }
        return try signedShape(.tuple(values), interp)
    }

    /// A reshape target (one -1 allowed).
    private static func signedShape(_ v: Value, _ interp: Interpreter) throws -> [Int] {
        try interp.materialize(v).map { item in
            guard let n = try interp.asIndex(item) else {
                throw PyError.type("'\(interp.typeName(item))' object cannot be interpreted as an integer")
            }
            return n
        }
    }

    static func reshape(_ a: NDArray, _ shape: [Int]) throws -> NDArray {
        if shape.filter({ $0 == -1 }).count > 1 { throw PyError.value("can only specify one unknown dimension") }
        do {
            return try a.reshape(shape)
        } catch {
            throw PyError.value("cannot reshape array of size \(a.count) into shape \(NumpyUFuncs.shapeText(shape))")
        }
    }

    private static func scalarOrArray(_ r: NDArray) -> Value { NumpyArrayObject.result(r) }

    static let methods: [String: Method] = {
        var m: [String: Method] = [:]
        func add(_ name: String, _ spec: String, _ body: @escaping (NDArray, BoundArguments, Interpreter) throws -> Value) {
            m[name] = Method(name, spec, body)
        }
        add("reshape", "*shape, order='C'") { a, b, i in NumpyArrayObject.wrap(try reshape(a, try shapeArguments(b.variadic, i))) }
        add("astype", "dtype, order='K', casting='unsafe', subok=True, copy=True") { a, b, i in
            guard let type = try NumpyTypes.dtype(b.required("dtype"), i) else { throw PyError.type("astype() needs a dtype") }
            return NumpyArrayObject.result(a.converted(to: type))
        }
        add("tolist", "") { a, _, _ in TensorMethods.toList(a.toNestedData()) }
        add("item", "") { a, _, _ in
            guard a.count == 1 else { throw PyError.value("can only convert an array of size 1 to a Python scalar") }
            return NumpyConvert.python(try a.item(), a.dtype)
        }
        add("copy", "order='C'") { a, _, _ in NumpyArrayObject.result(a.contiguousCopy()) }
        add("flatten", "order='C'") { a, _, _ in NumpyArrayObject.wrap(try a.contiguousCopy().reshape([a.count])) }
        add("ravel", "order='C'") { a, _, _ in NumpyArrayObject.wrap(try a.reshape([a.count])) }
        add("transpose", "*axes") { a, b, i in
            if b.variadic.isEmpty { return NumpyArrayObject.wrap(a.reversedDims) }
            let axes = try shapeArguments(b.variadic, i)
            guard axes.count == a.rank else { throw PyError.value("axes don't match array") }
            let normalized = try axes.map { axis in
                guard axis >= -a.rank && axis < a.rank else {
                    throw PyError("AxisError", "axis \(axis) is out of bounds for array of dimension \(a.rank)")
                }
                return axis < 0 ? axis + a.rank : axis
            }
            guard Set(normalized).count == normalized.count else { throw PyError.value("repeated axis in transpose") }
            return NumpyArrayObject.wrap(try a.permute(normalized))
        }
        add("squeeze", "axis=None") { a, b, i in
            NumpyArrayObject.wrap(try a.squeeze(try axes(b, a, i)))
        }
        add("sum", "axis=None, dtype=None, out=None, keepdims=False") { a, b, i in
            scalarOrArray(try NumpyReductions.sum(a, axes: try axes(b, a, i), keepdims: try flag(b, "keepdims", i), dtype: try NumpyTypes.dtype(b["dtype"], i)))
        }
        add("mean", "axis=None, dtype=None, out=None, keepdims=False") { a, b, i in
            scalarOrArray(try NumpyReductions.mean(a, axes: try axes(b, a, i), keepdims: try flag(b, "keepdims", i), dtype: try NumpyTypes.dtype(b["dtype"], i)))
        }
        for (name, root) in [("var", false), ("std", true)] {
            add(name, "axis=None, dtype=None, out=None, ddof=0, keepdims=False") { a, b, i in
                let ddof = try b["ddof"].map { try i.float($0) } ?? 0
                return scalarOrArray(try NumpyReductions.variance(a, axes: try axes(b, a, i), ddof: ddof, keepdims: try flag(b, "keepdims", i), root: root))
            }
        }
        for (name, largest) in [("max", true), ("min", false)] {
            add(name, "axis=None, out=None, keepdims=False") { a, b, i in
                scalarOrArray(try NumpyReductions.extremum(a, largest: largest, axes: try axes(b, a, i), keepdims: try flag(b, "keepdims", i)))
            }
        }
        for (name, largest) in [("argmax", true), ("argmin", false)] {
            add(name, "axis=None, out=None, keepdims=False") { a, b, i in
                guard a.count > 0 else { throw PyError.value("attempt to get \(name) of an empty sequence") }
                let axis = try axes(b, a, i)?.first
                return scalarOrArray(try a.argExtremum(largest: largest, dim: axis, keepdim: try flag(b, "keepdims", i)))
            }
        }
        add("prod", "axis=None, dtype=None, out=None, keepdims=False") { a, b, i in
            let x = a.to(try NumpyTypes.dtype(b["dtype"], i) ?? NumpyReductions.sumType(a.dtype))
            return scalarOrArray(try x.prod(dims: try axes(b, a, i), keepdim: try flag(b, "keepdims", i)))
        }
        for (name, all) in [("any", false), ("all", true)] {
            add(name, "axis=None, out=None, keepdims=False") { a, b, i in
                scalarOrArray(try a.anyAll(all: all, dims: try axes(b, a, i), keepdim: try flag(b, "keepdims", i)))
            }
        }
        add("cumsum", "axis=None, dtype=None, out=None") { a, b, i in
            let x = a.to(try NumpyTypes.dtype(b["dtype"], i) ?? NumpyReductions.sumType(a.dtype))
            guard let axis = try axes(b, a, i)?.first else { return NumpyArrayObject.wrap(try x.contiguousCopy().reshape([x.count]).cumsum(dim: 0)) }
            return NumpyArrayObject.wrap(try x.cumsum(dim: axis))
        }
        add("dot", "b, out=None") { a, b, i in
            scalarOrArray(try NumpyLinearAlgebra.dot(.strong(a), try NumpyConvert.requiredOperand(b.required("b"), "dot", i), i))
        }
        add("fill", "value") { a, b, i in
            let v = b.required("value")
            try a.fill(try Convert.scalar(v) ?? NumpyConvert.array(v, dtype: a.dtype, i).item())
            return .none
        }
        add("sort", "axis=-1, kind=None, order=None") { a, b, i in
            guard a.rank > 0 else { throw PyError("AxisError", "axis -1 is out of bounds for array of dimension 0") }
            let axis = try NumpyConvert.axes(b["axis"] ?? .int(-1), rank: a.rank, i)?.first ?? a.rank - 1
            try a.copyFrom(try NumpyArrangement.sort(a, axis: axis))
            return .none
        }
        add("argsort", "axis=-1, kind=None, order=None") { a, b, i in
            let axis = b.given("axis").map { v -> Value in v } ?? .int(-1)
            return NumpyArrayObject.wrap(try NumpyArrangement.argsort(a, axis: try NumpyConvert.axes(axis, rank: max(a.rank, 1), i)?.first))
        }
        add("nonzero", "") { a, _, _ in try NumpyArrangement.nonzero(a) }
        add("repeat", "repeats, axis=None") { a, b, i in
            NumpyArrayObject.wrap(try NumpyArrangement.repeatElements(a, try b.requiredInt("repeats", i), axis: try axes(b, a, i)?.first))
        }
        add("cumprod", "axis=None, dtype=None, out=None") { a, b, i in
            let x = a.to(try NumpyTypes.dtype(b["dtype"], i) ?? NumpyReductions.sumType(a.dtype))
            guard let axis = try axes(b, a, i)?.first else { return NumpyArrayObject.wrap(try x.contiguousCopy().reshape([x.count]).cumprod(dim: 0)) }
            return NumpyArrayObject.wrap(try x.cumprod(dim: axis))
        }
        add("clip", "min=None, max=None, out=None") { a, b, i in
            scalarOrArray(try NumpyModule.clip(a, b["min"], b["max"], i))
        }
        add("round", "decimals=0, out=None") { a, b, i in
            let decimals = try b["decimals"].flatMap { try i.asIndex($0) } ?? 0
            // numpy takes decimals as a C int.
            guard decimals >= Int(Int32.min) else { throw PyError("OverflowError", "signed integer is less than minimum") }
            guard decimals <= Int(Int32.max) else { throw PyError("OverflowError", "signed integer is greater than maximum") }
            return scalarOrArray(try NumpyReductions.round(a, decimals: decimals))
        }
        return m
    }()
}
