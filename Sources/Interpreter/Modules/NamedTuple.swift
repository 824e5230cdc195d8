import PythonSyntax

/// collections.namedtuple: a class whose instances are tuples with named fields.
final class NamedTupleClass: PyObject {
    let name: String
    let fields: [String]
    /// Defaults of the last fields (namedtuple's `defaults=`).
    let defaults: [Value]

    init(name: String, fields: [String], defaults: [Value]) {
        self.name = name
        self.fields = fields
        self.defaults = defaults
    }

    /// namedtuple(typename, field_names, *, defaults=None): the names as a list or one
    /// string separated by spaces or commas, each a valid identifier.
    static func make(_ a: Arguments, _ interp: Interpreter) throws -> Value {
        let given = a.positional + a.keywords.filter { ["typename", "field_names"].contains($0.0) }.map(\.1)
        guard given.count == 2 else {
            throw PyError.type("namedtuple() missing \(2 - min(given.count, 2)) required positional argument\(given.count == 1 ? "" : "s")")
        }
        for (k, _) in a.keywords where !["typename", "field_names", "defaults", "rename", "module"].contains(k) {
            throw PyError.type("namedtuple() got an unexpected keyword argument '\(k)'")
        }
        if let rename = a.keyword("rename"), try interp.truth(rename) {
            throw PyError("NotImplementedError", "namedtuple(rename=True) is not supported by tsh yet")
        }
        guard case .string(let name) = given[0] else { throw PyError.type("namedtuple() typename must be a string") }
        let fields: [String]
        if case .string(let text) = given[1] {
            fields = text.replacingOccurrences(of: ",", with: " ").split(separator: " ").map(String.init)
        } else {
            fields = try interp.materialize(given[1]).map { try interp.str($0) }
        }
        for field in [name] + fields {
            guard let first = field.first, first.isLetter || first == "_", field.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) else {
                throw PyError.value("Type names and field names must be valid identifiers: \(Interpreter.quote(field))")
            }
        }
        for field in fields where field.hasPrefix("_") {
            throw PyError.value("Field names cannot start with an underscore: \(Interpreter.quote(field))")
        }
        for (k, field) in fields.enumerated() where fields[..<k].contains(field) {
            throw PyError.value("Encountered duplicate field name: \(Interpreter.quote(field))")
        }
        let defaults = try a.keyword("defaults").map { $0.isPyNone ? [] : try interp.materialize($0) } ?? []
        guard defaults.count <= fields.count else { throw PyError.type("Got more default values than field names") }
        return .object(NamedTupleClass(name: name, fields: fields, defaults: defaults))
    }

    var typeName: String { "type" }
    func repr(_ interp: Interpreter) throws -> String { "<class '__main__.\(name)'>" }

    func call(_ args: Arguments, _ interp: Interpreter) throws -> Value? {
        guard args.positional.count <= fields.count else {
            throw PyError.type("\(name).__new__() takes \(fields.count + 1) positional arguments but \(args.positional.count + 1) were given")
        }
        var values: [Value?] = args.positional + Array(repeating: nil, count: fields.count - args.positional.count)
        for (key, value) in args.keywords {
            guard let i = fields.firstIndex(of: key) else {
                throw PyError.type("\(name).__new__() got an unexpected keyword argument '\(key)'")
            }
            guard values[i] == nil else { throw PyError.type("\(name).__new__() got multiple values for argument '\(key)'") }
            values[i] = value
        }
        let firstDefault = fields.count - defaults.count
        for i in firstDefault..<fields.count where values[i] == nil { values[i] = defaults[i - firstDefault] }
        let missing = fields.indices.filter { values[$0] == nil }.map { "'\(fields[$0])'" }
        if !missing.isEmpty {
            let list = missing.count == 1 ? missing[0] : missing.dropLast().joined(separator: ", ") + " and " + missing.last!
            throw PyError.type("\(name).__new__() missing \(missing.count) required positional argument\(missing.count == 1 ? "" : "s"): \(list)")
        }
        return .object(NamedTupleInstance(cls: self, values: values.map { $0! }))
    }

    func getAttribute(_ n: String, _ interp: Interpreter) throws -> Value? {
        switch n {
        case "__name__": return .string(name)
        case "_fields": return .tuple(fields.map { .string($0) })
        case "_field_defaults":
            let d = PyDict()
            for (field, value) in zip(fields.suffix(defaults.count), defaults) { try d.set(.string(field), value) }
            return .dict(d)
        case "_make":
            return .builtin(Builtin("_make") { a, interp in
                guard let iterable = a.positional.first else { throw PyError.type("_make() missing 1 required positional argument: 'iterable'") }
                let values = try interp.materialize(iterable)
                guard values.count == self.fields.count else {
                    throw PyError.type("Expected \(self.fields.count) arguments, got \(values.count)")
                }
                return .object(NamedTupleInstance(cls: self, values: values))
            })
        default: return nil
        }
    }

    func attributeNames() -> [String] { ["_fields", "_field_defaults", "_make"] }
}

