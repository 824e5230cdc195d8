import Autograd
import Inspection

/// `:grads`: every leaf in scope that requires grad, with its gradient's shape, norm, min
/// and max, or None and the reason.
struct GradsTable {
    let leaves: [(name: String, tensor: Tensor)]
    let context: GraphContext
    let style: ViewStyle

    func lines() -> [String] {
        guard !leaves.isEmpty else { return ["no leaf in scope requires grad (make one with requires_grad=True)"] }
        var rows: [[String]] = [["name", "shape", "grad", "norm", "min", "max"]]
        for (name, t) in leaves {
            if let g = t.grad {
                let s = ValueText.stats(g.data)
                rows.append([name, ValueText.shape(t.shape), ValueText.shape(g.shape), ValueText.number(.double(s.norm)),
                             ValueText.number(.double(s.min)), ValueText.number(.double(s.max))])
            } else {
                rows.append([name, ValueText.shape(t.shape), "None: " + reason(t), "", "", ""])
            }
        }
        return tableLines(rows).map { fitLine($0, width: style.width, colors: false) }
    }

    private func reason(_ t: Tensor) -> String {
        switch WhyGrad.cause(of: t, context: context) {
        case .reset(let site): return "reset by zero_grad()" + (context.site(site).map { " at \($0.label)" } ?? "")
        case .notAncestor: return "not used by the last backward"
        case .leftAsNumber(let site): return "left the graph as a number" + (context.site(site).map { " at \($0.label)" } ?? "")
        case .noBackwardYet: return "no backward yet"
        default: return ":why shows why"
        }
    }
}
