import Autograd

/// Mirrors nn.Embedding: a table of num_embeddings rows of embedding_dim, initialised from
/// N(0, 1) with the padding row zero, or taken as given (from_pretrained).
package final class EmbeddingLayer: Layer {
    let count: Int, dim: Int, paddingIndex: Int?

    package init(count: Int, dim: Int, paddingIndex: Int?) {
        self.count = count
        self.dim = dim
        self.paddingIndex = paddingIndex
    }

    package func module(weight given: Tensor?, freeze: Bool, dtype: DType, generator: Generator) throws -> Module {
        let m = Module(typeName: "Embedding", layer: self)
        let weight: Tensor
        if let given {
            weight = Tensor(given.data, requiresGrad: !freeze, isParameter: true)
        } else {
            weight = Tensor(try NDArray.empty([count, dim], dtype: dtype), requiresGrad: true, isParameter: true)
            try Init.normal(weight.data, generator: generator)
            if let paddingIndex {
                try weight.data.view(shape: [dim], strides: [weight.data.strides[1]], offset: weight.data.offset + paddingIndex * weight.data.strides[0]).fill(.int(0))
            }
        }
        m.setParameter("weight", weight)
        return m
    }

    package var extraRepr: String { "\(count), \(dim)" + (paddingIndex.map { ", padding_idx=\($0)" } ?? "") }

    package func forward(_ inputs: [Tensor], module: Module, generator: Generator) throws -> Tensor {
        guard let weight = module.parameter("weight") else { throw TensorError.runtime("Embedding has no weight") }
        return try Functional.embedding(inputs[0], weight: weight, paddingIndex: paddingIndex)
    }
}

/// Mirrors nn.LayerNorm(normalized_shape, eps, elementwise_affine, bias).
package final class LayerNormLayer: Layer {
    let shape: [Int], eps: Double, affine: Bool, hasBias: Bool
    let epsText: String

    package init(shape: [Int], eps: Double, epsText: String, affine: Bool, hasBias: Bool) {
        self.shape = shape
        self.eps = eps
        self.epsText = epsText
        self.affine = affine
        self.hasBias = affine && hasBias
    }

    package func module(dtype: DType) throws -> Module {
        let m = Module(typeName: "LayerNorm", layer: self)
        m.setParameter("weight", affine ? Tensor(try NDArray.ones(shape, dtype: dtype), requiresGrad: true, isParameter: true) : nil)
        m.setParameter("bias", hasBias ? Tensor(try NDArray.zeros(shape, dtype: dtype), requiresGrad: true, isParameter: true) : nil)
        return m
    }

    package var extraRepr: String {
        let tuple = shape.count == 1 ? "(\(shape[0]),)" : "(" + shape.map(String.init).joined(separator: ", ") + ")"
        return "\(tuple), eps=\(epsText), elementwise_affine=\(boolText(affine)), bias=\(boolText(hasBias))"
    }

    package func forward(_ inputs: [Tensor], module: Module, generator: Generator) throws -> Tensor {
        try Functional.layerNorm(inputs[0], normalizedShape: shape, weight: module.parameter("weight"), bias: module.parameter("bias"), eps: eps)
    }
}

/// Mirrors nn.BatchNorm1d / nn.BatchNorm2d: weight and bias (affine), and the buffers
/// running_mean, running_var and num_batches_tracked (track_running_stats).
package final class BatchNormLayer: Layer {
    let features: Int, eps: Double, momentum: Double?, affine: Bool, tracks: Bool
    /// 1 or 2: which input ranks the layer takes (2-3 or 4).
    let dims: Int
    let epsText: String, momentumText: String

    package init(dims: Int, features: Int, eps: Double, epsText: String, momentum: Double?, momentumText: String,
                 affine: Bool, tracks: Bool) {
        self.dims = dims
        self.features = features
        self.eps = eps
        self.epsText = epsText
        self.momentum = momentum
        self.momentumText = momentumText
        self.affine = affine
        self.tracks = tracks
    }

    package func module(dtype: DType) throws -> Module {
        let m = Module(typeName: "BatchNorm\(dims)d", layer: self)
        m.setParameter("weight", affine ? Tensor(try NDArray.ones([features], dtype: dtype), requiresGrad: true, isParameter: true) : nil)
        m.setParameter("bias", affine ? Tensor(try NDArray.zeros([features], dtype: dtype), requiresGrad: true, isParameter: true) : nil)
        if tracks {
            m.setBuffer("running_mean", Tensor(try NDArray.zeros([features], dtype: dtype)))
            m.setBuffer("running_var", Tensor(try NDArray.ones([features], dtype: dtype)))
            m.setBuffer("num_batches_tracked", Tensor(try NDArray.zeros([], dtype: .int64)))
        } else {
            m.setBuffer("running_mean", nil)
            m.setBuffer("running_var", nil)
            m.setBuffer("num_batches_tracked", nil)
        }
        return m
    }

    package var extraRepr: String {
        "\(features), eps=\(epsText), momentum=\(momentumText), affine=\(boolText(affine)), bias=\(boolText(affine)), track_running_stats=\(boolText(tracks))"
    }

    package func forward(_ inputs: [Tensor], module: Module, generator: Generator) throws -> Tensor {
        let x = inputs[0]
        if dims == 1 && x.rank != 2 && x.rank != 3 { throw TensorError.value("expected 2D or 3D input (got \(x.rank)D input)") }
        if dims == 2 && x.rank != 4 { throw TensorError.value("expected 4D input (got \(x.rank)D input)") }
        var batches = 1
        if module.training && tracks, let counter = module.buffer("num_batches_tracked") {
            let next = try counter.data.item().int64Value + 1
            try counter.data.fill(.int(next))
            batches = Int(next)
        }
        let useBatch = module.training || !tracks
        return try Functional.batchNorm(x, runningMean: module.buffer("running_mean"), runningVar: module.buffer("running_var"),
                                        weight: module.parameter("weight"), bias: module.parameter("bias"), training: useBatch,
                                        momentum: momentum, eps: eps, batches: batches)
    }
}
