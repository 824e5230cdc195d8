import Autograd
import Interpreter
import TorchNN

/// nn.Embedding (and Embedding.from_pretrained), nn.LayerNorm, F.embedding, F.layer_norm.
enum EmbeddingBindings {
    static let embeddingSpec = "num_embeddings, embedding_dim, padding_idx=None, max_norm=None, norm_type=2.0, scale_grad_by_freq=False, sparse=False, _weight=None, _freeze=False, device=None, dtype=None"

    /// PyTorch's padding_idx: negative counts from the end; it must name a row.
    static func paddingIndex(_ v: Value?, count: Int, _ i: Interpreter) throws -> Int? {
        guard let p = try Convert.int(v, i) else { return nil }
        guard p < count && p >= -count else {
            throw PyError("AssertionError", p >= 0 ? "Padding_idx must be within num_embeddings" : "Padding_idx must be within num_embeddings")
        }
        return p < 0 ? p + count : p
    }

    /// Refuses the options tsh does not implement (max_norm renormalises rows in place).
    static func refuseUnsupported(_ b: BoundArguments, _ function: String, _ i: Interpreter) throws {
        if b["max_norm"] != nil { throw PyError("NotImplementedError", "\(function)(max_norm=...) is not supported by tsh yet") }
        _ = b["norm_type"]  // only used with max_norm
        if try Convert.bool(b["scale_grad_by_freq"], i) == true {
            throw PyError("NotImplementedError", "\(function)(scale_grad_by_freq=True) is not supported by tsh yet")
        }
        if try Convert.bool(b["sparse"], i) == true {
            throw PyError("NotImplementedError", "\(function)(sparse=True) is not supported by tsh yet (tsh has no sparse gradients)")
        }
    }

    static func embedding(count: Int, dim: Int, paddingIndex: Int?, weight: Tensor?, freeze: Bool, dtype: DType, _ i: Interpreter) throws -> ModuleInstance {
        let layer = EmbeddingLayer(count: count, dim: dim, paddingIndex: paddingIndex)
        let m = ModuleInstance(kind: .builtIn, module: try layer.module(weight: weight, freeze: freeze, dtype: dtype, generator: Session.of(i).generator))
        m.attributes["num_embeddings"] = .int(count)
        m.attributes["embedding_dim"] = .int(dim)
        m.attributes["padding_idx"] = paddingIndex.map { Value.int($0) } ?? Value.none
        m.attributes["max_norm"] = Value.none
        m.attributes["sparse"] = .bool(false)
        return m
    }

    static func install(into f: inout [String: Layers.Factory]) {
        f["Embedding"] = { a, i in
            try Signature("Embedding", embeddingSpec).call(a, i) { b in
                try Convert.requireCPU(b["device"], i)
                try refuseUnsupported(b, "Embedding", i)
                let count = try Convert.requireInt(b["num_embeddings"], "Embedding", "num_embeddings", i)
                let dim = try Convert.requireInt(b["embedding_dim"], "Embedding", "embedding_dim", i)
                guard count >= 0, dim >= 0 else {
                    throw PyError.runtime("Trying to create tensor with negative dimension \(min(count, dim)): [\(count), \(dim)]")
                }
                let weight = try b["_weight"].map { try Convert.requireTensor($0, "Embedding", "_weight", i) }
                if let weight, weight.shape != [count, dim] {
                    throw PyError("AssertionError", "Shape of weight does not match num_embeddings and embedding_dim")
                }
                return try embedding(count: count, dim: dim, paddingIndex: try paddingIndex(b["padding_idx"], count: count, i), weight: weight,
                                     freeze: try Convert.bool(b["_freeze"], i) ?? false, dtype: try Convert.dtype(b["dtype"], i) ?? .float32, i)
            }
        }
        f["LayerNorm"] = { a, i in
            try Signature("LayerNorm", "normalized_shape, eps=1e-05, elementwise_affine=True, bias=True, device=None, dtype=None").call(a, i) { b in
                try Convert.requireCPU(b["device"], i)
                let shape = try normalizedShape(b.required("normalized_shape"), i)
                let eps = try Convert.double(b["eps"], i) ?? 1e-5
                let layer = LayerNormLayer(shape: shape, eps: eps, epsText: try i.repr(.float(eps)),
                                           affine: try Convert.bool(b["elementwise_affine"], i) ?? true, hasBias: try Convert.bool(b["bias"], i) ?? true)
                let m = ModuleInstance(kind: .builtIn, module: try layer.module(dtype: try Convert.dtype(b["dtype"], i) ?? .float32))
                m.attributes["normalized_shape"] = .tuple(shape.map { .int($0) })
                m.attributes["eps"] = .float(eps)
                return m
            }
        }
    }

