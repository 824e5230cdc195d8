/// Python's exceptions as values: the built-in classes as CPython's tree (so `except
/// LookupError` catches a KeyError and `except Exception` does not catch Ctrl-C), their
/// instances, user classes deriving from them, and the matching `except` does.
package final class ExceptionClass: PyObject {
    package let kind: String
    package let base: ExceptionClass?

    init(_ kind: String, base: ExceptionClass?) {
        self.kind = kind
        self.base = base
    }

    package var typeName: String { "type" }

    package func isSubclass(of other: ExceptionClass) -> Bool {
        var c: ExceptionClass? = self
        while let k = c {
            if k === other { return true }
            c = k.base
        }
        return false
    }

    package func call(_ args: Arguments, _ interp: Interpreter) throws -> Value? {
        guard args.keywords.isEmpty else { throw PyError.type("\(kind)() takes no keyword arguments") }
        return .object(ExceptionObject(self, args: args.positional))
    }

    package func repr(_ interp: Interpreter) throws -> String {
        "<class '\(kind.contains(".") ? kind : kind)'>"
    }

    package func getAttribute(_ name: String, _ interp: Interpreter) throws -> Value? {
        switch name {
        case "__name__", "__qualname__": return .string(String(kind.split(separator: ".").last ?? Substring(kind)))
        case "__init__": return .builtin(ExceptionClass.initializer)
        case "__base__": return base.map { .object($0) } ?? Value.none
        default: return nil
        }
    }

    package func isInstance(of other: PyObject) -> Bool { false }

    /// `Exception.__init__(self, *args)`: what a user class's `super().__init__(msg)` runs.
    static let initializer = Builtin("__init__") { args, _ in
        if case .object(let o)? = args.positional.first, let instance = o as? PyInstance {
            instance.attributes["args"] = .tuple(Array(args.positional.dropFirst()))
        }
        return .none
    }
}

/// An instance of a built-in exception class: `ValueError("bad")`, or the value an
/// `except ... as e` binds for an error tsh raised.
package final class ExceptionObject: PyObject {
    package let cls: ExceptionClass
    package let args: [Value]
    /// What str() shows for an error tsh raised (its message as Python words it; a
    /// KeyError's is the key's repr).
    let text: String?
    /// `raise ... from cause` (`__cause__`).
    var cause: Value = .none

    init(_ cls: ExceptionClass, args: [Value], text: String? = nil) {
        self.cls = cls
        self.args = args
        self.text = text
    }

    package var typeName: String { String(cls.kind.split(separator: ".").last ?? Substring(cls.kind)) }
    package var kind: String { cls.kind }

    package func str(_ interp: Interpreter) throws -> String {
        if let text { return text }
        switch args.count {
        case 0: return ""
        case 1: return cls.kind == "KeyError" ? try interp.repr(args[0]) : try interp.str(args[0])
        default: return try interp.repr(.tuple(args))
        }
    }

    package func repr(_ interp: Interpreter) throws -> String {
        "\(typeName)(" + (try args.map { try interp.repr($0) }.joined(separator: ", ")) + ")"
    }

    /// The message of the PyError that raising this makes.
    func message(_ interp: Interpreter) throws -> String { try str(interp) }

    package func getAttribute(_ name: String, _ interp: Interpreter) throws -> Value? {
        switch name {
        case "args": return .tuple(args)
        case "__class__": return .object(cls)
        case "__cause__": return cause
        case "__traceback__", "__context__": return Value.none
        default: return nil
        }
    }

    package func isInstance(of other: PyObject) -> Bool {
        guard let c = other as? ExceptionClass else { return false }
        return cls.isSubclass(of: c)
    }
}

extension Interpreter {
    /// The built-in exception classes, CPython's tree (and the kinds tsh's errors use).
    static let exceptionTree: [(kind: String, base: String?)] = [
        ("BaseException", nil), ("SystemExit", "BaseException"), ("KeyboardInterrupt", "BaseException"),
        ("GeneratorExit", "BaseException"), ("Exception", "BaseException"), ("StopIteration", "Exception"),
        ("ArithmeticError", "Exception"), ("FloatingPointError", "ArithmeticError"), ("OverflowError", "ArithmeticError"),
        ("ZeroDivisionError", "ArithmeticError"), ("AssertionError", "Exception"), ("AttributeError", "Exception"),
        ("BufferError", "Exception"), ("EOFError", "Exception"), ("ImportError", "Exception"),
        ("ModuleNotFoundError", "ImportError"), ("LookupError", "Exception"), ("IndexError", "LookupError"),
        ("KeyError", "LookupError"), ("MemoryError", "Exception"), ("NameError", "Exception"),
        ("UnboundLocalError", "NameError"), ("OSError", "Exception"), ("FileNotFoundError", "OSError"),
        ("FileExistsError", "OSError"), ("PermissionError", "OSError"), ("IsADirectoryError", "OSError"),
        ("NotADirectoryError", "OSError"), ("TimeoutError", "OSError"), ("RuntimeError", "Exception"),
        ("NotImplementedError", "RuntimeError"), ("RecursionError", "RuntimeError"), ("SyntaxError", "Exception"),
        ("IndentationError", "SyntaxError"), ("TypeError", "Exception"), ("ValueError", "Exception"),
        ("UnicodeError", "ValueError"), ("Warning", "Exception"), ("UserWarning", "Warning"),
        ("DeprecationWarning", "Warning"), ("RuntimeWarning", "Warning"),
    ]

