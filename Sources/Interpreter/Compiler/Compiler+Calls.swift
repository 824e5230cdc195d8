import PythonSyntax

extension Compiler {
    /// A call with its argument shape fixed at compile time: plain positional calls read
    /// their arguments as operands into one array, with no keyword list.
    func call(_ calleeExpr: Expr, _ arguments: [Argument]) throws -> ExprCode {
        if case .name(let n) = calleeExpr.kind, n.text == "super", case .global = scope.place(of: "super") {
            if arguments.isEmpty { return zeroArgumentSuper() }
            // super(Class, self), the Python 2 spelling older PyTorch code still uses.
            if arguments.count == 2, case .positional(let classExpr) = arguments[0], case .positional(let selfExpr) = arguments[1] {
                let cls = try expr(classExpr), receiver = try expr(selfExpr)
                return { f, interp in
                    guard case .object(let o) = try cls(f, interp), let c = o as? PyClass else {
                        throw PyError.type("super() argument 1 must be a type")
                    }
                    return .object(SuperProxy(cls: c, receiver: try receiver(f, interp)))
                }
            }
        }
        guard let positional = try positionalOperands(arguments) else {
            return try generalCall(try operand(calleeExpr), arguments)
        }
        if case .attribute(let objectExpr, let name) = calleeExpr.kind {
            return try methodCall(try operand(objectExpr), name, positional)
        }
        let callee = try operand(calleeExpr)
        return { f, interp in
            let c = try callee.value(f, interp)
            return try interp.call(c, Arguments(try Compiler.values(positional, after: nil, f, interp)))
        }
    }

    /// The arguments as operands when all are plain positional ones, else nil.
    private func positionalOperands(_ arguments: [Argument]) throws -> [Operand]? {
        var operands: [Operand] = []
        for argument in arguments {
            guard case .positional(let e) = argument else { return nil }
            operands.append(try operand(e))
        }
        return operands
    }

    /// The values of `operands` in order, after `first` when given (a method's receiver).
    @inline(__always)
    private static func values(_ operands: [Operand], after first: Value?, _ f: Frame, _ interp: Interpreter) throws -> [Value] {
        var values: [Value] = []
        values.reserveCapacity(operands.count + 1)
        if let first { values.append(first) }
        for a in operands { values.append(try a.value(f, interp)) }
        return values
    }

    /// `obj.name(args)`: an object that has the method calls it directly (no bound method
    /// object per call); anything else looks the attribute up and calls it. Either way the
    /// attribute is found before the arguments are evaluated, as in Python.
    private func methodCall(_ object: Operand, _ name: String, _ positional: [Operand]) throws -> ExprCode {
        { f, interp in
            let receiver = try object.value(f, interp)
            if case .object(let o) = receiver, o.hasDirectMethod(name) {
                return try o.callDirectMethod(name, Arguments(try Compiler.values(positional, after: receiver, f, interp)), interp)
            }
            let callee = try interp.getAttribute(receiver, name)
            return try interp.call(callee, Arguments(try Compiler.values(positional, after: nil, f, interp)))
        }
    }

    private enum ArgumentCode {
        case positional(ExprCode), keyword(String, ExprCode), star(ExprCode), doubleStar(ExprCode)
    }

    private func generalCall(_ callee: Operand, _ arguments: [Argument]) throws -> ExprCode {
        let codes: [ArgumentCode] = try arguments.map {
            switch $0 {
            case .positional(let e): .positional(try expr(e))
            case .keyword(let k, let e): .keyword(k, try expr(e))
            case .star(let e): .star(try expr(e))
            case .doubleStar(let e): .doubleStar(try expr(e))
            }
        }
        return { f, interp in
            let c = try callee.value(f, interp)
            var args = Arguments()
            for code in codes {
                switch code {
                case .positional(let e): args.positional.append(try e(f, interp))
                case .keyword(let k, let e): args.keywords.append((k, try e(f, interp)))
                case .star(let e): args.positional += try interp.materialize(try e(f, interp))
                case .doubleStar(let e):
                    guard case .dict(let d) = try e(f, interp) else { throw PyError.type("argument after ** must be a mapping") }
                    for (k, v) in d.pairs {
                        guard case .string(let name) = k else { throw PyError.type("keywords must be strings") }
                        args.keywords.append((name, v))
                    }
                }
            }
            return try interp.call(c, args)
        }
    }

    /// `super()` in a method: the class the method was defined in, and its first argument.
    private func zeroArgumentSuper() -> ExprCode {
        guard scope.kind != .module else { return { _, _ in throw PyError.runtime("super(): no arguments") } }
        return { f, interp in
            guard let function = f.function, let cls = function.definingClass else {
                throw PyError.runtime("super(): __class__ cell not found")
            }
            guard !function.parameters.isEmpty, let receiver = f.slots[0] else { throw PyError.runtime("super(): no arguments") }
            return .object(SuperProxy(cls: cls, receiver: receiver))
        }
    }
}