    static func installBatchNorm(into f: inout [String: Layers.Factory]) {
        for dims in [1, 2] {
            let name = "BatchNorm\(dims)d"
            f[name] = { a, i in
                try Signature(name, "num_features, eps=1e-05, momentum=0.1, affine=True, track_running_stats=True, device=None, dtype=None").call(a, i) { b in
                    try Convert.requireCPU(b["device"], i)
                    let features = try Convert.requireInt(b["num_features"], name, "num_features", i)
                    let eps = try Convert.double(b["eps"], i) ?? 1e-5
                    let momentumGiven = b.given("momentum")
                    let momentum: Double? = if case .none? = momentumGiven { nil } else { try Convert.double(momentumGiven, i) ?? 0.1 }
                    let affine = try Convert.bool(b["affine"], i) ?? true, tracks = try Convert.bool(b["track_running_stats"], i) ?? true
                    let layer = BatchNormLayer(dims: dims, features: features, eps: eps, epsText: try i.repr(.float(eps)), momentum: momentum,
                                               momentumText: try momentum.map { try i.repr(.float($0)) } ?? "None", affine: affine, tracks: tracks)
                    let m = ModuleInstance(kind: .builtIn, module: try layer.module(dtype: try Convert.dtype(b["dtype"], i) ?? .float32))
                    m.attributes["num_features"] = .int(features)
                    m.attributes["eps"] = .float(eps)
                    m.attributes["momentum"] = momentum.map { Value.float($0) } ?? Value.none
                    m.attributes["affine"] = .bool(affine)
                    m.attributes["track_running_stats"] = .bool(tracks)
                    return m
                }
            }
        }
    }

    /// LayerNorm's normalized_shape: an int or a sequence of ints.
    static func normalizedShape(_ given: Value, _ i: Interpreter) throws -> [Int] {
        if let n = try i.asIndex(given), !given.isBool { return [n] }
        return try i.materialize(given).map { v -> Int in
            guard let n = try i.asIndex(v) else { throw PyError.type("normalized_shape must be an int or a sequence of ints") }
            return n
        }
    }

    static let classAttributes: [String: [String: Value]] = [
        "Embedding": ["from_pretrained": .builtin(Builtin("from_pretrained", qualifiedName: "torch.nn.Embedding.from_pretrained") { a, i in
            try Signature("from_pretrained", "embeddings, freeze=True, padding_idx=None, max_norm=None, norm_type=2.0, scale_grad_by_freq=False, sparse=False").call(a, i) { b in
                let weights = try Convert.requireTensor(b["embeddings"], "from_pretrained", "embeddings", i)
                guard weights.rank == 2 else { throw PyError("AssertionError", "Embeddings parameter is expected to be 2-dimensional") }
                try refuseUnsupported(b, "Embedding.from_pretrained", i)
                let count = weights.shape[0]
                return .object(try embedding(count: count, dim: weights.shape[1], paddingIndex: try paddingIndex(b["padding_idx"], count: count, i),
                                             weight: weights, freeze: try Convert.bool(b["freeze"], i) ?? true, dtype: weights.dtype, i))
            }
        })],
    ]

    static func installFunctional(into f: ModuleObject) {
        typealias Fn = FunctionalModule
        f.attributes["embedding"] = Fn.builtin("embedding", "input, weight, padding_idx=None, max_norm=None, norm_type=2.0, scale_grad_by_freq=False, sparse=False", summary: "The rows of weight at the indices in input (a lookup table).", example: "F.embedding(tensor([1, 0]), randn(3, 2))") { b, i in
            try refuseUnsupported(b, "embedding", i)
            let weight = try Convert.requireTensor(b["weight"], "embedding", "weight", position: 1, i)
            let padding = try paddingIndex(b["padding_idx"], count: weight.shape.first ?? 0, i)
            return Convert.wrap(try Functional.embedding(try Fn.input(b, i), weight: weight, paddingIndex: padding))
        }
        f.attributes["batch_norm"] = Fn.builtin("batch_norm", "input, running_mean, running_var, weight=None, bias=None, training=False, momentum=0.1, eps=1e-05", summary: "Normalises each channel by the batch's statistics (training) or the running ones, updating the running ones in training.", example: "F.batch_norm(randn(8, 3), zeros(3), ones(3), training=True)") { b, i in
            let tensorArgument = { (name: String) throws -> Tensor? in try b[name].map { try Convert.requireTensor($0, "batch_norm", name, i) } }
            let momentumGiven = b.given("momentum")
            let momentum: Double? = if case .none? = momentumGiven { nil } else { try Convert.double(momentumGiven, i) ?? 0.1 }
            return Convert.wrap(try Functional.batchNorm(try Fn.input(b, i), runningMean: try tensorArgument("running_mean"),
                                                         runningVar: try tensorArgument("running_var"), weight: try tensorArgument("weight"),
                                                         bias: try tensorArgument("bias"), training: try Convert.bool(b["training"], i) ?? false,
                                                         momentum: momentum ?? 0, eps: try Convert.double(b["eps"], i) ?? 1e-5))
        }
        f.attributes["layer_norm"] = Fn.builtin("layer_norm", "input, normalized_shape, weight=None, bias=None, eps=1e-05", summary: "Normalises over the last dims (mean 0, variance 1), then scales by weight and shifts by bias.", example: "F.layer_norm(randn(2, 4), (4,))") { b, i in
            return Convert.wrap(try Functional.layerNorm(try Fn.input(b, i), normalizedShape: try normalizedShape(b.required("normalized_shape"), i),
                                                         weight: try b["weight"].map { try Convert.requireTensor($0, "layer_norm", "weight", i) },
                                                         bias: try b["bias"].map { try Convert.requireTensor($0, "layer_norm", "bias", i) },
                                                         eps: try Convert.double(b["eps"], i) ?? 1e-5))
        }
    }
}
