import Interpreter
import PythonSyntax

/// The one place errors become text, as Python prints them.
package enum ErrorRenderer {
    /// Python's traceback: `Traceback ...`, each frame's file, line, function and source
    /// line (the module's first, the innermost function's last), and `Kind: message`.
    /// `interp` finds the source of a function defined in another file or cell.
    package static func render(_ error: PyError, source: Source, _ interp: Interpreter) -> String {
        var text = "Traceback (most recent call last):\n"
        if let span = error.span {
            text += frameLines(source, offset: span.start, function: "<module>")
        }
        for frame in error.frames.reversed() {
            guard let (frameSource, offset) = interp.location(ofSite: frame.site) else { continue }
            text += frameLines(frameSource, offset: offset, function: frame.function)
        }
        return text + error.tracebackHeadline + "\n"
    }

    /// `  File "name", line N, in function` and the line; a prompt cell is named as IPython
    /// names it (`Cell In [3], line 1`).
    private static func frameLines(_ source: Source, offset: Int, function: String) -> String {
        let (line, _) = source.location(of: offset)
        let code = source.line(line).trimmingCharacters(in: .whitespaces)
        var place = "File \"\(source.name)\", line \(line)"
        if source.name.hasPrefix("<In [") {
            place = "Cell " + source.name.dropFirst().dropLast() + ", line \(line)"
        }
        return "  \(place), in \(function)\n    \(code)\n"
    }

    /// A SyntaxError with the line and a caret under the place.
    package static func render(_ error: SyntaxError, source: Source) -> String {
        let (line, column) = source.location(of: min(error.span.start, max(0, source.scalars.count)))
        let lineText = source.line(line)
        let stripped = lineText.drop { $0 == " " || $0 == "\t" }
        let removed = lineText.count - stripped.count
        let caretColumn = max(0, column - removed)
        let width = max(1, min(error.span.end - error.span.start, stripped.count - caretColumn))
        var text = "  File \"\(source.name)\", line \(line)\n"
        text += "    \(stripped)\n"
        text += "    " + String(repeating: " ", count: caretColumn) + String(repeating: "^", count: width) + "\n"
        return text + "\(error.kind): \(error.message)\n"
    }
}

import Foundation

extension ErrorRenderer {
    /// At the prompt: the failing line of a multi-line cell, then `Kind: message`; an
    /// error from inside functions gets the whole traceback, cells named as in IPython.
    package static func renderShort(_ error: PyError, source: Source, _ interp: Interpreter) -> String {
        if !error.frames.isEmpty { return render(error, source: source, interp) }
        var text = ""
        if let span = error.span, source.lineStarts.count > 1 {
            let (line, _) = source.location(of: span.start)
            text += "  Cell line \(line): \(source.line(line).trimmingCharacters(in: .whitespaces))\n"
        }
        return text + error.tracebackHeadline + "\n"
    }
}
