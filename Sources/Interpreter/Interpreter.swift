#if canImport(Glibc)
import Glibc
#endif
import BigInt
import CreationSite
import PythonSyntax

/// The evaluator of the Python subset: a tree walker over PythonSyntax's AST with
/// Python's scoping, calls, classes and errors. What names exist beyond Python's builtins
/// (torch, nn, F, ...) is given by `modules` and `globals`, filled by TorchBindings.
package final class Interpreter {
    package let globals = Globals()
    /// The built-in exception classes by kind (and kinds met since, as Exception subclasses).
    var exceptionClasses = Interpreter.makeExceptionClasses()
    /// sys.argv: the script's path and its arguments (set by the runner before it runs).
    package var argv: [String] = [""] {
        didSet { if case .object(let o)? = modules["sys"], let sys = o as? ModuleObject { sys.attributes["argv"] = .list(PyList(argv.map { .string($0) })) } }
    }
    /// The exceptions being handled now, innermost last (a bare `raise` re-raises it).
    var handling: [PyError] = []
    /// Set once the interpreter is going away: objects it frees then must not run code
    /// (a dropped generator closes itself only while the interpreter is alive).
    private(set) var isGone = false

    deinit { isGone = true }
    /// The frame module-level code runs in (it has no slots: globals live in `globals`).
    let moduleFrame = Frame(slots: 0)
    package var builtins: [String: Value] = [:] { didSet { builtinsVersion &+= 1 } }
    /// Changes whenever `builtins` does, so compiled code may remember what it found there.
    private(set) var builtinsVersion = 0
    /// Importable modules by dotted name ("torch", "torch.nn", ...).
    package var modules: [String: Value] = [:]
    /// Modules written in Python and shipped inside tsh (`torchvision.models`), by full
    /// name: run on first import, in their own globals, then kept in `modules`.
    package var moduleSources: [String: String] = [:]
    /// The module scope code is being compiled against: a source module's while
    /// `module(named:)` compiles it, else the session's.
    var compilingGlobals: Globals?
    var activeGlobals: Globals { compilingGlobals ?? globals }
    /// Where print() writes.
    package var write: (String) -> Void = { print($0, terminator: "") }
    /// Where warnings and other stderr text go.
    package var writeError: (String) -> Void = { text in
        var bytes = Array(text.utf8)
        _ = bytes.withUnsafeMutableBytes { Glibc.write(2, $0.baseAddress, $0.count) }
    }
    /// Warnings already shown: Python's default filter shows each once per place it comes from.
    private var warningsShown: Set<String> = []

    /// Python's `warnings.warn(message, category)` under the default filter.
    package func warn(_ category: String, _ message: String) {
        guard warningsShown.insert(category + message).inserted else { return }
        writeError("\(category): \(message)\n")
    }

    /// Shows the value of a top-level expression statement (the prompt sets it; scripts don't).
    package var expressionEcho: ((Value) throws -> Void)?
    /// Handles a `:` shell line met while running code (set by the shell).
    package var shellCommand: ((String) throws -> Void)?
    /// State that layers above keep per interpreter (the torch session: its default generator).
    package var userInfo: [String: AnyObject] = [:]
    /// Set from a signal handler; polled at loop iterations and calls.
    package static let interrupted = InterruptFlag()
    /// `interrupted`'s word, read without going through the static's lazy initialiser.
    private let interruptFlag = Interpreter.interrupted.pointer
    var callDepth = 0
    /// Depth of the recursive walks over values running now (repr, ==): see enterNesting.
    var nesting = 0
    package static let nestingLimit = 1000
    /// The containers whose repr is being built (a list inside itself prints `[...]`).
    var reprActive: Set<ObjectIdentifier> = []
    /// Every source run so far, by its number, so that a creation site can be turned back
    /// into a line. Numbers are unique across interpreters: a site from another session
    /// (another thread's interpreter) is never mistaken for one of this one's.
    private var sources: [Int: Source] = [:]
    /// The high bits of the creation sites of the statements of the source being compiled.
    var currentSiteBase = 0

    package init() {
        installBuiltins()
    }

    /// Lets go of everything this interpreter holds: its builtins and modules are closures
    /// that refer back to it (a cycle), so an interpreter that is done with (a test's, a
    /// fuzz input's, the shell's after `:reset`) would otherwise never be freed, nor
    /// anything its program made. It must not run code afterwards.
    package func shutdown() {
        globals.unbindAll()
        builtins = [:]
        modules = [:]
        userInfo = [:]
        expressionEcho = nil
        shellCommand = nil
        sources = [:]
        CycleRegistry.current.collect()
    }

    /// Compiles and runs a parsed program in the module scope.
    package func run(_ program: [Stmt]) throws {
        _ = try compile(program)(moduleFrame, self)
    }

    /// A parsed program compiled once, to run many times (`:time`).
    package func compiled(_ program: [Stmt]) throws -> () throws -> Void {
        let code = try compile(program)
        return { [unowned self] in _ = try code(self.moduleFrame, self) }
    }

    /// The module of that name: a registered one, or a source module run now (once).
    package func module(named name: String) throws -> Value? {
        if let m = modules[name] { return m }
        guard let text = moduleSources[name] else { return nil }
        let source = Source(name: "<tsh:\(name)>", text: text)
        let program = try Parser.parse(source)
        let moduleGlobals = Globals()
        let base = currentSiteBase
        defer { currentSiteBase = base }
        register(source)
        let saved = compilingGlobals
        compilingGlobals = moduleGlobals
        let code: StmtCode
        do {
            defer { compilingGlobals = saved }
            code = try compile(program)
        }
        _ = try code(moduleFrame, self)
        let module = ModuleObject(name: name)
        for (text, value) in moduleGlobals.boundNames where !text.hasPrefix("_") { module.attributes[text] = value }
        modules[name] = .object(module)
        return .object(module)
    }

    /// Parses and runs source text.
    package func run(source: Source) throws {
        let program = try Parser.parse(source)
        let base = currentSiteBase
        defer { currentSiteBase = base }
        register(source)
        try run(program)
    }

    /// Makes `source` the one whose statements are running: the creation sites of the
    /// nodes they make (see CreationSite) point into it.
    package func register(_ source: Source) {
        let number = SourceNumbers.next()
        sources[number] = source
        currentSiteBase = number << 32
    }

    /// The source and scalar offset of a creation site, if it is one of this interpreter's.
    package func location(ofSite site: Int) -> (source: Source, offset: Int)? {
        guard let source = sources[site >> 32] else { return nil }
        return (source, site & 0xFFFF_FFFF)
    }

    /// The creation site of the statement running now (0 when none).
    package static var currentSite: Int { tsh_get_creation_site() }

    /// Evaluates one expression statement's value (the shell shows it).
    package func evaluate(_ expr: Expr) throws -> Value {
        try compile(expr)(moduleFrame, self)
    }

    /// Polled before each statement (Compiler.statement): one load of the flag.
    @inline(__always)
    func checkInterrupt() throws {
        if interruptFlag.pointee != 0 { try serviceRequests() }
    }

    /// Ctrl-C (KeyboardInterrupt) or a due cycle collection, at a statement boundary.
    @inline(never)
    private func serviceRequests() throws {
        if tsh_collection_take() != 0 { CycleRegistry.current.collect() }
        if Interpreter.interrupted.consume() { throw PyError.keyboardInterrupt }
    }

    // MARK: Calls

    /// Calls any callable value with Python's argument rules.
    package func call(_ callee: Value, _ args: Arguments) throws -> Value {
        switch callee {
        case .function(let f): return try callFunction(f, args)
        case .builtin(let b): return try b.body(args, self)
        case .object(let o):
            if let result = try o.call(args, self) { return result }
            throw PyError.type("'\(o.typeName)' object is not callable")
        default:
            throw PyError.type("'\(typeName(callee))' object is not callable")
        }
    }

    /// Python's recursion limit (about 1,000 frames), and a guard on the machine stack
    /// itself: a frame of tsh's takes more stack than CPython's, more in a debug build, and
    /// a generator resuming another takes more than a call.
    func checkRecursion() throws {
        if callDepth > 900 || tsh_stack_remaining() < 512 << 10 {
            throw PyError("RecursionError", "maximum recursion depth exceeded")
        }
    }

    func callFunction(_ f: PyFunction, _ args: Arguments) throws -> Value {
        callDepth += 1
        defer { callDepth -= 1 }
        try checkRecursion()
        // The callee's statements mark their own creation sites; the caller's statement is
        // the site again once the call returns.
        let callerSite = tsh_get_creation_site()
        defer { tsh_set_creation_site(callerSite) }
        let frame = Frame(slots: f.code.slotCount, cells: Frame.cells(own: f.code.ownCells, captured: f.closure),
                          function: f)
        try bind(args, to: f, in: frame)
        for (slot, cell) in f.code.parameterCells {
            frame.cells[cell].value = frame.slots[slot]
            frame.slots[slot] = nil
        }
        do {
            if case .returned(let v) = try f.code.body(frame, self) { return v }
        } catch var error as PyError {
            // The error leaves this function: the statement it left becomes a traceback
            // frame, and the caller's statement will mark its own place.
            if let site = error.site {
                error.frames.append(TracebackFrame(site: site, function: f.name))
                error.site = nil
                error.span = nil
            }
            throw error
        }
        return .none
    }

    /// Python's argument binding: positional arguments fill parameters in order (slot k is
    /// parameter k), the rest go to `*args`, keywords by name, then defaults.
    private func bind(_ args: Arguments, to f: PyFunction, in frame: Frame) throws {
        let params = f.parameters
        let variadic = f.code.variadicIndex
        let positionalLimit = f.code.positionalCount
        let given = args.positional.count
        if given > positionalLimit && variadic == nil {
            let required = params.prefix(positionalLimit).filter { $0.defaultValue == nil }.count
            let takes = required == positionalLimit ? "\(positionalLimit)" : "from \(required) to \(positionalLimit)"
            throw PyError.type("\(f.name)() takes \(takes) positional argument\(positionalLimit == 1 && required == 1 ? "" : "s") but \(given) \(given == 1 ? "was" : "were") given")
        }
        for k in 0..<min(given, positionalLimit) { frame.slots[k] = args.positional[k] }
        if let variadic {
            frame.slots[variadic] = .tuple(given > positionalLimit ? Array(args.positional[positionalLimit...]) : [])
        }
        let extraKeywords: PyDict? = f.code.keywordVariadicIndex.map { _ in PyDict() }
        for (name, value) in args.keywords {
            guard let k = params.firstIndex(where: { $0.name == name && ($0.kind == .positional || $0.kind == .keywordOnly) }) else {
                guard let extraKeywords else { throw PyError.type("\(f.name)() got an unexpected keyword argument '\(name)'") }
                if try extraKeywords.get(.string(name)) != nil {
                    throw PyError.type("\(f.name)() got multiple values for keyword argument '\(name)'")
                }
                try extraKeywords.set(.string(name), value)
                continue
            }
            if frame.slots[k] != nil { throw PyError.type("\(f.name)() got multiple values for argument '\(name)'") }
            frame.slots[k] = value
        }
        if let slot = f.code.keywordVariadicIndex, let extraKeywords { frame.slots[slot] = .dict(extraKeywords) }
        var missing: [String] = [], missingKeywordOnly: [String] = []
        for (k, param) in params.enumerated() where frame.slots[k] == nil {
            if let d = param.defaultValue {
                frame.slots[k] = d
            } else if param.kind == .keywordOnly {
                missingKeywordOnly.append(param.name)
            } else {
                missing.append(param.name)
            }
        }
        func list(_ names: [String]) -> String {
            let quoted = names.map { "'\($0)'" }
            return quoted.count == 1 ? quoted[0] : quoted.dropLast().joined(separator: ", ") + " and " + quoted.last!
        }
        if !missing.isEmpty {
            throw PyError.type("\(f.name)() missing \(missing.count) required positional argument\(missing.count == 1 ? "" : "s"): \(list(missing))")
        }
        if !missingKeywordOnly.isEmpty {
            throw PyError.type("\(f.name)() missing \(missingKeywordOnly.count) required keyword-only argument\(missingKeywordOnly.count == 1 ? "" : "s"): \(list(missingKeywordOnly))")
        }
    }

    /// A function found on a class, bound to the instance it was looked up on.
    package func bind(_ value: Value, to receiver: Value) -> Value {
        if case .function = value { return .object(BoundMethod(function: value, receiver: receiver)) }
        if case .object(let o) = value, o is NativeMethod { return .object(BoundMethod(function: value, receiver: receiver)) }
        return value
    }
}

/// A flag a signal handler may set (async-signal-safe: one aligned word). It is the C
/// global that long kernels check too (CreationSite's interrupt.h).
package final class InterruptFlag: @unchecked Sendable {
    private let storage = tsh_interrupt_flag()!
    /// The word the statement loop reads: nonzero when Ctrl-C or a collection is pending.
    package var pointer: UnsafeMutablePointer<Int32> { storage }
    package func set() { tsh_interrupt_set() }
    package func clear() { tsh_interrupt_clear() }
    /// Takes a pending Ctrl-C.
    package func consume() -> Bool { tsh_interrupt_take() != 0 }
}

/// Hands out source numbers for creation sites, unique in the process.
enum SourceNumbers {
    nonisolated(unsafe) private static var last = 0
    /// Sessions on other threads (tests) register sources too.
    nonisolated(unsafe) private static let mutex: UnsafeMutablePointer<pthread_mutex_t> = {
        let m = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
        pthread_mutex_init(m, nil)
        return m
    }()

    static func next() -> Int {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        last += 1
        return last
    }
}
