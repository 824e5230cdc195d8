import CreationSite
import PythonSyntax

/// How a statement of a generator's body stopped: finished with a Flow, or suspended at
/// a `yield` with the value it yields.
enum Resumption {
    case done(Flow)
    case yielded(Value)
}

/// A statement of a generator's body that can stop at a `yield` and later resume there.
typealias ResumableCode = (Frame, Interpreter, GeneratorRun) throws -> Resumption

/// Where one suspended statement stopped. A yield pushes its point, then each statement
/// around it pushes its own on the way out; resuming, the outermost pops first and steps
/// back into the statement that was running, down to the yield.
enum ResumePoint {
    /// In a block: the statement at this index.
    case statement(Int)
    /// In an `if`: the branch taken.
    case branch(Bool)
    /// In a `while` loop's body or its else.
    case whileLoop(inElse: Bool)
    /// In a `for` loop's body (with its iterator) or its else.
    case forLoop(PyIterator, inElse: Bool)
    /// In a `with` body: the context managers entered.
    case with([PyObject])
    /// In a `try` statement, at one of its parts.
    case tryPart(TryPart)
    /// At a `yield` (the statement resumes by taking the sent value).
    case yield
    /// In a `yield from`, delegating to this iterator.
    case delegating(PyIterator)
}

enum TryPart {
    case body
    case orElse
    case handler(Int, PyError)
    case final(Result<Flow, Error>)
}

extension Compiler {
    /// Whether a function body is a generator's: a `yield` outside nested scopes.
    static func containsYield(_ statements: [Stmt]) -> Bool { statements.contains(where: containsYield) }

    static func containsYield(_ s: Stmt) -> Bool {
        switch s.kind {
        case .expr(let e), .assign(_, let e), .augmentedAssign(_, _, let e): return isYield(e)
        case .if(_, let a, let b), .while(_, let a, let b), .for(_, _, let a, let b):
            return containsYield(a) || containsYield(b)
        case .with(_, let body): return containsYield(body)
        case .try(let body, let handlers, let orElse, let final):
            return containsYield(body) || handlers.contains { containsYield($0.body) } || containsYield(orElse)
                || containsYield(final)
        default: return false
        }
    }

    static func isYield(_ e: Expr) -> Bool {
        switch e.kind {
        case .yield, .yieldFrom: true
        default: false
        }
    }

    func misplacedYield(_ span: Span) -> Error {
        scope.kind == .function
            ? SyntaxError("tsh supports 'yield' as a statement or as the value of an assignment, not inside an expression", span)
            : SyntaxError("'yield' outside function", span)
    }

    /// A generator function's body: calling the function binds its arguments into a frame
    /// and returns a generator over that frame; the body runs as `next()` asks.
    func generatorBody(_ body: [Stmt], name: String) throws -> StmtCode {
        let code = try resumableBlock(body)
        return { f, _ in .returned(.object(GeneratorObject(name: name, frame: f, code: code))) }
    }

    /// `(element for target in iterable if condition ...)`: a generator function over the
    /// first iterable (evaluated here, as Python does), called at once.
    func generatorExpression(_ element: Expr, _ clauses: [Comprehension], span: Span) throws -> ExprCode {
        let source = Parameter(name: ".0", defaultValue: nil)
        var body = [Stmt(.expr(Expr(.yield(element), element.span)), element.span)]
        for (k, clause) in clauses.enumerated().reversed() {
            for condition in clause.conditions.reversed() {
                body = [Stmt(.if(condition, body, []), condition.span)]
            }
            let iterable = k == 0 ? Expr(.name(Name(".0")), clause.iterable.span) : clause.iterable
            body = [Stmt(.for(clause.target, iterable, body, []), span)]
        }
        // Only the loop targets are the generator's own; a walrus in it binds around it.
        let bindTargets: (Scope) -> Void = { scope in for c in clauses { scope.collectTarget(c.target) } }
        let make = try function("<genexpr>", [source], bindsIn: bindTargets, mentions: NestedMentions.of(body)) {
            try $0.generatorBody(body, name: "<genexpr>")
        }
        let firstIterable = try expr(clauses[0].iterable)
        return { f, interp in
            let iterable = try firstIterable(f, interp)
            guard case .function(let generator) = try make(f, interp) else { return .none }
            return try interp.callFunction(generator, Arguments([.object(IteratorObject(try interp.iterate(iterable)))]))
        }
    }

