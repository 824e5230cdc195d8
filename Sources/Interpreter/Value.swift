import BigInt
import PythonSyntax

/// A Python value. Tensors, modules and other torch objects arrive as `.object` through
/// the PyObject protocol, so the evaluator knows nothing of them.
package enum Value {
    case none
    case bool(Bool)
    case int(Int)
    /// An int beyond 64 bits (Python ints are unbounded). Boxed: BigInt is four words,
    /// and keeping it inline would make every Value that size.
    indirect case bigInt(BigInt)
    case float(Double)
    case string(String)
    case list(PyList)
    case tuple([Value])
    case dict(PyDict)
    case function(PyFunction)
    case builtin(Builtin)
    case object(PyObject)
    indirect case slice(Value, Value, Value)
    case ellipsis

    /// An int, normalised to the 64-bit case when it fits.
    package static func integer(_ b: BigInt) -> Value {
        if let small = Int(exactly: b) { return .int(small) }
        return .bigInt(b)
    }
}

/// A mutable Python list (lists have reference semantics).
package final class PyList: CycleTracked {
    package var items: [Value]
    package init(_ items: [Value]) {
        self.items = items
        super.init()
    }
    deinit { Trashcan.release(&items) }

    override func traverse(_ visit: (CycleTracked) -> Void) {
        for v in items { CycleTracked.visit(v, visit) }
    }

    override func clearReferences() { Trashcan.release(&items) }
}

/// A Python dict: insertion-ordered, keyed by hashable values.
package final class PyDict: CycleTracked {
    package private(set) var keys: [Value] = []
    private var index: [HashKey: Int] = [:]
    package private(set) var values: [Value] = []
    /// A dict subclass of `collections` (it prints, misses keys and answers isinstance as
    /// that class does).
    package var flavor: DictFlavor = .plain

    package override init() { super.init() }

    deinit {
        Trashcan.release(&keys)
        Trashcan.release(&values)
    }

    package init(_ pairs: [(Value, Value)]) throws {
        super.init()
        for (k, v) in pairs { try set(k, v) }
    }

    /// The values only: a key is hashable (a string, number, tuple or object by identity),
    /// and one in a cycle is left to count as held from outside (never wrongly freed).
    override func traverse(_ visit: (CycleTracked) -> Void) {
        for v in values { CycleTracked.visit(v, visit) }
    }

    override func clearReferences() {
        index = [:]
        Trashcan.release(&keys)
        Trashcan.release(&values)
    }

    package var count: Int { keys.count }

    package func get(_ key: Value) throws -> Value? {
        guard let i = index[try HashKey(key)] else { return nil }
        return values[i]
    }

    package func set(_ key: Value, _ value: Value) throws {
        let h = try HashKey(key)
        if let i = index[h] {
            values[i] = value
        } else {
            index[h] = keys.count
            keys.append(key)
            values.append(value)
        }
    }

    @discardableResult
    package func remove(_ key: Value) throws -> Value? {
        let h = try HashKey(key)
        guard let i = index[h] else { return nil }
        let removed = values[i]
        keys.remove(at: i)
        values.remove(at: i)
        index = [:]
        for (j, k) in keys.enumerated() { index[try HashKey(k)] = j }
        return removed
    }

    package var pairs: [(Value, Value)] { Array(zip(keys, values)) }

    /// Moves a key to the end (or the front) keeping its value (OrderedDict.move_to_end).
    func move(_ key: Value, toEnd: Bool) throws -> Bool {
        guard let value = try remove(key) else { return false }
        if toEnd {
            try set(key, value)
        } else {
            let rest = pairs
            removeEverything()
            try set(key, value)
            for (k, v) in rest { try set(k, v) }
        }
        return true
    }

    func removeEverything() {
        keys = []
        values = []
        index = [:]
    }
}

/// The dict subclasses of `collections`.
package enum DictFlavor {
    case plain
    case ordered
    /// defaultdict(factory): a missing key is made by calling factory (None: KeyError).
    case defaultDict(Value)
    /// Counter: a missing key counts 0.
    case counter

    var typeName: String {
        switch self {
        case .plain: "dict"
        case .ordered: "OrderedDict"
        case .defaultDict: "defaultdict"
        case .counter: "Counter"
        }
    }
}

