import Foundation

/// A value a node keeps for its backward pass, with the version of its storage at the time,
/// so that a later in-place change is reported instead of silently giving a wrong
/// gradient. Mirrors torch::autograd::SavedVariable: unpacked for a backward that builds a
/// graph (create_graph), it is a tensor with its own history again, so a formula over it
/// can itself be differentiated.
package struct SavedArray {
    let data: NDArray
    let version: Int
    /// The tensor it came from, to name it in the error and to unpack as itself (weak: a
    /// saved input may die first). Nil for the node's own output, which unpacks as a new
    /// tensor anyway: a weak reference would give every such output a side table and slow
    /// reference counting for its whole life.
    weak var tensor: Tensor?
    let wasLeaf: Bool
    /// Where the saved value's own gradient goes: its grad_fn (strong, as SavedVariable
    /// keeps it) and output number. Nil for a leaf, a value that needs no gradient, and
    /// the node's own output (which is the node itself: see `isOutput`).
    private let gradFn: Node?
    private let outputNr: Int
    /// The node's own output: unpacked with the node as its grad_fn.
    let isOutput: Bool

    package init(_ tensor: Tensor) {
        self.init(tensor, isOutput: false)
    }

    init(_ tensor: Tensor, isOutput: Bool) {
        data = tensor.data
        version = tensor.data.storage.version
        self.tensor = isOutput ? nil : tensor
        wasLeaf = tensor.isLeaf
        gradFn = isOutput ? nil : tensor.gradFn
        outputNr = tensor.outputNr
        self.isOutput = isOutput
    }

    package init(_ data: NDArray) {
        self.data = data
        version = data.storage.version
        tensor = nil
        wasLeaf = true
        gradFn = nil
        outputNr = 0
        isOutput = false
    }

    /// The saved data, or PyTorch's error when its storage was modified in place since.
    func unpackData(owner: Node? = nil) throws -> NDArray {
        let now = data.storage.version
        guard now == version else {
            var what = "[torch.\(data.dtype.tensorTypeName) \(Messages.shapeList(data.shape))]"
            if let producer = isOutput ? owner : tensor?.gradFn {
                let op = producer.className.components(separatedBy: "Backward").first ?? producer.className
                what += ", which is output \(isOutput ? outputNr : tensor?.outputNr ?? 0) of \(op),"
            }
            throw TensorError.runtime(
                "one of the variables needed for gradient computation has been modified by an inplace operation: \(what) is at version \(now); expected version \(version) instead. Hint: enable anomaly detection to find the operation that failed to compute its gradient, with torch.autograd.set_detect_anomaly(True, check_nan=False).")
        }
        return data
    }

    /// The saved value as a tensor for a formula. Without grad mode (an ordinary backward)
    /// a plain wrapper; with it (create_graph) the value with its history: the live tensor,
    /// or one rebuilt on its grad_fn (`owner` for the node's own output).
    func unpack(owner: Node, gradMode: Bool) throws -> Tensor {
        let array = try unpackData(owner: owner)
        if isOutput { return gradMode ? Tensor(array, gradFn: owner) : Tensor(array) }
        // The live tensor, when it still holds these values: no new object (an ordinary
        // backward formula only reads it; a graph-building one needs its history).
        if let live = tensor, live.data.storage === array.storage, live.data.offset == array.offset, live.shape == array.shape {
            return live
        }
        guard gradMode else { return Tensor(array) }
        guard let gradFn else { return Tensor(array) }
        let rebuilt = Tensor(array)
        rebuilt.setGradFn(gradFn, outputNr: outputNr)
        return rebuilt
    }
}

extension DType {
    /// The legacy tensor type name in PyTorch's messages (`torch.FloatTensor`).
    var tensorTypeName: String { "\(scalarTypeName)Tensor" }
}

extension Messages {
    static func shapeList(_ s: [Int]) -> String { "[" + s.map(String.init).joined(separator: ", ") + "]" }
}

/// Everything a backward formula sees: the output gradients, the saved values (already
/// checked) and which input slots need a gradient at all. Gradients and saved values are
/// tensors, so a formula written with tensor operations records a graph of its own when
/// the backward pass runs with create_graph (grad mode on), and none otherwise.
package struct BackwardContext {
    package let grads: [Tensor?]
    package let saved: [Tensor]
    /// The node running (for which input slots need a gradient at all).
    unowned let node: Node
    let outputMetadata: SmallArray<InputMetadata>

    /// The gradient of output `i`, zeros when none arrived.
    package func grad(_ i: Int = 0) throws -> Tensor {
        if let g = grads[i] { return g }
        return try Tensor.zeros(outputMetadata[i].shape, dtype: outputMetadata[i].dtype)
    }

    package func needs(_ slot: Int) -> Bool { node.nextFunctions[slot].node != nil }
}

