#if canImport(Glibc)
import Glibc
#endif
import Interpreter
import LineEditing

/// The prompt: a banner, then lines from the reader into the session until Ctrl-D or :quit.
package enum InteractiveShell {
    package static let version = "0.2.0"

    /// `startWith`: a line run first, as if typed (`tsh lesson 4` starts with `:lesson 4`).
    package static func run(reader: LineReader, output: OutputWriter, colors: Bool, startWith: String? = nil) -> Int32 {
        let session = Session(output: output, colors: colors)
        session.reader = reader
        if let editor = reader as? LibEditLineReader {
            editor.completer = { session.complete($0) }
            LibEditLineReader.onInterrupt = { Interpreter.interrupted.set() }
        }
        output.write("tsh \(version), the tensor shell: PyTorch's names, gradients you can watch.\n")
        output.write("Type :lesson to start the tutorial, :help for commands, help(x) for a function.\n")
        if let startWith { _ = session.push(startWith) }
        output.flush()
        var indent = ""
        while true {
            let input = reader.readLine(prompt: session.prompt, indent: indent)
            let result: Session.PushResult
            switch input {
            case .line(let line): result = session.push(line)
            case .paste(let text):
                // Shown at the prompt it was pasted at (the line editor has moved below it)
                // and kept: it runs on Enter.
                let prompt = session.prompt.replacingOccurrences(of: "\u{1}", with: "")
                let shown = session.stage(pasted: text).replacingOccurrences(of: "\u{1}", with: "")
                output.write("\u{1B}[1A\r\u{1B}[2K" + prompt + shown + "\n")
                output.flush()
                result = .more(indent: "")
            case .interrupted:
                session.interrupt()
                indent = ""
                continue
            case .endOfInput:
                output.write("\n")
                output.flush()
                return 0
            }
            switch result {
            case .more(let next): indent = next
            case .done:
                indent = ""
                output.write("\n")
                output.flush()
            case .quit:
                output.flush()
                return 0
            }
        }
    }

    /// Colour unless NO_COLOR is set or the terminal is dumb.
    package static var colorsWanted: Bool {
        let env = ProcessInfo.processInfo.environment
        return env["NO_COLOR"] == nil && env["TERM"] != "dumb"
    }
}

import Foundation
