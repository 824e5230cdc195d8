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
    /// green node, saved tensors (show_saved) as orange nodes.
    package func torchvizSource(output: Tensor, params: [(name: String, tensor: Tensor)], showSaved: Bool) -> String {
        func size(_ shape: [Int]) -> String { "(" + shape.map(String.init).joined(separator: ", ") + ")" }
        var lines = ["digraph {", "\tgraph [size=\"12,12\"]",
                     "\tnode [align=left fontname=monospace fontsize=10 height=0.2 ranksep=0.1 shape=box style=filled]"]
        lines.append("\tout [label=\(quoted(size(output.shape))) fillcolor=darkolivegreen1]")
        lines.append("\tn0 -> out")
        var saved = 0
        for (k, node) in graph.nodes.enumerated() {
            if let acc = node as? AccumulateGrad {
                let name = params.first { $0.tensor === acc.variable }?.name ?? ""
                lines.append("\tn\(k) [label=\(quoted(name + "\n " + size(acc.variable.shape))) fillcolor=lightblue]")
            } else {
                lines.append("\tn\(k) [label=\(node.className)]")
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
