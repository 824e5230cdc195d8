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
                added = entry.contribution.flatMap { ValueText.isInline($0) ? ValueText.of($0) : nil } ?? "norm " + ValueText.number(.double(entry.contributionNorm))
                after = entry.total.flatMap { ValueText.isInline($0) ? ValueText.of($0) : nil } ?? "norm " + ValueText.number(.double(entry.totalNorm))
            case .resetToNone: event = "reset to None"; added = ""; after = "None"
            case .zeroed: event = "zeroed in place"; added = ""; after = "zeros"
            case .changedElsewhere:
                event = "changed outside backward"; added = ""
                after = entry.total.flatMap { ValueText.isInline($0) ? ValueText.of($0) : nil } ?? "norm " + ValueText.number(.double(entry.totalNorm))
            }
            rows.append(["\(i + 1 + ledger.dropped)", entry.kind == .changedElsewhere ? "" : at, event, added, after])
        }
        let widths = (0..<5).map { c in rows.map { $0[c].count }.max()! }
        return rows.map { row in
            let text = zip(row, widths).map { $0.padding(toLength: $1, withPad: " ", startingAt: 0) }.joined(separator: "  ")
            return fitLine(String(text.reversed().drop { $0 == " " }.reversed()), width: style.width, colors: false)
        }
    }
}