    /// Statements in order; a statement with a yield in it can stop the block and resume it.
    func resumableBlock(_ statements: [Stmt]) throws -> ResumableCode {
        enum Part {
            case plain(StatementCode)
            case resumable(ResumableCode)
        }
        let parts: [Part] = try statements.map {
            Compiler.containsYield($0) ? .resumable(try resumableStatement($0)) : .plain(StatementCode(run: try statement($0)))
        }
        return { f, interp, run in
            var i = 0
            if let point = run.resume() {
                guard case .statement(let k) = point else { throw GeneratorRun.lost }
                i = k
            }
            while i < parts.count {
                switch parts[i] {
                case .plain(let code):
                    let flow = try code.run(f, interp)
                    if case .normal = flow {} else { return .done(flow) }
                case .resumable(let code):
                    switch try code(f, interp, run) {
                    case .yielded(let v):
                        run.points.append(.statement(i))
                        return .yielded(v)
                    case .done(.normal): break
                    case .done(let flow): return .done(flow)
                    }
                }
                i += 1
            }
            return .done(.normal)
        }
    }

    /// One statement with a yield in it, marking its creation site and locating its errors
    /// as `statement` does.
    private func resumableStatement(_ stmt: Stmt) throws -> ResumableCode {
        let body = try unlocatedResumable(stmt)
        let site = siteBase | stmt.span.start, span = stmt.span
        return { f, interp, run in try Compiler.located(site: site, span: span, interp) { try body(f, interp, run) } }
    }

    private func unlocatedResumable(_ stmt: Stmt) throws -> ResumableCode {
        switch stmt.kind {
        case .expr(let e): return try yieldCode(e, then: nil)
        case .assign(let targets, let e):
            let stores = try targets.map(target)
            return try yieldCode(e) { f, interp, sent in for t in stores { try t.store(f, interp, sent) } }
        case .augmentedAssign(_, _, let e):
            throw SyntaxError("tsh supports 'yield' as a statement or as the value of an assignment, not in an augmented assignment", e.span)
        case .if(let testExpr, let body, let orElse):
            return try resumableIf(testExpr, body, orElse)
        case .while(let testExpr, let body, let orElse):
            return try resumableWhile(testExpr, body, orElse)
        case .for(let target, let iterableExpr, let body, let orElse):
            return try resumableFor(target, iterableExpr, body, orElse)
        case .with(let items, let body):
            return try resumableWith(items, body)
        case .try(let body, let handlers, let orElse, let final):
            return try resumableTry(body, handlers, orElse, final)
        default:
            throw SyntaxError("'yield' is not supported here by tsh", stmt.span)
        }
    }

    /// `yield v` / `yield from it`, then `then` with the value sent in (an assignment's store).
    private func yieldCode(_ e: Expr, then: ((Frame, Interpreter, Value) throws -> Void)?) throws -> ResumableCode {
        switch e.kind {
        case .yield(let valueExpr):
            let value = try valueExpr.map(expr)
            return { f, interp, run in
                if let point = run.resume() {
                    guard case .yield = point else { throw GeneratorRun.lost }
                    let sent = try run.takeSent()
                    try then?(f, interp, sent)
                    return .done(.normal)
                }
                let v = try value?(f, interp) ?? .none
                run.points.append(.yield)
                return .yielded(v)
            }
        case .yieldFrom(let iterableExpr):
            let iterable = try expr(iterableExpr)
            return { f, interp, run in
                let iterator: PyIterator
                if let point = run.resume() {
                    guard case .delegating(let it) = point else { throw GeneratorRun.lost }
                    _ = try run.takeSent()
                    iterator = it
                } else {
                    iterator = try interp.iterate(try iterable(f, interp))
                }
                if let item = try iterator.next() {
                    run.points.append(.delegating(iterator))
                    return .yielded(item)
                }
                try then?(f, interp, .none)
                return .done(.normal)
            }
        default:
            throw misplacedYield(e.span)
        }
    }

