#if canImport(Glibc)
import Glibc
#endif
import ArgumentParser
import LineEditing
import Shell

/// The tensor shell's command line: a script, `-c` code, piped code, or (at a terminal)
/// the prompt.
struct TSH: ParsableCommand {
    static let version = InteractiveShell.version

    static let configuration = CommandConfiguration(
        commandName: "tsh",
        abstract: "tsh, the tensor shell: PyTorch's names, an autograd engine you can watch.",
        usage: """
            tsh [FILE [ARGS...]]
            tsh -c CODE
            tsh --emit-python FILE
            tsh lesson [N [--auto] | --check]
            """,
        version: "tsh \(version)"
    )

    @Option(name: .customShort("c"), help: "Run CODE and exit.")
    var code: String?

    @Flag(name: .long, help: "Print FILE without its ':' shell lines, ready for python3 with PyTorch.")
    var emitPython = false

    @Argument(help: "A .tsh or .py script to run.")
    var file: String?

    @Argument(parsing: .captureForPassthrough, help: "Arguments for the script.")
    var scriptArguments: [String] = []

    func run() throws {
        // `tsh lesson ...` (unless a file of that name is meant).
        if file == "lesson" && !FileManager.default.fileExists(atPath: "lesson") && code == nil && !emitPython {
            throw ExitCode(TSH.lesson(scriptArguments))
        }
        if let code {
            throw ExitCode(ScriptRunner.run(code, name: "<string>", arguments: scriptArguments))
        }
        if let file {
            guard let data = FileManager.default.contents(atPath: file) else {
                FileHandle.standardError.write("tsh: can't open file '\(file)': [Errno 2] No such file or directory\n".data(using: .utf8)!)
                throw ExitCode(2)
            }
            guard let text = String(data: data, encoding: .utf8) else {
                FileHandle.standardError.write((TSH.nonUTF8Message(data, file: file) + "\n").data(using: .utf8)!)
                throw ExitCode(1)
            }
            if emitPython {
                print(ScriptRunner.emitPython(text), terminator: text.hasSuffix("\n") ? "" : "\n")
                return
            }
            throw ExitCode(ScriptRunner.run(text, name: file, arguments: scriptArguments))
        }
        if isatty(STDIN_FILENO) == 0 || isatty(STDOUT_FILENO) == 0 {
            let data = FileHandle.standardInput.readDataToEndOfFile()
            throw ExitCode(ScriptRunner.run(String(decoding: data, as: UTF8.self), name: "<stdin>"))
        }
        let reader = LibEditLineReader()
        let status = InteractiveShell.run(reader: reader, output: OutputWriter(), colors: InteractiveShell.colorsWanted)
        reader.restoreTerminal()
        throw ExitCode(status)
    }
}

import Foundation

TSH.main()

extension TSH {
    /// `tsh lesson` lists the lessons; `tsh lesson N --auto` (or with stdin not a terminal)
    /// runs lesson N straight through with its checks; `tsh lesson --check` runs them all;
    /// `tsh lesson N` at a terminal opens the prompt and replays lesson N there.
    static func lesson(_ arguments: [String]) -> Int32 {
        let lessons = Lesson.all()
        let flags = Set(arguments.filter { $0.hasPrefix("--") })
        let numbers = arguments.filter { !$0.hasPrefix("--") }
        guard flags.isSubset(of: ["--auto", "--check"]), numbers.count <= 1 else {
            FileHandle.standardError.write("usage: tsh lesson [N [--auto] | --check]\n".data(using: .utf8)!)
            return 2
        }
        if flags.contains("--check") {
            var failed = false
            for lesson in lessons where numbers.isEmpty || numbers[0] == String(lesson.number) {
                let outcome = LessonRunner.run(lesson, echo: false)
                failed = failed || !outcome.failures.isEmpty
                print("lesson \(lesson.number) (\(lesson.title)): " + (outcome.failures.isEmpty ? "ok, \(outcome.checks) check\(outcome.checks == 1 ? "" : "s")" : "FAILED"))
                for f in outcome.failures { print("  " + f) }
            }
            return failed ? 1 : 0
        }
        guard let text = numbers.first else {
            for lesson in lessons { print("  tsh lesson \(lesson.number)  \(lesson.title)" + LessonPlayer.progressText(lesson)) }
            return 0
        }
        guard let lesson = lessons.first(where: { String($0.number) == text }) else {
            FileHandle.standardError.write("tsh lesson: no lesson \(text) (there are \(lessons.map { String($0.number) }.joined(separator: ", ")))\n".data(using: .utf8)!)
            return 2
        }
        if flags.contains("--auto") || isatty(STDIN_FILENO) == 0 || isatty(STDOUT_FILENO) == 0 {
            let outcome = LessonRunner.run(lesson, echo: true)
            for f in outcome.failures { FileHandle.standardError.write(("tsh: " + f + "\n").data(using: .utf8)!) }
            return outcome.failures.isEmpty ? 0 : 1
        }
        let reader = LibEditLineReader()
        let status = InteractiveShell.run(reader: reader, output: OutputWriter(), colors: InteractiveShell.colorsWanted, startWith: ":lesson \(lesson.number)")
        reader.restoreTerminal()
        return status
    }
}

extension TSH {
    /// Python's SyntaxError for a source file that is not UTF-8, naming the first bad byte.
    static func nonUTF8Message(_ data: Data, file: String) -> String {
        let bytes = [UInt8](data)
        var parser = Unicode.UTF8.ForwardParser()
        var iterator = bytes.makeIterator()
        var offset = 0
        scan: while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid(let scalar): offset += scalar.count
            case .emptyInput: break scan
            case .error: break scan
            }
        }
        let line = bytes[..<min(offset, bytes.count)].filter { $0 == 0x0A }.count + 1
        let byte = offset < bytes.count ? bytes[offset] : 0
        let hex = String(byte, radix: 16)
        return "SyntaxError: Non-UTF-8 code starting with '\\x\(hex.count == 1 ? "0" + hex : hex)' in file \(file) on line \(line), but no encoding declared; see https://peps.python.org/pep-0263/ for details"
    }
}
