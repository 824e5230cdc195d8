import CreationSite

/// How operations join the graph: an out-of-place op wraps its result as the output of a
/// new node; a view op also remembers its base; an in-place op rebases the history of the
/// tensor it modifies (and, for a view, of the view's base through CopySlices).
extension Tensor {
    /// Whether an op over these inputs records a node: grad mode is on and an input requires grad.
    static func recording(_ inputs: [Tensor?]) -> Bool {
        GradMode.isEnabled && inputs.contains { $0?.requiresGrad == true }
    }

    static func metadata(_ t: Tensor?) -> InputMetadata? {
        t.map { InputMetadata(shape: $0.shape, dtype: $0.dtype, tensor: $0) }
    }

    /// A result that records no node: where an input was cut from the graph (no_grad, or
    /// a cut upstream), the result remembers why, for `:why`. The inputs come as up to two
    /// single tensors and a list, so the common unary and binary ops build no array.
    static func unrecorded(_ result: NDArray, _ first: Tensor?, _ second: Tensor? = nil, _ rest: [Tensor?] = []) -> Tensor {
        let out = Tensor(result)
        if let first, out.inheritCut(from: first) { return out }
        if let second, out.inheritCut(from: second) { return out }
        for case let input? in rest {
            if out.inheritCut(from: input) { break }
        }
        return out
    }

    /// Takes over an input's reason for being cut from the graph; true once the reason is
    /// final (an input that requires grad: the result is cut by no_grad here).
    func inheritCut(from input: Tensor) -> Bool {
        if input.requiresGrad {
            cut = GraphCut(reason: .noGrad, site: tsh_get_creation_site())
            return true
        }
        if let inputCut = input.cut { cut = inputCut }
        return false
    }

    /// The result of an op named `name` over the input slots `inputs` (nil for a number).
    /// `save` lists what the formula reads back (`saveOutput` appends the result itself).
    package static func make(_ name: String, qualifiedName: String? = nil, _ inputs: [Tensor?], _ result: NDArray,
                     save: [SavedArray] = [], savedNames: [String] = [], saveOutput: Bool = false,
                     attributes: @autoclosure () -> [(name: String, value: SavedAttribute)] = [],
                     savedNumber: (name: String, value: SavedAttribute)? = nil, rule: String = "",
                     formula: @escaping BackwardFormula) -> Tensor {
        guard recording(inputs) else { return unrecorded(result, nil, nil, inputs) }
        return recorded(name, qualifiedName: qualifiedName, edges: SmallArray(inputs.lazy.map { $0?.gradientEdge ?? .none }),
                        inputMetadata: SmallArray(inputs.lazy.map(metadata)), result, save: save, savedNames: savedNames,
                        saveOutput: saveOutput, attributes: attributes(), savedNumber: savedNumber, rule: rule, formula: formula)
    }

    /// A recipe's result, recorded as the output of its node when grad mode is on and an
    /// input requires grad. The recipe moves into the node whole: its names, saved values
    /// and formula are not copied field by field (with the inputs kept inline, recording
    /// `c = a + b` allocates only the node).
    func make(_ recipe: consuming Recipe) -> Tensor {
        let other = recipe.other.tensor
        guard GradMode.isEnabled, requiresGrad || other?.requiresGrad == true else {
            return Tensor.unrecorded(recipe.result, self, other)
        }
        var edges = SmallArray(gradientEdge), metadata = SmallArray(Tensor.metadata(self))
        if case .absent = recipe.other {} else {
            edges.append(other?.gradientEdge ?? .none)
            metadata.append(Tensor.metadata(other))
        }
        let out = Tensor(recipe.result)
        var spec = NodeSpec.moved
        swap(&spec, &recipe.spec)
        if recipe.saveOutput { Tensor.appendSavedOutput(out, to: &spec.saved, names: &spec.savedNames) }
        let output = InputMetadata(shape: recipe.result.shape, dtype: recipe.result.dtype)
        out.setGradFn(FunctionNode(recipe.name, spec: consume spec, output: output, edges: consume edges, inputMetadata: consume metadata))
        return out
    }

