import Autograd
import Inspection

/// `:chain`: the grad_fn chain as PyTorch exposes it, `grad_fn` and then `next_functions`
/// with input indices, as an indented list (iterative; a shared node is listed once).
struct ChainText {
    let root: Tensor
    let rootName: String
    let context: GraphContext
    let style: ViewStyle

    func lines() -> [String] {
        guard let fn = root.gradFn else {
            return ["\(rootName).grad_fn = None  (\(root.requiresGrad ? "a leaf: its gradient goes to AccumulateGrad" : "requires_grad=False"))"]
        }
        var out = ["\(rootName).grad_fn = " + describe(fn)]
        var seen = Set<ObjectIdentifier>([ObjectIdentifier(fn)])
        // Depth first over edges: each next_functions line is followed by its input's lines.
        var stack: [(node: Node, slot: Int, level: Int)] = fn.nextFunctions.indices.reversed().map { (fn, $0, 1) }
        while let (node, slot, level) = stack.popLast() {
            let indent = String(repeating: "  ", count: min(level, 30)) + (level > 30 ? "(\(level)) " : "")
            let edge = node.nextFunctions[slot]
            guard let next = edge.node else {
                let why: String
                if slot < node.inputMetadata.count, let meta = node.inputMetadata[slot] {
                    why = "input needs no gradient" + (context.name(ofInput: meta).map { " (\($0))" } ?? "")
                } else {
                    why = "a number"
                }
                out.append(indent + "next_functions[\(slot)] = (None, 0)  " + style.paint(why, "2"))
                continue
            }
            let first = seen.insert(ObjectIdentifier(next)).inserted
            out.append(indent + "next_functions[\(slot)] = (\(describe(next)), \(edge.inputNr))" + (first ? "" : style.paint("  (listed above)", "2")))
            if first { stack.append(contentsOf: next.nextFunctions.indices.reversed().map { (next, $0, level + 1) }) }
        }
        return out.map { fitLine($0, width: style.width, colors: style.colors) }
    }

    private func describe(_ node: Node) -> String {
        var text = style.paint("<\(node.name)>", "36")
        if let acc = node as? AccumulateGrad {
            text += "  variable: " + (context.name(of: acc.variable) ?? "leaf") + " " + ValueText.shape(acc.variable.shape)
        } else if let name = context.name(of: node) {
            text += "  (\(name))"
        }
        return text
    }
}
