import Autograd
import CreationSite
import Interpreter
import PythonSyntax

/// The methods of torch.Tensor. Each is also reachable as `torch.name(tensor, ...)` when
/// PyTorch has that function (TorchModule routes there with the tensor first).
enum TensorMethods {
    typealias Impl = (Tensor, BoundArguments, Interpreter) throws -> Value

    struct Method {
        let signature: Signature
        let impl: Impl
    }

    static func wrap(_ t: Tensor) -> Value { TensorObject.wrap(t) }

    /// A tensor in a graph whose value becomes a Python number leaves the graph there
    /// (`:why` names the line).
    static func noteNumberExit(_ t: Tensor) {
        if t.requiresGrad { GradMode.noteNumberExit(of: t, site: tsh_get_creation_site()) }
    }

    /// A bound method of `object` named `name`, or nil.
    static func method(_ object: TensorObject, _ name: String, _ interp: Interpreter) throws -> Value? {
        if let op = OpDeclarations.byName[name], op.forms.contains(.method) {
            return .builtin(Builtin(name, qualifiedName: "Tensor.\(name)", parameters: op.signature.parameters.dropFirst().filter { !$0.variadic }.map(\.name)) { args, interp in
                var a = args
                a.positional.insert(.object(object), at: 0)
                return try op.signature.call(a, skipping: 1, interp) { try op.impl(object.tensor, $0, interp) }
            })
        }
        guard let m = table[name] else { return nil }
        return .builtin(Builtin(name, qualifiedName: "Tensor.\(name)", parameters: m.signature.parameters.dropFirst().filter { !$0.variadic }.map(\.name)) { args, interp in
            var a = args
            a.positional.insert(.object(object), at: 0)
            return try m.signature.call(a, skipping: 1, interp) { try m.impl(object.tensor, $0, interp) }
        })
    }

    /// Calls the method `name` with the tensor as its first argument (`torch.name(t, ...)`).
    static func call(_ name: String, _ args: Arguments, _ interp: Interpreter) throws -> Value {
        let m = table[name]!
        return try m.signature.call(args, skipping: 1, interp) { bound in
            try m.impl(try Convert.requireTensor(bound.given("input"), name, "input", interp), bound, interp)
        }
    }

    /// Calls a declared op as `torch.NAME(input, ...)`.
    static func call(_ op: OpDeclaration, _ args: Arguments, _ interp: Interpreter) throws -> Value {
        try op.signature.call(args, skipping: 1, interp) { bound in
            try op.impl(try Convert.requireTensor(bound.given("input"), op.name, "input", interp), bound, interp)
        }
    }

    static var names: [String] {
        Array(table.keys) + OpDeclarations.all.filter { $0.forms.contains(.method) }.flatMap { [$0.name] + $0.aliases }
    }

    /// Other names of the same methods, left out of completion lists so they stay short.
    static let aliases: Set<String> = ["greater", "greater_equal", "less", "less_equal", "not_equal", "multiply", "divide",
                                       "subtract", "true_divide", "negative", "absolute", "swapaxes", "clip", "ndimension",
                                       "nelement"]

    static func int(_ b: BoundArguments, _ name: String, _ i: Interpreter) throws -> Int? { try Convert.int(b[name], i) }
    static func flag(_ b: BoundArguments, _ name: String, _ i: Interpreter, _ d: Bool = false) throws -> Bool {
        try Convert.bool(b[name], i) ?? d
    }
    static func other(_ b: BoundArguments, _ i: Interpreter, _ name: String = "other") throws -> TensorOperand {
        guard let v = b[name] else { throw PyError.type("\(b.function)() missing required argument '\(name)'") }
        return try Convert.operand(v, b.function, i)
    }
    /// The `alpha=` of add/sub: a number (PyTorch's TypeError for anything else).
    static func alpha(_ b: BoundArguments, _ function: String, _ i: Interpreter) throws -> Scalar? {
        guard let v = b["alpha"] else { return nil }
        guard let s = Convert.scalar(v) else {
            throw PyError.type("\(function)(): argument 'alpha' must be Number, not \(i.typeName(v))")
        }
        return s
    }

