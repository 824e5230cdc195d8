import PythonSyntax

extension Compiler {
    func unlocated(_ stmt: Stmt) throws -> StmtCode {
        switch stmt.kind {
        case .expr(let e):
            let value = try expr(e)
            guard scope.kind == .module else { return { f, interp in _ = try value(f, interp); return .normal } }
            return { f, interp in
                let v = try value(f, interp)
                if let echo = interp.expressionEcho { try echo(v) }
                return .normal
            }
        case .assign(let targets, let valueExpr):
            let value = try operand(valueExpr)
            let stores = try targets.map(target)
            if stores.count == 1 {
                let target = stores[0]
                return { f, interp in try target.store(f, interp, try value.value(f, interp)); return .normal }
            }
            return { f, interp in
                let v = try value.value(f, interp)
                for target in stores { try target.store(f, interp, v) }
                return .normal
            }
        case .augmentedAssign(let target, let op, let valueExpr):
            return try augmentedAssign(target, op, valueExpr)
        case .annotatedAssign(let target, let valueExpr, let annotation):
            let assign: StmtCode
            if let valueExpr {
                let value = try expr(valueExpr), store = try store(target)
                assign = { f, interp in try store(f, interp, try value(f, interp)); return .normal }
            } else {
                assign = { _, _ in .normal }
            }
            guard scope.kind == .classBody, case .name(let name) = target.kind else { return assign }
            // In a class body the name and its annotation's text go into __annotations__.
            let loadAnnotations = load(Name("__annotations__"), span: target.span)
            let storeAnnotations = try store(name: "__annotations__")
            return { f, interp in
                let annotations: PyDict
                if case .dict(let existing)? = try? loadAnnotations(f, interp) {
                    annotations = existing
                } else {
                    annotations = PyDict()
                    try storeAnnotations(f, interp, .dict(annotations))
                }
                try annotations.set(.string(name.text), .string(annotation))
                return try assign(f, interp)
            }
        case .if(let testExpr, let body, let orElse):
            let test = try condition(testExpr), then = try block(body), otherwise = try block(orElse)
            return { f, interp in try test(f, interp) ? try then(f, interp) : try otherwise(f, interp) }
        case .while(let testExpr, let body, let orElse):
            let test = try condition(testExpr), loop = try block(body), otherwise = try block(orElse)
            return { f, interp in
                while try test(f, interp) {
                    switch try loop(f, interp) {
                    case .breakLoop: return .normal
                    case .returned(let v): return .returned(v)
                    default: continue
                    }
                }
                return try otherwise(f, interp)
            }
        case .for(let target, let iterableExpr, let body, let orElse):
            return try forLoop(target, iterableExpr, body, orElse)
        case .break: return { _, _ in .breakLoop }
        case .continue: return { _, _ in .continueLoop }
        case .pass: return { _, _ in .normal }
        case .return(let e):
            guard let e else { return { _, _ in .returned(.none) } }
            let value = try expr(e)
            return { f, interp in .returned(try value(f, interp)) }
        case .def(let name, let params, let body):
            return try functionDefinition(name, params, body)
        case .class(let name, let baseExprs, let body):
            return try classDefinition(name, baseExprs, body)
        case .decorated(let decoratorExprs, let target):
            // Python's order: the decorators are evaluated first, then the def or class is
            // made, then the decorators apply innermost first, and the name is bound once.
            let decorators = try decoratorExprs.map(expr)
            let name: String, make: ExprCode
            switch target.kind {
            case .def(let n, let params, let body):
                name = n
                make = try function(n, params, bindsIn: { $0.collect(body) }, mentions: NestedMentions.of(body)) {
                    try $0.functionBody(body, name: n)
                }
            case .class(let n, let bases, let body):
                name = n
                make = try classValue(n, bases, body)
            default: throw PyError("SyntaxError", "a decorator must come before a def or class")
            }
            let storeResult = try store(name: name)
            return { f, interp in
                let applied = try decorators.map { try $0(f, interp) }
                var value = try make(f, interp)
                for d in applied.reversed() { value = try interp.call(d, Arguments([value])) }
                try storeResult(f, interp, value)
                return .normal
            }
        case .with(let items, let body):
            let contexts = try items.map { (try expr($0.0), try $0.1.map(store)) }
            let inner = try block(body)
            return { f, interp in
                var entered: [PyObject] = []
                let flow: Flow
                do {
                    for (context, target) in contexts {
                        let value = try context(f, interp)
                        guard case .object(let o) = value, let result = try o.enter(interp) else {
                            throw PyError.type("'\(interp.typeName(value))' object does not support the context manager protocol")
                        }
                        entered.append(o)
                        if let target { try target(f, interp, result) }
                    }
                    flow = try inner(f, interp)
                } catch {
                    // The error goes to the exits; it continues only if none suppresses it.
                    try interp.exitContexts(entered, after: error)
                    return .normal
                }
                try interp.exitContexts(entered, after: nil)
                return flow
            }
        case .import(let modules):
            let bindings = try modules.map { module, alias in
                (module, alias, try store(name: alias ?? String(module.split(separator: ".")[0])))
            }
            return { f, interp in
                for (module, alias, store) in bindings {
                    guard let value = try interp.module(named: module) else {
                        throw PyError("ModuleNotFoundError", "No module named '\(module)'")
                    }
                    if alias != nil {
                        try store(f, interp, value)
                    } else {
                        let top = String(module.split(separator: ".")[0])
                        try store(f, interp, try interp.module(named: top) ?? value)
                    }
                }
                return .normal
            }
        case .fromImport(let module, let names):
            let bindings = try names.map { name, alias in (name, try store(name: alias ?? name)) }
            return { f, interp in
                guard let moduleValue = try interp.module(named: module) else {
                    throw PyError("ModuleNotFoundError", "No module named '\(module)'")
                }
                for (name, store) in bindings {
                    if let sub = try interp.module(named: module + "." + name) {
                        try store(f, interp, sub)
                    } else if let attr = try interp.getAttribute(moduleValue, name, orNil: true) {
                        try store(f, interp, attr)
                    } else {
                        throw PyError("ImportError", "cannot import name '\(name)' from '\(module)' (unknown location)")
                    }
                }
                return .normal
            }
        case .assert(let testExpr, let messageExpr):
            let test = try condition(testExpr), message = try messageExpr.map(expr)
            return { f, interp in
                if !(try test(f, interp)) {
                    throw PyError("AssertionError", try message.map { try interp.str(try $0(f, interp)) } ?? "")
                }
                return .normal
            }
        case .del(let targets):
            let deletes = try targets.map(delete)
            return { f, interp in
                for d in deletes { try d(f, interp) }
                return .normal
            }
        case .global, .nonlocal:
            return { _, _ in .normal }
        case .raise(let e, let causeExpr):
            guard let e else {
                // A bare raise re-raises the exception being handled.
                return { _, interp in
                    guard let current = interp.handling.last else { throw PyError.runtime("No active exception to reraise") }
                    throw current
                }
            }
            let value = try expr(e)
            // `from cause` is evaluated (it must be an exception or None); tsh's traceback
            // shows the exception raised, not the chain.
            let cause = try causeExpr.map(expr)
            return { f, interp in
                var error = try interp.raising(try value(f, interp))
                if let cause {
                    let c = try cause(f, interp)
                    if case .none = c {
                        interp.setCause(.none, of: &error)
                    } else {
                        interp.setCause(interp.exceptionValue(try interp.raising(c)), of: &error)
                    }
                }
                throw error
            }
        case .try(let body, let handlers, let orElse, let final):
            return try tryStatement(body, handlers, orElse, final)
        case .shellCommand(let text):
            return { _, _ in
                guard let shellCommand = interp.shellCommand else {
                    throw PyError("SyntaxError", "shell commands (\(text.split(separator: " ").first ?? "")) only work at the tsh prompt or in a .tsh script run by tsh")
                }
                try shellCommand(text)
                return .normal
            }
        }
    }

