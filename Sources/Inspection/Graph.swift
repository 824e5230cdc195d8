import Autograd

/// The backward graph of a tensor as data: every node reachable from its grad_fn once, in
/// the order a depth-first walk over `next_functions` meets them, with the edges of each.
/// Built iteratively, so a chain of 100,000 nodes needs no stack.
package struct Graph {
    /// Where an input slot of a node leads.
    package enum Target {
        /// Another node of the graph, by its index in `nodes`.
        case node(Int)
        /// A tensor that needs no gradient (`None` in next_functions), and which object it was.
        case noGrad(InputMetadata)
        /// A Python number in that slot.
        case number
    }

    package struct Link {
        package let slot: Int
        package let target: Target
        /// Which output of the target the input was (`next_functions[slot][1]`).
        package let inputNr: Int
    }

    package private(set) var nodes: [Node] = []
    /// The links of each node, by slot.
    package private(set) var links: [[Link]] = []
    /// How many links lead into each node (a node used twice has 2).
    package private(set) var referenceCounts: [Int] = []

    /// The graph of `node`, or an empty graph for nil.
    package init(from node: Node?) {
        guard let node else { return }
        var index: [ObjectIdentifier: Int] = [:]
        func add(_ n: Node) -> Int {
            if let known = index[ObjectIdentifier(n)] { return known }
            let k = nodes.count
            index[ObjectIdentifier(n)] = k
            nodes.append(n)
            links.append([])
            referenceCounts.append(0)
            return k
        }
        // Preorder: a node's inputs are visited in slot order before its later siblings.
        var stack = [add(node)]
        var expanded = Set<Int>()
        while let k = stack.popLast() {
            guard expanded.insert(k).inserted else { continue }
            let n = nodes[k]
            var children: [Int] = []
            for (slot, edge) in n.nextFunctions.enumerated() {
                let target: Target
                if let next = edge.node {
                    let isNew = index[ObjectIdentifier(next)] == nil
                    let j = add(next)
                    referenceCounts[j] += 1
                    if isNew { children.append(j) }
                    target = .node(j)
                } else if slot < n.inputMetadata.count, let meta = n.inputMetadata[slot] {
                    target = .noGrad(meta)
                } else {
                    target = .number
                }
                links[k].append(Link(slot: slot, target: target, inputNr: edge.inputNr))
            }
            stack.append(contentsOf: children.reversed())
        }
    }

    package var isEmpty: Bool { nodes.isEmpty }

    /// Node indices with every node before the nodes it leads to (the output first).
    package func topologicalOrder() -> [Int] {
        var indegree = referenceCounts
        var order: [Int] = []
        var ready = indegree.indices.filter { indegree[$0] == 0 }
        while let k = ready.popLast() {
            order.append(k)
            for link in links[k] {
                guard case .node(let j) = link.target else { continue }
                indegree[j] -= 1
                if indegree[j] == 0 { ready.append(j) }
            }
        }
        return order
    }

    /// For each node, whether some path from it reaches a node that `isTarget` accepts
    /// (through the link that leads there), never passing through a node `blocks` accepts.
    package func reaching(_ isTarget: (Int, Link) -> Bool, blocks: (Int) -> Bool = { _ in false }) -> [Bool] {
        var reaches = [Bool](repeating: false, count: nodes.count)
        for k in topologicalOrder().reversed() where !blocks(k) {
            reaches[k] = links[k].contains { link in
                guard case .node(let j) = link.target else { return false }
                return reaches[j] || isTarget(j, link)
            }
        }
        return reaches
    }
}
