/// A recursive-descent parser for the Python subset, with Python's precedence and its
/// SyntaxError wording for the common mistakes.
package struct Parser {
    var tokens: [Token]
    var p = 0
    let source: Source

    var unclosedBracket: (Unicode.Scalar, Int)?

    /// How deep the expression being parsed nests (recursion, and the length of operator
    /// chains, which nest the tree as deeply). CPython refuses past about 3,000 levels; a
    /// deeper tree would also overflow the stack of every pass that walks it.
    var depth = 0
    static let maxDepth = 2990

    mutating func deeper(by levels: Int = 1) throws {
        depth += levels
        if depth > Parser.maxDepth {
            throw SyntaxError("maximum recursion depth exceeded during compilation", current.span, kind: "RecursionError")
        }
    }

    package init(_ source: Source) throws {
        self.source = source
        (tokens, unclosedBracket) = try Lexer.tokenizeReportingBrackets(source)
    }

    init(tokens: [Token], source: Source) {
        self.tokens = tokens
        self.source = source
    }

    /// Parses a whole program (a script, or one cell of the shell).
    package static func parse(_ source: Source) throws -> [Stmt] {
        var parser = try Parser(source)
        do {
            let program = try parser.parseFile()
            if let (open, at) = parser.unclosedBracket {
                throw SyntaxError("'\(open)' was never closed", Span(at, at + 1), incomplete: true)
            }
            return program
        } catch var error as SyntaxError {
            // Failing at the end of input with a bracket open: more input may finish it.
            if let (open, at) = parser.unclosedBracket, error.span.start >= source.scalars.count {
                error = SyntaxError("'\(open)' was never closed", Span(at, at + 1), incomplete: true)
            }
            throw error
        }
    }

    /// Parses one expression (f-string fields, `tsh -c` of an expression).
    package static func parseExpression(_ source: Source) throws -> Expr {
        var parser = try Parser(source)
        let e = try parser.parseTestList()
        while case .newline = parser.current.kind { parser.p += 1 }
        guard case .eof = parser.current.kind else { throw parser.invalid() }
        return e
    }

    var current: Token { tokens[p] }
    var next: Token { tokens[min(p + 1, tokens.count - 1)] }

    func isOp(_ op: String) -> Bool { if case .op(op) = current.kind { return true } else { return false } }
    func isName(_ n: String) -> Bool { if case .name(n) = current.kind { return true } else { return false } }

    mutating func advance() -> Token {
        let t = tokens[p]
        if p < tokens.count - 1 { p += 1 }
        return t
    }

    mutating func accept(_ op: String) -> Bool {
        if isOp(op) { p += 1; return true }
        return false
    }

    mutating func acceptName(_ n: String) -> Bool {
        if isName(n) { p += 1; return true }
        return false
    }

    func invalid(_ message: String = "invalid syntax") -> SyntaxError {
        if case .eof = current.kind { return SyntaxError(message == "invalid syntax" ? "unexpected EOF while parsing" : message, current.span, incomplete: true) }
        return SyntaxError(message, current.span)
    }

    mutating func expect(_ op: String, _ message: String? = nil) throws {
        guard accept(op) else { throw invalid(message ?? "expected '\(op)'") }
    }

    package static let keywords: Set<String> = [
        "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue", "def", "del",
        "elif", "else", "except", "finally", "for", "from", "global", "if", "import", "in", "is", "lambda", "nonlocal",
        "not", "or", "pass", "raise", "return", "try", "while", "with", "yield",
    ]

    // MARK: Statements

    mutating func parseFile() throws -> [Stmt] {
        var body: [Stmt] = []
        while true {
            switch current.kind {
            case .eof: return body
            case .newline: p += 1
            case .indent: throw SyntaxError("unexpected indent", current.span, kind: "IndentationError")
            default: body += try parseStatement()
            }
        }
    }

    mutating func parseStatement() throws -> [Stmt] {
        if case .op(":") = current.kind, isShellLineStart() { return [parseShellCommand()] }
        if isOp("@") { return [try parseDecorated()] }
        if case .name(let n) = current.kind {
            switch n {
            case "if": return [try parseIf()]
            case "while": return [try parseWhile()]
            case "for": return [try parseFor()]
            case "def": return [try parseDef()]
            case "class": return [try parseClass()]
            case "with": return [try parseWith()]
            case "try": return [try parseTry()]
            case "async", "await":
                throw SyntaxError("'\(n)' is not part of tsh's Python subset", current.span)
            default: break
            }
        }
        return try parseSimpleStatements()
    }

    /// A `:` that begins a line is a shell command (never Python).
    func isShellLineStart() -> Bool {
        let start = current.span.start
        let (_, column) = source.location(of: start)
        var k = start - column
        while k < start { if source.scalars[k] != " " && source.scalars[k] != "\t" { return false }; k += 1 }
        return true
    }

    mutating func parseShellCommand() -> Stmt {
        let start = current.span.start
        var end = start
        while end < source.scalars.count && source.scalars[end] != "\n" { end += 1 }
        var text = String.UnicodeScalarView()
        text.append(contentsOf: source.scalars[start..<end])
        while p < tokens.count - 1 && tokens[p].span.start < end { p += 1 }
        if case .newline = current.kind { p += 1 }
        return Stmt(.shellCommand(String(text)), Span(start, end))
    }

    mutating func parseBlock() throws -> [Stmt] {
        try expect(":", "expected ':'")
        if case .newline = current.kind {
            p += 1
            guard case .indent = current.kind else {
                // Only the end of input follows (after the dedents that close outer blocks):
                // the body may still come, as on a prompt's next line.
                var k = p
                while k < tokens.count - 1, case .dedent = tokens[k].kind { k += 1 }
                if case .eof = tokens[k].kind {
                    throw SyntaxError("expected an indented block", current.span, kind: "IndentationError", incomplete: true)
                }
                throw SyntaxError("expected an indented block", current.span, kind: "IndentationError")
            }
            p += 1
            var body: [Stmt] = []
            while true {
                if case .dedent = current.kind { p += 1; break }
                if case .eof = current.kind { break }
                if case .newline = current.kind { p += 1; continue }
                if case .indent = current.kind { throw SyntaxError("unexpected indent", current.span, kind: "IndentationError") }
                body += try parseStatement()
            }
            return body
        }
        return try parseSimpleStatements()
    }

    mutating func parseIf() throws -> Stmt {
        let start = advance().span
        let test = try parseTest()
        let body = try parseBlock()
        var orElse: [Stmt] = []
        if isName("elif") {
            orElse = [try parseIf()]
        } else if acceptName("else") {
            orElse = try parseBlock()
        }
        return Stmt(.if(test, body, orElse), start.union(test.span))
    }

    mutating func parseWhile() throws -> Stmt {
        let start = advance().span
        let test = try parseTest()
        let body = try parseBlock()
        let orElse = acceptName("else") ? try parseBlock() : []
        return Stmt(.while(test, body, orElse), start.union(test.span))
    }

    mutating func parseFor() throws -> Stmt {
        let start = advance().span
        let target = try parseTargetList()
        guard acceptName("in") else { throw invalid() }
        let iterable = try parseTestList()
        let body = try parseBlock()
        let orElse = acceptName("else") ? try parseBlock() : []
        return Stmt(.for(target, iterable, body, orElse), start.union(iterable.span))
    }

    mutating func parseDef() throws -> Stmt {
        let start = advance().span
        guard case .name(let name) = current.kind else { throw invalid() }
        p += 1
        try expect("(", "expected '('")
        let params = try parseParameters(closing: ")", annotations: true)
        try expect(")", "expected ')'")
        if accept("->") { _ = try parseTest() }
        let body = try parseBlock()
        return Stmt(.def(name, params, body), start)
    }

    mutating func parseClass() throws -> Stmt {
        let start = advance().span
        guard case .name(let name) = current.kind else { throw invalid() }
        p += 1
        var bases: [Expr] = []
        if accept("(") {
            while !isOp(")") {
                bases.append(try parseTest())
                if !accept(",") { break }
            }
            try expect(")")
        }
        let body = try parseBlock()
        return Stmt(.class(name, bases, body), start)
    }

    /// `@expr` lines, then the def or class they decorate.
    mutating func parseDecorated() throws -> Stmt {
        let start = current.span
        var decorators: [Expr] = []
        while accept("@") {
            decorators.append(try parseTest())
            guard case .newline = current.kind else { throw invalid() }
            p += 1
        }
        guard case .name(let n) = current.kind, n == "def" || n == "class" else {
            throw SyntaxError("a decorator must come before a def or class", current.span)
        }
        let target = n == "def" ? try parseDef() : try parseClass()
        return Stmt(.decorated(decorators, target), start.union(target.span))
    }

    mutating func parseTry() throws -> Stmt {
        let start = advance().span
        let body = try parseBlock()
        var handlers: [ExceptHandler] = []
        while isName("except") {
            let clause = advance().span
            var type: Expr?, name: String?
            if !isOp(":") {
                type = try parseTest()
                if acceptName("as") {
                    guard case .name(let n) = current.kind, !Parser.keywords.contains(n) else { throw invalid() }
                    p += 1
                    name = n
                }
            }
            if handlers.last?.type == nil && !handlers.isEmpty {
                throw SyntaxError("default 'except:' must be last", clause)
            }
            handlers.append(ExceptHandler(type: type, name: name, body: try parseBlock(), span: clause))
        }
        let orElse = !handlers.isEmpty && acceptName("else") ? try parseBlock() : []
        let final = acceptName("finally") ? try parseBlock() : []
        if handlers.isEmpty && final.isEmpty {
            throw SyntaxError("expected 'except' or 'finally' block", current.span)
        }
        return Stmt(.try(body, handlers, orElse: orElse, finally: final), start)
    }

    mutating func parseWith() throws -> Stmt {
        let start = advance().span
        var items: [(Expr, Expr?)] = []
        repeat {
            let context = try parseTest()
            var target: Expr?
            if acceptName("as") { target = try parseTarget() }
            items.append((context, target))
        } while accept(",")
        let body = try parseBlock()
        return Stmt(.with(items, body), start)
    }

    mutating func parseSimpleStatements() throws -> [Stmt] {
        var statements = [try parseSmallStatement()]
        while accept(";") {
            if case .newline = current.kind { break }
            statements.append(try parseSmallStatement())
        }
        switch current.kind {
        case .newline: p += 1
        case .eof: break
        default: throw invalid()
        }
        return statements
    }

    mutating func parseDottedName() throws -> String {
        guard case .name(var name) = current.kind else { throw invalid() }
        p += 1
        while accept(".") {
            guard case .name(let part) = current.kind else { throw invalid() }
            p += 1
            name += "." + part
        }
        return name
    }

    mutating func parseSmallStatement() throws -> Stmt {
        let start = current.span
        if case .name(let n) = current.kind {
            switch n {
            case "pass": p += 1; return Stmt(.pass, start)
            case "break": p += 1; return Stmt(.break, start)
            case "continue": p += 1; return Stmt(.continue, start)
            case "return":
                p += 1
                if case .newline = current.kind { return Stmt(.return(nil), start) }
                if case .eof = current.kind { return Stmt(.return(nil), start) }
                if isOp(";") { return Stmt(.return(nil), start) }
                let value = try parseTestList()
                return Stmt(.return(value), start.union(value.span))
            case "import":
                p += 1
                var modules: [(module: String, alias: String?)] = []
                repeat {
                    let module = try parseDottedName()
                    var alias: String?
                    if acceptName("as") {
                        guard case .name(let a) = current.kind else { throw invalid() }
                        p += 1
                        alias = a
                    }
                    modules.append((module, alias))
                } while accept(",")
                return Stmt(.import(modules), start)
            case "from":
                p += 1
                let module = try parseDottedName()
                guard acceptName("import") else { throw invalid() }
                let parenthesized = accept("(")
                var names: [(name: String, alias: String?)] = []
                repeat {
                    if parenthesized && isOp(")") { break }
                    guard case .name(let item) = current.kind else {
                        if accept("*") { names.append(("*", nil)); break }
                        throw invalid()
                    }
                    p += 1
                    var alias: String?
                    if acceptName("as") {
                        guard case .name(let a) = current.kind else { throw invalid() }
                        p += 1
                        alias = a
                    }
                    names.append((item, alias))
                } while accept(",")
                if parenthesized { try expect(")") }
                return Stmt(.fromImport(module, names), start)
            case "assert":
                p += 1
                let test = try parseTest()
                let message = accept(",") ? try parseTest() : nil
                return Stmt(.assert(test, message), start.union(test.span))
            case "del":
                p += 1
                var targets = [try parseTarget()]
                while accept(",") { targets.append(try parseTarget()) }
                return Stmt(.del(targets), start)
            case "global", "nonlocal":
                p += 1
                var names: [String] = []
                repeat {
                    guard case .name(let v) = current.kind else { throw invalid() }
                    p += 1
                    names.append(v)
                } while accept(",")
                return Stmt(n == "global" ? .global(names) : .nonlocal(names), start)
            case "raise":
                p += 1
                switch current.kind {
                case .newline, .eof: return Stmt(.raise(nil, cause: nil), start)
                case .op(";"): return Stmt(.raise(nil, cause: nil), start)
                default: break
                }
                let exception = try parseTest()
                let cause = acceptName("from") ? try parseTest() : nil
                return Stmt(.raise(exception, cause: cause), start.union(exception.span))
            default: break
            }
        }
        if case .name = current.kind, p + 1 < tokens.count, case .op(":=") = tokens[p + 1].kind { throw invalid() }
        let first = try parseYieldOrTestListStarred()
        if case .op(let op) = current.kind, op.count >= 2, op.hasSuffix("="), op != "==", op != "<=", op != ">=", op != "!=" {
            let symbol = String(op.dropLast())
            guard let binary = BinaryOperator(rawValue: symbol) else { throw invalid() }
            try checkAssignable(first, augmented: true)
            p += 1
            let value = try parseYieldOrTestListStarred()
            return Stmt(.augmentedAssign(first, binary, value), first.span.union(value.span))
        }
        if isOp(":") {
            p += 1
            let annotation = try parseTest()
            var text = String.UnicodeScalarView()
            text.append(contentsOf: source.scalars[annotation.span.start..<min(annotation.span.end, source.scalars.count)])
            let value = accept("=") ? try parseTestList() : nil
            return Stmt(.annotatedAssign(first, value, annotation: String(text)), first.span)
        }
        if isOp("=") {
            var targets = [first]
            var value = first
            while accept("=") {
                value = try parseYieldOrTestListStarred()
                targets.append(value)
            }
            targets.removeLast()
            for t in targets { try checkAssignable(t, augmented: false) }
            return Stmt(.assign(targets, value), first.span.union(value.span))
        }
        return Stmt(.expr(first), first.span)
    }

    /// A `yield` where Python's grammar allows it at statement level (alone, or as the
    /// value of an assignment), else an expression list.
    mutating func parseYieldOrTestListStarred() throws -> Expr {
        guard case .name("yield") = current.kind else { return try parseTestListStarred() }
        let start = current.span
        p += 1
        if acceptName("from") {
            let iterable = try parseTest()
            return Expr(.yieldFrom(iterable), start.union(iterable.span))
        }
        switch current.kind {
        case .newline, .eof, .op(";"), .op("="): return Expr(.yield(nil), start)
        default:
            let value = try parseTestListStarred()
            return Expr(.yield(value), start.union(value.span))
        }
    }

    func checkAssignable(_ e: Expr, augmented: Bool) throws {
        switch e.kind {
        case .name, .attribute, .subscript: return
        case .tuple(let items) where !augmented:
            for item in items { try checkAssignable(item, augmented: false) }
        case .list(let items) where !augmented:
            for item in items { try checkAssignable(item, augmented: false) }
        case .starred(let inner) where !augmented: try checkAssignable(inner, augmented: false)
        case .call:
            throw SyntaxError("cannot assign to function call here. Maybe you meant '==' instead of '='?", e.span)
        case .int, .float, .string, .bool, .none:
            throw SyntaxError("cannot assign to literal here. Maybe you meant '==' instead of '='?", e.span)
        default:
            throw SyntaxError(augmented ? "'\(describe(e))' is an illegal expression for augmented assignment"
                                        : "cannot assign to \(describe(e))", e.span)
        }
    }

    func describe(_ e: Expr) -> String {
        switch e.kind {
        case .binary, .unary: "expression"
        case .compare: "comparison"
        case .tuple: "tuple"
        case .list: "list"
        default: "expression"
        }
    }

    mutating func parseTarget() throws -> Expr {
        let e = try parseOr()
        try checkAssignable(e, augmented: false)
        return e
    }

    /// The targets of `for ... in` (no comparisons, so `in` ends them).
    mutating func parseTargetList() throws -> Expr {
        let first = try parseStarOrExpr(allowStar: true) { try $0.parseBitOr() }
        guard isOp(",") else { return first }
        var items = [first]
        while accept(",") {
            if isName("in") || isOp("=") { break }
            items.append(try parseStarOrExpr(allowStar: true) { try $0.parseBitOr() })
        }
        return Expr(.tuple(items), first.span.union(items.last!.span))
    }

    // MARK: Expressions

    mutating func parseStarOrExpr(allowStar: Bool, _ body: (inout Parser) throws -> Expr) throws -> Expr {
        if allowStar && isOp("*") {
            let start = advance().span
            let inner = try body(&self)
            return Expr(.starred(inner), start.union(inner.span))
        }
        return try body(&self)
    }

    /// `a, b` (a tuple without brackets) or a single test.
    mutating func parseTestList() throws -> Expr {
        let first = try parseTest()
        guard isOp(",") else { return first }
        var items = [first]
        while accept(",") {
            if startsExpression() { items.append(try parseTest()) } else { break }
        }
        return Expr(.tuple(items), first.span.union(items.last!.span))
    }

    mutating func parseTestListStarred() throws -> Expr {
        let first = try parseStarOrExpr(allowStar: true) { try $0.parseTest() }
        guard isOp(",") else { return first }
        var items = [first]
        while accept(",") {
            if startsExpression() || isOp("*") {
                items.append(try parseStarOrExpr(allowStar: true) { try $0.parseTest() })
            } else {
                break
            }
        }
        return Expr(.tuple(items), first.span.union(items.last!.span))
    }

    func startsExpression() -> Bool {
        switch current.kind {
        case .name(let n): return !Parser.keywords.contains(n) || ["not", "None", "True", "False", "lambda"].contains(n)
        case .int, .float, .string, .fstring: return true
        case .op(let o): return ["(", "[", "{", "-", "+", "~", "..."].contains(o)
        default: return false
        }
    }

    mutating func parseTest() throws -> Expr {
        try deeper()
        defer { depth -= 1 }
        if isName("lambda") { return try parseLambda() }
        if case .name(let n) = current.kind, !Parser.keywords.contains(n), p + 1 < tokens.count,
           case .op(":=") = tokens[p + 1].kind {
            let start = current.span
            p += 2
            let value = try parseTest()
            return Expr(.namedExpr(Name(n), value), start.union(value.span))
        }
        let body = try parseOr()
        if acceptName("if") {
            let test = try parseOr()
            guard acceptName("else") else { throw invalid("expected 'else' after 'if' expression") }
            let orElse = try parseTest()
            return Expr(.conditional(test: test, body: body, orElse: orElse), body.span.union(orElse.span))
        }
        return body
    }

    /// A def's or lambda's parameters: `a, b=1, *args, c, d=2, **kwargs` (a bare `*` makes
    /// the ones after it keyword-only), with Python's checks of their order.
    mutating func parseParameters(closing: String, annotations: Bool) throws -> [Parameter] {
        var params: [Parameter] = []
        var sawStar = false, sawDefault = false
        while !isOp(closing) {
            let at = current.span
            var kind: Parameter.Kind = sawStar ? .keywordOnly : .positional
            if accept("**") {
                kind = .keywordVariadic
            } else if accept("*") {
                if sawStar { throw SyntaxError("* argument may appear only once", at) }
                sawStar = true
                if isOp(",") || isOp(closing) {
                    // A bare `*`: what follows is keyword-only.
                    guard accept(","), !isOp(closing) else { throw SyntaxError("named arguments must follow bare *", at) }
                    continue
                }
                kind = .variadic
            }
            guard case .name(let pname) = current.kind, !Parser.keywords.contains(pname) else { throw invalid() }
            p += 1
            if params.contains(where: { $0.name == pname }) {
                throw SyntaxError("duplicate argument '\(pname)' in function definition", at)
            }
            if params.last?.kind == .keywordVariadic { throw SyntaxError("arguments cannot follow var-keyword argument", at) }
            if annotations && accept(":") { _ = try parseTest() }
            var defaultValue: Expr?
            if accept("=") {
                guard kind == .positional || kind == .keywordOnly else { throw invalid() }
                defaultValue = try parseTest()
                if kind == .positional { sawDefault = true }
            } else if kind == .positional && sawDefault {
                throw SyntaxError("non-default argument follows default argument", at)
            }
            params.append(Parameter(name: pname, defaultValue: defaultValue, kind: kind))
            if !accept(",") { break }
        }
        return params
    }

    /// `lambda a, b=1, *rest: expr`
    mutating func parseLambda() throws -> Expr {
        let start = advance().span
        let params = try parseParameters(closing: ":", annotations: false)
        try expect(":", "expected ':'")
        let body = try parseTest()
        return Expr(.lambda(params, body), start.union(body.span))
    }

    mutating func parseOr() throws -> Expr {
        var operands = [try parseAnd()]
        while acceptName("or") { operands.append(try parseAnd()) }
        return Parser.balanced(operands) { .or($0, $1) }
    }

    mutating func parseAnd() throws -> Expr {
        var operands = [try parseNot()]
        while acceptName("and") { operands.append(try parseNot()) }
        return Parser.balanced(operands) { .and($0, $1) }
    }

    /// `a and b and c ...` as a balanced tree: `and` and `or` are associative (each gives
    /// the first operand that decides, left to right, however grouped), so a chain of any
    /// length nests only log2(n) deep, as CPython's flat BoolOp does not nest at all.
    static func balanced(_ operands: [Expr], _ join: (Expr, Expr) -> Expr.Kind) -> Expr {
        if operands.count == 1 { return operands[0] }
        let mid = operands.count / 2
        let left = balanced(Array(operands[..<mid]), join), right = balanced(Array(operands[mid...]), join)
        return Expr(join(left, right), left.span.union(right.span))
    }

    mutating func parseNot() throws -> Expr {
        if isName("not") {
            let start = advance().span
            try deeper()
            defer { depth -= 1 }
            let operand = try parseNot()
            return Expr(.unary(.not, operand), start.union(operand.span))
        }
        return try parseComparison()
    }

    mutating func parseComparison() throws -> Expr {
        let left = try parseBitOr()
        var rest: [(CompareOperator, Expr)] = []
        while true {
            var op: CompareOperator?
            switch current.kind {
            case .op(let o): op = CompareOperator(rawValue: o)
            case .name("in"): op = .in
            case .name("is"):
                p += 1
                op = acceptName("not") ? .isNot : .is
                rest.append((op!, try parseBitOr()))
                continue
            case .name("not") where { if case .name("in") = next.kind { true } else { false } }():
                p += 2
                rest.append((.notIn, try parseBitOr()))
                continue
            default: break
            }
            guard let found = op else { break }
            p += 1
            rest.append((found, try parseBitOr()))
        }
        if rest.isEmpty { return left }
        return Expr(.compare(left, rest), left.span.union(rest.last!.1.span))
    }

    mutating func parseBinaryLevel(_ ops: [String], _ operand: (inout Parser) throws -> Expr) throws -> Expr {
        var left = try operand(&self)
        let entry = depth
        defer { depth = entry }
        while case .op(let o) = current.kind, ops.contains(o) {
            p += 1
            try deeper()
            let right = try operand(&self)
            left = Expr(.binary(BinaryOperator(rawValue: o)!, left, right), left.span.union(right.span))
        }
        return left
    }

    mutating func parseBitOr() throws -> Expr { try parseBinaryLevel(["|"]) { try $0.parseBitXor() } }
    mutating func parseBitXor() throws -> Expr { try parseBinaryLevel(["^"]) { try $0.parseBitAnd() } }
    mutating func parseBitAnd() throws -> Expr { try parseBinaryLevel(["&"]) { try $0.parseShift() } }
    mutating func parseShift() throws -> Expr { try parseBinaryLevel(["<<", ">>"]) { try $0.parseArith() } }
    mutating func parseArith() throws -> Expr { try parseBinaryLevel(["+", "-"]) { try $0.parseTerm() } }
    mutating func parseTerm() throws -> Expr { try parseBinaryLevel(["*", "/", "//", "%", "@"]) { try $0.parseFactor() } }

    mutating func parseFactor() throws -> Expr {
        if case .op(let o) = current.kind, ["-", "+", "~"].contains(o) {
            let start = advance().span
            try deeper()
            defer { depth -= 1 }
            let operand = try parseFactor()
            let op: UnaryOperator = o == "-" ? .negate : (o == "+" ? .plus : .invert)
            return Expr(.unary(op, operand), start.union(operand.span))
        }
        return try parsePower()
    }

    mutating func parsePower() throws -> Expr {
        let base = try parsePrimary()
        if accept("**") {
            try deeper()
            defer { depth -= 1 }
            let exponent = try parseFactor()
            return Expr(.binary(.pow, base, exponent), base.span.union(exponent.span))
        }
        return base
    }

    mutating func parsePrimary() throws -> Expr {
        var e = try parseAtom()
        let entry = depth
        defer { depth = entry }
        while true {
            // Each trailer (`.x`, `[i]`, `(...)`) nests the tree one level deeper.
            if isOp("(") || isOp("[") || isOp(".") { try deeper() }
            if isOp("(") {
                p += 1
                var args: [Argument] = []
                while !isOp(")") {
                    if accept("**") {
                        args.append(.doubleStar(try parseTest()))
                    } else if accept("*") {
                        args.append(.star(try parseTest()))
                    } else if case .name(let n) = current.kind, case .op("=") = next.kind {
                        p += 2
                        args.append(.keyword(n, try parseTest()))
                    } else {
                        let value = try parseTest()
                        if isName("for") {
                            let generators = try parseComprehensionClauses()
                            args.append(.positional(Expr(.generatorExp(value, generators), value.span)))
                        } else {
                            args.append(.positional(value))
                        }
                    }
                    if !accept(",") { break }
                }
                let end = current.span
                try expect(")", "'(' was never closed")
                e = Expr(.call(e, args), e.span.union(end))
            } else if isOp("[") {
                p += 1
                let index = try parseSubscriptList()
                let end = current.span
                try expect("]", "'[' was never closed")
                e = Expr(.subscript(e, index), e.span.union(end))
            } else if isOp(".") {
                p += 1
                guard case .name(let attr) = current.kind else { throw invalid() }
                let end = advance().span
                e = Expr(.attribute(e, attr), e.span.union(end))
            } else {
                return e
            }
        }
    }

    mutating func parseSubscriptList() throws -> Expr {
        let first = try parseSubscript()
        guard isOp(",") else { return first }
        var items = [first]
        while accept(",") {
            if isOp("]") { break }
            items.append(try parseSubscript())
        }
        return Expr(.tuple(items), first.span.union(items.last!.span))
    }

    mutating func parseSubscript() throws -> Expr {
        let start = current.span
        var lower: Expr?
        if !isOp(":") { lower = try parseTest() }
        guard accept(":") else { return lower! }
        var upper: Expr?, step: Expr?
        if !isOp(":") && !isOp("]") && !isOp(",") { upper = try parseTest() }
        if accept(":") {
            if !isOp("]") && !isOp(",") { step = try parseTest() }
        }
        return Expr(.slice(lower, upper, step), start.union(tokens[p - 1].span))
    }

    mutating func parseComprehensionClauses() throws -> [Comprehension] {
        var clauses: [Comprehension] = []
        while acceptName("for") {
            let target = try parseTargetList()
            guard acceptName("in") else { throw invalid() }
            let iterable = try parseOr()
            var conditions: [Expr] = []
            while acceptName("if") { conditions.append(try parseOrNoConditional()) }
            clauses.append(Comprehension(target: target, iterable: iterable, conditions: conditions))
        }
        return clauses
    }

    mutating func parseOrNoConditional() throws -> Expr { try parseOr() }

    mutating func parseAtom() throws -> Expr {
        let token = current
        switch token.kind {
        case .name(let n):
            switch n {
            case "True": p += 1; return Expr(.bool(true), token.span)
            case "False": p += 1; return Expr(.bool(false), token.span)
            case "None": p += 1; return Expr(.none, token.span)
            case "yield":
                throw SyntaxError("tsh supports 'yield' as a statement or as the value of an assignment, not inside an expression",
                                  token.span)
            default:
                if Parser.keywords.contains(n) { throw invalid() }
                p += 1
                return Expr(.name(Name(n)), token.span)
            }
        case .int(let v): p += 1; return Expr(.int(v), token.span)
        case .float(let v): p += 1; return Expr(.float(v), token.span)
        case .string, .fstring, .bytes:
            return try parseStrings()
        case .op("..."): p += 1; return Expr(.ellipsis, token.span)
        case .op("("):
            p += 1
            if isOp(")") {
                let end = advance().span
                return Expr(.tuple([]), token.span.union(end))
            }
            let first = try parseStarOrExpr(allowStar: true) { try $0.parseTest() }
            if isName("for") {
                let generators = try parseComprehensionClauses()
                let end = current.span
                try expect(")", "'(' was never closed")
                return Expr(.generatorExp(first, generators), token.span.union(end))
            }
            if isOp(",") {
                var items = [first]
                while accept(",") {
                    if isOp(")") { break }
                    items.append(try parseStarOrExpr(allowStar: true) { try $0.parseTest() })
                }
                let end = current.span
                try expect(")", "'(' was never closed")
                return Expr(.tuple(items), token.span.union(end))
            }
            let end = current.span
            try expect(")", "'(' was never closed")
            var inner = first
            inner.span = token.span.union(end)
            return inner
        case .op("["):
            p += 1
            var items: [Expr] = []
            if !isOp("]") {
                let first = try parseStarOrExpr(allowStar: true) { try $0.parseTest() }
                if isName("for") {
                    let generators = try parseComprehensionClauses()
                    let end = current.span
                    try expect("]", "'[' was never closed")
                    return Expr(.listComp(first, generators), token.span.union(end))
                }
                items.append(first)
                while accept(",") {
                    if isOp("]") { break }
                    items.append(try parseStarOrExpr(allowStar: true) { try $0.parseTest() })
                }
            }
            let end = current.span
            try expect("]", "'[' was never closed")
            return Expr(.list(items), token.span.union(end))
        case .op("{"):
            p += 1
            var pairs: [(Expr?, Expr)] = []
            while !isOp("}") {
                if accept("**") {
                    pairs.append((nil, try parseOr()))
                    if !accept(",") { break }
                    continue
                }
                let key = try parseStarOrExpr(allowStar: pairs.isEmpty) { try $0.parseTest() }
                if pairs.isEmpty && (isOp(",") || isOp("}") || isName("for")) {
                    // A set: {a, b, *rest} or {x for x in y}.
                    if isName("for") {
                        let generators = try parseComprehensionClauses()
                        let end = current.span
                        try expect("}", "'{' was never closed")
                        return Expr(.setComp(key, generators), token.span.union(end))
                    }
                    var items = [key]
                    while accept(",") {
                        if isOp("}") { break }
                        items.append(try parseStarOrExpr(allowStar: true) { try $0.parseTest() })
                    }
                    let end = current.span
                    try expect("}", "'{' was never closed")
                    return Expr(.set(items), token.span.union(end))
                }
                if case .starred = key.kind { throw invalid() }
                try expect(":", "':' expected after dictionary key")
                let value = try parseTest()
                if pairs.isEmpty && isName("for") {
                    let generators = try parseComprehensionClauses()
                    let end = current.span
                    try expect("}", "'{' was never closed")
                    return Expr(.dictComp(key, value, generators), token.span.union(end))
                }
                pairs.append((key, value))
                if !accept(",") { break }
            }
            let end = current.span
            try expect("}", "'{' was never closed")
            return Expr(.dict(pairs), token.span.union(end))
        case .newline, .eof:
            throw invalid()
        default:
            throw invalid()
        }
    }

    /// Adjacent string literals join; f-strings parse their fields.
    mutating func parseStrings() throws -> Expr {
        var parts: [FStringPart] = []
        var span = current.span
        var anyF = false
        while true {
            switch current.kind {
            case .bytes(let b):
                // b'a' b'b' joins; a bytes literal beside a str is Python's SyntaxError.
                var joined = b
                var end = current.span
                p += 1
                while case .bytes(let more) = current.kind {
                    joined += more
                    end = current.span
                    p += 1
                }
                if case .string = current.kind { throw SyntaxError("cannot mix bytes and nonbytes literals", current.span) }
                if !parts.isEmpty { throw SyntaxError("cannot mix bytes and nonbytes literals", span) }
                return Expr(.bytes(joined), span.union(end))
            case .string(let text):
                parts.append(.literal(text))
            case .fstring(let body, let bodyStart):
                anyF = true
                parts += try FStringParser.parse(body, offset: bodyStart, source: source)
            default:
                if anyF { return Expr(.fstring(parts), span) }
                let text = parts.map { if case .literal(let t) = $0 { t } else { "" } }.joined()
                return Expr(.string(text), span)
            }
            span = span.union(current.span)
            p += 1
        }
    }
}

extension Parser {
    /// Whether `text` is a finished piece of input: false while a bracket, a string or a
    /// block is still open (the prompt then asks for more with `...`). Input with a real
    /// syntax error is finished (the error is reported).
    package static func isComplete(_ text: String) -> Bool {
        inputStatus(text) != .incomplete
    }

    /// What more lines could do for input typed so far.
    package enum InputStatus {
        /// It parses.
        case complete
        /// It ends too early (an open bracket, a block with no body yet).
        case incomplete
        /// It has an error no further line can mend (`if True print(1)`).
        case invalid
    }

    package static func inputStatus(_ text: String) -> InputStatus {
        do {
            _ = try parse(Source(name: "<input>", text: text))
            return .complete
        } catch let error as SyntaxError {
            return error.incomplete ? .incomplete : .invalid
        } catch {
            return .invalid
        }
    }
}
