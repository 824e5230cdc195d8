import Foundation
import Autograd
import Inspection
import Interpreter
import PythonSyntax
import TorchBindings

/// The `:` commands that show gradients: `:graph`, `:chain`, `:backprop`, `:paths`, `:why`,
/// `:ledger` and `:grads`. They run at the prompt and in `.tsh` scripts alike; only
/// `:backprop` behaves differently, waiting for a key between steps when `ask` is set.
final class Views {
    static let commands: [(name: String, usage: String, summary: String)] = [
        (":graph", ":graph EXPR [--values] [--saved] [--depth N] [--levels N] [--width N] [--dot FILE] [--svg FILE]",
         "the backward graph: nodes, shapes, variables, lines, leaves; --depth N boxes nn modules below depth N"),
        (":chain", ":chain EXPR", "grad_fn and next_functions, as PyTorch exposes them"),
        (":backprop", ":backprop EXPR", "walk EXPR.backward() one node at a time (Enter/n next, c to the end, q abort)"),
        (":paths", ":paths OUT LEAF", "every path from OUT back to LEAF, what each sends, and their sum (= LEAF.grad)"),
        (":why", ":why EXPR.grad", "why a gradient is None or zero"),
        (":ledger", ":ledger NAME", "every backward that added to NAME.grad, and each reset"),
        (":grads", ":grads", "every leaf in scope: grad shape, norm, min, max, or why it is None"),
        (":gradcheck", ":gradcheck EXPR", "the gradient of EXPR (a one-element tensor) for each leaf: analytic beside numeric"),
        (":plot", ":plot EXPR", "a line chart of a list or 1-D tensor (a loss curve)"),
        (":hist", ":hist EXPR [--bins N]", "a histogram of a tensor's values (a gradient's spread)"),
        (":image", ":image EXPR", "a 2-D tensor (or a [C, H, W] image) drawn in shades, darkest to brightest"),
        (":memory", ":memory", "what is alive now: tensor storages and their bytes, graph nodes, function scopes"),
    ]

    static func handles(_ name: String) -> Bool { commands.contains { $0.name == name } }

    let interp: Interpreter
    let output: OutputWriter
    var style: ViewStyle
    /// Asks the learner between `:backprop` steps; nil in scripts and pipes (no waiting).
    var ask: ((String) -> String?)?

    init(interp: Interpreter, output: OutputWriter, style: ViewStyle, ask: ((String) -> String?)? = nil) {
        self.interp = interp
        self.output = output
        self.style = style
        self.ask = ask
    }

