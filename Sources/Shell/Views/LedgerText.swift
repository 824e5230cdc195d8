import Autograd
import Inspection

/// `:ledger NAME`: every backward that added to NAME.grad, its line, what it added and the
/// running sum, and each reset — accumulation as a table.
struct LedgerText {
    let tensor: Tensor
    let name: String
    let context: GraphContext
    let style: ViewStyle

    func lines() -> [String] {
        guard let ledger = tensor.gradLedger, !ledger.entries.isEmpty else {
            return ["nothing has been added to \(name).grad yet" + (tensor.isLeaf ? "" : " (\(name) is not a leaf: only leaves and retain_grad() tensors keep a .grad)")]
        }
        var rows: [[String]] = [["#", "at", "event", "added", "\(name).grad after"]]
        if ledger.dropped > 0 { rows.append(["", "", "(\(ledger.dropped) older entries not kept)", "", ""]) }
        for (i, entry) in ledger.entries.enumerated() {
            let at = context.site(entry.site)?.label ?? ""
            let event: String, added: String, after: String
            switch entry.kind {
            case .added:
                event = "backward"
                added = LedgerText.describe(entry.contribution, entry.contributionNorm)
                after = LedgerText.describe(entry.total, entry.totalNorm)
            case .resetToNone: event = "reset to None"; added = ""; after = "None"
            case .zeroed: event = "zeroed in place"; added = ""; after = "zeros"
            case .changedElsewhere:
                event = "changed outside backward"; added = ""
                after = LedgerText.describe(entry.total, entry.totalNorm)
            }
            rows.append(["\(i + 1 + ledger.dropped)", entry.kind == .changedElsewhere ? "" : at, event, added, after])
        }
        var lines = tableLines(rows)
        if let grad = tensor.grad, grad.count > GradLedger.wholeLimit {
            lines.append("(\(name).grad has \(grad.count) elements: the ledger keeps norms of gradients up to \(GradLedger.normLimit) elements; its norm now is \(ValueText.number(.double(grad.data.norm2()))))")
        }
        return lines.map { fitLine($0, width: style.width, colors: false) }
    }

    /// A kept value, else its norm, else a dash (a large gradient keeps neither).
    static func describe(_ value: NDArray?, _ norm: Double) -> String {
        if let value, ValueText.isInline(value) { return ValueText.of(value) }
        return norm.isNaN ? "—" : "norm " + ValueText.number(.double(norm))
    }
}
