import PythonSyntax

/// A Python exception as data: its kind, message and where it was raised. One renderer
/// (`rendered`) turns it into the text Python prints.
package struct PyError: Error {
    package var kind: String
    package var message: String
    package var span: Span?

    package init(_ kind: String, _ message: String, span: Span? = nil) {
        self.kind = kind
        self.message = message
        self.span = span
    }

    package static func type(_ m: String) -> PyError { PyError("TypeError", m) }
    package static func value(_ m: String) -> PyError { PyError("ValueError", m) }
    package static func name(_ n: String) -> PyError { PyError("NameError", "name '\(n)' is not defined") }
    package static func attribute(_ m: String) -> PyError { PyError("AttributeError", m) }
    package static func index(_ m: String) -> PyError { PyError("IndexError", m) }
    package static func key(_ m: String) -> PyError { PyError("KeyError", m) }
    /// KeyError for a missing key: its message is the key's repr, its args the key.
    package static func missingKey(_ key: Value, _ interp: Interpreter) throws -> PyError {
        var e = PyError("KeyError", try interp.repr(key))
        e.args = [key]
        return e
    }
    package static func runtime(_ m: String) -> PyError { PyError("RuntimeError", m) }
    package static func zeroDivision(_ m: String) -> PyError { PyError("ZeroDivisionError", m) }
    package static let keyboardInterrupt = PyError("KeyboardInterrupt", "")

    /// `exit(code)` / `quit(code)`: the process status it asks for (`exit()` 0, `exit(3)`
    /// 3, `exit("bye")` prints bye and is 1); the message is what is printed, if anything.
    package static func systemExit(status: Int32, message: String = "") -> PyError {
        var e = PyError("SystemExit", message)
        e.exitStatus = status
        return e
    }

    /// Set for SystemExit only.
    package var exitStatus: Int32?

    /// The exception's args when they are not just its message (a KeyError's key).
    package var args: [Value]?
    /// The exception object raised by `raise`, which `except ... as e` binds again.
    package var value: Value?
    /// For an instance of a user exception class: the built-in kind it derives from (its
    /// `kind` is the user class's name, as tracebacks print it).
    package var kindClass: String?

    /// The creation site (source and offset) of the statement the error left, in the
    /// frame it is in now.
    package var site: Int?
    /// The functions it has left so far, innermost first: where in each it was raised.
    package var frames: [TracebackFrame] = []

    /// Python's errors for reading a name that is not bound: a global (or builtin), a
    /// local before its assignment, an enclosing function's variable.
    static func unboundGlobal(_ name: String, span: Span) -> PyError {
        var error = PyError.name(name)
        error.span = span
        return error
    }
    static func unboundLocal(_ name: String, span: Span) -> PyError {
        PyError("UnboundLocalError", "cannot access local variable '\(name)' where it is not associated with a value", span: span)
    }
    static func unboundFree(_ name: String, span: Span) -> PyError {
        PyError("NameError", "cannot access free variable '\(name)' where it is not associated with a value in enclosing scope", span: span)
    }

    /// Python's last traceback line: `Kind: message` (just `Kind` without a message).
    package var headline: String { message.isEmpty ? kind : "\(kind): \(message)" }

    /// Python 3.11's "Did you mean" for a NameError or AttributeError: shown in the
    /// traceback, not part of the message (`str(e)` has none).
    package var suggestion: String?

    /// The last line of a traceback: the headline and the suggestion, if any.
    package var tracebackHeadline: String {
        guard let suggestion else { return headline }
        return headline + ". Did you mean: '\(suggestion)'?"
    }
}

/// The control flow a statement hands back to its block.
enum Flow {
    case normal
    case breakLoop
    case continueLoop
    case returned(Value)
}

extension Interpreter {
    /// Errors from lower layers become Python exceptions (the engine's TensorError
    /// carries the kind and message already).
    package static func convert(_ error: Error) -> PyError {
        if let e = error as? PyError { return e }
        if let e = error as? PyErrorConvertible { return e.pyError }
        return PyError.runtime("\(error)")
    }
}

/// Errors of lower layers that know their Python kind (TensorError conforms in TorchBindings).
package protocol PyErrorConvertible {
    var pyError: PyError { get }
}

/// One function frame of a traceback: the statement it was running (a creation site).
package struct TracebackFrame {
    package let site: Int
    package let function: String
}
