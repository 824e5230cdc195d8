/// The syntax tree of the Python subset (../shared/spec/language.md).
package struct Expr: Sendable {
    package indirect enum Kind: Sendable {
        case name(Name)
        case int(String)
        case float(Double)
        case string(String)
        case fstring([FStringPart])
        case bool(Bool)
        case none
        case ellipsis
        case list([Expr])
        case tuple([Expr])
        case dict([(Expr, Expr)])
        /// `{a, b}`
        case set([Expr])
        /// `{x for x in y}`
        case setComp(Expr, [Comprehension])
        /// `(x for x in y)`: a generator, as Python makes one.
        case generatorExp(Expr, [Comprehension])
        case listComp(Expr, [Comprehension])
        case dictComp(Expr, Expr, [Comprehension])
        case unary(UnaryOperator, Expr)
        case binary(BinaryOperator, Expr, Expr)
        case and(Expr, Expr)
        case or(Expr, Expr)
        case compare(Expr, [(CompareOperator, Expr)])
        case conditional(test: Expr, body: Expr, orElse: Expr)
        case call(Expr, [Argument])
        case attribute(Expr, String)
        case `subscript`(Expr, Expr)
        case slice(Expr?, Expr?, Expr?)
        case starred(Expr)
        /// `lambda params: body`
        case lambda([Parameter], Expr)
        /// `yield value` (None when bare), as a statement or the value of an assignment.
        case yield(Expr?)
        /// `yield from iterable`
        case yieldFrom(Expr)
    }

    package var kind: Kind
    package var span: Span

    package init(_ kind: Kind, _ span: Span) {
        self.kind = kind
        self.span = span
    }
}

package struct Comprehension: Sendable {
    package var target: Expr
    package var iterable: Expr
    package var conditions: [Expr]
}

package enum FStringPart: Sendable {
    case literal(String)
    /// `{expr!conversion:spec}`; the spec may itself contain replacement fields.
    case field(Expr, conversion: Character?, spec: [FStringPart])
}

package enum Argument: Sendable {
    case positional(Expr)
    case keyword(String, Expr)
    case star(Expr)
    case doubleStar(Expr)
}

package enum UnaryOperator: String, Sendable { case negate = "-", plus = "+", not = "not", invert = "~" }

package enum BinaryOperator: String, Sendable {
    case add = "+", sub = "-", mul = "*", div = "/", floorDiv = "//", mod = "%", pow = "**", matmul = "@"
    case and = "&", or = "|", xor = "^", lshift = "<<", rshift = ">>"
}

package enum CompareOperator: String, Sendable {
    case eq = "==", ne = "!=", lt = "<", le = "<=", gt = ">", ge = ">=", `is` = "is", isNot = "is not", `in` = "in", notIn = "not in"
}

package struct Parameter: Sendable {
    package enum Kind: Sendable, Equatable {
        /// Filled by position or by name.
        case positional
        /// `*args`: the positional arguments left over, as a tuple.
        case variadic
        /// After `*` or `*args`: by name only.
        case keywordOnly
        /// `**kwargs`: the keyword arguments left over, as a dict.
        case keywordVariadic
    }

    package var name: String
    package var defaultValue: Expr?
    package var kind: Kind = .positional

    package init(name: String, defaultValue: Expr?, kind: Kind = .positional) {
        self.name = name
        self.defaultValue = defaultValue
        self.kind = kind
    }

    package var isVariadic: Bool { kind == .variadic }
}

package struct Stmt: Sendable {
    package indirect enum Kind: Sendable {
        case expr(Expr)
        case assign([Expr], Expr)
        case augmentedAssign(Expr, BinaryOperator, Expr)
        case annotatedAssign(Expr, Expr?)
        case `if`(Expr, [Stmt], [Stmt])
        case `while`(Expr, [Stmt], [Stmt])
        case `for`(Expr, Expr, [Stmt], [Stmt])
        case `break`
        case `continue`
        case pass
        case `return`(Expr?)
        case def(String, [Parameter], [Stmt])
        /// `@d1 @d2 def/class ...`: the decorators, outermost first, and what they decorate.
        case decorated([Expr], Stmt)
        case `class`(String, [Expr], [Stmt])
        case with([(Expr, Expr?)], [Stmt])
        case `import`([(module: String, alias: String?)])
        case fromImport(String, [(name: String, alias: String?)])
        case assert(Expr, Expr?)
        case del([Expr])
        case global([String])
        case nonlocal([String])
        /// `raise`, `raise X`, `raise X from Y`
        case raise(Expr?, cause: Expr?)
        /// `try: ... except T as name: ... else: ... finally: ...`
        case `try`([Stmt], [ExceptHandler], orElse: [Stmt], finally: [Stmt])
        /// A `:` line of the shell (never Python).
        case shellCommand(String)
    }

    package var kind: Kind
    package var span: Span

    package init(_ kind: Kind, _ span: Span) {
        self.kind = kind
        self.span = span
    }
}

/// One `except` clause: the class (or tuple of classes) it catches, nil for a bare
/// `except:`; the name the exception is bound to.
package struct ExceptHandler: Sendable {
    package var type: Expr?
    package var name: String?
    package var body: [Stmt]
    package var span: Span
}
