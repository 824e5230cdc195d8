/// One input slot of a node: the node that receives the gradient for that input, and which
/// of its outputs the input was; `(nil, 0)` when the input needs no gradient.
/// Mirrors an entry of `grad_fn.next_functions`.
package struct Edge {
    package var node: Node?
    package var inputNr: Int

    package init(_ node: Node?, _ inputNr: Int) {
        self.node = node
        self.inputNr = inputNr
    }

    package static let none = Edge(nil, 0)
}

import CreationSite

/// What a gradient arriving for an input slot must look like: the input's shape and dtype;
/// and, for the views, which tensor object the input was (so `(x: no grad)` can be named).
/// The identity is a plain word, not a weak reference: weak references cost atomic
/// operations each time the metadata is copied, which the engine does per edge; a view
/// names an input only when a live tensor of that identity and shape is in scope.
package struct InputMetadata {
    package var shape: [Int]
    package var dtype: DType
    package var identity: ObjectIdentifier?

    init(shape: [Int], dtype: DType, tensor: Tensor? = nil) {
        self.shape = shape
        self.dtype = dtype
        identity = tensor.map(ObjectIdentifier.init)
    }
}

/// A hook on a gradient: it may return a replacement (Tensor.register_hook).
package typealias GradientHook = (Tensor) throws -> Tensor?

/// A hook with the number its handle removes it by.
struct RegisteredHook {
    let id: Int
    let run: GradientHook
}