    static func shapeArgs(_ b: BoundArguments, _ i: Interpreter, _ first: String) throws -> [Int] {
        var values = b.variadic
        if let f = b[first] { values.insert(f, at: 0) }
        return try Convert.shape(values, i)
    }

    static func unaryMethod(_ op: UnaryOp) -> Method {
        Method(signature: Signature("unary", "input")) { t, _, _ in wrap(try t.unary(op)) }
    }

    static func unaryInPlace(_ op: UnaryOp) -> Method {
        Method(signature: Signature("unary_", "input")) { t, _, _ in try t.unaryInPlace(op); return wrap(t) }
    }

    static func reduction(_ name: String, _ body: @escaping (Tensor, [Int]?, Bool, Interpreter, BoundArguments) throws -> Value) -> Method {
        Method(signature: Signature(name, "input, dim=None, keepdim=False, *, dtype=None")) { t, b, i in
            try body(t, try Convert.dims(b["dim"], i), try flag(b, "keepdim", i), i, b)
        }
    }

    /// max/min: the full reduction, along a dim (values and indices), or element-wise with another tensor.
    static func extremum(_ name: String, largest: Bool) -> Method {
        Method(signature: Signature(name, "input, dim=None, keepdim=False")) { t, b, i in
            if let other = b["dim"], let o = Convert.tensor(other) {
                return wrap(try t.extremum(o, largest: largest))
            }
            guard let dim = try int(b, "dim", i) else { return wrap(try t.extremum(largest: largest)) }
            let (values, indices) = try t.extremum(largest: largest, dim: dim, keepdim: try flag(b, "keepdim", i))
            return .object(ReturnTypesObject(name, values: wrap(values), indices: wrap(indices)))
        }
    }

    static func varianceMethod(_ name: String, root: Bool) -> Method {
        Method(signature: Signature(name, "input, dim=None, unbiased=None, keepdim=False, *, correction=None")) { t, b, i in
            var correction = 1.0
            if let c = try Convert.double(b["correction"], i) { correction = c }
            if let u = b["unbiased"] {
                if case .bool(let flag) = u { correction = flag ? 1 : 0 } else if let dims = try? Convert.dims(u, i), b["dim"] == nil {
                    // std(0) passes the dim positionally where unbiased would go in an older overload.
                    return wrap(try t.variance(dims: dims, correction: correction, keepdim: try flag(b, "keepdim", i), takeRoot: root))
                }
            }
            if case .bool(let flag)? = b["dim"] {
                return wrap(try t.variance(correction: flag ? 1 : 0, takeRoot: root))
            }
            return wrap(try t.variance(dims: try Convert.dims(b["dim"], i), correction: correction,
                                       keepdim: try flag(b, "keepdim", i), takeRoot: root))
        }
    }

    static func conversion(_ dtype: DType) -> Method {
        Method(signature: Signature("to", "input")) { t, _, _ in wrap(t.to(dtype)) }
    }

