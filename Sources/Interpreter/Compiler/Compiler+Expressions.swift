import BigInt
import PythonSyntax

extension Compiler {
    func expr(_ e: Expr) throws -> ExprCode {
        switch e.kind {
        case .name(let n):
            return load(n, span: e.span)
        case .int(let text):
            let value = Compiler.integer(text)
            return { _, _ in value }
        case .float(let d): return { _, _ in .float(d) }
        case .string(let s): return { _, _ in .string(s) }
        case .bytes(let b):
            let value = Value.object(BytesObject(b))
            return { _, _ in value }
        case .fstring(let parts):
            let compiled = try fString(parts)
            return { f, interp in .string(try compiled(f, interp)) }
        case .bool(let b): return { _, _ in .bool(b) }
        case .none: return { _, _ in .none }
        case .ellipsis: return { _, _ in .ellipsis }
        case .list(let items):
            let values = try sequence(items)
            return { f, interp in .list(PyList(try values(f, interp))) }
        case .tuple(let items):
            let values = try sequence(items)
            return { f, interp in .tuple(try values(f, interp)) }
        case .dict(let pairs):
            let codes = try pairs.map { (try $0.0.map(expr), try expr($0.1)) }
            return { f, interp in
                let d = PyDict()
                for (k, v) in codes {
                    if let k {
                        try d.set(try k(f, interp), try v(f, interp))
                    } else {
                        try interp.unpackMapping(try v(f, interp), into: d)
                    }
                }
                return .dict(d)
            }
        case .set(let items):
            let values = try sequence(items)
            // More than two constants: CPython builds the set from a frozenset constant.
            func isConstant(_ e: Expr) -> Bool {
                switch e.kind {
                case .int, .float, .string, .bool, .none: true
                case .unary(_, let inner): isConstant(inner)  // -3 is folded to a constant
                case .tuple(let parts): parts.allSatisfy(isConstant)
                default: false
                }
            }
            let constant = items.count > 2 && items.allSatisfy(isConstant)
            if constant { return { f, interp in .object(try SetObject.fromConstants(try values(f, interp))) } }
            return { f, interp in .object(try SetObject(try values(f, interp))) }
        case .setComp(let element, let clauses):
            return try comprehension(clauses, elements: [element], start: { SetObject() }) { inner in
                let item = try inner.expr(element)
                return { f, interp, out in try out.add(try item(f, interp)) }
            } result: { .object($0) }
        case .generatorExp(let element, let clauses):
            return try generatorExpression(element, clauses, span: e.span)
        case .yield, .yieldFrom:
            throw misplacedYield(e.span)
        case .namedExpr(let name, let valueExpr):
            let value = try expr(valueExpr), store = try store(name: name.text)
            return { f, interp in
                let v = try value(f, interp)
                try store(f, interp, v)
                return v
            }
        case .listComp(let element, let clauses):
            return try comprehension(clauses, elements: [element], start: { [Value]() }) { inner in
                let item = try inner.expr(element)
                return { f, interp, out in out.append(try item(f, interp)) }
            } result: { .list(PyList($0)) }
        case .dictComp(let keyExpr, let valueExpr, let clauses):
            return try comprehension(clauses, elements: [keyExpr, valueExpr], start: { PyDict() }) { inner in
                let key = try inner.expr(keyExpr), value = try inner.expr(valueExpr)
                return { f, interp, out in try out.set(try key(f, interp), try value(f, interp)) }
            } result: { .dict($0) }
        case .unary(let op, let operandExpr):
            let operand = try expr(operandExpr)
            return { f, interp in try interp.unary(op, try operand(f, interp)) }
        case .binary(let op, let l, let r):
            return try binary(op, l, r)
        case .and(let l, let r):
            let left = try expr(l), right = try expr(r)
            return { f, interp in
                let v = try left(f, interp)
                return try interp.truth(v) ? try right(f, interp) : v
            }
        case .or(let l, let r):
            let left = try expr(l), right = try expr(r)
            return { f, interp in
                let v = try left(f, interp)
                return try interp.truth(v) ? v : try right(f, interp)
            }
        case .compare(let first, let rest):
            return try comparison(first, rest)
        case .conditional(let testExpr, let bodyExpr, let orElseExpr):
            let test = try condition(testExpr), body = try expr(bodyExpr), orElse = try expr(orElseExpr)
            return { f, interp in try test(f, interp) ? try body(f, interp) : try orElse(f, interp) }
        case .call(let calleeExpr, let arguments):
            return try call(calleeExpr, arguments)
        case .attribute(let objectExpr, let name):
            let object = try expr(objectExpr)
            return { f, interp in try interp.getAttribute(try object(f, interp), name) }
        case .subscript(let objectExpr, let indexExpr):
            let object = try expr(objectExpr), index = try expr(indexExpr)
            return { f, interp in
                let o = try object(f, interp)
                return try interp.getItem(o, try index(f, interp))
            }
        case .slice(let lower, let upper, let step):
            let codes = try [lower, upper, step].map { try $0.map(expr) }
            return { f, interp in
                .slice(try codes[0]?(f, interp) ?? .none, try codes[1]?(f, interp) ?? .none, try codes[2]?(f, interp) ?? .none)
            }
        case .lambda(let params, let body):
            return try function("<lambda>", params, bindsIn: { _ in }, mentions: NestedMentions.of(lambdaBody: body)) { inner in
                let value = try inner.expr(body)
                return { f, interp in .returned(try value(f, interp)) }
            }
        case .starred:
            throw PyError("SyntaxError", "can't use starred expression here", span: e.span)
        }
    }

