import PythonSyntax

/// The module scope: one slot per global name, made when code naming it is compiled, so
/// compiled code reads and writes a global through the slot it captured, with no lookup.
package final class Globals {
    private var slots: [Int: GlobalSlot] = [:]
    /// Slots in the order their names were first seen (Python's globals() order).
    private var ordered: [GlobalSlot] = []

    /// The slot of a name, made unbound if the name is new.
    func slot(_ name: Name) -> GlobalSlot {
        if let s = slots[name.id] { return s }
        let s = GlobalSlot(name)
        slots[name.id] = s
        ordered.append(s)
        return s
    }

    /// The names bound now, by text (for the shell's listings and variables).
    package var names: NamesView { NamesView(globals: self) }

    func lookup(_ text: String) -> Value? { slots[Name(text).id]?.value }

    fileprivate var bound: [GlobalSlot] { ordered.filter { $0.value != nil } }

    /// The bound names and their values, in the order the names were first seen.
    var boundNames: [(String, Value)] { bound.map { ($0.name.text, $0.value!) } }

    /// Unbinds every name (an interpreter being shut down).
    func unbindAll() {
        for slot in ordered { slot.value = nil }
    }
}

/// One global name's value; nil while unbound.
final class GlobalSlot {
    let name: Name
    var value: Value?
    init(_ name: Name) { self.name = name }
}

/// The module scope's names by text: what the shell lists, sets (`_`, `Out`) and removes.
package struct NamesView: Sequence {
    fileprivate let globals: Globals

    package subscript(_ key: String) -> Value? {
        get { globals.lookup(key) }
        nonmutating set { globals.slot(Name(key)).value = newValue }
    }

    @discardableResult
    package func removeValue(forKey key: String) -> Value? {
        let slot = globals.slot(Name(key))
        defer { slot.value = nil }
        return slot.value
    }

    package var keys: [String] { globals.bound.map(\.name.text) }
    package var count: Int { globals.bound.count }

    package func makeIterator() -> IndexingIterator<[(key: String, value: Value)]> {
        globals.bound.map { (key: $0.name.text, value: $0.value!) }.makeIterator()
    }
}
