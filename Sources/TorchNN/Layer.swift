import Autograd

/// A built-in layer's computation (nn.Linear, nn.ReLU, nn.CrossEntropyLoss, ...): its
/// forward over its inputs, reading the module's parameters and training flag, and the text
/// PyTorch's repr shows between the parentheses.
package protocol Layer: AnyObject {
    /// How many tensors forward takes (1, or 2 for a loss: input and target).
    var arity: Int { get }
    var extraRepr: String { get }
    func forward(_ inputs: [Tensor], module: Module, generator: Generator) throws -> Tensor
}

extension Layer {
    package var arity: Int { 1 }
}

func boolText(_ b: Bool) -> String { b ? "True" : "False" }

/// Mirrors nn.Linear: y = x Wᵀ + b.
package final class LinearLayer: Layer {
    package let inFeatures: Int, outFeatures: Int, hasBias: Bool

    package init(inFeatures: Int, outFeatures: Int, hasBias: Bool) {
        self.inFeatures = inFeatures
        self.outFeatures = outFeatures
        self.hasBias = hasBias
    }

    /// A Linear module with PyTorch's initialisation (kaiming_uniform_(a=√5), bias from ±1/√fan_in).
    package static func module(inFeatures: Int, outFeatures: Int, bias: Bool, dtype: DType, generator: Generator) throws -> Module {
        let m = Module(typeName: "Linear", layer: LinearLayer(inFeatures: inFeatures, outFeatures: outFeatures, hasBias: bias))
        let weight = Tensor(try NDArray.empty([outFeatures, inFeatures], dtype: dtype), requiresGrad: true, isParameter: true)
        let b = bias ? Tensor(try NDArray.empty([outFeatures], dtype: dtype), requiresGrad: true, isParameter: true) : nil
        try Init.resetLinearOrConv(weight: weight.data, bias: b?.data, generator: generator)
        m.setParameter("weight", weight)
        m.setParameter("bias", b)
        return m
    }

    package var extraRepr: String { "in_features=\(inFeatures), out_features=\(outFeatures), bias=\(boolText(hasBias))" }

    package func forward(_ inputs: [Tensor], module: Module, generator: Generator) throws -> Tensor {
        guard let weight = module.parameter("weight") else { throw TensorError.runtime("Linear has no weight") }
        return try Functional.linear(inputs[0], weight: weight, bias: module.parameter("bias"))
    }
}

/// Mirrors nn.ReLU / nn.Sigmoid / nn.Tanh: an element-wise function, in place if asked.
package final class ActivationLayer: Layer {
    let op: UnaryOp, inplace: Bool, showsInplace: Bool

    package init(_ op: UnaryOp, inplace: Bool = false, showsInplace: Bool = true) {
        self.op = op
        self.inplace = inplace
        self.showsInplace = showsInplace
    }

    package var extraRepr: String { inplace && showsInplace ? "inplace=True" : "" }

    package func forward(_ inputs: [Tensor], module: Module, generator: Generator) throws -> Tensor {
        if inplace {
            try inputs[0].unaryInPlace(op)
            return inputs[0]
        }
        return try inputs[0].unary(op)
    }
}

/// Mirrors nn.LeakyReLU.
package final class LeakyReLULayer: Layer {
    let slope: Double, inplace: Bool
    package init(slope: Double, inplace: Bool) {
        self.slope = slope
        self.inplace = inplace
    }
    package var extraRepr: String { "negative_slope=\(slope)" + (inplace ? ", inplace=True" : "") }
    package func forward(_ inputs: [Tensor], module: Module, generator: Generator) throws -> Tensor {
        if inplace {
            try Functional.leakyReluInPlace(inputs[0], negativeSlope: slope)
            return inputs[0]
        }
        return try Functional.leakyRelu(inputs[0], negativeSlope: slope)
    }
}

/// Mirrors nn.GELU(approximate).
package final class GELULayer: Layer {
    let tanh: Bool
    package init(tanh: Bool) { self.tanh = tanh }
    package var extraRepr: String { "approximate='\(tanh ? "tanh" : "none")'" }
    package func forward(_ inputs: [Tensor], module: Module, generator: Generator) throws -> Tensor {
        tanh ? try Functional.geluTanh(inputs[0]) : try Functional.gelu(inputs[0])
    }
}

/// Mirrors nn.Softmax / nn.LogSoftmax.
package final class SoftmaxLayer: Layer {
    let dim: Int?, log: Bool
    package init(dim: Int?, log: Bool) {
        self.dim = dim
        self.log = log
    }
    package var extraRepr: String { "dim=\(dim.map(String.init) ?? "None")" }
    package func forward(_ inputs: [Tensor], module: Module, generator: Generator) throws -> Tensor {
        try inputs[0].softmax(dim: dim ?? -1, log: log)
    }
}