    /// Appends the op's own result to what its node saves; PyTorch calls it `_saved_result`.
    private static func appendSavedOutput(_ out: Tensor, to saved: inout [SavedArray], names: inout [String]) {
        let namedEach = names.count == saved.count && !names.isEmpty
        if namedEach || (saved.isEmpty && names.isEmpty) { names.append("_saved_result") }
        saved.append(SavedArray(out, isOutput: true))
    }

    /// A new tensor whose grad_fn is a node of the op `name` over `edges`.
    private static func recorded(_ name: String, qualifiedName: String?, edges: consuming SmallArray<Edge>,
                                 inputMetadata: consuming SmallArray<InputMetadata?>, _ result: NDArray, save: [SavedArray], savedNames: [String], saveOutput: Bool,
                                 attributes: [(name: String, value: SavedAttribute)],
                                 savedNumber: (name: String, value: SavedAttribute)?, rule: String,
                                 formula: @escaping BackwardFormula) -> Tensor {
        let out = Tensor(result)
        var saved = save, names = savedNames
        if saveOutput { appendSavedOutput(out, to: &saved, names: &names) }
        let node = FunctionNode(name, qualifiedName: qualifiedName, edges: edges, inputMetadata: inputMetadata,
                                outputs: SmallArray(InputMetadata(shape: result.shape, dtype: result.dtype)),
                                saved: saved, savedNames: names, rule: rule, attributes: attributes, savedNumber: savedNumber,
                                formula: formula)
        out.setGradFn(node)
        return out
    }

    /// Like `make`, for an op whose result views `self`'s storage.
    func makeView(_ name: String, _ result: NDArray, rule: String = "",
                  attributes: @autoclosure () -> [(name: String, value: SavedAttribute)] = [],
                  formula: @escaping BackwardFormula) -> Tensor {
        let out = Tensor.make(name, [self], result, attributes: attributes(), rule: rule, formula: formula)
        out.viewBase = viewBase ?? self
        return out
    }

    /// Several results of one node (split, chunk, unbind), each a view with its output index.
    func makeViews(_ name: String, _ results: [NDArray], rule: String = "", formula: @escaping BackwardFormula) -> [Tensor] {
        let outs = results.map { Tensor($0) }
        for out in outs { out.viewBase = viewBase ?? self }
        guard Tensor.recording([self]) else { return outs }
        let node = FunctionNode(name, edges: SmallArray(gradientEdge), inputMetadata: SmallArray(Tensor.metadata(self)),
                                outputs: SmallArray(results.lazy.map { InputMetadata(shape: $0.shape, dtype: $0.dtype) }),
                                rule: rule, formula: formula)
        for (i, out) in outs.enumerated() { out.setGradFn(node, outputNr: i) }
        return outs
    }

    /// PyTorch refuses in-place changes to a leaf that requires grad while grad mode is on.
    package func checkInPlaceAllowed() throws {
        guard GradMode.isEnabled else { return }
        if let base = viewBase, base.isLeaf, base.requiresGrad {
            throw TensorError.runtime("a view of a leaf Variable that requires grad is being used in an in-place operation.")
        }
        if viewBase == nil && isLeaf && requiresGrad {
            throw TensorError.runtime("a leaf Variable that requires grad is being used in an in-place operation.")
        }
    }

    /// Writes `newValue` over this tensor and records the op `name` whose slot 0 is this
    /// tensor's previous value and whose other slots are `others`.
    package func commitInPlace(_ name: String, qualifiedName: String? = nil, others: [Tensor?], newValue: NDArray,
                       save: [SavedArray] = [], saveOutput: Bool = false, rule: String = "",
                       formula: @escaping BackwardFormula) throws {
        try checkInPlaceAllowed()
        let record = Tensor.recording([self] + others)
        let selfEdge = gradientEdge
        let base = viewBase
        let baseEdge = base?.gradientEdge ?? .none
        try data.assignResult(newValue)
        guard record else { return }
        let node = FunctionNode(name, qualifiedName: qualifiedName, edges: SmallArray([selfEdge] + others.map { $0?.gradientEdge ?? .none }),
                                inputMetadata: SmallArray([Tensor.metadata(self)] + others.map(Tensor.metadata)),
                                outputs: SmallArray(InputMetadata(shape: shape, dtype: dtype)),
                                saved: saveOutput ? save + [SavedArray(self, isOutput: true)] : save, rule: rule, formula: formula)
        if let base {
            let slices = CopySlices(base: base, baseEdge: baseEdge, view: data, fn: node)
            base.setGradFn(slices)
            requiresGrad = true
        } else {
            setGradFn(node)
        }
    }
}