    private func resumableIf(_ testExpr: Expr, _ body: [Stmt], _ orElse: [Stmt]) throws -> ResumableCode {
        let test = try condition(testExpr), then = try resumableBlock(body), otherwise = try resumableBlock(orElse)
        return { f, interp, run in
            let taken: Bool
            if let point = run.resume() {
                guard case .branch(let b) = point else { throw GeneratorRun.lost }
                taken = b
            } else {
                taken = try test(f, interp)
            }
            let result = try (taken ? then : otherwise)(f, interp, run)
            if case .yielded = result { run.points.append(.branch(taken)) }
            return result
        }
    }

    private func resumableWhile(_ testExpr: Expr, _ body: [Stmt], _ orElse: [Stmt]) throws -> ResumableCode {
        let test = try condition(testExpr), loop = try resumableBlock(body), otherwise = try resumableBlock(orElse)
        return { f, interp, run in
            var inBody = false, inElse = false
            if let point = run.resume() {
                guard case .whileLoop(let e) = point else { throw GeneratorRun.lost }
                inElse = e
                inBody = !e
            }
            if !inElse {
                while true {
                    if !inBody {
                        guard try test(f, interp) else { break }
                    }
                    inBody = false
                    switch try loop(f, interp, run) {
                    case .yielded(let v):
                        run.points.append(.whileLoop(inElse: false))
                        return .yielded(v)
                    case .done(.breakLoop): return .done(.normal)
                    case .done(.returned(let v)): return .done(.returned(v))
                    case .done: continue
                    }
                }
            }
            let result = try otherwise(f, interp, run)
            if case .yielded = result { run.points.append(.whileLoop(inElse: true)) }
            return result
        }
    }

    private func resumableFor(_ targetExpr: Expr, _ iterableExpr: Expr, _ body: [Stmt], _ orElse: [Stmt]) throws -> ResumableCode {
        let iterable = try expr(iterableExpr), loopTarget = try target(targetExpr)
        let loop = try resumableBlock(body), otherwise = try resumableBlock(orElse)
        return { f, interp, run in
            var iterator: PyIterator? = nil
            var inBody = false
            if let point = run.resume() {
                guard case .forLoop(let it, let inElse) = point else { throw GeneratorRun.lost }
                if !inElse {
                    iterator = it
                    inBody = true
                }
            } else {
                iterator = try interp.iterate(try iterable(f, interp))
            }
            if let iterator {
                while true {
                    if !inBody {
                        guard let item = try iterator.next() else { break }
                        try loopTarget.store(f, interp, item)
                    }
                    inBody = false
                    switch try loop(f, interp, run) {
                    case .yielded(let v):
                        run.points.append(.forLoop(iterator, inElse: false))
                        return .yielded(v)
                    case .done(.breakLoop): return .done(.normal)
                    case .done(.returned(let v)): return .done(.returned(v))
                    case .done: continue
                    }
                }
            }
            let result = try otherwise(f, interp, run)
            if case .yielded = result { run.points.append(.forLoop(PyIterator { nil }, inElse: true)) }
            return result
        }
    }