package typealias BackwardFormula = (BackwardContext) throws -> [Tensor?]

/// What a formula node keeps of its op: the formula, the values it saved and their
/// PyTorch names, and the rule in words. One value, so recording an op moves it from the
/// recipe into the node whole (field by field, the copies cost a third of recording
/// `c = a + b`).
struct NodeSpec {
    var formula: BackwardFormula?
    var saved: [SavedArray] = []
    /// PyTorch's attribute names for the saved values (`_saved_self`, `_saved_result`, ...).
    var savedNames: [String] = []
    /// The formula in words (Node.rule), written beside it.
    var rule = ""
    /// Other non-tensor values PyTorch exposes (`_saved_min`, `_saved_dim`, ...).
    var attributes: [(name: String, value: SavedAttribute)] = []
    /// One saved Python number kept without an array (`x * 3`, `x ** 2` are common ops).
    var savedNumber: (name: String, value: SavedAttribute)? = nil

    /// What a recipe holds once its spec has moved into a node (nothing to release).
    static var moved: NodeSpec { NodeSpec(formula: nil) }
}

/// A node whose backward pass is a formula over saved values (every `*Backward*` op).
final class FunctionNode: Node {
    private var spec: NodeSpec
    private let outputMetadata: SmallArray<InputMetadata>
    private let qualifiedName: String?

    init(_ className: String, qualifiedName: String? = nil, edges: SmallArray<Edge>, inputMetadata: SmallArray<InputMetadata?>,
         outputs: SmallArray<InputMetadata>, saved: [SavedArray] = [], savedNames: [String] = [], rule: String = "",
         attributes: [(name: String, value: SavedAttribute)] = [], savedNumber: (name: String, value: SavedAttribute)? = nil,
         formula: @escaping BackwardFormula) {
        spec = NodeSpec(formula: formula, saved: saved, savedNames: savedNames, rule: rule, attributes: attributes,
                        savedNumber: savedNumber)
        self.outputMetadata = outputs
        self.qualifiedName = qualifiedName
        super.init(className: className, nextFunctions: edges, inputMetadata: inputMetadata, outputCount: outputs.count)
    }

    /// The node of a recipe's op, taking over its spec.
    init(_ className: String, spec: consuming NodeSpec, output: InputMetadata, edges: consuming SmallArray<Edge>,
         inputMetadata: consuming SmallArray<InputMetadata?>) {
        self.spec = spec
        outputMetadata = SmallArray(output)
        qualifiedName = nil
        super.init(className: className, nextFunctions: edges, inputMetadata: inputMetadata, outputCount: 1)
    }

    override var name: String { qualifiedName ?? className }

    /// Whether the node is a user-defined autograd Function's (its class lives in Python).
    var isUserFunction = false

    override var reprName: String { isUserFunction ? "torch.autograd.function." + className : className }

    override var rule: String { spec.rule }

    override var savedAttributes: [(name: String, value: SavedAttribute)] {
        spec.savedNumber.map { [$0] + spec.attributes } ?? spec.attributes
    }

    override var outputs: [InputMetadata] { Array(outputMetadata) }

    override func apply(_ gradOutputs: [Tensor?]) throws -> [Tensor?] {
        guard let formula = spec.formula else { throw TensorError.runtime(Messages.backwardTwice) }
        let gradMode = GradMode.isEnabled
        let unpacked = try spec.saved.map { try $0.unpack(owner: self, gradMode: gradMode) }
        let context = BackwardContext(grads: gradOutputs, saved: unpacked, node: self, outputMetadata: outputMetadata)
        return try formula(context)
    }

    /// Drops the saved arrays; a node that saved none can run again, as in PyTorch.
    override func releaseSavedValues() {
        if !spec.saved.isEmpty {
            spec.saved = []
            spec.formula = nil
        }
    }

    override func savedTensor(named name: String) -> Tensor? {
        guard let i = spec.savedNames.firstIndex(of: name), i < spec.saved.count else { return nil }
        return spec.saved[i].tensor
    }

    override var savedValues: [(name: String, value: NDArray?)] {
        spec.savedNames.enumerated().map { i, n in (n, i < spec.saved.count ? spec.saved[i].data : nil) }
    }
}

extension Messages {
    static let backwardTwice =
        "Trying to backward through the graph a second time (or directly access saved tensors after they have already been freed). Saved intermediate values of the graph are freed when you call .backward() or autograd.grad(). Specify retain_graph=True if you need to backward through the graph a second time or if you need to access saved tensors after calling backward."
}
