/// A method written in Swift that a class holds like a def: looked up on an instance it
/// binds the instance as its first argument (what @dataclass generates).
final class NativeMethod: PyObject {
    let name: String
    let body: (Arguments, Interpreter) throws -> Value

    init(_ name: String, _ body: @escaping (Arguments, Interpreter) throws -> Value) {
        self.name = name
        self.body = body
    }

    var typeName: String { "function" }
    func repr(_ interp: Interpreter) throws -> String { "<function \(name)>" }
    func call(_ args: Arguments, _ interp: Interpreter) throws -> Value? { try body(args, interp) }
}

/// `dataclasses.field(default=..., default_factory=...)` until @dataclass reads it.
final class DataclassField: PyObject {
    let name: String?
    let defaultValue: Value?
    let factory: Value?

    init(name: String? = nil, defaultValue: Value?, factory: Value?) {
        self.name = name
        self.defaultValue = defaultValue
        self.factory = factory
    }

    var typeName: String { "Field" }
    func getAttribute(_ n: String, _ interp: Interpreter) throws -> Value? {
        switch n {
        case "name": return name.map { .string($0) } ?? Value.none
        case "default": return defaultValue ?? Value.none
        case "default_factory": return factory ?? Value.none
        default: return nil
        }
    }
}

/// Python's `dataclasses`, the simple uses: @dataclass (and @dataclass(...) with the
/// default options) writes __init__, __repr__ and __eq__ from the class's annotated fields
/// in order; field(default=, default_factory=); asdict, astuple, fields, replace,
/// is_dataclass. Options that change behaviour (frozen, order, slots, kw_only) are refused.
extension Interpreter {
    func makeDataclassesModule() -> ModuleObject {
        let m = ModuleObject(name: "dataclasses")
        func function(_ name: String, _ body: @escaping (Arguments) throws -> Value) {
            m.attributes[name] = .builtin(Builtin(name, qualifiedName: "dataclasses.\(name)") { a, _ in try body(a) })
        }
        function("dataclass") { a in
            for (key, value) in a.keywords {
                let defaults: [String: Bool] = ["init": true, "repr": true, "eq": true, "order": false, "unsafe_hash": false,
                                                "frozen": false, "match_args": true, "kw_only": false, "slots": false]
                guard let expected = defaults[key] else { throw PyError.type("dataclass() got an unexpected keyword argument '\(key)'") }
                if try self.truth(value) != expected {
                    throw PyError("NotImplementedError", "dataclass(\(key)=\(try self.repr(value))) is not supported by tsh yet")
                }
            }
            guard let target = a.positional.first else {
                // @dataclass(...): the decorator itself.
                return .builtin(Builtin("dataclass") { b, interp in
                    guard case .object(let o)? = b.positional.first, let cls = o as? PyClass else {
                        throw PyError.type("dataclass() should be called on a class")
                    }
                    try interp.makeDataclass(cls)
                    return .object(cls)
                })
            }
            guard case .object(let o) = target, let cls = o as? PyClass else { throw PyError.type("dataclass() should be called on a class") }
            try self.makeDataclass(cls)
            return target
        }
        function("field") { a in
            guard a.positional.isEmpty else { throw PyError.type("field() takes 0 positional arguments but \(a.positional.count) were given") }
            for (key, value) in a.keywords {
                let known = ["default", "default_factory", "repr", "compare", "init", "metadata", "hash"].contains(key)
                let turnedOff = ["repr", "compare", "init"].contains(key) ? !(try self.truth(value)) : false
                if !known || turnedOff { throw PyError("NotImplementedError", "field(\(key)=...) is not supported by tsh yet") }
            }
            if a.keyword("default") != nil && a.keyword("default_factory") != nil {
                throw PyError.value("cannot specify both default and default_factory")
            }
            return .object(DataclassField(defaultValue: a.keyword("default"), factory: a.keyword("default_factory")))
        }
        function("fields") { a in
            let cls = try self.dataclassOf(a.positional.first ?? .none, "fields")
            return .tuple(cls.fields.map { .object(DataclassField(name: $0.name, defaultValue: $0.defaultValue, factory: $0.factory)) })
        }
        function("is_dataclass") { a in
            guard let v = a.positional.first else { return .bool(false) }
            return .bool((try? self.dataclassOf(v, "is_dataclass")) != nil)
        }
        function("asdict") { a in try self.dataclassValue(a.positional.first ?? .none, asDict: true) }
        function("astuple") { a in try self.dataclassValue(a.positional.first ?? .none, asDict: false) }
        function("replace") { a in
            guard case .object(let o)? = a.positional.first, let instance = o as? PyInstance else {
                throw PyError.type("replace() should be called on dataclass instances")
            }
            let cls = try self.dataclassOf(.object(instance), "replace")
            var keywords = cls.fields.map { ($0.name, instance.attributes[$0.name] ?? .none) }
            for (key, value) in a.keywords {
                guard let i = keywords.firstIndex(where: { $0.0 == key }) else {
                    throw PyError.type("\(instance.cls.name).__init__() got an unexpected keyword argument '\(key)'")
                }
                keywords[i].1 = value
            }
            return try self.call(.object(instance.cls), Arguments([], keywords: keywords))
        }
        return m
    }

