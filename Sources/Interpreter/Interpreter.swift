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
    package let globals = Environment()
    package var builtins: [String: Value] = [:]
    /// Importable modules by dotted name ("torch", "torch.nn", ...).
    package var modules: [String: Value] = [:]
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
    /// The `__class__` cell a method's scope holds for super().
    static let classCell = Name("__class__")
    var callDepth = 0
    /// Every source run so far, by its number, so that a creation site can be turned back
    /// into a line. Numbers are unique across interpreters: a site from another session
    /// (another thread's interpreter) is never mistaken for one of this one's.
    private var sources: [Int: Source] = [:]
    /// The high bits of the creation sites of statements of the source now running.
    var currentSiteBase = 0

    package init() {
        installBuiltins()
    }

    /// Runs a parsed program in the module scope.
    package func run(_ program: [Stmt]) throws {
        for statement in program {
            _ = try execute(statement, in: globals)
        }
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
        try eval(expr, in: globals)
    }

    func checkInterrupt() throws {
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

    func callFunction(_ f: PyFunction, _ args: Arguments) throws -> Value {
        try checkInterrupt()
        callDepth += 1
        defer { callDepth -= 1 }
        if callDepth > 900 { throw PyError("RecursionError", "maximum recursion depth exceeded") }
        // The callee's statements are sites in its own source; the caller's statement is
        // the site again once the call returns.
        let callerSite = tsh_get_creation_site(), callerBase = currentSiteBase
        currentSiteBase = f.siteBase
        defer {
            currentSiteBase = callerBase
            tsh_set_creation_site(callerSite)
        }
        let scope = Environment(parent: f.closure)
        let params = f.parameters
        var filled = [Bool](repeating: false, count: params.count)
        var positionalIndex = 0
        var extras: [Value] = []
        for value in args.positional {
            while positionalIndex < params.count && params[positionalIndex].isVariadic { break }
            if positionalIndex < params.count && !params[positionalIndex].isVariadic {
                scope.assign(params[positionalIndex].key, value)
                filled[positionalIndex] = true
                positionalIndex += 1
            } else if params.contains(where: \.isVariadic) {
                extras.append(value)
            } else {
                let required = params.count
                throw PyError.type("\(f.name)() takes \(required) positional argument\(required == 1 ? "" : "s") but \(args.positional.count) were given")
            }
        }
        if let variadic = params.firstIndex(where: \.isVariadic) {
            scope.assign(params[variadic].key, .tuple(extras))
            filled[variadic] = true
        }
        for (name, value) in args.keywords {
            guard let k = params.firstIndex(where: { $0.name == name && !$0.isVariadic }) else {
                throw PyError.type("\(f.name)() got an unexpected keyword argument '\(name)'")
            }
            if filled[k] { throw PyError.type("\(f.name)() got multiple values for argument '\(name)'") }
            scope.assign(params[k].key, value)
            filled[k] = true
        }
        var missing: [String] = []
        for (k, param) in params.enumerated() where !filled[k] {
            if let d = param.defaultValue { scope.assign(param.key, d) } else { missing.append(param.name) }
        }
        if !missing.isEmpty {
            let quoted = missing.map { "'\($0)'" }
            let list = quoted.count == 1 ? quoted[0] : quoted.dropLast().joined(separator: ", ") + " and " + quoted.last!
            throw PyError.type("\(f.name)() missing \(missing.count) required positional argument\(missing.count == 1 ? "" : "s"): \(list)")
        }
        if let cls = f.definingClass { scope.assign(Interpreter.classCell, .object(cls)) }
        let declared = Interpreter.declarations(in: f.body)
        scope.globalNames = declared.globals
        scope.nonlocalNames = declared.nonlocals
        switch try executeBlock(f.body, in: scope) {
        case .returned(let v): return v
        default: return .none
        }
    }

    static func declarations(in body: [Stmt]) -> (globals: Set<String>, nonlocals: Set<String>) {
        var g = Set<String>(), n = Set<String>()
        func walk(_ statements: [Stmt]) {
            for s in statements {
                switch s.kind {
                case .global(let names): g.formUnion(names)
                case .nonlocal(let names): n.formUnion(names)
                case .if(_, let a, let b), .while(_, let a, let b), .for(_, _, let a, let b): walk(a); walk(b)
                case .with(_, let a): walk(a)
                default: break
                }
            }
        }
        walk(body)
        return (g, n)
    }

    /// A function found on a class, bound to the instance it was looked up on.
    package func bind(_ value: Value, to receiver: Value) -> Value {
        if case .function = value { return .object(BoundMethod(function: value, receiver: receiver)) }
        return value
    }
}

/// A flag a signal handler may set (async-signal-safe: one aligned word).
package final class InterruptFlag: @unchecked Sendable {
    private let storage = UnsafeMutablePointer<Int32>.allocate(capacity: 1)
    init() { storage.initialize(to: 0) }
    package var pointer: UnsafeMutablePointer<Int32> { storage }
    package func set() { storage.pointee = 1 }
    package func clear() { storage.pointee = 0 }
    /// Reads and clears the flag.
    package func consume() -> Bool {
        if storage.pointee == 0 { return false }
        storage.pointee = 0
        return true
    }
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