    /// try/except/else/finally with Python's rules: the first clause whose class matches
    /// handles the error (its name is unbound after it); else runs when the body finished
    /// without an error; finally runs on every way out, and its own return, break or
    /// error wins. Ctrl-C is a BaseException: only a bare `except:` or
    /// `except BaseException` catches it.
    private func tryStatement(_ body: [Stmt], _ handlers: [ExceptHandler], _ orElse: [Stmt], _ final: [Stmt]) throws -> StmtCode {
        let bodyCode = try block(body)
        let clauses = try handlers.map { h in
            (type: try h.type.map(expr), name: try h.name.map { try store(name: $0) }, unbind: h.name.map { deleteName($0, span: h.span) },
             body: try block(h.body))
        }
        let elseCode = orElse.isEmpty ? nil : try block(orElse)
        let finallyCode = final.isEmpty ? nil : try block(final)
        return { f, interp in
            var outcome: Result<Flow, Error>
            do {
                var flow = try bodyCode(f, interp)
                if case .normal = flow, let elseCode { flow = try elseCode(f, interp) }
                outcome = .success(flow)
            } catch let error as PyError where !clauses.isEmpty {
                outcome = .failure(error)
                for clause in clauses {
                    if let type = clause.type {
                        guard try interp.exceptionMatches(error, try type(f, interp)) else { continue }
                    }
                    interp.handling.append(error)
                    defer { interp.handling.removeLast() }
                    do {
                        if let name = clause.name { try name(f, interp, interp.exceptionValue(error)) }
                        outcome = .success(try clause.body(f, interp))
                    } catch {
                        outcome = .failure(error)
                    }
                    if let unbind = clause.unbind { try? unbind(f, interp) }
                    break
                }
            } catch {
                outcome = .failure(error)
            }
            if let finallyCode {
                let flow = try finallyCode(f, interp)
                if case .normal = flow {} else { return flow }
            }
            return try outcome.get()
        }
    }

    /// A test's truth.
    func condition(_ e: Expr) throws -> (Frame, Interpreter) throws -> Bool {
        let value = try expr(e)
        return { f, interp in try interp.truth(try value(f, interp)) }
    }

