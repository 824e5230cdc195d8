#if canImport(Glibc)
import Glibc
#endif
import Interpreter
import LineEditing
import PythonSyntax

/// The interactive session: numbered cells as in IPython, `_` / `_3` / `Out[3]` for earlier
/// results, errors that change nothing else, and the `:` commands. A state machine: `push`
/// takes a line and answers whether the cell needs more.
package final class Session {
    package enum PushResult: Equatable {
        /// The cell continues; offer this indentation on the next line.
        case more(indent: String)
        case done
        case quit
    }

    package private(set) var interp: Interpreter
    let output: OutputWriter
    let colors: Bool
    package private(set) var cellNumber = 1
    /// A Python cell that runs longer than this says how long it took (`Wall time: 12.3 s`)
    /// before the next prompt.
    package var longCellSeconds = 5.0
    private var pending: [String] = []
    /// Every cell that ran, in order (`:save` writes them back out).
    package private(set) var cells: [String] = []
    private var outputs = PyDict()
    package weak var reader: LineReader?
    /// The lesson playing at the prompt, if any (LessonPlayer.swift).
    var player: LessonPlayer?

    package init(output: OutputWriter, colors: Bool) {
        self.output = output
        self.colors = colors
        interp = ScriptRunner.makeInterpreter(output: output)
        configure()
    }

    private func configure() {
        interp.shellCommand = { [unowned self] text in try self.runCommand(text) }
        interp.globals.names["Out"] = .dict(outputs)
        interp.builtins["help"] = .builtin(Builtin("help") { [unowned self] a, _ in
            self.output.write(Help.text(for: a.positional.first, self.interp) + "\n")
            return .none
        })
    }

    /// Colour for the prompt: libedit skips what stands between two \u{1} marks when it
    /// measures the prompt.
    func paint(_ text: String, _ code: String) -> String { colors ? "\u{1}\u{1B}[\(code)m\u{1}\(text)\u{1}\u{1B}[0m\u{1}" : text }

    /// The prompt for the next line: `In [n]: `, or the continuation `   ...: `.
    package var prompt: String { prompt(continuing: !pending.isEmpty) }

    func prompt(continuing: Bool) -> String {
        let label = "In [\(cellNumber)]: "
        if !continuing { return paint(label, "32") }
        return paint(String(repeating: " ", count: max(0, label.count - 5)) + "...: ", "32")
    }

    /// Takes one line of input (a transcript's prompt, typed or pasted line by line, is
    /// taken off: `In [5]: x = 1` is `x = 1`).
    package func push(_ typed: String) -> PushResult {
        let line = PromptStripper.strip(Substring(typed)).map(String.init) ?? typed
        if pending.isEmpty && line.trimmingCharacters(in: .whitespaces).hasPrefix(":") {
            return runCell(line.trimmingCharacters(in: .whitespaces))
        }
        if pending.isEmpty, let result = shortcut(line.trimmingCharacters(in: .whitespaces)) { return result }
        if !pending.isEmpty && line.trimmingCharacters(in: .whitespaces).isEmpty {
            let cell = pending.joined(separator: "\n")
            pending = []
            return runCell(cell)
        }
        if pending.isEmpty && line.trimmingCharacters(in: .whitespaces).isEmpty {
            playerEnter()
            return .done
        }
        pending.append(line)
        let text = pending.joined(separator: "\n")
        // A block recalled from history arrives whole, as one line with newlines in it.
        let recalled = pending.count == 1 && line.contains("\n")
        switch Parser.inputStatus(text) {
        case .invalid:
            // Reported at once (`if True print(1)`), as python3 does: no later line mends it.
            pending = []
            return runCell(text)
        case .complete where recalled || !Session.opensBlock(pending):
            pending = []
            return runCell(text)
        default: break
        }
        return .more(indent: Session.indent(after: line))
    }

    /// What IPython and Julia users type out of habit: `exit` and `quit` leave; `x?`,
    /// `x??`, `?x` ask for help; a `%magic` or `!command` line says which `:` command does
    /// that here.
    private func shortcut(_ line: String) -> PushResult? {
        if line == "exit" || line == "quit" { return .quit }
        if line.count > 1, !line.contains("\n"), line.hasPrefix("?") || line.hasSuffix("?") {
            var name = Substring(line)
            while name.first == "?" { name.removeFirst() }
            while name.last == "?" { name.removeLast() }
            let target = name.trimmingCharacters(in: .whitespaces)
            if !target.isEmpty, !target.contains("?") { return runCell(":help " + target) }
        }
        if line.hasPrefix("%") || line.hasPrefix("!") {
            reader?.addHistory(line)
            output.error("UsageError: " + Session.magicAdvice(line) + "\n")
            output.flush()
            return .done
        }
        return nil
    }

    static func magicAdvice(_ line: String) -> String {
        if line.hasPrefix("!") {
            return "tsh does not run shell commands (\(line)); :cd DIR and :pwd move around, :run FILE runs a script"
        }
        let magic = String(line.dropFirst().prefix { $0 != " " }).replacingOccurrences(of: "%", with: "")
        let equivalents: [String: String] = [
            "timeit": ":time STATEMENT", "time": ":time STATEMENT", "who": ":vars", "whos": ":vars",
            "history": ":history [N]", "hist": ":history [N]", "run": ":run FILE", "load": ":load FILE", "save": ":save FILE",
            "cd": ":cd DIR", "pwd": ":pwd", "reset": ":reset", "quickref": ":help", "magic": ":help", "lsmagic": ":help",
            "exit": ":quit", "quit": ":quit",
        ]
        if let command = equivalents[magic] { return "%\(magic) is IPython's; in tsh use \(command)" }
        return "%\(magic) is an IPython magic tsh does not have; :help lists tsh's commands"
    }

    /// A compound statement keeps the cell open until a blank line (Python's REPL); a
    /// simple statement spread over lines by brackets runs as soon as it is complete.
    static func opensBlock(_ lines: [String]) -> Bool {
        guard let first = lines.first?.trimmingCharacters(in: .whitespaces), !first.hasPrefix("#") else { return false }
        if first.hasPrefix("@") { return true }
        let word = first.prefix { $0.isLetter || $0.isNumber || $0 == "_" }
        return compoundKeywords.contains(String(word)) || first.hasSuffix(":")
    }

    static let compoundKeywords: Set<String> = ["if", "for", "while", "def", "class", "with", "try", "async"]

    /// The indentation offered on the next line: the same as this one, one level more after `:`.
    static func indent(after line: String) -> String {
        let current = String(line.prefix { $0 == " " })
        let code = line.split(separator: "#", maxSplits: 1).first.map(String.init) ?? line
        return code.trimmingCharacters(in: .whitespaces).hasSuffix(":") ? current + "    " : current
    }

    /// Takes a pasted block whole: transcript prompts are stripped (PromptStripper), then
    /// it runs as one cell.
    package func paste(_ text: String) -> PushResult {
        var cell = PromptStripper.code(text)
        while cell.hasSuffix("\n") { cell.removeLast() }
        pending = []
        if cell.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { return .done }
        return runCell(cell)
    }

    /// A paste at the terminal (IPython and Julia's way): the code, its transcript prompts
    /// taken off, joins the cell being typed and is shown under continuation prompts; it
    /// runs on Enter at the next empty `...:`, and more lines may be typed first. Returns
    /// the text to show after the prompt already on screen.
    package func stage(pasted text: String) -> String {
        var code = PromptStripper.code(text)
        while code.hasSuffix("\n") { code.removeLast() }
        let lines = code.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard !lines.allSatisfy({ $0.trimmingCharacters(in: .whitespaces).isEmpty }) else { return "" }
        // A blank line inside the block would end the cell when typed; staged, it is kept.
        let continuation = prompt(continuing: true)
        pending.append(contentsOf: lines)
        return lines.joined(separator: "\n" + continuation)
    }

    /// Ctrl-C while typing: the unfinished cell is dropped.
    package func interrupt() {
        pending = []
        output.write("KeyboardInterrupt\n")
        output.flush()
    }

    /// Runs one cell: its statements in order, the last one's value shown as `Out[n]`.
    func runCell(_ text: String) -> PushResult {
        reader?.addHistory(text)
        Interpreter.interrupted.clear()
        let number = cellNumber
        cellNumber += 1
        let source = Source(name: "<In [\(number)]>", text: text)
        defer { output.flush() }
        let program: [Stmt]
        do {
            program = try Parser.parse(source)
            interp.register(source)
        } catch let e as SyntaxError {
            output.error(ErrorRenderer.render(e, source: source))
            return .done
        } catch {
            output.error("\(error)\n")
            return .done
        }
        var completed = 0
        defer { record(program, completed: completed, of: source) }
        let started = Session.monotonicSeconds()
        defer {
            let seconds = Session.monotonicSeconds() - started
            if seconds > longCellSeconds, !text.hasPrefix(":") { output.write("Wall time: \(Session.duration(seconds))\n") }
        }
        do {
            for (k, statement) in program.enumerated() {
                // `:quit` leaves tsh, or only the lesson while one plays.
                if case .shellCommand(let command) = statement.kind, command.trimmingCharacters(in: .whitespaces) == ":quit", player == nil {
                    return .quit
                }
                interp.expressionEcho = k == program.count - 1 ? { [unowned self] value in try self.show(value, number) } : nil
                try interp.run([statement])
                completed += 1
                output.flush()
            }
        } catch let e as QuitRequest {
            _ = e
            return .quit
        } catch let e as PyError where e.exitStatus != nil {
            // exit() and quit() leave the prompt, as in IPython.
            if !e.message.isEmpty { output.error(e.message + "\n") }
            return .quit
        } catch let e as PyError {
            output.error(e.kind == "KeyboardInterrupt" ? "KeyboardInterrupt\n" : ErrorRenderer.renderShort(e, source: source, interp))
        } catch let e as SyntaxError {
            output.error(ErrorRenderer.render(e, source: source))
        } catch {
            output.error(ErrorRenderer.renderShort(Interpreter.convert(error), source: source, interp))
        }
        interp.expressionEcho = nil
        return .done
    }

    /// Keeps the statements of a cell that ran to completion, for `:save`: a cell that failed
    /// part-way contributes the statements before the failing one, so the saved script
    /// replays to the same state without stopping at the error.
    private func record(_ program: [Stmt], completed: Int, of source: Source) {
        // Asking for help changes nothing: a saved script replays without it.
        if program.allSatisfy(Session.isHelpCall) { return }
        if completed == program.count {
            cells.append(source.text)
            return
        }
        guard completed > 0 else { return }
        var scalars = String.UnicodeScalarView()
        scalars.append(contentsOf: source.scalars[program[0].span.start..<program[completed].span.start])
        var text = String(scalars)
        while let last = text.last, last.isWhitespace || last == ";" { text.removeLast() }
        if !text.isEmpty { cells.append(text) }
    }

    static func monotonicSeconds() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
    }

    static func isHelpCall(_ statement: Stmt) -> Bool {
        guard case .expr(let e) = statement.kind, case .call(let callee, _) = e.kind, case .name(let n) = callee.kind else { return false }
        return n.text == "help"
    }

    /// `Out[n]: value`, and the value kept as `_`, `_n` and `Out[n]`.
    func show(_ value: Value, _ number: Int) throws {
        if case .none = value { return }
        let text = try interp.repr(value)
        // A value of several lines starts on its own line, as in IPython, so its rows align.
        let separator = text.contains("\n") ? "\n" : ""
        output.write(paint("Out[\(number)]: ", "31").replacingOccurrences(of: "\u{1}", with: "") + separator + text + "\n")
        interp.globals.names["_"] = value
        interp.globals.names["_\(number)"] = value
        try outputs.set(.int(number), value)
    }

    /// Forgets every variable (`:reset`).
    func reset() {
        interp.shutdown()
        interp = ScriptRunner.makeInterpreter(output: output)
        outputs = PyDict()
        configure()
    }
}

/// `:quit` inside a cell.
struct QuitRequest: Error {}
