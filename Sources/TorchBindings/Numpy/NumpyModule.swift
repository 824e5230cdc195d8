import Autograd
import Foundation
import Interpreter

/// `import numpy as np`: the part of numpy the tutorials and their readers use — arrays of
/// float64/float32/int64/int32/bool (numpy's dtypes over tsh's NDArray), creation, numpy's
/// arithmetic and promotion, reductions in numpy's order, `np.random`'s legacy stream,
/// `linalg.norm`, and numpy 2.x's printing.
enum NumpyModule {
    static let version = "2.3.5"

    nonisolated(unsafe) static let ndarrayClass = TypeObject("ndarray") { _, _ in
        throw PyError.type("tsh makes arrays with np.array(...), np.zeros(...) and the like, not ndarray(...)")
    }

    nonisolated(unsafe) private static var scalarTypes: [DType: NumpyScalarType] = [:]
    private static let scalarTypesLock = NSLock()

    /// The one `np.float64` (etc.) object, so `type(x) is np.float64` holds.
    static func scalarType(_ d: DType) -> NumpyScalarType {
        scalarTypesLock.lock()
        defer { scalarTypesLock.unlock() }
        if let t = scalarTypes[d] { return t }
        let t = NumpyScalarType(d)
        scalarTypes[d] = t
        return t
    }

    static func install(into interp: Interpreter) {
        let np = ModuleObject(name: "numpy")
        var f: [String: Value] = [:]
        f["__version__"] = .string(version)
        f["pi"] = .float(Double.pi)
        f["e"] = .float(M_E)
        f["inf"] = .float(.infinity)
        f["nan"] = .float(.nan)
        f["newaxis"] = Value.none
        f["True_"] = NumpyScalar.wrap(NDArray(values: [.bool(true)], shape: [], dtype: .bool))
        f["False_"] = NumpyScalar.wrap(NDArray(values: [.bool(false)], shape: [], dtype: .bool))
        f["ndarray"] = .object(ndarrayClass)
        for (name, d) in [("float64", DType.float64), ("float32", .float32), ("float16", .float16), ("int64", .int64),
                          ("int32", .int32), ("int16", .int16), ("int8", .int8), ("uint8", .uint8), ("bool_", .bool),
                          ("bool", .bool), ("double", .float64), ("single", .float32), ("half", .float16), ("int_", .int64),
                          ("intp", .int64), ("longlong", .int64)] {
            f[name] = .object(scalarType(d))
        }
        f["dtype"] = .object(TypeObject("dtype") { a, i in
            guard let v = a.positional.first, let d = try NumpyTypes.dtype(v, i) else { throw PyError.type("dtype() needs a type") }
            return .object(NumpyDTypeObject(d))
        })
        creation(&f)
        functions(&f)
        arrangement(&f)
        for (name, value) in f { np.attributes[name] = value }

        let linalg = ModuleObject(name: "numpy.linalg")
        linalg.attributes["norm"] = function("linalg.norm", "x, ord=None, axis=None, keepdims=False") { b, i in
            let a = try array(b.required("x"), i)
            return NumpyArrayObject.result(try NumpyLinearAlgebra.norm(a, axes: try NumpyConvert.axes(b["axis"], rank: a.rank, i), keepdims: try NumpyMethods.flag(b, "keepdims", i)))
        }
        np.attributes["linalg"] = .object(linalg)
        let random = NumpyRandom.module()
        np.attributes["random"] = .object(random)
        interp.modules["numpy"] = .object(np)
        interp.modules["numpy.linalg"] = .object(linalg)
        interp.modules["numpy.random"] = .object(random)
    }

    /// A module function bound by its numpy signature (unhonoured arguments refused).
    static func function(_ name: String, _ spec: String, _ body: @escaping (BoundArguments, Interpreter) throws -> Value) -> Value {
        Signature.builtin(name, module: "numpy", spec, summary: "numpy.\(name), as numpy computes it.", example: "np.\(name)(...)", body)
    }

