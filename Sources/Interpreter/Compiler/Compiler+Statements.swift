import PythonSyntax

extension Compiler {
    func unlocated(_ stmt: Stmt) throws -> StmtCode {
        switch stmt.kind {
        case .expr(let e):
            let value = try expr(e)
            guard scope.kind == .module else { return { f in _ = try value(f); return .normal } }
            return { f in
                let v = try value(f)
                if let echo = interp.expressionEcho { try echo(v) }
                return .normal
            }
        case .assign(let targets, let valueExpr):
            let value = try expr(valueExpr)
            let stores = try targets.map(store)
            if stores.count == 1 {
                let store = stores[0]
                return { f in try store(f, try value(f)); return .normal }
            }
            return { f in
                let v = try value(f)
                for store in stores { try store(f, v) }
                return .normal
            }
        case .augmentedAssign(let target, let op, let valueExpr):
            return try augmentedAssign(target, op, valueExpr)
        case .annotatedAssign(let target, let valueExpr):
            guard let valueExpr else { return { _ in .normal } }
            let value = try expr(valueExpr), store = try store(target)
            return { f in try store(f, try value(f)); return .normal }
        case .if(let testExpr, let body, let orElse):
            let test = try condition(testExpr), then = try block(body), otherwise = try block(orElse)
            return { f in try test(f) ? try then(f) : try otherwise(f) }
        case .while(let testExpr, let body, let orElse):
            let test = try condition(testExpr), loop = try block(body), otherwise = try block(orElse)
            return { f in
                while try test(f) {
                    try interp.checkInterrupt()
                    switch try loop(f) {
                    case .breakLoop: return .normal
                    case .returned(let v): return .returned(v)
                    default: continue
                    }
                }
                return try otherwise(f)
            }
        case .for(let target, let iterableExpr, let body, let orElse):
            return try forLoop(target, iterableExpr, body, orElse)
        case .break: return { _ in .breakLoop }
        case .continue: return { _ in .continueLoop }
        case .pass: return { _ in .normal }
        case .return(let e):
            guard let e else { return { _ in .returned(.none) } }
            let value = try expr(e)
            return { f in .returned(try value(f)) }
        case .def(let name, let params, let body):
            return try functionDefinition(name, params, body)
        case .class(let name, let baseExprs, let body):
            return try classDefinition(name, baseExprs, body)
        case .with(let items, let body):
            let contexts = try items.map { (try expr($0.0), try $0.1.map(store)) }
            let inner = try block(body)
            return { f in
                var entered: [PyObject] = []
                defer { for o in entered.reversed() { try? o.exit(interp) } }
                for (context, target) in contexts {
                    let value = try context(f)
                    guard case .object(let o) = value, let result = try o.enter(interp) else {
                        throw PyError.type("'\(interp.typeName(value))' object does not support the context manager protocol")
                    }
                    entered.append(o)
                    if let target { try target(f, result) }
                }
                let flow = try inner(f)
                for o in entered.reversed() { try o.exit(interp) }
                entered = []
                return flow
            }
        case .import(let modules):
            let bindings = try modules.map { module, alias in
                (module, alias, try store(name: alias ?? String(module.split(separator: ".")[0])))
            }
            return { f in
                for (module, alias, store) in bindings {
                    guard let value = interp.modules[module] else {
                        throw PyError("ModuleNotFoundError", "No module named '\(module)'")
                    }
                    if alias != nil {
                        try store(f, value)
                    } else {
                        let top = String(module.split(separator: ".")[0])
                        try store(f, interp.modules[top] ?? value)
                    }
                }
                return .normal
            }
        case .fromImport(let module, let names):
            let bindings = try names.map { name, alias in (name, try store(name: alias ?? name)) }
            return { f in
                guard let moduleValue = interp.modules[module] else {
                    throw PyError("ModuleNotFoundError", "No module named '\(module)'")
                }
                for (name, store) in bindings {
                    if let sub = interp.modules[module + "." + name] {
                        try store(f, sub)
                    } else if let attr = try interp.getAttribute(moduleValue, name, orNil: true) {
                        try store(f, attr)
                    } else {
                        throw PyError("ImportError", "cannot import name '\(name)' from '\(module)' (unknown location)")
                    }
                }
                return .normal
            }
        case .assert(let testExpr, let messageExpr):
            let test = try condition(testExpr), message = try messageExpr.map(expr)
            return { f in
                if !(try test(f)) {
                    throw PyError("AssertionError", try message.map { try interp.str(try $0(f)) } ?? "")
                }
                return .normal
            }
        case .del(let targets):
            let deletes = try targets.map(delete)
            return { f in
                for d in deletes { try d(f) }
                return .normal
            }
        case .global, .nonlocal:
            return { _ in .normal }
        case .raise(let e):
            guard let e else { return { _ in throw PyError.runtime("No active exception to reraise") } }
            let value = try expr(e)
            return { f in
                let v = try value(f)
                if case .object(let o) = v, let ex = o as? ExceptionObject { throw PyError(ex.kind, ex.message) }
                if case .object(let o) = v, let cls = o as? ExceptionClass { throw PyError(cls.kind, "") }
                throw PyError.type("exceptions must derive from BaseException")
            }
        case .shellCommand(let text):
            return { _ in
                guard let shellCommand = interp.shellCommand else {
                    throw PyError("SyntaxError", "shell commands (\(text.split(separator: " ").first ?? "")) only work at the tsh prompt or in a .tsh script run by tsh")
                }
                try shellCommand(text)
                return .normal
            }
        }
    }

