import Autograd
import CreationSite
import Interpreter
import PythonSyntax

/// The methods of torch.Tensor. Each is also reachable as `torch.name(tensor, ...)` when
/// PyTorch has that function (TorchModule routes there with the tensor first).
enum TensorMethods {
    typealias Impl = (Tensor, BoundArguments, Interpreter) throws -> Value

    static func wrap(_ t: Tensor) -> Value { TensorObject.wrap(t) }

    /// A tensor in a graph whose value becomes a Python number leaves the graph there
    /// (`:why` names the line).
    static func noteNumberExit(_ t: Tensor) {
        if t.requiresGrad { GradMode.noteNumberExit(of: t, site: tsh_get_creation_site()) }
    }

    /// A bound method of `object` named `name`, or nil.
    static func method(_ object: TensorObject, _ name: String, _ interp: Interpreter) throws -> Value? {
        guard let op = OpDeclarations.byName[name], op.forms.contains(.method) else { return nil }
        return .builtin(Builtin(name, qualifiedName: "Tensor.\(name)", parameters: op.methodParameters) { args, interp in
            var a = args
            a.positional.insert(.object(object), at: 0)
            return try invoke(op, on: object, receiverFirst: a, interp)
        })
    }

    /// Runs the method `op` on `object`; `args` begin with the receiver (the declaration's `input`).
    static func invoke(_ op: OpDeclaration, on object: TensorObject, receiverFirst args: Arguments, _ interp: Interpreter) throws -> Value {
        try op.signature.call(args, skipping: 1, methodCall: true, interp) { try op.impl(object.tensor, $0, interp) }
    }

    /// Calls a declared op as `torch.NAME(input, ...)`.
    static func call(_ op: OpDeclaration, _ args: Arguments, _ interp: Interpreter) throws -> Value {
        // torch.pow(2, x): a number base (the Scalar-self overload, PowBackward2).
        if op.name == "pow", let base = args.positional.first.flatMap(Convert.scalar), args.positional.count == 2,
           let exponent = Convert.tensor(args.positional[1]), args.keywords.isEmpty {
            return wrap(try Tensor.pow(base: base, exponent: exponent))
        }
        return try op.signature.call(args, skipping: 1, interp) { bound in
            try op.impl(try Convert.requireTensor(bound.given("input"), op.name, "input", interp), bound, interp)
        }
    }

    static var names: [String] { OpDeclarations.byName.filter { $0.value.forms.contains(.method) }.map(\.key) }

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

    static func unaryMethod(_ name: String, _ op: UnaryOp, summary: String, example: String) -> OpDeclaration {
        OpDeclaration(name, "input", summary: summary, example: example) { t, _, _ in wrap(try t.unary(op)) }
    }

    static func unaryInPlace(_ name: String, _ op: UnaryOp, summary: String, example: String) -> OpDeclaration {
        OpDeclaration(name, "input", forms: .method, summary: summary, example: example) { t, _, _ in try t.unaryInPlace(op); return wrap(t) }
    }

    static func reduction(_ name: String, summary: String, example: String,
                          _ body: @escaping (Tensor, [Int]?, Bool, Interpreter, BoundArguments) throws -> Value) -> OpDeclaration {
        let spec = name == "sum" || name == "mean" ? "input, dim=None, keepdim=False, *, dtype=None" : "input, dim=None, keepdim=False"
        return OpDeclaration(name, spec, summary: summary, example: example) { t, b, i in
            try body(t, try Convert.dims(b["dim"], i), try flag(b, "keepdim", i), i, b)
        }
    }

    /// max/min: the full reduction, along a dim (values and indices), or element-wise with another tensor.
    static func extremum(_ name: String, largest: Bool, summary: String, example: String) -> OpDeclaration {
        OpDeclaration(name, "input, dim=None, keepdim=False", summary: summary, example: example) { t, b, i in
            if let other = b["dim"], let o = Convert.tensor(other) {
                return wrap(try t.extremum(o, largest: largest))
            }
            guard let dim = try int(b, "dim", i) else { return wrap(try t.extremum(largest: largest)) }
            let (values, indices) = try t.extremum(largest: largest, dim: dim, keepdim: try flag(b, "keepdim", i))
            return .object(ReturnTypesObject(name, values: wrap(values), indices: wrap(indices)))
        }
    }