    func run(_ name: String, _ argument: String) throws {
        var arguments = try ViewArguments(argument, command: name)
        var style = self.style
        if let w = try arguments.int("--width") { style.width = Views.clampWidth(w) }
        switch name {
        case ":graph":
            style.values = arguments.flag("--values")
            style.saved = arguments.flag("--saved")
            style.depth = try arguments.int("--depth")
            style.levels = try arguments.int("--levels")
            let dot = try arguments.value("--dot"), svg = try arguments.value("--svg")
            let (tensor, text) = try oneTensor(&arguments, name)
            try graph(tensor, text, style: style, dot: dot, svg: svg)
        case ":chain":
            let (tensor, text) = try oneTensor(&arguments, name)
            write(ChainText(root: tensor, rootName: text, context: context(), style: style).lines())
        case ":backprop":
            let (tensor, text) = try oneTensor(&arguments, name)
            try backprop(tensor, text, style: style)
        case ":paths":
            try arguments.finish(expressions: 2, usage: ":paths OUT LEAF")
            let out = try evaluateTensor(arguments.expressions[0]), leaf = try evaluateTensor(arguments.expressions[1])
            write(try PathsText(output: out, outputName: arguments.expressions[0], leaf: leaf,
                                leafName: arguments.expressions[1], context: context(), style: style).lines())
        case ":why":
            try arguments.finish(expressions: 1, usage: ":why EXPR.grad")
            var text = arguments.expressions[0]
            if text.hasSuffix(".grad") { text.removeLast(5) }
            let tensor = try evaluateTensor(text)
            write(wrapLine(WhyGrad.explain(tensor, name: text, context: context()).joined(separator: " "), width: style.width))
        case ":ledger":
            let (tensor, text) = try oneTensor(&arguments, name)
            write(LedgerText(tensor: tensor, name: text, context: context(), style: style).lines())
        case ":grads":
            try arguments.finish(expressions: 0, usage: ":grads")
            write(GradsTable(leaves: leavesInScope(), context: context(), style: style).lines())
        case ":gradcheck":
            try arguments.finish(expressions: 1, usage: ":gradcheck EXPR")
            write(try gradcheck(arguments.expressions[0], style: style))
        case ":plot":
            try arguments.finish(expressions: 1, usage: ":plot EXPR")
            write(PlotText.plot(try numbers(arguments.expressions[0], oneDimensional: true), title: arguments.expressions[0], width: style.width))
        case ":hist":
            let bins = try arguments.int("--bins") ?? 10
            try arguments.finish(expressions: 1, usage: ":hist EXPR [--bins N]")
            guard (1...200).contains(bins) else { throw PyError("UsageError", ":hist --bins takes a whole number from 1 to 200") }
            write(PlotText.histogram(try numbers(arguments.expressions[0], oneDimensional: false), title: arguments.expressions[0],
                                     bins: bins, width: style.width))
        case ":image":
            try arguments.finish(expressions: 1, usage: ":image EXPR")
            let text = arguments.expressions[0]
            guard let t = ViewBridge.tensor(try evaluate(text)) else { throw PyError.type(":image takes a tensor; \(text) is not one") }
            // [C, H, W] images are shown as the mean of their channels; size-1 dimensions dropped.
            var shape = t.shape
            while shape.count > 2 && shape.first == 1 { shape.removeFirst() }
            let values = t.data.scalars.map(\.doubleValue)
            let pixels: [Double]
            switch shape.count {
            case 2: pixels = values
            case 3 where shape[0] <= 4:
                let plane = shape[1] * shape[2]
                pixels = (0..<plane).map { p in (0..<shape[0]).map { values[$0 * plane + p] }.reduce(0, +) / Double(shape[0]) }
                shape.removeFirst()
            default: throw PyError.value(":image takes a 2-D tensor or a [C, H, W] image; \(text) has shape \(ValueText.shape(t.shape))")
            }
            guard shape[0] <= 200 && shape[1] <= 200 else { throw PyError.value(":image draws up to 200x200 pixels; \(text) is \(shape[0])x\(shape[1])") }
            write(PlotText.image(pixels, height: shape[0], width: shape[1]))
        case ":memory":
            try arguments.finish(expressions: 0, usage: ":memory")
            // Cycles nothing can reach are not alive: free them first, as gc.collect() does.
            CycleRegistry.current.collect()
            write([LiveObjects.now().description])
        default:
            throw PyError("UsageError", "unknown command \(name); :help lists the commands")
        }
    }

