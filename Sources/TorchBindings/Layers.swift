import Autograd
import Interpreter
import PythonSyntax
import TorchNN

/// The built-in layers and losses of torch.nn as the language constructs them: each reads
/// its constructor's arguments and makes an engine Module with its Layer (TorchNN).
enum Layers {
    typealias Factory = (Arguments, Interpreter) throws -> ModuleInstance

    /// Binds a constructor's arguments, builds the module, and refuses any argument the
    /// construction never read (Signature.call's rule: never accepted and ignored).
    static func construct(_ name: String, _ spec: String, _ a: Arguments, _ i: Interpreter,
                          _ body: (BoundArguments) throws -> Layer) throws -> ModuleInstance {
        ModuleInstance(kind: .builtIn, module: Module(typeName: name, layer: try Signature(name, spec).call(a, i, body)))
    }

    static func activation(_ name: String, _ op: UnaryOp) -> Factory {
        { a, i in try construct(name, "inplace=False", a, i) { b in ActivationLayer(op, inplace: try Convert.bool(b["inplace"], i) ?? false) } }
    }

    /// A loss module: its constructor's keywords (PyTorch's, per class) are read when it is made.
    static func loss(_ name: String, _ kind: LossLayer.Kind, _ spec: String) -> Factory {
        { a, i in try construct(name, spec, a, i) { b in LossLayer(kind, options: try LossOptions(b, name, i)) } }
    }

    static let factories: [String: Factory] = {
        var f: [String: Factory] = [:]
        f["Linear"] = { a, i in try Signature("Linear", "in_features, out_features, bias=True, device=None, dtype=None").call(a, i) { b in
            try Convert.requireCPU(b["device"], i)
            let inFeatures = try Convert.requireInt(b["in_features"], "Linear", "in_features", i)
            let outFeatures = try Convert.requireInt(b["out_features"], "Linear", "out_features", i)
            guard inFeatures >= 0, outFeatures >= 0 else {
                throw PyError.runtime("Trying to create tensor with negative dimension \(min(inFeatures, outFeatures)): [\(outFeatures), \(inFeatures)]")
            }
            let module = try LinearLayer.module(inFeatures: inFeatures, outFeatures: outFeatures, bias: try Convert.bool(b["bias"], i) ?? true,
                                                dtype: try Convert.dtype(b["dtype"], i) ?? .float32, generator: Session.of(i).generator)
            let m = ModuleInstance(kind: .builtIn, module: module)
            m.attributes["in_features"] = .int(inFeatures)
            m.attributes["out_features"] = .int(outFeatures)
            return m
        } }
        f["ReLU"] = activation("ReLU", .relu)
        f["Sigmoid"] = { a, i in try construct("Sigmoid", "", a, i) { _ in ActivationLayer(.sigmoid, showsInplace: false) } }
        f["Tanh"] = { a, i in try construct("Tanh", "", a, i) { _ in ActivationLayer(.tanh, showsInplace: false) } }
        f["Identity"] = { a, _ in ModuleInstance(kind: .builtIn, module: Module(typeName: "Identity", layer: IdentityLayer())) }
        f["GELU"] = { a, i in try construct("GELU", "approximate='none'", a, i) { b in
            switch b["approximate"] {
            case nil, .string("none")?: return GELULayer(tanh: false)
            case .string("tanh")?: return GELULayer(tanh: true)
            case let other?: throw PyError.runtime("approximate argument must be either none or tanh. Got \((try? i.str(other)) ?? "?")")
            }
        } }
        f["LeakyReLU"] = { a, i in try construct("LeakyReLU", "negative_slope=0.01, inplace=False", a, i) { b in
            LeakyReLULayer(slope: try Convert.double(b["negative_slope"], i) ?? 0.01, inplace: try Convert.bool(b["inplace"], i) ?? false)
        } }
        for (name, log) in [("Softmax", false), ("LogSoftmax", true)] {
            f[name] = { a, i in try construct(name, "dim=None", a, i) { b in SoftmaxLayer(dim: try Convert.int(b["dim"], i), log: log) } }
        }
        f["Flatten"] = { a, i in try construct("Flatten", "start_dim=1, end_dim=-1", a, i) { b in
            FlattenLayer(start: try Convert.int(b["start_dim"], i) ?? 1, end: try Convert.int(b["end_dim"], i) ?? -1)
        } }
        f["Unflatten"] = { a, i in try construct("Unflatten", "dim, unflattened_size", a, i) { b in
            let sizes = try i.materialize(b.required("unflattened_size")).map { v -> Int in
                guard let n = try i.asIndex(v) else { throw PyError.type("unflattened_size must be a tuple of ints, but found element of type \(i.typeName(v))") }
                return n
            }
            return UnflattenLayer(dim: try b.requiredInt("dim", i), sizes: sizes)
        } }
        f["ModuleList"] = { a, i in
            let m = ModuleInstance(kind: .builtIn, module: Module(typeName: "ModuleList"))
            try Signature("ModuleList", "modules=None").call(a, i) { b in
                for child in try b["modules"].map({ try i.materialize($0) }) ?? [] { try m.appendChild(child, i) }
            }
            return m
        }
        f["ModuleDict"] = { a, i in
            let m = ModuleInstance(kind: .builtIn, module: Module(typeName: "ModuleDict"))
            try Signature("ModuleDict", "modules=None").call(a, i) { b in
                if let given = b["modules"] { try m.update(given, i) }
            }
            return m
        }
        f["Dropout"] = { a, i in try construct("Dropout", "p=0.5, inplace=False", a, i) { b in
            try DropoutLayer(p: try Convert.double(b["p"], i) ?? 0.5, inplace: try Convert.bool(b["inplace"], i) ?? false)
        } }
        f["Sequential"] = { a, i in
            let m = ModuleInstance(kind: .builtIn, module: Module(typeName: "Sequential"))
            // Sequential(OrderedDict([("fc1", layer), ...])) names its children.
            var named: [(String, Value)] = a.positional.enumerated().map { (String($0.offset), $0.element) }
            if a.positional.count == 1, case .dict(let d) = a.positional[0] {
                named = try d.pairs.map { k, v in
                    guard case .string(let name) = k else { throw PyError.type("module name should be a string. Got \(i.typeName(k))") }
                    return (name, v)
                }
            }
            for (name, v) in named {
                guard case .object(let o) = v, let child = o as? ModuleInstance else {
                    throw PyError.type("\(i.typeName(v)) is not a Module subclass")
                }
                m.addChild(name, child)
            }
            return m
        }
        let classLoss = "weight=None, size_average=None, ignore_index=-100, reduce=None, reduction='mean'"
        let simpleLoss = "size_average=None, reduce=None, reduction='mean'"
        f["CrossEntropyLoss"] = loss("CrossEntropyLoss", .crossEntropy, classLoss + ", label_smoothing=0.0")
        f["NLLLoss"] = loss("NLLLoss", .nll, classLoss)
        f["MSELoss"] = loss("MSELoss", .mse, simpleLoss)
        f["L1Loss"] = loss("L1Loss", .l1, simpleLoss)
        f["BCELoss"] = loss("BCELoss", .bce, "weight=None, " + simpleLoss)
        f["BCEWithLogitsLoss"] = loss("BCEWithLogitsLoss", .bceWithLogits, "weight=None, " + simpleLoss + ", pos_weight=None")
        ConvolutionBindings.install(into: &f)
        EmbeddingBindings.install(into: &f)
        EmbeddingBindings.installBatchNorm(into: &f)
        return f
    }()
}

