import PythonSyntax

/// The names mentioned inside the scopes nested in a block (functions, class bodies,
/// comprehensions, at any depth). A scope's variable that one of them mentions may be
/// captured, so it lives in a Cell that a closure can share; every other variable stays a
/// plain slot, and a closure holds only the cells it uses — never the frame, which would
/// hold the closure back (a cycle that reference counting never frees).
///
/// This over-approximates (a nested scope's own variable of the same name counts too): a
/// variable in a cell it did not need is only slower, never wrong.
struct NestedMentions {
    private(set) var names: Set<String> = []

    static func of(_ block: [Stmt]) -> Set<String> {
        var m = NestedMentions()
        for s in block { m.visit(s, nested: false) }
        return m.names
    }

    /// A lambda's body: the scopes nested in it (a lambda returning a lambda).
    static func of(lambdaBody: Expr) -> Set<String> {
        var m = NestedMentions()
        m.visit(lambdaBody, nested: false)
        return m.names
    }

    /// The parts of a comprehension that run in its own scope (all but the first iterable).
    static func of(comprehension clauses: [Comprehension], elements: [Expr]) -> Set<String> {
        var m = NestedMentions()
        for e in elements { m.visit(e, nested: false) }
        for (k, clause) in clauses.enumerated() {
            m.visit(clause.target, nested: false)
            if k > 0 { m.visit(clause.iterable, nested: false) }
            for c in clause.conditions { m.visit(c, nested: false) }
        }
        return m.names
    }

    private mutating func visit(_ block: [Stmt], nested: Bool) {
        for s in block { visit(s, nested: nested) }
    }

    private mutating func visit(_ s: Stmt, nested: Bool) {
        switch s.kind {
        case .expr(let e): visit(e, nested: nested)
        case .assign(let targets, let value):
            for t in targets { visit(t, nested: nested) }
            visit(value, nested: nested)
        case .augmentedAssign(let t, _, let v): visit(t, nested: nested); visit(v, nested: nested)
        case .annotatedAssign(let t, let v, _):
            visit(t, nested: nested)
            if let v { visit(v, nested: nested) }
        case .if(let c, let a, let b), .while(let c, let a, let b):
            visit(c, nested: nested); visit(a, nested: nested); visit(b, nested: nested)
        case .for(let t, let it, let a, let b):
            visit(t, nested: nested); visit(it, nested: nested); visit(a, nested: nested); visit(b, nested: nested)
        case .return(let e): if let e { visit(e, nested: nested) }
        case .def(let name, let params, let body):
            if nested { names.insert(name) }
            // Defaults are evaluated where the def runs; the body is a scope of its own.
            for p in params { if let d = p.defaultValue { visit(d, nested: nested) } }
            visit(body, nested: true)
        case .decorated(let decorators, let target):
            for d in decorators { visit(d, nested: nested) }
            visit(target, nested: nested)
        case .class(let name, let bases, let body):
            if nested { names.insert(name) }
            for b in bases { visit(b, nested: nested) }
            visit(body, nested: true)
        case .with(let items, let body):
            for (e, t) in items {
                visit(e, nested: nested)
                if let t { visit(t, nested: nested) }
            }
            visit(body, nested: nested)
        case .import(let modules):
            if nested { for (m, alias) in modules { names.insert(alias ?? String(m.split(separator: ".")[0])) } }
        case .fromImport(_, let imported):
            if nested { for (n, alias) in imported { names.insert(alias ?? n) } }
        case .assert(let a, let b):
            visit(a, nested: nested)
            if let b { visit(b, nested: nested) }
        case .del(let targets): for t in targets { visit(t, nested: nested) }
        case .global(let declared), .nonlocal(let declared): if nested { names.formUnion(declared) }
        case .raise(let e, let cause):
            if let e { visit(e, nested: nested) }
            if let cause { visit(cause, nested: nested) }
        case .try(let body, let handlers, let orElse, let final):
            visit(body, nested: nested)
            for h in handlers {
                if let t = h.type { visit(t, nested: nested) }
                if nested, let name = h.name { names.insert(name) }
                visit(h.body, nested: nested)
            }
            visit(orElse, nested: nested)
            visit(final, nested: nested)
        case .break, .continue, .pass, .shellCommand: break
        }
    }

    private mutating func visit(_ e: Expr, nested: Bool) {
        switch e.kind {
        case .name(let n): if nested { names.insert(n.text) }
        case .int, .float, .string, .bytes, .bool, .none, .ellipsis: break
        case .fstring(let parts): visit(parts, nested: nested)
        case .list(let items), .tuple(let items), .set(let items): for i in items { visit(i, nested: nested) }
        case .setComp(let element, let clauses), .generatorExp(let element, let clauses):
            visit(clauses, elements: [element], nested: nested)
        case .dict(let pairs): for (k, v) in pairs { if let k { visit(k, nested: nested) }; visit(v, nested: nested) }
        case .listComp(let element, let clauses): visit(clauses, elements: [element], nested: nested)
        case .dictComp(let key, let value, let clauses): visit(clauses, elements: [key, value], nested: nested)
        case .unary(_, let a), .starred(let a), .attribute(let a, _): visit(a, nested: nested)
        case .binary(_, let a, let b), .and(let a, let b), .or(let a, let b), .subscript(let a, let b):
            visit(a, nested: nested); visit(b, nested: nested)
        case .compare(let first, let rest):
            visit(first, nested: nested)
            for (_, r) in rest { visit(r, nested: nested) }
        case .conditional(let test, let body, let orElse):
            visit(test, nested: nested); visit(body, nested: nested); visit(orElse, nested: nested)
        case .call(let callee, let args):
            visit(callee, nested: nested)
            for a in args {
                switch a {
                case .positional(let x), .keyword(_, let x), .star(let x), .doubleStar(let x): visit(x, nested: nested)
                }
            }
        case .lambda(let params, let body):
            // Defaults are evaluated where the lambda is; the body is a scope of its own.
            for p in params { if let d = p.defaultValue { visit(d, nested: nested) } }
            visit(body, nested: true)
        case .slice(let a, let b, let c):
            for x in [a, b, c] { if let x { visit(x, nested: nested) } }
        case .yield(let value): if let value { visit(value, nested: nested) }
        case .namedExpr(let name, let value):
            if nested { names.insert(name.text) }
            visit(value, nested: nested)
        case .yieldFrom(let iterable): visit(iterable, nested: nested)
        }
    }

    /// A comprehension: its first iterable belongs to the scope around it, the rest to its own.
    private mutating func visit(_ clauses: [Comprehension], elements: [Expr], nested: Bool) {
        visit(clauses[0].iterable, nested: nested)
        for e in elements { visit(e, nested: true) }
        for (k, clause) in clauses.enumerated() {
            visit(clause.target, nested: true)
            if k > 0 { visit(clause.iterable, nested: true) }
            for c in clause.conditions { visit(c, nested: true) }
        }
    }

    private mutating func visit(_ parts: [FStringPart], nested: Bool) {
        for part in parts {
            if case .field(let e, _, let spec) = part {
                visit(e, nested: nested)
                visit(spec, nested: nested)
            }
        }
    }
}