    private func resumableWith(_ items: [(Expr, Expr?)], _ body: [Stmt]) throws -> ResumableCode {
        let contexts = try items.map { (try expr($0.0), try $0.1.map(store)) }
        let inner = try resumableBlock(body)
        return { f, interp, run in
            var entered: [PyObject] = []
            if let point = run.resume() {
                guard case .with(let objects) = point else { throw GeneratorRun.lost }
                entered = objects
            } else {
                for (context, target) in contexts {
                    let value = try context(f, interp)
                    guard case .object(let o) = value, let result = try o.enter(interp) else {
                        try interp.exitContexts(entered, after: PyError.type("'\(interp.typeName(value))' object does not support the context manager protocol"))
                        throw PyError.type("'\(interp.typeName(value))' object does not support the context manager protocol")
                    }
                    entered.append(o)
                    if let target { try target(f, interp, result) }
                }
            }
            let result: Resumption
            do {
                result = try inner(f, interp, run)
            } catch {
                try interp.exitContexts(entered, after: error)
                return .done(.normal)
            }
            if case .yielded = result {
                run.points.append(.with(entered))
                return result
            }
            try interp.exitContexts(entered, after: nil)
            return result
        }
    }

    /// `try` in a generator: as `tryStatement`, each part able to stop at a yield and
    /// resume (the error being handled, or the outcome a finally is holding, kept meanwhile).
    private func resumableTry(_ body: [Stmt], _ handlers: [ExceptHandler], _ orElse: [Stmt], _ final: [Stmt]) throws -> ResumableCode {
        let bodyCode = try resumableBlock(body)
        let clauses = try handlers.map { h in
            (type: try h.type.map(expr), name: try h.name.map { try store(name: $0) },
             unbind: h.name.map { deleteName($0, span: h.span) }, body: try resumableBlock(h.body))
        }
        let elseCode = try resumableBlock(orElse)
        let finallyCode = try resumableBlock(final)
        return { f, interp, run in
            var part = TryPart.body
            if let point = run.resume() {
                guard case .tryPart(let p) = point else { throw GeneratorRun.lost }
                part = p
            }
            func suspend(_ v: Value, at p: TryPart) -> Resumption {
                run.points.append(.tryPart(p))
                return .yielded(v)
            }
            var outcome: Result<Flow, Error> = .success(.normal)
            if case .body = part {
                do {
                    switch try bodyCode(f, interp, run) {
                    case .yielded(let v): return suspend(v, at: .body)
                    case .done(let flow):
                        outcome = .success(flow)
                        if case .normal = flow { part = .orElse }
                    }
                } catch let error as PyError where !clauses.isEmpty {
                    outcome = .failure(error)
                    for (k, clause) in clauses.enumerated() {
                        if let type = clause.type {
                            guard try interp.exceptionMatches(error, try type(f, interp)) else { continue }
                        }
                        if let name = clause.name { try name(f, interp, interp.exceptionValue(error)) }
                        part = .handler(k, error)
                        break
                    }
                } catch {
                    outcome = .failure(error)
                }
            }
            if case .orElse = part {
                // An error in else is not the handlers' to catch.
                do {
                    switch try elseCode(f, interp, run) {
                    case .yielded(let v): return suspend(v, at: .orElse)
                    case .done(let flow): outcome = .success(flow)
                    }
                } catch {
                    outcome = .failure(error)
                }
            }
            if case .handler(let k, let error) = part {
                let clause = clauses[k]
                interp.handling.append(error)
                defer { interp.handling.removeLast() }
                do {
                    switch try clause.body(f, interp, run) {
                    case .yielded(let v): return suspend(v, at: .handler(k, error))
                    case .done(let flow): outcome = .success(flow)
                    }
                } catch {
                    outcome = .failure(error)
                }
                if let unbind = clause.unbind { try? unbind(f, interp) }
            }
            if case .final(let held) = part { outcome = held }
            switch try finallyCode(f, interp, run) {
            case .yielded(let v): return suspend(v, at: .final(outcome))
            case .done(.normal): break
            case .done(let flow): return .done(flow)
            }
            return .done(try outcome.get())
        }
    }
}
