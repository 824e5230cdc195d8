import BigInt
import PythonSyntax

extension Compiler {
    func expr(_ e: Expr) throws -> ExprCode {
        switch e.kind {
        case .name(let n):
            return load(n, span: e.span)
        case .int(let text):
            let value: Value = Int(text).map(Value.int) ?? .integer(BigInt(text)!)
            return { _ in value }
        case .float(let d): return { _ in .float(d) }
        case .string(let s): return { _ in .string(s) }
        case .fstring(let parts):
            let compiled = try fString(parts)
            return { f in .string(try compiled(f)) }
        case .bool(let b): return { _ in .bool(b) }
        case .none: return { _ in .none }
        case .ellipsis: return { _ in .ellipsis }
        case .list(let items):
            let values = try sequence(items)
            return { f in .list(PyList(try values(f))) }
        case .tuple(let items):
            let values = try sequence(items)
            return { f in .tuple(try values(f)) }
        case .dict(let pairs):
            let codes = try pairs.map { (try expr($0.0), try expr($0.1)) }
            return { f in
                let d = PyDict()
                for (k, v) in codes { try d.set(try k(f), try v(f)) }
                return .dict(d)
            }
        case .listComp(let element, let clauses):
            return try comprehension(clauses, start: { [Value]() }) { inner in
                let item = try inner.expr(element)
                return { f, out in out.append(try item(f)) }
            } result: { .list(PyList($0)) }
        case .dictComp(let keyExpr, let valueExpr, let clauses):
            return try comprehension(clauses, start: { PyDict() }) { inner in
                let key = try inner.expr(keyExpr), value = try inner.expr(valueExpr)
                return { f, out in try out.set(try key(f), try value(f)) }
            } result: { .dict($0) }
        case .unary(let op, let operandExpr):
            let operand = try expr(operandExpr)
            return { f in try interp.unary(op, try operand(f)) }
        case .binary(let op, let l, let r):
            return try binary(op, l, r)
        case .and(let l, let r):
            let left = try expr(l), right = try expr(r)
            return { f in
                let v = try left(f)
                return try interp.truth(v) ? try right(f) : v
            }
        case .or(let l, let r):
            let left = try expr(l), right = try expr(r)
            return { f in
                let v = try left(f)
                return try interp.truth(v) ? v : try right(f)
            }
        case .compare(let first, let rest):
            return try comparison(first, rest)
        case .conditional(let testExpr, let bodyExpr, let orElseExpr):
            let test = try condition(testExpr), body = try expr(bodyExpr), orElse = try expr(orElseExpr)
            return { f in try test(f) ? try body(f) : try orElse(f) }
        case .call(let calleeExpr, let arguments):
            return try call(calleeExpr, arguments)
        case .attribute(let objectExpr, let name):
            let object = try expr(objectExpr)
            return { f in try interp.getAttribute(try object(f), name) }
        case .subscript(let objectExpr, let indexExpr):
            let object = try expr(objectExpr), index = try expr(indexExpr)
            return { f in
                let o = try object(f)
                return try interp.getItem(o, try index(f))
            }
        case .slice(let lower, let upper, let step):
            let codes = try [lower, upper, step].map { try $0.map(expr) }
            return { f in
                .slice(try codes[0]?(f) ?? .none, try codes[1]?(f) ?? .none, try codes[2]?(f) ?? .none)
            }
        case .starred:
            throw PyError("SyntaxError", "can't use starred expression here", span: e.span)
        }
    }

    /// The items of a list or tuple display, `*iterable` spliced in.
    func sequence(_ items: [Expr]) throws -> (Frame) throws -> [Value] {
        let codes = try items.map { item -> (ExprCode, splice: Bool) in
            if case .starred(let inner) = item.kind { return (try expr(inner), true) }
            return (try expr(item), false)
        }
        return { f in
            var out: [Value] = []
            out.reserveCapacity(codes.count)
            for (code, splice) in codes {
                if splice { out += try interp.materialize(try code(f)) } else { out.append(try code(f)) }
            }
            return out
        }
    }

    // MARK: Operators

