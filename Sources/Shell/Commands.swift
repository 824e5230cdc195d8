#if canImport(Glibc)
import Glibc
#endif
import Autograd
import Inspection
import Interpreter
import LineEditing
import PythonSyntax
import TorchBindings

/// The `:` commands of the shell (never Python).
extension Session {
    static let commands: [(name: String, usage: String, summary: String)] = [
        (":help", ":help [topic]", "list these commands, or explain a function (also help(x) and x?)"),
        (":vars", ":vars", "a table of your variables: type, shape, dtype, requires_grad, grad, grad_fn"),
        (":time", ":time STATEMENT", "time a statement as IPython's %timeit does (mean ± std of 7 runs)"),
        (":history", ":history [N]", "the last N cells you ran (all by default)"),
        (":save", ":save FILE", "write this session's cells to FILE as a .tsh script that replays it"),
        (":load", ":load FILE", "run FILE in this session (same as :run)"),
        (":run", ":run FILE", "run FILE in this session"),
        (":lesson", ":lesson [N]", "list the lessons (PyTorch's tutorial chapters), or play lesson N cell by cell"),
        (":next", ":next", "in a lesson: run the cell shown and show the next (Enter does too)"),
        (":check", ":check", "in a lesson's exercise: check your answer"),
        (":hint", ":hint", "in a lesson's exercise: a hint"),
        (":skip", ":skip", "in a lesson: move on (an exercise's answer is shown and run)"),
        (":back", ":back", "in a lesson: show the previous cell again"),
    ] + Views.commands + [
        (":reset", ":reset [-f]", "forget every variable (asks first, as IPython does; -f does not ask)"),
        (":cd", ":cd DIR", "change the working directory"),
        (":pwd", ":pwd", "print the working directory"),
        (":quit", ":quit", "leave tsh (Ctrl-D does too); while a lesson plays, leave the lesson"),
    ]

    func runCommand(_ text: String) throws {
        let parts = text.trimmingCharacters(in: .whitespaces).split(separator: " ", maxSplits: 1).map(String.init)
        let name = parts[0], argument = parts.count > 1 ? parts[1].trimmingCharacters(in: .whitespaces) : ""
        if Session.playerCommands.contains(name) || name == ":quit", try playerCommand(name) { return }
        if Session.playerCommands.contains(name) { throw PyError("UsageError", "\(name) works while a lesson plays (:lesson N starts one)") }
        switch name {
        case ":help":
            if argument.isEmpty {
                var lines = ["tsh commands (lines that start with ':' are for the shell, never Python):"]
                let width = Session.commands.map(\.usage.count).max()!
                for c in Session.commands { lines.append("  " + c.usage.padding(toLength: width + 2, withPad: " ", startingAt: 0) + c.summary) }
                lines.append("Type Python with PyTorch's names: x = ones(5), w = randn(5, 3, requires_grad=True), z = matmul(x, w).")
                output.write(lines.joined(separator: "\n") + "\n")
            } else {
                let value = try? interp.evaluate(try Parser.parseExpression(Source(text: argument)))
                output.write(Help.text(for: value, interp, name: argument) + "\n")
            }
        case ":vars": output.write(try variablesTable() + "\n")
        case ":time": try time(argument)
        case ":history":
            let all = reader?.history ?? cells
            guard argument.isEmpty || Int(argument).map({ $0 >= 0 }) == true else {
                throw PyError("UsageError", ":history takes a count of cells, not '\(argument)'")
            }
            let n = min(Int(argument) ?? all.count, all.count)
            // Numbers right-aligned, a block's later lines under its first line's code.
            let width = String(all.count).count
            for (i, entry) in all.suffix(n).enumerated() {
                let number = String(all.count - n + i + 1)
                let label = String(repeating: " ", count: width - number.count) + number + ": "
                output.write(label + entry.replacingOccurrences(of: "\n", with: "\n" + String(repeating: " ", count: label.count)) + "\n")
            }
        case ":save":
            guard !argument.isEmpty else { throw PyError.value(":save needs a file name") }
            let script = cells.filter { !$0.hasPrefix(":") }.joined(separator: "\n") + "\n"
            try Session.writeAtomically(script, to: argument)
            output.write("saved \(cells.filter { !$0.hasPrefix(":") }.count) cells to \(argument)\n")
        case ":load", ":run":
            guard let text = try? String(contentsOfFile: argument, encoding: .utf8) else {
                throw PyError("FileNotFoundError", "[Errno 2] No such file or directory: '\(argument)'")
            }
            // A script shows only what it prints, as under `tsh FILE`.
            let echo = interp.expressionEcho
            interp.expressionEcho = nil
            defer { interp.expressionEcho = echo }
            try interp.run(source: Source(name: argument, text: text))
        case ":lesson": try lesson(argument)
        case ":reset":
            guard argument.isEmpty || argument == "-f" else { throw PyError("UsageError", ":reset takes no argument but -f") }
            if argument.isEmpty, let reader {
                output.flush()
                guard case .line(let answer) = reader.readLine(prompt: "Once deleted, variables cannot be recovered. Proceed (y/[n])? ", indent: ""),
                      answer.trimmingCharacters(in: .whitespaces).lowercased().hasPrefix("y") else {
                    output.write("Nothing done.\n")
                    return
                }
            }
            reset()
            output.write("all variables forgotten\n")
        case ":cd":
            let target = argument.isEmpty ? (ProcessInfo.processInfo.environment["HOME"] ?? "/") : argument
            guard chdir(target) == 0 else { throw PyError("FileNotFoundError", "[Errno 2] No such file or directory: '\(target)'") }
            output.write(FileManager.default.currentDirectoryPath + "\n")
        case ":pwd": output.write(FileManager.default.currentDirectoryPath + "\n")
        case ":quit": throw QuitRequest()
        default:
            guard Views.handles(name) else { throw PyError("UsageError", "unknown command \(name); :help lists the commands") }
            try views().run(name, argument)
        }
    }

