import Autograd
import Interpreter
import PythonSyntax
import TorchNN

/// torch.nn.functional.
enum FunctionalModule {
    static func builtin(_ name: String, _ spec: String, summary: String, example: String,
                        _ body: @escaping (BoundArguments, Interpreter) throws -> Value) -> Value {
        let signature = Signature(name, spec)
        HelpRegistry.add("torch.nn.functional.\(name)", name: name, spec: spec, summary: summary, example: example)
        return .builtin(Builtin(name, qualifiedName: "torch.nn.functional.\(name)", parameters: signature.parameters.map(\.name)) { args, interp in
            try signature.call(args, interp) { try body($0, interp) }
        })
    }

    static func input(_ b: BoundArguments, _ i: Interpreter, _ name: String = "input", position: Int = 0) throws -> Tensor {
        try Convert.requireTensor(b[name], b.function, name, position: position, i)
    }

    /// F.one_hot: int64 class indices to rows of zeros with a one at the class.
    static func oneHot(_ t: Tensor, classes requested: Int) throws -> Tensor {
        guard t.dtype == .int64 else { throw PyError.runtime("one_hot is only applicable to index tensor of type LongTensor.") }
        let labels = t.data.scalars.map { Int($0.int64Value) }
        if labels.contains(where: { $0 < 0 }) { throw PyError.runtime("Class values must be non-negative.") }
        if requested == -1 && labels.isEmpty { throw PyError.runtime("Can not infer total number of classes from empty tensor.") }
        let classes = requested == -1 ? labels.max()! + 1 : requested
        if labels.contains(where: { $0 >= classes }) { throw PyError.runtime("Class values must be smaller than num_classes.") }
        let out = try NDArray.zeros(t.shape + [classes], dtype: .int64)
        let rows = try out.view([labels.count, classes])
        for (row, label) in labels.enumerated() { rows.setScalar(.int(1), at: [row, label]) }
        return Tensor(out)
    }

