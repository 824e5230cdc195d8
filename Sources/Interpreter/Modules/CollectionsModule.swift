import PythonSyntax

/// `collections`: OrderedDict, defaultdict and Counter as dicts of a flavor (so they are
/// dicts everywhere a dict goes), namedtuple and deque.
extension Interpreter {
    func makeCollectionsModule() -> ModuleObject {
        let m = ModuleObject(name: "collections")
        /// Fills a dict from dict()'s arguments: a mapping or pairs, then keywords.
        func fill(_ d: PyDict, _ a: Arguments, skip: Int = 0) throws {
            if let source = a.positional.dropFirst(skip).first, !source.isPyNone {
                if case .dict(let o) = source {
                    for (k, v) in o.pairs { try d.set(k, v) }
                } else if case .object(let o) = source, let keys = try? getAttribute(source, "keys"), (try? o.length(self)) != nil {
                    for k in try materialize(try call(keys, Arguments())) { try d.set(k, try getItem(source, k)) }
                } else {
                    for pair in try materialize(source) {
                        let kv = try materialize(pair)
                        guard kv.count == 2 else { throw PyError.value("dictionary update sequence element has length \(kv.count); 2 is required") }
                        try d.set(kv[0], kv[1])
                    }
                }
            }
            for (k, v) in a.keywords { try d.set(.string(k), v) }
        }
        m.attributes["OrderedDict"] = .object(TypeObject("OrderedDict") { a, _ in
            let d = PyDict()
            d.flavor = .ordered
            try fill(d, a)
            return .dict(d)
        })
        m.attributes["defaultdict"] = .object(TypeObject("defaultdict") { a, _ in
            let factory = a.positional.first ?? .none
            if !factory.isPyNone, !(try self.isCallable(factory)) { throw PyError.type("first argument must be callable or None") }
            let d = PyDict()
            d.flavor = .defaultDict(factory)
            try fill(d, a, skip: 1)
            return .dict(d)
        })
        m.attributes["deque"] = .object(TypeObject("deque") { a, interp in try DequeObject.make(a, interp) })
        m.attributes["namedtuple"] = .builtin(Builtin("namedtuple", qualifiedName: "collections.namedtuple") { a, interp in
            try NamedTupleClass.make(a, interp)
        })
        m.attributes["Counter"] = .object(TypeObject("Counter") { a, _ in
            let d = PyDict()
            d.flavor = .counter
            try self.counterUpdate(d, a, sign: 1)
            return .dict(d)
        })
        return m
    }

    package func isCallable(_ v: Value) throws -> Bool {
        switch v {
        case .function, .builtin: return true
        case .object(let o): return o.typeName == "type" || o is TypeObject || (try? getAttribute(v, "__call__")) != nil || o is PyClass
        default: return false
        }
    }

    /// Counter.update / subtract: counts from an iterable, or added from a mapping.
    func counterUpdate(_ d: PyDict, _ a: Arguments, sign: Int) throws {
        func add(_ key: Value, _ n: Value) throws {
            let current = try d.get(key) ?? .int(0)
            try d.set(key, try binary(sign > 0 ? .add : .sub, current, n))
        }
        if let source = a.positional.first, !source.isPyNone {
            if case .dict(let o) = source {
                for (k, v) in o.pairs { try add(k, v) }
            } else {
                for item in try materialize(source) { try add(item, .int(1)) }
            }
        }
        for (k, v) in a.keywords { try add(.string(k), v) }
    }

    /// A Counter's items, most common first (ties in insertion order), as most_common().
    func counterOrder(_ d: PyDict) throws -> [(Value, Value)] {
        let items = d.pairs
        var failure: Error?
        let sorted = items.enumerated().sorted { x, y in
            do {
                if try ordered(.gt, x.element.1, y.element.1) { return true }
                if try ordered(.lt, x.element.1, y.element.1) { return false }
            } catch { failure = error }
            return x.offset < y.offset
        }
        if let failure { throw failure }
        return sorted.map(\.element)
    }

    /// The methods a dict's flavor adds (move_to_end, most_common, ...).
    func flavoredDictMethod(_ d: PyDict, _ name: String) -> Value? {
        func method(_ body: @escaping (Arguments) throws -> Value) -> Value {
            .builtin(Builtin(name, qualifiedName: "\(d.flavor.typeName).\(name)") { a, _ in try body(a) })
        }
        switch (d.flavor, name) {
        case (_, "popitem"):
            return method { a in
                let last = try self.truth(a.positional.first ?? a.keyword("last") ?? .bool(true))
                guard let (k, v) = last ? d.pairs.last : d.pairs.first else {
                    throw PyError.key(d.flavor.typeName == "dict" ? "'popitem(): dictionary is empty'" : "'dictionary is empty'")
                }
                _ = try d.remove(k)
                return .tuple([k, v])
            }
        case (.ordered, "move_to_end"):
            return method { a in
                guard let key = a.positional.first else { throw PyError.type("move_to_end() missing required argument 'key'") }
                let last = try self.truth(a.positional.count > 1 ? a.positional[1] : (a.keyword("last") ?? .bool(true)))
                guard try d.move(key, toEnd: last) else { throw try PyError.missingKey(key, self) }
                return .none
            }
        case (.defaultDict(let factory), "default_factory"): return factory
        case (.counter, "most_common"):
            return method { a in
                var items = try self.counterOrder(d)
                if let n = try (a.positional.first ?? a.keyword("n")).flatMap({ $0.isPyNone ? nil : try self.asIndex($0) }) {
                    items = Array(items.prefix(max(0, n)))
                }
                return .list(PyList(items.map { .tuple([$0.0, $0.1]) }))
            }
        case (.counter, "elements"):
            return method { _ in
                var out: [Value] = []
                for (k, v) in d.pairs { if let n = try self.asIndex(v), n > 0 { out += Array(repeating: k, count: n) } }
                return .object(IteratorObject(PyIterator(out)))
            }
        case (.counter, "update"): return method { a in try self.counterUpdate(d, a, sign: 1); return .none }
        case (.counter, "subtract"): return method { a in try self.counterUpdate(d, a, sign: -1); return .none }
        case (.counter, "total"): return method { _ in try d.values.reduce(Value.int(0)) { try self.binary(.add, $0, $1) } }
        default: return nil
        }
    }

    /// Counter arithmetic: + - | & keep positive counts, as Python's Counter does.
    func counterBinary(_ op: BinaryOperator, _ a: PyDict, _ b: PyDict) throws -> Value? {
        guard case .counter = a.flavor else { return nil }
        let out = PyDict()
        out.flavor = .counter
        let keys = a.keys + b.keys.filter { k in (try? a.get(k)) == nil }
        for k in keys {
            let x = try a.get(k) ?? .int(0), y = try b.get(k) ?? .int(0)
            let v: Value
            switch op {
            case .add: v = try binary(.add, x, y)
            case .sub: v = try binary(.sub, x, y)
            case .or: v = try ordered(.lt, x, y) ? y : x
            case .and: v = try ordered(.lt, x, y) ? x : y
            default: return nil
            }
            if try ordered(.gt, v, .int(0)) { try out.set(k, v) }
        }
        return .dict(out)
    }
}