/// A function in the autograd graph. Mirrors torch.autograd.graph.Node: `name()`,
/// `next_functions`, `metadata`, and the engine's `apply`.
///
/// A node never holds the tensor it produced (that would be a cycle); it keeps what it
/// needs in saved arrays. Releasing a long chain is iterative (see deinit).
package class Node {
    /// The class name, as the tensor repr shows it (`grad_fn=<CopySlices>`).
    package let className: String
    package internal(set) var nextFunctions: SmallArray<Edge>
    /// The engine runs ready nodes with the highest sequence number first, as PyTorch does.
    let sequenceNr: UInt64
    /// Counts node creations; gives each node its printed pseudo-address.
    package let serial: UInt64
    package let inputMetadata: SmallArray<InputMetadata?>
    package let outputCount: Int
    /// Where the node was made: the interpreter's statement (CreationSite), 0 if unknown.
    package let creationSite: Int
    /// The nn module call it was made in (CreationSite's module scope), 0 if none.
    package let moduleScope: Int
    /// Node.register_prehook / register_hook functions, the hooks of its outputs and its
    /// retain_grad outputs; made only for a node that has some, so the engine's common case
    /// is one nil check and a node without any releases one field, not four.
    var hooks: NodeHooks?
    /// Hooks of the tensors this node produced, per output (non-leaf register_hook).
    var outputHooks: [Int: [RegisteredHook]] {
        get { hooks?.outputs ?? [:] }
        set { madeHooks().outputs = newValue }
    }
    /// Non-leaf tensors that asked to keep their gradient (retain_grad), per output.
    var retainedOutputs: [Int: WeakTensor] {
        get { hooks?.retained ?? [:] }
        set { madeHooks().retained = newValue }
    }

    private func madeHooks() -> NodeHooks {
        if let hooks { return hooks }
        let made = NodeHooks()
        hooks = made
        return made
    }
    /// The engine's bookkeeping for the backward pass running through this node.
    struct PassState {
        /// Which pass (GradMode.beginBackwardPass); 0: none yet.
        var id: UInt64 = 0
        /// The node's position in the pass's discovery order.
        var index = 0
        /// Edges that still have to deliver before the node can run.
        var pendingEdges = 0
        /// The gradients gathered for each output so far.
        var grads: [Tensor?] = []
    }

    var pass = PassState()

    /// The language's wrapper for this node while one is alive (so `f is g` holds); the
    /// wrapper clears it when it goes (an unowned reference: no side table per node).
    package unowned(unsafe) var wrapper: AnyObject?

    init(className: String, nextFunctions: SmallArray<Edge>, inputMetadata: SmallArray<InputMetadata?>, outputCount: Int = 1,
         sequenceNr: UInt64? = nil) {
        self.className = className
        self.nextFunctions = nextFunctions
        self.inputMetadata = inputMetadata
        self.outputCount = outputCount
        self.sequenceNr = sequenceNr ?? GradMode.takeSequenceNr()
        serial = GradMode.takeSerial()
        creationSite = tsh_get_creation_site()
        moduleScope = tsh_get_module_scope()
        tsh_live_add(Int32(TSH_LIVE_NODES.rawValue), 1)
    }

    /// For tests and introspection: a node that only has a name and no inputs.
    package convenience init(name: String) {
        self.init(className: name, nextFunctions: [], inputMetadata: [])
    }

    /// Mirrors grad_fn.name(): the class name, C++-qualified for the engine's own nodes.
    package var name: String { className }

    /// The class name its repr shows (`<AddBackward0 object at ...>`; a user Function's
    /// node is `torch.autograd.function.MyFnBackward`).
    package var reprName: String { className }

    /// Computes the gradients for the input slots from the gradients of the outputs
    /// (nil where an output received none). With grad mode on (create_graph) the results
    /// carry a graph of their own.
    func apply(_ gradOutputs: [Tensor?]) throws -> [Tensor?] {
        preconditionFailure("\(className) has no apply")
    }

    /// Frees saved values after a backward pass without retain_graph.
    func releaseSavedValues() {}

    /// The saved values PyTorch exposes as attributes (`_saved_self`, `_saved_other`, ...).
    package var savedValues: [(name: String, value: NDArray?)] { [] }

    /// The non-tensor values PyTorch saves (`_saved_dim`, `_saved_exponent`, `_saved_self_sym_sizes`).
    package var savedAttributes: [(name: String, value: SavedAttribute)] { [] }

    /// The live tensor a saved value was taken from, if any.
    package func savedTensor(named name: String) -> Tensor? { nil }

    /// The backward formula in words, one `grad_INPUT = ...` per input slot separated by
    /// "; ", written beside the formula itself (the `:backprop` view plugs numbers into it).
    package var rule: String { "" }

    /// Whether any hook can change a gradient passing this node: its own, its outputs'
    /// tensor hooks, or (for AccumulateGrad) the leaf's.
    package var hasHooks: Bool {
        if let hooks, !hooks.pre.isEmpty || !hooks.post.isEmpty { return true }
        if outputHooks.values.contains(where: { !$0.isEmpty }) { return true }
        if let acc = self as? AccumulateGrad { return !acc.variable.hooks.isEmpty }
        return false
    }

    /// Mirrors Node.register_prehook(fn); returns what the handle's remove() does.
    package func registerPrehook(_ hook: @escaping ([Tensor?]) throws -> [Tensor?]?) -> () -> Void {
        Node.hookCount += 1
        let id = Node.hookCount
        madeHooks().pre.append((id, hook))
        return { [weak self] in self?.hooks?.pre.removeAll { $0.id == id } }
    }

    /// Mirrors Node.register_hook(fn); returns what the handle's remove() does.
    package func registerHook(_ hook: @escaping ([Tensor?], [Tensor?]) throws -> [Tensor?]?) -> () -> Void {
        Node.hookCount += 1
        let id = Node.hookCount
        madeHooks().post.append((id, hook))
        return { [weak self] in self?.hooks?.post.removeAll { $0.id == id } }
    }

    nonisolated(unsafe) private static var hookCount = 0

    /// The shape and dtype of each output (for the views).
    package var outputs: [InputMetadata] { [] }

    /// Runs this node's formula alone, outside the engine, on the given output gradients
    /// (the `:paths` view follows one path at a time). The graph is not changed.
    package func applyAlone(_ gradOutputs: [NDArray?]) throws -> [NDArray?] {
        try GradMode.with(enabled: false) { try apply(gradOutputs.map { $0.map { Tensor($0) } }).map { $0?.data } }
    }

    /// Chains of 100,000 nodes must not be freed recursively (the stack would overflow):
    /// take over the inputs of every node that dies with this one and drop them in a loop.
    deinit {
        tsh_live_add(Int32(TSH_LIVE_NODES.rawValue), -1)
        // Most nodes free nothing but themselves (their inputs live on): unroll the chain
        // only when a next node would die with this one.
        guard nextFunctions.holdsLastReferenceToANode() else { return }
        var pending = nextFunctions.compactMap(\.node)
        nextFunctions.removeAll()
        while var node = pending.popLast() {
            if isKnownUniquelyReferenced(&node) {
                pending.append(contentsOf: node.nextFunctions.compactMap(\.node))
                node.nextFunctions.removeAll()
            }
        }
    }
}

/// A weak reference to a tensor (retain_grad must not keep its tensor alive).
struct WeakTensor {
    weak var tensor: Tensor?
}

/// A node's own hooks (torch.autograd.graph.Node.register_prehook / register_hook).
final class NodeHooks {
    /// Called with the output gradients before the formula; may replace them.
    var pre: [(id: Int, run: ([Tensor?]) throws -> [Tensor?]?)] = []
    /// Called with the input gradients and the output gradients after it; may replace the former.
    var post: [(id: Int, run: ([Tensor?], [Tensor?]) throws -> [Tensor?]?)] = []
    /// See Node.outputHooks and Node.retainedOutputs.
    var outputs: [Int: [RegisteredHook]] = [:]
    var retained: [Int: WeakTensor] = [:]
}

/// A non-tensor value a node saves, as PyTorch exposes it: an int, a tuple of ints, a
/// bool, a number, a string, or a Python number saved as a 0-d tensor (a "wrapped number").
package enum SavedAttribute {
    case int(Int)
    case ints([Int])
    case bool(Bool)
    case number(Scalar)
    case wrappedNumber(Scalar)
    case string(String)
    /// A saved slot PyTorch left empty (it reads None).
    case none
}
