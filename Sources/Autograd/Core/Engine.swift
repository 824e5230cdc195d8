import CreationSite

/// The backward engine: runs the graph from the roots in PyTorch's order (a ready queue by
/// descending sequence number, a node running once every gradient for it has arrived),
/// accumulates into leaves, and frees saved values unless the graph is retained.
/// Iterative throughout: a chain of 100,000 nodes needs no stack depth.
package enum Engine {
    /// Mirrors Tensor.backward(gradient, retain_graph, create_graph, inputs) /
    /// torch.autograd.backward. With `createGraph` the pass runs in grad mode, so the
    /// gradients it leaves have graphs of their own (and the graph is kept). With `inputs`
    /// only those tensors accumulate: a leaf into `.grad`, a non-leaf through retain_grad,
    /// as PyTorch's run_backward does. An observer sees every node's step as it runs (the
    /// `:backprop` view); when it throws, the pass stops there.
    package static func backward(_ tensors: [Tensor], gradients: [Tensor?] = [], retainGraph: Bool = false,
                                 createGraph: Bool = false, inputs: [Tensor]? = nil,
                                 observer: BackwardObserver? = nil) throws {
        let roots = try rootGradients(tensors, gradients)
        GradMode.noteBackward(site: tsh_get_creation_site(), root: tensors.first)
        var targets: [Edge]? = nil
        var accumulation = Accumulation.all
        if let inputs {
            guard !inputs.isEmpty else { throw TensorError.runtime("'inputs' argument to backward() cannot be empty.") }
            var leaves = Set<ObjectIdentifier>()
            targets = []
            for input in inputs {
                guard input.requiresGrad else { throw TensorError.runtime("One of the differentiated Tensors does not require grad") }
                if input.isLeaf {
                    leaves.insert(ObjectIdentifier(input.gradAccumulator()))
                } else {
                    try input.retainGrad()
                }
                targets!.append(input.gradientEdge)
            }
            accumulation = .only(leaves)
        }
        _ = try GradMode.with(enabled: createGraph) {
            try run(roots: roots, captures: [], targets: targets, accumulation: accumulation,
                    keepGraph: retainGraph, observer: observer)
        }
    }

    /// Frees the saved values of every node reachable from `tensor`, as a backward pass
    /// without retain_graph does (for a pass run with the graph kept, then finished).
    package static func releaseGraph(of tensor: Tensor) {
        var seen = Set<ObjectIdentifier>()
        var stack = tensor.gradFn.map { [$0] } ?? []
        while let node = stack.popLast() {
            guard seen.insert(ObjectIdentifier(node)).inserted else { continue }
            node.releaseSavedValues()
            stack.append(contentsOf: node.nextFunctions.compactMap(\.node))
        }
    }

    /// Mirrors torch.autograd.grad(outputs, inputs, grad_outputs, retain_graph, create_graph,
    /// allow_unused). With `createGraph` the returned gradients carry graphs of their own.
    package static func grad(outputs: [Tensor], inputs: [Tensor], gradOutputs: [Tensor?] = [],
                             retainGraph: Bool? = nil, createGraph: Bool = false, allowUnused: Bool = false) throws -> [Tensor?] {
        let roots = try rootGradients(outputs, gradOutputs)
        var captures: [Edge] = []
        for input in inputs {
            guard input.requiresGrad else { throw TensorError.runtime("One of the differentiated Tensors does not require grad") }
            captures.append(input.gradientEdge)
        }
        let captured = try GradMode.with(enabled: createGraph) {
            try run(roots: roots, captures: captures, targets: captures, accumulation: .none,
                    keepGraph: retainGraph ?? createGraph)
        }
        return try captured.enumerated().map { i, g in
            guard let g else {
                if allowUnused { return nil }
                throw TensorError.runtime(
                    "The differentiated Tensor at index \(i) appears to not have been used in the graph. Set allow_unused=True if this is the desired behavior.")
            }
            return g
        }
    }

    private static func rootGradients(_ tensors: [Tensor], _ gradients: [Tensor?]) throws -> [(Edge, Tensor)] {
        try tensors.enumerated().map { i, t in
            guard t.requiresGrad else {
                throw TensorError.runtime("element \(i) of tensors does not require grad and does not have a grad_fn")
            }
            let given = i < gradients.count ? gradients[i] : nil
            let grad: Tensor
            if let given {
                guard given.shape == t.shape else {
                    throw TensorError.runtime(
                        "Mismatch in shape: grad_output[\(i)] has a shape of torch.Size(\(Messages.shapeList(given.shape))) and output[\(i)] has a shape of torch.Size(\(Messages.shapeList(t.shape))).")
                }
                grad = given.dtype == t.dtype ? given : Tensor(given.data.to(t.dtype))
            } else {
                guard t.count == 1 else { throw TensorError.runtime("grad can be implicitly created only for scalar outputs") }
                grad = Tensor(try NDArray.ones(t.shape, dtype: t.dtype))
            }
            return (t.gradientEdge, grad)
        }
    }

    /// Which leaves a pass accumulates into: all (backward), some (backward(inputs=)), none (grad).
    private enum Accumulation {
        case all, only(Set<ObjectIdentifier>), none

        func includes(_ node: AccumulateGrad) -> Bool {
            switch self {
            case .all: true
            case .only(let set): set.contains(ObjectIdentifier(node))
            case .none: false
            }
        }
    }

    /// A max-heap of ready nodes by sequence number.
    private struct ReadyQueue {
        private var heap: [Node] = []
        var isEmpty: Bool { heap.isEmpty }

        mutating func push(_ node: Node) {
            heap.append(node)
            var i = heap.count - 1
            while i > 0 {
                let parent = (i - 1) / 2
                if heap[parent].sequenceNr >= heap[i].sequenceNr { break }
                heap.swapAt(parent, i)
                i = parent
            }
        }

        mutating func pop() -> Node {
            let top = heap[0]
            let last = heap.removeLast()
            if !heap.isEmpty {
                heap[0] = last
                var i = 0
                while true {
                    let l = 2 * i + 1, r = l + 1
                    var largest = i
                    if l < heap.count && heap[l].sequenceNr > heap[largest].sequenceNr { largest = l }
                    if r < heap.count && heap[r].sequenceNr > heap[largest].sequenceNr { largest = r }
                    if largest == i { break }
                    heap.swapAt(i, largest)
                    i = largest
                }
            }
            return top
        }
    }

    /// Runs the graph. Gradients arriving at the `captures` edges are returned; with
    /// `targets`, only the nodes that lead to them run; `accumulation` says which leaves
    /// take their gradient into `.grad`.
    ///
    /// The pass keeps its bookkeeping on the nodes themselves (Node.pass): how many edges
    /// still lead into each and the gradients gathered for it, as PyTorch's engine keeps
    /// them in the graph task — no dictionary lookups per edge.
    private static func run(roots: [(Edge, Tensor)], captures: [Edge], targets: [Edge]?, accumulation: Accumulation,
                            keepGraph: Bool, observer: BackwardObserver? = nil) throws -> [Tensor?] {
        let pass = try GradMode.beginBackwardPass()
        defer { GradMode.endBackwardPass() }
        // Every node reachable from the roots, and how many edges lead into each.
        var discovered: [Node] = []
        func visit(_ node: Node) -> Bool {
            guard node.pass.id != pass else { return false }
            node.pass = Node.PassState(id: pass, index: discovered.count)
            discovered.append(node)
            return true
        }
        var stack: [Node] = []
        for case let node? in roots.map(\.0.node) where visit(node) { stack.append(node) }
        while let node = stack.popLast() {
            for edge in node.nextFunctions {
                guard let next = edge.node else { continue }
                if visit(next) { stack.append(next) }
                next.pass.pendingEdges += 1
            }
        }
        // Whatever happens, no gradient stays held by a node after the pass.
        defer { for node in discovered { node.pass.grads = [] } }

        var captureSlots: [ObjectIdentifier: [(output: Int, index: Int)]] = [:]
        for (k, edge) in captures.enumerated() {
            if let node = edge.node { captureSlots[ObjectIdentifier(node), default: []].append((edge.inputNr, k)) }
        }
        let needed = targets.map { targets in neededNodes(discovered, targets: targets.compactMap(\.node), pass: pass) }
        var captured = [Tensor?](repeating: nil, count: captures.count)

        func deliver(_ grad: Tensor, to edge: Edge) throws {
            let node = edge.node!
            if node.pass.grads.isEmpty {
                node.pass.grads = [Tensor?](repeating: nil, count: max(node.outputCount, edge.inputNr + 1))
            }
            if let existing = node.pass.grads[edge.inputNr] {
                node.pass.grads[edge.inputNr] = try existing + grad
            } else {
                node.pass.grads[edge.inputNr] = grad
            }
        }

        // Anomaly mode is read once per pass (it is thread state, not free to read per node).
        let anomaly = GradMode.anomalyDetection
        var ready = ReadyQueue()
        for (edge, grad) in roots {
            guard edge.node != nil else { continue }
            try deliver(grad, to: edge)
        }
        var pushed = Set<ObjectIdentifier>()
        for case let node? in roots.map(\.0.node) where node.pass.pendingEdges == 0 && pushed.insert(ObjectIdentifier(node)).inserted {
            ready.push(node)
        }

        while !ready.isEmpty {
            let node = ready.pop()
            var grads = node.pass.grads.isEmpty ? [Tensor?](repeating: nil, count: node.outputCount) : node.pass.grads
            node.pass.grads = []
            try runOutputHooks(node, &grads)
            if let hooks = node.hooks {
                for hook in hooks.pre { if let replaced = try hook.run(grads) { grads = replaced } }
            }
            if !captureSlots.isEmpty, let slots = captureSlots[ObjectIdentifier(node)] {
                for (output, index) in slots where output < grads.count { captured[index] = grads[output] }
            }
            let shouldRun = needed.map { $0[node.pass.index] } ?? true
            var results: [Tensor?] = []
            if let accumulate = node as? AccumulateGrad {
                // Handed over, not shared: the leaf may keep the buffer (AccumulateGrad's steal),
                // unless an observer (`:backprop`) is shown what came in.
                if accumulation.includes(accumulate), !grads.isEmpty, let g = observer == nil ? grads[0].take() : grads[0] {
                    try accumulate.accumulate(g)
                }
            } else if shouldRun && grads.contains(where: { $0 != nil }) {
                do {
                    results = try node.apply(grads)
                    if let hooks = node.hooks {
                        for hook in hooks.post { if let replaced = try hook.run(results, grads) { results = replaced } }
                    }
                    if anomaly.enabled && anomaly.checkNaN, let k = results.firstIndex(where: { $0?.data.containsNaN() == true }) {
                        throw TensorError.runtime("Function '\(node.className)' returned nan values in its \(k)th output.")
                    }
                } catch {
                    if anomaly.enabled { GradMode.state.anomalyNode = node }
                    throw error
                }
                if !keepGraph { node.releaseSavedValues() }
            }
            var sent: [NDArray?] = []
            if observer != nil { sent = [NDArray?](repeating: nil, count: node.nextFunctions.count) }
            for (slot, edge) in node.nextFunctions.enumerated() {
                guard let next = edge.node else { continue }
                if slot < results.count, let g = results[slot] {
                    let checked = try validated(g, node: node, slot: slot)
                    if observer != nil { sent[slot] = checked.data }
                    try deliver(checked, to: edge)
                }
                next.pass.pendingEdges -= 1
                if next.pass.pendingEdges == 0 { ready.push(next) }
            }
            if let observer {
                try observer.observe(BackwardStep(node: node, gradOutputs: grads.map { $0?.data },
                                                  computed: results.map { $0?.data }, sent: sent))
            }
        }
        return captured
    }

    /// Tensor hooks of the node's outputs run on the arriving gradients; retain_grad
    /// tensors then keep theirs (a differentiable copy, then sum, under create_graph).
    private static func runOutputHooks(_ node: Node, _ grads: inout [Tensor?]) throws {
        for (output, hooks) in node.outputHooks where output < grads.count {
            guard var current = grads[output] else { continue }
            for hook in hooks {
                if let replaced = try hook.run(current) { current = replaced }
            }
            grads[output] = current
        }
        for (output, weak) in node.retainedOutputs where output < grads.count {
            guard let tensor = weak.tensor, let g = grads[output] else { continue }
            if let existing = tensor.grad {
                tensor.grad = GradMode.isEnabled ? try existing.add(.tensor(g))
                                                 : Tensor(try NDArray.binary(.add, .array(existing.data), .array(g.data)))
            } else {
                tensor.grad = GradMode.isEnabled && g.requiresGrad ? g.clone() : Tensor(g.data.contiguousCopy())
            }
        }
    }

    /// The engine's check of a computed gradient against the input it is for: the dtype
    /// is cast, a broadcast shape summed back; anything else is a broken formula.
    package static func validated(_ g: Tensor, node: Node, slot: Int) throws -> Tensor {
        // The fields are read in place: copying the metadata would copy its weak reference.
        guard slot < node.inputMetadata.count, let shape = node.inputMetadata[slot]?.shape,
              let dtype = node.inputMetadata[slot]?.dtype else { return g }
        var grad = g
        if grad.shape != shape {
            guard (try? Broadcasting.shape(grad.shape, shape)) == grad.shape else {
                throw TensorError.runtime(
                    "Function \(node.className) returned an invalid gradient at index \(slot) - got \(Messages.shapeList(g.shape)) but expected shape compatible with \(Messages.shapeList(shape))")
            }
            grad = try grad.sumToSize(shape)
        }
        return grad.to(dtype)
    }

    /// Which discovered nodes (by their pass index) must run for the targets to receive
    /// their gradients: those with an edge into a target or into another such node. A
    /// target itself runs only when it leads to another target (`grad(y, h)` for a
    /// non-leaf `h` stops at h's node). Targets the pass never reached are left out.
    private static func neededNodes(_ nodes: [Node], targets: [Node], pass: UInt64) -> [Bool] {
        var remaining = nodes.map(\.pass.pendingEdges)
        var order: [Node] = []
        var frontier = nodes.filter { $0.pass.pendingEdges == 0 }
        while let node = frontier.popLast() {
            order.append(node)
            for edge in node.nextFunctions {
                guard let next = edge.node else { continue }
                remaining[next.pass.index] -= 1
                if remaining[next.pass.index] == 0 { frontier.append(next) }
            }
        }
        var isTarget = [Bool](repeating: false, count: nodes.count)
        for target in targets where target.pass.id == pass { isTarget[target.pass.index] = true }
        var needed = [Bool](repeating: false, count: nodes.count)
        for node in order.reversed() {
            if node.nextFunctions.contains(where: { $0.node.map { isTarget[$0.pass.index] || needed[$0.pass.index] } ?? false }) {
                needed[node.pass.index] = true
            }
        }
        return needed
    }
}

/// One node's turn in a backward pass, as a step-by-step view shows it.
package struct BackwardStep {
    package let node: Node
    /// The gradients that arrived for the node's outputs (nil where none did).
    package let gradOutputs: [NDArray?]
    /// What its formula computed for each input slot (empty for AccumulateGrad).
    package let computed: [NDArray?]
    /// What went along each edge after the engine's checks (broadcast sums, dtype casts).
    package let sent: [NDArray?]
}

/// Watches a backward pass node by node (Engine.backward's observer).
package protocol BackwardObserver: AnyObject {
    func observe(_ step: BackwardStep) throws
}
