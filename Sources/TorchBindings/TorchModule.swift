import Autograd
import Interpreter
import PythonSyntax
import TorchNN

/// Class objects for isinstance and type(): torch.Tensor, nn.Parameter.
enum TorchClasses {
    static let tensor: TypeObject = {
        let type = TypeObject("Tensor") { a, i in
            guard let data = a.positional.first else { return Convert.wrap(Tensor(try NDArray.zeros([0]))) }
            return Convert.wrap(Tensor(try NDArray.from(try Convert.nested(data, i)).to(.float32)))
        }
        // torch.Tensor.backward and the like: the method of the tensor given first
        // (help(torch.Tensor.backward), torch.Tensor.add(x, 1)).
        type.members = { name, interp in
            let probe = Convert.wrap(Tensor(try NDArray.zeros([1])))
            guard name.first != "_", (try? interp.getAttribute(probe, name)).map({ if case .builtin = $0 { true } else { false } }) == true else { return nil }
            return .builtin(Builtin(name, qualifiedName: "Tensor.\(name)") { args, interp in
                guard let receiver = args.positional.first, Convert.tensor(receiver) != nil else {
                    let given = args.positional.first.map { interp.typeName($0) } ?? "nothing"
                    throw PyError.type("descriptor '\(name)' for 'torch._C.TensorBase' objects doesn't apply to a '\(given)' object")
                }
                return try interp.call(try interp.getAttribute(receiver, name), Arguments(Array(args.positional.dropFirst()), keywords: args.keywords))
            })
        }
        return type
    }()
    static let parameter = TypeObject("Parameter") { a, i in
        let data = try a.positional.first.map { try Convert.requireTensor($0, "Parameter", "data", i) } ?? Tensor(try NDArray.zeros([0]))
        let requiresGrad = try Convert.bool(a.positional.count > 1 ? a.positional[1] : a.keyword("requires_grad"), i) ?? true
        return Convert.wrap(Tensor(data.data, requiresGrad: requiresGrad, isParameter: true))
    }
}