    /// The fields @dataclass recorded on a class (or an instance's class).
    fileprivate func dataclassOf(_ v: Value, _ function: String) throws -> DataclassInfo {
        var cls: PyClass?
        if case .object(let o) = v { cls = (o as? PyClass) ?? (o as? PyInstance)?.cls }
        guard let cls, case .object(let info as DataclassInfo)? = cls.lookup("__dataclass_fields__") else {
            throw PyError.type("\(function)() should be called on dataclass instances")
        }
        return info
    }

    /// asdict / astuple: the fields' values, nested dataclasses, lists and dicts converted too.
    fileprivate func dataclassValue(_ v: Value, asDict: Bool) throws -> Value {
        func convert(_ v: Value) throws -> Value {
            switch v {
            case .object(let o):
                guard let instance = o as? PyInstance, let info = try? dataclassOf(v, "asdict") else { return v }
                let values = try info.fields.map { try convert(instance.attributes[$0.name] ?? .none) }
                if !asDict { return .tuple(values) }
                let d = PyDict()
                for (field, value) in zip(info.fields, values) { try d.set(.string(field.name), value) }
                return .dict(d)
            case .list(let l): return .list(PyList(try l.items.map(convert)))
            case .tuple(let t): return .tuple(try t.map(convert))
            case .dict(let d):
                let out = PyDict()
                for (k, value) in d.pairs { try out.set(try convert(k), try convert(value)) }
                return .dict(out)
            default: return v
            }
        }
        _ = try dataclassOf(v, asDict ? "asdict" : "astuple")
        return try convert(v)
    }

