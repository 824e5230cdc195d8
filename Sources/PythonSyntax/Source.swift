/// A program's text, and positions in it.
package struct Source: Sendable {
    package let name: String
    package let text: String
    /// The text as unicode scalars: tokens and spans index into this.
    package let scalars: [Unicode.Scalar]
    /// Scalar offsets at which each line starts.
    package let lineStarts: [Int]

    package init(name: String = "<stdin>", text: String) {
        self.name = name
        self.text = text
        scalars = Array(text.unicodeScalars)
        var starts = [0]
        for (i, s) in scalars.enumerated() where s == "\n" { starts.append(i + 1) }
        lineStarts = starts
    }

    /// 1-based line and 0-based column of a scalar offset.
    package func location(of offset: Int) -> (line: Int, column: Int) {
        var lo = 0, hi = lineStarts.count - 1
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if lineStarts[mid] <= offset { lo = mid } else { hi = mid - 1 }
        }
        return (lo + 1, offset - lineStarts[lo])
    }

    /// The text of a 1-based line, without its newline.
    package func line(_ number: Int) -> String {
        guard number >= 1, number <= lineStarts.count else { return "" }
        let start = lineStarts[number - 1]
        var end = start
        while end < scalars.count && scalars[end] != "\n" { end += 1 }
        var s = String.UnicodeScalarView()
        s.append(contentsOf: scalars[start..<end])
        return String(s)
    }
}

/// A range of scalar offsets in a Source; line and column are computed only when printed.
package struct Span: Sendable, Equatable {
    package var start: Int
    package var end: Int

    package init(_ start: Int, _ end: Int) {
        self.start = start
        self.end = end
    }

    package func union(_ other: Span) -> Span { Span(min(start, other.start), max(end, other.end)) }
}

/// Python's SyntaxError (and IndentationError), with where it happened.
package struct SyntaxError: Error, Sendable {
    package var message: String
    package var span: Span
    package var kind: String = "SyntaxError"
    /// True when more input could complete the program (an open bracket or block): the
    /// prompt answers `...` instead of reporting.
    package var incomplete = false

    package init(_ message: String, _ span: Span, kind: String = "SyntaxError", incomplete: Bool = false) {
        self.message = message
        self.span = span
        self.kind = kind
        self.incomplete = incomplete
    }
}