/// Builds the `torch` namespace and its submodules into an interpreter.
package enum TorchRuntime {
    /// Installs torch, torch.nn, torch.nn.functional and torch.autograd, and binds the
    /// bare names (`ones(5)`, `matmul(x, w)`, `nn`, `F`) in the session's globals.
    package static func install(into interp: Interpreter) {
        _ = Session.of(interp)
        let torch = ModuleObject(name: "torch")
        let functional = FunctionalModule.make()
        let nn = NNModule.make(functional: functional)
        let autograd = ModuleObject(name: "torch.autograd")
        autograd.attributes["grad"] = builtin("grad", "outputs, inputs, grad_outputs=None, retain_graph=None, create_graph=False, allow_unused=None", summary: "The gradient accumulated by backward() (None until then).", example: "w.grad") { b, i in
            let outputs = try tensors(b.required("outputs"), i), inputs = try tensors(b.required("inputs"), i)
            let gradOutputs = try b["grad_outputs"].map { try tensors($0, i).map { Optional($0) } } ?? []
            let grads = try Engine.grad(outputs: outputs, inputs: inputs, gradOutputs: gradOutputs,
                                        retainGraph: try Convert.bool(b["retain_graph"], i),
                                        createGraph: try Convert.bool(b["create_graph"], i) ?? false,
                                        allowUnused: try Convert.bool(b["allow_unused"], i) ?? false)
            return .tuple(grads.map { $0.map(TensorObject.wrap) ?? Value.none })
        }
        autograd.attributes["backward"] = builtin("backward", "tensors, grad_tensors=None, retain_graph=None, create_graph=False, inputs=None", summary: "Backpropagates from several tensors at once, adding into .grad of the leaves (or only into inputs).", example: "torch.autograd.backward([loss1, loss2])") { b, i in
            let ts = try tensors(b.required("tensors"), i)
            let grads = try b["grad_tensors"].map { try tensors($0, i).map { Optional($0) } } ?? []
            let createGraph = try Convert.bool(b["create_graph"], i) ?? false
            let inputs = try b["inputs"].flatMap { v -> [Tensor]? in
                if case .none = v { return nil }
                return try Convert.tensor(v).map { [$0] } ?? tensors(v, i)
            }
            try AutogradTools.reportingAnomaly(i) {
                try Engine.backward(ts, gradients: grads, retainGraph: try Convert.bool(b["retain_graph"], i) ?? createGraph,
                                    createGraph: createGraph, inputs: inputs)
            }
            return .none
        }
        AutogradTools.install(into: autograd, interp)
        autograd.attributes["Function"] = .object(FunctionBase.shared)
        autograd.attributes["Variable"] = .builtin(Builtin("Variable", qualifiedName: "torch.autograd.Variable") { a, i in
            try Signature("Variable", "data, requires_grad=False, volatile=False").call(a, i) { b in
                // Variable and Tensor merged in PyTorch 0.4: Variable(t) is t's data as a new leaf.
                let data = try Convert.requireTensor(b["data"], "Variable", "data", i)
                let leaf = Tensor(data.data)
                if try Convert.bool(b["requires_grad"], i) == true { try leaf.setRequiresGrad(true) }
                if try Convert.bool(b["volatile"], i) == true {
                    i.warn("UserWarning", "volatile was removed and now has no effect. Use `with torch.no_grad():` instead.")
                }
                return Convert.wrap(leaf)
            }
        })
        for legacy in LegacyTensorType.all { torch.attributes[legacy.name] = .object(legacy) }
        for name in ["is_anomaly_enabled", "is_anomaly_check_nan_enabled"] { torch.attributes[name] = autograd.attributes[name] }
        for (name, value) in functions() { torch.attributes[name] = OutArgument.wrap(name, value) }
        for (name, value) in OpDeclarations.functions() { torch.attributes[name] = OutArgument.wrap(name, value) }
        torch.attributes["default_generator"] = .object(GeneratorObject(Session.of(interp).generator))
        for (name, value) in SerializationModule.functions() { torch.attributes[name] = value }
        for (name, d) in DTypeObject.all { torch.attributes[name] = .object(d) }
        torch.attributes["nn"] = .object(nn)
        let optim = OptimModule.make()
        torch.attributes["optim"] = .object(optim)
        interp.modules["torch.optim"] = .object(optim)
        let scheduler = LRSchedulerModule.make()
        optim.attributes["lr_scheduler"] = .object(scheduler)
        interp.modules["torch.optim.lr_scheduler"] = .object(scheduler)
        let (utils, data) = DataModule.make()
        torch.attributes["utils"] = .object(utils)
        interp.modules["torch.utils"] = .object(utils)
        interp.modules["torch.utils.data"] = .object(data)
        torch.attributes["autograd"] = .object(autograd)
        torch.attributes["Tensor"] = .object(TorchClasses.tensor)
        torch.attributes["Size"] = .object(TypeObject("Size") { a, i in .object(SizeObject(try Convert.shape(a.positional, i))) })
        torch.attributes["__version__"] = .string("2.15.0")
        DevicesModule.install(into: torch, interp)
        PrintOptionsModule.install(into: torch)
        interp.modules["torch"] = .object(torch)
        interp.modules["torch.nn"] = .object(nn)
        interp.modules["torch.nn.functional"] = .object(functional)
        interp.modules["torch.autograd"] = .object(autograd)
        interp.modules["torchviz"] = .object(TorchvizModule.make())
        interp.modules["tqdm"] = .object(TqdmModule.make(name: "tqdm"))
        interp.modules["tqdm.auto"] = .object(TqdmModule.make(name: "tqdm.auto"))
        TorchVisionModule.install(into: interp)
        NumpyModule.install(into: interp)
        TshModule.install(into: interp)
        SafeTensorsModule.install(into: interp)
        PandasModule.install(into: interp)
        // Bare names for the prompt: every torch function, and the common namespaces.
        for (name, value) in torch.attributes where interp.builtins[name] == nil || ["max", "min", "abs", "sum", "round", "all", "any", "pow"].contains(name) == false {
            if interp.builtins[name] == nil { interp.builtins[name] = value }
        }
        interp.builtins["torch"] = .object(torch)
        interp.builtins["nn"] = .object(nn)
        interp.builtins["F"] = .object(functional)
        interp.builtins["optim"] = .object(optim)
    }

    static func builtin(_ name: String, _ spec: String, summary: String, example: String,
                        _ body: @escaping (BoundArguments, Interpreter) throws -> Value) -> Value {
        let signature = Signature(name, spec)
        HelpRegistry.add("torch.\(name)", name: name, spec: spec, summary: summary, example: example)
        return .builtin(Builtin(name, qualifiedName: "torch.\(name)", parameters: signature.parameters.filter { !$0.variadic }.map(\.name)) { args, interp in
            try signature.call(args, interp) { try body($0, interp) }
        })
    }

    static func tensors(_ v: Value, _ interp: Interpreter) throws -> [Tensor] {
        if let t = Convert.tensor(v) { return [t] }
        if case .none = v { throw PyError.type("'NoneType' object is not iterable") }
        return try interp.materialize(v).map { try Convert.requireTensor($0, "grad", "tensors", interp) }
    }

    /// cat's and stack's `tensors`: a sequence of tensors, with PyTorch's TypeError otherwise.
    static func tensorList(_ b: BoundArguments, _ function: String, _ interp: Interpreter) throws -> [Tensor] {
        let v = b.required("tensors")
        switch v {
        case .list, .tuple:
            return try interp.materialize(v).enumerated().map { k, item in
                guard let t = Convert.tensor(item) else {
                    throw PyError.type("expected Tensor as element \(k) in argument 0, but got \(interp.typeName(item))")
                }
                return t
            }
        default:
            throw b.mistyped("tensors", v, "tuple of Tensors", interp)
        }
    }

    /// A new leaf with the factory keywords applied (dtype is already in `data`).
    static func finish(_ data: NDArray, _ b: BoundArguments, _ interp: Interpreter) throws -> Value {
        try Convert.requireCPU(b["device"], interp)
        if try Convert.bool(b["pin_memory"], interp) == true {
            throw PyError.runtime("Cannot access accelerator device when none is available.")
        }
        for key in ["layout", "memory_format"] {
            if let v = b[key], !["torch.strided", "torch.preserve_format", "torch.contiguous_format"].contains((try? interp.repr(v)) ?? "") {
                throw PyError("NotImplementedError", "\(b.function)(\(key)=\((try? interp.repr(v)) ?? "...")) is not supported by tsh yet")
            }
        }
        let requiresGrad = try Convert.bool(b["requires_grad"], interp) ?? false
        return Convert.wrap(try Tensor.leaf(data, requiresGrad: requiresGrad))
    }

    static func sizeArgs(_ b: BoundArguments, _ interp: Interpreter) throws -> [Int] {
        var values = b.variadic
        if let size = b["size"] { values.insert(size, at: 0) }
        return try Convert.shape(values, interp)
    }

    static func functions() -> [String: Value] {
        var f: [String: Value] = [:]
        let factory = "*size, out=None, dtype=None, layout=None, device=None, requires_grad=False"
        f["tensor"] = builtin("tensor", "data, *, dtype=None, device=None, requires_grad=False, pin_memory=False", summary: "A tensor holding data (nested lists of numbers or bools).", example: "tensor([[1., 2.], [3., 4.]])") { b, i in
            let data = try NDArray.from(try Convert.nested(b.required("data"), i), dtype: try Convert.dtype(b["dtype"], i))
            return try finish(data, b, i)
        }
        f["as_tensor"] = builtin("as_tensor", "data, dtype=None, device=None", summary: "A tensor from data, sharing it when it already is one.", example: "as_tensor([1, 2, 3])") { b, i in
            try Convert.requireCPU(b["device"], i)
            if let t = Convert.tensor(b.required("data")) { return Convert.wrap(try Convert.dtype(b["dtype"], i).map { t.to($0) } ?? t) }
            // An ndarray's memory is shared when no conversion is asked for, as PyTorch does.
            if case .object(let n as NumpyArrayObject) = b.required("data") {
                return Convert.wrap(Tensor(try Convert.dtype(b["dtype"], i).map { n.array.to($0) } ?? n.array))
            }
            return Convert.wrap(Tensor(try NDArray.from(try Convert.nested(b.required("data"), i), dtype: try Convert.dtype(b["dtype"], i))))
        }
        f["from_numpy"] = builtin("from_numpy", "ndarray", summary: "A tensor sharing a NumPy array's memory: a write on either side shows on both.", example: "from_numpy(np.ones(3))") { b, i in
            guard case .object(let n as NumpyArrayObject) = b.required("ndarray") else {
                throw PyError.type("expected np.ndarray (got \(i.typeName(b.required("ndarray"))))")
            }
            return Convert.wrap(Tensor(n.array))
        }
        f["zeros"] = builtin("zeros", factory, summary: "A tensor of zeros.", example: "zeros(5)") { b, i in try finish(try NDArray.zeros(try sizeArgs(b, i), dtype: try Convert.dtype(b["dtype"], i) ?? .float32), b, i) }
        f["ones"] = builtin("ones", factory, summary: "A tensor of ones.", example: "ones(2, 3)") { b, i in try finish(try NDArray.ones(try sizeArgs(b, i), dtype: try Convert.dtype(b["dtype"], i) ?? .float32), b, i) }
        f["empty"] = builtin("empty", factory + ", pin_memory=False, memory_format=None", summary: "An uninitialised tensor (tsh fills it with zeros).", example: "empty(2, 3)") { b, i in try finish(try NDArray.empty(try sizeArgs(b, i), dtype: try Convert.dtype(b["dtype"], i) ?? .float32), b, i) }
        f["full"] = builtin("full", "size, fill_value, *, dtype=None, device=None, requires_grad=False", summary: "A tensor filled with one value.", example: "full((2, 2), 7.)") { b, i in
            let value = try b.requiredScalar("fill_value", i)
            return try finish(try NDArray.full(try Convert.shape([b.required("size")], i), value, dtype: try Convert.dtype(b["dtype"], i)), b, i)
        }
        let like = "input, *, dtype=None, layout=None, device=None, requires_grad=False, memory_format=None, generator=None"
        for (name, value, summary) in [("zeros_like", Scalar.int(0), "Zeros shaped like input."), ("ones_like", .int(1), "Ones shaped like input."),
                                       ("empty_like", .int(0), "An uninitialised tensor shaped like input (tsh fills it with zeros).")] {
            f[name] = builtin(name, like, summary: summary, example: "\(name)(randn(2))") { b, i in
                let t = try Convert.requireTensor(b["input"], name, "input", i)
                return try finish(try NDArray.full(like: t.data, value, dtype: try Convert.dtype(b["dtype"], i)), b, i)
            }
        }
        f["full_like"] = builtin("full_like", "input, fill_value, *, dtype=None, device=None, requires_grad=False", summary: "A tensor of input's shape filled with one value.", example: "full_like(ones(3), 0.5)") { b, i in
            let t = try Convert.requireTensor(b["input"], "full_like", "input", i)
            return try finish(try NDArray.full(like: t.data, try b.requiredScalar("fill_value", i), dtype: try Convert.dtype(b["dtype"], i)), b, i)
        }
        f["rand_like"] = builtin("rand_like", like, summary: "rand with input's shape.", example: "rand_like(ones(3))") { b, i in
            let t = try Convert.requireTensor(b["input"], "rand_like", "input", i)
            return try finish(try NDArray.rand(like: t.data, dtype: try Convert.dtype(b["dtype"], i), normal: false,
                                               generator: Session.generator(b["generator"], i)), b, i)
        }
        f["randn_like"] = builtin("randn_like", like, summary: "randn with input's shape.", example: "randn_like(ones(2, 2))") { b, i in
            let t = try Convert.requireTensor(b["input"], "randn_like", "input", i)
            return try finish(try NDArray.rand(like: t.data, dtype: try Convert.dtype(b["dtype"], i), normal: true,
                                               generator: Session.generator(b["generator"], i)), b, i)
        }
        f["randint_like"] = builtin("randint_like", "input, low=None, high=None, *, dtype=None, generator=None, requires_grad=False", summary: "randint with input's shape.", example: "randint_like(ones(3), 10)") { b, i in
            let t = try Convert.requireTensor(b["input"], "randint_like", "input", i)
            var low = try Convert.int(b["low"], i) ?? 0, high = try Convert.int(b["high"], i)
            if high == nil { high = low; low = 0 }
            return try finish(try NDArray.randint(like: t.data, low: Int64(low), high: Int64(high!), dtype: try Convert.dtype(b["dtype"], i),
                                                  generator: Session.generator(b["generator"], i)), b, i)
        }
        f["arange"] = builtin("arange", "start, end=None, step=1, *, dtype=None, device=None, requires_grad=False", summary: "Values from start up to end (exclusive) in steps.", example: "arange(0, 1, 0.25)") { b, i in
            var start = try b.requiredScalar("start", i), end = b["end"].flatMap(Convert.scalar)
            if end == nil { end = start; start = .int(0) }
            let step = b["step"].flatMap(Convert.scalar) ?? .int(1)
            return try finish(try NDArray.arange(start: start, end: end!, step: step, dtype: try Convert.dtype(b["dtype"], i)), b, i)
        }
        f["linspace"] = builtin("linspace", "start, end, steps, *, dtype=None, device=None, requires_grad=False", summary: "steps values evenly spaced from start to end.", example: "linspace(0, 1, 5)") { b, i in
            try finish(try NDArray.linspace(start: try b.requiredDouble("start", i), end: try b.requiredDouble("end", i),
                                            steps: try b.requiredInt("steps", i), dtype: try Convert.dtype(b["dtype"], i) ?? .float32), b, i)
        }
        f["eye"] = builtin("eye", "n, m=None, *, dtype=None, device=None, requires_grad=False", summary: "The identity matrix.", example: "eye(3)") { b, i in
            try finish(try NDArray.eye(try b.requiredInt("n", i), try Convert.int(b["m"], i), dtype: try Convert.dtype(b["dtype"], i) ?? .float32), b, i)
        }
        f["rand"] = builtin("rand", "*size, generator=None, out=None, dtype=None, layout=None, device=None, requires_grad=False, pin_memory=False", summary: "Uniform samples in [0, 1) (PyTorch's exact stream).", example: "manual_seed(0); rand(2, 2)") { b, i in
            try finish(try NDArray.rand(try sizeArgs(b, i), dtype: try Convert.dtype(b["dtype"], i) ?? .float32,
                                        generator: Session.generator(b["generator"], i)), b, i)
        }
        f["randn"] = builtin("randn", "*size, generator=None, out=None, dtype=None, layout=None, device=None, requires_grad=False, pin_memory=False", summary: "Samples from the standard normal distribution (PyTorch's exact stream).", example: "manual_seed(0); randn(3)") { b, i in
            try finish(try NDArray.randn(try sizeArgs(b, i), dtype: try Convert.dtype(b["dtype"], i) ?? .float32,
                                         generator: Session.generator(b["generator"], i)), b, i)
        }
        f["randint"] = builtin("randint", "low, high=None, size=None, *, generator=None, dtype=None, device=None, requires_grad=False", summary: "Random integers in [low, high).", example: "randint(0, 10, (5,))") { b, i in
            var low = try b.requiredInt("low", i), high = b["high"], size = b["size"]
            if size == nil, let h = high, case .tuple = h { size = h; high = nil }
            if size == nil, let h = high, case .list = h { size = h; high = nil }
            if high == nil { high = .int(low); low = 0 }
            guard let size else { throw PyError.type("randint() missing 1 required positional arguments: \"size\"") }
            return try finish(try NDArray.randint(low: Int64(low), high: Int64(try Convert.int(high, i)!), try Convert.shape([size], i),
                                                  dtype: try Convert.dtype(b["dtype"], i) ?? .int64, generator: Session.generator(b["generator"], i)), b, i)
        }
        f["randperm"] = builtin("randperm", "n, *, generator=None, dtype=None, device=None, requires_grad=False", summary: "A random permutation of 0..n-1.", example: "randperm(5)") { b, i in
            try finish(try NDArray.randperm(try b.requiredInt("n", i), dtype: try Convert.dtype(b["dtype"], i) ?? .int64,
                                            generator: Session.generator(b["generator"], i)), b, i)
        }
        f["normal"] = builtin("normal", "mean, std=1.0, size=None, *, generator=None", summary: "Samples from normal distributions.", example: "normal(0., 1., size=(3,))") { b, i in
            let g = try Session.generator(b["generator"], i)
            if let meanTensor = Convert.tensor(b.required("mean")) {
                let z = try NDArray.empty(meanTensor.shape, dtype: meanTensor.dtype)
                if let stdTensor = b["std"].flatMap(Convert.tensor) {
                    try z.normal(mean: 0, std: 1, generator: g)
                    let scaled = try NDArray.binary(.mul, .array(z), .array(stdTensor.data))
                    return Convert.wrap(Tensor(try NDArray.binary(.add, .array(scaled), .array(meanTensor.data))))
                }
                try z.normal(mean: 0, std: try Convert.double(b["std"], i) ?? 1, generator: g)
                return Convert.wrap(Tensor(try NDArray.binary(.add, .array(z), .array(meanTensor.data))))
            }
            let out = try NDArray.empty(try Convert.shape([b["size"] ?? .tuple([])], i))
            try out.normal(mean: try b.requiredDouble("mean", i), std: try Convert.double(b["std"], i) ?? 1, generator: g)
            return Convert.wrap(Tensor(out))
        }
        f["bernoulli"] = builtin("bernoulli", "input, p=None, *, generator=None", summary: "0/1 samples with probabilities from input.", example: "bernoulli(full((3,), 0.5))") { b, i in
            let t = try Convert.requireTensor(b["input"], "bernoulli", "input", i)
            let g = try Session.generator(b["generator"], i)
            if let p = try Convert.double(b["p"], i) {
                let out = try NDArray.empty(t.shape, dtype: t.dtype)
                try out.bernoulli(p: p, generator: g)
                return Convert.wrap(Tensor(out))
            }
            return Convert.wrap(Tensor(try NDArray.bernoulli(probabilities: t.data, generator: g)))
        }
        f["manual_seed"] = builtin("manual_seed", "seed", summary: "Seeds the default generator; the numbers then match PyTorch's.", example: "manual_seed(0); randn(3)") { b, i in
            let g = Session.of(i).generator
            try seedGenerator(g, b["seed"], i)
            return .object(GeneratorObject(g))
        }
        f["get_num_threads"] = builtin("get_num_threads", "", summary: "How many threads large element-wise ops, reductions and matrix products use.", example: "get_num_threads()") { _, _ in .int(Threads.count) }
        f["set_num_threads"] = builtin("set_num_threads", "int", summary: "Sets how many threads large ops use (a whole-tensor float sum is split the same way).", example: "set_num_threads(1)") { b, i in
            let value = b.required("int")
            guard case .int(let n) = value else {
                if case .bool(let flag) = value { try Threads.set(flag ? 1 : 0); return Value.none }
                throw TensorError.runtime("set_num_threads expects an int, but got \(i.typeName(value))")
            }
            // PyTorch reads the count as a C int.
            guard n <= Int(Int32.max) else { throw PyError.value("Overflow when unpacking long") }
            try Threads.set(n)
            return Value.none
        }
        f["initial_seed"] = builtin("initial_seed", "", summary: "The seed the default generator started from.", example: "manual_seed(3); initial_seed()") { _, i in .integer(.init(Session.of(i).generator.initialSeed)) }
        f["seed"] = builtin("seed", "", summary: "Seeds the default generator non-deterministically; returns the seed.", example: "s = seed()") { _, i in .integer(.init(Session.of(i).generator.seedNondeterministically())) }
        f["get_rng_state"] = builtin("get_rng_state", "", summary: "The default generator's state as a uint8 tensor.", example: "state = get_rng_state()") { _, i in
            let bytes = Session.of(i).generator.getState()
            return Convert.wrap(Tensor(NDArray(values: bytes.map { .int(Int64($0)) }, shape: [bytes.count], dtype: .uint8)))
        }
        f["set_rng_state"] = builtin("set_rng_state", "new_state", summary: "Restores a state from get_rng_state().", example: "set_rng_state(state)") { b, i in
            let t = try Convert.requireTensor(b["new_state"], "set_rng_state", "new_state", i)
            try Session.of(i).generator.setState(t.data.scalars.map { UInt8(truncatingIfNeeded: $0.int64Value) })
            return .none
        }
        f["Generator"] = .object(TypeObject("Generator") { _, _ in .object(GeneratorObject(Generator())) })
        f["device"] = .object(TypeObject("device") { a, i in
            guard let first = a.positional.first ?? a.keyword("type") else { throw PyError.type("device() missing 1 required positional argument: 'type'") }
            if case .object(let o) = first, let d = o as? DeviceObject { return .object(d) }
            guard case .string(let text) = first else { throw PyError.type("device(): argument 'type' must be str, not \(i.typeName(first))") }
            return .object(try DeviceObject.parse(text, index: try Convert.int(a.positional.count > 1 ? a.positional[1] : a.keyword("index"), i)))
        })
        // Each is a context manager and, given a function (`@torch.no_grad()` or
        // `@torch.no_grad`), a decorator running it in that mode.
        for (name, enabled) in [("no_grad", false), ("enable_grad", true), ("inference_mode", false)] {
            f[name] = .object(TypeObject(name) { a, _ in
                if name == "inference_mode", let mode = a.positional.first ?? a.keyword("mode") {
                    if case .bool(false) = mode { return .object(GradModeContext(name, enabled: GradMode.isEnabled)) }
                }
                if let function = a.positional.first, a.positional.count == 1, name != "inference_mode" || !(function.isBool) {
                    return GradModeContext(name, enabled: enabled).decorating(function)
                }
                guard a.positional.isEmpty else { throw PyError.type("\(name)() takes no arguments") }
                return .object(GradModeContext(name, enabled: enabled))
            })
        }
        f["set_grad_enabled"] = .object(TypeObject("set_grad_enabled") { a, i in
            let mode = try i.truth(a.positional.first ?? a.keyword("mode") ?? .bool(true))
            let context = GradModeContext("set_grad_enabled", enabled: mode)
            context.previous.append(GradMode.isEnabled)
            GradMode.isEnabled = mode
            return .object(SetGradEnabled(context))
        })
        f["is_grad_enabled"] = builtin("is_grad_enabled", "", summary: "Whether operations record the graph right now.", example: "is_grad_enabled()") { _, _ in .bool(GradMode.isEnabled) }
        f["cat"] = builtin("cat", "tensors, dim=0", summary: "Joins tensors along an existing dim.", example: "cat([ones(2), zeros(3)])") { b, i in
            Convert.wrap(try Tensor.cat(try tensorList(b, "cat", i), dim: try Convert.int(b["dim"], i) ?? 0))
        }
        f["concat"] = f["cat"]
        f["concatenate"] = f["cat"]
        f["stack"] = builtin("stack", "tensors, dim=0", summary: "Joins tensors along a new dim.", example: "stack([ones(2), zeros(2)])") { b, i in
            Convert.wrap(try Tensor.stack(try tensorList(b, "stack", i), dim: try Convert.int(b["dim"], i) ?? 0))
        }
        f["where"] = builtin("where", "condition, input=None, other=None", summary: "input where condition holds, else other (one argument: the indices where it holds).", example: "where(x > 0, x, zeros(3))") { b, i in
            let condition = try Convert.requireTensor(b["condition"], "where", "condition", i)
            guard let x = b["input"], let y = b["other"] else {
                let positions = condition.data.nonzero()
                return .tuple(try (0..<condition.rank).map { Convert.wrap(Tensor(try positions.select(dim: 1, index: $0).contiguousCopy())) })
            }
            return Convert.wrap(try Tensor.where(condition, try Convert.operand(x, "where", i), try Convert.operand(y, "where", i)))
        }
        f["is_tensor"] = builtin("is_tensor", "obj", summary: "Whether obj is a tensor.", example: "is_tensor(ones(1))") { b, _ in .bool(Convert.tensor(b.required("obj")) != nil) }
        f["numel"] = builtin("numel", "input", summary: "The number of elements.", example: "numel(randn(2, 3))") { b, i in .int(try Convert.requireTensor(b["input"], "numel", "input", i).count) }
        return f
    }
}

/// `torch.set_grad_enabled(b)`: already applied when called; as a context manager it
/// restores the previous mode on exit.
final class SetGradEnabled: PyObject {
    let context: GradModeContext
    init(_ context: GradModeContext) { self.context = context }
    var typeName: String { "set_grad_enabled" }
    func enter(_ interp: Interpreter) throws -> Value? { Value.none }
    func exit(_ interp: Interpreter) throws { try context.exit(interp) }
    func repr(_ interp: Interpreter) throws -> String { "<torch.autograd.grad_mode.set_grad_enabled object>" }
}