    /// An argument as an array: an ndarray or scalar as it is (no copy), anything else converted.
    static func array(_ v: Value, _ interp: Interpreter) throws -> NDArray {
        if case .object(let o as NumpyValue) = v { return o.array }
        return try NumpyConvert.array(v, dtype: nil, interp)
    }

    /// Writes `result` into `out=` when given (returning it), else returns the result.
    static func deliver(_ result: NDArray, out: Value?, ufunc: NumpyUFuncs.Binary?, _ interp: Interpreter) throws -> Value {
        guard var out else { return NumpyArrayObject.result(result) }
        if case .tuple(let items) = out, items.count == 1 { out = items[0] }
        guard case .object(let target as NumpyArrayObject) = out else {
            throw PyError.type("return arrays must be of ArrayType")
        }
        try NumpyUFuncs.write(result, into: target.array, ufunc: ufunc ?? .add)
        return out
    }

    static func clip(_ a: NDArray, _ low: Value?, _ high: Value?, _ interp: Interpreter) throws -> NDArray {
        func bound(_ v: Value?) throws -> Scalar? {
            guard let v else { return nil }
            if let s = Convert.scalar(v) { return s }
            if case .object(let o as NumpyScalar) = v { return o.value }
            throw PyError("NotImplementedError", "clip with array bounds is not supported by tsh yet")
        }
        let lo = try bound(low), hi = try bound(high)
        guard lo != nil || hi != nil else { return a.contiguousCopy() }
        let type = NumpyTypes.result(strong: [a.dtype], weak: [lo, hi].compactMap { $0 })
        return try a.to(type).clamp(min: lo, max: hi)
    }

    // MARK: Creation

