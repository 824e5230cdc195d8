import PythonSyntax

/// An object the evaluator does not know itself (tensors, modules, dtypes, generators,
/// user classes...). Every hook has a default meaning "not supported", which the
/// evaluator turns into Python's TypeError or AttributeError.
package protocol PyObject: AnyObject {
    /// `type(x).__name__`.
    var typeName: String { get }
    func getAttribute(_ name: String, _ interp: Interpreter) throws -> Value?
    /// Returns false when the object takes no such attribute.
    func setAttribute(_ name: String, _ value: Value, _ interp: Interpreter) throws -> Bool
    func call(_ args: Arguments, _ interp: Interpreter) throws -> Value?
    func repr(_ interp: Interpreter) throws -> String
    func str(_ interp: Interpreter) throws -> String
    /// `format(x, spec)`; nil uses str() for an empty spec and fails otherwise.
    func format(_ spec: String, _ interp: Interpreter) throws -> String?
    /// `self op other` (or `other op self` when reflected); nil means NotImplemented.
    func binary(_ op: BinaryOperator, _ other: Value, reflected: Bool, _ interp: Interpreter) throws -> Value?
    /// `self op= other` in place; nil falls back to `self = self op other`.
    func inPlace(_ op: BinaryOperator, _ other: Value, _ interp: Interpreter) throws -> Value?
    func compare(_ op: CompareOperator, _ other: Value, reflected: Bool, _ interp: Interpreter) throws -> Value?
    func unary(_ op: UnaryOperator, _ interp: Interpreter) throws -> Value?
    func getItem(_ index: Value, _ interp: Interpreter) throws -> Value?
    func setItem(_ index: Value, _ value: Value, _ interp: Interpreter) throws -> Bool
    func makeIterator(_ interp: Interpreter) throws -> PyIterator?
    func length(_ interp: Interpreter) throws -> Int?
    func truth(_ interp: Interpreter) throws -> Bool?
    func hashKey() throws -> HashKey?
    /// `x in self`.
    func contains(_ value: Value, _ interp: Interpreter) throws -> Bool?
    /// `with self:` enter and exit.
    func enter(_ interp: Interpreter) throws -> Value?
    func exit(_ interp: Interpreter) throws
    /// `with` exit while `error` leaves the block (nil: it finished): whether the
    /// manager suppressed the error (a true `__exit__` result). Native managers never do.
    func exit(_ interp: Interpreter, raising error: PyError?) throws -> Bool
    /// Whether isinstance(self, cls) holds for a class object from this layer.
    func isInstance(of cls: PyObject) -> Bool
    /// A number this object stands for in arithmetic with Python numbers (int(x), float(x)).
    func asNumber(_ interp: Interpreter) throws -> Value?
    /// dir(x) / completion: attribute names.
    func attributeNames() -> [String]
    /// Whether `self.name(...)` can be called without making a bound method first (the
    /// compiled `obj.name(args)` asks before evaluating the arguments, as Python looks the
    /// attribute up first).
    func hasDirectMethod(_ name: String) -> Bool
    /// Calls the method `hasDirectMethod` answered for; `args` begin with self.
    func callDirectMethod(_ name: String, _ args: Arguments, _ interp: Interpreter) throws -> Value
}

extension PyObject {
    package func getAttribute(_ name: String, _ interp: Interpreter) throws -> Value? { nil }
    package func setAttribute(_ name: String, _ value: Value, _ interp: Interpreter) throws -> Bool { false }
    package func call(_ args: Arguments, _ interp: Interpreter) throws -> Value? { nil }
    package func repr(_ interp: Interpreter) throws -> String { "<\(typeName) object>" }
    package func str(_ interp: Interpreter) throws -> String { try repr(interp) }
    package func format(_ spec: String, _ interp: Interpreter) throws -> String? { nil }
    package func binary(_ op: BinaryOperator, _ other: Value, reflected: Bool, _ interp: Interpreter) throws -> Value? { nil }
    package func inPlace(_ op: BinaryOperator, _ other: Value, _ interp: Interpreter) throws -> Value? { nil }
    package func compare(_ op: CompareOperator, _ other: Value, reflected: Bool, _ interp: Interpreter) throws -> Value? { nil }
    package func unary(_ op: UnaryOperator, _ interp: Interpreter) throws -> Value? { nil }
    package func getItem(_ index: Value, _ interp: Interpreter) throws -> Value? { nil }
    package func setItem(_ index: Value, _ value: Value, _ interp: Interpreter) throws -> Bool { false }
    package func makeIterator(_ interp: Interpreter) throws -> PyIterator? { nil }
    package func length(_ interp: Interpreter) throws -> Int? { nil }
    package func truth(_ interp: Interpreter) throws -> Bool? { nil }
    package func hashKey() throws -> HashKey? { nil }
    package func contains(_ value: Value, _ interp: Interpreter) throws -> Bool? { nil }
    package func enter(_ interp: Interpreter) throws -> Value? { nil }
    package func exit(_ interp: Interpreter) throws {}
    package func exit(_ interp: Interpreter, raising error: PyError?) throws -> Bool {
        try exit(interp)
        return false
    }
    package func isInstance(of cls: PyObject) -> Bool { false }
    package func asNumber(_ interp: Interpreter) throws -> Value? { nil }
    package func attributeNames() -> [String] { [] }
    package func hasDirectMethod(_ name: String) -> Bool { false }
    package func callDirectMethod(_ name: String, _ args: Arguments, _ interp: Interpreter) throws -> Value {
        var rest = args
        rest.positional.removeFirst()
        return try interp.call(try interp.getAttribute(.object(self), name), rest)
    }
}

