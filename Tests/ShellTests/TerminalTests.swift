import Foundation
import TestSupport
import Testing

/// The real binary at a pseudo-terminal: what a person typing sees.
@Suite(.serialized)
struct TerminalTests {
    let state: String = {
        let dir = NSTemporaryDirectory() + "tsh-shell-\(UUID().uuidString)"
        try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }()

    func shell() throws -> Terminal {
        let t = try Terminal(environment: ["XDG_STATE_HOME": state])
        #expect(t.waitForPrompt("In [1]: "))
        return t
    }

    @Test func multiLineBlockIsOneHistoryEntryAcrossSessions() throws {
        do {
            let first = try shell()
            first.type("for i in range(2):")
            #expect(first.waitForPrompt("...: "))
            first.type("print(i * 10)")
            first.type("")
            #expect(first.waitFor("10\n"))
            // Ctrl-D typed ahead while code runs reaches the terminal in cooked mode, where the
            // kernel turns it into an end-of-file nobody reads; wait for the prompt.
            #expect(first.waitForPrompt("In [2]: "))
            first.send("\u{4}")
            #expect(first.waitForExit() == 0)
        }
        let second = try shell()
        let mark = second.screen.count
        second.send("\u{1B}[A")
        // Recalled whole, its later line under the continuation prompt it was typed at.
        #expect(second.waitFor("for i in range(2):\n   ...:     print(i * 10)", after: mark), "\(second.screen)")
        second.send("\r")
        #expect(second.waitFor("0\n10\n", after: mark))
        let history = try String(contentsOfFile: state + "/tsh/history", encoding: .utf8)
        #expect(history.hasPrefix("# tsh history v1\n"))
        #expect(history.contains("for i in range(2):\\n    print(i * 10)\n"))
    }

    @Test func backpropStepsWithEnterRunsOnWithCAndAbortsWithQ() throws {
        let t = try shell()
        t.type("a = torch.tensor(3.0, requires_grad=True); b = a * a; c = b + a")
        #expect(t.waitForPrompt("In [2]: "))
        var mark = t.screen.count
        t.type(":backprop c")
        #expect(t.waitFor("[1/3] AddBackward0 → c", after: mark))
        #expect(t.waitFor("[Enter/n next · c run to the end · q abort]", after: mark))
        t.send("\r")
        #expect(t.waitFor("[2/3] MulBackward0 → b", after: mark))
        t.send("q\r")
        #expect(t.waitFor("aborted: no gradient was changed", after: mark))
        #expect(t.waitForPrompt("In [3]: ", after: mark))
        mark = t.screen.count
        t.type("print(a.grad)")
        #expect(t.waitFor("None\n", after: mark))
        #expect(t.waitForPrompt("In [4]: ", after: mark))
        mark = t.screen.count
        t.type(":backprop c")
        #expect(t.waitFor("[1/3]", after: mark))
        t.send("c\r")
        #expect(t.waitFor("[3/3] AccumulateGrad  a", after: mark))
        #expect(t.waitFor("done: every .grad is now what c.backward() leaves", after: mark))
        #expect(t.waitForPrompt("In [5]: ", after: mark))
        mark = t.screen.count
        t.type("a.grad")
        #expect(t.waitFor("Out[5]: tensor(7.)", after: mark))
    }

    @Test func tabCompletesAnAttributeOfALiveValue() throws {
        let t = try shell()
        t.type("w = randn(5, 3, requires_grad=True)")
        #expect(t.waitForPrompt("In [2]: "))
        t.send("w.gr\t")
        #expect(t.waitFor("w.grad"))
        t.send("\t")
        #expect(t.waitFor("w.grad_fn"))
        t.send("\r")
        #expect(t.waitForPrompt("In [3]: "))
    }

    @Test func bracketedPasteRunsAWholeLoopWithPromptsStripped() throws {
        let t = try shell()
        let block = """
            >>> total = 0
            >>> for k in range(4):
            ...     total += k
            ...     if k == 3:
            ...         print("last", k)
            >>> print("total", total)
            """
        t.send("\u{1B}[200~" + block + "\u{1B}[201~")
        // Shown at the prompt with continuation prompts, prompts of the transcript gone,
        // and not run until Enter.
        #expect(t.waitFor("In [1]: total = 0\n   ...: for k in range(4):\n   ...:     total += k\n"), "\(t.screen)")
        #expect(t.waitFor("   ...: print(\"total\", total)\n"), "\(t.screen)")
        Thread.sleep(forTimeInterval: 0.3)
        #expect(!t.screen.contains("last 3"))
        t.type("")
        #expect(t.waitFor("last 3\ntotal 6"))
        #expect(t.waitForPrompt("In [2]: "))
        // One line pasted joins the line being edited, and Enter runs it.
        t.send("y = ")
        t.send("\u{1B}[200~41 + 1\u{1B}[201~")
        t.type("")
        t.type("y")
        #expect(t.waitFor("Out[3]: 42"), "\(t.screen)")
    }

    @Test func ctrlCStopsRunningCodeAndKeepsVariables() throws {
        let t = try shell()
        t.type("n = 41")
        #expect(t.waitForPrompt("In [2]: "))
        t.type("while True: pass")
        t.type("")
        Thread.sleep(forTimeInterval: 0.5)
        t.send("\u{3}")
        #expect(t.waitFor("KeyboardInterrupt"))
        #expect(t.waitForPrompt("In [3]: "))
        t.type("print(n + 1)")
        #expect(t.waitFor("42"))
    }