    private static func creation(_ f: inout [String: Value]) {
        f["array"] = function("array", "object, dtype=None, *, copy=True, order='K', subok=False, ndmin=0") { b, i in
            NumpyArrayObject.wrap(try NumpyConvert.array(b.required("object"), dtype: try NumpyTypes.dtype(b["dtype"], i), i))
        }
        f["asarray"] = function("asarray", "a, dtype=None, order=None") { b, i in
            let v = b.required("a"), dtype = try NumpyTypes.dtype(b["dtype"], i)
            if case .object(let o as NumpyArrayObject) = v, dtype == nil || dtype == o.array.dtype { return v }
            return NumpyArrayObject.wrap(try NumpyConvert.array(v, dtype: dtype, i))
        }
        for (name, value) in [("zeros", Scalar.int(0)), ("ones", .int(1)), ("empty", .int(0))] {
            f[name] = function(name, "shape, dtype=None, order='C'") { b, i in
                let shape = try NumpyConvert.shape(b.required("shape"), i)
                return NumpyArrayObject.wrap(try NDArray.full(shape, value, dtype: try NumpyTypes.dtype(b["dtype"], i) ?? .float64))
            }
            f[name + "_like"] = function(name + "_like", "a, dtype=None, order='K', subok=True, shape=None") { b, i in
                let a = try array(b.required("a"), i)
                return NumpyArrayObject.wrap(try NDArray.full(a.shape, value, dtype: try NumpyTypes.dtype(b["dtype"], i) ?? a.dtype))
            }
        }
        f["full"] = function("full", "shape, fill_value, dtype=None, order='C'") { b, i in
            let shape = try NumpyConvert.shape(b.required("shape"), i)
            let fill = try array(b.required("fill_value"), i)
            return NumpyArrayObject.wrap(try NDArray.full(shape, try fill.item(), dtype: try NumpyTypes.dtype(b["dtype"], i) ?? fill.dtype))
        }
        f["full_like"] = function("full_like", "a, fill_value, dtype=None, order='K', subok=True, shape=None") { b, i in
            let a = try array(b.required("a"), i)
            let fill = try array(b.required("fill_value"), i)
            return NumpyArrayObject.wrap(try NDArray.full(a.shape, try fill.item(), dtype: try NumpyTypes.dtype(b["dtype"], i) ?? a.dtype))
        }
        f["eye"] = function("eye", "N, M=None, k=0, dtype=float, order='C'") { b, i in
            let n = try b.requiredInt("N", i), m = try Convert.int(b["M"], i) ?? n, k = try Convert.int(b["k"], i) ?? 0
            guard n >= 0, m >= 0 else { throw PyError.value("negative dimensions are not allowed") }
            try NumpyConvert.checkAllocation([n, m], dtype: .float64)
            let out = try NDArray.full([n, m], .int(0), dtype: try NumpyTypes.dtype(b["dtype"], i) ?? .float64)
            // The diagonal k places off the main one (k past the matrix leaves it all zeros).
            let offset = min(max(k, -n), m)
            for r in 0..<n where r + offset >= 0 && r + offset < m { out.setScalar(.int(1), at: [r, r + offset]) }
            return NumpyArrayObject.wrap(out)
        }
        f["identity"] = function("identity", "n, dtype=None") { b, i in
            let n = try b.requiredInt("n", i)
            guard n >= 0 else { throw PyError.value("negative dimensions are not allowed") }
            try NumpyConvert.checkAllocation([n, n], dtype: .float64)
            return NumpyArrayObject.wrap(try NDArray.eye(n, dtype: try NumpyTypes.dtype(b["dtype"], i) ?? .float64))
        }
        f["arange"] = function("arange", "*args, step=None, dtype=None") { b, i in
            NumpyArrayObject.wrap(try arange(b.variadic, step: b["step"], dtype: try NumpyTypes.dtype(b["dtype"], i), i))
        }
        f["linspace"] = function("linspace", "start, stop, num=50, endpoint=True, retstep=False, dtype=None, axis=0") { b, i in
            let start = try i.float(b.required("start")), stop = try i.float(b.required("stop"))
            let num = try Convert.int(b["num"], i) ?? 50
            let endpoint = try b["endpoint"].map { try i.truth($0) } ?? true
            guard num >= 0 else { throw PyError.value("Number of samples, \(num), must be non-negative.") }
            try NumpyConvert.checkAllocation([num], dtype: .float64)
            let div = endpoint ? num - 1 : num
            let delta = stop - start
            var values = [Double](repeating: 0, count: num)
            let step = div > 0 ? delta / Double(div) : .nan
            for k in 0..<num {
                let y = Double(k)
                values[k] = (div > 0 ? (step == 0 ? y / Double(div) * delta : y * step) : y * delta) + start
            }
            if endpoint && num > 1 { values[num - 1] = stop }
            let type = try NumpyTypes.dtype(b["dtype"], i) ?? .float64
            if !type.isFloatingPoint { values = values.map { $0.rounded(.down) } }
            return NumpyArrayObject.wrap(NDArray(values: values.map { .double($0) }, shape: [num], dtype: type))
        }
    }

    /// `np.arange([start,] stop[, step])`: numpy's length ceil((stop - start) / step), and for
    /// floats its fill rule: start + i * ((start + step) - start).
    static func arange(_ args: [Value], step stepArgument: Value?, dtype: DType?, _ interp: Interpreter) throws -> NDArray {
        var values = args
        if let s = stepArgument { values.append(s) }
        guard (1...3).contains(values.count) else { throw PyError.type("arange() requires stop to be specified.") }
        let numbers = try values.map { v -> Scalar in
            if let s = Convert.scalar(v) { return s }
            if case .object(let o as NumpyScalar) = v { return o.value }
            throw PyError.type("unsupported operand type(s) for -: '\(interp.typeName(v))' and 'int'")
        }
        let start = numbers.count > 1 ? numbers[0] : .int(0)
        let stop = numbers.count > 1 ? numbers[1] : numbers[0]
        let step = numbers.count > 2 ? numbers[2] : .int(1)
        let isFloat = numbers.contains { if case .double = $0 { true } else { false } }
        let type = dtype ?? (isFloat ? .float64 : .int64)
        guard step.doubleValue != 0 else { throw PyError("ZeroDivisionError", "division by zero") }
        let raw = ((stop.doubleValue - start.doubleValue) / step.doubleValue).rounded(.up)
        guard !raw.isNaN else { throw PyError.value("arange: cannot compute length") }
        // numpy's _arange_safe_ceil_to_intp: the length must fit in an intp either way.
        guard abs(raw) < 9.0e18 else { throw PyError.value("Maximum allowed size exceeded") }
        let length = raw > 0 ? Int(raw) : 0
        try NumpyConvert.checkAllocation([length], dtype: type)
        let out = NDArray(uninitialized: [length], dtype: isFloat || type.isFloatingPoint ? .float64 : .int64)
        if out.dtype == .float64 {
            let p = out.baseAddress.assumingMemoryBound(to: Double.self)
            let a = start.doubleValue, delta = (a + step.doubleValue) - a
            for k in 0..<length { p[k] = a + Double(k) * delta }
        } else {
            let p = out.baseAddress.assumingMemoryBound(to: Int64.self)
            let a = start.int64Value, s = step.int64Value
            for k in 0..<length { p[k] = a &+ Int64(k) &* s }
        }
        return out.to(type)
    }