/// torch.nn.init.
enum InitModule {
    static func make() -> ModuleObject {
        let m = ModuleObject(name: "torch.nn.init")
        func add(_ name: String, _ spec: String, _ body: @escaping (NDArray, BoundArguments, Interpreter, Generator) throws -> Void) {
            let signature = Signature(name, spec)
            m.attributes[name] = .builtin(Builtin(name, qualifiedName: "torch.nn.init.\(name)") { args, i in
                try signature.call(args, i) { b in
                    let t = try Convert.requireTensor(b["tensor"], name, "tensor", i)
                    try GradMode.with(enabled: false) { try body(t.data, b, i, try Session.generator(b["generator"], i)) }
                    return Convert.wrap(t)
                }
            })
        }
        add("uniform_", "tensor, a=0.0, b=1.0, generator=None") { t, b, i, g in
            try Init.uniform(t, a: try Convert.double(b["a"], i) ?? 0, b: try Convert.double(b["b"], i) ?? 1, generator: g)
        }
        add("normal_", "tensor, mean=0.0, std=1.0, generator=None") { t, b, i, g in
            try Init.normal(t, mean: try Convert.double(b["mean"], i) ?? 0, std: try Convert.double(b["std"], i) ?? 1, generator: g)
        }
        add("zeros_", "tensor") { t, _, _, _ in try Init.zeros(t) }
        add("ones_", "tensor") { t, _, _, _ in try Init.ones(t) }
        add("constant_", "tensor, val") { t, b, i, _ in try Init.constant(t, try b.requiredScalar("val", i)) }
        add("kaiming_uniform_", "tensor, a=0, mode='fan_in', nonlinearity='leaky_relu', generator=None") { t, b, i, g in
            try Init.kaimingUniform(t, a: try Convert.double(b["a"], i) ?? 0, mode: try b["mode"].map { try i.str($0) } ?? "fan_in",
                                    nonlinearity: try b["nonlinearity"].map { try i.str($0) } ?? "leaky_relu", generator: g)
        }
        add("kaiming_normal_", "tensor, a=0, mode='fan_in', nonlinearity='leaky_relu', generator=None") { t, b, i, g in
            try Init.kaimingNormal(t, a: try Convert.double(b["a"], i) ?? 0, mode: try b["mode"].map { try i.str($0) } ?? "fan_in",
                                   nonlinearity: try b["nonlinearity"].map { try i.str($0) } ?? "leaky_relu", generator: g)
        }
        add("xavier_uniform_", "tensor, gain=1.0, generator=None") { t, b, i, g in
            try Init.xavierUniform(t, gain: try Convert.double(b["gain"], i) ?? 1, generator: g)
        }
        add("xavier_normal_", "tensor, gain=1.0, generator=None") { t, b, i, g in
            try Init.xavierNormal(t, gain: try Convert.double(b["gain"], i) ?? 1, generator: g)
        }
        m.attributes["calculate_gain"] = .builtin(Builtin("calculate_gain") { a, i in
            .float(try Init.calculateGain(try i.str(a.positional[0]), param: try Convert.double(a.positional.count > 1 ? a.positional[1] : nil, i)))
        })
        return m
    }
}
