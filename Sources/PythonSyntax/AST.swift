/// The syntax tree of the Python subset (../shared/spec/language.md).
package struct Expr: Sendable {
    package indirect enum Kind: Sendable {
        case name(Name)
        case int(String)
        case float(Double)
        case string(String)
        /// b'...'
        case bytes([UInt8])
        case fstring([FStringPart])
        case bool(Bool)
        case none
        case ellipsis
        case list([Expr])
        case tuple([Expr])
        /// `{k: v, **m}`: a nil key marks a mapping unpacked into the dict.
        case dict([(Expr?, Expr)])
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
        /// `name := value` (the walrus): binds in the enclosing function, not a comprehension.
        case namedExpr(Name, Expr)
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
        /// `target: annotation = value`, with the annotation's source text (kept, not evaluated).
        case annotatedAssign(Expr, Expr?, annotation: String)
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

extension Expr {
    /// The names walrus expressions in this expression bind, comprehensions included
    /// (their walrus binds in the scope around them), lambdas not (theirs is their own).
    package var walrusTargets: [String] {
        var names: [String] = []
        func visit(_ e: Expr) {
            switch e.kind {
            case .namedExpr(let n, let v): names.append(n.text); visit(v)
            case .name, .int, .float, .string, .bytes, .bool, .none, .ellipsis, .lambda: break
            case .fstring(let parts):
                for case .field(let x, _, let spec) in parts { visit(x); for case .field(let y, _, _) in spec { visit(y) } }
            case .list(let xs), .tuple(let xs), .set(let xs): xs.forEach(visit)
            case .dict(let pairs): for (k, v) in pairs { if let k { visit(k) }; visit(v) }
            case .setComp(let x, let cs), .generatorExp(let x, let cs), .listComp(let x, let cs):
                visit(x); visitClauses(cs)
            case .dictComp(let k, let v, let cs): visit(k); visit(v); visitClauses(cs)
            case .unary(_, let a), .starred(let a), .attribute(let a, _), .yieldFrom(let a): visit(a)
            case .binary(_, let a, let b), .and(let a, let b), .or(let a, let b), .subscript(let a, let b): visit(a); visit(b)
            case .compare(let a, let rest): visit(a); for (_, r) in rest { visit(r) }
            case .conditional(let t, let b, let o): visit(t); visit(b); visit(o)
            case .call(let f, let args):
                visit(f)
                for a in args {
                    switch a {
                    case .positional(let x), .keyword(_, let x), .star(let x), .doubleStar(let x): visit(x)
                    }
                }
            case .slice(let a, let b, let c): for x in [a, b, c] { if let x { visit(x) } }
            case .yield(let v): if let v { visit(v) }
            }
        }
        func visitClauses(_ cs: [Comprehension]) {
            for c in cs { visit(c.iterable); c.conditions.forEach(visit) }
        }
        visit(self)
        return names
    }
}

extension Stmt {
    /// The expressions this statement evaluates itself (not those of nested blocks).
    package var ownExpressions: [Expr] {
        switch kind {
        case .expr(let e), .if(let e, _, _), .while(let e, _, _): [e]
        case .assign(let ts, let v): ts + [v]
        case .augmentedAssign(let t, _, let v): [t, v]
        case .annotatedAssign(let t, let v, _): [t] + (v.map { [$0] } ?? [])
        case .for(let t, let it, _, _): [t, it]
        case .return(let e): e.map { [$0] } ?? []
        case .with(let items, _): items.flatMap { [$0.0] + ($0.1.map { [$0] } ?? []) }
        case .assert(let a, let b): [a] + (b.map { [$0] } ?? [])
        case .del(let ts): ts
        case .raise(let e, let c): (e.map { [$0] } ?? []) + (c.map { [$0] } ?? [])
        case .decorated(let ds, _): ds
        case .class(_, let bases, _): bases
        case .def(_, let params, _): params.compactMap(\.defaultValue)
        default: []
        }
    }
}
