import Autograd

/// Why a tensor's `.grad` is None or zero, in the learner's terms: each case of PyTorch's
/// rules named with the line that caused it.
package enum WhyGrad {
    package enum Cause: Equatable {
        /// `.grad` holds a gradient with some non-zero entry.
        case hasGradient
        /// A leaf whose gradient is all zeros (after a backward, or zeroed in place).
        case zero(zeroedAt: Int?)
        /// All zeros, changed after the last backward by something else (`grad.zero_()`).
        case zeroedElsewhere
        /// All zeros, and every path to it from `output` goes through the ReLU made at `site`
        /// (which passes no gradient where its input was ≤ 0); `allNegative` when its saved
        /// output shows every input was.
        case zeroThroughReLU(output: String, site: Int, allNegative: Bool?)
        /// Not a leaf, and retain_grad() was not called.
        case notLeaf
        /// requires_grad is False: made so, or cut from the graph.
        case doesNotRequireGrad
        case cut(GraphCut.Reason, site: Int)
        /// Set to None by zero_grad() (or `x.grad = None`) after its last gradient.
        case reset(site: Int)
        /// A backward ran, but on a tensor from which no path leads here.
        case notAncestor(site: Int)
        /// A value computed from this tensor left the graph as a Python number
        /// (`.item()`, `.tolist()`, `float(t)`) at `site`, so no gradient comes back that way.
        case leftAsNumber(site: Int)
        /// No backward has run since the tensor was made.
        case noBackwardYet
    }

    /// The cause; `context` tells whether the last backward on this thread belongs to the
    /// learner's session (its site is one the context knows).
    package static func cause(of tensor: Tensor, context: GraphContext) -> Cause {
        let entries = tensor.gradLedger?.entries ?? []
        if let grad = tensor.grad {
            let zero = grad.data.scalars.allSatisfy { $0.doubleValue == 0 }
            if !zero { return .hasGradient }
            if let ledger = tensor.gradLedger, ledger.changedSinceLastEntry(grad.data) { return .zeroedElsewhere }
            if let last = entries.last, last.kind == .zeroed { return .zero(zeroedAt: last.site) }
            if let relu = reluOnEveryPath(to: tensor, context: context) { return relu }
            return .zero(zeroedAt: nil)
        }
        if !tensor.requiresGrad {
            if let cut = tensor.cut { return .cut(cut.reason, site: cut.site) }
            return .doesNotRequireGrad
        }
        if !tensor.isLeaf && !tensor.retainsGrad { return .notLeaf }
        if let last = entries.last, last.kind == .resetToNone { return .reset(site: last.site) }
        let (site, root) = GradMode.lastBackward
        // The root may be gone; a leaf it reached would have received a gradient.
        let ranElsewhere = context.site(site) != nil && !(root.map { reaches($0, tensor) } ?? false)
        if ranElsewhere || context.site(site) == nil {
            if let exit = GradMode.numberExits.first(where: { context.site($0.site) != nil && reaches($0.node, tensor) }) {
                return .leftAsNumber(site: exit.site)
            }
        }
        return ranElsewhere ? .notAncestor(site: site) : .noBackwardYet
    }

    /// A ReLU that every path from some output in scope to `leaf` passes through: the
    /// usual reason a gradient is exactly zero.
    static func reluOnEveryPath(to leaf: Tensor, context: GraphContext) -> Cause? {
        // The tensor the last backward ran on is asked first.
        let last = GradMode.lastBackward.root
        let outputs = context.outputs.sorted { a, _ in a.tensor === last }
        for (name, output) in outputs {
            guard let root = output.gradFn else { continue }
            let graph = Graph(from: root)
            guard let target = graph.nodes.firstIndex(where: { ($0 as? AccumulateGrad)?.variable === leaf }) else { continue }
            func isReLU(_ k: Int) -> Bool { graph.nodes[k].className == "ReluBackward0" }
            // Nodes with a path to the leaf that passes no ReLU; the output must have none.
            let open = graph.reaching({ j, _ in j == target }, blocks: isReLU)
            guard !open[0] else { continue }
            // A ReLU on the way: one whose input side still reaches the leaf.
            guard let relu = graph.nodes.indices.first(where: { k in
                isReLU(k) && graph.links[k].contains { if case .node(let j) = $0.target { return open[j] || j == target }; return false }
            }) else { continue }
            let node = graph.nodes[relu]
            let saved = node.savedValues.first?.value
            let allNegative = saved.map { $0.scalars.allSatisfy { $0.doubleValue == 0 } }
            return .zeroThroughReLU(output: name, site: node.creationSite, allNegative: allNegative)
        }
        return nil
    }

    /// Whether `leaf`'s AccumulateGrad is in the graph of `root`.
    static func reaches(_ root: Tensor, _ target: Tensor) -> Bool {
        guard let fn = root.gradFn else { return root === target }
        return reaches(fn, target)
    }

    /// Whether `target`'s node (its grad_fn, or a leaf's AccumulateGrad) is in the graph of `fn`.
    static func reaches(_ fn: Node, _ target: Tensor) -> Bool {
        if let own = target.gradFn { return Graph(from: fn).nodes.contains { $0 === own } }
        return Graph(from: fn).nodes.contains { ($0 as? AccumulateGrad)?.variable === target }
    }

    /// The explanation, naming the tensor `name` and the lines through `context`.
    package static func explain(_ tensor: Tensor, name: String, context: GraphContext) -> [String] {
        func at(_ site: Int) -> String {
            guard let s = context.site(site) else { return "" }
            return " at \(s.label) (\(s.code))"
        }
        switch cause(of: tensor, context: context) {
        case .hasGradient:
            let stats = ValueText.stats(tensor.grad!.data)
            return ["\(name).grad is not None: shape \(ValueText.shape(tensor.grad!.shape)), norm \(ValueText.number(.double(stats.norm)))."]
        case .zero(let zeroedAt):
            if let zeroedAt {
                return ["\(name).grad is all zeros because it was zeroed in place\(at(zeroedAt)) (zero_grad(set_to_none=False)) and no backward has added to it since."]
            }
            return ["\(name).grad is all zeros: backward reached \(name), but every path to it carried zero —",
                    "a ReLU whose inputs were all negative, a mask, a clamp at its bounds, or a multiplication by zero.",
                    ":paths OUT \(name) shows what each path sent."]
        case .zeroThroughReLU(let output, let site, let allNegative):
            let evidence: String
            switch allNegative {
            case true?: evidence = "and its saved output is all zeros: every input to it was negative (or zero)"
            case false?: evidence = "and it passed no gradient along the paths that matter"
            case nil: evidence = "(its saved values were freed by backward(), so the inputs cannot be shown; print them before backward, or use retain_graph=True)"
            }
            return ["\(name).grad is all zeros: every path from \(output) back to \(name) goes through the ReLU\(at(site)),",
                    "which passes no gradient where its input was ≤ 0, \(evidence)."]
        case .zeroedElsewhere:
            return ["\(name).grad is all zeros because it was changed in place after the last backward (grad.zero_() or similar), not by backward itself."]
        case .notLeaf:
            let fn = tensor.gradFn.map { " (grad_fn=<\($0.className)>\(at($0.creationSite)))" } ?? ""
            return ["\(name) is not a leaf\(fn): it was computed from other tensors,",
                    "and PyTorch keeps .grad only for leaves. Call \(name).retain_grad() before backward() to keep it."]
        case .doesNotRequireGrad:
            return ["\(name) has requires_grad=False, so autograd does not track it and nothing flows to it.",
                    "Create it with requires_grad=True, or call \(name).requires_grad_()."]
        case .cut(let reason, let site):
            let how: String
            switch reason {
            case .detach: how = "cut from the graph by detach()"
            case .data: how = "cut from the graph by .data"
            case .noGrad: how = "computed with gradient tracking off (torch.no_grad())"
            }
            return ["\(name) has requires_grad=False: it was \(how)\(at(site)),",
                    "so no gradient can reach it or anything computed from it."]
        case .reset(let site):
            return ["\(name).grad is None: it was set to None\(at(site)) (as zero_grad() does)",
                    "and no backward has reached \(name) since."]
        case .notAncestor(let site):
            return ["\(name).grad is None: the last backward\(at(site)) ran on a tensor that does not depend on \(name),",
                    "so no path of its graph leads to \(name)."]
        case .leftAsNumber(let site):
            return ["\(name).grad is None: a value computed from \(name) was turned into a Python number\(at(site))",
                    "(.item(), .tolist() or float()). A number carries no graph, so no gradient comes back",
                    "to \(name) through it: keep the tensor (drop the .item()) in the computation you call backward() on."]
        case .noBackwardYet:
            return ["\(name).grad is None because no backward() has reached \(name) yet: call backward() on something computed from it."]
        }
    }
}