    private func binary(_ op: BinaryOperator, _ l: Expr, _ r: Expr) throws -> ExprCode {
        let left = try expr(l), right = try expr(r)
        // `i + 1`, `n - 1`: a literal small int on the right is the common loop case.
        if case .int(let text) = r.kind, let k = Int(text), op == .add || op == .sub {
            let kk = op == .add ? k : -k
            if k != .min {
                return { f in
                    let a = try left(f)
                    if case .int(let x) = a {
                        let (sum, overflow) = x.addingReportingOverflow(kk)
                        if !overflow { return .int(sum) }
                    }
                    return try interp.binary(op, a, .int(k))
                }
            }
        }
        return { f in
            let a = try left(f)
            return try interp.binary(op, a, try right(f))
        }
    }

    private func comparison(_ first: Expr, _ rest: [(CompareOperator, Expr)]) throws -> ExprCode {
        let left = try expr(first)
        let rights = try rest.map { ($0.0, try expr($0.1)) }
        if rights.count == 1 {
            let (op, right) = rights[0]
            return { f in
                let a = try left(f), b = try right(f)
                if case .int(let x) = a, case .int(let y) = b, let decided = Compiler.compareInts(op, x, y) {
                    return .bool(decided)
                }
                return try interp.compare(op, a, b)
            }
        }
        return { f in
            var a = try left(f)
            for (op, right) in rights {
                let b = try right(f)
                let result = try interp.compare(op, a, b)
                if !(try interp.truth(result)) { return result }
                a = b
            }
            return .bool(true)
        }
    }

    @inline(__always)
    static func compareInts(_ op: CompareOperator, _ x: Int, _ y: Int) -> Bool? {
        switch op {
        case .lt: x < y
        case .le: x <= y
        case .gt: x > y
        case .ge: x >= y
        case .eq: x == y
        case .ne: x != y
        default: nil
        }
    }

    // MARK: Comprehensions

    /// A comprehension runs in a scope of its own (its loop variables do not leak); the
    /// first iterable is evaluated outside it, as in Python.
    private func comprehension<Output>(_ clauses: [Comprehension], start: @escaping () -> Output,
                                       element: (Compiler) throws -> (Frame, inout Output) throws -> Void,
                                       result: @escaping (Output) -> Value) throws -> ExprCode {
        let inner = Scope(.comprehension, parent: scope)
        for clause in clauses { inner.collectTarget(clause.target) }
        let compiler = nested(inner)
        let firstIterable = try expr(clauses[0].iterable)
        let stages = try clauses.enumerated().map { k, clause in
            (iterable: k == 0 ? nil : try compiler.expr(clause.iterable),
             store: try compiler.store(clause.target),
             conditions: try clause.conditions.map(compiler.condition))
        }
        let emit = try element(compiler)
        let slotCount = inner.slotCount
        let underParent = nestsUnderParent
        return { f in
            let frame = Frame(slots: slotCount, parent: underParent ? f.parent : f)
            var out = start()
            func run(_ k: Int, _ iterable: Value) throws {
                let stage = stages[k]
                let iterator = try interp.iterate(iterable)
                outer: while let item = try iterator.next() {
                    try stage.store(frame, item)
                    for test in stage.conditions where !(try test(frame)) { continue outer }
                    if k + 1 == stages.count {
                        try emit(frame, &out)
                    } else {
                        try run(k + 1, try stages[k + 1].iterable!(frame))
                    }
                }
            }
            try run(0, try firstIterable(f))
            return result(out)
        }
    }

    // MARK: f-strings

    private func fString(_ parts: [FStringPart]) throws -> (Frame) throws -> String {
        let compiled = try parts.map { part -> (Frame) throws -> String in
            switch part {
            case .literal(let text):
                return { _ in text }
            case .field(let e, let conversion, let specParts):
                let value = try expr(e), spec = try fString(specParts)
                return { f in
                    var v = try value(f)
                    let s = try spec(f)
                    switch conversion {
                    case "r", "a": v = .string(try interp.repr(v))
                    case "s": v = .string(try interp.str(v))
                    default: break
                    }
                    return try interp.format(v, s)
                }
            }
        }
        return { f in
            var out = ""
            for part in compiled { out += try part(f) }
            return out
        }
    }
}
