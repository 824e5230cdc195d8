/// `d.keys()`, `d.values()`, `d.items()`: live views that print as Python's do
/// (`dict_keys([...])`, or `odict_keys([...])` for an OrderedDict).
package final class DictView: PyObject {
    package enum Kind: String { case keys, values, items }

    let dict: PyDict
    let kind: Kind
    let ordered: Bool

    package init(_ dict: PyDict, _ kind: Kind, ordered: Bool = false) {
        self.dict = dict
        self.kind = kind
        self.ordered = ordered
    }

    package var typeName: String { (ordered ? "odict_" : "dict_") + kind.rawValue }

    var elements: [Value] {
        switch kind {
        case .keys: dict.keys
        case .values: dict.values
        case .items: dict.pairs.map { .tuple([$0.0, $0.1]) }
        }
    }

    package func repr(_ interp: Interpreter) throws -> String {
        "\(typeName)([" + (try elements.map { try interp.repr($0) }.joined(separator: ", ")) + "])"
    }

    package func makeIterator(_ interp: Interpreter) throws -> PyIterator? { PyIterator(elements, keeping: dict) }
    package func length(_ interp: Interpreter) throws -> Int? { dict.count }
    package func truth(_ interp: Interpreter) throws -> Bool? { dict.count > 0 }

    package func contains(_ value: Value, _ interp: Interpreter) throws -> Bool? {
        switch kind {
        case .keys: return try dict.get(value) != nil
        default: return try elements.contains { try interp.equal($0, value) }
        }
    }
}
