/// Turns source into tokens with Python's INDENT/DEDENT/NEWLINE rules: blank and
/// comment lines are skipped, brackets join lines, a backslash continues one.
package struct Lexer {
    let source: Source
    let s: [Unicode.Scalar]
    var i = 0
    var tokens: [Token] = []
    var indents = [0]
    var brackets: [(Unicode.Scalar, Int)] = []
    var atLineStart = true
    /// A bracket still open at the end of input: the parser decides whether the program
    /// failed before the end (a real error) or just needs more input.
    package var unclosedBracket: (Unicode.Scalar, Int)?

    package init(_ source: Source) {
        self.source = source
        s = source.scalars
    }

    package static func tokenize(_ source: Source) throws -> [Token] {
        try tokenizeReportingBrackets(source).tokens
    }

    package static func tokenizeReportingBrackets(_ source: Source) throws -> (tokens: [Token], unclosed: (Unicode.Scalar, Int)?) {
        var lexer = Lexer(source)
        try lexer.run()
        return (lexer.tokens, lexer.unclosedBracket)
    }

    func peek(_ k: Int = 0) -> Unicode.Scalar? { i + k < s.count ? s[i + k] : nil }

    mutating func emit(_ kind: Token.Kind, _ start: Int) { tokens.append(Token(kind: kind, span: Span(start, i))) }

    static func isIdentifierStart(_ c: Unicode.Scalar) -> Bool {
        c == "_" || c.properties.isAlphabetic
    }

    static func isIdentifierPart(_ c: Unicode.Scalar) -> Bool {
        isIdentifierStart(c) || ("0"..."9").contains(c) || c.properties.numericType != nil
    }

    /// True when the next token is the first of a logical line.
    var startsLine: Bool {
        guard brackets.isEmpty else { return false }
        guard let last = tokens.last else { return true }
        return last.kind == .newline || last.kind == .indent || last.kind == .dedent
    }

    mutating func run() throws {
        while i < s.count {
            if atLineStart && brackets.isEmpty {
                try handleIndentation()
                if i >= s.count { break }
            }
            let c = s[i]
            if c == "\n" {
                if brackets.isEmpty {
                    if let last = tokens.last, last.kind != .newline, last.kind != .indent, last.kind != .dedent {
                        let start = i
                        i += 1
                        emit(.newline, start)
                    } else {
                        i += 1
                    }
                    atLineStart = true
                } else {
                    i += 1
                }
                continue
            }
            if c == " " || c == "\t" || c == "\r" || c == "\u{0C}" { i += 1; continue }
            if c == "#" {
                while i < s.count && s[i] != "\n" { i += 1 }
                continue
            }
            if c == "\\" && peek(1) == "\n" { i += 2; continue }
            if c == ":" && startsLine {
                // A shell command (`:save my file-1.tsh`): the parser takes the rest of the line raw.
                i += 1
                emit(.op(":"), i - 1)
                while i < s.count && s[i] != "\n" { i += 1 }
                continue
            }
            if Lexer.isIdentifierStart(c) {
                if let stringStart = stringPrefixLength() {
                    try lexString(prefixLength: stringStart)
                    continue
                }
                let start = i
                while i < s.count && Lexer.isIdentifierPart(s[i]) { i += 1 }
                emit(.name(text(start, i)), start)
                continue
            }
            if ("0"..."9").contains(c) || (c == "." && peek(1).map { ("0"..."9").contains($0) } == true) {
                try lexNumber()
                continue
            }
            if c == "\"" || c == "'" {
                try lexString(prefixLength: 0)
                continue
            }
            try lexOperator()
        }
        let end = s.count
        if let last = brackets.last {
            unclosedBracket = last
            brackets = []
        }
        if let last = tokens.last, last.kind != .newline, last.kind != .dedent, last.kind != .indent {
            tokens.append(Token(kind: .newline, span: Span(end, end)))
        }
        while indents.count > 1 {
            indents.removeLast()
            tokens.append(Token(kind: .dedent, span: Span(end, end)))
        }
        tokens.append(Token(kind: .eof, span: Span(end, end)))
    }

    func text(_ a: Int, _ b: Int) -> String {
        var v = String.UnicodeScalarView()
        v.append(contentsOf: s[a..<b])
        return String(v)
    }

    /// Measures the indentation of a line; blank and comment-only lines do not count.
    mutating func handleIndentation() throws {
        while true {
            var width = 0
            let start = i
            while i < s.count && (s[i] == " " || s[i] == "\t") {
                width += s[i] == "\t" ? 8 - width % 8 : 1
                i += 1
            }
            if i >= s.count { return }
            if s[i] == "\n" || s[i] == "#" || (s[i] == "\r" && peek(1) == "\n") {
                while i < s.count && s[i] != "\n" { i += 1 }
                if i < s.count { i += 1 }
                continue
            }
            atLineStart = false
            if width > indents.last! {
                // CPython's tokenizer allows 100 levels (MAXINDENT).
                guard indents.count < 100 else {
                    throw SyntaxError("too many levels of indentation", Span(i, i + 1), kind: "IndentationError")
                }
                indents.append(width)
                emit(.indent, start)
            } else {
                while width < indents.last! {
                    indents.removeLast()
                    tokens.append(Token(kind: .dedent, span: Span(i, i)))
                }
                if width != indents.last! {
                    throw SyntaxError("unindent does not match any outer indentation level", Span(i, i + 1), kind: "IndentationError")
                }
            }
            return
        }
    }

    /// The length of a string prefix (r, b, f, u, rb, fr, ...) when one starts a string here.
    func stringPrefixLength() -> Int? {
        var k = 0
        while k < 2, let c = peek(k), "rRbBfFuU".unicodeScalars.contains(c) { k += 1 }
        guard k > 0, let q = peek(k), q == "\"" || q == "'" else { return nil }
        return k
    }

    mutating func lexString(prefixLength: Int) throws {
        let start = i
        let prefix = text(i, i + prefixLength).lowercased()
        i += prefixLength
        let quote = s[i]
        let triple = peek(1) == quote && peek(2) == quote
        i += triple ? 3 : 1
        let bodyStart = i
        var body = ""
        let raw = prefix.contains("r"), isF = prefix.contains("f")
        var bytes: [UInt8]? = prefix.contains("b") ? [] : nil
        while true {
            guard i < s.count else {
                let line = source.location(of: start).line
                if triple {
                    throw SyntaxError("unterminated triple-quoted string literal (detected at line \(source.location(of: s.count).line))",
                                      Span(start, start + 1), incomplete: true)
                }
                throw SyntaxError("unterminated string literal (detected at line \(line))", Span(start, start + 1))
            }
            let c = s[i]
            if c == quote && (!triple || (peek(1) == quote && peek(2) == quote)) {
                let bodyEnd = i
                i += triple ? 3 : 1
                if isF {
                    emit(.fstring(text(bodyStart, bodyEnd), bodyStart: bodyStart), start)
                } else if let bytes {
                    emit(.bytes(bytes), start)
                } else {
                    emit(.string(body), start)
                }
                return
            }
            if c == "\n" && !triple {
                throw SyntaxError("unterminated string literal (detected at line \(source.location(of: start).line))",
                                  Span(start, start + 1))
            }
            if bytes != nil {
                // A bytes literal: ASCII characters, and escapes that name byte values.
                if c == "\\" && !raw && i + 1 < s.count {
                    i += 1
                    let e = s[i]
                    if e == "x" {
                        guard i + 2 < s.count, let v = UInt8(String(String.UnicodeScalarView([s[i + 1], s[i + 2]])), radix: 16) else {
                            throw SyntaxError("(value error) invalid \\x escape at position \(bytes!.count)", Span(start, start + 1))
                        }
                        bytes!.append(v)
                        i += 3
                    } else if "ntr0\\'\"abfv\n".unicodeScalars.contains(e) {
                        let escaped = try Lexer.escape(s, &i)
                        bytes!.append(contentsOf: escaped.utf8)
                    } else {
                        bytes!.append(UInt8(ascii: "\\"))
                    }
                    continue
                }
                guard c.isASCII else { throw SyntaxError("bytes can only contain ASCII literal characters", Span(start, start + 1)) }
                bytes!.append(UInt8(c.value))
                i += 1
                continue
            }
            if c == "\\" && !raw && !isF {
                i += 1
                guard i < s.count else { continue }
                body += try Lexer.escape(s, &i)
                continue
            }
            if c == "\\" && (raw || isF) && i + 1 < s.count {
                body.unicodeScalars.append(c)
                body.unicodeScalars.append(s[i + 1])
                i += 2
                continue
            }
            body.unicodeScalars.append(c)
            i += 1
        }
    }

    /// Decodes the escape after a backslash at `i` (which points past the backslash).
    package static func escape(_ s: [Unicode.Scalar], _ i: inout Int) throws -> String {
        let c = s[i]
        i += 1
        switch c {
        case "n": return "\n"
        case "t": return "\t"
        case "r": return "\r"
        case "0": return "\0"
        case "\\": return "\\"
        case "'": return "'"
        case "\"": return "\""
        case "a": return "\u{07}"
        case "b": return "\u{08}"
        case "f": return "\u{0C}"
        case "v": return "\u{0B}"
        case "\n": return ""
        case "x", "u", "U":
            let count = c == "x" ? 2 : (c == "u" ? 4 : 8)
            var value: UInt32 = 0
            for _ in 0..<count {
                guard i < s.count, let d = Int(String(s[i]), radix: 16) else {
                    throw SyntaxError("(unicode error) truncated \\\(c) escape", Span(i, i + 1))
                }
                value = value * 16 + UInt32(d)
                i += 1
            }
            return Unicode.Scalar(value).map { String($0) } ?? ""
        default: return "\\" + String(c)
        }
    }

    mutating func lexNumber() throws {
        let start = i
        if s[i] == "0", let p = peek(1), "xXoObB".unicodeScalars.contains(p) {
            i += 2
            let radix = "xX".unicodeScalars.contains(p) ? 16 : ("oO".unicodeScalars.contains(p) ? 8 : 2)
            let digitsStart = i
            while i < s.count && (Int(String(s[i]), radix: radix) != nil || s[i] == "_") { i += 1 }
            let digits = text(digitsStart, i).replacingOccurrences("_", "")
            guard let v = Int(digits, radix: radix) else { throw SyntaxError("invalid number literal", Span(start, i)) }
            emit(.int(String(v)), start)
            return
        }
        var isFloat = false
        func digits() { while i < s.count && (("0"..."9").contains(s[i]) || s[i] == "_") { i += 1 } }
        digits()
        if i < s.count && s[i] == "." && !(peek(1) == "." ) {
            isFloat = true
            i += 1
            digits()
        }
        if i < s.count && (s[i] == "e" || s[i] == "E") {
            let save = i
            i += 1
            if i < s.count && (s[i] == "+" || s[i] == "-") { i += 1 }
            if i < s.count && ("0"..."9").contains(s[i]) {
                isFloat = true
                digits()
            } else {
                i = save
            }
        }
        if i < s.count && (s[i] == "j" || s[i] == "J") {
            throw SyntaxError("complex numbers are not supported", Span(start, i + 1))
        }
        if i < s.count && Lexer.isIdentifierStart(s[i]) {
            throw SyntaxError("invalid decimal literal", Span(i, i + 1))
        }
        let literal = text(start, i).replacingOccurrences("_", "")
        if isFloat {
            emit(.float(Double(literal) ?? .infinity), start)
        } else {
            let trimmed = literal.drop { $0 == "0" }
            emit(.int(trimmed.isEmpty ? "0" : String(trimmed)), start)
        }
    }

    static let operators: [String] = [
        "**=", "//=", ">>=", "<<=", "...", "->", "**", "//", "==", "!=", "<=", ">=", "+=", "-=", "*=", "/=", "%=", "@=",
        "&=", "|=", "^=", ":=", "<<", ">>", "+", "-", "*", "/", "%", "@", "<", ">", "=", "(", ")", "[", "]", "{", "}",
        ",", ":", ".", ";", "~", "&", "|", "^", "!",
    ]

    mutating func lexOperator() throws {
        let start = i
        for op in Lexer.operators {
            let scalars = Array(op.unicodeScalars)
            if i + scalars.count <= s.count && Array(s[i..<(i + scalars.count)]) == scalars {
                i += scalars.count
                switch op {
                case "(", "[", "{":
                    // CPython's tokenizer stops at 200 open brackets (MAXLEVEL).
                    guard brackets.count < 200 else { throw SyntaxError("too many nested parentheses", Span(start, i)) }
                    brackets.append((scalars[0], start))
                case ")", "]", "}":
                    let pairs: [Unicode.Scalar: Unicode.Scalar] = [")": "(", "]": "[", "}": "{"]
                    guard let (open, _) = brackets.last else {
                        throw SyntaxError("unmatched '\(op)'", Span(start, i))
                    }
                    guard open == pairs[scalars[0]] else {
                        throw SyntaxError("closing parenthesis '\(op)' does not match opening parenthesis '\(open)'", Span(start, i))
                    }
                    brackets.removeLast()
                default: break
                }
                if op == "!" { throw SyntaxError("invalid syntax", Span(start, i)) }
                emit(.op(op), start)
                return
            }
        }
        throw SyntaxError("invalid character '\(s[i])' (U+\(String(s[i].value, radix: 16, uppercase: true)))", Span(i, i + 1))
    }
}

extension String {
    func replacingOccurrences(_ target: Character, _ replacement: String) -> String {
        var out = ""
        for c in self { if c == target { out += replacement } else { out.append(c) } }
        return out
    }
}