/// Mirrors nn.Flatten.
package final class FlattenLayer: Layer {
    let start: Int, end: Int
    package init(start: Int, end: Int) {
        self.start = start
        self.end = end
    }
    package var extraRepr: String { "start_dim=\(start), end_dim=\(end)" }
    package func forward(_ inputs: [Tensor], module: Module, generator: Generator) throws -> Tensor {
        try inputs[0].flatten(startDim: start, endDim: end)
    }
}

/// Mirrors nn.Unflatten: dimension `dim` viewed as `sizes` (one of them may be -1).
package final class UnflattenLayer: Layer {
    let dim: Int, sizes: [Int]
    package init(dim: Int, sizes: [Int]) {
        self.dim = dim
        self.sizes = sizes
    }
    package var extraRepr: String { "dim=\(dim), unflattened_size=(" + sizes.map(String.init).joined(separator: ", ") + (sizes.count == 1 ? ",)" : ")") }
    package func forward(_ inputs: [Tensor], module: Module, generator: Generator) throws -> Tensor {
        let x = inputs[0]
        let d = try NDArray.normalizeDim(dim, rank: x.rank)
        guard x.rank > 0 else { throw TensorError.runtime("unflatten: Provided dim \(dim) is out of range for a 0-dim tensor") }
        var known = 1
        for s in sizes where s != -1 { known *= s }
        guard sizes.filter({ $0 == -1 }).count <= 1, sizes.allSatisfy({ $0 >= -1 }) else {
            throw TensorError.runtime("unflatten: only one dimension can be inferred")
        }
        var resolved = sizes
        if let k = sizes.firstIndex(of: -1), known != 0 { resolved[k] = x.shape[d] / known }
        guard resolved.reduce(1, *) == x.shape[d] else {
            throw TensorError.runtime("unflatten: Provided sizes \(Messages.shape(sizes)) don't multiply up to the size of dim \(dim) (\(x.shape[d])) in the input tensor")
        }
        return try x.view(Array(x.shape[..<d]) + resolved + Array(x.shape[(d + 1)...]))
    }
}

/// Mirrors nn.Dropout: active only in training mode.
package final class DropoutLayer: Layer {
    let p: Double, inplace: Bool
    package init(p: Double, inplace: Bool) throws {
        guard p >= 0 && p <= 1 else {
            throw TensorError.value("dropout probability has to be between 0 and 1, but got \(p)")
        }
        self.p = p
        self.inplace = inplace
    }
    package var extraRepr: String { "p=\(p), inplace=\(boolText(inplace))" }
    package func forward(_ inputs: [Tensor], module: Module, generator: Generator) throws -> Tensor {
        let x = inputs[0]
        let out = try Functional.dropout(x, p: p, training: module.training, generator: generator)
        if inplace && out !== x {
            try x.copyInPlace(from: out)
            return x
        }
        return out
    }
}

/// Mirrors nn.Identity.
package final class IdentityLayer: Layer {
    package init() {}
    package var extraRepr: String { "" }
    package func forward(_ inputs: [Tensor], module: Module, generator: Generator) throws -> Tensor { inputs[0] }
}

/// The loss modules: the functional form with the options given at construction.
package final class LossLayer: Layer {
    package enum Kind { case crossEntropy, nll, mse, l1, bce, bceWithLogits }
    let kind: Kind
    let options: LossOptions

    package init(_ kind: Kind, options: LossOptions) {
        self.kind = kind
        self.options = options
    }

    package var arity: Int { 2 }
    package var extraRepr: String { "" }

    package func forward(_ inputs: [Tensor], module: Module, generator: Generator) throws -> Tensor {
        let (x, t, o) = (inputs[0], inputs[1], options)
        switch kind {
        case .crossEntropy:
            return try Functional.crossEntropy(x, t, weight: o.weight, reduction: o.reduction, ignoreIndex: o.ignoreIndex,
                                               labelSmoothing: o.labelSmoothing)
        case .nll: return try Functional.nllLoss(x, t, weight: o.weight, reduction: o.reduction, ignoreIndex: o.ignoreIndex)
        case .mse: return try Functional.mseLoss(x, t, reduction: o.reduction)
        case .l1: return try Functional.l1Loss(x, t, reduction: o.reduction)
        case .bce: return try Functional.binaryCrossEntropy(x, t, weight: o.weight, reduction: o.reduction)
        case .bceWithLogits:
            return try Functional.binaryCrossEntropyWithLogits(x, t, weight: o.weight, posWeight: o.posWeight, reduction: o.reduction)
        }
    }
}

/// The options PyTorch's losses share (weight, ignore_index, label_smoothing, pos_weight, reduction).
package struct LossOptions {
    package var weight: Tensor?
    package var ignoreIndex: Int64 = -100
    package var labelSmoothing = 0.0
    package var posWeight: Tensor?
    package var reduction: Reduction = .mean

    package init() {}
}