    /// `:gradcheck EXPR`: backward's gradient of EXPR for every leaf it depends on, beside
    /// central differences of EXPR evaluated again with each element nudged.
    private func gradcheck(_ text: String, style: ViewStyle) throws -> [String] {
        let start = GradMode.nextSerial
        let output = try evaluateTensor(text)
        guard output.count == 1 else { throw PyError.runtime(":gradcheck needs a one-element tensor; \(text) has shape \(ValueText.shape(output.shape))") }
        guard let fn = output.gradFn else { throw PyError.runtime("\(text) has no grad_fn: nothing to check") }
        let nodes = Graph(from: fn).nodes
        let names = context()
        // Central differences re-evaluate EXPR: a result computed earlier would not change
        // with the nudged leaf, and the two columns would disagree for no real reason.
        if let stale = nodes.first(where: { !($0 is AccumulateGrad) && $0.serial < start }) {
            let what = names.name(of: stale).map { "\($0) (\(stale.className))" } ?? stale.className
            let site = names.site(stale.creationSite).map { ", made at \($0.label): \($0.code)" } ?? ""
            throw PyError("UsageError", ":gradcheck recomputes \(text) from its leaves, but it uses \(what), a result computed earlier\(site). Write the whole computation from the leaves in EXPR.")
        }
        let leaves = nodes.compactMap { ($0 as? AccumulateGrad)?.variable }
        let analytic = try Engine.grad(outputs: [output], inputs: leaves, retainGraph: true, allowUnused: true)
        let limit = 24
        var rows: [[String]] = [["leaf", "analytic", "numeric", "|difference|", ""]]
        var shown = 0, mismatches = 0
        for (leaf, grad) in zip(leaves, analytic) {
            let eps = leaf.dtype == .float64 ? 1e-6 : 1e-3
            let tolerance = leaf.dtype == .float64 ? 1e-5 : 1e-2
            let name = names.name(of: leaf) ?? "leaf"
            for index in 0..<leaf.count where shown < limit {
                let position = Gradcheck.unravel(index, leaf.shape)
                let original = leaf.data.scalar(at: position).doubleValue
                func value(at x: Double) throws -> Double {
                    leaf.data.setScalar(.double(x), at: position)
                    return try GradMode.with(enabled: false) { try evaluateTensor(text).data.scalars[0].doubleValue }
                }
                // The element is put back even when evaluating the expression fails.
                defer { leaf.data.setScalar(.double(original), at: position) }
                let plus = try value(at: original + eps), minus = try value(at: original - eps)
                let numeric = (plus - minus) / (2 * eps)
                let exact = grad.map { $0.data.scalar(at: position).doubleValue } ?? 0
                let difference = abs(exact - numeric)
                let ok = difference <= tolerance * max(1, abs(numeric))
                if !ok { mismatches += 1 }
                let label = leaf.rank == 0 ? name : name + "[" + position.map(String.init).joined(separator: ", ") + "]"
                rows.append([label, ValueText.number(.double(exact)), ValueText.number(.double(numeric)),
                             ValueText.number(.double(difference)), ok ? "ok" : "MISMATCH"])
                shown += 1
            }
        }
        let total = leaves.map(\.count).reduce(0, +)
        var out = tableLines(rows)
        if shown < total { out.append("(\(shown) of \(total) elements checked)") }
        out.append(mismatches == 0 ? "analytic and numeric gradients agree (central differences, eps \(leaves.first?.dtype == .float64 ? "1e-6" : "1e-3"))"
                                   : "\(mismatches) element\(mismatches == 1 ? "" : "s") disagree")
        return out
    }

    /// The numbers of a tensor (every element) or of a list or tuple of numbers and
    /// one-element tensors (a loss history).
    private func numbers(_ text: String, oneDimensional: Bool) throws -> [Double] {
        let value = try evaluate(text)
        if let t = ViewBridge.tensor(value) {
            if oneDimensional && t.rank > 1 { throw PyError.value(":plot takes a 1-D tensor or a list; \(text) has shape \(ValueText.shape(t.shape))") }
            return t.data.scalars.map(\.doubleValue)
        }
        switch value {
        case .list, .tuple:
            return try interp.materialize(value).map { item in
                switch item {
                case .int(let i): return Double(i)
                case .float(let d): return d
                case .bool(let b): return b ? 1 : 0
                default:
                    if let t = ViewBridge.tensor(item), t.count == 1 { return t.data.scalars[0].doubleValue }
                    throw PyError.type("\(text) holds \(interp.typeName(item)), not numbers")
                }
            }
        default:
            throw PyError.type("\(text) is not a tensor or a list of numbers (it is \(interp.typeName(value)))")
        }
    }

    // MARK: The commands

    private func graph(_ tensor: Tensor, _ text: String, style: ViewStyle, dot: String?, svg: String?) throws {
        let context = context()
        guard let fn = tensor.gradFn else {
            if tensor.requiresGrad {
                write(["\(text) is a leaf: it has no grad_fn, and backward() accumulates into \(text).grad (now \(tensor.grad.map { ValueText.of($0.data) } ?? "None"))."])
            } else {
                write(wrapLine("\(text) has no graph: " + WhyGrad.explain(tensor, name: text, context: context).joined(separator: " "), width: style.width))
            }
            return
        }
        let graph = Graph(from: fn)
        if dot != nil || svg != nil {
            let source = GraphDot(graph: graph, context: context).source()
            if let dot {
                try Session.writeAtomically(source, to: dot)
                output.write("wrote the graph of \(text) (\(graph.nodes.count) nodes) to \(dot) as Graphviz DOT\n")
            }
            if let svg {
                try GraphDot.render(source, to: svg, missing: "--svg needs Graphviz's dot program, which is not installed (apt-get install graphviz); --dot FILE writes the DOT text without it")
                output.write("wrote the graph of \(text) (\(graph.nodes.count) nodes) to \(svg)\n")
            }
            return
        }
        write(GraphText(graph: graph, context: context, style: style).lines())
    }

