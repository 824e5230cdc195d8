import CreationSite

/// A tensor as users see it: data, and the autograd state PyTorch keeps beside it.
///
/// Mirrors torch.Tensor. A class, because tensors have reference semantics in PyTorch:
/// two names bound to one tensor see the same `grad`, `requires_grad` and data.
package final class Tensor {
    package var data: NDArray
    package internal(set) var requiresGrad: Bool
    package var grad: Tensor? {
        didSet { if grad == nil, oldValue != nil { gradLedger?.recordReset(site: tsh_get_creation_site(), toNone: true) } }
    }
    /// Why this tensor is outside the graph, when an op cut it off (`:why`).
    package internal(set) var cut: GraphCut?
    /// What each backward added to `grad`, and each reset (`:ledger`); made at the first.
    package internal(set) var gradLedger: GradLedger?
    /// Which output of `gradFn` this tensor is (`output_nr`).
    package internal(set) var outputNr: Int = 0
    /// An nn.Parameter prints as `Parameter containing:` above the tensor.
    package var isParameter: Bool
    /// Hooks on this leaf's gradient (a non-leaf's hooks live on its grad_fn).
    var hooks: [RegisteredHook] = []
    package internal(set) var retainsGrad = false
    /// For a differentiable view: the tensor whose storage it views (never itself a view).
    var viewBase: Tensor?
    private var storedGradFn: Node?
    /// The storage version at which a view's grad_fn was last set.
    private var gradFnVersion = 0
    /// The leaf's AccumulateGrad while one is alive. Not a weak reference, for the reason
    /// `wrapper` is not: a weakly referenced node gets a side table, and every edge to it is
    /// then retained and released on the slow path. The node holds this tensor, so it is
    /// alive while the node is, and the node clears the field when it goes.
    unowned(unsafe) var accumulator: AccumulateGrad?
    /// The language's wrapper for this tensor while one is alive (so `x is y` holds). Not a
    /// weak reference: a weak reference gives every tensor a side table and slow reference
    /// counting for the rest of its life (measured: a fifth of `c = a + b` from the
    /// language). The wrapper holds this tensor and clears the field when it goes.
    package unowned(unsafe) var wrapper: AnyObject?

    package init(_ data: NDArray, requiresGrad: Bool = false, gradFn: Node? = nil, isParameter: Bool = false) {
        self.data = data
        self.requiresGrad = requiresGrad || gradFn != nil
        self.isParameter = isParameter
        storedGradFn = gradFn
        gradFnVersion = data.storage.version
    }

    package var shape: [Int] { data.shape }
    package var dtype: DType { data.dtype }
    package var rank: Int { data.rank }
    package var count: Int { data.count }

    /// Mirrors Tensor.grad_fn. A view whose storage was modified in place since its node
    /// was made answers `AsStridedBackward0` of its base's node, as PyTorch regenerates it.
    package var gradFn: Node? {
        if let base = viewBase, base.requiresGrad, data.storage.version != gradFnVersion {
            storedGradFn = AsStridedBackward.make(view: self, base: base)
            outputNr = 0
            gradFnVersion = data.storage.version
        }
        return storedGradFn
    }

    func setGradFn(_ node: Node?, outputNr: Int = 0) {
        storedGradFn = node
        self.outputNr = outputNr
        gradFnVersion = data.storage.version
        if node != nil { requiresGrad = true }
    }

    /// Whether hooks were registered on this leaf's gradient (`:paths` says it ignores them).
    package var gradAccumulatorHasHooks: Bool { !hooks.isEmpty }

    /// Mirrors Tensor.is_leaf.
    package var isLeaf: Bool { gradFn == nil }

    /// Mirrors Tensor._version: the in-place modification count of the shared storage.
    package var version: Int { data.storage.version }

    /// The leaf's AccumulateGrad: created on first use, reused while any graph holds it.
    func gradAccumulator() -> AccumulateGrad {
        if let existing = accumulator { return existing }
        let node = AccumulateGrad(self)
        accumulator = node
        return node
    }

    /// Where this tensor's gradient goes: its grad_fn output, its AccumulateGrad, or nowhere.
    var gradientEdge: Edge {
        guard requiresGrad else { return .none }
        if let fn = gradFn { return Edge(fn, outputNr) }
        return Edge(gradAccumulator(), 0)
    }

    /// Mirrors Tensor.requires_grad_(flag).
    package func setRequiresGrad(_ flag: Bool) throws {
        guard isLeaf else {
            throw TensorError.runtime(
                "you can only change requires_grad flags of leaf variables. If you want to use a computed variable in a subgraph that doesn't require differentiation use var_no_grad = var.detach().")
        }
        if flag && !dtype.isFloatingPoint {
            throw TensorError.runtime("only Tensors of floating point dtype can require gradients")
        }
        requiresGrad = flag
    }

    /// Mirrors Tensor.retain_grad(): a non-leaf keeps its gradient in `.grad`.
    package func retainGrad() throws {
        guard requiresGrad else { throw TensorError.runtime("can't retain_grad on Tensor that has requires_grad=False") }
        guard let fn = gradFn else { return }
        retainsGrad = true
        fn.retainedOutputs[outputNr] = WeakTensor(tensor: self)
    }

    /// Mirrors Tensor.register_hook(fn): called with the gradient; a returned tensor replaces
    /// it. Returns what the handle's remove() does.
    @discardableResult
    package func registerHook(_ hook: @escaping GradientHook) throws -> () -> Void {
        guard requiresGrad else {
            throw TensorError.runtime("cannot register a hook on a tensor that doesn't require gradient")
        }
        Tensor.hookCount += 1
        let registered = RegisteredHook(id: Tensor.hookCount, run: hook)
        let output = outputNr
        if let fn = gradFn {
            fn.outputHooks[output, default: []].append(registered)
            return { [weak fn] in fn?.outputHooks[output]?.removeAll { $0.id == registered.id } }
        }
        hooks.append(registered)
        return { [weak self] in self?.hooks.removeAll { $0.id == registered.id } }
    }

    nonisolated(unsafe) private static var hookCount = 0

    /// Mirrors Tensor.detach(): the same storage, outside the graph.
    package func detach() -> Tensor { cutOff(.detach) }

    /// Mirrors Tensor.data: the same storage, outside the graph.
    package func dataAlias() -> Tensor { cutOff(.data) }

    private func cutOff(_ reason: GraphCut.Reason) -> Tensor {
        let out = Tensor(data)
        if requiresGrad { out.cut = GraphCut(reason: reason, site: tsh_get_creation_site()) } else { out.cut = cut }
        return out
    }

    /// Mirrors what zero_grad does to one gradient: `None`, or zeros in place.
    package func resetGrad(toNone: Bool) throws {
        if toNone {
            grad = nil
        } else if let g = grad {
            try g.data.fill(.int(0))
            gradLedger?.recordReset(site: tsh_get_creation_site(), toNone: false, grad: g.data)
        }
    }

    /// Mirrors Tensor.detach_().
    package func detachInPlace() throws {
        if viewBase != nil {
            throw TensorError.runtime(
                "Can't detach views in-place. Use detach() instead. If you are using DistributedDataParallel (DDP) for training, and gradient_as_bucket_view is set as True, gradients are views of DDP buckets, and hence detach_() cannot be called on these gradients. To fix this error, please refer to the Optimizer.zero_grad() function in torch/optim/optimizer.py as the solution.")
        }
        storedGradFn = nil
        outputNr = 0
        requiresGrad = false
    }
}
