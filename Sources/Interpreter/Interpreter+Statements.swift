import CreationSite
import PythonSyntax

extension Interpreter {
    func executeBlock(_ block: [Stmt], in env: Environment) throws -> Flow {
        for statement in block {
            let flow = try execute(statement, in: env)
            if case .normal = flow { continue }
            return flow
        }
        return .normal
    }

    /// Runs one statement; an error leaving it carries the statement's span.
    func execute(_ stmt: Stmt, in env: Environment) throws -> Flow {
        tsh_set_creation_site(currentSiteBase | stmt.span.start)
        do {
            return try executeUnlocated(stmt, in: env)
        } catch var error as PyError {
            if error.span == nil { error.span = stmt.span }
            throw error
        } catch let error as SyntaxError {
            throw error
        } catch {
            var converted = Interpreter.convert(error)
            if converted.span == nil { converted.span = stmt.span }
            throw converted
        }
    }

    /// Errors from lower layers become Python exceptions (the engine's TensorError
    /// carries the kind and message already).
    package static func convert(_ error: Error) -> PyError {
        if let e = error as? PyError { return e }
        if let e = error as? PyErrorConvertible { return e.pyError }
        return PyError.runtime("\(error)")
    }

    private func executeUnlocated(_ stmt: Stmt, in env: Environment) throws -> Flow {
        switch stmt.kind {
        case .expr(let e):
            let value = try eval(e, in: env)
            if env === globals, let echo = expressionEcho { try echo(value) }
            return .normal
        case .assign(let targets, let valueExpr):
            let value = try eval(valueExpr, in: env)
            for target in targets { try assign(target, value, in: env) }
            return .normal
        case .augmentedAssign(let target, let op, let valueExpr):
            try augmentedAssign(target, op, valueExpr, in: env)
            return .normal
        case .annotatedAssign(let target, let valueExpr):
            if let valueExpr { try assign(target, try eval(valueExpr, in: env), in: env) }
            return .normal
        case .if(let test, let body, let orElse):
            return try executeBlock(try truth(try eval(test, in: env)) ? body : orElse, in: env)
        case .while(let test, let body, let orElse):
            while try truth(try eval(test, in: env)) {
                try checkInterrupt()
                switch try executeBlock(body, in: env) {
                case .breakLoop: return .normal
                case .returned(let v): return .returned(v)
                default: continue
                }
            }
            return try executeBlock(orElse, in: env)
        case .for(let target, let iterableExpr, let body, let orElse):
            let iterator = try iterate(try eval(iterableExpr, in: env))
            while let item = try iterator.next() {
                try checkInterrupt()
                try assign(target, item, in: env)
                switch try executeBlock(body, in: env) {
                case .breakLoop: return .normal
                case .returned(let v): return .returned(v)
                default: continue
                }
            }
            return try executeBlock(orElse, in: env)
        case .break: return .breakLoop
        case .continue: return .continueLoop
        case .pass: return .normal
        case .return(let e): return .returned(try e.map { try eval($0, in: env) } ?? Value.none)
        case .def(let name, let params, let body):
            let infos = try params.map {
                PyFunction.ParameterInfo(name: $0.name, defaultValue: try $0.defaultValue.map { try eval($0, in: env) },
                                         isVariadic: $0.isVariadic)
            }
            let function = PyFunction(name: name, parameters: infos, body: body, closure: env)
            function.siteBase = currentSiteBase
            env.assign(name, .function(function))
            return .normal
        case .class(let name, let baseExprs, let body):
            let bases = try baseExprs.map { try eval($0, in: env) }
            let cls = PyClass(name: name, bases: bases)
            let classScope = Environment(parent: env)
            _ = try executeBlock(body, in: classScope)
            for (key, value) in classScope.names {
                if case .function(let f) = value { f.definingClass = cls }
                cls.attributes[key] = value
            }
            env.assign(name, .object(cls))
            return .normal
        case .with(let items, let body):
            var entered: [PyObject] = []
            defer { for o in entered.reversed() { try? o.exit(self) } }
            for (contextExpr, target) in items {
                let context = try eval(contextExpr, in: env)
                guard case .object(let o) = context, let value = try o.enter(self) else {
                    throw PyError.type("'\(typeName(context))' object does not support the context manager protocol")
                }
                entered.append(o)
                if let target { try assign(target, value, in: env) }
            }
            let flow = try executeBlock(body, in: env)
            for o in entered.reversed() { try o.exit(self) }
            entered = []
            return flow
        case .import(let modules):
            for (module, alias) in modules {
                guard let value = self.modules[module] else {
                    throw PyError("ModuleNotFoundError", "No module named '\(module)'")
                }
                if let alias {
                    env.assign(alias, value)
                } else {
                    let top = String(module.split(separator: ".")[0])
                    env.assign(top, self.modules[top] ?? value)
                }
            }
            return .normal
        case .fromImport(let module, let names):
            guard let moduleValue = modules[module] else {
                throw PyError("ModuleNotFoundError", "No module named '\(module)'")
            }
            for (name, alias) in names {
                if let sub = modules[module + "." + name] {
                    env.assign(alias ?? name, sub)
                } else if let attr = try getAttribute(moduleValue, name, orNil: true) {
                    env.assign(alias ?? name, attr)
                } else {
                    throw PyError("ImportError", "cannot import name '\(name)' from '\(module)' (unknown location)")
                }
            }
            return .normal
        case .assert(let test, let message):
            if !(try truth(try eval(test, in: env))) {
                throw PyError("AssertionError", try message.map { try str(try eval($0, in: env)) } ?? "")
            }
            return .normal
        case .del(let targets):
            for target in targets { try delete(target, in: env) }
            return .normal
        case .global, .nonlocal:
            return .normal
        case .raise(let e):
            guard let e else { throw PyError.runtime("No active exception to reraise") }
            let value = try eval(e, in: env)
            if case .object(let o) = value, let ex = o as? ExceptionObject { throw PyError(ex.kind, ex.message) }
            if case .object(let o) = value, let cls = o as? ExceptionClass { throw PyError(cls.kind, "") }
            throw PyError.type("exceptions must derive from BaseException")
        case .shellCommand(let text):
            guard let shellCommand else {
                throw PyError("SyntaxError", "shell commands (\(text.split(separator: " ").first ?? "")) only work at the tsh prompt or in a .tsh script run by tsh")
            }
            try shellCommand(text)
            return .normal
        }
    }