    static func varianceMethod(_ name: String, root: Bool, summary: String, example: String) -> OpDeclaration {
        OpDeclaration(name, "input, dim=None, unbiased=None, keepdim=False, *, correction=None", summary: summary, example: example) { t, b, i in
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

    static func conversion(_ name: String, _ dtype: DType, summary: String, example: String) -> OpDeclaration {
        OpDeclaration(name, "input", forms: .method, summary: summary, example: example) { t, _, _ in wrap(t.to(dtype)) }
    }

    static let table: [String: OpDeclaration] = {
        var m: [String: OpDeclaration] = [:]
        // Introspection and conversion.
        m["size"] = OpDeclaration("size", "input, dim=None", forms: .method, summary: "The shape as a torch.Size, or the size of one dim.", example: "randn(2, 3).size(1)") { t, b, i in
            guard let d = try int(b, "dim", i) else { return .object(SizeObject(t.shape)) }
            guard t.rank > 0 else { throw PyError.index("Dimension specified as \(d) but tensor has no dimensions") }
            return .int(t.shape[try t.data.normalizedDim(d)])
        }
        m["stride"] = OpDeclaration("stride", "input, dim=None", forms: .method, summary: "The step in elements between neighbours along each dim (a tuple), or along one dim.", example: "randn(2, 3).t().stride()") { t, b, i in
            guard let d = try int(b, "dim", i) else { return .tuple(t.data.strides.map { .int($0) }) }
            guard t.rank > 0 else { throw PyError.index("Dimension specified as \(d) but tensor has no dimensions") }
            return .int(t.data.strides[try t.data.normalizedDim(d)])
        }
        m["storage_offset"] = OpDeclaration("storage_offset", "input", forms: .method, summary: "Where the first element sits in the storage, in elements.", example: "arange(6)[2:].storage_offset()") { t, _, _ in .int(t.data.offset) }
        m["dim"] = OpDeclaration("dim", "input", forms: .method, summary: "The number of dimensions.", example: "randn(2, 3).dim()") { t, _, _ in .int(t.rank) }
        m["ndimension"] = m["dim"]
        m["numel"] = OpDeclaration("numel", "input", forms: .method, summary: "Number of elements.", example: "numel(randn(2, 3))") { t, _, _ in .int(t.count) }
        m["nelement"] = m["numel"]
        m["element_size"] = OpDeclaration("element_size", "input", forms: .method, summary: "The size of one element in bytes.", example: "ones(2).element_size()") { t, _, _ in .int(t.dtype.itemSize) }
        m["item"] = OpDeclaration("item", "input", forms: .method, summary: "The one element as a Python number.", example: "loss.item()") { t, _, _ in
            let value = Convert.value(try t.data.item())
            noteNumberExit(t)
            return value
        }
        m["tolist"] = OpDeclaration("tolist", "input", forms: .method, summary: "The elements as nested Python lists.", example: "eye(2).tolist()") { t, _, _ in
            noteNumberExit(t)
            return toList(t.data.toNestedData())
        }
        m["is_contiguous"] = OpDeclaration("is_contiguous", "input", forms: .method, summary: "Whether the elements are laid out row by row without gaps.", example: "randn(2, 3).t().is_contiguous()") { t, _, _ in .bool(t.data.isContiguous) }
        m["is_floating_point"] = OpDeclaration("is_floating_point", "input", forms: .method, summary: "Whether the dtype is a floating-point type.", example: "ones(2).is_floating_point()") { t, _, _ in .bool(t.dtype.isFloatingPoint) }
        m["contiguous"] = OpDeclaration("contiguous", "input", forms: .method, summary: "This tensor, or a contiguous copy when it is not laid out row by row.", example: "randn(2, 3).t().contiguous()") { t, _, _ in wrap(t.contiguous()) }
        m["clone"] = OpDeclaration("clone", "input", summary: "A copy with its own storage (differentiable).", example: "y = clone(x)") { t, _, _ in wrap(t.clone()) }
        m["detach"] = OpDeclaration("detach", "input", summary: "The same data, cut from the graph (requires_grad=False).", example: "w.detach()") { t, _, _ in wrap(t.detach()) }
        m["detach_"] = OpDeclaration("detach_", "input", forms: .method, summary: "Cuts this tensor from the graph in place (requires_grad becomes False).", example: "h.detach_()") { t, _, _ in try t.detachInPlace(); return wrap(t) }
        m["requires_grad_"] = OpDeclaration("requires_grad_", "input, requires_grad=True", forms: .method, summary: "Starts (or stops) recording operations on a leaf.", example: "w = randn(3).requires_grad_()") { t, b, i in
            try t.setRequiresGrad(try flag(b, "requires_grad", i, true))
            return wrap(t)
        }
        m["retain_grad"] = OpDeclaration("retain_grad", "input", forms: .method, summary: "Keeps .grad for a non-leaf tensor too.", example: "z.retain_grad()") { t, _, _ in try t.retainGrad(); return .none }
        m["backward"] = OpDeclaration("backward", "input, gradient=None, retain_graph=None, create_graph=False, inputs=None", forms: .method, summary: "Backpropagates from this tensor, adding into .grad of the leaves (only into inputs, when given; with create_graph the gradients get graphs of their own).", example: "loss.backward()") { t, b, i in
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
        m["register_hook"] = OpDeclaration("register_hook", "input, hook", forms: .method, summary: "Calls hook(grad) when this tensor's gradient is computed; a returned tensor replaces it.", example: "h = x.register_hook(print)") { t, b, i in
            let hook = b.required("hook")
            let remove = try t.registerHook { grad in
                let result = try i.call(hook, Arguments([wrap(grad)]))
                if case .none = result { return nil }
                guard let replaced = Convert.tensor(result) else {
                    throw PyError.type("hook must return None or a Tensor")
                }
                // PyTorch's validate_outputs: a hook may change values, not the shape.
                if replaced.shape != grad.shape {
                    let name = switch hook {
                    case .function(let f): f.name
                    case .builtin(let b): b.name
                    default: i.typeName(hook)
                    }
                    throw PyError.runtime("hook '\(name)' has changed the size of value")
                }
                return replaced
            }
            return .object(HookHandle(remove))
        }
        m["float"] = conversion("float", .float32, summary: "A Python float; as a method, converts a tensor to torch.float32.", example: "arange(3).float()")
        m["double"] = conversion("double", .float64, summary: "Converts to torch.float64 (a tensor method).", example: "ones(2).double()")
        m["long"] = conversion("long", .int64, summary: "Converts to torch.int64 (a tensor method).", example: "tensor([1.7]).long()")
        m["bool"] = conversion("bool", .bool, summary: "Python truth value; as a method, converts a tensor to torch.bool.", example: "ones(2).bool()")
        m["half"] = conversion("half", .float16, summary: "Converts to torch.float16 (a tensor method).", example: "ones(2).half()")
        m["bfloat16"] = conversion("bfloat16", .bfloat16, summary: "Converts to torch.bfloat16 (a tensor method).", example: "ones(2).bfloat16()")
        m["short"] = conversion("short", .int16, summary: "Converts to torch.int16 (a tensor method).", example: "tensor([300]).short()")
        m["char"] = conversion("char", .int8, summary: "Converts to torch.int8 (a tensor method).", example: "tensor([-3]).char()")
        m["byte"] = conversion("byte", .uint8, summary: "Converts to torch.uint8 (a tensor method).", example: "tensor([255]).byte()")
        m["int"] = conversion("int", .int32, summary: "A Python int; as a method, converts a tensor to torch.int32.", example: "int(2.9)")
        m["to"] = OpDeclaration("to", "input, *args, dtype=None, device=None, non_blocking=False, copy=False, memory_format=None", forms: .method, summary: "Converts to a dtype (the device must be the CPU); this tensor itself when nothing changes, unless copy=True.", example: "ones(2).to(torch.float64)") { t, b, i in
            var target: DType?
            for v in b.variadic + [b["dtype"], b["device"]].compactMap({ $0 }) {
                if case .object(let o) = v, o is DTypeObject {
                    target = try Convert.dtype(v, i)
                } else if let other = Convert.tensor(v) {
                    target = other.dtype
                } else {
                    try Convert.requireCPU(v, i)
                }
            }
            _ = try Convert.bool(b["non_blocking"], i)  // nothing to overlap on the CPU
            _ = b["memory_format"]
            let converted = target.map { t.to($0) } ?? t
            return wrap(try Convert.bool(b["copy"], i) == true && converted === t ? t.clone() : converted)
        }
        m["type"] = OpDeclaration("type", "input, dtype=None", forms: .method, summary: "The type of obj; type(x).__name__ is its name.", example: "type(ones(1)).__name__") { t, b, i in
            guard let d = b["dtype"] else { return .string(t.dtype.legacyTypeName) }
            if case .string(let name) = d {
                guard let target = DType.allCases.first(where: { $0.legacyTypeName == name }) else {
                    throw PyError.value("invalid type: '\(name)'")
                }
                return wrap(t.to(target))
            }
            guard let target = try Convert.dtype(d, i) else { return .string(t.dtype.legacyTypeName) }
            return wrap(t.to(target))
        }
        // Shapes and views.
        m["view"] = OpDeclaration("view", "input, *shape", forms: .method, summary: "A view with a new shape (-1 infers one dim).", example: "arange(6).view(2, -1)") { t, b, i in
            if b.variadic.count == 1, case .object(let o) = b.variadic[0], o is DTypeObject {
                throw PyError.type("tsh does not reinterpret tensor bytes (view(dtype))")
            }
            return wrap(try t.view(try Convert.shape(b.variadic, i)))
        }
        m["reshape"] = OpDeclaration("reshape", "input, *shape", summary: "The same elements in a new shape (a view when possible).", example: "reshape(arange(6), (2, 3))") { t, b, i in wrap(try t.reshape(try Convert.shape(b.variadic, i))) }
        m["view_as"] = OpDeclaration("view_as", "input, other", forms: .method, summary: "A view with the shape of other.", example: "arange(6).view_as(zeros(2, 3))") { t, b, i in
            wrap(try t.view(try Convert.requireTensor(b["other"], "view_as", "other", i).shape))
        }
        m["reshape_as"] = OpDeclaration("reshape_as", "input, other", forms: .method, summary: "Reshaped to the shape of other.", example: "arange(6).reshape_as(zeros(3, 2))") { t, b, i in
            wrap(try t.reshape(try Convert.requireTensor(b["other"], "reshape_as", "other", i).shape))
        }
        m["t"] = OpDeclaration("t", "input", summary: "Transpose of a matrix (a view; 0-D and 1-D unchanged).", example: "t(randn(2, 3)).shape") { t, _, _ in wrap(try t.t()) }
        m["transpose"] = OpDeclaration("transpose", "input, dim0, dim1", summary: "A view with two dims swapped.", example: "transpose(randn(2, 3, 4), 0, 2).shape") { t, b, i in
            wrap(try t.transpose(try b.requiredInt("dim0", i), try b.requiredInt("dim1", i)))
        }
        m["swapaxes"] = m["transpose"]
        m["permute"] = OpDeclaration("permute", "input, *dims", summary: "A view with the dims reordered.", example: "randn(2, 3, 4).permute(2, 0, 1).shape") { t, b, i in wrap(try t.permute(try Convert.shape(b.variadic, i))) }
        m["squeeze"] = OpDeclaration("squeeze", "input, dim=None", summary: "A view without dims of size 1.", example: "squeeze(randn(1, 3, 1)).shape") { t, b, i in
            guard let v = b["dim"] else { return wrap(try t.squeeze()) }
            if case .tuple = v { return wrap(try t.squeeze(try Convert.dims(v, i), single: false)) }
            return wrap(try t.squeeze([try Convert.requireIndex(v, i)]))
        }
        m["unsqueeze"] = OpDeclaration("unsqueeze", "input, dim", summary: "A view with a dim of size 1 inserted.", example: "unsqueeze(ones(3), 0).shape") { t, b, i in wrap(try t.unsqueeze(try b.requiredInt("dim", i))) }
        m["unsqueeze_"] = OpDeclaration("unsqueeze_", "input, dim", forms: .method, summary: "Inserts a dim of size 1 in place.", example: "x.unsqueeze_(0)") { t, b, i in
            try t.unsqueezeInPlace(try b.requiredInt("dim", i))
            return wrap(t)
        }
        m["expand"] = OpDeclaration("expand", "input, *sizes", forms: .method, summary: "A view repeated along dims of size 1 (-1 keeps a dim), without copying.", example: "ones(3, 1).expand(3, 4)") { t, b, i in wrap(try t.expand(try Convert.shape(b.variadic, i))) }
        m["expand_as"] = OpDeclaration("expand_as", "input, other", forms: .method, summary: "expand to the shape of other.", example: "ones(3, 1).expand_as(zeros(3, 4))") { t, b, i in
            wrap(try t.expand(try Convert.requireTensor(b["other"], "expand_as", "other", i).shape))
        }
        m["flatten"] = OpDeclaration("flatten", "input, start_dim=0, end_dim=-1", summary: "Merges dims start_dim..end_dim into one.", example: "flatten(randn(2, 3, 4), 1).shape") { t, b, i in
            wrap(try t.flatten(startDim: try int(b, "start_dim", i) ?? 0, endDim: try int(b, "end_dim", i) ?? -1))
        }
        m["repeat"] = OpDeclaration("repeat", "input, *sizes", forms: .method, summary: "A copy repeated along each dim.", example: "tensor([1, 2]).repeat(2, 2)") { t, b, i in wrap(try t.repeat(try Convert.shape(b.variadic, i))) }
        m["split"] = OpDeclaration("split", "input, split_size_or_sections, dim=0", summary: "Pieces of the given size (or sizes) along dim.", example: "split(arange(5), 2)") { t, b, i in
            let dim = try int(b, "dim", i) ?? 0
            let spec = b.required("split_size_or_sections")
            switch spec {
            case .list, .tuple: return .tuple(try t.split(sizes: try Convert.shape([spec], i), dim: dim).map(wrap))
            default: return .tuple(try t.split(size: try b.requiredInt("split_size_or_sections", i), dim: dim).map(wrap))
            }
        }
        m["chunk"] = OpDeclaration("chunk", "input, chunks, dim=0", summary: "Splits into at most `chunks` nearly equal pieces.", example: "chunk(arange(5), 2)") { t, b, i in
            .tuple(try t.chunk(try b.requiredInt("chunks", i), dim: try int(b, "dim", i) ?? 0).map(wrap))
        }
        m["unbind"] = OpDeclaration("unbind", "input, dim=0", summary: "The slices along dim, as a tuple.", example: "unbind(eye(2))") { t, b, i in .tuple(try t.unbind(dim: try int(b, "dim", i) ?? 0).map(wrap)) }
        m["narrow"] = OpDeclaration("narrow", "input, dim, start, length", summary: "A view of length elements of dim from start.", example: "narrow(arange(6), 0, 2, 3)") { t, b, i in
            wrap(try t.narrow(dim: try b.requiredInt("dim", i), start: try b.requiredInt("start", i), length: try b.requiredInt("length", i)))
        }
        m["select"] = OpDeclaration("select", "input, dim, index", summary: "A view of one index of dim (the dim removed).", example: "select(randn(2, 3), 1, 0).shape") { t, b, i in
            wrap(try t.select(dim: try b.requiredInt("dim", i), index: try b.requiredInt("index", i)))
        }
        // Arithmetic.
        m["add"] = OpDeclaration("add", "input, other, *, alpha=1", summary: "input + alpha * other, with broadcasting.", example: "add(ones(2), tensor([1., 2.]), alpha=2)") { t, b, i in
            wrap(try t.add(try other(b, i), alpha: try alpha(b, "add", i)))
        }
        m["sub"] = OpDeclaration("sub", "input, other, *, alpha=1", summary: "input - alpha * other.", example: "sub(ones(2), 1)") { t, b, i in
            wrap(try t.sub(try other(b, i), alpha: try alpha(b, "sub", i)))
        }
        m["subtract"] = m["sub"]
        m["mul"] = OpDeclaration("mul", "input, other", summary: "input * other, with broadcasting.", example: "mul(arange(3), 2)") { t, b, i in wrap(try t.mul(try other(b, i))) }
        m["multiply"] = m["mul"]
        m["div"] = OpDeclaration("div", "input, other, *, rounding_mode=None", summary: "input / other; rounding_mode 'trunc' or 'floor'.", example: "div(tensor([7, -7]), 2, rounding_mode='floor')") { t, b, i in
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
        m["floor_divide"] = OpDeclaration("floor_divide", "input, other", summary: "input // other, rounding toward minus infinity.", example: "floor_divide(tensor([7, -7]), 2)") { t, b, i in wrap(try t.floorDivide(try other(b, i))) }
        m["remainder"] = OpDeclaration("remainder", "input, other", summary: "Python-style modulo (the sign of the divisor).", example: "remainder(tensor([-3, 3]), 2)") { t, b, i in wrap(try t.remainder(try other(b, i))) }
        m["pow"] = OpDeclaration("pow", "input, exponent", summary: "input ** exponent, elementwise.", example: "pow(tensor([2., 3.]), 2)") { t, b, i in wrap(try t.pow(try other(b, i, "exponent"))) }
        m["neg"] = OpDeclaration("neg", "input", summary: "-input.", example: "neg(tensor([1., -2.]))") { t, _, _ in wrap(try t.neg()) }
        m["negative"] = m["neg"]
        m["abs"] = unaryMethod("abs", .abs, summary: "Absolute value, elementwise (also Python's abs for numbers).", example: "abs(tensor([-1., 2.]))")
        m["exp"] = unaryMethod("exp", .exp, summary: "e to the power of each element.", example: "exp(tensor([0., 1.]))")
        m["log"] = unaryMethod("log", .log, summary: "Natural logarithm, elementwise.", example: "log(tensor([1., 2.7183]))")
        m["sqrt"] = unaryMethod("sqrt", .sqrt, summary: "Square root, elementwise.", example: "sqrt(tensor([4., 9.]))")
        m["sin"] = unaryMethod("sin", .sin, summary: "Sine, elementwise.", example: "sin(tensor([0., 1.5708]))")
        m["cos"] = unaryMethod("cos", .cos, summary: "Cosine, elementwise.", example: "cos(tensor([0., 3.1416]))")
        m["tanh"] = unaryMethod("tanh", .tanh, summary: "Hyperbolic tangent, elementwise.", example: "tanh(tensor([0., 1.]))")
        m["sigmoid"] = unaryMethod("sigmoid", .sigmoid, summary: "1 / (1 + exp(-x)), elementwise.", example: "sigmoid(tensor([0.]))")
        m["relu"] = unaryMethod("relu", .relu, summary: "max(0, x), elementwise.", example: "relu(tensor([-1., 2.]))")
        m["reciprocal"] = unaryMethod("reciprocal", .reciprocal, summary: "1 / input, elementwise.", example: "reciprocal(tensor([2., 4.]))")
        m["floor"] = unaryMethod("floor", .floor, summary: "Rounds down, elementwise.", example: "floor(tensor([1.7, -1.2]))")
        m["ceil"] = unaryMethod("ceil", .ceil, summary: "Rounds up, elementwise.", example: "ceil(tensor([1.2, -1.2]))")
        m["sign"] = unaryMethod("sign", .sign, summary: "-1, 0 or 1 by the sign of each element.", example: "sign(tensor([-2., 0., 3.]))")
        m["square"] = unaryMethod("square", .square, summary: "x * x, elementwise.", example: "square(tensor([3.]))")
        m["erf"] = unaryMethod("erf", .erf, summary: "The error function, elementwise.", example: "erf(tensor([0., 1.]))")
        m["logical_not"] = unaryMethod("logical_not", .logicalNot, summary: "Elementwise not, giving torch.bool.", example: "logical_not(tensor([0, 1]))")
        m["absolute"] = m["abs"]
        m["round"] = OpDeclaration("round", "input, *, decimals=0", summary: "Rounds half to even (also Python's round).", example: "round(tensor([0.5, 1.5]))") { t, b, i in
            let decimals = try int(b, "decimals", i) ?? 0
            if decimals == 0 { return wrap(try t.unary(.round)) }
            let scale = Foundation.pow(10.0, Double(decimals))
            return wrap(try t.mul(.scalar(.double(scale))).unary(.round).div(.scalar(.double(scale))))
        }
        m["trunc"] = OpDeclaration("trunc", "input", summary: "Rounds toward zero, elementwise.", example: "trunc(tensor([1.7, -1.7]))") { t, _, _ in
            let magnitude = try t.data.unary(.abs).unary(.floor)
            return wrap(Tensor.make("TruncBackward0", [t], try NDArray.binary(.mul, .array(magnitude), .array(try t.data.unary(.sign))),
                                    rule: "grad_self = zeros_like(grad)") { ctx in
                let g = try ctx.grad()
                return [Tensor(try NDArray.zeros(g.shape, dtype: g.dtype))]
            })
        }
        m["neg_"] = unaryInPlace("neg_", .neg, summary: "neg in place.", example: "x.neg_()")
        m["exp_"] = unaryInPlace("exp_", .exp, summary: "exp in place.", example: "x.exp_()")
        m["relu_"] = unaryInPlace("relu_", .relu, summary: "relu in place.", example: "x.relu_()")
        m["sigmoid_"] = unaryInPlace("sigmoid_", .sigmoid, summary: "sigmoid in place.", example: "x.sigmoid_()")
        m["tanh_"] = unaryInPlace("tanh_", .tanh, summary: "tanh in place.", example: "x.tanh_()")
        m["abs_"] = unaryInPlace("abs_", .abs, summary: "abs in place.", example: "x.abs_()")
        m["sqrt_"] = unaryInPlace("sqrt_", .sqrt, summary: "sqrt in place.", example: "x.sqrt_()")
        m["log_"] = unaryInPlace("log_", .log, summary: "log in place.", example: "x.log_()")
        m["floor_"] = unaryInPlace("floor_", .floor, summary: "floor in place.", example: "x.floor_()")
        m["round_"] = unaryInPlace("round_", .round, summary: "round in place.", example: "x.round_()")
        m["clamp"] = OpDeclaration("clamp", "input, min=None, max=None", summary: "Limits every element to [min, max].", example: "clamp(randn(4), min=-0.5, max=0.5)") { t, b, i in
            if b["min"].flatMap(Convert.tensor) != nil || b["max"].flatMap(Convert.tensor) != nil {
                return wrap(try t.clamp(min: b["min"].flatMap(Convert.tensor), max: b["max"].flatMap(Convert.tensor)))
            }
            return wrap(try t.clamp(min: b["min"].flatMap(Convert.scalar), max: b["max"].flatMap(Convert.scalar)))
        }
        m["clip"] = m["clamp"]
        m["clamp_"] = OpDeclaration("clamp_", "input, min=None, max=None", forms: .method, summary: "clamp in place.", example: "x.clamp_(min=0)") { t, b, _ in
            try t.clampInPlace(min: b["min"].flatMap(Convert.scalar), max: b["max"].flatMap(Convert.scalar))
            return wrap(t)
        }
        m["maximum"] = OpDeclaration("maximum", "input, other", summary: "Elementwise larger of two tensors.", example: "maximum(tensor([1, 5]), tensor([3, 2]))") { t, b, i in
            wrap(try t.extremum(try Convert.requireTensor(b["other"], "maximum", "other", position: 1, i), largest: true))
        }
        m["minimum"] = OpDeclaration("minimum", "input, other", summary: "Elementwise smaller of two tensors.", example: "minimum(tensor([1, 5]), tensor([3, 2]))") { t, b, i in
            wrap(try t.extremum(try Convert.requireTensor(b["other"], "minimum", "other", position: 1, i), largest: false))
        }
        m["logical_and"] = OpDeclaration("logical_and", "input, other", summary: "Elementwise and, giving torch.bool.", example: "logical_and(tensor([True, False]), True)") { t, b, i in
            wrap(Tensor(try NDArray.logical(.logicalAnd, .array(t.data), try other(b, i).array)))
        }
        m["logical_or"] = OpDeclaration("logical_or", "input, other", summary: "Elementwise or, giving torch.bool.", example: "logical_or(tensor([True, False]), False)") { t, b, i in
            wrap(Tensor(try NDArray.logical(.logicalOr, .array(t.data), try other(b, i).array)))
        }
        m["logical_xor"] = OpDeclaration("logical_xor", "input, other", summary: "Elementwise exclusive or, giving torch.bool.", example: "logical_xor(tensor([True]), tensor([True]))") { t, b, i in
            wrap(Tensor(try NDArray.logical(.logicalXor, .array(t.data), try other(b, i).array)))
        }
        m["eq"] = OpDeclaration("eq", "input, other", summary: "Elementwise ==, giving torch.bool.", example: "eq(tensor([1, 2]), 2)") { t, b, i in wrap(try t.compare(.eq, try other(b, i))) }
        m["ne"] = OpDeclaration("ne", "input, other", summary: "Elementwise !=, giving torch.bool.", example: "ne(tensor([1, 2]), 2)") { t, b, i in wrap(try t.compare(.ne, try other(b, i))) }
        m["lt"] = OpDeclaration("lt", "input, other", summary: "Elementwise <, giving torch.bool.", example: "lt(arange(3), 1)") { t, b, i in wrap(try t.compare(.lt, try other(b, i))) }
        m["le"] = OpDeclaration("le", "input, other", summary: "Elementwise <=, giving torch.bool.", example: "le(arange(3), 1)") { t, b, i in wrap(try t.compare(.le, try other(b, i))) }
        m["gt"] = OpDeclaration("gt", "input, other", summary: "Elementwise >, giving torch.bool.", example: "gt(arange(3), 1)") { t, b, i in wrap(try t.compare(.gt, try other(b, i))) }
        m["ge"] = OpDeclaration("ge", "input, other", summary: "Elementwise >=, giving torch.bool.", example: "ge(arange(4), 2)") { t, b, i in wrap(try t.compare(.ge, try other(b, i))) }
        m["greater"] = OpDeclaration("greater", "input, other", summary: "Alias of gt.", example: "greater(arange(3), 1)") { t, b, i in wrap(try t.compare(.gt, try other(b, i))) }
        m["less"] = OpDeclaration("less", "input, other", summary: "Alias of lt.", example: "less(arange(3), 1)") { t, b, i in wrap(try t.compare(.lt, try other(b, i))) }
        m["greater_equal"] = OpDeclaration("greater_equal", "input, other", summary: "Alias of ge.", example: "greater_equal(tensor([1, 2]), 2)") { t, b, i in wrap(try t.compare(.ge, try other(b, i))) }
        m["less_equal"] = OpDeclaration("less_equal", "input, other", summary: "Alias of le.", example: "less_equal(tensor([1, 2]), 2)") { t, b, i in wrap(try t.compare(.le, try other(b, i))) }
        m["not_equal"] = OpDeclaration("not_equal", "input, other", summary: "Alias of ne.", example: "not_equal(tensor([1, 2]), 2)") { t, b, i in wrap(try t.compare(.ne, try other(b, i))) }
        m["equal"] = OpDeclaration("equal", "input, other", summary: "True when shapes and every element are equal.", example: "equal(ones(2), ones(2))") { t, b, i in
            .bool(try NDArray.equal(t.data, try Convert.requireTensor(b["other"], "equal", "other", position: 1, i).data))
        }
        m["allclose"] = OpDeclaration("allclose", "input, other, rtol=1e-05, atol=1e-08, equal_nan=False", summary: "Whether two tensors are equal within tolerances.", example: "allclose(ones(2), ones(2) + 1e-9)") { t, b, i in
            .bool(try NDArray.allclose(t.data, try Convert.requireTensor(b["other"], "allclose", "other", position: 1, i).data,
                                       rtol: try Convert.double(b["rtol"], i) ?? 1e-5, atol: try Convert.double(b["atol"], i) ?? 1e-8,
                                       equalNaN: try flag(b, "equal_nan", i)))
        }
        // Reductions.
        m["sum"] = reduction("sum", summary: "Sum of all elements, or along dim (also Python's sum).", example: "randn(2, 3).sum(dim=0)") { t, dims, keep, i, b in wrap(try t.sum(dims: dims, keepdim: keep, dtype: try Convert.dtype(b["dtype"], i))) }
        m["mean"] = reduction("mean", summary: "Mean of all elements, or along dim (floating types).", example: "randn(4, 3).mean(dim=0)") { t, dims, keep, i, b in wrap(try t.mean(dims: dims, keepdim: keep, dtype: try Convert.dtype(b["dtype"], i))) }
        m["prod"] = reduction("prod", summary: "Product of elements.", example: "prod(tensor([1., 2., 3.]))") { t, dims, keep, _, _ in wrap(try t.prod(dim: dims?.first, keepdim: keep)) }
        m["any"] = reduction("any", summary: "True where some element is non-zero (also Python's any).", example: "any(tensor([0, 1]))") { t, dims, keep, _, _ in wrap(try t.anyAll(all: false, dims: dims, keepdim: keep)) }
        m["all"] = reduction("all", summary: "True where every element is non-zero (also Python's all).", example: "all(tensor([True, False]))") { t, dims, keep, _, _ in wrap(try t.anyAll(all: true, dims: dims, keepdim: keep)) }
        m["max"] = extremum("max", largest: true, summary: "Largest element; with dim, (values, indices). Also Python's max.", example: "max(tensor([[1, 5], [7, 2]]), dim=1)")
        m["min"] = extremum("min", largest: false, summary: "Smallest element; with dim, (values, indices). Also Python's min.", example: "min(tensor([3., 1., 2.]))")
        m["argmax"] = OpDeclaration("argmax", "input, dim=None, keepdim=False", summary: "Index of the largest value (flattened, or along dim).", example: "argmax(tensor([[1, 5], [7, 2]]), dim=1)") { t, b, i in
            wrap(try t.argExtremum(largest: true, dim: try int(b, "dim", i), keepdim: try flag(b, "keepdim", i)))
        }
        m["argmin"] = OpDeclaration("argmin", "input, dim=None, keepdim=False", summary: "Index of the smallest value.", example: "argmin(tensor([3., 1., 2.]))") { t, b, i in
            wrap(try t.argExtremum(largest: false, dim: try int(b, "dim", i), keepdim: try flag(b, "keepdim", i)))
        }
        m["std"] = varianceMethod("std", root: true, summary: "Standard deviation (Bessel-corrected by default).", example: "std(tensor([1., 2., 3., 4.]))")
        m["var"] = varianceMethod("var", root: false, summary: "Variance (Bessel-corrected by default).", example: "var(tensor([1., 2., 3., 4.]))")
        m["norm"] = OpDeclaration("norm", "input, p=2, dim=None, keepdim=False", summary: "Vector or matrix norm (2-norm by default).", example: "norm(tensor([3., 4.]))") { t, b, i in
            var p = 2.0
            if case .string(let s)? = b["p"] {
                guard s == "fro" else { throw PyError.runtime("tsh's norm supports numbers and 'fro' for p") }
            } else if let v = try Convert.double(b["p"], i) {
                p = v
            }
            return wrap(try t.norm(p: p, dims: try Convert.dims(b["dim"], i), keepdim: try flag(b, "keepdim", i)))
        }
        m["softmax"] = OpDeclaration("softmax", "input, dim, dtype=None", summary: "Exponentials normalised to sum to 1 along dim.", example: "softmax(randn(2, 3), dim=1)") { t, b, i in
            wrap(try t.softmax(dim: try b.requiredInt("dim", i), log: false, dtype: try Convert.dtype(b["dtype"], i)))
        }
        m["log_softmax"] = OpDeclaration("log_softmax", "input, dim, dtype=None", summary: "log(softmax(input)), computed stably.", example: "log_softmax(randn(2, 3), dim=1)") { t, b, i in
            wrap(try t.softmax(dim: try b.requiredInt("dim", i), log: true, dtype: try Convert.dtype(b["dtype"], i)))
        }
        m["sort"] = OpDeclaration("sort", "input, dim=-1, descending=False, stable=False", summary: "(values, indices) sorted along dim.", example: "sort(tensor([3., 1., 2.]))") { t, b, i in
            // tsh's sort is always stable, which stable=False allows as well.
            _ = try Convert.bool(b["stable"], i)
            let (values, indices) = try Sorting.sort(t, dim: try int(b, "dim", i) ?? -1, descending: try flag(b, "descending", i))
            return .object(ReturnTypesObject("sort", values: wrap(values), indices: wrap(indices)))
        }
        m["topk"] = OpDeclaration("topk", "input, k, dim=-1, largest=True, sorted=True", summary: "The k largest (or smallest) elements along dim, with their indices.", example: "topk(tensor([3., 1., 4., 1., 5.]), 2)") { t, b, i in
            // Sorted results are a valid answer to sorted=False as well.
            _ = try Convert.bool(b["sorted"], i)
            let (values, indices) = try Sorting.topk(t, k: try int(b, "k", i) ?? 1, dim: try int(b, "dim", i) ?? -1,
                                                     largest: try Convert.bool(b["largest"], i) ?? true)
            return .object(ReturnTypesObject("topk", values: wrap(values), indices: wrap(indices)))
        }
        m["argsort"] = OpDeclaration("argsort", "input, dim=-1, descending=False", summary: "Indices that sort the tensor along dim.", example: "argsort(tensor([3., 1., 2.]))") { t, b, i in
            wrap(try Sorting.sort(t, dim: try int(b, "dim", i) ?? -1, descending: try flag(b, "descending", i)).1)
        }
        // Products.
        m["matmul"] = OpDeclaration("matmul", "input, other", summary: "Matrix product with broadcasting over batch dims (also the @ operator).", example: "matmul(ones(5), randn(5, 3))") { t, b, i in
            wrap(try Tensor.matmul(t, try Convert.requireTensor(b["other"], "matmul", "other", position: 1, i)))
        }
        m["mm"] = OpDeclaration("mm", "input, mat2", summary: "Product of two matrices.", example: "mm(randn(2, 3), randn(3, 4)).shape") { t, b, i in wrap(try Tensor.mm(t, try Convert.requireTensor(b["mat2"], "mm", "mat2", position: 1, i))) }
        m["mv"] = OpDeclaration("mv", "input, vec", summary: "Product of a matrix and a vector.", example: "mv(eye(2), tensor([1., 2.]))") { t, b, i in wrap(try Tensor.mv(t, try Convert.requireTensor(b["vec"], "mv", "vec", position: 1, i))) }
        m["dot"] = OpDeclaration("dot", "input, tensor", summary: "Dot product of two 1-D tensors.", example: "dot(tensor([1., 2.]), tensor([3., 4.]))") { t, b, i in wrap(try Tensor.dot(t, try Convert.requireTensor(b["tensor"], "dot", "tensor", position: 1, i))) }
        m["bmm"] = OpDeclaration("bmm", "input, mat2", summary: "Batched matrix product of (b, n, m) and (b, m, p).", example: "bmm(randn(4, 2, 3), randn(4, 3, 5)).shape") { t, b, i in wrap(try Tensor.bmm(t, try Convert.requireTensor(b["mat2"], "bmm", "mat2", position: 1, i))) }
        // In place.
        m["add_"] = OpDeclaration("add_", "input, other, *, alpha=1", forms: .method, summary: "In-place add: self += alpha * other.", example: "x.add_(1)") { t, b, i in
            try t.addInPlace(try other(b, i), alpha: b["alpha"].flatMap(Convert.scalar)); return wrap(t)
        }
        m["sub_"] = OpDeclaration("sub_", "input, other, *, alpha=1", forms: .method, summary: "In-place subtract: self -= alpha * other.", example: "w.sub_(0.1 * w.grad)") { t, b, i in
            try t.subInPlace(try other(b, i), alpha: b["alpha"].flatMap(Convert.scalar)); return wrap(t)
        }
        m["mul_"] = OpDeclaration("mul_", "input, other", forms: .method, summary: "In-place multiply.", example: "x.mul_(2)") { t, b, i in try t.mulInPlace(try other(b, i)); return wrap(t) }
        m["div_"] = OpDeclaration("div_", "input, other", forms: .method, summary: "In-place divide.", example: "x.div_(2)") { t, b, i in try t.divInPlace(try other(b, i)); return wrap(t) }
        m["pow_"] = OpDeclaration("pow_", "input, exponent", forms: .method, summary: "In-place power.", example: "x.pow_(2)") { t, b, i in try t.powInPlace(try other(b, i, "exponent")); return wrap(t) }
        m["zero_"] = OpDeclaration("zero_", "input", forms: .method, summary: "Fills with zeros in place.", example: "w.grad.zero_()") { t, _, _ in try t.zeroInPlace(); return wrap(t) }
        m["fill_"] = OpDeclaration("fill_", "input, value", forms: .method, summary: "Fills with a value in place.", example: "zeros(3).fill_(7)") { t, b, i in
            guard let s = b["value"].flatMap(Convert.scalar) ?? b["value"].flatMap(Convert.tensor).map({ try? $0.data.item() }) ?? nil else {
                throw PyError.type("fill_() argument 'value' must be Number")
            }
            try t.fillInPlace(s)
            return wrap(t)
        }
        m["copy_"] = OpDeclaration("copy_", "input, src, non_blocking=False", forms: .method, summary: "Copies src (broadcast, converted) into this tensor in place.", example: "zeros(3).copy_(tensor([1, 2, 3]))") { t, b, i in
            _ = try Convert.bool(b["non_blocking"], i)  // nothing to overlap on the CPU
            try t.copyInPlace(from: try Convert.requireTensor(b["src"], "copy_", "src", position: 1, i)); return wrap(t)
        }
        m["masked_fill_"] = OpDeclaration("masked_fill_", "input, mask, value", forms: .method, summary: "Writes value where mask is True, in place.", example: "x.masked_fill_(x < 0, 0.)") { t, b, i in
            try t.maskedFillInPlace(try Convert.requireTensor(b["mask"], "masked_fill_", "mask", position: 1, i),
                                    Convert.scalar(b.required("value")) ?? .double(0))
            return wrap(t)
        }
        m["masked_fill"] = OpDeclaration("masked_fill", "input, mask, value", summary: "A copy with value where mask is True.", example: "masked_fill(randn(3), tensor([True, False, True]), 0.)") { t, b, i in
            wrap(try t.maskedFill(try Convert.requireTensor(b["mask"], "masked_fill", "mask", position: 1, i), Convert.scalar(b.required("value")) ?? .double(0)))
        }
        m["where"] = OpDeclaration("where", "input, condition, other", forms: .method, summary: "input where condition is True, else other.", example: "where(x > 0, x, 0.)") { t, b, i in
            wrap(try Tensor.where(try Convert.requireTensor(b["condition"], "where", "condition", i), .tensor(t), try other(b, i)))
        }
        // Random fills (use the session's default generator unless one is given).
        m["uniform_"] = OpDeclaration("uniform_", "input, a=0, b=1, *, generator=None, from=None, to=None", forms: .method, summary: "Fills tensor with uniform samples in [a, b), in place.", example: "nn.init.uniform_(layer.weight, -0.1, 0.1)") { t, b, i in
            try GradMode.with(enabled: false) {
                try t.data.uniform(from: try Convert.double(b["from"] ?? b["a"], i) ?? 0, to: try Convert.double(b["to"] ?? b["b"], i) ?? 1,
                                   generator: Session.generator(b["generator"], i))
            }
            return wrap(t)
        }
        m["normal_"] = OpDeclaration("normal_", "input, mean=0, std=1, *, generator=None", forms: .method, summary: "Fills tensor with normal samples, in place.", example: "nn.init.normal_(layer.weight, std=0.01)") { t, b, i in
            try t.data.normal(mean: try Convert.double(b["mean"], i) ?? 0, std: try Convert.double(b["std"], i) ?? 1,
                              generator: Session.generator(b["generator"], i))
            return wrap(t)
        }
        m["random_"] = OpDeclaration("random_", "input, from_=None, to=None, *, generator=None", forms: .method, summary: "Fills with random integers in [from, to) in place.", example: "zeros(3).random_(0, 10)") { t, b, i in
            var low = try Convert.int(b["from_"], i).map(Int64.init), high = try Convert.int(b["to"], i).map(Int64.init)
            if high == nil, b.given("to") == nil, let only = low { high = only; low = 0 }
            try t.data.random(from: low, to: high, generator: Session.generator(b["generator"], i))
            return wrap(t)
        }
        m["bernoulli_"] = OpDeclaration("bernoulli_", "input, p=0.5, *, generator=None", forms: .method, summary: "Fills with 0/1 samples with probability p in place.", example: "zeros(4).bernoulli_(0.5)") { t, b, i in
            try t.data.bernoulli(p: try Convert.double(b["p"], i) ?? 0.5, generator: Session.generator(b["generator"], i))
            return wrap(t)
        }
        m["exponential_"] = nil
        m["numpy"] = OpDeclaration("numpy", "input, *, force=False", forms: .method, summary: "A NumPy array sharing this tensor's memory: a write on either side shows on both.", example: "ones(3).numpy()") { t, b, i in
            if try b["force"].map({ try i.truth($0) }) ?? false { return NumpyArrayObject.wrap(t.data) }
            if t.dtype == .bfloat16 { throw PyError.type("Got unsupported ScalarType BFloat16") }
            return NumpyArrayObject.wrap(try NumpyConvert.tensorData(t))
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
