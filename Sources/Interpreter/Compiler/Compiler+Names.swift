import PythonSyntax

/// Storing into an assignment target.
typealias StoreCode = (Frame, Interpreter, Value) throws -> Void

extension Compiler {
    // MARK: Names

    func load(_ name: Name, span: Span) -> ExprCode {
        let reader = nameOperand(name, at: scope.place(of: name.text), span: span)
        if let code = (reader as? CodeOperand)?.code { return code }
        return { f, interp in try reader.value(f, interp) }
    }

    func store(name text: String) throws -> StoreCode {
        let writer = nameTarget(Name(text))
        return { f, interp, v in try writer.store(f, interp, v) }
    }

    func deleteName(_ text: String, span: Span) -> (Frame, Interpreter) throws -> Void {
        switch scope.place(of: text) {
        case .global:
            let slot = interp.activeGlobals.slot(Name(text))
            return { _, _ in
                guard slot.value != nil else { throw PyError.unboundGlobal(text, span: span) }
                slot.value = nil
            }
        case .local(let i), .classLocal(let i, _):
            return { f, interp in
                guard f.slots[i] != nil else { throw PyError.unboundLocal(text, span: span) }
                f.slots[i] = nil
            }
        case .cell(let i):
            let isOwn = i < scope.cellNames.count
            return { f, _ in
                guard f.cells[i].value != nil else {
                    throw isOwn ? PyError.unboundLocal(text, span: span) : PyError.unboundFree(text, span: span)
                }
                f.cells[i].value = nil
            }
        }
    }

    // MARK: Targets

    func store(_ target: Expr) throws -> StoreCode {
        switch target.kind {
        case .name(let n):
            return try store(name: n.text)
        case .attribute(let objectExpr, let name):
            let object = try expr(objectExpr)
            return { f, interp, v in try interp.setAttribute(try object(f, interp), name, v) }
        case .subscript(let objectExpr, let indexExpr):
            let object = try expr(objectExpr), index = try expr(indexExpr)
            return { f, interp, v in
                let o = try object(f, interp)
                try interp.setItem(o, try index(f, interp), v)
            }
        case .tuple(let targets), .list(let targets):
            return try unpack(targets)
        default:
            throw PyError("SyntaxError", "cannot assign to expression")
        }
    }

    private func unpack(_ targets: [Expr]) throws -> StoreCode {
        let starIndex = targets.firstIndex { if case .starred = $0.kind { true } else { false } }
        let stores = try targets.map { t -> Target in
            if case .starred(let inner) = t.kind { return try target(inner) }
            return try target(t)
        }
        guard let star = starIndex else {
            return { f, interp, value in
                let items = try interp.materialize(value)
                guard items.count == stores.count else {
                    if items.count > stores.count {
                        throw PyError.value("too many values to unpack (expected \(stores.count))")
                    }
                    throw PyError.value("not enough values to unpack (expected \(stores.count), got \(items.count))")
                }
                for (target, item) in zip(stores, items) { try target.store(f, interp, item) }
            }
        }
        let after = targets.count - star - 1
        return { f, interp, value in
            let items = try interp.materialize(value)
            guard items.count >= stores.count - 1 else {
                throw PyError.value("not enough values to unpack (expected at least \(stores.count - 1), got \(items.count))")
            }
            for k in 0..<star { try stores[k].store(f, interp, items[k]) }
            try stores[star].store(f, interp, .list(PyList(Array(items[star..<(items.count - after)]))))
            for k in 0..<after { try stores[star + 1 + k].store(f, interp, items[items.count - after + k]) }
        }
    }

    func augmentedAssign(_ target: Expr, _ op: BinaryOperator, _ valueExpr: Expr) throws -> StmtCode {
        let operand = try expr(valueExpr)
        // An object may update itself (a tensor's add_); a list extends; else x = x op y.
        let combine: (Value, Value) throws -> Value = { current, value in
            if case .object(let o) = current, let result = try o.inPlace(op, value, interp) { return result }
            if case .list(let l) = current, op == .add {
                l.items += try interp.materialize(value)
                return current
            }
            if case .dict(let d) = current, op == .or {
                try interp.unpackMapping(value, into: d)
                return current
            }
            return try interp.binary(op, current, value)
        }
        switch target.kind {
        case .name(let n):
            let current = load(n, span: target.span), store = try store(name: n.text)
            return { f, interp in
                let c = try current(f, interp)
                try store(f, interp, try combine(c, try operand(f, interp)))
                return .normal
            }
        case .attribute(let objectExpr, let name):
            let object = try expr(objectExpr)
            return { f, interp in
                let o = try object(f, interp)
                let c = try interp.getAttribute(o, name)
                try interp.setAttribute(o, name, try combine(c, try operand(f, interp)))
                return .normal
            }
        case .subscript(let objectExpr, let indexExpr):
            let object = try expr(objectExpr), index = try expr(indexExpr)
            return { f, interp in
                let o = try object(f, interp), i = try index(f, interp)
                let c = try interp.getItem(o, i)
                // An in-place op on a tensor element view already wrote through; writing it back is harmless.
                try interp.setItem(o, i, try combine(c, try operand(f, interp)))
                return .normal
            }
        default:
            throw PyError("SyntaxError", "'expression' is an illegal expression for augmented assignment")
        }
    }

    func delete(_ target: Expr) throws -> (Frame, Interpreter) throws -> Void {
        switch target.kind {
        case .name(let n):
            return deleteName(n.text, span: target.span)
        case .subscript(let objectExpr, let indexExpr):
            let object = try expr(objectExpr), index = try expr(indexExpr)
            return { f, interp in
                let o = try object(f, interp), i = try index(f, interp)
                switch o {
                case .list(let l):
                    l.items.remove(at: try interp.normalizeIndex(i, count: l.items.count, what: "list"))
                case .dict(let d):
                    guard try d.remove(i) != nil else { throw try PyError.missingKey(i, interp) }
                default: throw PyError.type("'\(interp.typeName(o))' object doesn't support item deletion")
                }
            }
        case .tuple(let items), .list(let items):
            let deletes = try items.map(delete)
            return { f, interp in for d in deletes { try d(f, interp) } }
        default:
            throw PyError("SyntaxError", "cannot delete expression")
        }
    }
}

/// A builtin's value as last looked up, valid while the builtins are unchanged.
final class BuiltinCache {
    var version = -1
    var value: Value?
}

extension Interpreter {
    /// A builtin by name, remembered at the place that asked until the builtins change.
    @inline(__always)
    func builtin(named text: String, cache: BuiltinCache) -> Value? {
        if cache.version == builtinsVersion { return cache.value }
        cache.value = builtins[text]
        cache.version = builtinsVersion
        return cache.value
    }
}
