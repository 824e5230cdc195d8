import Autograd

/// The multivariate chain rule made visible: every path from an output back to a leaf,
/// the gradient that path alone sends to the leaf, and their sum (which is what backward
/// puts in the leaf's `.grad`). Each path is followed by running each node's own formula
/// with a gradient on that one edge only, so the figures are the engine's, not a model's.
package struct PathSums {
    package struct Step {
        package let node: Node
        /// What arrived at this node along the path, and what it sent on to the next.
        package let incoming: NDArray
        package let outgoing: NDArray
    }

    package struct Path {
        package let steps: [Step]
        /// What this path alone sends to the leaf.
        package let gradient: NDArray
    }

    /// Paths followed at most; `truncated` says when there were more.
    package static let limit = 64

    package private(set) var paths: [Path] = []
    package private(set) var truncated = false
    package private(set) var sum: NDArray?

    /// Follows every path from `output` (a one-element tensor, seeded with 1 as backward()
    /// does) to `leaf`. Throws PyTorch's error when the graph's saved values were freed.
    package init(from output: Tensor, to leaf: Tensor) throws {
        guard let root = output.gradFn else {
            throw TensorError.runtime("the output has no grad_fn: it is a leaf, so no path leads back from it")
        }
        guard output.count == 1 else {
            throw TensorError.runtime("grad can be implicitly created only for scalar outputs")
        }
        // Every edge sequence from root to the leaf's AccumulateGrad (or, for a non-leaf
        // target, to its grad_fn output), found depth-first without recursion.
        let targetNode: Node? = leaf.isLeaf ? nil : leaf.gradFn
        func isTarget(_ node: Node, _ inputNr: Int) -> Bool {
            if let t = targetNode { return node === t && inputNr == leaf.outputNr }
            return (node as? AccumulateGrad)?.variable === leaf
        }
        let reaching = PathSums.nodesReaching(Graph(from: root), isTarget: isTarget)
        // Each step of a path remembers the step before it (an index into `steps`), so a
        // long chain costs O(length) per path, not O(length²).
        var steps: [(node: Node, slot: Int, parent: Int)] = []
        var edgeLists: [[(node: Node, slot: Int)]] = []
        var stack: [(node: Node, inputNr: Int, last: Int)] = [(root, output.outputNr, -1)]
        while let (node, inputNr, last) = stack.popLast() {
            if isTarget(node, inputNr) {
                if edgeLists.count == PathSums.limit { truncated = true; break }
                var trail: [(node: Node, slot: Int)] = []
                var k = last
                while k >= 0 { trail.append((steps[k].node, steps[k].slot)); k = steps[k].parent }
                edgeLists.append(trail.reversed())
                continue
            }
            for (slot, edge) in node.nextFunctions.enumerated().reversed() {
                guard let next = edge.node, reaching.contains(ObjectIdentifier(next)) || isTarget(next, edge.inputNr) else { continue }
                steps.append((node, slot, last))
                stack.append((next, edge.inputNr, steps.count - 1))
            }
        }
        for edges in edgeLists {
            var grad = try NDArray.ones(output.shape, dtype: output.dtype)
            var outputIndex = output.outputNr
            var steps: [Step] = []
            for (node, slot) in edges {
                var grads = [NDArray?](repeating: nil, count: max(node.outputCount, outputIndex + 1))
                grads[outputIndex] = grad
                let results = try GradMode.with(enabled: false) { try node.applyAlone(grads) }
                guard slot < results.count, let raw = results[slot] else {
                    grad = try NDArray.zeros(node.inputMetadata[slot]?.shape ?? [], dtype: output.dtype)
                    steps.append(Step(node: node, incoming: grads[outputIndex]!, outgoing: grad))
                    outputIndex = node.nextFunctions[slot].inputNr
                    continue
                }
                let sent = try Engine.validated(Tensor(raw), node: node, slot: slot).data
                steps.append(Step(node: node, incoming: grads[outputIndex]!, outgoing: sent))
                grad = sent
                outputIndex = node.nextFunctions[slot].inputNr
            }
            paths.append(Path(steps: steps, gradient: grad))
        }
        if var total = paths.first?.gradient {
            for path in paths.dropFirst() { total = try NDArray.binary(.add, .array(total), .array(path.gradient)) }
            sum = total
        }
    }

    /// The nodes from which some path leads to the target (so the search skips the rest):
    /// a topological order of the graph, walked from the leaves up.
    private static func nodesReaching(_ graph: Graph, isTarget: (Node, Int) -> Bool) -> Set<ObjectIdentifier> {
        let reaches = graph.reaching { j, link in isTarget(graph.nodes[j], link.inputNr) }
        var result = Set<ObjectIdentifier>()
        for k in graph.nodes.indices where reaches[k] || graph.nodes[k] is AccumulateGrad { result.insert(ObjectIdentifier(graph.nodes[k])) }
        return result
    }
}