    private func forLoop(_ target: Expr, _ iterableExpr: Expr, _ body: [Stmt], _ orElse: [Stmt]) throws -> StmtCode {
        let iterable = try expr(iterableExpr), loopTarget = try self.target(target)
        let loop = try block(body), otherwise = try block(orElse)
        return { f, interp in
            let sequence = try iterable(f, interp)
            // range() counts without an iterator object.
            if case .object(let o) = sequence, let range = o as? RangeObject {
                var i = range.start
                let stop = range.stop, step = range.step
                while step > 0 ? i < stop : i > stop {
                    try loopTarget.store(f, interp, .int(i))
                    switch try loop(f, interp) {
                    case .breakLoop: return .normal
                    case .returned(let v): return .returned(v)
                    default: break
                    }
                    // A step past Int64 means the last element was just done.
                    let (next, overflow) = i.addingReportingOverflow(step)
                    if overflow { break }
                    i = next
                }
                return try otherwise(f, interp)
            }
            let iterator = try interp.iterate(sequence)
            while let item = try iterator.next() {
                try loopTarget.store(f, interp, item)
                switch try loop(f, interp) {
                case .breakLoop: return .normal
                case .returned(let v): return .returned(v)
                default: continue
                }
            }
            return try otherwise(f, interp)
        }
    }

    private func functionDefinition(_ name: String, _ params: [Parameter], _ body: [Stmt]) throws -> StmtCode {
        let make = try function(name, params, bindsIn: { $0.collect(body) }, mentions: NestedMentions.of(body)) {
            try $0.functionBody(body, name: name)
        }
        let storeFunction = try store(name: name)
        return { f, interp in
            try storeFunction(f, interp, try make(f, interp))
            return .normal
        }
    }

    /// A def's body: a generator's when a yield is in it.
    func functionBody(_ body: [Stmt], name: String) throws -> StmtCode {
        Compiler.containsYield(body) ? try generatorBody(body, name: name) : try block(body)
    }

    /// The code that makes a function value (a `def` or a `lambda`) each time it runs: its
    /// body compiled once in a scope of its own, its defaults evaluated here and now, its
    /// closure the cells it uses.
    func function(_ name: String, _ params: [Parameter], bindsIn collect: (Scope) -> Void, mentions: Set<String>,
                  body compileBody: (Compiler) throws -> StmtCode) throws -> ExprCode {
        let inner = Scope(.function, parent: scope)
        // Parameter k is slot k; a repeated name would get an earlier slot.
        for (k, p) in params.enumerated() where inner.bind(p.name) != k {
            throw PyError("SyntaxError", "duplicate argument '\(p.name)' in function definition")
        }
        inner.parameterCount = params.count
        collect(inner)
        try inner.finishCollecting()
        inner.captureMentioned(mentions)
        let bodyCode = try compileBody(nested(inner))
        let code = FunctionCode(slotCount: inner.slotCount, variadicIndex: params.firstIndex(where: \.isVariadic),
                                keywordVariadicIndex: params.firstIndex { $0.kind == .keywordVariadic },
                                positionalCount: params.filter { $0.kind == .positional }.count,
                                ownCells: inner.cellNames.count, parameterCells: inner.parameterCells, body: bodyCode)
        let captures = scope.captures(for: inner)
        let defaults = try params.map { try $0.defaultValue.map(expr) }
        return { f, interp in
            var infos: [PyFunction.ParameterInfo] = []
            infos.reserveCapacity(params.count)
            for (p, d) in zip(params, defaults) {
                infos.append(.init(name: p.name, defaultValue: try d.map { try $0(f, interp) }, kind: p.kind))
            }
            return .function(PyFunction(name: name, parameters: infos, code: code, closure: f.capture(captures)))
        }
    }

    private func classDefinition(_ name: String, _ baseExprs: [Expr], _ body: [Stmt]) throws -> StmtCode {
        let make = try classValue(name, baseExprs, body)
        let storeClass = try store(name: name)
        return { f, interp in
            try storeClass(f, interp, try make(f, interp))
            return .normal
        }
    }

    /// The code that makes a class: its bases evaluated, its body run in a frame of its
    /// own, the names it bound becoming the class's attributes.
    private func classValue(_ name: String, _ baseExprs: [Expr], _ body: [Stmt]) throws -> ExprCode {
        let bases = try baseExprs.map(expr)
        let inner = Scope(.classBody, parent: scope)
        inner.collect(body)
        try inner.finishCollecting()
        let bodyCode = try nested(inner).block(body)
        let slotNames = inner.slotNames
        let captures = scope.captures(for: inner)
        return { f, interp in
            let cls = try PyClass(name: name, bases: try bases.map { try $0(f, interp) })
            let classFrame = Frame(slots: slotNames.count, cells: f.capture(captures))
            _ = try bodyCode(classFrame, interp)
            for (name, value) in zip(slotNames, classFrame.slots) {
                guard let value else { continue }
                // A method (plain, static, class or a property's accessors) knows its class,
                // for super().
                for case .function(let method) in Descriptor.functions(in: value) { method.definingClass = cls }
                cls.attributes[name] = value
            }
            return .object(cls)
        }
    }
}