/// The hashable identity of a dict key or set member, with Python's equalities
/// (1 == 1.0 == True).
package enum HashKey: Hashable {
    case none
    case number(Double)
    case big(BigInt)
    case string(String)
    case tuple([HashKey])
    case identity(ObjectIdentifier)

    package init(_ v: Value) throws {
        switch v {
        case .none: self = .none
        case .bool(let b): self = .number(b ? 1 : 0)
        case .int(let i): self = Int(exactly: Double(i)) == i ? .number(Double(i)) : .big(BigInt(i))
        case .bigInt(let b): self = .big(b)
        case .float(let d): self = .number(d)
        case .string(let s): self = .string(s)
        case .tuple(let items): self = .tuple(try items.map(HashKey.init))
        case .object(let o):
            if let key = try o.hashKey() { self = key } else { self = .identity(ObjectIdentifier(o)) }
        case .function(let f): self = .identity(ObjectIdentifier(f))
        case .builtin(let b): self = .identity(ObjectIdentifier(b))
        case .list: throw PyError.type("unhashable type: 'list'")
        case .dict: throw PyError.type("unhashable type: 'dict'")
        case .slice: throw PyError.type("unhashable type: 'slice'")
        case .ellipsis: self = .string("\u{0}Ellipsis")
        }
    }
}

/// A function defined with `def`: its compiled body, the values of its defaults and the
/// cells it closes over.
package final class PyFunction: CycleTracked {
    package private(set) var name: String
    package private(set) var parameters: [ParameterInfo]
    let code: FunctionCode
    /// The enclosing functions' variables it uses, shared with their frames (never a
    /// whole frame: that frame usually holds this function, a cycle never freed).
    private(set) var closure: [Cell]
    /// Set for methods defined in a class body (for `super()`).
    package var definingClass: PyClass?

    package struct ParameterInfo {
        package var name: String
        package var defaultValue: Value?
        package var kind: Parameter.Kind
    }

    init(name: String, parameters: [ParameterInfo], code: FunctionCode, closure: [Cell]) {
        self.name = name
        self.parameters = parameters
        self.code = code
        self.closure = closure
        super.init()
    }

    /// functools.wraps: the wrapper takes the wrapped function's name.
    func rename(_ newName: String) { name = newName }

    override func traverse(_ visit: (CycleTracked) -> Void) {
        for cell in closure { visit(cell) }
        for p in parameters { if let d = p.defaultValue { CycleTracked.visit(d, visit) } }
        if let c = definingClass { visit(c) }
    }

    override func clearReferences() {
        closure = []
        for k in parameters.indices { parameters[k].defaultValue = nil }
        definingClass = nil
    }
}

/// A function implemented in Swift (Python's builtins and the torch API).
package final class Builtin {
    package typealias Body = (Arguments, Interpreter) throws -> Value
    package let name: String
    package let qualifiedName: String
    package let body: Body
    /// Parameter names, for keyword completion at the prompt.
    package var parameterNames: [String] = []

    package init(_ name: String, qualifiedName: String? = nil, parameters: [String] = [], _ body: @escaping Body) {
        self.name = name
        self.qualifiedName = qualifiedName ?? name
        self.parameterNames = parameters
        self.body = body
    }
}

/// The arguments of a call: positional values and keywords in order.
package struct Arguments {
    package var positional: [Value]
    package var keywords: [(String, Value)]

    package init(_ positional: [Value] = [], keywords: [(String, Value)] = []) {
        self.positional = positional
        self.keywords = keywords
    }

    package var count: Int { positional.count + keywords.count }

    package func keyword(_ name: String) -> Value? { keywords.first { $0.0 == name }?.1 }
}

extension Value {
    /// A function's name, for a wrapper that keeps it.
    package var functionName: String? {
        switch self {
        case .function(let f): f.name
        case .builtin(let b): b.name
        default: nil
        }
    }
}