    /// The gradient views, drawn for this terminal; `:backprop` waits for a key between steps
    /// when someone is there to press it (not in a lesson run straight through or replayed
    /// silently on resuming, not in a pipe, whose next lines are code, not answers).
    func views() -> Views {
        let style = ViewStyle(width: Views.terminalWidth(), colors: colors)
        guard let reader, !(reader is PlainLineReader), !output.muted else { return Views(interp: interp, output: output, style: style) }
        return Views(interp: interp, output: output, style: style) { [weak self, weak reader] prompt in
            guard let reader else { return nil }
            self?.output.flush()
            if case .line(let answer) = reader.readLine(prompt: prompt, indent: "") { return answer }
            return nil
        }
    }

    /// `:lesson` lists the lessons; `:lesson N` replays lesson N: each cell's narration,
    /// then its code at an `In [n]:` prompt, run as if typed.
    func lesson(_ argument: String) throws {
        let lessons = Lesson.all()
        guard !lessons.isEmpty else { throw PyError("FileNotFoundError", "no lessons found in TSH_TUTORIALS=\(ProcessInfo.processInfo.environment["TSH_TUTORIALS"] ?? "")") }
        guard !argument.isEmpty else {
            output.write(lessons.map { "  :lesson \($0.number)  \($0.title)" + LessonPlayer.progressText($0) }.joined(separator: "\n") + "\n")
            return
        }
        guard let number = Int(argument), let lesson = lessons.first(where: { $0.number == number }) else {
            throw PyError.value(":lesson takes a number from \(lessons.map(\.number).min() ?? 0) to \(lessons.map(\.number).max() ?? 0)")
        }
        // At the prompt the player steps through it; elsewhere (tests, transcripts) it replays.
        if reader != nil {
            output.write("(files this lesson writes go to \(Lesson.workingDirectory()))\n")
            try FileManager.default.createDirectory(atPath: Lesson.workingDirectory(), withIntermediateDirectories: true)
            if let playing = player { playing.leave() }
            let here = FileManager.default.currentDirectoryPath
            guard chdir(Lesson.workingDirectory()) == 0 else { throw PyError("OSError", "cannot enter \(Lesson.workingDirectory()) for the lesson's files") }
            do {
                try startPlayer(lesson, returningTo: here)
            } catch {
                _ = chdir(here)
                throw error
            }
            return
        }
        // The lesson's files (a saved model) go to a directory of their own; the learner's
        // working directory is back when the replay ends.
        let directory = Lesson.workingDirectory()
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let here = FileManager.default.currentDirectoryPath
        guard chdir(directory) == 0 else { throw PyError("OSError", "cannot enter \(directory) for the lesson's files") }
        defer { _ = chdir(here) }
        output.write("(files this lesson writes go to \(directory))\n")
        for cell in try lesson.cells() {
            show(cell)
            guard !cell.code.isEmpty else { continue }
            _ = runCell(cell.code.joined(separator: "\n"))
            output.write("\n")
            output.flush()
        }
    }

    /// A cell's narration, its Markdown rendered for the terminal.
    func showNarration(_ cell: Lesson.Cell) {
        guard !cell.narration.isEmpty else { return }
        output.write(NarrationText(lines: cell.narration, width: Views.terminalWidth(), colors: colors).rendered() + "\n")
    }