    private func backprop(_ tensor: Tensor, _ text: String, style: ViewStyle) throws {
        guard tensor.gradFn != nil else {
            throw PyError.runtime("element 0 of tensors does not require grad and does not have a grad_fn")
        }
        guard tensor.count == 1 else { throw PyError.runtime("grad can be implicitly created only for scalar outputs") }
        var stepping = ask != nil
        let ask = self.ask
        let walk = BackpropWalk(root: tensor, context: context()) { [output] lines in
            output.write(lines.flatMap { wrapLine($0, width: style.width) }.joined(separator: "\n") + "\n")
            output.flush()
            guard stepping, let ask else { return }
            switch ask("  [Enter/n next · c run to the end · q abort] ")?.trimmingCharacters(in: .whitespaces).lowercased() {
            case "c": stepping = false
            case "q", nil: throw BackpropAborted()
            default: break
            }
        }
        output.write("backward of \(text), one node at a time (the engine's order):\n")
        do {
            try walk.run(tensor)
        } catch is BackpropAborted {
            walk.restore()
            output.write("aborted: no gradient was changed (the graph is kept; :backprop \(text) starts again)\n")
            return
        } catch {
            walk.restore()
            throw error
        }
        output.write("done: every .grad is now what \(text).backward() leaves\n")
    }

    // MARK: Values from the language

    private func oneTensor(_ arguments: inout ViewArguments, _ name: String) throws -> (Tensor, String) {
        let usage = Views.commands.first { $0.name == name }?.usage ?? name
        try arguments.finish(expressions: 1, usage: usage)
        return (try evaluateTensor(arguments.expressions[0]), arguments.expressions[0])
    }

    /// Evaluates an expression of a view's line; its syntax errors name the expression
    /// (their positions are in it, not in the script around it).
    func evaluate(_ text: String) throws -> Value {
        let expression: Expr
        do {
            expression = try Parser.parseExpression(Source(name: "<view>", text: text))
        } catch let e as SyntaxError {
            throw PyError("SyntaxError", "\(e.message) in the expression \(text)")
        }
        return try interp.evaluate(expression)
    }

    func evaluateTensor(_ text: String) throws -> Tensor {
        let value = try evaluate(text)
        guard let tensor = ViewBridge.tensor(value) else {
            throw PyError.type("\(text) is not a tensor (it is \(interp.typeName(value)))")
        }
        return tensor
    }

    /// The tensors bound to names in scope, modules' parameters by their dotted names.
    func namedTensors() -> [(name: String, tensor: Tensor)] {
        var out: [(name: String, tensor: Tensor)] = []
        for (name, value) in interp.globals.names.sorted(by: { $0.key < $1.key }) where !name.hasPrefix("_") && name != "Out" {
            out.append(contentsOf: ViewBridge.namedTensors(value, name: name))
        }
        return out
    }

    func context() -> GraphContext {
        let scopes = ViewBridge.scopes(interp)
        return GraphContext(named: namedTensors(), sites: { [interp] site in
            guard let (source, offset) = interp.location(ofSite: site) else { return nil }
            let line = source.location(of: offset).line
            let code = source.line(line).trimmingCharacters(in: .whitespaces)
            var label = "line \(line)"
            if source.name.hasPrefix("<In [") {
                label = String(source.name.dropFirst().dropLast())
                if source.lineStarts.count > 1 { label += " line \(line)" }
            }
            return SiteDescription(label: label, code: code)
        }, scopes: { id in scopes(id).map { ModuleScope(name: $0.name, typeName: $0.typeName, parent: $0.parent) } })
    }

