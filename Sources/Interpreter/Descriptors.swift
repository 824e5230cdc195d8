/// `@staticmethod`, `@classmethod` and `@property`: what a class attribute becomes when
/// looked up on an instance or the class (Python's descriptor protocol, for these three).
package final class StaticMethod: PyObject {
    let function: Value
    init(_ function: Value) { self.function = function }
    package var typeName: String { "staticmethod" }
    package func repr(_ interp: Interpreter) throws -> String { "<staticmethod(\(try interp.repr(function)))>" }
    package func getAttribute(_ name: String, _ interp: Interpreter) throws -> Value? {
        name == "__func__" ? function : nil
    }
}

package final class ClassMethod: PyObject {
    let function: Value
    init(_ function: Value) { self.function = function }
    package var typeName: String { "classmethod" }
    package func repr(_ interp: Interpreter) throws -> String { "<classmethod(\(try interp.repr(function)))>" }
    package func getAttribute(_ name: String, _ interp: Interpreter) throws -> Value? {
        name == "__func__" ? function : nil
    }
}

package final class PropertyObject: PyObject {
    let getter: Value?, setter: Value?, deleter: Value?

    init(getter: Value?, setter: Value? = nil, deleter: Value? = nil) {
        self.getter = getter
        self.setter = setter
        self.deleter = deleter
    }

    package var typeName: String { "property" }

    package func getAttribute(_ name: String, _ interp: Interpreter) throws -> Value? {
        func with(_ make: @escaping (Value) -> PropertyObject) -> Value {
            .builtin(Builtin(name, qualifiedName: "property.\(name)") { args, _ in
                guard args.positional.count == 1 else { throw PyError.type("\(name)() takes exactly one argument (\(args.positional.count) given)") }
                return .object(make(args.positional[0]))
            })
        }
        switch name {
        case "setter": return with { PropertyObject(getter: self.getter, setter: $0, deleter: self.deleter) }
        case "getter": return with { PropertyObject(getter: $0, setter: self.setter, deleter: self.deleter) }
        case "deleter": return with { PropertyObject(getter: self.getter, setter: self.setter, deleter: $0) }
        case "fget": return getter ?? Value.none
        case "fset": return setter ?? Value.none
        default: return nil
        }
    }
}

enum Descriptor {
    /// The functions a class attribute holds (a method, or a descriptor's).
    static func functions(in value: Value) -> [Value] {
        guard case .object(let o) = value else { return [value] }
        if let s = o as? StaticMethod { return [s.function] }
        if let c = o as? ClassMethod { return [c.function] }
        if let p = o as? PropertyObject { return [p.getter, p.setter, p.deleter].compactMap { $0 } }
        return []
    }
}

extension Interpreter {
    /// A class attribute looked up on `receiver` (an instance of `owner`): a method binds to
    /// it, a static method stays plain, a class method binds to the class, a property runs
    /// its getter.
    package func bindAttribute(_ value: Value, to receiver: Value, owner: PyClass) throws -> Value {
        if case .object(let o) = value {
            if let s = o as? StaticMethod { return s.function }
            if let c = o as? ClassMethod { return bind(c.function, to: .object(owner)) }
            if let p = o as? PropertyObject {
                guard let getter = p.getter else { throw PyError.attribute("property of '\(owner.name)' object has no getter") }
                return try call(getter, Arguments([receiver]))
            }
        }
        return bind(value, to: receiver)
    }

    /// A class attribute looked up on the class itself.
    func classAttribute(_ value: Value, of cls: PyClass) -> Value {
        if case .object(let o) = value {
            if let s = o as? StaticMethod { return s.function }
            if let c = o as? ClassMethod { return bind(c.function, to: .object(cls)) }
        }
        return value
    }

    /// `obj.name = value` through a property of the class, if it has one: true when done.
    package func setThroughProperty(_ cls: PyClass, _ receiver: Value, _ name: String, _ value: Value) throws -> Bool {
        guard case .object(let o)? = cls.lookup(name), let p = o as? PropertyObject else { return false }
        guard let setter = p.setter else {
            throw PyError.attribute("property '\(name)' of '\(cls.name)' object has no setter")
        }
        _ = try call(setter, Arguments([receiver, value]))
        return true
    }

    func installDescriptorBuiltins() {
        builtins["staticmethod"] = .object(TypeObject("staticmethod") { a, _ in
            guard a.positional.count == 1 else { throw PyError.type("staticmethod expected 1 argument, got \(a.positional.count)") }
            return .object(StaticMethod(a.positional[0]))
        })
        builtins["classmethod"] = .object(TypeObject("classmethod") { a, _ in
            guard a.positional.count == 1 else { throw PyError.type("classmethod expected 1 argument, got \(a.positional.count)") }
            return .object(ClassMethod(a.positional[0]))
        })
        builtins["property"] = .object(TypeObject("property") { a, _ in
            let names = ["fget", "fset", "fdel"]
            var given: [Value?] = [nil, nil, nil]
            for (k, v) in a.positional.prefix(3).enumerated() { given[k] = v }
            for (name, v) in a.keywords {
                guard let k = names.firstIndex(of: name) else { throw PyError.type("property() got an unexpected keyword argument '\(name)'") }
                given[k] = v
            }
            func real(_ v: Value?) -> Value? { if case .none? = v { return nil }; return v }
            return .object(PropertyObject(getter: real(given[0]), setter: real(given[1]), deleter: real(given[2])))
        })
    }
}
