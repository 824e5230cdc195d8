import Autograd
import Inspection

/// How a view is drawn: the width to fit, colour, and the `:graph` options.
struct ViewStyle {
    var width = 80
    var colors = false
    var values = false
    var saved = false
    /// nn module calls nested deeper than this are drawn as one box each.
    var depth: Int? = nil
    /// Levels below the root drawn at most; deeper subtrees are counted, not drawn.
    var levels: Int? = nil

    func paint(_ text: String, _ code: String) -> String { colors ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text }
}

/// `:graph`: the backward graph as a tree of box-drawing lines, from the output down to
/// the leaves. A node used twice is drawn once and referenced (`#3`); a node with one
/// input has it drawn straight below, so long chains do not drift right.
struct GraphText {
    let graph: Graph
    let context: GraphContext
    let style: ViewStyle

    func lines() -> [String] {
        guard !graph.isEmpty else { return [] }
        var out: [String] = []
        var drawn = [Bool](repeating: false, count: graph.nodes.count)
        // Nodes not drawn because --levels cut them, and the box a --depth member is in.
        var hidden = [Bool](repeating: false, count: graph.nodes.count)
        var boxOf: [Int: Int] = [:]
        var shownSites = Set<Int>()
        // (what, the prefix of its line, its connector, the prefix its inputs continue, level)
        enum Item { case node(Int), link(Graph.Link) }
        var stack: [(Item, String, String, String, Int)] = [(.node(0), "", "", "", 0)]
        while let (item, prefix, connector, childPrefix, level) = stack.popLast() {
            switch item {
            case .link(let link):
                out.append(fit(prefix + connector, noGradLabel(link)))
            case .node(let k):
                if drawn[k] {
                    let node = graph.nodes[k]
                    var what = (node as? AccumulateGrad).map { context.name(of: $0.variable) ?? "leaf" } ?? node.className
                    if let box = boxOf[k], let scope = context.scope(box) { what += " in [\(scope.name) (\(scope.typeName))]" }
                    out.append(fit(prefix + connector, style.paint("#\(k) \(what)", "36") + style.paint(" (drawn above)", "2")))
                    continue
                }
                if hidden[k] {
                    out.append(fit(prefix + connector, style.paint("#\(k) \(graph.nodes[k].className) (below --levels)", "2")))
                    continue
                }
                drawn[k] = true
                var links = graph.links[k].filter { if case .number = $0.target { return false }; return true }
                if let depth = style.depth, let box = context.enclosingScope(graph.nodes[k].moduleScope, atDepth: depth) {
                    let (text, exits) = boxed(k, box, &drawn, &boxOf)
                    out.append(fit(prefix + connector, text))
                    links = exits
                } else {
                    out.append(fit(prefix + connector, label(k, &shownSites)))
                }
                if style.saved {
                    for (name, value) in graph.nodes[k].savedValues {
                        let text = value.map { ValueText.of($0) } ?? "freed by backward()"
                        out.append(fit(childPrefix + (links.count > 1 ? "│  " : "   "), style.paint("· \(name) = \(text)", "33")))
                    }
                }
                if let levels = style.levels, level >= levels, !links.isEmpty {
                    let below = countBelow(k, drawn: drawn)
                    out.append(fit(childPrefix + "└─ ", style.paint("… \(below) more node\(below == 1 ? "" : "s") below (--levels \(levels))", "2")))
                    markBelow(k, drawn, &hidden)
                    continue
                }
                if links.count == 1 {
                    stack.append((itemFor(links[0]), childPrefix, "", childPrefix, level + 1))
                    continue
                }
                for (i, link) in links.enumerated().reversed() {
                    let last = i == links.count - 1
                    stack.append((itemFor(link), childPrefix, last ? "└─ " : "├─ ", capped(childPrefix + (last ? "   " : "│  "), level + 1), level + 1))
                }
            }
        }
        return out

        func itemFor(_ link: Graph.Link) -> Item {
            if case .node(let j) = link.target { return .node(j) }
            return .link(link)
        }
    }

    /// The nodes of one module call reached from node `k`, drawn as one box: its line, and
    /// the links that leave the box (to nodes outside it, or inputs that need no grad).
    /// A prefix kept under half the width, so a deeply branching graph costs O(width) per
    /// line: the cut-off part is replaced by the nesting level.
    private func capped(_ prefix: String, _ level: Int) -> String {
        let limit = max(12, style.width / 2)
        guard prefix.count > limit else { return prefix }
        return "(\(level))" + String(prefix.suffix(limit / 2))
    }

    private func boxed(_ k: Int, _ box: Int, _ drawn: inout [Bool], _ boxOf: inout [Int: Int]) -> (String, [Graph.Link]) {
        func inBox(_ j: Int) -> Bool { context.enclosingScope(graph.nodes[j].moduleScope, atDepth: style.depth!) == box }
        var members = [k], stack = [k], exits: [Graph.Link] = []
        var exitTargets = Set<Int>()
        while let j = stack.popLast() {
            for link in graph.links[j] {
                switch link.target {
                case .node(let i) where inBox(i):
                    if !drawn[i] { drawn[i] = true; boxOf[i] = box; members.append(i); stack.append(i) }
                case .node(let i):
                    if exitTargets.insert(i).inserted { exits.append(link) }
                case .noGrad: exits.append(link)
                case .number: break
                }
            }
        }
        boxOf[k] = box
        let parameters = members.filter { graph.nodes[$0] is AccumulateGrad }.count
        let scope = context.scope(box)
        var text = style.paint("[" + (scope.map { "\($0.name) (\($0.typeName))" } ?? "module") + "]", "1;35")
        let ops = members.count - parameters
        text += " \(ops) node\(ops == 1 ? "" : "s")"
        if parameters > 0 { text += ", \(parameters) parameter\(parameters == 1 ? "" : "s")" }
        if let out = graph.nodes[k].outputs.first { text += " → " + ValueText.shape(out.shape) + " " + dtypeName(out.dtype) }
        return (text, exits)
    }

