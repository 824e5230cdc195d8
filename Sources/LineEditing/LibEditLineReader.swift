#if canImport(Glibc)
import Glibc
#endif
import CLibEdit

/// The terminal line editor: libedit's native API (emacs keys, ~/.editrc), persistent
/// history, tab completion, bracketed paste and Ctrl-C that clears the line.
package final class LibEditLineReader: LineReader {
    /// Candidates for the text before the cursor: the word being completed and its completions.
    package var completer: ((String) -> (word: String, candidates: [String]))?
    package private(set) var history: [String] = []
    private let el: OpaquePointer
    private let hist: OpaquePointer
    private let file: HistoryFile
    private var event = HistEvent()

    /// The one reader libedit's C callbacks reach (a process has one terminal).
    nonisolated(unsafe) static var current: LibEditLineReader?
    nonisolated(unsafe) static var promptBuffer: [CChar] = [0]
    /// Set by SIGINT: while typing it clears the line, while running it interrupts the code.
    nonisolated(unsafe) package static var onInterrupt: (() -> Void)?
    private var pasted: String?

    package init(history file: HistoryFile = HistoryFile()) {
        // As Python does (PEP 538): the plain C locale would make libedit edit bytes, not characters.
        if let name = setlocale(LC_CTYPE, ""), ["C", "POSIX"].contains(String(cString: name)) {
            setlocale(LC_CTYPE, "C.UTF-8")
        }
        self.file = file
        el = el_init("tsh", stdin, stdout, stderr)
        hist = history_init()
        tsh_history_set_size(hist, &event, Int32(file.limit))
        tsh_history_set_unique(hist, &event, 1)
        tsh_el_set_history(el, hist)
        tsh_el_set_editor(el, "emacs")
        tsh_el_set_signal(el, 1)
        tsh_el_use_interruptible_reader(el, &LibEditLineReaderSignals.interrupted)
        tsh_el_set_prompt(el) { _ in
            LibEditLineReader.promptBuffer.withUnsafeMutableBufferPointer { $0.baseAddress }
        }
        tsh_el_add_function(el, "tsh-complete", "Complete names, attributes and paths") { _, _ in
            LibEditLineReader.current?.complete() ?? UInt8(CC_REFRESH)
        }
        tsh_el_add_function(el, "tsh-paste", "Take a bracketed paste whole") { _, _ in
            LibEditLineReader.current?.takePaste() ?? UInt8(CC_REFRESH)
        }
        tsh_el_bind(el, "^I", "tsh-complete")
        tsh_el_bind(el, "\\e[200~", "tsh-paste")
        el_source(el, nil)
        for entry in file.load() {
            history.append(entry)
            tsh_history_enter(hist, &event, LibEditLineReader.recalled(entry))
        }
        LibEditLineReader.current = self
        installSignalHandler()
        holdTypeahead()
    }

    deinit {
        history_end(hist)
        el_end(el)
        restoreTerminal()
    }

    /// Puts the terminal back as tsh found it (the shell calls this on its way out).
    package func restoreTerminal() {
        if var original = terminalModeAtStart { tcsetattr(STDIN_FILENO, TCSADRAIN, &original) }
    }

    /// The terminal's settings when tsh started, restored on the way out.
    private var terminalModeAtStart: termios?

    /// Between prompts (while a cell runs) the terminal stays out of canonical mode, with
    /// echo off and signals on: keys typed ahead wait for the next prompt, and a Ctrl-D
    /// typed ahead reaches libedit as a key instead of being taken by the kernel as an
    /// end-of-file nobody reads (libedit shows its prompt a moment before it takes the
    /// terminal). Ctrl-C still interrupts.
    private func holdTypeahead() {
        var mode = termios()
        guard tcgetattr(STDIN_FILENO, &mode) == 0 else { return }
        if terminalModeAtStart == nil { terminalModeAtStart = mode }
        mode.c_lflag &= ~tcflag_t(ICANON | ECHO)
        mode.c_lflag |= tcflag_t(ISIG)
        withUnsafeMutableBytes(of: &mode.c_cc) { cc in
            cc[Int(VMIN)] = 1
            cc[Int(VTIME)] = 0
        }
        tcsetattr(STDIN_FILENO, TCSANOW, &mode)
    }

    private func installSignalHandler() {
        var action = sigaction()
        action.__sigaction_handler.sa_handler = { _ in LibEditLineReaderSignals.interrupted = 1; LibEditLineReader.onInterrupt?() }
        action.sa_flags = 0   // no SA_RESTART: a pending read returns EINTR
        sigemptyset(&action.sa_mask)
        sigaction(SIGINT, &action, nil)
        // A parent may hand us SIGINT blocked; at a prompt Ctrl-C must always arrive.
        var interrupt = sigset_t()
        sigemptyset(&interrupt)
        sigaddset(&interrupt, SIGINT)
        pthread_sigmask(SIG_UNBLOCK, &interrupt, nil)
    }

    package func readLine(prompt: String, indent: String) -> LineInput {
        LibEditLineReader.promptBuffer = Array(prompt.utf8CString)
        LibEditLineReaderSignals.interrupted = 0
        pasted = nil
        if !indent.isEmpty { el_push(el, indent) }
        writeTerminal("\u{1B}[?2004h")
        var count: Int32 = 0
        let result = el_gets(el, &count)
        writeTerminal("\u{1B}[?2004l")
        holdTypeahead()
        if let text = pasted {
            pasted = nil
            // What was typed before the paste comes first.
            var typed = result.map { String(cString: $0) } ?? ""
            if typed.hasSuffix("\n") { typed.removeLast() }
            return .paste(typed + text)
        }
        guard let result, count > 0 else {
            if LibEditLineReaderSignals.interrupted != 0 {
                writeTerminal("\n")
                return .interrupted
            }
            return .endOfInput
        }
        var line = String(cString: result)
        if line.hasSuffix("\n") { line.removeLast() }
        return .line(LibEditLineReader.submitted(line))
    }

    package func addHistory(_ entry: String) {
        guard !entry.trimmingCharacters(in: .whitespaces).isEmpty, history.last != entry else { return }
        history.append(entry)
        tsh_history_enter(hist, &event, LibEditLineReader.recalled(entry))
        file.append(entry)
    }

    /// The continuation prompt a recalled block shows on its later lines (libedit's line
    /// is one prompt wide; a block recalled with ↑ would otherwise show its later lines
    /// at the left edge, without the `...:` they were typed at).
    static let continuation = "   ...: "

    /// A history entry as the line editor shows it when recalled.
    static func recalled(_ entry: String) -> String {
        entry.replacingOccurrences(of: "\n", with: "\n" + continuation)
    }

    /// A submitted line, with the continuation prompts of a recalled block taken off again.
    static func submitted(_ line: String) -> String {
        guard line.contains("\n") else { return line }
        let lines = line.split(separator: "\n", omittingEmptySubsequences: false)
        return ([String(lines[0])] + lines.dropFirst().map { l -> String in
            let trimmed = l.drop { $0 == " " }
            guard trimmed.hasPrefix("...:") else { return String(l) }
            let rest = trimmed.dropFirst(4)
            return String(rest.hasPrefix(" ") ? rest.dropFirst() : rest)
        }).joined(separator: "\n")
    }

    private func writeTerminal(_ s: String) {
        let bytes = Array(s.utf8)
        _ = bytes.withUnsafeBytes { write(STDOUT_FILENO, $0.baseAddress, $0.count) }
    }

    /// The text before the cursor.
    private func textBeforeCursor() -> String {
        guard let info = el_line(el) else { return "" }
        let start = UnsafeRawPointer(info.pointee.buffer!), cursor = UnsafeRawPointer(info.pointee.cursor!)
        let n = cursor - start
        return String(decoding: UnsafeRawBufferPointer(start: start, count: n), as: UTF8.self)
    }

    /// Tab: insert the single completion or the common prefix; list several in columns.
    private func complete() -> UInt8 {
        guard let completer else { return UInt8(CC_REFRESH) }
        let before = textBeforeCursor()
        let (word, candidates) = completer(before)
        guard !candidates.isEmpty else { return UInt8(CC_REFRESH_BEEP) }
        let prefix = Completion.commonPrefix(candidates)
        if prefix.count > word.count {
            el_insertstr(el, String(prefix.dropFirst(word.count)))
            return UInt8(CC_REFRESH)
        }
        if candidates.count == 1 { return UInt8(CC_REFRESH) }
        writeTerminal("\n" + Completion.columns(candidates, width: terminalWidth()) + "\n")
        return UInt8(CC_REDISPLAY)
    }

    private func terminalWidth() -> Int {
        var size = winsize()
        if ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 { return Int(size.ws_col) }
        return 80
    }

    /// ESC[200~ arrived: read until ESC[201~ and hand the whole text back as one cell.
    private func takePaste() -> UInt8 {
        var bytes: [UInt8] = []
        let end: [UInt8] = Array("\u{1B}[201~".utf8)
        var c: CChar = 0
        while el_getc(el, &c) == 1 {
            bytes.append(UInt8(bitPattern: c))
            if bytes.count >= end.count && Array(bytes.suffix(end.count)) == end {
                bytes.removeLast(end.count)
                break
            }
        }
        var text = String(decoding: bytes, as: UTF8.self).replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
        // One line goes into the line being edited, as if typed: Enter runs it.
        while text.hasSuffix("\n") { text.removeLast() }
        if !text.contains("\n") {
            el_insertstr(el, text)
            return UInt8(CC_REFRESH)
        }
        pasted = text
        return UInt8(CC_NEWLINE)
    }
}

/// The flag SIGINT sets (one word, async-signal-safe).
enum LibEditLineReaderSignals {
    nonisolated(unsafe) static var interrupted: sig_atomic_t = 0
}

/// Completion helpers shared by the terminal reader and tests.
package enum Completion {
    package static func commonPrefix(_ words: [String]) -> String {
        guard var prefix = words.first else { return "" }
        for w in words.dropFirst() {
            while !w.hasPrefix(prefix) { prefix.removeLast() }
        }
        return prefix
    }

    /// Candidates laid out in columns, row by row, as shells list them.
    package static func columns(_ words: [String], width: Int) -> String {
        let cell = (words.map(\.count).max() ?? 0) + 2
        let perRow = max(1, width / cell)
        var lines: [String] = []
        var row = ""
        for (i, w) in words.enumerated() {
            row += w.padding(toLength: cell, withPad: " ", startingAt: 0)
            if (i + 1) % perRow == 0 {
                lines.append(row.trimmingCharacters(in: .whitespaces))
                row = ""
            }
        }
        if !row.isEmpty { lines.append(row.trimmingCharacters(in: .whitespaces)) }
        return lines.joined(separator: "\n")
    }
}

import Foundation
