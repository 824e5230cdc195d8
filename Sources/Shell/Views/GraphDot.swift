import Foundation
import Autograd
import Inspection
import Interpreter

/// `:graph --dot` / `--svg`: the graph as Graphviz DOT in torchviz's colours (grey op
/// nodes, light blue leaves with their names, dark green output), edges from input to
/// output as torchviz draws them.
struct GraphDot {
    let graph: Graph
    let context: GraphContext
    let rootName: String

    func source() -> String {
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
                case .noGrad(let shape, _, let tensor):
                    let name = tensor.flatMap { context.name(of: $0) }.map { "\($0): " } ?? ""
                    lines.append("\tx\(extra) [label=\(quoted("\(name)no grad\n\(ValueText.shape(shape))")) fillcolor=white style=dashed]")
                    lines.append("\tx\(extra) -> n\(k) [style=dashed]")
                    extra += 1
                case .number: break
                }
            }
        }
        lines.append("}")
        return lines.joined(separator: "\n") + "\n"
    }

    private func quoted(_ s: String) -> String {
        "\"" + s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            .replacingOccurrences(of: "\n", with: "\\n") + "\""
    }

    /// The path of Graphviz's `dot`, if it is installed.
    static func dotProgram() -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for dir in path.split(separator: ":") {
            let candidate = "\(dir)/dot"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    /// Renders DOT text to an SVG file with `dot`; a clear error when Graphviz is missing.
    static func renderSVG(_ source: String, to path: String) throws {
        guard let dot = dotProgram() else {
            throw PyError("RuntimeError", "--svg needs Graphviz's dot program, which is not installed (apt-get install graphviz); --dot FILE writes the DOT text without it")
        }
        let temp = path + ".tsh-tmp"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: dot)
        process.arguments = ["-Tsvg", "-o", temp]
        let input = Pipe()
        process.standardInput = input
        try process.run()
        input.fileHandleForWriting.write(source.data(using: .utf8)!)
        try input.fileHandleForWriting.close()
        process.waitUntilExit()
        guard process.terminationStatus == 0, rename(temp, path) == 0 else {
            unlink(temp)
            throw PyError("RuntimeError", "dot could not render \(path) (exit status \(process.terminationStatus))")
        }
    }
}