/// A Python iterator: `next()` gives values until nil.
package final class PyIterator {
    private let step: () throws -> Value?
    package init(_ step: @escaping () throws -> Value?) { self.step = step }
    /// Iterates `values`; `owner` (the dict whose items these are) is kept alive meanwhile,
    /// so the cycle collector sees the container as in use while its items are walked.
    package convenience init(_ values: [Value], keeping owner: AnyObject? = nil) {
        var i = 0
        self.init { () -> Value? in
            guard i < values.count else { return nil }
            defer { i += 1 }
            return withExtendedLifetime(owner) { values[i] }
        }
    }
    package func next() throws -> Value? { try step() }
}

/// A value's iterator as a Python object (what `iter(x)` returns).
package final class IteratorObject: PyObject {
    let iterator: PyIterator
    package init(_ iterator: PyIterator) { self.iterator = iterator }
    package var typeName: String { "iterator" }
    package func makeIterator(_ interp: Interpreter) throws -> PyIterator? { iterator }
}

/// A class defined with `class X(Base):`, possibly over a native base (nn.Module).
package final class PyClass: CycleTracked, PyObject {
    package let name: String
    package let bases: [Value]
    package var attributes: [String: Value] = [:]
    /// The method resolution order (C3, as Python computes it): this class, then its bases'
    /// classes so that every class comes before its own bases and bases keep their order.
    /// Non-Python classes (nn.Module, exception classes) sit in it as themselves.
    package private(set) var mro: [PyObject] = []

    init(name: String, bases: [Value]) throws {
        self.name = name
        self.bases = bases
        super.init()
        mro = try PyClass.linearize(self)
    }

    private static func linearize(_ cls: PyClass) throws -> [PyObject] {
        let baseObjects: [PyObject] = cls.bases.compactMap { if case .object(let o) = $0 { o } else { nil } }
        var sequences: [[PyObject]] = baseObjects.map { ($0 as? PyClass)?.mro ?? [$0] } + [baseObjects]
        var result: [PyObject] = [cls]
        while true {
            sequences.removeAll { $0.isEmpty }
            if sequences.isEmpty { return result }
            guard let head = sequences.lazy.map({ $0[0] }).first(where: { candidate in
                !sequences.contains { $0.dropFirst().contains { $0 === candidate } }
            }) else {
                let names = baseObjects.compactMap { ($0 as? PyClass)?.name }.joined(separator: ", ")
                throw PyError.type("Cannot create a consistent method resolution\norder (MRO) for bases \(names)")
            }
            result.append(head)
            for i in sequences.indices where sequences[i][0] === head { sequences[i].removeFirst() }
        }
    }

    override func traverse(_ visit: (CycleTracked) -> Void) {
        for v in attributes.values { CycleTracked.visit(v, visit) }
        for b in bases { CycleTracked.visit(b, visit) }
    }

    override func clearReferences() { attributes = [:] }

    package var typeName: String { "type" }

    /// Looks a name up in this class, then its bases in order.
    package func lookup(_ name: String) -> Value? {
        if let v = attributes[name] { return v }
        for case let cls as PyClass in mro.dropFirst() {
            if let v = cls.attributes[name] { return v }
        }
        return nil
    }

    /// The native class (from TorchBindings) this class derives from, if any.
    package var nativeBase: NativeClass? {
        for base in bases {
            if case .object(let o) = base {
                if let native = o as? NativeClass { return native }
                if let cls = o as? PyClass, let native = cls.nativeBase { return native }
            }
        }
        return nil
    }

    package func isSubclass(of other: PyObject) -> Bool {
        if other === self { return true }
        for base in bases {
            guard case .object(let o) = base else { continue }
            if o === other { return true }
            if let cls = o as? PyClass, cls.isSubclass(of: other) { return true }
        }
        return false
    }

    package func getAttribute(_ name: String, _ interp: Interpreter) throws -> Value? {
        if name == "__name__" || name == "__qualname__" { return .string(self.name) }
        if let v = lookup(name) { return interp.classAttribute(v, of: self) }
        if let v = try nativeBase?.classAttribute(name, of: self, interp) { return v }
        switch name {
        case "__mro__":
            let objectType = interp.builtins["object"]
            let endsWithObject: Bool = { if case .object(let o)? = objectType { return mro.last === o }; return false }()
            return .tuple(mro.map { .object($0) } + (endsWithObject ? [] : objectType.map { [$0] } ?? []))
        case "__bases__": return .tuple(bases)
        case "__dict__":
            let d = PyDict()
            for (k, v) in attributes.sorted(by: { $0.key < $1.key }) { try d.set(.string(k), v) }
            return .dict(d)
        default: return nil
        }
    }

    package func setAttribute(_ name: String, _ value: Value, _ interp: Interpreter) throws -> Bool {
        attributes[name] = value
        return true
    }

    package func call(_ args: Arguments, _ interp: Interpreter) throws -> Value? {
        let instance: PyObject
        if let native = nativeBase {
            instance = try native.makeInstance(of: self, interp)
        } else {
            instance = PyInstance(cls: self)
            // An exception class's instance keeps its arguments (e.args, str(e)), whether or
            // not its __init__ calls super().__init__.
            if exceptionBase != nil {
                (instance as! PyInstance).attributes["args"] = .tuple(args.positional)
                if lookup("__init__") == nil { return .object(instance) }
            }
        }
        if let initializer = lookup("__init__") {
            var a = args
            a.positional.insert(.object(instance), at: 0)
            _ = try interp.call(initializer, a)
        } else if args.count > 0, nativeBase == nil {
            throw PyError.type("\(name)() takes no arguments")
        }
        return .object(instance)
    }

    package func repr(_ interp: Interpreter) throws -> String { "<class '__main__.\(name)'>" }
}

