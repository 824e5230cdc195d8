import PythonSyntax

/// A scope: the names of a module, or of one function call, with the enclosing scope a
/// closure sees. Names are found by their interned number (PythonSyntax.Name) in a small
/// open-addressing table: no string hashing on the evaluator's hot path.
package final class Environment {
    private var table = NameTable()
    package let parent: Environment?
    /// Names a function declares `global` or `nonlocal`.
    var globalNames: Set<String> = []
    var nonlocalNames: Set<String> = []

    package init(parent: Environment? = nil) {
        self.parent = parent
    }

    /// The names bound in this scope, by text (for the shell, `del`, class bodies).
    package var names: NamesView {
        get { NamesView(table: table) }
        set { table = newValue.table }
    }

    /// The module-level scope at the root of the chain.
    var globals: Environment {
        var e = self
        while let p = e.parent { e = p }
        return e
    }

    func lookup(_ name: Name) -> Value? {
        var e: Environment? = self
        while let scope = e {
            if let v = scope.table[name.id] { return v }
            e = scope.parent
        }
        return nil
    }

    func lookup(_ text: String) -> Value? { lookup(Name(text)) }

    /// This scope's own binding of `name` (not the enclosing ones).
    func local(_ name: Name) -> Value? { table[name.id] }

    func assign(_ name: Name, _ value: Value) {
        // Most scopes declare nothing global or nonlocal: one check instead of two lookups.
        if globalNames.isEmpty && nonlocalNames.isEmpty {
            table.set(name, value)
        } else if globalNames.contains(name.text) {
            globals.table.set(name, value)
        } else if nonlocalNames.contains(name.text) {
            var e = parent
            while let scope = e {
                if scope.table[name.id] != nil { scope.table.set(name, value); return }
                e = scope.parent
            }
            table.set(name, value)
        } else {
            table.set(name, value)
        }
    }

    func assign(_ text: String, _ value: Value) { assign(Name(text), value) }
}

/// Values by interned name number: linear probing over a power-of-two table, ids spread
/// by a multiplicative hash. Removal rebuilds (it is rare: `del`).
struct NameTable {
    private var ids: [Int] = []
    private var texts: [String] = []
    private var values: [Value] = []
    private(set) var count = 0

    private static let empty = -1

    private func slot(of id: Int) -> (index: Int, found: Bool)? {
        guard !ids.isEmpty else { return nil }
        let mask = ids.count - 1
        var i = (id &* 0x9E37_79B9) & mask
        while true {
            let here = ids[i]
            if here == id { return (i, true) }
            if here == NameTable.empty { return (i, false) }
            i = (i + 1) & mask
        }
    }

    subscript(id: Int) -> Value? {
        guard let (i, found) = slot(of: id), found else { return nil }
        return values[i]
    }

    /// Binds a name (its text is kept for iteration).
    mutating func set(_ name: Name, _ value: Value) {
        if let (i, found) = slot(of: name.id), found {
            values[i] = value
            return
        }
        insert(name.id, text: name.text, value)
    }

    private mutating func insert(_ id: Int, text: String, _ value: Value) {
        if (count + 1) * 2 > ids.count { grow() }
        let (i, _) = slot(of: id)!
        ids[i] = id
        texts[i] = text
        values[i] = value
        count += 1
    }

    private mutating func grow() {
        let old = entries
        let capacity = max(8, ids.count * 2)
        ids = [Int](repeating: NameTable.empty, count: capacity)
        texts = [String](repeating: "", count: capacity)
        values = [Value](repeating: .none, count: capacity)
        count = 0
        for (id, text, value) in old { insert(id, text: text, value) }
    }

    @discardableResult
    mutating func remove(_ id: Int) -> Value? {
        guard let (i, found) = slot(of: id), found else { return nil }
        let removed = values[i]
        let rest = entries.filter { $0.id != id }
        ids = [Int](repeating: NameTable.empty, count: ids.count)
        texts = [String](repeating: "", count: ids.count)
        values = [Value](repeating: .none, count: ids.count)
        count = 0
        for (id, text, value) in rest { insert(id, text: text, value) }
        return removed
    }

    var entries: [(id: Int, text: String, value: Value)] {
        ids.indices.compactMap { i in ids[i] == NameTable.empty ? nil : (ids[i], texts[i], values[i]) }
    }
}

/// A scope's names by text: what the shell lists, `del` removes, a class body collects.
package struct NamesView: Sequence {
    fileprivate(set) var table: NameTable

    package subscript(_ key: String) -> Value? {
        get { table[Name(key).id] }
        set {
            if let newValue { table.set(Name(key), newValue) } else { table.remove(Name(key).id) }
        }
    }

    @discardableResult
    package mutating func removeValue(forKey key: String) -> Value? { table.remove(Name(key).id) }

    package var keys: [String] { table.entries.map(\.text) }
    package var count: Int { table.count }

    package func makeIterator() -> IndexingIterator<[(key: String, value: Value)]> {
        table.entries.map { (key: $0.text, value: $0.value) }.makeIterator()
    }
}