    static func make() -> ModuleObject {
        let f = ModuleObject(name: "torch.nn.functional")
        ConvolutionBindings.installFunctional(into: f)
        EmbeddingBindings.installFunctional(into: f)
        f.attributes["one_hot"] = builtin("one_hot", "tensor, num_classes=-1", summary: "Class indices to one-hot rows (int64).", example: "F.one_hot(tensor([0, 2]), 3)") { b, i in
            Convert.wrap(try oneHot(try input(b, i, "tensor"), classes: try Convert.int(b["num_classes"], i) ?? -1))
        }
        func unary(_ name: String, _ op: UnaryOp, _ summary: String) {
            f.attributes[name] = builtin(name, "input, inplace=False", summary: summary, example: "F.\(name)(tensor([-1., 2.]))") { b, i in
                let t = try input(b, i)
                if try Convert.bool(b["inplace"], i) ?? false {
                    try t.unaryInPlace(op)
                    return Convert.wrap(t)
                }
                return Convert.wrap(try t.unary(op))
            }
        }
        unary("relu", .relu, "max(0, x), elementwise (in place with inplace=True).")
        unary("sigmoid", .sigmoid, "1 / (1 + exp(-x)), elementwise.")
        unary("tanh", .tanh, "Hyperbolic tangent, elementwise.")
        f.attributes["softmax"] = builtin("softmax", "input, dim=None, _stacklevel=3, dtype=None", summary: "exp(x) / sum(exp(x)) along dim: rows of probabilities.", example: "F.softmax(logits, dim=1)") { b, i in
            _ = b["_stacklevel"]  // only where PyTorch's deprecation warnings point
            return Convert.wrap(try input(b, i).softmax(dim: try Convert.int(b["dim"], i) ?? -1, log: false, dtype: try Convert.dtype(b["dtype"], i)))
        }
        f.attributes["log_softmax"] = builtin("log_softmax", "input, dim=None, _stacklevel=3, dtype=None", summary: "log(softmax(x)) along dim, computed stably.", example: "F.log_softmax(logits, dim=1)") { b, i in
            _ = b["_stacklevel"]
            return Convert.wrap(try input(b, i).softmax(dim: try Convert.int(b["dim"], i) ?? -1, log: true, dtype: try Convert.dtype(b["dtype"], i)))
        }
        f.attributes["leaky_relu"] = builtin("leaky_relu", "input, negative_slope=0.01, inplace=False", summary: "x where positive, negative_slope * x elsewhere.", example: "F.leaky_relu(tensor([-2., 2.]))") { b, i in
            let t = try input(b, i), slope = try Convert.double(b["negative_slope"], i) ?? 0.01
            if try Convert.bool(b["inplace"], i) == true {
                try Functional.leakyReluInPlace(t, negativeSlope: slope)
                return Convert.wrap(t)
            }
            return Convert.wrap(try Functional.leakyRelu(t, negativeSlope: slope))
        }
        f.attributes["gelu"] = builtin("gelu", "input, approximate='none'", summary: "Gaussian error linear unit.", example: "F.gelu(tensor([-1., 0., 1.]))") { b, i in
            switch b["approximate"] {
            case nil, .string("none")?: return Convert.wrap(try Functional.gelu(try input(b, i)))
            case .string("tanh")?: return Convert.wrap(try Functional.geluTanh(try input(b, i)))
            case let other?: throw PyError.runtime("approximate argument must be either none or tanh.\((try? i.str(other)).map { " Got \($0)" } ?? "")")
            }
        }
        f.attributes["linear"] = builtin("linear", "input, weight, bias=None", summary: "input @ weight.T + bias.", example: "F.linear(randn(4, 3), randn(2, 3)).shape") { b, i in
            Convert.wrap(try Functional.linear(try input(b, i), weight: try input(b, i, "weight", position: 1),
                                               bias: try b["bias"].map { try Convert.requireTensor($0, "linear", "bias", position: 2, i) }))
        }
        f.attributes["dropout"] = builtin("dropout", "input, p=0.5, training=True, inplace=False", summary: "Zeroes elements with probability p and scales the rest by 1/(1-p).", example: "F.dropout(ones(6), p=0.5)") { b, i in
            let t = try input(b, i)
            let out = try Functional.dropout(t, p: try Convert.double(b["p"], i) ?? 0.5, training: try Convert.bool(b["training"], i) ?? true,
                                             generator: Session.of(i).generator)
            if try Convert.bool(b["inplace"], i) ?? false, out !== t {
                try t.copyInPlace(from: out)
                return Convert.wrap(t)
            }
            return Convert.wrap(out)
        }
        f.attributes["cross_entropy"] = builtin("cross_entropy", "input, target, weight=None, size_average=None, ignore_index=-100, reduce=None, reduction='mean', label_smoothing=0.0", summary: "Log-softmax and negative log-likelihood of class indices.", example: "F.cross_entropy(logits, labels)") { b, i in
            let o = try LossOptions(b, "cross_entropy", i)
            return Convert.wrap(try Functional.crossEntropy(try input(b, i), try input(b, i, "target", position: 1), weight: o.weight,
                                                            reduction: o.reduction, ignoreIndex: o.ignoreIndex, labelSmoothing: o.labelSmoothing))
        }
        f.attributes["nll_loss"] = builtin("nll_loss", "input, target, weight=None, size_average=None, ignore_index=-100, reduce=None, reduction='mean'", summary: "Negative log-likelihood of class indices from log-probabilities.", example: "F.nll_loss(log_softmax(logits, dim=1), labels)") { b, i in
            let o = try LossOptions(b, "nll_loss", i)
            return Convert.wrap(try Functional.nllLoss(try input(b, i), try input(b, i, "target", position: 1), weight: o.weight,
                                                       reduction: o.reduction, ignoreIndex: o.ignoreIndex))
        }
        let simpleLoss = "input, target, size_average=None, reduce=None, reduction='mean'"
        f.attributes["mse_loss"] = builtin("mse_loss", simpleLoss, summary: "Mean squared error.", example: "F.mse_loss(pred, y)") { b, i in
            let o = try LossOptions(b, "mse_loss", i)
            return Convert.wrap(try Functional.mseLoss(try input(b, i), try input(b, i, "target", position: 1), reduction: o.reduction))
        }
        f.attributes["l1_loss"] = builtin("l1_loss", simpleLoss, summary: "Mean absolute error.", example: "F.l1_loss(pred, y)") { b, i in
            let o = try LossOptions(b, "l1_loss", i)
            return Convert.wrap(try Functional.l1Loss(try input(b, i), try input(b, i, "target", position: 1), reduction: o.reduction))
        }
        f.attributes["binary_cross_entropy"] = builtin("binary_cross_entropy", "input, target, weight=None, size_average=None, reduce=None, reduction='mean'", summary: "Binary cross-entropy between probabilities and targets.", example: "F.binary_cross_entropy(sigmoid(z), y)") { b, i in
            let o = try LossOptions(b, "binary_cross_entropy", i)
            return Convert.wrap(try Functional.binaryCrossEntropy(try input(b, i), try input(b, i, "target", position: 1), weight: o.weight,
                                                                  reduction: o.reduction))
        }
        f.attributes["binary_cross_entropy_with_logits"] = builtin("binary_cross_entropy_with_logits",
                                                                   "input, target, weight=None, size_average=None, reduce=None, reduction='mean', pos_weight=None", summary: "Sigmoid and binary cross-entropy in one stable step.", example: "F.binary_cross_entropy_with_logits(z, y)") { b, i in
            let o = try LossOptions(b, "binary_cross_entropy_with_logits", i)
            return Convert.wrap(try Functional.binaryCrossEntropyWithLogits(try input(b, i), try input(b, i, "target", position: 1),
                                                                            weight: o.weight, posWeight: o.posWeight, reduction: o.reduction))
        }
        return f
    }
}
