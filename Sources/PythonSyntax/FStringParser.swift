/// The inside of an f-string: literal text (with `{{`/`}}` and escapes) and replacement
/// fields `{expr!conversion:spec}` whose spec may nest fields.
enum FStringParser {
    static func parse(_ body: String, offset: Int, source: Source) throws -> [FStringPart] {
        let s = Array(body.unicodeScalars)
        var i = 0
        return try parseParts(s, &i, offset: offset, source: source, inSpec: false)
    }

    static func parseParts(_ s: [Unicode.Scalar], _ i: inout Int, offset: Int, source: Source, inSpec: Bool) throws -> [FStringPart] {
        var parts: [FStringPart] = []
        var literal = ""
        func flush() {
            if !literal.isEmpty { parts.append(.literal(literal)); literal = "" }
        }
        while i < s.count {
            let c = s[i]
            if inSpec && c == "}" { break }
            if c == "{" {
                if !inSpec && i + 1 < s.count && s[i + 1] == "{" {
                    literal += "{"
                    i += 2
                    continue
                }
                flush()
                parts.append(contentsOf: try parseField(s, &i, offset: offset, source: source))
                continue
            }
            if c == "}" {
                if i + 1 < s.count && s[i + 1] == "}" {
                    literal += "}"
                    i += 2
                    continue
                }
                throw SyntaxError("f-string: single '}' is not allowed", Span(offset + i, offset + i + 1))
            }
            if c == "\\" && i + 1 < s.count && !inSpec {
                i += 1
                literal += try Lexer.escape(s, &i)
                continue
            }
            literal.unicodeScalars.append(c)
            i += 1
        }
        flush()
        return parts
    }

    /// `{` at `i`: reads the expression up to a top-level `!`, `:` or `}`. A self-documenting
    /// `{expr=}` is the expression's text, then its value (its repr unless a conversion or a
    /// format spec says otherwise).
    static func parseField(_ s: [Unicode.Scalar], _ i: inout Int, offset: Int, source: Source) throws -> [FStringPart] {
        let open = i
        i += 1
        let exprStart = i
        var depth = 0
        var selfDocumenting: Int?
        var quote: Unicode.Scalar?
        while i < s.count {
            let c = s[i]
            if let q = quote {
                if c == q { quote = nil }
            } else if c == "'" || c == "\"" {
                quote = c
            } else if "([{".unicodeScalars.contains(c) {
                depth += 1
            } else if ")]}".unicodeScalars.contains(c) {
                if depth == 0 { break }
                depth -= 1
            } else if depth == 0 && (c == ":" || (c == "!" && i + 1 < s.count && s[i + 1] != "=")) {
                break
            } else if depth == 0, c == "=", i + 1 < s.count, s[i + 1] != "=", i > exprStart,
                      !"=!<>".unicodeScalars.contains(s[i - 1]) {
                selfDocumenting = i
                i += 1
                while i < s.count && s[i] == " " { i += 1 }
                break
            }
            i += 1
        }
        guard i < s.count else {
            throw SyntaxError("f-string: expecting '}'", Span(offset + open, offset + open + 1))
        }
        var text = String.UnicodeScalarView()
        text.append(contentsOf: s[exprStart..<(selfDocumenting ?? i)])
        let exprText = String(text)
        if exprText.allSatisfy({ $0 == " " }) {
            throw SyntaxError("f-string: valid expression required before '}'", Span(offset + i, offset + i + 1))
        }
        let expr = try parseEmbedded(exprText, offset: offset + exprStart, source: source)
        var conversion: Character?
        if s[i] == "!" {
            i += 1
            guard i < s.count else { throw SyntaxError("f-string: expecting '}'", Span(offset + i, offset + i)) }
            conversion = Character(s[i])
            i += 1
        }
        var spec: [FStringPart] = []
        if i < s.count && s[i] == ":" {
            i += 1
            spec = try parseParts(s, &i, offset: offset, source: source, inSpec: true)
        }
        guard i < s.count, s[i] == "}" else {
            throw SyntaxError("f-string: expecting '}'", Span(offset + open, offset + open + 1))
        }
        i += 1
        guard let equals = selfDocumenting else { return [.field(expr, conversion: conversion, spec: spec)] }
        var label = String.UnicodeScalarView()
        label.append(contentsOf: s[exprStart...equals])
        var j = equals + 1
        while j < s.count && s[j] == " " { label.append(s[j]); j += 1 }
        let shown: Character? = conversion ?? (spec.isEmpty ? "r" : nil)
        return [.literal(String(label)), .field(expr, conversion: shown, spec: spec)]
    }

    /// Parses a field's expression with spans that point into the enclosing source.
    static func parseEmbedded(_ text: String, offset: Int, source: Source) throws -> Expr {
        let inner = Source(name: source.name, text: "(" + text + ")")
        var tokens = try Lexer.tokenize(inner)
        for k in tokens.indices {
            tokens[k].span = Span(tokens[k].span.start - 1 + offset, tokens[k].span.end - 1 + offset)
        }
        var parser = Parser(tokens: tokens, source: source)
        let e = try parser.parseTestList()
        return e
    }
}