    /// A test's truth.
    func condition(_ e: Expr) throws -> (Frame) throws -> Bool {
        let value = try expr(e)
        return { f in try interp.truth(try value(f)) }
    }

    private func forLoop(_ target: Expr, _ iterableExpr: Expr, _ body: [Stmt], _ orElse: [Stmt]) throws -> StmtCode {
        let iterable = try expr(iterableExpr), store = try store(target)
        let loop = try block(body), otherwise = try block(orElse)
        return { f in
            let sequence = try iterable(f)
            // range() counts without an iterator object.
            if case .object(let o) = sequence, let range = o as? RangeObject {
                var i = range.start
                let stop = range.stop, step = range.step
                while step > 0 ? i < stop : i > stop {
                    try interp.checkInterrupt()
                    try store(f, .int(i))
                    switch try loop(f) {
                    case .breakLoop: return .normal
                    case .returned(let v): return .returned(v)
                    default: break
                    }
                    i += step
                }
                return try otherwise(f)
            }
            let iterator = try interp.iterate(sequence)
            while let item = try iterator.next() {
                try interp.checkInterrupt()
                try store(f, item)
                switch try loop(f) {
                case .breakLoop: return .normal
                case .returned(let v): return .returned(v)
                default: continue
                }
            }
            return try otherwise(f)
        }
    }

    private func functionDefinition(_ name: String, _ params: [Parameter], _ body: [Stmt]) throws -> StmtCode {
        let inner = Scope(.function, parent: scope)
        // Parameter k is slot k; a repeated name would get an earlier slot.
        for (k, p) in params.enumerated() where inner.bind(p.name) != k {
            throw PyError("SyntaxError", "duplicate argument '\(p.name)' in function definition")
        }
        inner.parameterCount = params.count
        inner.collect(body)
        try inner.finishCollecting()
        let code = FunctionCode(slotCount: inner.slotCount, variadicIndex: params.firstIndex(where: \.isVariadic),
                                body: try nested(inner).block(body))
        let defaults = try params.map { try $0.defaultValue.map(expr) }
        let storeFunction = try store(name: name)
        let underParent = nestsUnderParent
        return { f in
            var infos: [PyFunction.ParameterInfo] = []
            infos.reserveCapacity(params.count)
            for (p, d) in zip(params, defaults) {
                infos.append(.init(name: p.name, defaultValue: try d.map { try $0(f) }, isVariadic: p.isVariadic))
            }
            let function = PyFunction(name: name, parameters: infos, code: code, closure: underParent ? f.parent : f)
            try storeFunction(f, .function(function))
            return .normal
        }
    }

    private func classDefinition(_ name: String, _ baseExprs: [Expr], _ body: [Stmt]) throws -> StmtCode {
        let bases = try baseExprs.map(expr)
        let inner = Scope(.classBody, parent: scope)
        inner.collect(body)
        try inner.finishCollecting()
        let bodyCode = try nested(inner).block(body)
        let slotNames = inner.slotNames
        let storeClass = try store(name: name)
        let underParent = nestsUnderParent
        return { f in
            let cls = PyClass(name: name, bases: try bases.map { try $0(f) })
            let classFrame = Frame(slots: slotNames.count, parent: underParent ? f.parent : f)
            _ = try bodyCode(classFrame)
            for (name, value) in zip(slotNames, classFrame.slots) {
                guard let value else { continue }
                if case .function(let method) = value { method.definingClass = cls }
                cls.attributes[name] = value
            }
            try storeClass(f, .object(cls))
            return .normal
        }
    }
}