/// A class that Swift provides for user classes to derive from (nn.Module). It makes the
/// instances, so they carry the native state.
package protocol NativeClass: PyObject {
    func makeInstance(of cls: PyClass, _ interp: Interpreter) throws -> PyObject
    /// An attribute the native base gives each derived class (`MyFunction.apply`), or nil.
    func classAttribute(_ name: String, of cls: PyClass, _ interp: Interpreter) throws -> Value?
}

extension NativeClass {
    package func classAttribute(_ name: String, of cls: PyClass, _ interp: Interpreter) throws -> Value? { nil }
}

/// An instance of a user class without a native base.
package final class PyInstance: CycleTracked, PyObject {
    package let cls: PyClass
    package var attributes: [String: Value] = [:]

    package init(cls: PyClass) {
        self.cls = cls
        super.init()
    }

    override func traverse(_ visit: (CycleTracked) -> Void) {
        for v in attributes.values { CycleTracked.visit(v, visit) }
        visit(cls)
    }

    override func clearReferences() {
        var values = Array(attributes.values)
        attributes = [:]
        Trashcan.release(&values)
    }

    deinit {
        var values = Array(attributes.values)
        attributes = [:]
        Trashcan.release(&values)
    }

    package var typeName: String { cls.name }

    package func getAttribute(_ name: String, _ interp: Interpreter) throws -> Value? {
        if let v = attributes[name] { return v }
        if let v = cls.lookup(name) { return try interp.bindAttribute(v, to: .object(self), owner: cls) }
        if name == "__class__" { return .object(cls) }
        return nil
    }

    package func setAttribute(_ name: String, _ value: Value, _ interp: Interpreter) throws -> Bool {
        if try interp.setThroughProperty(cls, .object(self), name, value) { return true }
        attributes[name] = value
        return true
    }

    package func call(_ args: Arguments, _ interp: Interpreter) throws -> Value? {
        guard let method = cls.lookup("__call__") else { return nil }
        var a = args
        a.positional.insert(.object(self), at: 0)
        return try interp.call(method, a)
    }

    package func repr(_ interp: Interpreter) throws -> String {
        if let method = cls.lookup("__repr__") {
            if case .string(let s) = try interp.call(method, Arguments([.object(self)])) { return s }
        }
        if cls.exceptionBase != nil {
            return "\(cls.name)(" + (try exceptionArgs.map { try interp.repr($0) }.joined(separator: ", ")) + ")"
        }
        return "<__main__.\(cls.name) object>"
    }

    package func str(_ interp: Interpreter) throws -> String {
        if let method = cls.lookup("__str__") {
            let s = try interp.call(method, Arguments([.object(self)]))
            guard case .string(let text) = s else { throw PyError.type("__str__ returned non-string (type \(interp.typeName(s)))") }
            return text
        }
        if cls.exceptionBase != nil {
            let args = exceptionArgs
            switch args.count {
            case 0: return ""
            case 1: return try interp.str(args[0])
            default: return try interp.repr(.tuple(args))
            }
        }
        return try repr(interp)
    }

    /// An exception instance's `args`.
    var exceptionArgs: [Value] {
        if case .tuple(let items)? = attributes["args"] { return items }
        return []
    }

    package func isInstance(of other: PyObject) -> Bool { cls.isSubclass(of: other) }
    package func attributeNames() -> [String] { Array(attributes.keys) + Array(cls.attributes.keys) }

    /// A method found on the class (not shadowed by an instance attribute) is called with
    /// the instance prepended, without a BoundMethod.
    package func hasDirectMethod(_ name: String) -> Bool {
        guard attributes[name] == nil, case .function? = cls.lookup(name) else { return false }
        return true
    }

    package func callDirectMethod(_ name: String, _ args: Arguments, _ interp: Interpreter) throws -> Value {
        guard case .function(let f)? = cls.lookup(name) else { throw PyError.attribute("'\(typeName)' object has no attribute '\(name)'") }
        return try interp.callFunction(f, args)
    }
}