    static func integer(_ text: String) -> Value {
        Int(text).map(Value.int) ?? .integer(BigInt(text)!)
    }

    /// The items of a list or tuple display, `*iterable` spliced in.
    func sequence(_ items: [Expr]) throws -> (Frame, Interpreter) throws -> [Value] {
        let codes = try items.map { item -> (ExprCode, splice: Bool) in
            if case .starred(let inner) = item.kind { return (try expr(inner), true) }
            return (try expr(item), false)
        }
        return { f, interp in
            var out: [Value] = []
            out.reserveCapacity(codes.count)
            for (code, splice) in codes {
                if splice { out += try interp.materialize(try code(f, interp)) } else { out.append(try code(f, interp)) }
            }
            return out
        }
    }

    // MARK: Operators

    private func binary(_ op: BinaryOperator, _ l: Expr, _ r: Expr) throws -> ExprCode {
        let left = try operand(l), right = try operand(r)
        // `i + 1`, `n - 1`: a literal small int on the right is the common loop case.
        if let constant = right as? ConstantOperand, case .int(let k) = constant.constant, op == .add || op == .sub, k != .min {
            let delta = op == .add ? k : -k
            return { f, interp in
                let a = try left.value(f, interp)
                if case .int(let x) = a {
                    let (sum, overflow) = x.addingReportingOverflow(delta)
                    if !overflow { return .int(sum) }
                }
                return try interp.binary(op, a, .int(k))
            }
        }
        return { f, interp in
            let a = try left.value(f, interp)
            return try interp.binary(op, a, try right.value(f, interp))
        }
    }

    private func comparison(_ first: Expr, _ rest: [(CompareOperator, Expr)]) throws -> ExprCode {
        if rest.count == 1 {
            let (op, rightExpr) = rest[0]
            let left = try operand(first), right = try operand(rightExpr)
            return { f, interp in
                let a = try left.value(f, interp), b = try right.value(f, interp)
                if case .int(let x) = a, case .int(let y) = b, let decided = Compiler.compareInts(op, x, y) {
                    return .bool(decided)
                }
                return try interp.compare(op, a, b)
            }
        }
        let left = try expr(first)
        let rights = try rest.map { CompareStep(op: $0.0, right: try expr($0.1)) }
        return { f, interp in
            var a = try left(f, interp)
            for step in rights {
                let b = try step.right(f, interp)
                let result = try interp.compare(step.op, a, b)
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
    private func comprehension<Output>(_ clauses: [Comprehension], elements: [Expr], start: @escaping () -> Output,
                                       element: (Compiler) throws -> (Frame, Interpreter, inout Output) throws -> Void,
                                       result: @escaping (Output) -> Value) throws -> ExprCode {
        let inner = Scope(.comprehension, parent: scope)
        for clause in clauses { inner.collectTarget(clause.target) }
        inner.captureMentioned(NestedMentions.of(comprehension: clauses, elements: elements))
        let compiler = nested(inner)
        let firstIterable = try expr(clauses[0].iterable)
        let stages = try clauses.enumerated().map { k, clause in
            (iterable: k == 0 ? nil : try compiler.expr(clause.iterable),
             store: try compiler.store(clause.target),
             conditions: try clause.conditions.map(compiler.condition))
        }
        let emit = try element(compiler)
        let slotCount = inner.slotCount, ownCells = inner.cellNames.count
        let captures = scope.captures(for: inner)
        return { f, interp in
            let frame = Frame(slots: slotCount, cells: Frame.cells(own: ownCells, captured: f.capture(captures)))
            var out = start()
            func run(_ k: Int, _ iterable: Value) throws {
                let stage = stages[k]
                let iterator = try interp.iterate(iterable)
                outer: while let item = try iterator.next() {
                    // A comprehension can run long inside one statement: Ctrl-C is
                    // polled per item, not only at the next statement.
                    try interp.checkInterrupt()
                    try stage.store(frame, interp, item)
                    for test in stage.conditions where !(try test(frame, interp)) { continue outer }
                    if k + 1 == stages.count {
                        try emit(frame, interp, &out)
                    } else {
                        try run(k + 1, try stages[k + 1].iterable!(frame, interp))
                    }
                }
            }
            try run(0, try firstIterable(f, interp))
            return result(out)
        }
    }

    // MARK: f-strings

    private func fString(_ parts: [FStringPart]) throws -> (Frame, Interpreter) throws -> String {
        let compiled = try parts.map { part -> (Frame, Interpreter) throws -> String in
            switch part {
            case .literal(let text):
                return { _, _ in text }
            case .field(let e, let conversion, let specParts):
                let value = try expr(e), spec = try fString(specParts)
                return { f, interp in
                    var v = try value(f, interp)
                    let s = try spec(f, interp)
                    switch conversion {
                    case "r", "a": v = .string(try interp.repr(v))
                    case "s": v = .string(try interp.str(v))
                    default: break
                    }
                    return try interp.format(v, s)
                }
            }
        }
        return { f, interp in
            var out = ""
            for part in compiled { out += try part(f, interp) }
            return out
        }
    }
}

/// One `op right` of a chained comparison (a struct, so the closure is stored unabstracted).
private struct CompareStep {
    let op: CompareOperator
    let right: ExprCode
}