/// An instance of a namedtuple class: a tuple that also answers to its field names.
final class NamedTupleInstance: PyObject {
    let cls: NamedTupleClass
    let values: [Value]

    init(cls: NamedTupleClass, values: [Value]) {
        self.cls = cls
        self.values = values
    }

    var typeName: String { cls.name }

    func repr(_ interp: Interpreter) throws -> String {
        let items = try zip(cls.fields, values).map { "\($0)=\(try interp.repr($1))" }
        return "\(cls.name)(\(items.joined(separator: ", ")))"
    }

    func getAttribute(_ n: String, _ interp: Interpreter) throws -> Value? {
        if let i = cls.fields.firstIndex(of: n) { return values[i] }
        switch n {
        case "_fields", "_field_defaults", "_make": return try cls.getAttribute(n, interp)
        case "_asdict":
            return .builtin(Builtin("_asdict") { _, _ in
                let d = PyDict()
                for (field, value) in zip(self.cls.fields, self.values) { try d.set(.string(field), value) }
                return .dict(d)
            })
        case "_replace":
            return .builtin(Builtin("_replace") { a, interp in
                guard a.positional.isEmpty else { throw PyError.type("_replace() takes 1 positional argument but \(a.positional.count + 1) were given") }
                var values = self.values
                for (key, value) in a.keywords {
                    guard let i = self.cls.fields.firstIndex(of: key) else {
                        throw PyError.value("Got unexpected field names: ['\(key)']")
                    }
                    values[i] = value
                }
                return .object(NamedTupleInstance(cls: self.cls, values: values))
            })
        case "count", "index": return try interp.builtinMethod(.tuple(values), n)
        default: return nil
        }
    }

    func attributeNames() -> [String] { cls.fields + ["_asdict", "_fields", "_make", "_replace", "count", "index"] }
    func isInstance(of c: PyObject) -> Bool { c === cls || (c as? TypeObject)?.name == "tuple" }
    func makeIterator(_ interp: Interpreter) throws -> PyIterator? { PyIterator(values) }
    func length(_ interp: Interpreter) throws -> Int? { values.count }
    func getItem(_ index: Value, _ interp: Interpreter) throws -> Value? { try interp.getItem(.tuple(values), index) }
    func contains(_ value: Value, _ interp: Interpreter) throws -> Bool? { try values.contains { try interp.equal($0, value) } }
    func hashKey() throws -> HashKey? { try HashKey(.tuple(values)) }

    func compare(_ op: CompareOperator, _ other: Value, reflected: Bool, _ interp: Interpreter) throws -> Value? {
        let theirs: [Value]
        switch other {
        case .tuple(let t): theirs = t
        case .object(let o as NamedTupleInstance): theirs = o.values
        default: return nil
        }
        let (l, r): (Value, Value) = reflected ? (.tuple(theirs), .tuple(values)) : (.tuple(values), .tuple(theirs))
        return try interp.compare(op, l, r)
    }

    func binary(_ op: BinaryOperator, _ other: Value, reflected: Bool, _ interp: Interpreter) throws -> Value? {
        let (l, r): (Value, Value) = reflected ? (other, .tuple(values)) : (.tuple(values), other)
        return try interp.binary(op, l, r)
    }
}
