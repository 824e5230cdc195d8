import CreationSite

/// The state of one generator's suspended body: where each statement around the current
/// yield stopped, and what the next resumption brings in (a sent value or an exception).
final class GeneratorRun {
    /// The suspended statements' points, innermost first (the outermost resumes first).
    var points: [ResumePoint] = []
    /// The value `send()` passes in (None for `next()`).
    var sent: Value = .none
    /// An exception `throw()` or `close()` raises at the yield instead.
    var thrown: Error?

    /// The next point to step back into, or nil when the code runs afresh.
    func resume() -> ResumePoint? { points.popLast() }

    /// What the resumed yield evaluates to (or raises).
    func takeSent() throws -> Value {
        if let thrown {
            self.thrown = nil
            throw thrown
        }
        return sent
    }

    /// A resumed statement found another statement's point: a bug in tsh, not the program.
    static let lost = PyError("SystemError", "generator resumed at an unexpected point")
}

/// Stable pseudo-addresses for objects that Python prints with `at 0x...`: unique among
/// live objects, the same for the same object (grad_fn.md section 5).
package enum PseudoAddress {
    package static func of(_ object: AnyObject) -> String {
        let raw = UInt(bitPattern: ObjectIdentifier(object).hashValue)
        return "0x" + String(raw & 0xFFFF_FFFF_FFFF, radix: 16)
    }
}

/// A generator (a call of a function with `yield` in it, or a generator expression):
/// `next()` runs its body up to the next yield. Mirrors Python's generator object.
final class GeneratorObject: PyObject {
    let name: String
    /// The body's frame while it can still run (nil once finished).
    private var frame: Frame?
    /// The frame refers to its function without owning it; the generator keeps it alive.
    private let function: PyFunction?
    private let code: ResumableCode
    private let run = GeneratorRun()
    private var started = false
    private var running = false
    /// For closing a suspended generator that is dropped (its finally blocks and with
    /// exits run, as Python's do); the interpreter owns every generator it runs.
    private unowned(unsafe) var interp: Interpreter?

    init(name: String, frame: Frame, code: @escaping ResumableCode) {
        self.name = name
        self.frame = frame
        function = frame.function
        self.code = code
    }

    deinit {
        // Only a body stopped inside `try` or `with` has anything to run on the way out.
        guard frame != nil, let interp, !interp.isGone, run.points.contains(where: {
            switch $0 {
            case .with, .tryPart: true
            default: false
            }
        }) else { return }
        try? close(interp)
    }

    var typeName: String { "generator" }

    func repr(_ interp: Interpreter) throws -> String {
        "<generator object \(name) at \(PseudoAddress.of(self))>"
    }

    func makeIterator(_ interp: Interpreter) throws -> PyIterator? {
        PyIterator { try self.resume(interp, sending: .none, throwing: nil) }
    }

    /// Runs the body to its next yield: the value yielded, or nil when the body finished.
    func resume(_ interp: Interpreter, sending value: Value, throwing error: Error?) throws -> Value? {
        guard let frame else {
            if let error { throw error }
            return nil
        }
        if running { throw PyError.value("generator already executing") }
        if !started {
            if let error {
                finish()
                throw error
            }
            if case .none = value {} else {
                throw PyError.type("can't send non-None value to a just-started generator")
            }
        }
        started = true
        self.interp = interp
        run.sent = value
        run.thrown = error
        running = true
        interp.callDepth += 1
        let callerSite = tsh_get_creation_site()
        defer {
            running = false
            interp.callDepth -= 1
            tsh_set_creation_site(callerSite)
        }
        try interp.checkRecursion()
        do {
            switch try code(frame, interp, run) {
            case .yielded(let v): return v
            case .done:
                // A `return value` ends the iteration as a bare return does (tsh does not
                // carry the value on StopIteration).
                finish()
                return nil
            }
        } catch var error as PyError {
            finish()
            // PEP 479: a StopIteration escaping the body is a RuntimeError.
            if error.kind == "StopIteration" {
                error = PyError("RuntimeError", "generator raised StopIteration")
            }
            if let site = error.site {
                error.frames.append(TracebackFrame(site: site, function: name))
                error.site = nil
                error.span = nil
            }
            throw error
        } catch {
            finish()
            throw error
        }
    }

    private func finish() {
        frame = nil
        run.points = []
    }

    /// generator.close(): GeneratorExit at the yield; the body may run its finally blocks
    /// but must not yield again.
    func close(_ interp: Interpreter) throws {
        guard frame != nil else { return }
        guard started else {
            finish()
            return
        }
        do {
            if try resume(interp, sending: .none, throwing: PyError("GeneratorExit", "")) != nil {
                throw PyError("RuntimeError", "generator ignored GeneratorExit")
            }
        } catch let error as PyError where error.kind == "GeneratorExit" || error.kind == "StopIteration" {
            return
        }
    }

    func getAttribute(_ name: String, _ interp: Interpreter) throws -> Value? {
        switch name {
        case "__next__":
            return interp.method("__next__", of: "generator") { [unowned self] _ in
                try self.resume(interp, sending: .none, throwing: nil) ?? { throw PyError("StopIteration", "") }()
            }
        case "send":
            return interp.method("send", of: "generator") { [unowned self] a in
                guard a.positional.count == 1 else {
                    throw PyError.type("generator.send() takes exactly one argument (\(a.positional.count) given)")
                }
                return try self.resume(interp, sending: a.positional[0], throwing: nil) ?? { throw PyError("StopIteration", "") }()
            }
        case "throw":
            return interp.method("throw", of: "generator") { [unowned self] a in
                guard let first = a.positional.first else {
                    throw PyError.type("throw expected at least 1 argument, got 0")
                }
                let error = try interp.raising(first)
                return try self.resume(interp, sending: .none, throwing: error) ?? { throw PyError("StopIteration", "") }()
            }
        case "close":
            return interp.method("close", of: "generator") { [unowned self] _ in
                try self.close(interp)
                return .none
            }
        case "__iter__":
            return interp.method("__iter__", of: "generator") { [unowned self] _ in .object(self) }
        case "__name__", "__qualname__":
            return .string(self.name)
        case "gi_running":
            return .bool(running)
        default:
            return nil
        }
    }

    func attributeNames() -> [String] { ["close", "gi_running", "send", "throw"] }
}
