import PythonSyntax
import Testing

/// SyntaxErrors with Python's wording, the caret's place pinned by a ⏵ marker in the source.
struct ParserTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let marked: String
        let message: String
        var kind = "SyntaxError"
        var testDescription: String { marked }
    }

    static let cases: [Case] = [
        Case(marked: "print(1 +⏵)", message: "invalid syntax"),
        Case(marked: "x = ⏵(1, 2", message: "'(' was never closed"),
        Case(marked: "if x⏵\n    pass", message: "expected ':'"),
        Case(marked: "for i in range(3):\n⏵print(i)\n", message: "expected an indented block", kind: "IndentationError"),
        Case(marked: "x = 1\n⏵    y = 2", message: "unexpected indent", kind: "IndentationError"),
        Case(marked: "⏵1 = x", message: "cannot assign to literal here. Maybe you meant '==' instead of '='?"),
        Case(marked: "⏵f() = 3", message: "cannot assign to function call here. Maybe you meant '==' instead of '='?"),
        Case(marked: "x = ⏵'abc", message: "unterminated string literal (detected at line 1)"),
        Case(marked: "y = [1, 2⏵)", message: "closing parenthesis ')' does not match opening parenthesis '['"),
        Case(marked: "x = 3⏵x", message: "invalid decimal literal"),
        Case(marked: "if True:\n    x = 1\n  ⏵y = 2", message: "unindent does not match any outer indentation level", kind: "IndentationError"),
        Case(marked: "⏵async def f(): pass", message: "'async' is not part of tsh's Python subset"),
        Case(marked: "f = lambda x ⏵x", message: "expected ':'"),
        Case(marked: "print(f\"{⏵}\")", message: "f-string: valid expression required before '}'"),
    ]

    @Test(arguments: cases)
    func caretMarksTheError(_ c: Case) throws {
        let marker = c.marked.unicodeScalars.firstIndex(of: "⏵")!
        let offset = c.marked.unicodeScalars.distance(from: c.marked.unicodeScalars.startIndex, to: marker)
        var text = c.marked
        text.unicodeScalars.remove(at: marker)
        do {
            _ = try Parser.parse(Source(text: text))
            Issue.record("no SyntaxError for \(text)")
        } catch let e as SyntaxError {
            #expect(e.message == c.message)
            #expect(e.kind == c.kind)
            #expect(e.span.start == offset, "caret at \(e.span.start), expected \(offset)")
        }
    }

    @Test func completeness() {
        #expect(!Parser.isComplete("if x:"))
        #expect(!Parser.isComplete("for i in range(3):\n"))
        #expect(!Parser.isComplete("x = (1,"))
        #expect(!Parser.isComplete("s = '''abc"))
        #expect(!Parser.isComplete("def f(a,\n      b):"))
        #expect(Parser.isComplete("x = 1"))
        #expect(Parser.isComplete("if x:\n    y = 1\n"))
        #expect(Parser.isComplete("x = )"))
    }

    @Test func precedenceAndShapes() throws {
        func parse(_ s: String) throws -> Expr { try Parser.parseExpression(Source(text: s)) }
        guard case .binary(.add, _, let right) = try parse("1 + 2 * 3").kind, case .binary(.mul, _, _) = right.kind else {
            Issue.record("* binds tighter than +"); return
        }
        guard case .binary(.pow, _, let exponent) = try parse("2 ** -1").kind, case .unary(.negate, _) = exponent.kind else {
            Issue.record("** takes a unary operand"); return
        }
        guard case .unary(.negate, let inner) = try parse("-2 ** 2").kind, case .binary(.pow, _, _) = inner.kind else {
            Issue.record("-2 ** 2 is -(2 ** 2)"); return
        }
        guard case .compare(_, let chain) = try parse("1 < x <= 3").kind, chain.count == 2 else {
            Issue.record("chained comparison"); return
        }
        guard case .conditional = try parse("a if c else b").kind else { Issue.record("conditional"); return }
        guard case .subscript(_, let index) = try parse("x[1:, ::2, None, ...]").kind, case .tuple(let items) = index.kind, items.count == 4 else {
            Issue.record("subscript tuple"); return
        }
        guard case .fstring(let parts) = try parse("f'{a:>{w}d} {b!r}'").kind, parts.count == 3 else {
            Issue.record("f-string parts"); return
        }
    }
}
