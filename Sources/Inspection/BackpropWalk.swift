import Autograd

/// The backward pass told one node at a time, in the engine's real order: the node and
/// its source line, the gradient that arrived, its rule with the numbers plugged in, what
/// went along each edge (broadcast sums spelled out) and what each leaf accumulated.
///
/// It runs the real engine (as an observer), so the gradients it leaves are exactly
/// `backward()`'s. The graph is kept during the walk and freed at its end as backward()
/// frees it; `present` may throw to stop, and `restore()` then puts every leaf's `.grad`
/// back as it was.
package final class BackpropWalk: BackwardObserver {
    private let context: GraphContext
    private let present: ([String]) throws -> Void
    private let total: Int
    private var step = 0
    /// Each leaf's gradient before the walk (a copy), so that an aborted walk changes nothing.
    private var before: [(leaf: Tensor, grad: Tensor?, data: NDArray?, ledgerMark: Int)] = []
    /// The last backward before the walk, which an aborted walk must not replace.
    private let lastBackward = GradMode.lastBackward

    package init(root: Tensor, context: GraphContext, present: @escaping ([String]) throws -> Void) {
        self.context = context
        self.present = present
        let graph = Graph(from: root.gradFn)
        total = graph.nodes.count
        for case let acc as AccumulateGrad in graph.nodes {
            let leaf = acc.variable
            before.append((leaf, leaf.grad, leaf.grad?.data.contiguousCopy(), leaf.gradLedger?.mark ?? 0))
        }
    }

    /// Runs `root.backward()` step by step.
    package func run(_ root: Tensor, gradient: Tensor? = nil) throws {
        try Engine.backward([root], gradients: [gradient], retainGraph: true, observer: self)
        Engine.releaseGraph(of: root)
    }

    /// Puts every leaf's gradient back as it was before the walk.
    package func restore() {
        for (leaf, grad, data, ledgerMark) in before {
            if let grad, let data { try? grad.data.copyFrom(data) }
            leaf.grad = grad
            leaf.gradLedger?.rollBack(to: ledgerMark)
            if let grad { leaf.gradLedger?.restamp(grad.data) }
        }
        GradMode.noteBackward(site: lastBackward.site, root: lastBackward.root)
    }

    package func observe(_ s: BackwardStep) throws {
        step += 1
        try present(lines(for: s))
    }

    func lines(for s: BackwardStep) -> [String] {
        let node = s.node
        var head = "[\(step)/\(total)] \(node.className)"
        if let acc = node as? AccumulateGrad {
            let leaf = context.name(of: acc.variable) ?? "leaf"
            head += "  \(leaf)"
            var out = [head]
            let incoming = s.gradOutputs.first ?? nil
            let prior = before.first { $0.leaf === acc.variable }
            let was = prior?.data.map { ValueText.of($0) } ?? "None"
            let now = acc.variable.grad.map { ValueText.of($0.data) } ?? "None"
            let added = incoming.map { ValueText.of($0) } ?? "nothing"
            out.append("      \(leaf).grad = \(was) + \(added) = \(now)")
            return out
        }
        if let name = context.name(of: node) { head += " → \(name)" }
        if let site = context.site(node.creationSite) { head += "   \(site.label): \(site.code)" }
        var out = [head]
        let grads = s.gradOutputs
        if grads.count == 1 {
            out.append("      grad in: " + (grads[0].map { ValueText.of($0) + (ValueText.isInline($0) ? "  " + ValueText.shape($0.shape) : "") } ?? "None"))
        } else {
            for (i, g) in grads.enumerated() {
                out.append("      grad in [\(i)]: " + (g.map { ValueText.of($0) } ?? "None"))
            }
        }
        let clauses = node.rule.isEmpty ? [] : node.rule.components(separatedBy: "; ")
        let perSlot = clauses.count == node.nextFunctions.count
        // A rule with one clause per input is shown clause by clause below, numbers plugged in.
        if !node.rule.isEmpty && !perSlot { out.append("      rule: " + node.rule) }
        let symbols = symbolTable(node, grads)
        for (slot, edge) in node.nextFunctions.enumerated() {
            let destination: String
            if let next = edge.node {
                if let acc = next as? AccumulateGrad {
                    destination = (context.name(of: acc.variable) ?? "leaf") + "'s AccumulateGrad"
                } else {
                    destination = next.className + (context.name(of: next).map { " (\($0))" } ?? "")
                }
            } else if slot < node.inputMetadata.count, let meta = node.inputMetadata[slot] {
                let name = context.name(ofInput: meta)
                out.append("      input \(slot)\(name.map { " (\($0))" } ?? ""): needs no gradient, nothing sent")
                continue
            } else {
                continue  // a Python number in this slot
            }
            let computed = slot < s.computed.count ? s.computed[slot] : nil
            let sent = slot < s.sent.count ? s.sent[slot] : nil
            guard let computed, let sent else {
                out.append("      input \(slot): no gradient computed")
                continue
            }
            let result = ValueText.of(computed)
            if perSlot {
                // The clause, then the numbers plugged into it, then the result and where it goes.
                let clause = clauses[slot]
                out.append("      " + clause)
                let pad = String(repeating: " ", count: 6 + (clause.range(of: " = ").map { clause.distance(from: clause.startIndex, to: $0.lowerBound) } ?? 0))
                if let plugged = plug(clause, symbols), plugged != result { out.append(pad + " = " + plugged) }
                out.append(pad + " = " + result + "  → " + destination)
            } else {
                out.append("      grad for input \(slot) = " + result + "  → " + destination)
            }
            if computed.shape != sent.shape {
                out.append("        summed over the broadcast dimensions: \(ValueText.shape(computed.shape)) → \(ValueText.shape(sent.shape)) = \(ValueText.of(sent))")
            }
        }
        return out
    }

    /// The values the rule's names stand for: `grad`, and each saved value without its
    /// `_saved_` prefix (`self`, `other`, `result`, ...).
    private func symbolTable(_ node: Node, _ grads: [NDArray?]) -> [String: NDArray] {
        var table: [String: NDArray] = [:]
        if let g = grads.first ?? nil { table["grad"] = g }
        for (name, value) in node.savedValues {
            guard let value else { continue }
            let short = name.hasPrefix("_saved_") ? String(name.dropFirst(7)) : name
            table[short] = value
        }
        // Saved Python numbers (`x * 3` saves other = 3) are plugged in too.
        for (name, attribute) in node.savedAttributes {
            let short = name.hasPrefix("_saved_") ? String(name.dropFirst(7)) : name
            switch attribute {
            case .number(let s), .wrappedNumber(let s): table[short] = try? NDArray.from(.scalar(s))
            case .int(let i): table[short] = try? NDArray.from(.scalar(.int(Int64(i))))
            default: break
            }
        }
        return table
    }

    /// The right-hand side of `grad_x = EXPR` with every known name replaced by its value,
    /// or nil when a value is too large to write inline or nothing was replaced.
    private func plug(_ clause: String, _ symbols: [String: NDArray]) -> String? {
        guard let eq = clause.range(of: " = ") else { return nil }
        let expression = clause[eq.upperBound...]
        var out = "", word = "", replaced = false
        func flush() -> Bool {
            defer { word = "" }
            guard !word.isEmpty else { return true }
            if let value = symbols[word] {
                guard ValueText.isInline(value) else { return false }
                out += ValueText.of(value)
                replaced = true
            } else {
                out += word
            }
            return true
        }
        for ch in expression {
            if ch.isLetter || ch == "_" || (ch.isNumber && !word.isEmpty) {
                word.append(ch)
            } else {
                guard flush() else { return nil }
                out.append(ch)
            }
        }
        guard flush(), replaced else { return nil }
        return out
    }
}