    private func label(_ k: Int, _ shownSites: inout Set<Int>) -> String {
        let node = graph.nodes[k]
        let ref = graph.referenceCounts[k] > 1 ? style.paint("#\(k) ", "36") : ""
        if let acc = node as? AccumulateGrad {
            let leaf = acc.variable
            let name = context.name(of: leaf) ?? "leaf"
            var text = ref + style.paint(name, "1;32") + ": leaf " + ValueText.shape(leaf.shape) + " " + dtypeName(leaf.dtype)
                + " requires_grad"
            let grad = leaf.grad.map { g in
                ValueText.isInline(g.data) ? ValueText.of(g.data) : "norm " + ValueText.number(.double(ValueText.stats(g.data).norm))
            } ?? "None"
            text += style.values ? " " + valueBox(leaf.data, grad: grad) : "  grad " + grad
            return text
        }
        var text = ref
        if let name = context.name(of: node) { text += style.paint(name, "1") + " = " }
        text += style.paint(node.className, "36")
        if let out = node.outputs.first { text += " → " + ValueText.shape(out.shape) + " " + dtypeName(out.dtype) }
        if style.values, let t = context.tensor(of: node) {
            text += " " + valueBox(t.data, grad: t.grad.map { ValueText.of($0.data) })
        }
        if let site = context.site(node.creationSite) {
            let first = shownSites.insert(node.creationSite).inserted
            text += "  " + style.paint(first ? "\(site.label): \(site.code)" : site.label, "2")
        }
        return text
    }

    /// micrograd's data|grad box, inline: `[ data 3.0 | grad 7.0 ]` (a non-leaf shows its
    /// grad only when retain_grad() kept one).
    private func valueBox(_ data: NDArray, grad: String?) -> String {
        style.paint("[ data " + ValueText.of(data) + (grad.map { " | grad " + $0 } ?? "") + " ]", "2")
    }

    private func noGradLabel(_ link: Graph.Link) -> String {
        guard case .noGrad(let meta) = link.target else { return "" }
        let name = context.name(ofInput: meta)
        return style.paint("(" + (name.map { "\($0): " } ?? "") + "no grad) " + ValueText.shape(meta.shape) + " " + dtypeName(meta.dtype), "2")
    }

    /// Cuts a line to the width (colour codes do not count), marking the cut with `…`.
    private func fit(_ lead: String, _ body: String) -> String { fitLine(lead + body, width: style.width, colors: style.colors) }

    private func countBelow(_ k: Int, drawn: [Bool]) -> Int {
        var seen = drawn, count = 0, stack = [k]
        while let j = stack.popLast() {
            for link in graph.links[j] {
                guard case .node(let i) = link.target, !seen[i] else { continue }
                seen[i] = true
                count += 1
                stack.append(i)
            }
        }
        return count
    }

    private func markBelow(_ k: Int, _ drawn: [Bool], _ hidden: inout [Bool]) {
        var stack = [k]
        while let j = stack.popLast() {
            for link in graph.links[j] {
                guard case .node(let i) = link.target, !drawn[i], !hidden[i] else { continue }
                hidden[i] = true
                stack.append(i)
            }
        }
    }
}

/// `float32`, as `:vars` writes dtypes.
func dtypeName(_ dtype: DType) -> String { dtype.name }

/// A line cut to `width` visible columns (ANSI colour codes take none), the cut marked `…`.
func fitLine(_ line: String, width: Int, colors: Bool) -> String {
    var visible = 0, inEscape = false
    for ch in line {
        if ch == "\u{1B}" { inEscape = true }
        if inEscape { if ch == "m" { inEscape = false }; continue }
        visible += 1
    }
    guard visible > width, width > 1 else { return line }
    var out = "", shown = 0
    inEscape = false
    for ch in line {
        if ch == "\u{1B}" { inEscape = true }
        if inEscape {
            out.append(ch)
            if ch == "m" { inEscape = false }
            continue
        }
        if shown == width - 1 { break }
        out.append(ch)
        shown += 1
    }
    return out + "…" + (colors ? "\u{1B}[0m" : "")
}

/// Prose wrapped at spaces to `width` columns; continuation lines indented as the first.
func wrapLine(_ line: String, width: Int) -> [String] {
    guard line.count > width else { return [line] }
    let indent = String(line.prefix { $0 == " " })
    var lines: [String] = [], current = ""
    for word in line.split(separator: " ", omittingEmptySubsequences: true) {
        let lead = current.isEmpty ? (lines.isEmpty ? indent : indent + "  ") : current + " "
        if !current.isEmpty && (lead + word).count > width {
            lines.append(current)
            current = indent + "  " + word
        } else {
            current = lead + word
        }
    }
    if !current.isEmpty { lines.append(current) }
    return lines
}

/// Rows laid out in columns two spaces apart, each line's trailing spaces trimmed (the
/// tables of `:vars`, `:grads`, `:ledger` and `:gradcheck`).
func tableLines(_ rows: [[String]]) -> [String] {
    guard let columns = rows.map(\.count).max() else { return [] }
    let widths = (0..<columns).map { c in rows.map { c < $0.count ? $0[c].count : 0 }.max()! }
    return rows.map { row in
        var line = zip(row, widths).map { $0.padding(toLength: $1, withPad: " ", startingAt: 0) }.joined(separator: "  ")
        while line.hasSuffix(" ") { line.removeLast() }
        return line
    }
}
