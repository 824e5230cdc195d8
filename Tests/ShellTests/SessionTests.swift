import Foundation
import LineEditing
import Shell
import Testing

/// A session whose output and errors go to temporary files the test reads back.
final class CapturedSession {
    let session: Session
    private let outPath = NSTemporaryDirectory() + "tsh-out-\(UUID().uuidString)"
    private let errPath = NSTemporaryDirectory() + "tsh-err-\(UUID().uuidString)"
    private let outFD: Int32, errFD: Int32
    private var outRead = 0, errRead = 0

    init() {
        outFD = open(outPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        errFD = open(errPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        session = Session(output: OutputWriter(fd: outFD, errorFD: errFD), colors: false)
    }

    deinit {
        close(outFD)
        close(errFD)
        unlink(outPath)
        unlink(errPath)
    }

    /// Pushes lines; returns what they printed to stdout since the last call.
    @discardableResult
    func run(_ lines: String...) -> String {
        for line in lines { _ = session.push(line) }
        return newOutput()
    }

    func newOutput() -> String {
        let all = (try? String(contentsOfFile: outPath, encoding: .utf8)) ?? ""
        defer { outRead = all.utf8.count }
        return String(decoding: Array(all.utf8).dropFirst(outRead), as: UTF8.self)
    }

    func newErrors() -> String {
        let all = (try? String(contentsOfFile: errPath, encoding: .utf8)) ?? ""
        defer { errRead = all.utf8.count }
        return String(decoding: Array(all.utf8).dropFirst(errRead), as: UTF8.self)
    }
}

struct SessionTests {
    @Test func cellsAreNumberedAndEarlierResultsAreReachable() {
        let s = CapturedSession()
        #expect(s.session.prompt == "In [1]: ")
        #expect(s.run("x = 2") == "")
        #expect(s.run("x * 3") == "Out[2]: 6\n")
        #expect(s.run("_ + 1") == "Out[3]: 7\n")
        #expect(s.run("_2 * 10") == "Out[4]: 60\n")
        #expect(s.run("Out[3]") == "Out[5]: 7\n")
        #expect(s.run("print('no Out for None')") == "no Out for None\n")
        #expect(s.session.prompt == "In [7]: ")
    }

    @Test func anErrorChangesNothingElse() {
        let s = CapturedSession()
        s.run("import torch", "w = torch.ones(2, 3)", "v = torch.ones(4)")
        #expect(s.run("w + v") == "")
        #expect(s.newErrors().contains(
            "RuntimeError: The size of tensor a (3) must match the size of tensor b (4) at non-singleton dimension 1"))
        s.run("x = 1 +* 2")
        #expect(s.newErrors().contains("SyntaxError: invalid syntax"))
        #expect(s.run("w.shape, v.shape") == "Out[6]: (torch.Size([2, 3]), torch.Size([4]))\n")
    }

    @Test func blocksContinueUntilABlankLineWithIndentationOffered() {
        let s = CapturedSession()
        #expect(s.session.push("for i in range(3):") == .more(indent: "    "))
        #expect(s.session.prompt == "   ...: ")
        #expect(s.session.push("    if i > 0:") == .more(indent: "        "))
        #expect(s.session.push("        print(i)") == .more(indent: "        "))
        #expect(s.session.push("") == .done)
        #expect(s.newOutput() == "1\n2\n")
        #expect(s.session.push("y = (1,") == .more(indent: ""))
        #expect(s.session.push("     2)") == .done)
        #expect(s.run("y") == "Out[3]: (1, 2)\n")
    }

    @Test func ctrlCWhileTypingDropsTheUnfinishedCell() {
        let s = CapturedSession()
        _ = s.session.push("def f(x):")
        s.session.interrupt()
        #expect(s.newOutput() == "KeyboardInterrupt\n")
        #expect(s.session.prompt == "In [1]: ")
        #expect(s.run("1 + 1") == "Out[1]: 2\n")
    }