    /// Leaves that require grad, by name, each once.
    private func leavesInScope() -> [(name: String, tensor: Tensor)] {
        var seen = Set<ObjectIdentifier>()
        return namedTensors().filter { $0.tensor.isLeaf && $0.tensor.requiresGrad && seen.insert(ObjectIdentifier($0.tensor)).inserted }
    }

    /// The terminal's width for fitting views: COLUMNS, else the terminal's, else 80.
    static func terminalWidth() -> Int {
        if let text = ProcessInfo.processInfo.environment["COLUMNS"], let n = Int(text), n >= 20 { return clampWidth(n) }
        var size = winsize()
        if ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col >= 20 { return clampWidth(Int(size.ws_col)) }
        return 80
    }

    /// Views are drawn between 20 and 1,000 columns, whatever width is asked for.
    static func clampWidth(_ w: Int) -> Int { min(1000, max(20, w)) }

    private func write(_ lines: [String]) {
        guard !lines.isEmpty else { return }
        output.write(lines.joined(separator: "\n") + "\n")
    }
}

/// `q` at a `:backprop` step.
struct BackpropAborted: Error {}

/// A view command's words: expressions, then `--flag` and `--option VALUE` words.
struct ViewArguments {
    private(set) var expressions: [String] = []
    private var options: [(name: String, value: String?)] = []
    private let command: String
    private static let valued: Set<String> = ["--depth", "--levels", "--width", "--dot", "--svg", "--bins"]
    private static let flags: Set<String> = ["--values", "--saved"]

    init(_ text: String, command: String) throws {
        self.command = command
        let words = ViewArguments.split(text)
        var i = 0
        while i < words.count {
            let word = words[i]
            if word.hasPrefix("--") {
                if ViewArguments.valued.contains(word) {
                    guard i + 1 < words.count else { throw PyError("UsageError", "\(command) \(word) needs a value") }
                    options.append((word, words[i + 1]))
                    i += 2
                    continue
                }
                guard ViewArguments.flags.contains(word) else { throw PyError("UsageError", "\(command) does not know the option \(word)") }
                options.append((word, nil))
            } else {
                expressions.append(word)
            }
            i += 1
        }
    }

    /// Splits at spaces outside brackets and quotes, so `(inp+1).pow(2).t()` or
    /// `loss_fn(model(x), y)` stays one word.
    static func split(_ text: String) -> [String] {
        var words: [String] = [], current = "", depth = 0
        var quote: Character? = nil
        for ch in text {
            if let q = quote {
                current.append(ch)
                if ch == q { quote = nil }
                continue
            }
            switch ch {
            case "'", "\"": quote = ch; current.append(ch)
            case "(", "[", "{": depth += 1; current.append(ch)
            case ")", "]", "}": depth -= 1; current.append(ch)
            case " " where depth <= 0, "\t" where depth <= 0:
                if !current.isEmpty { words.append(current); current = "" }
            default: current.append(ch)
            }
        }
        if !current.isEmpty { words.append(current) }
        return words
    }

    mutating func flag(_ name: String) -> Bool {
        guard let k = options.firstIndex(where: { $0.name == name }) else { return false }
        options.remove(at: k)
        return true
    }

    mutating func value(_ name: String) throws -> String? {
        guard let k = options.firstIndex(where: { $0.name == name }) else { return nil }
        return options.remove(at: k).value
    }

    mutating func int(_ name: String) throws -> Int? {
        guard let text = try value(name) else { return nil }
        guard let n = Int(text), n >= 0 else { throw PyError("UsageError", "\(command) \(name) takes a whole number, not \(text)") }
        return n
    }

    /// Checks the number of expressions and that every option given was used. A command
    /// that takes one expression takes all its words as one (`:hist x ** 3`).
    mutating func finish(expressions count: Int, usage: String) throws {
        if count == 1 && expressions.count > 1 { expressions = [expressions.joined(separator: " ")] }
        guard expressions.count == count else { throw PyError("UsageError", "usage: \(usage)") }
        if let extra = options.first { throw PyError("UsageError", "\(command) does not take \(extra.name)") }
    }
}