    // MARK: Assignment

    func assign(_ target: Expr, _ value: Value, in env: Environment) throws {
        switch target.kind {
        case .name(let n):
            env.assign(n, value)
        case .attribute(let objectExpr, let name):
            let object = try eval(objectExpr, in: env)
            try setAttribute(object, name, value)
        case .subscript(let objectExpr, let indexExpr):
            let object = try eval(objectExpr, in: env)
            let index = try eval(indexExpr, in: env)
            try setItem(object, index, value)
        case .tuple(let targets), .list(let targets):
            let items = try materialize(value)
            if let star = targets.firstIndex(where: { if case .starred = $0.kind { true } else { false } }) {
                let after = targets.count - star - 1
                guard items.count >= targets.count - 1 else {
                    throw PyError.value("not enough values to unpack (expected at least \(targets.count - 1), got \(items.count))")
                }
                for k in 0..<star { try assign(targets[k], items[k], in: env) }
                if case .starred(let inner) = targets[star].kind {
                    try assign(inner, .list(PyList(Array(items[star..<(items.count - after)]))), in: env)
                }
                for k in 0..<after { try assign(targets[star + 1 + k], items[items.count - after + k], in: env) }
                return
            }
            guard items.count == targets.count else {
                if items.count > targets.count {
                    throw PyError.value("too many values to unpack (expected \(targets.count))")
                }
                throw PyError.value("not enough values to unpack (expected \(targets.count), got \(items.count))")
            }
            for (t, v) in zip(targets, items) { try assign(t, v, in: env) }
        default:
            throw PyError("SyntaxError", "cannot assign to expression")
        }
    }

    func augmentedAssign(_ target: Expr, _ op: BinaryOperator, _ valueExpr: Expr, in env: Environment) throws {
        func combine(_ current: Value, _ operand: Value) throws -> Value {
            if case .object(let o) = current, let result = try o.inPlace(op, operand, self) { return result }
            if case .list(let l) = current, op == .add {
                l.items += try materialize(operand)
                return current
            }
            return try binary(op, current, operand)
        }
        switch target.kind {
        case .name(let n):
            guard let current = env.lookup(n) ?? globals.lookup(n) ?? builtins[n.text] else { throw PyError.name(n.text) }
            let operand = try eval(valueExpr, in: env)
            env.assign(n, try combine(current, operand))
        case .attribute(let objectExpr, let name):
            let object = try eval(objectExpr, in: env)
            let current = try getAttribute(object, name)
            let operand = try eval(valueExpr, in: env)
            try setAttribute(object, name, try combine(current, operand))
        case .subscript(let objectExpr, let indexExpr):
            let object = try eval(objectExpr, in: env)
            let index = try eval(indexExpr, in: env)
            let current = try getItem(object, index)
            let operand = try eval(valueExpr, in: env)
            let result = try combine(current, operand)
            // An in-place op on a tensor element view already wrote through; writing it back is harmless.
            try setItem(object, index, result)
        default:
            throw PyError("SyntaxError", "'expression' is an illegal expression for augmented assignment")
        }
    }

    func delete(_ target: Expr, in env: Environment) throws {
        switch target.kind {
        case .name(let n):
            guard env.names.removeValue(forKey: n.text) != nil else { throw PyError.name(n.text) }
        case .subscript(let objectExpr, let indexExpr):
            let object = try eval(objectExpr, in: env)
            let index = try eval(indexExpr, in: env)
            switch object {
            case .list(let l):
                let i = try normalizeIndex(index, count: l.items.count, what: "list")
                l.items.remove(at: i)
            case .dict(let d):
                guard try d.remove(index) != nil else { throw PyError.key(try repr(index)) }
            default: throw PyError.type("'\(typeName(object))' object doesn't support item deletion")
            }
        case .tuple(let items):
            for item in items { try delete(item, in: env) }
        default:
            throw PyError("SyntaxError", "cannot delete expression")
        }
    }
}

/// Errors of lower layers that know their Python kind (TensorError conforms in TorchBindings).
package protocol PyErrorConvertible {
    var pyError: PyError { get }
}