    /// One class object per kind, made once per interpreter.
    static func makeExceptionClasses() -> [String: ExceptionClass] {
        var classes: [String: ExceptionClass] = [:]
        for (kind, base) in exceptionTree { classes[kind] = ExceptionClass(kind, base: base.flatMap { classes[$0] }) }
        return classes
    }

    /// The class of an error's kind; a kind outside the tree (`UsageError`,
    /// `_pickle.UnpicklingError`) is an Exception.
    func exceptionClass(ofKind kind: String) -> ExceptionClass {
        if let c = exceptionClasses[kind] { return c }
        let made = ExceptionClass(kind, base: exceptionClasses["Exception"])
        exceptionClasses[kind] = made
        return made
    }

    /// Records `raise ... from cause` on the raised exception's value.
    func setCause(_ cause: Value, of error: inout PyError) {
        let value = exceptionValue(error)
        error.value = value
        guard case .object(let o) = value else { return }
        if let e = o as? ExceptionObject { e.cause = cause }
        if let instance = o as? PyInstance { instance.attributes["__cause__"] = cause }
    }

    /// The class of a raised error (`type(e)`).
    func exceptionType(_ error: PyError) -> Value {
        if case .object(let raised)? = error.value, let instance = raised as? PyInstance { return .object(instance.cls) }
        return .object(exceptionClass(ofKind: error.kind))
    }

    /// Leaves `with` blocks, innermost first, as `error` (nil: none) leaves the body: a
    /// manager that suppresses it hands the next one no error; an error raised by an exit
    /// replaces the one in flight. Throws what is left.
    func exitContexts(_ entered: [PyObject], after error: Error?) throws {
        var pending: PyError? = error.map(Interpreter.convert)
        for manager in entered.reversed() {
            do {
                if try manager.exit(self, raising: pending) { pending = nil }
            } catch {
                pending = Interpreter.convert(error)
            }
        }
        if let pending { throw pending }
    }

    /// The value `except ... as e` binds: the object raised, or one made for tsh's error.
    func exceptionValue(_ error: PyError) -> Value {
        if let value = error.value { return value }
        let cls = exceptionClass(ofKind: error.kind)
        return .object(ExceptionObject(cls, args: error.args ?? (error.message.isEmpty ? [] : [.string(error.message)]), text: error.message))
    }

    /// Whether an `except` clause naming `handler` (a class or a tuple of them) catches `error`.
    func exceptionMatches(_ error: PyError, _ handler: Value) throws -> Bool {
        switch handler {
        case .tuple(let options): return try options.contains { try exceptionMatches(error, $0) }
        case .object(let o):
            if let c = o as? ExceptionClass {
                if case .object(let raised)? = error.value, let instance = raised as? PyInstance {
                    return instance.cls.exceptionBase?.isSubclass(of: c) ?? false
                }
                return exceptionClass(ofKind: error.kind).isSubclass(of: c)
            }
            if let c = o as? PyClass, c.exceptionBase != nil {
                if case .object(let raised)? = error.value, let instance = raised as? PyInstance { return instance.cls.isSubclass(of: c) }
                return false
            }
        default: break
        }
        throw PyError.type("catching classes that do not inherit from BaseException is not allowed")
    }

    /// `raise value`: the PyError that carries it (a class is instantiated first).
    func raising(_ value: Value) throws -> PyError {
        switch value {
        case .object(let o):
            if let ex = o as? ExceptionObject {
                var e = PyError(ex.kind, try ex.message(self))
                e.value = value
                return e
            }
            if let cls = o as? ExceptionClass { return try raising(try call(.object(cls), Arguments())) }
            if let instance = o as? PyInstance, let base = instance.cls.exceptionBase {
                // Tracebacks name a class defined in the program as __main__.Name.
                var e = PyError("__main__." + instance.cls.name, try str(value))
                e.value = value
                e.kindClass = base.kind
                return e
            }
            if let cls = o as? PyClass, cls.exceptionBase != nil { return try raising(try call(.object(cls), Arguments())) }
        default: break
        }
        return PyError.type("exceptions must derive from BaseException")
    }

    /// issubclass(a, b) over Python classes, built-in exception classes and tuples.
    func isSubclass(_ a: Value, _ b: Value) throws -> Bool {
        if case .tuple(let options) = b { return try options.contains { try isSubclass(a, $0) } }
        guard case .object(let sub) = a, sub.typeName == "type" || sub is TypeObject else {
            throw PyError.type("issubclass() arg 1 must be a class")
        }
        guard case .object(let sup) = b else { throw PyError.type("issubclass() arg 2 must be a class, a tuple of classes, or a union") }
        if let s = sub as? ExceptionClass, let c = sup as? ExceptionClass { return s.isSubclass(of: c) }
        if let s = sub as? PyClass {
            if s.isSubclass(of: sup) { return true }
            if let c = sup as? ExceptionClass { return s.exceptionBase?.isSubclass(of: c) ?? false }
            if let t = sup as? TypeObject { return t.name == "object" }
            return false
        }
        if let t = sup as? TypeObject, t.name == "object" { return true }
        return sub === sup
    }
}

extension PyClass {
    /// The built-in exception class this class derives from, if it is an exception class.
    package var exceptionBase: ExceptionClass? {
        for base in bases {
            guard case .object(let o) = base else { continue }
            if let e = o as? ExceptionClass { return e }
            if let c = o as? PyClass, let e = c.exceptionBase { return e }
        }
        return nil
    }
}

/// What `__exit__` receives as its traceback argument: tsh keeps a raised error's frames
/// on the error itself, so this object only stands for them (it is not None, as in Python).
final class TracebackObject: PyObject {
    var typeName: String { "traceback" }
}