    @Test func pastedDocumentationExamplesLoseTheirPrompts() {
        let s = CapturedSession()
        let result = s.session.paste(">>> a = [1, 2]\n>>> for v in a:\n...     print(v * 2)\n...\n>>> len(a)\n")
        #expect(result == .done)
        #expect(s.newOutput() == "2\n4\nOut[1]: 2\n")
    }

    @Test func saveWritesAScriptThatReplaysToTheSameState() throws {
        let dir = NSTemporaryDirectory() + "tsh-save-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let path = dir + "/session.tsh"
        let first = CapturedSession()
        first.run("import torch", "torch.manual_seed(7)", "w = torch.randn(2, 3, requires_grad=True)")
        first.run("loss = (w * 2).sum(); bad = w @ w; after = 1")
        #expect(first.newErrors().contains("RuntimeError: mm: mat1 and mat2 shapes cannot be multiplied (2x3 and 2x3)"))
        first.run("loss.backward()", ":vars", "help(torch.randn)", "w?")
        first.run("undefined_name")
        #expect(first.newErrors().contains("NameError: name 'undefined_name' is not defined"))
        let expected = first.run("print(w.grad, loss, torch.randn(2))")
        #expect(first.run(":save \(path)") == "saved 6 cells to \(path)\n")
        #expect(first.newErrors() == "", "\(first.newErrors())")
        let script = try String(contentsOfFile: path, encoding: .utf8)
        #expect(script.contains("loss = (w * 2).sum()\nloss.backward()"))
        #expect(!script.contains("undefined_name") && !script.contains(":vars") && !script.contains("after"))
        #expect(!script.contains("help") && !script.contains("?"))

        let second = CapturedSession()
        #expect(second.run(":run \(path)") == expected)
        #expect(second.run("after") == "")
        #expect(second.newErrors().contains("NameError: name 'after' is not defined"))
    }

