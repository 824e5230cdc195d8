/// What reading one line gave.
package enum LineInput: Equatable {
    case line(String)
    /// A bracketed paste: several lines taken whole, as one cell.
    case paste(String)
    /// Ctrl-C while typing: the line is dropped.
    case interrupted
    /// Ctrl-D on an empty line, or the end of piped input.
    case endOfInput
}

/// Reads the shell's input: libedit at a terminal, plain lines from a pipe, or a script in tests.
package protocol LineReader: AnyObject {
    /// Reads one line after showing `prompt`; `indent` is offered as the line's start.
    func readLine(prompt: String, indent: String) -> LineInput
    /// Records a finished cell (multi-line blocks are one entry).
    func addHistory(_ entry: String)
    /// The history, oldest first.
    var history: [String] { get }
}

/// Lines from a file descriptor without a line editor: no prompt, no history file.
package final class PlainLineReader: LineReader {
    package private(set) var history: [String] = []

    package init() {}

    package func readLine(prompt: String, indent: String) -> LineInput {
        if let line = Swift.readLine(strippingNewline: true) { return .line(line) }
        return .endOfInput
    }

    package func addHistory(_ entry: String) { history.append(entry) }
}

/// Scripted input for tests: each element is what one readLine returns.
package final class ScriptedLineReader: LineReader {
    private var inputs: [LineInput]
    package private(set) var prompts: [String] = []
    package private(set) var history: [String] = []

    package init(_ inputs: [LineInput]) { self.inputs = inputs }

    package func readLine(prompt: String, indent: String) -> LineInput {
        prompts.append(prompt)
        return inputs.isEmpty ? .endOfInput : inputs.removeFirst()
    }

    package func addHistory(_ entry: String) { history.append(entry) }
}