    /// A lesson cell as the replay shows it: its narration, then its code at an `In [n]:`
    /// prompt (directives are never shown).
    func show(_ cell: Lesson.Cell) {
        showNarration(cell)
        if let task = cell.exercise { output.write(paint("Exercise: " + task, "33").replacingOccurrences(of: "\u{1}", with: "") + "\n") }
        guard !cell.code.isEmpty else { return }
        if !cell.narration.isEmpty || cell.exercise != nil { output.write("\n") }
        let label = "In [\(cellNumber)]: "
        let continuation = String(repeating: " ", count: label.count - 5) + "...: "
        output.write(label + cell.code.joined(separator: "\n" + continuation) + "\n")
    }

    /// Writes through a temporary file and a rename, so a failed save leaves the old file.
    static func writeAtomically(_ text: String, to path: String) throws {
        let temp = path + ".tsh-tmp"
        guard FileManager.default.createFile(atPath: temp, contents: text.data(using: .utf8)) else {
            throw PyError("OSError", "cannot write \(path)")
        }
        guard rename(temp, path) == 0 else {
            unlink(temp)
            throw PyError("OSError", "cannot write \(path)")
        }
    }

    /// `:vars`: the user's variables in a table.
    func variablesTable() throws -> String {
        var rows: [[String]] = [["name", "type", "shape", "dtype", "requires_grad", "is_leaf", "grad", "grad_fn"]]
        for (name, value) in interp.globals.names.sorted(by: { $0.key < $1.key }) {
            if name.hasPrefix("_") || name == "Out" { continue }
            if case .object(let o) = value, o is ModuleObject { continue }
            let type = interp.typeName(value)
            var row = [name, type, "", "", "", "", "", ""]
            if let tensor = ViewBridge.tensor(value) { row = [name, type] + tensorColumns(tensor) }
            rows.append(row)
        }
        if rows.count == 1 { return "no variables yet" }
        return tableLines(rows).joined(separator: "\n")
    }

    /// The tensor columns of `:vars`, read from the tensor itself (reading `.grad` through
    /// the language would warn about non-leaves).
    private func tensorColumns(_ t: Tensor) -> [String] {
        let grad = t.grad.map { "norm " + ValueText.number(.double(ValueText.stats($0.data).norm)) } ?? "None"
        let shape = "(" + t.shape.map(String.init).joined(separator: ", ") + ")"
        return [shape, t.dtype.name, t.requiresGrad ? "True" : "False", t.isLeaf ? "True" : "False", grad,
                t.gradFn?.className ?? "None"]
    }

    /// `:time stmt`: like %timeit, loops scaled until a run takes at least 0.2 s, then 7
    /// runs; only the timing line is shown (an expression's value is not echoed), and the
    /// statement is compiled once, so compiling is not timed.
    func time(_ statement: String) throws {
        guard !statement.isEmpty else { throw PyError.value(":time needs a statement") }
        let code = try interp.compiled(try Parser.parse(Source(name: "<timeit>", text: statement)))
        let echo = interp.expressionEcho
        interp.expressionEcho = nil
        defer { interp.expressionEcho = echo }
        func run(_ loops: Int) throws -> Double {
            let start = Session.monotonicSeconds()
            for _ in 0..<loops { try code() }
            return Session.monotonicSeconds() - start
        }
        var loops = 1
        while try run(loops) < 0.2 && loops < 10_000_000 { loops *= 10 }
        var times: [Double] = []
        for _ in 0..<7 { times.append(try run(loops) / Double(loops)) }
        let mean = times.reduce(0, +) / 7
        let std = (times.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / 7).squareRoot()
        output.write("\(Session.duration(mean)) ± \(Session.duration(std)) per loop (mean ± std. dev. of 7 runs, \(Session.grouped(loops)) loop\(loops == 1 ? "" : "s") each)\n")
    }

    /// 100000 as IPython writes it: 100,000.
    static func grouped(_ n: Int) -> String {
        let digits = Array(String(n))
        return String(digits.enumerated().flatMap { k, d in (k > 0 && (digits.count - k) % 3 == 0 ? [","] : []) + [d] })
    }

    static func duration(_ seconds: Double) -> String {
        let (value, unit): (Double, String) = seconds >= 1 ? (seconds, "s") : seconds >= 1e-3 ? (seconds * 1e3, "ms")
            : seconds >= 1e-6 ? (seconds * 1e6, "µs") : (seconds * 1e9, "ns")
        return PythonFloat.cFormat(value >= 100 ? "%.0f" : (value >= 10 ? "%.1f" : "%.2f"), value) + " " + unit
    }
}

import Foundation
