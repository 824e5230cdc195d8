import PythonSyntax

/// A scope while it is compiled: which names it binds (each gets a slot in its Frame) and
/// which it declares global or nonlocal. Python decides this per scope, before running:
/// a name bound anywhere in a function is local in all of it.
final class Scope {
    enum Kind { case module, function, classBody, comprehension }

    let kind: Kind
    let parent: Scope?
    private(set) var slotNames: [String] = []
    private var slotIndex: [String: Int] = [:]
    private var globalNames: Set<String> = []
    private var nonlocalNames: Set<String> = []

    init(_ kind: Kind, parent: Scope?) {
        self.kind = kind
        self.parent = parent
    }

    var slotCount: Int { slotNames.count }

    /// Gives a name a slot (parameters first, in order, so argument k lands in slot k).
    @discardableResult
    func bind(_ name: String) -> Int {
        if let i = slotIndex[name] { return i }
        slotIndex[name] = slotNames.count
        slotNames.append(name)
        return slotNames.count - 1
    }

    /// Where a name lives, seen from this scope.
    enum Place {
        case global
        /// A slot of this scope's frame.
        case local(Int)
        /// A slot of the frame `depth` parents up.
        case enclosing(depth: Int, slot: Int)
        /// A class body's own name, or else wherever the enclosing scopes put it.
        indirect case classLocal(Int, otherwise: Place)
    }

    func place(of name: String) -> Place {
        if kind == .module || globalNames.contains(name) { return .global }
        if nonlocalNames.contains(name) { return enclosingPlace(of: name) }
        if let i = slotIndex[name] {
            return kind == .classBody ? .classLocal(i, otherwise: enclosingPlace(of: name)) : .local(i)
        }
        return enclosingPlace(of: name)
    }

    /// The scope that frames made here hang under: class bodies are skipped, as in Python
    /// (a method does not see its class's names).
    var frameOwner: Scope? {
        var s: Scope? = self
        while let scope = s, scope.kind == .classBody { s = scope.parent }
        return s
    }

    private func enclosingPlace(of name: String) -> Place {
        var depth = 1
        var s = parent?.frameOwner
        while let scope = s, scope.kind != .module {
            if scope.globalNames.contains(name) { return .global }
            if let i = scope.slotIndex[name], !scope.nonlocalNames.contains(name) {
                return .enclosing(depth: depth, slot: i)
            }
            depth += 1
            s = scope.parent?.frameOwner
        }
        return .global
    }

    /// Whether `nonlocal name` has a binding to refer to.
    func hasEnclosingBinding(_ name: String) -> Bool {
        if case .enclosing = enclosingPlace(of: name) { return true }
        return false
    }

    // MARK: What a block binds

    /// Records the names a block binds and declares, without entering nested functions,
    /// classes or comprehensions (they are scopes of their own).
    func collect(_ block: [Stmt]) {
        for statement in block { collect(statement) }
    }

    private func collect(_ statement: Stmt) {
        switch statement.kind {
        case .assign(let targets, _): for t in targets { collectTarget(t) }
        case .augmentedAssign(let t, _, _), .annotatedAssign(let t, _): collectTarget(t)
        case .if(_, let a, let b), .while(_, let a, let b): collect(a); collect(b)
        case .for(let target, _, let a, let b): collectTarget(target); collect(a); collect(b)
        case .with(let items, let body):
            for (_, target) in items { if let target { collectTarget(target) } }
            collect(body)
        case .def(let name, _, _), .class(let name, _, _): bind(name)
        case .import(let modules):
            for (module, alias) in modules { bind(alias ?? String(module.split(separator: ".")[0])) }
        case .fromImport(_, let names):
            for (name, alias) in names { bind(alias ?? name) }
        case .del(let targets): for t in targets { collectTarget(t) }
        case .global(let names): globalNames.formUnion(names)
        case .nonlocal(let names): nonlocalNames.formUnion(names)
        case .expr, .break, .continue, .pass, .return, .assert, .raise, .shellCommand: break
        }
    }

    func collectTarget(_ target: Expr) {
        switch target.kind {
        case .name(let n): bind(n.text)
        case .tuple(let items), .list(let items): for item in items { collectTarget(item) }
        case .starred(let inner): collectTarget(inner)
        default: break
        }
    }

    /// Declared names are not slots: drop the slots the walk gave them. Run once, after
    /// `collect`.
    func finishCollecting() throws {
        if let name = globalNames.intersection(nonlocalNames).first {
            throw PyError("SyntaxError", "name '\(name)' is nonlocal and global")
        }
        if kind == .module, !nonlocalNames.isEmpty {
            throw PyError("SyntaxError", "nonlocal declaration not allowed at module level")
        }
        for name in nonlocalNames where !hasEnclosingBinding(name) {
            throw PyError("SyntaxError", "no binding for nonlocal '\(name)' found")
        }
        for name in slotNames.prefix(parameterCount) {
            if globalNames.contains(name) { throw PyError("SyntaxError", "name '\(name)' is parameter and global") }
            if nonlocalNames.contains(name) { throw PyError("SyntaxError", "name '\(name)' is parameter and nonlocal") }
        }
        let declared = globalNames.union(nonlocalNames)
        guard !declared.isEmpty else { return }
        let kept = slotNames.filter { !declared.contains($0) }
        slotNames = []
        slotIndex = [:]
        for name in kept { bind(name) }
    }

    /// How many of the first slots are parameters (set by the compiler before collecting).
    var parameterCount = 0
}