    static let table: [String: Method] = {
        var m: [String: Method] = [:]
        // Introspection and conversion.
        m["size"] = Method(signature: Signature("size", "input, dim=None")) { t, b, i in
            guard let d = try int(b, "dim", i) else { return .object(SizeObject(t.shape)) }
            return .int(t.shape[try t.data.normalizedDim(d)])
        }
        m["dim"] = Method(signature: Signature("dim", "input")) { t, _, _ in .int(t.rank) }
        m["ndimension"] = m["dim"]
        m["numel"] = Method(signature: Signature("numel", "input")) { t, _, _ in .int(t.count) }
        m["nelement"] = m["numel"]
        m["element_size"] = Method(signature: Signature("element_size", "input")) { t, _, _ in .int(t.dtype.itemSize) }
        m["item"] = Method(signature: Signature("item", "input")) { t, _, _ in
            let value = Convert.value(try t.data.item())
            noteNumberExit(t)
            return value
        }
        m["tolist"] = Method(signature: Signature("tolist", "input")) { t, _, _ in
            noteNumberExit(t)
            return toList(t.data.toNestedData())
        }
        m["is_contiguous"] = Method(signature: Signature("is_contiguous", "input")) { t, _, _ in .bool(t.data.isContiguous) }
        m["is_floating_point"] = Method(signature: Signature("is_floating_point", "input")) { t, _, _ in .bool(t.dtype.isFloatingPoint) }
        m["contiguous"] = Method(signature: Signature("contiguous", "input")) { t, _, _ in wrap(t.contiguous()) }
        m["clone"] = Method(signature: Signature("clone", "input")) { t, _, _ in wrap(t.clone()) }
        m["detach"] = Method(signature: Signature("detach", "input")) { t, _, _ in wrap(t.detach()) }
        m["detach_"] = Method(signature: Signature("detach_", "input")) { t, _, _ in try t.detachInPlace(); return wrap(t) }
        m["requires_grad_"] = Method(signature: Signature("requires_grad_", "input, requires_grad=True")) { t, b, i in
            try t.setRequiresGrad(try flag(b, "requires_grad", i, true))
            return wrap(t)
        }
        m["retain_grad"] = Method(signature: Signature("retain_grad", "input")) { t, _, _ in try t.retainGrad(); return .none }
        m["backward"] = Method(signature: Signature("backward", "input, gradient=None, retain_graph=None, create_graph=False, inputs=None")) { t, b, i in
            let gradient = try b["gradient"].map { try Convert.requireTensor($0, "backward", "gradient", i) }
            let createGraph = try flag(b, "create_graph", i)
            let inputs = try b["inputs"].flatMap { v -> [Tensor]? in
                if case .none = v { return nil }
                return try Convert.tensor(v).map { [$0] } ?? TorchRuntime.tensors(v, i)
            }
            try AutogradTools.reportingAnomaly(i) {
                try t.backward(gradient: gradient, retainGraph: try Convert.bool(b["retain_graph"], i) ?? createGraph,
                               createGraph: createGraph, inputs: inputs)
            }
            return .none
        }
        m["register_hook"] = Method(signature: Signature("register_hook", "input, hook")) { t, b, i in
            let hook = b["hook"]!
            let remove = try t.registerHook { grad in
                let result = try i.call(hook, Arguments([wrap(grad)]))
                if case .none = result { return nil }
                guard let replaced = Convert.tensor(result) else {
                    throw PyError.type("hook must return None or a Tensor")
                }
                return replaced
            }
            return .object(HookHandle(remove))
        }
        m["float"] = conversion(.float32)
        m["double"] = conversion(.float64)
        m["long"] = conversion(.int64)
        m["bool"] = conversion(.bool)
        m["int"] = conversion(.int32)
        m["to"] = Method(signature: Signature("to", "input, dtype=None, *args, non_blocking=False, copy=False")) { t, b, i in
            var target: DType?
            for v in [b.given("dtype")].compactMap({ $0 }) + b.variadic {
                if case .object(let o) = v, o is DTypeObject { target = try Convert.dtype(v, i) }
                if let other = Convert.tensor(v) { target = other.dtype }
            }
            return wrap(target.map { t.to($0) } ?? t)
        }
        m["type"] = Method(signature: Signature("type", "input, dtype=None")) { t, b, i in
            guard let d = b["dtype"] else { return .string(t.dtype.typeName) }
            return wrap(t.to(try Convert.dtype(d, i)!))
        }
        // Shapes and views.
        m["view"] = Method(signature: Signature("view", "input, *shape")) { t, b, i in
            if b.variadic.count == 1, case .object(let o) = b.variadic[0], o is DTypeObject {
                throw PyError.type("tsh does not reinterpret tensor bytes (view(dtype))")
            }
            return wrap(try t.view(try Convert.shape(b.variadic, i)))
        }
        m["reshape"] = Method(signature: Signature("reshape", "input, *shape")) { t, b, i in wrap(try t.reshape(try Convert.shape(b.variadic, i))) }
        m["view_as"] = Method(signature: Signature("view_as", "input, other")) { t, b, i in
            wrap(try t.view(try Convert.requireTensor(b["other"], "view_as", "other", i).shape))
        }
        m["reshape_as"] = Method(signature: Signature("reshape_as", "input, other")) { t, b, i in
            wrap(try t.reshape(try Convert.requireTensor(b["other"], "reshape_as", "other", i).shape))
        }
        m["t"] = Method(signature: Signature("t", "input")) { t, _, _ in wrap(try t.t()) }
        m["transpose"] = Method(signature: Signature("transpose", "input, dim0, dim1")) { t, b, i in
            wrap(try t.transpose(try int(b, "dim0", i)!, try int(b, "dim1", i)!))
        }
        m["swapaxes"] = m["transpose"]
        m["permute"] = Method(signature: Signature("permute", "input, *dims")) { t, b, i in wrap(try t.permute(try Convert.shape(b.variadic, i))) }
        m["squeeze"] = Method(signature: Signature("squeeze", "input, dim=None")) { t, b, i in
            guard let v = b["dim"] else { return wrap(try t.squeeze()) }
            if case .tuple = v { return wrap(try t.squeeze(try Convert.dims(v, i), single: false)) }
            return wrap(try t.squeeze([try Convert.int(v, i)!]))
        }
        m["unsqueeze"] = Method(signature: Signature("unsqueeze", "input, dim")) { t, b, i in wrap(try t.unsqueeze(try int(b, "dim", i)!)) }
        m["unsqueeze_"] = Method(signature: Signature("unsqueeze_", "input, dim")) { t, b, i in
            try t.unsqueezeInPlace(try int(b, "dim", i)!)
            return wrap(t)
        }
        m["expand"] = Method(signature: Signature("expand", "input, *sizes")) { t, b, i in wrap(try t.expand(try Convert.shape(b.variadic, i))) }
        m["expand_as"] = Method(signature: Signature("expand_as", "input, other")) { t, b, i in
            wrap(try t.expand(try Convert.requireTensor(b["other"], "expand_as", "other", i).shape))
        }
        m["flatten"] = Method(signature: Signature("flatten", "input, start_dim=0, end_dim=-1")) { t, b, i in
            wrap(try t.flatten(startDim: try int(b, "start_dim", i) ?? 0, endDim: try int(b, "end_dim", i) ?? -1))
        }
        m["repeat"] = Method(signature: Signature("repeat", "input, *sizes")) { t, b, i in wrap(try t.repeat(try Convert.shape(b.variadic, i))) }
        m["split"] = Method(signature: Signature("split", "input, split_size_or_sections, dim=0")) { t, b, i in
            let dim = try int(b, "dim", i) ?? 0
            let spec = b["split_size_or_sections"]!
            switch spec {
            case .list, .tuple: return .tuple(try t.split(sizes: try Convert.shape([spec], i), dim: dim).map(wrap))
            default: return .tuple(try t.split(size: try Convert.int(spec, i)!, dim: dim).map(wrap))
            }
        }
        m["chunk"] = Method(signature: Signature("chunk", "input, chunks, dim=0")) { t, b, i in
            .tuple(try t.chunk(try int(b, "chunks", i)!, dim: try int(b, "dim", i) ?? 0).map(wrap))
        }
        m["unbind"] = Method(signature: Signature("unbind", "input, dim=0")) { t, b, i in .tuple(try t.unbind(dim: try int(b, "dim", i) ?? 0).map(wrap)) }
        m["narrow"] = Method(signature: Signature("narrow", "input, dim, start, length")) { t, b, i in
            wrap(try t.narrow(dim: try int(b, "dim", i)!, start: try int(b, "start", i)!, length: try int(b, "length", i)!))
        }
        m["select"] = Method(signature: Signature("select", "input, dim, index")) { t, b, i in
            wrap(try t.select(dim: try int(b, "dim", i)!, index: try int(b, "index", i)!))
        }
        // Arithmetic.
        m["add"] = Method(signature: Signature("add", "input, other, *, alpha=1")) { t, b, i in
            wrap(try t.add(try other(b, i), alpha: try alpha(b, "add", i)))
        }
        m["sub"] = Method(signature: Signature("sub", "input, other, *, alpha=1")) { t, b, i in
            wrap(try t.sub(try other(b, i), alpha: try alpha(b, "sub", i)))
        }
        m["subtract"] = m["sub"]
        m["mul"] = Method(signature: Signature("mul", "input, other")) { t, b, i in wrap(try t.mul(try other(b, i))) }
        m["multiply"] = m["mul"]
        m["div"] = Method(signature: Signature("div", "input, other, *, rounding_mode=None")) { t, b, i in
            if case .string(let mode)? = b["rounding_mode"] {
                let q = try t.div(try other(b, i))
                switch mode {
                case "floor": return wrap(try t.floorDivide(try other(b, i)))
                case "trunc":
                    let magnitude = try q.data.unary(.abs).unary(.floor)
                    return wrap(Tensor(try NDArray.binary(.mul, .array(magnitude), .array(try q.data.unary(.sign)))))
                default: throw PyError.runtime("div expected rounding_mode to be one of None, 'trunc', or 'floor' but found '\(mode)'")
                }
            }
            return wrap(try t.div(try other(b, i)))
        }
        m["divide"] = m["div"]
        m["true_divide"] = m["div"]
        m["floor_divide"] = Method(signature: Signature("floor_divide", "input, other")) { t, b, i in wrap(try t.floorDivide(try other(b, i))) }
        m["remainder"] = Method(signature: Signature("remainder", "input, other")) { t, b, i in wrap(try t.remainder(try other(b, i))) }
        m["pow"] = Method(signature: Signature("pow", "input, exponent")) { t, b, i in wrap(try t.pow(try other(b, i, "exponent"))) }
        m["neg"] = Method(signature: Signature("neg", "input")) { t, _, _ in wrap(try t.neg()) }
        m["negative"] = m["neg"]
        for (name, op) in [("abs", UnaryOp.abs), ("exp", .exp), ("log", .log), ("log1p", .log1p), ("sqrt", .sqrt), ("sin", .sin),
                           ("cos", .cos), ("tanh", .tanh), ("sigmoid", .sigmoid), ("relu", .relu), ("reciprocal", .reciprocal),
                           ("floor", .floor), ("ceil", .ceil), ("sign", .sign), ("square", .square), ("erf", .erf),
                           ("logical_not", .logicalNot)] {
            m[name] = unaryMethod(op)
        }
        m["absolute"] = m["abs"]
        m["round"] = Method(signature: Signature("round", "input, *, decimals=0")) { t, b, i in
            let decimals = try int(b, "decimals", i) ?? 0
            if decimals == 0 { return wrap(try t.unary(.round)) }
            let scale = Foundation.pow(10.0, Double(decimals))
            return wrap(try t.mul(.scalar(.double(scale))).unary(.round).div(.scalar(.double(scale))))
        }
        m["trunc"] = Method(signature: Signature("trunc", "input")) { t, _, _ in
            let magnitude = try t.data.unary(.abs).unary(.floor)
            return wrap(Tensor.make("TruncBackward0", [t], try NDArray.binary(.mul, .array(magnitude), .array(try t.data.unary(.sign))),
                                    rule: "grad_self = zeros_like(grad)") { ctx in
                let g = try ctx.grad()
                return [Tensor(try NDArray.zeros(g.shape, dtype: g.dtype))]
            })
        }
        for (name, op) in [("neg_", UnaryOp.neg), ("exp_", .exp), ("relu_", .relu), ("sigmoid_", .sigmoid), ("tanh_", .tanh),
                           ("abs_", .abs), ("sqrt_", .sqrt), ("log_", .log), ("floor_", .floor), ("round_", .round)] {
            m[name] = unaryInPlace(op)
        }
        m["clamp"] = Method(signature: Signature("clamp", "input, min=None, max=None")) { t, b, i in
            if b["min"].flatMap(Convert.tensor) != nil || b["max"].flatMap(Convert.tensor) != nil {
                return wrap(try t.clamp(min: b["min"].flatMap(Convert.tensor), max: b["max"].flatMap(Convert.tensor)))
            }
            return wrap(try t.clamp(min: b["min"].flatMap(Convert.scalar), max: b["max"].flatMap(Convert.scalar)))
        }
        m["clip"] = m["clamp"]
        m["clamp_"] = Method(signature: Signature("clamp_", "input, min=None, max=None")) { t, b, _ in
            try t.clampInPlace(min: b["min"].flatMap(Convert.scalar), max: b["max"].flatMap(Convert.scalar))
            return wrap(t)
        }
        m["maximum"] = Method(signature: Signature("maximum", "input, other")) { t, b, i in
            wrap(try t.extremum(try Convert.requireTensor(b["other"], "maximum", "other", position: 1, i), largest: true))
        }
        m["minimum"] = Method(signature: Signature("minimum", "input, other")) { t, b, i in
            wrap(try t.extremum(try Convert.requireTensor(b["other"], "minimum", "other", position: 1, i), largest: false))
        }
        for (name, op) in [("logical_and", BinaryOp.logicalAnd), ("logical_or", .logicalOr), ("logical_xor", .logicalXor)] {
            m[name] = Method(signature: Signature(name, "input, other")) { t, b, i in
                wrap(Tensor(try NDArray.logical(op, .array(t.data), try other(b, i).array)))
            }
        }
        for (name, op) in [("eq", ComparisonOp.eq), ("ne", .ne), ("lt", .lt), ("le", .le), ("gt", .gt), ("ge", .ge),
                           ("greater", .gt), ("less", .lt), ("greater_equal", .ge), ("less_equal", .le), ("not_equal", .ne)] {
            m[name] = Method(signature: Signature(name, "input, other")) { t, b, i in wrap(try t.compare(op, try other(b, i))) }
        }
        m["equal"] = Method(signature: Signature("equal", "input, other")) { t, b, i in
            .bool(try NDArray.equal(t.data, try Convert.requireTensor(b["other"], "equal", "other", position: 1, i).data))
        }
        m["allclose"] = Method(signature: Signature("allclose", "input, other, rtol=1e-05, atol=1e-08, equal_nan=False")) { t, b, i in
            .bool(try NDArray.allclose(t.data, try Convert.requireTensor(b["other"], "allclose", "other", position: 1, i).data,
                                       rtol: try Convert.double(b["rtol"], i) ?? 1e-5, atol: try Convert.double(b["atol"], i) ?? 1e-8,
                                       equalNaN: try flag(b, "equal_nan", i)))
        }
        // Reductions.
        m["sum"] = reduction("sum") { t, dims, keep, i, b in wrap(try t.sum(dims: dims, keepdim: keep, dtype: try Convert.dtype(b["dtype"], i))) }
        m["mean"] = reduction("mean") { t, dims, keep, i, b in wrap(try t.mean(dims: dims, keepdim: keep, dtype: try Convert.dtype(b["dtype"], i))) }
        m["prod"] = reduction("prod") { t, dims, keep, _, _ in wrap(try t.prod(dim: dims?.first, keepdim: keep)) }
        m["any"] = reduction("any") { t, dims, keep, _, _ in wrap(try t.anyAll(all: false, dims: dims, keepdim: keep)) }
        m["all"] = reduction("all") { t, dims, keep, _, _ in wrap(try t.anyAll(all: true, dims: dims, keepdim: keep)) }
        m["max"] = extremum("max", largest: true)
        m["min"] = extremum("min", largest: false)
        m["argmax"] = Method(signature: Signature("argmax", "input, dim=None, keepdim=False")) { t, b, i in
            wrap(try t.argExtremum(largest: true, dim: try int(b, "dim", i), keepdim: try flag(b, "keepdim", i)))
        }
        m["argmin"] = Method(signature: Signature("argmin", "input, dim=None, keepdim=False")) { t, b, i in
            wrap(try t.argExtremum(largest: false, dim: try int(b, "dim", i), keepdim: try flag(b, "keepdim", i)))
        }
        m["std"] = varianceMethod("std", root: true)
        m["var"] = varianceMethod("var", root: false)
        m["norm"] = Method(signature: Signature("norm", "input, p=2, dim=None, keepdim=False")) { t, b, i in
            var p = 2.0
            if case .string(let s)? = b["p"] {
                guard s == "fro" else { throw PyError.runtime("tsh's norm supports numbers and 'fro' for p") }
            } else if let v = try Convert.double(b["p"], i) {
                p = v
            }
            return wrap(try t.norm(p: p, dims: try Convert.dims(b["dim"], i), keepdim: try flag(b, "keepdim", i)))
        }
        m["softmax"] = Method(signature: Signature("softmax", "input, dim, dtype=None")) { t, b, i in
            wrap(try t.softmax(dim: try int(b, "dim", i)!, log: false, dtype: try Convert.dtype(b["dtype"], i)))
        }
        m["log_softmax"] = Method(signature: Signature("log_softmax", "input, dim, dtype=None")) { t, b, i in
            wrap(try t.softmax(dim: try int(b, "dim", i)!, log: true, dtype: try Convert.dtype(b["dtype"], i)))
        }
        m["sort"] = Method(signature: Signature("sort", "input, dim=-1, descending=False, stable=False")) { t, b, i in
            let (values, indices) = try Sorting.sort(t, dim: try int(b, "dim", i) ?? -1, descending: try flag(b, "descending", i))
            return .object(ReturnTypesObject("sort", values: wrap(values), indices: wrap(indices)))
        }
        m["topk"] = Method(signature: Signature("topk", "input, k, dim=-1, largest=True, sorted=True")) { t, b, i in
            let (values, indices) = try Sorting.topk(t, k: try int(b, "k", i) ?? 1, dim: try int(b, "dim", i) ?? -1,
                                                     largest: try Convert.bool(b["largest"], i) ?? true)
            return .object(ReturnTypesObject("topk", values: wrap(values), indices: wrap(indices)))
        }
        m["argsort"] = Method(signature: Signature("argsort", "input, dim=-1, descending=False")) { t, b, i in
            wrap(try Sorting.sort(t, dim: try int(b, "dim", i) ?? -1, descending: try flag(b, "descending", i)).1)
        }
        // Products.
        m["matmul"] = Method(signature: Signature("matmul", "input, other")) { t, b, i in
            wrap(try Tensor.matmul(t, try Convert.requireTensor(b["other"], "matmul", "other", position: 1, i)))
        }
        m["mm"] = Method(signature: Signature("mm", "input, mat2")) { t, b, i in wrap(try Tensor.mm(t, try Convert.requireTensor(b["mat2"], "mm", "mat2", position: 1, i))) }
        m["mv"] = Method(signature: Signature("mv", "input, vec")) { t, b, i in wrap(try Tensor.mv(t, try Convert.requireTensor(b["vec"], "mv", "vec", position: 1, i))) }
        m["dot"] = Method(signature: Signature("dot", "input, tensor")) { t, b, i in wrap(try Tensor.dot(t, try Convert.requireTensor(b["tensor"], "dot", "tensor", position: 1, i))) }
        m["bmm"] = Method(signature: Signature("bmm", "input, mat2")) { t, b, i in wrap(try Tensor.bmm(t, try Convert.requireTensor(b["mat2"], "bmm", "mat2", position: 1, i))) }
        // In place.
        m["add_"] = Method(signature: Signature("add_", "input, other, *, alpha=1")) { t, b, i in
            try t.addInPlace(try other(b, i), alpha: b["alpha"].flatMap(Convert.scalar)); return wrap(t)
        }
        m["sub_"] = Method(signature: Signature("sub_", "input, other, *, alpha=1")) { t, b, i in
            try t.subInPlace(try other(b, i), alpha: b["alpha"].flatMap(Convert.scalar)); return wrap(t)
        }
        m["mul_"] = Method(signature: Signature("mul_", "input, other")) { t, b, i in try t.mulInPlace(try other(b, i)); return wrap(t) }
        m["div_"] = Method(signature: Signature("div_", "input, other")) { t, b, i in try t.divInPlace(try other(b, i)); return wrap(t) }
        m["pow_"] = Method(signature: Signature("pow_", "input, exponent")) { t, b, i in try t.powInPlace(try other(b, i, "exponent")); return wrap(t) }
        m["zero_"] = Method(signature: Signature("zero_", "input")) { t, _, _ in try t.zeroInPlace(); return wrap(t) }
        m["fill_"] = Method(signature: Signature("fill_", "input, value")) { t, b, i in
            guard let s = b["value"].flatMap(Convert.scalar) ?? b["value"].flatMap(Convert.tensor).map({ try? $0.data.item() }) ?? nil else {
                throw PyError.type("fill_() argument 'value' must be Number")
            }
            try t.fillInPlace(s)
            return wrap(t)
        }
        m["copy_"] = Method(signature: Signature("copy_", "input, src, non_blocking=False")) { t, b, i in
            try t.copyInPlace(from: try Convert.requireTensor(b["src"], "copy_", "src", position: 1, i)); return wrap(t)
        }
        m["masked_fill_"] = Method(signature: Signature("masked_fill_", "input, mask, value")) { t, b, i in
            try t.maskedFillInPlace(try Convert.requireTensor(b["mask"], "masked_fill_", "mask", position: 1, i),
                                    Convert.scalar(b["value"]!) ?? .double(0))
            return wrap(t)
        }
        m["masked_fill"] = Method(signature: Signature("masked_fill", "input, mask, value")) { t, b, i in
            wrap(try t.maskedFill(try Convert.requireTensor(b["mask"], "masked_fill", "mask", position: 1, i), Convert.scalar(b["value"]!) ?? .double(0)))
        }
        m["where"] = Method(signature: Signature("where", "input, condition, other")) { t, b, i in
            wrap(try Tensor.where(try Convert.requireTensor(b["condition"], "where", "condition", i), .tensor(t), try other(b, i)))
        }
        // Random fills (use the session's default generator unless one is given).
        m["uniform_"] = Method(signature: Signature("uniform_", "input, a=0, b=1, *, generator=None, from=None, to=None")) { t, b, i in
            try GradMode.with(enabled: false) {
                try t.data.uniform(from: try Convert.double(b["from"] ?? b["a"], i) ?? 0, to: try Convert.double(b["to"] ?? b["b"], i) ?? 1,
                                   generator: Session.generator(b["generator"], i))
            }
            return wrap(t)
        }
        m["normal_"] = Method(signature: Signature("normal_", "input, mean=0, std=1, *, generator=None")) { t, b, i in
            try t.data.normal(mean: try Convert.double(b["mean"], i) ?? 0, std: try Convert.double(b["std"], i) ?? 1,
                              generator: Session.generator(b["generator"], i))
            return wrap(t)
        }
        m["random_"] = Method(signature: Signature("random_", "input, from_=None, to=None, *, generator=None")) { t, b, i in
            var low = try Convert.int(b["from_"], i).map(Int64.init), high = try Convert.int(b["to"], i).map(Int64.init)
            if high == nil, b.given("to") == nil, let only = low { high = only; low = 0 }
            try t.data.random(from: low, to: high, generator: Session.generator(b["generator"], i))
            return wrap(t)
        }
        m["bernoulli_"] = Method(signature: Signature("bernoulli_", "input, p=0.5, *, generator=None")) { t, b, i in
            try t.data.bernoulli(p: try Convert.double(b["p"], i) ?? 0.5, generator: Session.generator(b["generator"], i))
            return wrap(t)
        }
        m["exponential_"] = nil
        m["numpy"] = Method(signature: Signature("numpy", "input")) { _, _, _ in
            throw PyError.runtime("tsh has no numpy; use .tolist() or .item()")
        }
        return m
    }()

    /// tolist(): nested Python lists (a bare number for a 0-d tensor).
    static func toList(_ data: NDArray.NestedData) -> Value {
        switch data {
        case .scalar(let s): return Convert.value(s)
        case .list(let items): return .list(PyList(items.map(toList)))
        case .array(let a): return toList(a.toNestedData())
        }
    }
}

/// What register_hook returns: remove() takes the hook off again.
final class HookHandle: PyObject {
    let remove: () -> Void
    init(_ remove: @escaping () -> Void) { self.remove = remove }

    var typeName: String { "RemovableHandle" }
    func getAttribute(_ name: String, _ interp: Interpreter) throws -> Value? {
        guard name == "remove" else { return nil }
        return .builtin(Builtin("remove") { [remove] _, _ in
            remove()
            return .none
        })
    }
    func attributeNames() -> [String] { ["remove"] }
}

import Foundation
