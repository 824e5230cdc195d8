import Interpreter
import PythonSyntax

/// The one place errors become text, as Python prints them.
package enum ErrorRenderer {
    /// `Traceback ...`, the failing line, and `Kind: message`.
    package static func render(_ error: PyError, source: Source) -> String {
        var text = "Traceback (most recent call last):\n"
        if let span = error.span {
            let (line, _) = source.location(of: span.start)
            text += "  File \"\(source.name)\", line \(line), in <module>\n"
            text += "    \(source.line(line).trimmingCharacters(in: .whitespaces))\n"
        }
        return text + error.tracebackHeadline + "\n"
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
    /// At the prompt: the failing line of a multi-line cell, then `Kind: message`.
    package static func renderShort(_ error: PyError, source: Source) -> String {
        var text = ""
        if let span = error.span, source.lineStarts.count > 1 {
            let (line, _) = source.location(of: span.start)
            text += "  Cell line \(line): \(source.line(line).trimmingCharacters(in: .whitespaces))\n"
        }
        return text + error.tracebackHeadline + "\n"
    }
}
