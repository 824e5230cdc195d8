import Autograd
import Interpreter
import PythonSyntax
import TorchNN

/// The built-in layers and losses of torch.nn.
enum Layers {
    typealias Factory = (Arguments, Interpreter) throws -> ModuleInstance

    static func native(_ name: String, extra: @escaping () -> String = { "" },
                       forward: @escaping (ModuleInstance, Arguments, Interpreter) throws -> Value) -> ModuleInstance {
        ModuleInstance(kind: .native(name: name, extra: extra, forward: forward))
    }

    static func firstTensor(_ a: Arguments, _ name: String, _ i: Interpreter) throws -> Tensor {
        try Convert.requireTensor(a.positional.first ?? a.keyword("input"), name, "input", i)
    }

    /// Binds a constructor's arguments, builds the module, and refuses any argument the
    /// construction never read (Signature.call's rule: never accepted and ignored).
    static func construct(_ name: String, _ spec: String, _ a: Arguments, _ i: Interpreter,
                          _ body: (BoundArguments) throws -> ModuleInstance) throws -> ModuleInstance {
        let signature = Signature(name, spec)
        let b = try signature.bind(a)
        let module = try body(b)
        try signature.refuseIgnored(b, i)
        return module
    }

    static func boolText(_ b: Bool) -> String { b ? "True" : "False" }

    static func activation(_ name: String, _ op: UnaryOp) -> Factory {
        { a, i in
            try construct(name, "inplace=False", a, i) { b in
                let inplace = try Convert.bool(b["inplace"], i) ?? false
                return native(name, extra: { inplace ? "inplace=True" : "" }) { _, args, i in
                    let t = try firstTensor(args, name, i)
                    if inplace { try t.unaryInPlace(op); return Convert.wrap(t) }
                    return Convert.wrap(try t.unary(op))
                }
            }
        }
    }

    /// A loss module: its constructor's keywords (PyTorch's, per class) are read when it is
    /// made; calling it computes the functional form.
    static func loss(_ name: String, _ spec: String, _ body: @escaping (Tensor, Tensor, LossArguments) throws -> Tensor) -> Factory {
        { a, i in
            try construct(name, spec, a, i) { b in
                let options = try LossArguments(b, name, i)
                return native(name) { _, args, i in
                    guard args.positional.count >= 2 else { throw PyError.type("forward() missing 1 required positional argument: 'target'") }
                    let input = try Convert.requireTensor(args.positional[0], name, "input", i)
                    let target = try Convert.requireTensor(args.positional[1], name, "target", position: 1, i)
                    return Convert.wrap(try body(input, target, options))
                }
            }
        }
    }

