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

    // MARK: Cells

    /// This scope's variables that nested scopes may capture (set before compiling its
    /// body, from NestedMentions): they live in Cells, not slots.
    private(set) var cellNames: [String] = []
    private var cellIndex: [String: Int] = [:]
    /// Enclosing functions' variables this scope uses or passes on to a scope nested in
    /// it, in the order first needed; their cells follow the scope's own in a Frame.
    private(set) var freeNames: [String] = []
    private var freeIndex: [String: Int] = [:]

    /// Moves the variables that nested scopes mention into cells (a class body's names
    /// are never seen by nested scopes, so it has none of its own).
    func captureMentioned(_ mentioned: Set<String>) {
        guard kind == .function || kind == .comprehension else { return }
        for name in slotNames where mentioned.contains(name) && cellIndex[name] == nil {
            cellIndex[name] = cellNames.count
            cellNames.append(name)
        }
    }

    /// The position of a cell in a Frame's `cells`: own cells first, then free ones.
    func cellPosition(of name: String) -> Int? {
        if let i = cellIndex[name] { return i }
        if let i = freeIndex[name] { return cellNames.count + i }
        return nil
    }

    /// For each of `inner`'s free names, the position of the cell it captures from a
    /// frame of this scope (when `inner`'s function, class or comprehension is made).
    func captures(for inner: Scope) -> [Int] {
        inner.freeNames.map { cellPosition(of: $0)! }
    }

    /// The parameters that live in cells: (slot the argument lands in, its cell).
    var parameterCells: [(slot: Int, cell: Int)] {
        slotNames.prefix(parameterCount).enumerated().compactMap { k, name in
            cellIndex[name].map { (k, $0) }
        }
    }

    /// Where a name lives, seen from this scope.
    enum Place {
        case global
        /// A slot of this scope's frame.
        case local(Int)
        /// A cell of this scope's frame: a captured variable of its own or an enclosing
        /// function's.
        case cell(Int)
        /// A class body's own name, or else wherever the enclosing scopes put it.
        indirect case classLocal(Int, otherwise: Place)
    }

    func place(of name: String) -> Place {
        if kind == .module || globalNames.contains(name) { return .global }
        if nonlocalNames.contains(name) { return enclosingPlace(of: name) }
        if let i = slotIndex[name] {
            if kind == .classBody { return .classLocal(i, otherwise: enclosingPlace(of: name)) }
            if let c = cellIndex[name] { return .cell(c) }
            return .local(i)
        }
        return enclosingPlace(of: name)
    }

    /// The nearest enclosing function or comprehension binding a name (class bodies are
    /// skipped, as in Python: a method does not see its class's names), or nil for a
    /// global.
    private func enclosingBinder(of name: String) -> Scope? {
        var s = parent
        while let scope = s, scope.kind != .module {
            if scope.globalNames.contains(name) { return nil }
            if scope.kind != .classBody, scope.slotIndex[name] != nil { return scope }
            s = scope.parent
        }
        return nil
    }

    /// An enclosing function's variable becomes a free cell of this scope and of every
    /// scope between, so each frame on the way can hand the cell to the next closure.
    private func enclosingPlace(of name: String) -> Place {
        guard let binder = enclosingBinder(of: name) else { return .global }
        var s: Scope? = self
        while let scope = s, scope !== binder {
            if scope.freeIndex[name] == nil {
                scope.freeIndex[name] = scope.freeNames.count
                scope.freeNames.append(name)
            }
            s = scope.parent
        }
        // NestedMentions counts every name a nested scope mentions, so the binder made it
        // a cell before compiling its body; anything else is a compiler bug.
        guard binder.cellIndex[name] != nil else { fatalError("variable '\(name)' captured but not in a cell") }
        return .cell(cellPosition(of: name)!)
    }

    /// Whether `nonlocal name` has a binding to refer to.
    func hasEnclosingBinding(_ name: String) -> Bool {
        enclosingBinder(of: name) != nil
    }

    // MARK: What a block binds

    /// Records the names a block binds and declares, without entering nested functions,
    /// classes or comprehensions (they are scopes of their own).
    func collect(_ block: [Stmt]) {
        for statement in block { collect(statement) }
    }

    private func collect(_ statement: Stmt) {
        for e in statement.ownExpressions {
            for name in e.walrusTargets { bind(name) }
        }
        switch statement.kind {
        case .assign(let targets, _): for t in targets { collectTarget(t) }
        case .augmentedAssign(let t, _, _): collectTarget(t)
        case .annotatedAssign(let t, _, _):
            collectTarget(t)
            // A class body keeps its annotated names, in order (what dataclasses read).
            if kind == .classBody, case .name = t.kind { bind("__annotations__") }
        case .if(_, let a, let b), .while(_, let a, let b): collect(a); collect(b)
        case .for(let target, _, let a, let b): collectTarget(target); collect(a); collect(b)
        case .with(let items, let body):
            for (_, target) in items { if let target { collectTarget(target) } }
            collect(body)
        case .def(let name, _, _), .class(let name, _, _): bind(name)
        case .decorated(_, let target): collect(target)
        case .import(let modules):
            for (module, alias) in modules { bind(alias ?? String(module.split(separator: ".")[0])) }
        case .fromImport(_, let names):
            for (name, alias) in names { bind(alias ?? name) }
        case .del(let targets): for t in targets { collectTarget(t) }
        case .global(let names): globalNames.formUnion(names)
        case .nonlocal(let names): nonlocalNames.formUnion(names)
        case .try(let body, let handlers, let orElse, let final):
            collect(body)
            for h in handlers {
                if let name = h.name { bind(name) }
                collect(h.body)
            }
            collect(orElse)
            collect(final)
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
