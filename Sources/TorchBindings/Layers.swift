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

    static func bind(_ name: String, _ spec: String, _ a: Arguments) throws -> BoundArguments {
        try Signature(name, spec).bind(a)
    }

    static func boolText(_ b: Bool) -> String { b ? "True" : "False" }

    static func activation(_ name: String, _ op: UnaryOp) -> Factory {
        { a, i in
            let b = try bind(name, "inplace=False", a)
            let inplace = try Convert.bool(b["inplace"], i) ?? false
            return native(name, extra: { inplace ? "inplace=True" : "" }) { _, args, i in
                let t = try firstTensor(args, name, i)
                if inplace { try t.unaryInPlace(op); return Convert.wrap(t) }
                return Convert.wrap(try t.unary(op))
            }
        }
    }

    static func loss(_ name: String, _ body: @escaping (Tensor, Tensor, Reduction, BoundArguments, Interpreter) throws -> Tensor) -> Factory {
        { a, i in
            let b = try bind(name, "weight=None, size_average=None, ignore_index=-100, reduce=None, reduction='mean', label_smoothing=0.0, pos_weight=None", a)
            let reduction = try Convert.reduction(b["reduction"], i)
            return native(name) { _, args, i in
                guard args.positional.count >= 2 else { throw PyError.type("forward() missing 1 required positional argument: 'target'") }
                let input = try Convert.requireTensor(args.positional[0], name, "input", i)
                let target = try Convert.requireTensor(args.positional[1], name, "target", position: 1, i)
                return Convert.wrap(try body(input, target, reduction, b, i))
            }
        }
    }

    static let factories: [String: Factory] = {
        var f: [String: Factory] = [:]
        f["Linear"] = { a, i in
            let b = try bind("Linear", "in_features, out_features, bias=True, device=None, dtype=None", a)
            let inFeatures = try Convert.int(b["in_features"], i)!, outFeatures = try Convert.int(b["out_features"], i)!
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
        }
        f["ReLU"] = activation("ReLU", .relu)
        f["Sigmoid"] = { _, _ in native("Sigmoid") { _, a, i in Convert.wrap(try firstTensor(a, "sigmoid", i).unary(.sigmoid)) } }
        f["Tanh"] = { _, _ in native("Tanh") { _, a, i in Convert.wrap(try firstTensor(a, "tanh", i).unary(.tanh)) } }
        f["Identity"] = { _, _ in native("Identity") { _, a, _ in a.positional.first ?? Value.none } }
        f["GELU"] = { _, _ in native("GELU", extra: { "approximate='none'" }) { _, a, i in Convert.wrap(try Functional.gelu(try firstTensor(a, "gelu", i))) } }
        f["LeakyReLU"] = { a, i in
            let b = try bind("LeakyReLU", "negative_slope=0.01, inplace=False", a)
            let slope = try Convert.double(b["negative_slope"], i) ?? 0.01
            return native("LeakyReLU", extra: { "negative_slope=\(PythonFloat.repr(slope))" }) { _, a, i in
                Convert.wrap(try Functional.leakyRelu(try firstTensor(a, "leaky_relu", i), negativeSlope: slope))
            }
        }
        for (name, log) in [("Softmax", false), ("LogSoftmax", true)] {
            f[name] = { a, i in
                let b = try bind(name, "dim=None", a)
                let dim = try Convert.int(b["dim"], i)
                return native(name, extra: { "dim=\(dim.map(String.init) ?? "None")" }) { _, a, i in
                    Convert.wrap(try firstTensor(a, name, i).softmax(dim: dim ?? -1, log: log))
                }
            }
        }
        f["Flatten"] = { a, i in
            let b = try bind("Flatten", "start_dim=1, end_dim=-1", a)
            let start = try Convert.int(b["start_dim"], i) ?? 1, end = try Convert.int(b["end_dim"], i) ?? -1
            return native("Flatten", extra: { "start_dim=\(start), end_dim=\(end)" }) { _, a, i in
                Convert.wrap(try firstTensor(a, "flatten", i).flatten(startDim: start, endDim: end))
            }
        }
        f["Dropout"] = { a, i in
            let b = try bind("Dropout", "p=0.5, inplace=False", a)
            let p = try Convert.double(b["p"], i) ?? 0.5
            guard p >= 0 && p <= 1 else { throw PyError.value("dropout probability has to be between 0 and 1, but got \(PythonFloat.repr(p))") }
            return native("Dropout", extra: { "p=\(PythonFloat.repr(p)), inplace=False" }) { m, a, i in
                Convert.wrap(try Functional.dropout(try firstTensor(a, "dropout", i), p: p, training: m.training, generator: Session.of(i).generator))
            }
        }
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
        f["CrossEntropyLoss"] = loss("CrossEntropyLoss") { x, t, r, b, i in
            try Functional.crossEntropy(x, t, reduction: r, ignoreIndex: Int64(try Convert.int(b["ignore_index"], i) ?? -100))
        }
        f["NLLLoss"] = loss("NLLLoss") { x, t, r, b, i in
            try Functional.nllLoss(x, t, reduction: r, ignoreIndex: Int64(try Convert.int(b["ignore_index"], i) ?? -100))
        }
        f["MSELoss"] = loss("MSELoss") { x, t, r, _, _ in try Functional.mseLoss(x, t, reduction: r) }
        f["L1Loss"] = loss("L1Loss") { x, t, r, _, _ in try Functional.l1Loss(x, t, reduction: r) }
        f["BCELoss"] = loss("BCELoss") { x, t, r, _, _ in try Functional.binaryCrossEntropy(x, t, reduction: r) }
        f["BCEWithLogitsLoss"] = loss("BCEWithLogitsLoss") { x, t, r, _, _ in try Functional.binaryCrossEntropyWithLogits(x, t, reduction: r) }
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
                let b = try signature.bind(args)
                let t = try Convert.requireTensor(b["tensor"], name, "tensor", i)
                try GradMode.with(enabled: false) { try body(t.data, b, i, try Session.generator(b["generator"], i)) }
                return Convert.wrap(t)
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