/// A function bound to its receiver (`obj.method`).
package final class BoundMethod: CycleTracked, PyObject {
    package private(set) var function: Value
    package private(set) var receiver: Value

    init(function: Value, receiver: Value) {
        self.function = function
        self.receiver = receiver
        super.init()
    }

    override func traverse(_ visit: (CycleTracked) -> Void) {
        CycleTracked.visit(function, visit)
        CycleTracked.visit(receiver, visit)
    }

    override func clearReferences() {
        function = .none
        receiver = .none
    }

    package var typeName: String { "method" }

    package func call(_ args: Arguments, _ interp: Interpreter) throws -> Value? {
        var a = args
        a.positional.insert(receiver, at: 0)
        return try interp.call(function, a)
    }

    package func repr(_ interp: Interpreter) throws -> String {
        if case .function(let f) = function { return "<bound method \(f.name) of \(try interp.repr(receiver))>" }
        return "<bound method>"
    }
}

/// `super()` inside a method: attribute lookups start after the defining class.
final class SuperProxy: PyObject {
    let cls: PyClass
    let receiver: Value

    init(cls: PyClass, receiver: Value) {
        self.cls = cls
        self.receiver = receiver
    }

    var typeName: String { "super" }

    func getAttribute(_ name: String, _ interp: Interpreter) throws -> Value? {
        // The classes after the method's own class in the receiver's MRO (cooperative
        // multiple inheritance: D(B, C) has B's super() reach C).
        var order = cls.mro
        if case .object(let o) = receiver {
            var receiverClass = (o as? PyInstance)?.cls ?? (o as? PyClass)
            if receiverClass == nil, let classValue = try? o.getAttribute("__class__", interp),
               case .object(let c as PyClass) = classValue {
                receiverClass = c
            }
            if let receiverClass, let i = receiverClass.mro.firstIndex(where: { $0 === cls }) { order = Array(receiverClass.mro[i...]) }
        }
        for o in order.dropFirst() {
            if let baseClass = o as? PyClass {
                if let v = baseClass.attributes[name] { return interp.bind(v, to: receiver) }
                continue
            }
            if o is ExceptionClass, name == "__init__" {
                let receiver = self.receiver
                return .builtin(Builtin("__init__") { args, i in
                    try i.call(.builtin(ExceptionClass.initializer), Arguments([receiver] + args.positional))
                })
            }
            if let native = o as? NativeClass, let v = try native.getAttribute(name, interp) { return interp.bind(v, to: receiver) }
        }
        // object's own methods, which every class reaches last.
        let receiver = self.receiver
        switch name {
        case "__init__":
            return .builtin(Builtin("__init__") { args, _ in
                guard args.count == 0 else { throw PyError.type("object.__init__() takes exactly one argument (the instance to initialize)") }
                return .none
            })
        case "__setattr__":
            return .builtin(Builtin("__setattr__") { args, i in
                guard args.positional.count == 2, case .string(let n) = args.positional[0] else {
                    throw PyError.type("expected 2 arguments, got \(args.positional.count)")
                }
                if case .object(let o as PyInstance) = receiver { o.attributes[n] = args.positional[1] } else { try i.setAttribute(receiver, n, args.positional[1]) }
                return .none
            })
        default:
            return nil
        }
    }
}