    @Test func varsDescribesTensorsAndOtherValues() {
        let s = CapturedSession()
        #expect(s.run(":vars") == "no variables yet\n")
        s.run("import torch", "n = 3", "t = torch.zeros(2, dtype=torch.int64)")
        #expect(s.run(":vars") == """
            name  type    shape  dtype  requires_grad  is_leaf  grad  grad_fn
            n     int
            t     Tensor  (2)    int64  False          True     None  None

            """)
    }

    @Test func commandsForHistoryResetAndTheWorkingDirectory() throws {
        let s = CapturedSession()
        s.run("a = 1", "b = a + 1")
        #expect(s.run(":history 1") == "2: b = a + 1\n")
        // A block's later lines sit under its first line's code, whatever the numbers' width.
        for k in 3...10 { s.run("c\(k) = \(k)") }
        s.run("for i in range(2):", "    c3 += i", "")
        #expect(s.run(":history 2") == "11: c10 = 10\n12: for i in range(2):\n        c3 += i\n")
        // Interactively :reset asks first, as IPython does; -f does not ask.
        let reader = ScriptedLineReader([.line("n"), .line("y")])
        s.session.reader = reader
        #expect(s.run(":reset") == "Nothing done.\n")
        #expect(s.run("a") == "Out[15]: 1\n")
        #expect(s.run(":reset") == "all variables forgotten\n")
        #expect(reader.prompts == ["Once deleted, variables cannot be recovered. Proceed (y/[n])? ",
                                   "Once deleted, variables cannot be recovered. Proceed (y/[n])? "])
        s.run("b = 2")
        #expect(s.run(":reset -f") == "all variables forgotten\n")
        s.run("a")
        #expect(s.newErrors().contains("NameError: name 'a' is not defined"))
        let here = FileManager.default.currentDirectoryPath
        defer { _ = FileManager.default.changeCurrentDirectoryPath(here) }
        let dir = (NSTemporaryDirectory() as NSString).resolvingSymlinksInPath
        #expect(s.run(":cd \(dir)") == dir + "\n")
        #expect(s.run(":pwd") == dir + "\n")
        s.run(":frobnicate")
        #expect(s.newErrors().contains("unknown command :frobnicate; :help lists the commands"))
        s.run(":run /no/such/file.tsh")
        #expect(s.newErrors().contains("FileNotFoundError: [Errno 2] No such file or directory: '/no/such/file.tsh'"))
    }

    @Test func helpListsEveryCommandOnOneLineEach() {
        let s = CapturedSession()
        let text = s.run(":help")
        for command in [":help", ":vars", ":time", ":history", ":save", ":load", ":run", ":lesson", ":reset", ":cd", ":pwd", ":quit"] {
            #expect(text.split(separator: "\n").filter { $0.hasPrefix("  " + command + " ") }.count == 1, "\(command)")
        }
    }

    @Test func aHeaderWithoutItsColonIsASyntaxErrorAtOnce() {
        // python3 reports these on the first Enter; the cell must not stay open and
        // swallow the lines after it.
        let s = CapturedSession()
        for line in ["if True print(1)", "for x in [1] print(x)", "while x print(1)", "class A pass", "def f(x) return x"] {
            #expect(s.session.push(line) == .done, "\(line)")
            #expect(s.newErrors().contains("SyntaxError: expected ':'"), "\(line)")
            #expect(s.session.prompt.hasPrefix("In ["), "\(line)")
        }
        #expect(s.run("y = 41", "y + 1") == "Out[7]: 42\n")
    }

    @Test func ipythonHabitsWork() {
        let s = CapturedSession()
        s.run("x = 3")
        // ?x, x?, x?? and ??x are help.
        for line in ["?x", "x?", "x??", "??len"] {
            #expect(!s.run(line).isEmpty, "\(line)")
            #expect(s.newErrors().isEmpty, "\(line)")
        }
        // A magic or shell line names the : command that does it.
        s.run("%timeit x + 1")
        #expect(s.newErrors() == "UsageError: %timeit is IPython's; in tsh use :time STATEMENT\n")
        s.run("%whos")
        #expect(s.newErrors() == "UsageError: %whos is IPython's; in tsh use :vars\n")
        s.run("!ls")
        #expect(s.newErrors().hasPrefix("UsageError: tsh does not run shell commands (!ls)"))
        // exit, quit, exit() and quit() leave.
        for line in ["exit", "quit", "exit()", "quit()"] {
            #expect(CapturedSession().session.push(line) == .quit, "\(line)")
        }
        #expect(s.session.push("y = 1") == .done)
    }

    @Test func aValueOfSeveralLinesStartsOnItsOwnLine() {
        let s = CapturedSession()
        #expect(s.run("import torch", "torch.ones(2, 2)") == "Out[2]: \ntensor([[1., 1.],\n        [1., 1.]])\n")
        #expect(s.run("torch.ones(2)") == "Out[3]: tensor([1., 1.])\n")
    }

    @Test func transcriptsPasteWithTheirPromptsAndOutputsTakenOff() {
        let s = CapturedSession()
        // tsh's (IPython's) own transcript, with an Out line and a block.
        _ = s.session.paste("""
            In [139]: x = 20
            In [140]: x + 1
            Out[140]: 21
            In [141]: def f(a):
                 ...:     return a * 2
                 ...:
            In [142]: print(f(x))
            40
            """)
        #expect(s.newOutput() == "40\n")
        #expect(s.newErrors() == "")
        // python3's, with printed output between the prompts.
        _ = s.session.paste("""
            >>> y = [1, 2]
            >>> for v in y:
            ...     print(v)
            ...
            1
            2
            >>> y
            [1, 2]
            """)
        #expect(s.newOutput() == "1\n2\nOut[2]: [1, 2]\n")
        #expect(s.newErrors() == "")
        // One prompted line typed (or pasted line by line).
        #expect(s.run("In [5]: qq = 41 + 1", "qq") == "Out[4]: 42\n")
    }

    @Test func anErrorInsideAFunctionShowsItsTracebackWithCellNames() {
        let s = CapturedSession()
        s.run("def f(x):", "    return 1 / x", "")
        s.run("f(0)")
        #expect(s.newErrors() == """
            Traceback (most recent call last):
              Cell In [2], line 1, in <module>
                f(0)
              Cell In [1], line 2, in f
                return 1 / x
            ZeroDivisionError: division by zero

            """)
    }

    @Test func lessonNarrationIsInAColourNotFaint() {
        let outPath = NSTemporaryDirectory() + "tsh-colour-\(UUID().uuidString)"
        let fd = open(outPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        defer { unlink(outPath) }
        let session = Session(output: OutputWriter(fd: fd, errorFD: fd), colors: true)
        _ = session.push(":lesson 4")
        close(fd)
        let text = (try? String(contentsOfFile: outPath, encoding: .utf8)) ?? ""
        // The title is a bold heading, code names are cyan; the Markdown markers are gone.
        #expect(text.contains("\u{1B}[1mLesson\u{1B}[0m \u{1B}[1m4\u{1B}[0m"))
        #expect(text.contains("\u{1B}[36mrequires_grad=True\u{1B}[0m"))
        #expect(!text.contains("# Lesson 4"))
        #expect(!text.contains("`"))
        // The narration is never faint (views may dim their line references).
        let narration = text.components(separatedBy: "import torch")[0]
        #expect(narration.contains("autograd") && !narration.contains("\u{1B}[2m"))
    }

    @Test func aLongCellSaysHowLongItTook() {
        let s = CapturedSession()
        #expect(s.run("x = 1") == "")
        s.session.longCellSeconds = 0
        #expect(s.run("y = 2").wholeMatch(of: #/Wall time: [0-9.]+ (ns|µs|ms|s)\n/#) != nil)
    }

    @Test func timeReportsMeanAndSpreadLikeTimeit() throws {
        let s = CapturedSession()
        let pattern = #/^[0-9.]+ (ns|µs|ms|s) ± [0-9.]+ (ns|µs|ms|s) per loop \(mean ± std\. dev\. of 7 runs, [0-9,]+ loops? each\)\n$/#
        // Statements and expressions alike show only the timing line (an expression's
        // value is not echoed on every repetition).
        for statement in ["x = 2 ** 10", "[x] * 3"] {
            let text = s.run(":time " + statement)
            #expect(text.wholeMatch(of: pattern) != nil, "\(text)")
        }
        #expect(s.run("x") == "Out[3]: 1024\n")
    }

    @Test func theInteractiveLoopShowsABannerAndAnswersQuestionMarks() throws {
        let outPath = NSTemporaryDirectory() + "tsh-loop-\(UUID().uuidString)"
        let fd = open(outPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        defer { unlink(outPath) }
        let reader = ScriptedLineReader([.line("ones?"), .line("x = 5"), .line(":quit"), .line("never read")])
        let status = InteractiveShell.run(reader: reader, output: OutputWriter(fd: fd), colors: false)
        close(fd)
        let text = try String(contentsOfFile: outPath, encoding: .utf8)
        #expect(status == 0)
        #expect(text.split(separator: "\n").prefix(2).count == 2)
        #expect(text.hasPrefix("tsh \(InteractiveShell.version), the tensor shell"))
        #expect(text.contains("ones(*size, out=None, dtype=None, layout=None, device=None, requires_grad=False)\n    A tensor of ones.\n    Example: ones(2, 3)"))
        #expect(reader.prompts == ["In [1]: ", "In [2]: ", "In [3]: "])
        #expect(reader.history == [":help ones", "x = 5", ":quit"])
    }
}