    // MARK: Functions

    private static func functions(_ f: inout [String: Value]) {
        // The ndarray methods, as functions of an array.
        let delegated = ["reshape": "reshape", "transpose": "transpose", "ravel": "ravel", "squeeze": "squeeze", "sum": "sum",
                         "mean": "mean", "std": "std", "var": "var", "max": "max", "min": "min", "amax": "max", "amin": "min",
                         "argmax": "argmax", "argmin": "argmin", "prod": "prod", "any": "any", "all": "all", "cumsum": "cumsum",
                         "round": "round", "around": "round"]
        for (name, methodName) in delegated {
            let method = NumpyMethods.methods[methodName]!
            HelpRegistry.add("numpy.\(name)", name: name, spec: "a, " + method.signature.spec, summary: "numpy.\(name), as numpy computes it.", example: "np.\(name)(np.arange(6))")
            f[name] = .builtin(Builtin(name, qualifiedName: "numpy.\(name)", parameters: ["a"] + method.signature.parameterNames) { args, interp in
                var rest = args
                let target: Value
                if !rest.positional.isEmpty {
                    target = rest.positional.removeFirst()
                } else if let k = rest.keywords.firstIndex(where: { $0.0 == "a" }) {
                    target = rest.keywords.remove(at: k).1
                } else {
                    throw PyError.type("\(name)() missing 1 required positional argument: 'a'")
                }
                let a = try array(target, interp)
                return try method.signature.call(rest, methodCall: true, interp) { try method.body(a, $0, interp) }
            })
        }
        for ufunc in [NumpyUFuncs.Binary.add, .subtract, .multiply, .divide, .floorDivide, .remainder, .power, .maximum, .minimum] {
            let names = [ufunc.rawValue] + (ufunc == .divide ? ["true_divide"] : []) + (ufunc == .remainder ? ["mod"] : [])
            for name in names {
                f[name] = function(name, "x1, x2, out=None, *, where=True, casting='same_kind', dtype=None") { b, i in
                    let x1 = try NumpyConvert.requiredOperand(b.required("x1"), name, i)
                    let x2 = try NumpyConvert.requiredOperand(b.required("x2"), name, i)
                    return try deliver(try NumpyUFuncs.binary(ufunc, x1, x2), out: b["out"], ufunc: ufunc, i)
                }
            }
        }
        for ufunc in NumpyUFuncs.Unary.allCases {
            f[ufunc.rawValue] = function(ufunc.rawValue, "x, out=None, *, where=True, dtype=None") { b, i in
                try deliver(try NumpyUFuncs.unary(ufunc, try array(b.required("x"), i)), out: b["out"], ufunc: nil, i)
            }
        }
        f["abs"] = f["absolute"]
        f["dot"] = function("dot", "a, b, out=None") { b, i in
            NumpyArrayObject.result(try NumpyLinearAlgebra.dot(try NumpyConvert.requiredOperand(b.required("a"), "dot", i),
                                                               try NumpyConvert.requiredOperand(b.required("b"), "dot", i), i))
        }
        f["matmul"] = function("matmul", "x1, x2, out=None") { b, i in
            NumpyArrayObject.result(try NumpyLinearAlgebra.matmul(try NumpyConvert.requiredOperand(b.required("x1"), "matmul", i),
                                                                  try NumpyConvert.requiredOperand(b.required("x2"), "matmul", i), i))
        }
        f["median"] = function("median", "a, axis=None, out=None, overwrite_input=False, keepdims=False") { b, i in
            NumpyArrayObject.result(try NumpyReductions.median(try array(b.required("a"), i)))
        }
        f["clip"] = function("clip", "a, a_min=None, a_max=None, out=None") { b, i in
            NumpyArrayObject.result(try clip(try array(b.required("a"), i), b["a_min"], b["a_max"], i))
        }
        f["where"] = function("where", "condition, x=None, y=None") { b, i in
            let condition = try array(b.required("condition"), i).to(.bool)
            guard let xv = b["x"], let yv = b["y"] else {
                guard b["x"] == nil && b["y"] == nil else { throw PyError.value("either both or neither of x and y should be given") }
                let found = condition.rank == 0 ? try condition.reshape([1]).nonzero() : condition.nonzero()
                return .tuple(try (0..<max(condition.rank, 1)).map { NumpyArrayObject.wrap(try found.select(dim: 1, index: $0).contiguousCopy()) })
            }
            let x = try NumpyConvert.requiredOperand(xv, "where", i), y = try NumpyConvert.requiredOperand(yv, "where", i)
            let type = NumpyConvert.Operand.resultType([x, y])
            return NumpyArrayObject.result(try NDArray.where(condition, .array(x.materialized(as: type)), .array(y.materialized(as: type))))
        }
        for (name, test) in [("isnan", { (a: NDArray) in a.isNaN() }), ("isinf", { $0.isInfinite() }), ("isfinite", { $0.isFinite() })] {
            f[name] = function(name, "x, out=None") { b, i in NumpyArrayObject.result(test(try array(b.required("x"), i))) }
        }
        f["allclose"] = function("allclose", "a, b, rtol=1e-05, atol=1e-08, equal_nan=False") { b, i in
            let x = try array(b.required("a"), i), y = try array(b.required("b"), i)
            let type = NumpyTypes.promote(NumpyTypes.floatFor(x.dtype), NumpyTypes.floatFor(y.dtype))
            return .bool(try NDArray.allclose(x.to(type), y.to(type), rtol: try b["rtol"].map { try i.float($0) } ?? 1e-5,
                                              atol: try b["atol"].map { try i.float($0) } ?? 1e-8, equalNaN: try NumpyMethods.flag(b, "equal_nan", i)))
        }
        f["array_equal"] = function("array_equal", "a1, a2, equal_nan=False") { b, i in
            let x = try array(b.required("a1"), i), y = try array(b.required("a2"), i)
            guard x.shape == y.shape else { return .bool(false) }
            return .bool(try NumpyOperators.compare(.eq, .strong(x), .strong(y)).anyAll(all: true).item().boolValue)
        }
        f["concatenate"] = function("concatenate", "arrays, axis=0, out=None, dtype=None") { b, i in
            let parts = try joined(b.required("arrays"), i)
            if case .some(.none) = b.given("axis") {
                return NumpyArrayObject.wrap(try NDArray.cat(try parts.map { try $0.contiguousCopy().reshape([$0.count]) }, dim: 0))
            }
            guard parts.allSatisfy({ $0.rank > 0 }) else { throw PyError.value("zero-dimensional arrays cannot be concatenated") }
            let axis = try NumpyConvert.axes(b["axis"] ?? .int(0), rank: parts[0].rank, i)?.first ?? 0
            return NumpyArrayObject.wrap(try NDArray.cat(parts, dim: axis))
        }
        f["stack"] = function("stack", "arrays, axis=0, out=None, dtype=None") { b, i in
            let parts = try joined(b.required("arrays"), i)
            guard Set(parts.map(\.shape)).count == 1 else { throw PyError.value("all input arrays must have the same shape") }
            let axis = try NumpyConvert.axes(b["axis"] ?? .int(0), rank: parts[0].rank + 1, i)?.first ?? 0
            return NumpyArrayObject.wrap(try NDArray.stack(parts, dim: axis))
        }
        f["vstack"] = function("vstack", "tup, dtype=None") { b, i in
            let parts = try joined(b.required("tup"), i).map { $0.rank < 2 ? try $0.reshape([1, $0.count]) : $0 }
            return NumpyArrayObject.wrap(try NDArray.cat(parts, dim: 0))
        }
        f["hstack"] = function("hstack", "tup, dtype=None") { b, i in
            let parts = try joined(b.required("tup"), i).map { $0.rank == 0 ? try $0.reshape([1]) : $0 }
            return NumpyArrayObject.wrap(try NDArray.cat(parts, dim: parts[0].rank == 1 ? 0 : 1))
        }
    }