    static let factories: [String: Factory] = {
        var f: [String: Factory] = [:]
        f["Linear"] = { a, i in try construct("Linear", "in_features, out_features, bias=True, device=None, dtype=None", a, i) { b in
            try Convert.requireCPU(b["device"], i)
            let inFeatures = try Convert.requireInt(b["in_features"], "Linear", "in_features", i)
            let outFeatures = try Convert.requireInt(b["out_features"], "Linear", "out_features", i)
            guard inFeatures >= 0, outFeatures >= 0 else {
                throw PyError.runtime("Trying to create tensor with negative dimension \(min(inFeatures, outFeatures)): [\(outFeatures), \(inFeatures)]")
            }
            let dtype = try Convert.dtype(b["dtype"], i) ?? .float32
            let hasBias = try Convert.bool(b["bias"], i) ?? true
            let weight = Tensor(try NDArray.empty([outFeatures, inFeatures], dtype: dtype), requiresGrad: true, isParameter: true)
            let bias = hasBias ? Tensor(try NDArray.empty([outFeatures], dtype: dtype), requiresGrad: true, isParameter: true) : nil
            try Init.resetLinearOrConv(weight: weight.data, bias: bias?.data, generator: Session.of(i).generator)
            let m = native("Linear", extra: { "in_features=\(inFeatures), out_features=\(outFeatures), bias=\(boolText(hasBias))" }) { m, args, i in
                let x = try firstTensor(args, "linear", i)
                return Convert.wrap(try Functional.linear(x, weight: m.parameter("weight")!, bias: m.parameter("bias")))
            }
            m.parameters = [("weight", weight), ("bias", bias)]
            m.attributes["in_features"] = .int(inFeatures)
            m.attributes["out_features"] = .int(outFeatures)
            return m
        } }
        f["ReLU"] = activation("ReLU", .relu)
        f["Sigmoid"] = { _, _ in native("Sigmoid") { _, a, i in Convert.wrap(try firstTensor(a, "sigmoid", i).unary(.sigmoid)) } }
        f["Tanh"] = { _, _ in native("Tanh") { _, a, i in Convert.wrap(try firstTensor(a, "tanh", i).unary(.tanh)) } }
        f["Identity"] = { _, _ in native("Identity") { _, a, _ in a.positional.first ?? Value.none } }
        f["GELU"] = { _, _ in native("GELU", extra: { "approximate='none'" }) { _, a, i in Convert.wrap(try Functional.gelu(try firstTensor(a, "gelu", i))) } }
        f["LeakyReLU"] = { a, i in try construct("LeakyReLU", "negative_slope=0.01, inplace=False", a, i) { b in
            let slope = try Convert.double(b["negative_slope"], i) ?? 0.01
            let inplace = try Convert.bool(b["inplace"], i) ?? false
            return native("LeakyReLU", extra: { "negative_slope=\(PythonFloat.repr(slope))" + (inplace ? ", inplace=True" : "") }) { _, a, i in
                let x = try firstTensor(a, "leaky_relu", i)
                if inplace {
                    try Functional.leakyReluInPlace(x, negativeSlope: slope)
                    return Convert.wrap(x)
                }
                return Convert.wrap(try Functional.leakyRelu(x, negativeSlope: slope))
            }
        } }
        for (name, log) in [("Softmax", false), ("LogSoftmax", true)] {
            f[name] = { a, i in try construct(name, "dim=None", a, i) { b in
                let dim = try Convert.int(b["dim"], i)
                return native(name, extra: { "dim=\(dim.map(String.init) ?? "None")" }) { _, a, i in
                    Convert.wrap(try firstTensor(a, name, i).softmax(dim: dim ?? -1, log: log))
                }
            } }
        }
        f["Flatten"] = { a, i in try construct("Flatten", "start_dim=1, end_dim=-1", a, i) { b in
            let start = try Convert.int(b["start_dim"], i) ?? 1, end = try Convert.int(b["end_dim"], i) ?? -1
            return native("Flatten", extra: { "start_dim=\(start), end_dim=\(end)" }) { _, a, i in
                Convert.wrap(try firstTensor(a, "flatten", i).flatten(startDim: start, endDim: end))
            }
        } }
        f["Dropout"] = { a, i in try construct("Dropout", "p=0.5, inplace=False", a, i) { b in
            let p = try Convert.double(b["p"], i) ?? 0.5
            let inplace = try Convert.bool(b["inplace"], i) ?? false
            guard p >= 0 && p <= 1 else { throw PyError.value("dropout probability has to be between 0 and 1, but got \(PythonFloat.repr(p))") }
            return native("Dropout", extra: { "p=\(PythonFloat.repr(p)), inplace=\(boolText(inplace))" }) { m, a, i in
                let x = try firstTensor(a, "dropout", i)
                let out = try Functional.dropout(x, p: p, training: m.training, generator: Session.of(i).generator)
                if inplace && out !== x {
                    try x.copyInPlace(from: out)
                    return Convert.wrap(x)
                }
                return Convert.wrap(out)
            }
        } }
        f["Sequential"] = { a, i in
            let m = native("Sequential") { m, a, i in
                var x = a.positional.first ?? Value.none
                for (_, layer) in m.submodules { x = try i.call(.object(layer), Arguments([x])) }
                return x
            }
            for (k, v) in a.positional.enumerated() {
                guard case .object(let o) = v, let child = o as? ModuleInstance else {
                    throw PyError.type("\(i.typeName(v)) is not a Module subclass")
                }
                m.submodules.append((String(k), child))
            }
            return m
        }
        let classLoss = "weight=None, size_average=None, ignore_index=-100, reduce=None, reduction='mean'"
        f["CrossEntropyLoss"] = loss("CrossEntropyLoss", classLoss + ", label_smoothing=0.0") { x, t, o in
            try Functional.crossEntropy(x, t, weight: o.weight, reduction: o.reduction, ignoreIndex: o.ignoreIndex, labelSmoothing: o.labelSmoothing)
        }
        f["NLLLoss"] = loss("NLLLoss", classLoss) { x, t, o in
            try Functional.nllLoss(x, t, weight: o.weight, reduction: o.reduction, ignoreIndex: o.ignoreIndex)
        }
        let simpleLoss = "size_average=None, reduce=None, reduction='mean'"
        f["MSELoss"] = loss("MSELoss", simpleLoss) { x, t, o in try Functional.mseLoss(x, t, reduction: o.reduction) }
        f["L1Loss"] = loss("L1Loss", simpleLoss) { x, t, o in try Functional.l1Loss(x, t, reduction: o.reduction) }
        f["BCELoss"] = loss("BCELoss", "weight=None, " + simpleLoss) { x, t, o in
            try Functional.binaryCrossEntropy(x, t, weight: o.weight, reduction: o.reduction)
        }
        f["BCEWithLogitsLoss"] = loss("BCEWithLogitsLoss", "weight=None, " + simpleLoss + ", pos_weight=None") { x, t, o in
            try Functional.binaryCrossEntropyWithLogits(x, t, weight: o.weight, posWeight: o.posWeight, reduction: o.reduction)
        }
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
        add("constant_", "tensor, val") { t, b, _, _ in try Init.constant(t, Convert.scalar(b["val"]!)!) }
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
