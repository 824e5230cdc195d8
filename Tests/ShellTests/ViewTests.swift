import Foundation
import LineEditing
import Shell
import TestSupport
import Testing

/// The gradient views: golden transcripts of every command on the issue's examples at 80
/// and 120 columns (run as `.tsh` scripts by the real binary), `:backprop` stepping, and
/// the `:` lines of scripts. `TSH_RECORD_GOLDEN=1` rewrites the golden files (and fails).
struct ViewTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Views")
    static let scenarios = ["tutorial", "jacobian", "shared", "detached", "network"]
    static let widths = [80, 120]

    static func runScript(_ path: String, columns: Int) throws -> (out: String, status: Int32) {
        try runTsh([path], environment: ["COLUMNS": String(columns), "NO_COLOR": "1"])
    }

    @Test(arguments: scenarios, widths)
    func viewsPrintTheirGoldenTranscript(_ name: String, _ columns: Int) throws {
        let script = ViewTests.folder.appendingPathComponent("\(name).tsh").path
        let golden = ViewTests.folder.appendingPathComponent("\(name).\(columns).out")
        let run = try ViewTests.runScript(script, columns: columns)
        #expect(run.status == 0, "\(run.out)")
        if ProcessInfo.processInfo.environment["TSH_RECORD_GOLDEN"] != nil {
            try run.out.write(to: golden, atomically: true, encoding: .utf8)
            Issue.record("recorded \(golden.lastPathComponent); run again without TSH_RECORD_GOLDEN")
            return
        }
        let expected = try String(contentsOf: golden, encoding: .utf8)
        #expect(run.out == expected)
        for line in run.out.split(separator: "\n") where !line.hasPrefix("\t") && !line.hasPrefix("tensor(") {
            #expect(line.count <= columns, "wider than \(columns): \(line)")
        }
    }

    @Test func shellLinesRunInTshScriptsAndStaySyntaxErrorsInPython() throws {
        let dir = NSTemporaryDirectory() + "tsh-views-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let body = "import torch\na = torch.tensor(2.0, requires_grad=True)\nc = a * a\n:chain c\n"
        try body.write(toFile: dir + "/x.tsh", atomically: true, encoding: .utf8)
        try body.write(toFile: dir + "/x.py", atomically: true, encoding: .utf8)
        let tsh = try ViewTests.runScript(dir + "/x.tsh", columns: 80)
        #expect(tsh.status == 0)
        #expect(tsh.out.hasPrefix("c.grad_fn = <MulBackward0>  (c)\n"))
        let py = try ViewTests.runScript(dir + "/x.py", columns: 80)
        #expect(py.status == 1)
        #expect(py.out.contains("SyntaxError"))
        try "import torch\n:vars\n".write(toFile: dir + "/y.tsh", atomically: true, encoding: .utf8)
        let prompt = try ViewTests.runScript(dir + "/y.tsh", columns: 80)
        #expect(prompt.status == 1)
        #expect(prompt.out.contains("SyntaxError: :vars works only at the tsh prompt"))
    }

    @Test func backpropStepsWithEnterAndRunsToTheEndWithC() {
        let s = CapturedSession()
        let reader = ScriptedLineReader([.line(""), .line("n"), .line("c")])
        s.session.reader = reader
        s.run("import torch", "torch.manual_seed(0)", "x = torch.ones(5)", "w = torch.randn(5, 3, requires_grad=True)",
              "b = torch.randn(3, requires_grad=True)", "loss = torch.nn.functional.binary_cross_entropy_with_logits(torch.matmul(x, w)+b, torch.zeros(3))")
        let out = s.run(":backprop loss")
        #expect(reader.prompts.count == 3)
        #expect(out.contains("[6/6] AccumulateGrad  w"))
        #expect(out.contains("done: every .grad is now what loss.backward() leaves"))
        #expect(s.run("print(b.grad)") == "tensor([0.2661, 0.1179, 0.0027])\n")
    }

    @Test func backpropAbortedWithQChangesNoGradient() {
        let s = CapturedSession()
        let reader = ScriptedLineReader([.line(""), .line("q")])
        s.session.reader = reader
        s.run("import torch", "a = torch.tensor(3.0, requires_grad=True)", "b = a * a", "c = b + a")
        let out = s.run(":backprop c")
        #expect(out.contains("aborted: no gradient was changed"))
        #expect(!out.contains("[3/3]"))
        #expect(s.run("print(a.grad)") == "None\n")
        s.run("c.backward()")
        #expect(s.run("print(a.grad)") == "tensor(7.)\n")
        #expect(s.newErrors() == "")
    }

    @Test func viewErrorsAreClearAndKeepTheSession() {
        let s = CapturedSession()
        s.run("import torch", "a = torch.tensor(3.0, requires_grad=True)")
        s.run(":graph nope")
        #expect(s.newErrors().contains("NameError: name 'nope' is not defined"))
        s.run(":graph 3")
        #expect(s.newErrors().contains("TypeError: 3 is not a tensor (it is int)"))
        s.run(":graph a --colour")
        #expect(s.newErrors().contains("UsageError: :graph does not know the option --colour"))
        s.run(":paths a")
        #expect(s.newErrors().contains("UsageError: usage: :paths OUT LEAF"))
        s.run(":graph a --svg /nonexistent-dir/x.svg --depth x")
        #expect(s.newErrors().contains("UsageError: :graph --depth takes a whole number, not x"))
        s.run(":hist a --bins 100000")
        #expect(s.newErrors().contains("UsageError: :hist --bins takes a whole number from 1 to 200"))
        s.run(":plot [1, 'x']")
        #expect(s.newErrors().contains("TypeError: [1, 'x'] holds str, not numbers"))
        s.run(":graph (((")
        #expect(s.newErrors().contains("SyntaxError: invalid syntax in the expression ((("))
        s.run(":backprop torch.ones(2) * a")
        #expect(s.newErrors().contains("RuntimeError: grad can be implicitly created only for scalar outputs"))
        #expect(s.run("print(a)") == "tensor(3., requires_grad=True)\n")
    }

    @Test func eachModuleCallIsItsOwnBox() {
        let s = CapturedSession()
        s.run("import torch", "from torch import nn", "m = nn.Linear(2, 1)", "out = (m(torch.ones(1, 2)) + m(torch.zeros(1, 2))).sum()")
        let text = s.run(":graph out --depth 0")
        #expect(text.components(separatedBy: "[m (Linear)] 2 nodes").count == 3, "\(text)")
        #expect(text.contains("m.weight in [m (Linear)] (drawn above)"), "\(text)")
    }

    @Test func edgeCasesOfTheViewsAnswerWithoutCrashing() {
        let s = CapturedSession()
        s.run("import torch", "a = torch.tensor([1.0, 2.0], requires_grad=True)", "b = (a * 2).sum()", "e = torch.zeros(0)")
        #expect(s.run(":graph b --width 5").hasPrefix("b = SumBackward0"))
        #expect(s.run(":plot e") == "e: nothing to plot (no finite values)\n")
        #expect(s.run(":hist torch.tensor([float('inf'), 1.0])").hasPrefix("torch.tensor([float('inf'), 1.0])  (1 value, 1 bin, 1 not finite)"))
        #expect(s.run(":gradcheck (a * a).sum()").contains("analytic and numeric gradients agree"))
        // A stored result is not recomputed by central differences: said, not a false MISMATCH.
        s.run(":gradcheck b")
        #expect(s.newErrors().contains("UsageError: :gradcheck recomputes b from its leaves, but it uses b (SumBackward0), a result computed earlier, made at In [3]: b = (a * 2).sum()."), "\(s.newErrors())")
        #expect(s.run(":graph (a * float('nan')).sum() --values --saved").contains("nan"))
        #expect(s.run(":paths b b").contains("1 path from b back to b"))
        s.run("h = (a * 3).sum()")
        s.run("def double(g):", "    return g * 2", "")
        s.run("handle = a.register_hook(double)")
        #expect(s.run(":paths h a").contains("hooks are registered on this graph"))
        #expect(s.newErrors() == "")
    }

    @Test func graphWritesGraphvizDotAndSaysWhenDotIsMissing() throws {
        let dir = NSTemporaryDirectory() + "tsh-dot-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let s = CapturedSession()
        s.run("import torch", "x = torch.ones(5)", "w = torch.randn(5, 3, requires_grad=True)", "z = torch.matmul(x, w).sum()")
        #expect(s.run(":graph z --dot \(dir)/z.dot") == "wrote the graph of z (4 nodes) to \(dir)/z.dot as Graphviz DOT\n")
        let dot = try String(contentsOfFile: dir + "/z.dot", encoding: .utf8)
        #expect(dot.hasPrefix("digraph {\n"))
        #expect(dot.contains("[label=\"w\\n[5, 3]\" fillcolor=lightblue]"))
        #expect(dot.contains("[label=\"z = SumBackward0\\n[]\\nIn [4]\" fillcolor=darkolivegreen1]"))
        #expect(dot.contains("style=dashed"))
        s.run(":graph z --svg \(dir)/z.svg")
        if ProcessInfo.processInfo.environment["PATH"].map({ $0.split(separator: ":").contains { FileManager.default.isExecutableFile(atPath: "\($0)/dot") } }) == true {
            #expect(FileManager.default.fileExists(atPath: dir + "/z.svg"))
        } else {
            #expect(s.newErrors().contains("RuntimeError: --svg needs Graphviz's dot program, which is not installed"))
            #expect(!FileManager.default.fileExists(atPath: dir + "/z.svg"))
        }
    }
}