    private static func arrangement(_ f: inout [String: Value]) {
        f["sort"] = function("sort", "a, axis=-1, kind=None, order=None") { b, i in
            let a = try array(b.required("a"), i)
            let axis = b.given("axis").map { v -> Value in v } ?? .int(-1)
            return NumpyArrayObject.wrap(try NumpyArrangement.sort(a, axis: try NumpyConvert.axes(axis, rank: max(a.rank, 1), i)?.first))
        }
        f["argsort"] = function("argsort", "a, axis=-1, kind=None, order=None") { b, i in
            let a = try array(b.required("a"), i)
            let axis = b.given("axis").map { v -> Value in v } ?? .int(-1)
            return NumpyArrayObject.wrap(try NumpyArrangement.argsort(a, axis: try NumpyConvert.axes(axis, rank: max(a.rank, 1), i)?.first))
        }
        f["unique"] = function("unique", "ar, return_index=False, return_inverse=False, return_counts=False, axis=None") { b, i in
            NumpyArrayObject.wrap(try NumpyArrangement.unique(try array(b.required("ar"), i)))
        }
        f["nonzero"] = function("nonzero", "a") { b, i in try NumpyArrangement.nonzero(try array(b.required("a"), i)) }
        f["count_nonzero"] = function("count_nonzero", "a, axis=None, keepdims=False") { b, i in
            let a = try array(b.required("a"), i)
            let nonzero = try NDArray.compare(.ne, .array(a), .scalar(.int(0)))
            return NumpyArrayObject.result(try NumpyReductions.sum(nonzero, axes: try NumpyConvert.axes(b["axis"], rank: a.rank, i), keepdims: try NumpyMethods.flag(b, "keepdims", i)))
        }
        f["expand_dims"] = function("expand_dims", "a, axis") { b, i in
            let a = try array(b.required("a"), i)
            let axis = try NumpyConvert.axes(b.required("axis"), rank: a.rank + 1, i)?.first ?? 0
            return NumpyArrayObject.wrap(try a.unsqueeze(axis))
        }
        f["isclose"] = function("isclose", "a, b, rtol=1e-05, atol=1e-08, equal_nan=False") { b, i in
            let x = try array(b.required("a"), i), y = try array(b.required("b"), i)
            let type = NumpyTypes.promote(NumpyTypes.floatFor(x.dtype), NumpyTypes.floatFor(y.dtype))
            let rtol = try b["rtol"].map { try i.float($0) } ?? 1e-5, atol = try b["atol"].map { try i.float($0) } ?? 1e-8
            let gap = try NDArray.binary(.sub, .array(x.to(type)), .array(y.to(type))).unary(.abs)
            let allowed = try NDArray.binary(.add, .scalar(.double(atol)), .array(try NDArray.binary(.mul, .scalar(.double(rtol)), .array(try y.to(type).unary(.abs)))))
            var close = try NDArray.compare(.le, .array(gap), .array(allowed))
            close = try NDArray.logical(.logicalOr, .array(close), .array(try NDArray.compare(.eq, .array(x.to(type)), .array(y.to(type)))))
            if try NumpyMethods.flag(b, "equal_nan", i) {
                close = try NDArray.logical(.logicalOr, .array(close), .array(try NDArray.logical(.logicalAnd, .array(x.to(type).isNaN()), .array(y.to(type).isNaN()))))
            }
            return NumpyArrayObject.result(close)
        }
        f["tile"] = function("tile", "A, reps") { b, i in
            let reps = try NumpyMethods.shapeArguments([b.required("reps")], i)
            return NumpyArrayObject.wrap(try NumpyArrangement.tile(try array(b.required("A"), i), reps))
        }
        f["repeat"] = function("repeat", "a, repeats, axis=None") { b, i in
            let a = try array(b.required("a"), i)
            return NumpyArrayObject.wrap(try NumpyArrangement.repeatElements(a, try b.requiredInt("repeats", i), axis: try NumpyConvert.axes(b["axis"], rank: a.rank, i)?.first))
        }
        f["flip"] = function("flip", "m, axis=None") { b, i in
            let a = try array(b.required("m"), i)
            var r = a
            for axis in try NumpyConvert.axes(b["axis"], rank: a.rank, i) ?? Array(0..<a.rank) { r = try r.flip(dim: axis) }
            return NumpyArrayObject.wrap(r.contiguousCopy())
        }
        f["cumprod"] = function("cumprod", "a, axis=None, dtype=None, out=None") { b, i in
            let a = try array(b.required("a"), i)
            let x = a.to(try NumpyTypes.dtype(b["dtype"], i) ?? NumpyReductions.sumType(a.dtype))
            guard let axis = try NumpyConvert.axes(b["axis"], rank: a.rank, i)?.first else {
                return NumpyArrayObject.wrap(try x.contiguousCopy().reshape([x.count]).cumprod(dim: 0))
            }
            return NumpyArrayObject.wrap(try x.cumprod(dim: axis))
        }
        f["diff"] = function("diff", "a, n=1, axis=-1") { b, i in
            let a = try array(b.required("a"), i)
            guard a.rank > 0 else { throw PyError.value("diff requires input that is at least one dimensional") }
            let axis = try NumpyConvert.axes(b["axis"] ?? .int(-1), rank: a.rank, i)?.first ?? a.rank - 1
            return NumpyArrayObject.wrap(try NumpyArrangement.diff(a, n: try Convert.int(b["n"], i) ?? 1, axis: axis))
        }
        f["outer"] = function("outer", "a, b, out=None") { b, i in
            let x = try array(b.required("a"), i), y = try array(b.required("b"), i)
            let column = NumpyConvert.Operand.strong(try x.contiguousCopy().reshape([x.count, 1]))
            return NumpyArrayObject.wrap(try NumpyUFuncs.binary(.multiply, column, .strong(try y.contiguousCopy().reshape([y.count]))))
        }
        f["trace"] = function("trace", "a, offset=0, axis1=0, axis2=1, dtype=None, out=None") { b, i in
            let a = try array(b.required("a"), i)
            guard a.rank == 2 else { throw PyError("NotImplementedError", "numpy.trace of arrays that are not 2-d is not supported by tsh yet") }
            let diagonal = try (0..<min(a.shape[0], a.shape[1])).map { try a.select(dim: 0, index: $0).select(dim: 0, index: $0).item() }
            return NumpyArrayObject.result(try NumpyReductions.sum(NDArray(values: diagonal, shape: [diagonal.count], dtype: a.dtype), axes: nil, keepdims: false))
        }
        for name in ["logical_and", "logical_or", "logical_xor"] {
            f[name] = function(name, "x1, x2, out=None") { b, i in
                NumpyArrayObject.result(try NumpyArrangement.logical(name, try array(b.required("x1"), i), try array(b.required("x2"), i)))
            }
        }
        f["logical_not"] = function("logical_not", "x, out=None") { b, i in
            NumpyArrayObject.result(try NumpyArrangement.logical("logical_not", try array(b.required("x"), i), nil))
        }
    }

    /// The arrays of a concatenate/stack call, converted to their common numpy dtype.
    private static func joined(_ v: Value, _ interp: Interpreter) throws -> [NDArray] {
        let parts = try interp.materialize(v).map { try array($0, interp) }
        guard let first = parts.first else { throw PyError.value("need at least one array to concatenate") }
        let type = parts.dropFirst().reduce(first.dtype) { NumpyTypes.promote($0, $1.dtype) }
        return parts.map { $0.to(type) }
    }
}