    @Test func ctrlCStopsALongMatrixProductAndKeepsTheVariables() throws {
        // One statement, one product of about 3.5 TFLOP (minutes on these machines): the
        // product checks for Ctrl-C between blocks of rows, so it stops within a moment,
        // assigns nothing, and every variable is still there.
        let t = try shell()
        t.type("import torch; keep = 42; a = torch.ones(12000, 12000)")
        #expect(t.waitForPrompt("In [2]: "))
        t.type("b = a @ a")
        Thread.sleep(forTimeInterval: 1.0)
        let sent = Date()
        t.send("\u{3}")
        #expect(t.waitFor("KeyboardInterrupt", timeout: 15), "\(t.screen)")
        #expect(Date().timeIntervalSince(sent) < 10)
        #expect(t.waitForPrompt("In [3]: "))
        t.type("print(keep, a.shape)")
        #expect(t.waitFor("42 torch.Size([12000, 12000])"), "\(t.screen)")
        t.type("b")
        #expect(t.waitFor("NameError: name 'b' is not defined"), "\(t.screen)")
    }

    @Test func ipythonHabitsAtARealTerminal() throws {
        let t = try shell()
        // :time prints its timing line only.
        t.type(":time sum(range(20000))")
        #expect(t.waitFor("per loop (mean ± std. dev. of 7 runs,", timeout: 60), "\(t.screen)")
        #expect(!t.screen.contains("Out[1]:"))
        // A header without its colon is an error at once, not a swallowing continuation.
        t.type("if True print(1)")
        #expect(t.waitFor("SyntaxError: expected ':'"), "\(t.screen)")
        #expect(t.waitForPrompt("In [3]: "))
        // A prompted line from a transcript runs as its code; a matrix starts on its own line.
        t.type("In [5]: import torch; m = torch.ones(2, 2)")
        t.type("m")
        #expect(t.waitFor("Out[4]: \ntensor([[1., 1.],\n        [1., 1.]])"), "\(t.screen)")
        // Did you mean, a traceback through a function, and a magic's advice.
        t.type("torch.matmull")
        #expect(t.waitFor("Did you mean: 'matmul'?"), "\(t.screen)")
        t.type("%whos")
        #expect(t.waitFor("UsageError: %whos is IPython's; in tsh use :vars"), "\(t.screen)")
        // tqdm's bar on the terminal; exit leaves.
        t.type("from tqdm import tqdm")
        t.type("for i in tqdm(range(3)): pass")
        t.type("")
        #expect(t.waitFor("100%|██████████| 3/3"), "\(t.screen)")
        t.type("exit")
        #expect(t.waitForExit() == 0)
    }

    @Test func syntaxErrorsShowACaret() throws {
        let t = try shell()
        t.type("x = 1 +* 2")
        #expect(t.waitFor("    x = 1 +* 2\n           ^\nSyntaxError: invalid syntax"))
        t.type("print(x)")
        #expect(t.waitFor("NameError: name 'x' is not defined"))
    }

    @Test func varsAfterTheTutorialsAutogradExample() throws {
        let t = try shell()
        for line in ["import torch", "torch.manual_seed(0)", "x = torch.ones(5)", "y = torch.zeros(3)", "w = torch.randn(5, 3, requires_grad=True)",
                     "b = torch.randn(3, requires_grad=True)", "z = torch.matmul(x, w)+b",
                     "loss = torch.nn.functional.binary_cross_entropy_with_logits(z, y)", "loss.backward()"] {
            t.type(line)
        }
        #expect(t.waitForPrompt("In [10]: "))
        let mark = t.screen.count
        t.type(":vars")
        #expect(t.waitFor("name  type    shape   dtype    requires_grad  is_leaf  grad         grad_fn", after: mark))
        #expect(t.waitFor("loss  Tensor  ()      float32  True           False    None         BinaryCrossEntropyWithLogitsBackward0", after: mark))
        #expect(t.waitFor("w     Tensor  (5, 3)  float32  True           True     norm 0.6508  None", after: mark))
        #expect(t.waitFor("z     Tensor  (3)     float32  True           False    None         AddBackward0", after: mark))
    }

    @Test func backspaceDeletesOneCharacterOfUTF8() throws {
        let t = try shell()
        t.send("s = 'λμ\u{7F}'\r")
        #expect(t.waitForPrompt("In [2]: "))
        t.type("print(s, len(s))")
        #expect(t.waitFor("λ 1\n"))
    }

    @Test func ctrlCWhileTypingClearsTheLineAndCtrlDLeaves() throws {
        let t = try shell()
        t.send("x = this is not finished")
        #expect(t.waitFor("not finished"))
        t.send("\u{3}")
        #expect(t.waitFor("KeyboardInterrupt"), "\(t.screen)")
        #expect(t.waitForPrompt("In [1]: ", after: t.screen.range(of: "KeyboardInterrupt").map { t.screen.distance(from: t.screen.startIndex, to: $0.lowerBound) } ?? 0))
        t.send("\u{4}")
        #expect(t.waitForExit() == 0)
    }

    @Test func ctrlDTypedAheadIsNotLostAndTheTerminalIsRestored() throws {
        let t = try Terminal(environment: ["XDG_STATE_HOME": state])
        #expect(t.waitFor("In [1]: "))
        t.send("\u{4}")  // at once, as a fast typist or a script would
        #expect(t.waitForExit() == 0)
        // A new pseudo-terminal starts in canonical mode with echo, and so it is left.
        #expect(t.localModes & UInt32(ICANON | ECHO) == UInt32(ICANON | ECHO))
    }
}