/// The node a base gets when one of its views is modified in place: the gradient of the
/// base passes through unchanged outside the view, and through the in-place op's own
/// backward inside it. Mirrors torch::autograd::CopySlices.
final class CopySlices: Node {
    private let baseGeometry: NDArray
    private let viewShape: [Int], viewStrides: [Int], viewOffset: Int
    private let fn: Node

    init(base: Tensor, baseEdge: Edge, view: NDArray, fn: Node) {
        baseGeometry = base.data
        viewShape = view.shape
        viewStrides = view.strides
        viewOffset = view.offset
        self.fn = fn
        super.init(className: "CopySlices", nextFunctions: SmallArray([baseEdge] + fn.nextFunctions.dropFirst()),
                   inputMetadata: SmallArray([InputMetadata(shape: base.shape, dtype: base.dtype)] + fn.inputMetadata.dropFirst()))
    }

    override var name: String { "torch::autograd::CopySlices" }

    override var outputs: [InputMetadata] { [InputMetadata(shape: baseGeometry.shape, dtype: baseGeometry.dtype)] }

    override var rule: String {
        "grad_base = grad outside the modified view, and inside it \(fn.className)'s rule: " + fn.rule
    }

    override func apply(_ gradOutputs: [Tensor?]) throws -> [Tensor?] {
        if GradMode.isEnabled {
            throw TensorError.notImplemented(
                "create_graph through an in-place change of a view (CopySlices) is not supported by tsh yet")
        }
        let grad = try gradOutputs[0]?.data ?? NDArray.zeros(baseGeometry.shape, dtype: baseGeometry.dtype)
        // A gradient laid out like the base, so the view's geometry finds its region in it.
        let result = NDArray(storage: Storage(byteCount: baseGeometry.storage.byteCount), dtype: baseGeometry.dtype,
                             shape: baseGeometry.shape, strides: baseGeometry.strides, offset: baseGeometry.offset)
        try result.copyFrom(grad)
        let region = result.view(shape: viewShape, strides: viewStrides, offset: viewOffset)
        let inner = try fn.apply([Tensor(region.contiguousCopy())])
        if let first = inner.first ?? nil {
            try region.copyFrom(first.data)
        } else {
            try region.fill(.int(0))
        }
        return [Tensor(result)] + inner.dropFirst()
    }

    override func releaseSavedValues() { fn.releaseSavedValues() }
}

/// The grad_fn of a view after its storage changed in place: the view's gradient is
/// placed into a zero gradient of the base. Mirrors AsStridedBackward0.
enum AsStridedBackward {
    static func make(view: Tensor, base: Tensor) -> Node {
        let baseGeometry = base.data
        let shape = view.data.shape, strides = view.data.strides, offset = view.data.offset
        return FunctionNode("AsStridedBackward0", edges: SmallArray(base.gradientEdge),
                            inputMetadata: SmallArray(Tensor.metadata(base)),
                            outputs: SmallArray(InputMetadata(shape: shape, dtype: view.dtype)),
                            rule: "grad_self = zeros of self's geometry with grad at as_strided(size, stride, storage_offset)") { ctx in
            if GradMode.isEnabled {
                throw TensorError.notImplemented("create_graph through AsStridedBackward0 is not supported by tsh yet")
            }
            let result = NDArray(storage: Storage(byteCount: baseGeometry.storage.byteCount), dtype: baseGeometry.dtype,
                                 shape: baseGeometry.shape, strides: baseGeometry.strides, offset: baseGeometry.offset)
            let region = result.view(shape: shape, strides: strides, offset: offset)
            try region.copyFrom(try ctx.grad().data)
            return [Tensor(result)]
        }
    }
}