    /// Writes __init__, __repr__ and __eq__ for the annotated fields of `cls` and its
    /// dataclass bases (theirs first, as Python orders them).
    func makeDataclass(_ cls: PyClass) throws {
        var fields: [DataclassInfo.Field] = []
        for case .object(let base as PyClass) in cls.bases {
            if case .object(let info as DataclassInfo)? = base.lookup("__dataclass_fields__") { fields += info.fields }
        }
        if case .dict(let annotations)? = cls.attributes["__annotations__"] {
            for case .string(let name) in annotations.keys {
                if case .string(let annotation)? = try annotations.get(.string(name)), annotation.hasPrefix("ClassVar") { continue }
                var field = DataclassInfo.Field(name: name, defaultValue: nil, factory: nil)
                if let value = cls.attributes[name] {
                    if case .object(let f as DataclassField) = value {
                        field.defaultValue = f.defaultValue
                        field.factory = f.factory
                        if let d = f.defaultValue { cls.attributes[name] = d } else { cls.attributes[name] = nil }
                    } else {
                        if case .list = value { throw PyError.value("mutable default <class 'list'> for field \(name) is not allowed: use default_factory") }
                        if case .dict = value { throw PyError.value("mutable default <class 'dict'> for field \(name) is not allowed: use default_factory") }
                        field.defaultValue = value
                    }
                }
                if let i = fields.firstIndex(where: { $0.name == name }) { fields[i] = field } else { fields.append(field) }
            }
        }
        var sawDefault = false
        for f in fields {
            if f.defaultValue != nil || f.factory != nil { sawDefault = true }
            else if sawDefault { throw PyError.type("non-default argument '\(f.name)' follows default argument") }
        }
        let info = DataclassInfo(fields: fields)
        cls.attributes["__dataclass_fields__"] = .object(info)
        let className = cls.name
        if cls.attributes["__init__"] == nil {
            cls.attributes["__init__"] = .object(NativeMethod("__init__") { a, interp in
                guard case .object(let o)? = a.positional.first, let instance = o as? PyInstance else { return .none }
                let given = Array(a.positional.dropFirst())
                guard given.count <= fields.count else {
                    throw PyError.type("\(className).__init__() takes \(fields.count + 1) positional arguments but \(given.count + 1) were given")
                }
                var values: [Value?] = given + Array(repeating: nil, count: fields.count - given.count)
                for (key, value) in a.keywords {
                    guard let i = fields.firstIndex(where: { $0.name == key }) else {
                        throw PyError.type("\(className).__init__() got an unexpected keyword argument '\(key)'")
                    }
                    guard values[i] == nil else { throw PyError.type("\(className).__init__() got multiple values for argument '\(key)'") }
                    values[i] = value
                }
                for (i, f) in fields.enumerated() where values[i] == nil {
                    if let d = f.defaultValue { values[i] = d } else if let factory = f.factory { values[i] = try interp.call(factory, Arguments()) }
                }
                let missing = fields.indices.filter { values[$0] == nil }.map { "'\(fields[$0].name)'" }
                if !missing.isEmpty {
                    let list = missing.count == 1 ? missing[0] : missing.dropLast().joined(separator: ", ") + " and " + missing.last!
                    throw PyError.type("\(className).__init__() missing \(missing.count) required positional argument\(missing.count == 1 ? "" : "s"): \(list)")
                }
                for (f, v) in zip(fields, values) { try interp.setAttribute(.object(instance), f.name, v!) }
                if let post = instance.cls.lookup("__post_init__") { _ = try interp.call(post, Arguments([.object(instance)])) }
                return .none
            })
        }
        if cls.attributes["__repr__"] == nil {
            cls.attributes["__repr__"] = .object(NativeMethod("__repr__") { a, interp in
                guard case .object(let o)? = a.positional.first, let instance = o as? PyInstance else { return .string("") }
                let items = try fields.map { "\($0.name)=\(try interp.repr(try interp.getAttribute(.object(instance), $0.name)))" }
                return .string("\(instance.cls.name)(\(items.joined(separator: ", ")))")
            })
        }
        if cls.attributes["__eq__"] == nil {
            cls.attributes["__eq__"] = .object(NativeMethod("__eq__") { a, interp in
                guard a.positional.count == 2, case .object(let l as PyInstance) = a.positional[0],
                      case .object(let r as PyInstance) = a.positional[1], l.cls === r.cls else { return .bool(false) }
                for f in fields where !(try interp.equal(l.attributes[f.name] ?? .none, r.attributes[f.name] ?? .none)) {
                    return .bool(false)
                }
                return .bool(true)
            })
        }
    }
}

/// What @dataclass records on a class: its fields in order, with their defaults.
final class DataclassInfo: PyObject {
    struct Field {
        var name: String
        var defaultValue: Value?
        var factory: Value?
    }

    let fields: [Field]
    init(fields: [Field]) { self.fields = fields }
    var typeName: String { "dict" }
}
