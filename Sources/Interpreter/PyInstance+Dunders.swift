import PythonSyntax

/// The special methods a user class may define (`__len__`, `__getitem__`, `__add__`,
/// `__eq__`, `__iter__`...): each protocol hook of PyInstance calls the method when the
/// class has it, and answers "not supported" otherwise, as Python does.
extension PyInstance {
    /// Calls `self.name(args...)` if the class defines it.
    private func special(_ name: String, _ args: [Value], _ interp: Interpreter) throws -> Value? {
        guard let method = cls.lookup(name) else { return nil }
        return try interp.call(method, Arguments([.object(self)] + args))
    }

    package func length(_ interp: Interpreter) throws -> Int? {
        guard let n = try special("__len__", [], interp) else { return nil }
        guard let count = try interp.asIndex(n) else {
            throw PyError.type("'\(interp.typeName(n))' object cannot be interpreted as an integer")
        }
        guard count >= 0 else { throw PyError.value("__len__() should return >= 0") }
        return count
    }

    package func getItem(_ index: Value, _ interp: Interpreter) throws -> Value? {
        try special("__getitem__", [index], interp)
    }

    package func setItem(_ index: Value, _ value: Value, _ interp: Interpreter) throws -> Bool {
        try special("__setitem__", [index, value], interp) != nil
    }

    package func contains(_ value: Value, _ interp: Interpreter) throws -> Bool? {
        guard let r = try special("__contains__", [value], interp) else { return nil }
        return try interp.truth(r)
    }

    package func truth(_ interp: Interpreter) throws -> Bool? {
        if let r = try special("__bool__", [], interp) { return try interp.truth(r) }
        if let n = try length(interp) { return n > 0 }
        return nil
    }

    package func makeIterator(_ interp: Interpreter) throws -> PyIterator? {
        guard let iterator = try special("__iter__", [], interp) else { return nil }
        // An object that is its own iterator (or returns another) is stepped by __next__.
        if case .object(let o) = iterator, let instance = o as? PyInstance, let next = instance.cls.lookup("__next__") {
            return PyIterator {
                do {
                    return try interp.call(next, Arguments([iterator]))
                } catch let e as PyError where e.kind == "StopIteration" {
                    return nil
                }
            }
        }
        return try interp.iterate(iterator)
    }

    private static let binaryNames: [BinaryOperator: String] = [
        .add: "add", .sub: "sub", .mul: "mul", .div: "truediv", .floorDiv: "floordiv", .mod: "mod", .pow: "pow",
        .matmul: "matmul", .and: "and", .or: "or", .xor: "xor", .lshift: "lshift", .rshift: "rshift",
    ]

    package func binary(_ op: BinaryOperator, _ other: Value, reflected: Bool, _ interp: Interpreter) throws -> Value? {
        guard let name = PyInstance.binaryNames[op] else { return nil }
        guard let r = try special(reflected ? "__r\(name)__" : "__\(name)__", [other], interp) else { return nil }
        if case .object(let o) = r, o.typeName == "NotImplementedType" { return nil }
        return r
    }

    package func inPlace(_ op: BinaryOperator, _ other: Value, _ interp: Interpreter) throws -> Value? {
        guard let name = PyInstance.binaryNames[op] else { return nil }
        return try special("__i\(name)__", [other], interp)
    }

    private static let compareNames: [CompareOperator: String] = [
        .eq: "__eq__", .ne: "__ne__", .lt: "__lt__", .le: "__le__", .gt: "__gt__", .ge: "__ge__",
    ]
    private static let swapped: [CompareOperator: CompareOperator] = [.lt: .gt, .le: .ge, .gt: .lt, .ge: .le, .eq: .eq, .ne: .ne]

    package func compare(_ op: CompareOperator, _ other: Value, reflected: Bool, _ interp: Interpreter) throws -> Value? {
        // Reflected, `a < self` asks self.__gt__(a), as Python swaps the operator.
        let asked = reflected ? (PyInstance.swapped[op] ?? op) : op
        guard let name = PyInstance.compareNames[asked] else { return nil }
        if let r = try special(name, [other], interp) { return r }
        if asked == .ne, let eq = try special("__eq__", [other], interp) { return .bool(!(try interp.truth(eq))) }
        return nil
    }

    package func unary(_ op: UnaryOperator, _ interp: Interpreter) throws -> Value? {
        switch op {
        case .negate: return try special("__neg__", [], interp)
        case .plus: return try special("__pos__", [], interp)
        case .invert: return try special("__invert__", [], interp)
        case .not: return nil
        }
    }

    package func asNumber(_ interp: Interpreter) throws -> Value? {
        if let r = try special("__float__", [], interp) { return r }
        if let r = try special("__int__", [], interp) { return r }
        return try special("__index__", [], interp)
    }

    package func enter(_ interp: Interpreter) throws -> Value? { try special("__enter__", [], interp) }

    package func exit(_ interp: Interpreter) throws {
        _ = try exit(interp, raising: nil)
    }

    /// `__exit__(type, value, traceback)`.
    package func exit(_ interp: Interpreter, raising error: PyError?) throws -> Bool {
        let args: [Value] = error.map { [interp.exceptionType($0), interp.exceptionValue($0), .object(TracebackObject())] }
            ?? [.none, .none, .none]
        guard let result = try special("__exit__", args, interp), error != nil else { return false }
        return try interp.truth(result)
    }

    package func format(_ spec: String, _ interp: Interpreter) throws -> String? {
        guard let r = try special("__format__", [.string(spec)], interp) else { return nil }
        return try interp.str(r)
    }
}
