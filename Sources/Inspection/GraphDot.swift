import Foundation
import Autograd

/// The graph as Graphviz DOT in torchviz's colours (grey op nodes, light blue leaves with
/// their names, orange saved tensors, dark green output), edges from input to output as
/// torchviz draws them. `:graph --dot` labels nodes with variables and lines; `make_dot`
/// labels them as torchviz does.
package struct GraphDot {
    package let graph: Graph
    package let context: GraphContext

    package init(graph: Graph, context: GraphContext) {
        self.graph = graph
        self.context = context
    }

    /// torchviz.make_dot's text: parameters named by `params`, the output tensor as its own
    /// green node, each leaf as a light blue tensor node feeding its AccumulateGrad, saved
    /// tensors (show_saved) as orange nodes, and with show_attrs each node's `_saved_*`
    /// attributes in its label as torchviz lays them out.
    package func torchvizSource(output: Tensor, params: [(name: String, tensor: Tensor)], showSaved: Bool,
                                showAttrs: Bool = false, maxAttrChars: Int = 50) -> String {
        func size(_ shape: [Int]) -> String { "(" + shape.map(String.init).joined(separator: ", ") + ")" }
        var lines = ["digraph {", "\tgraph [size=\"12,12\"]",
                     "\tnode [align=left fontname=monospace fontsize=10 height=0.2 ranksep=0.1 shape=box style=filled]"]
        lines.append("\tout [label=\(quoted(size(output.shape))) fillcolor=darkolivegreen1]")
        lines.append("\tn0 -> out")
        var saved = 0
        for (k, node) in graph.nodes.enumerated() {
            if let acc = node as? AccumulateGrad {
                let name = params.first { $0.tensor === acc.variable }?.name ?? ""
                lines.append("\tv\(k) [label=\(quoted(name + "\n " + size(acc.variable.shape))) fillcolor=lightblue]")
                lines.append("\tv\(k) -> n\(k)")
                lines.append("\tn\(k) [label=AccumulateGrad]")
            } else {
                let label = showAttrs ? GraphDot.attributeLabel(node, maxAttrChars: maxAttrChars) : node.className
                lines.append("\tn\(k) [label=\(label == node.className ? label : quoted(label))]")
            }
            if showSaved {
                for (name, value) in node.savedValues {
                    guard let value else { continue }
                    lines.append("\ts\(saved) [label=\(quoted(name + "\n" + size(value.shape))) fillcolor=orange]")
                    lines.append("\ts\(saved) -> n\(k) [dir=none]")
                    saved += 1
                }
            }
            for link in graph.links[k] {
                if case .node(let j) = link.target { lines.append("\tn\(j) -> n\(k)") }
            }
        }
        lines.append("}")
        return lines.joined(separator: "\n") + "\n"
    }

    /// A node's name above its `_saved_*` attributes, as torchviz's get_fn_name writes it:
    /// attributes in dir() order, tensors as `[saved tensor]`, others as Python's str, values
    /// right-aligned and cut to `maxAttrChars` with "...".
    static func attributeLabel(_ node: Node, maxAttrChars: Int) -> String {
        var attrs: [(String, String)] = node.savedValues.map { (String($0.name.dropFirst("_saved_".count)), "[saved tensor]") }
        for (name, value) in node.savedAttributes {
            let text: String
            switch value {
            case .int(let i): text = String(i)
            case .ints(let list): text = list.count == 1 ? "(\(list[0]),)" : "(" + list.map(String.init).joined(separator: ", ") + ")"
            case .bool(let b): text = b ? "True" : "False"
            case .number(let n): text = ValueText.number(n)
            case .wrappedNumber: text = "[saved tensor]"
            case .string(let string): text = string
            case .none: text = "None"
            }
            attrs.append((String(name.dropFirst("_saved_".count)), text))
        }
        guard !attrs.isEmpty else { return node.className }
        attrs.sort { $0.0 < $1.0 }
        let limit = max(maxAttrChars, 3)
        let keyWidth = attrs.map(\.0.count).max()!
        let valueWidth = min(attrs.map(\.1.count).max()!, limit)
        let rule = String(repeating: "-", count: max(keyWidth + valueWidth + 2, node.className.count))
        let rows = attrs.map { key, value -> String in
            let cut = value.count > valueWidth ? String(value.prefix(valueWidth - 3)) + "..." : value
            return key.padding(toLength: keyWidth, withPad: " ", startingAt: 0) + ": "
                + String(repeating: " ", count: max(0, valueWidth - cut.count)) + cut
        }
        return ([node.className, rule] + rows).joined(separator: "\n")
    }

    package func source() -> String {
        var lines = ["digraph {", "\tgraph [size=\"12,12\"]",
                     "\tnode [align=left fontname=monospace fontsize=10 height=0.2 ranksep=0.1 shape=box style=filled]"]
        for (k, node) in graph.nodes.enumerated() {
            var label: String, color: String
            if let acc = node as? AccumulateGrad {
                label = (context.name(of: acc.variable).map { "\($0)\n" } ?? "") + ValueText.shape(acc.variable.shape)
                color = "lightblue"
            } else {
                label = node.className
                if let name = context.name(of: node) { label = "\(name) = " + label }
                if let out = node.outputs.first { label += "\n" + ValueText.shape(out.shape) }
                if let site = context.site(node.creationSite) { label += "\n" + site.label }
                color = k == 0 ? "darkolivegreen1" : "lightgrey"
            }
            lines.append("\tn\(k) [label=\(quoted(label)) fillcolor=\(color)]")
        }
        var extra = 0
        for (k, links) in graph.links.enumerated() {
            for link in links {
                switch link.target {
                case .node(let j): lines.append("\tn\(j) -> n\(k)")
                case .noGrad(let meta):
                    let name = context.name(ofInput: meta).map { "\($0): " } ?? ""
                    lines.append("\tx\(extra) [label=\(quoted("\(name)no grad\n\(ValueText.shape(meta.shape))")) fillcolor=white style=dashed]")
                    lines.append("\tx\(extra) -> n\(k) [style=dashed]")
                    extra += 1
                case .number: break
                }
            }
        }
        lines.append("}")
        return lines.joined(separator: "\n") + "\n"
    }

    func quoted(_ s: String) -> String {
        "\"" + s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            .replacingOccurrences(of: "\n", with: "\\n") + "\""
    }

    /// The path of Graphviz's `dot`, if it is installed.
    package static func dotProgram() -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for dir in path.split(separator: ":") {
            let candidate = "\(dir)/dot"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    /// Renders DOT text to a file with `dot -T FORMAT`; a clear error when Graphviz is missing.
    package static func render(_ source: String, format: String = "svg", to path: String, missing: String) throws {
        guard let dot = dotProgram() else { throw TensorError.runtime(missing) }
        // The DOT text goes to dot as a file, not a pipe: a dot that exits early (a bad
        // format) must not kill tsh with SIGPIPE.
        let temp = path + ".tsh-tmp", input = path + ".tsh-dot"
        guard FileManager.default.createFile(atPath: input, contents: source.data(using: .utf8)) else {
            throw TensorError.runtime("cannot write \(input)")
        }
        defer { unlink(input) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: dot)
        process.arguments = ["-T" + format, "-o", temp, input]
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0, rename(temp, path) == 0 else {
            unlink(temp)
            throw TensorError.runtime("dot could not render \(path) (exit status \(process.terminationStatus))")
        }
    }
}
