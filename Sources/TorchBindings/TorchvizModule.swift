import Foundation
import Autograd
import Inspection
import Interpreter

/// `from torchviz import make_dot`, as torchviz has it: make_dot returns a graph whose
/// `.source` is the DOT text (torchviz's colours), `.save()` writes it and `.render()`
/// renders it with Graphviz's `dot` when that is installed.
enum TorchvizModule {
    static func make() -> ModuleObject {
        let module = ModuleObject(name: "torchviz")
        module.attributes["make_dot"] = TorchRuntime.builtin("make_dot", "var, params=None, show_attrs=False, show_saved=False, max_attr_chars=50", summary: "The backward graph as Graphviz DOT in torchviz's style: .source, .save(), .render().", example: "make_dot(loss, params=dict(model.named_parameters())).source") { b, i in
            guard let output = Convert.tensor(b.required("var")) else {
                throw PyError("NotImplementedError", "make_dot(var) takes one tensor in tsh; several outputs are not supported yet")
            }
            var params: [(name: String, tensor: Tensor)] = []
            if let given = b["params"], case .dict(let dict) = given {
                for (key, value) in zip(dict.keys, dict.values) {
                    guard let t = Convert.tensor(value) else { continue }
                    params.append((try i.str(key), t))
                }
            }
            let graph = Graph(from: output.gradFn)
            let source = GraphDot(graph: graph, context: GraphContext()).torchvizSource(
                output: output, params: params, showSaved: try Convert.bool(b["show_saved"], i) ?? false,
                showAttrs: try Convert.bool(b["show_attrs"], i) ?? false, maxAttrChars: try Convert.int(b["max_attr_chars"], i) ?? 50)
            return .object(DigraphObject(source))
        }
        return module
    }
}

/// graphviz.Digraph as make_dot returns it.
final class DigraphObject: PyObject {
    let source: String
    init(_ source: String) { self.source = source }

    var typeName: String { "Digraph" }
    func repr(_ interp: Interpreter) throws -> String { "<graphviz.graphs.Digraph object at \(PseudoAddress.of(self))>" }

    func getAttribute(_ name: String, _ interp: Interpreter) throws -> Value? {
        switch name {
        case "source": return .string(source)
        case "save":
            return TorchRuntime.builtin("save", "filename=None, directory=None", summary: "Writes tensors, state_dicts and containers of them to a file PyTorch loads (zip + pickle).", example: "torch.save(model.state_dict(), 'model_weights.pth')") { b, i in
                .string(try self.save(try self.path(b, i)))
            }
        case "render":
            return TorchRuntime.builtin("render", "filename=None, directory=None, view=False, cleanup=False, format=None", summary: "Writes the DOT file and renders it with Graphviz's dot (format pdf unless given).", example: "make_dot(loss).render('graph', format='png')") { b, i in
                if try Convert.bool(b["view"], i) == true {
                    throw PyError("NotImplementedError", "render(view=True) is not supported by tsh: open the rendered file yourself")
                }
                let path = try self.save(try self.path(b, i))
                let format = try b["format"].flatMap { v -> String? in if case .none = v { return nil }; return try i.str(v) } ?? "pdf"
                let rendered = path + "." + format
                try GraphDot.render(self.source, format: format, to: rendered,
                                    missing: "rendering needs Graphviz's dot program, which is not installed (apt-get install graphviz); .source and .save() work without it")
                if try Convert.bool(b["cleanup"], i) == true { unlink(path) }
                return .string(rendered)
            }
        default: return nil
        }
    }

    private func path(_ b: BoundArguments, _ interp: Interpreter) throws -> String {
        func text(_ key: String) throws -> String? {
            guard let v = b[key] else { return nil }
            if case .none = v { return nil }
            return try interp.str(v)
        }
        let file = try text("filename") ?? "Digraph.gv"
        return try text("directory").map { $0 + "/" + file } ?? file
    }

    private func save(_ path: String) throws -> String {
        guard FileManager.default.createFile(atPath: path, contents: source.data(using: .utf8)) else {
            throw PyError("OSError", "cannot write \(path)")
        }
        return path
    }
}
