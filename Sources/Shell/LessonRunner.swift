import Foundation
import Interpreter
import PythonSyntax

/// A lesson run straight through, as `tsh lesson N --auto` and `tsh lesson --check` run it:
/// each cell shown and run as the replay runs it, exercises answered with their reference
/// solutions, and every `#? check:` and `#? expect:` judged. A check that is false, raises,
/// or an expected text the cell did not print is a failure naming the lesson, the cell and
/// the check.
package enum LessonRunner {
    package struct Outcome {
        package var checks = 0
        package var failures: [String] = []
    }

    /// Runs `lesson` in a fresh session in the lessons' own directory; `echo` writes the
    /// transcript (narration, code, output) to standard output as it goes.
    package static func run(_ lesson: Lesson, echo: Bool) -> Outcome {
        var outcome = Outcome()
        let outPath = NSTemporaryDirectory() + "tsh-lesson-\(getpid())-\(lesson.number).out"
        let outFD = open(outPath, O_RDWR | O_CREAT | O_TRUNC, 0o600)
        defer {
            close(outFD)
            unlink(outPath)
        }
        let writer = OutputWriter(fd: outFD, errorFD: echo ? STDERR_FILENO : open("/dev/null", O_WRONLY))
        let session = Session(output: writer, colors: false)
        let directory = Lesson.workingDirectory()
        try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let here = FileManager.default.currentDirectoryPath
        guard chdir(directory) == 0 else {
            outcome.failures.append("lesson \(lesson.number): cannot enter \(directory) for its files")
            return outcome
        }
        defer { _ = chdir(here) }
        var consumed = 0
        /// What the session printed since the last call (and echoed when asked).
        func printed() -> String {
            writer.flush()
            let size = Int(lseek(outFD, 0, SEEK_END))
            guard size > consumed else { return "" }
            var bytes = [UInt8](repeating: 0, count: size - consumed)
            _ = pread(outFD, &bytes, bytes.count, off_t(consumed))
            consumed = size
            let text = String(decoding: bytes, as: UTF8.self)
            if echo { FileHandle.standardOutput.write(text.data(using: .utf8)!) }
            return text
        }
        let cells: [Lesson.Cell]
        do {
            cells = try lesson.cells()
        } catch {
            outcome.failures.append("lesson \(lesson.number): \(error)")
            return outcome
        }
        for (k, cell) in cells.enumerated() {
            session.show(cell)
            _ = printed()
            guard !cell.code.isEmpty else { continue }
            _ = session.runCell(cell.code.joined(separator: "\n"))
            writer.write("\n")
            let output = printed()
            let place = "lesson \(lesson.number), cell \(k + 1)"
            for text in cell.expects {
                outcome.checks += 1
                if !output.contains(text) { outcome.failures.append("\(place): expected the output to show \(text)") }
            }
            outcome.checks += cell.checks.count
            outcome.failures += session.failedChecks(cell).map { "\(place): \($0)" }
        }
        return outcome
    }
}

extension Session {
    /// The cell's `#? check:` expressions that do not hold in this session, each described:
    /// `check failed: x == 3`, `check y > 0 raised NameError: ...`.
    func failedChecks(_ cell: Lesson.Cell) -> [String] {
        cell.checks.compactMap { check in
            do {
                let expr = try Parser.parseExpression(Source(name: "<check>", text: check))
                return try interp.truth(try interp.evaluate(expr)) ? nil : "check failed: \(check)"
            } catch let e as PyError {
                return "check \(check) raised \(e.headline)"
            } catch {
                return "check \(check) is not an expression: \(error)"
            }
        }
    }
}
