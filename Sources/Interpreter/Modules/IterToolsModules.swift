import BigInt
import PythonSyntax

/// `itertools`, `functools` and `operator` as training scripts use them: lazy iterators
/// (count and cycle never end), partial and reduce, lru_cache, cmp_to_key, and the
/// operators as functions.
extension Interpreter {
    func iteratorValue(_ step: @escaping () throws -> Value?) -> Value {
        .object(IteratorObject(PyIterator(step)))
    }

    func makeItertoolsModule() -> ModuleObject {
        let m = ModuleObject(name: "itertools")
        func function(_ name: String, _ body: @escaping (Arguments) throws -> Value) {
            m.attributes[name] = .builtin(Builtin(name, qualifiedName: "itertools.\(name)") { a, _ in try body(a) })
        }
        function("count") { a in
            var current = a.positional.first ?? a.keyword("start") ?? .int(0)
            let step = a.positional.count > 1 ? a.positional[1] : (a.keyword("step") ?? .int(1))
            var steps = 0
            return self.iteratorValue {
                steps &+= 1
                if steps & 0xFFFF == 0, Interpreter.interrupted.consume() { throw PyError.keyboardInterrupt }
                defer { current = (try? self.binary(.add, current, step)) ?? current }
                return current
            }
        }
        function("repeat") { a in
            guard let v = a.positional.first else { throw PyError.type("repeat() missing required argument 'object' (pos 1)") }
            var left = try (a.positional.count > 1 ? a.positional[1] : a.keyword("times")).flatMap { try self.asIndex($0) }
            return self.iteratorValue {
                if let l = left { guard l > 0 else { return nil }; left = l - 1 }
                return v
            }
        }
        function("cycle") { a in
            let it = try self.iterate(a.positional.first ?? .none)
            var saved: [Value] = [], k = 0, exhausted = false
            return self.iteratorValue {
                if !exhausted, let v = try it.next() { saved.append(v); return v }
                exhausted = true
                guard !saved.isEmpty else { return nil }
                defer { k = (k + 1) % saved.count }
                return saved[k]
            }
        }
        let chain = Builtin("chain", qualifiedName: "itertools.chain") { a, _ in
            var its = try a.positional.map { try self.iterate($0) }[...]
            return self.iteratorValue {
                while let it = its.first {
                    if let v = try it.next() { return v }
                    its.removeFirst()
                }
                return nil
            }
        }
        let chainType = TypeObject("chain") { a, _ in try chain.body(a, self) }
        m.attributes["chain"] = .object(chainType)
        chainType.members = { (name: String, interp: Interpreter) -> Value? in
            guard name == "from_iterable" else { return nil }
            return .builtin(Builtin("from_iterable", qualifiedName: "itertools.chain.from_iterable") { a, i in
                let outer = try i.iterate(a.positional.first ?? .none)
                var inner: PyIterator?
                return i.iteratorValue {
                    while true {
                        if let it = inner, let v = try it.next() { return v }
                        guard let next = try outer.next() else { return nil }
                        inner = try i.iterate(next)
                    }
                }
            })
        }
        function("islice") { a in
            let it = try self.iterate(a.positional.first ?? .none)
            func index(_ v: Value?) throws -> Int? {
                guard let v, !v.isPyNone else { return nil }
                guard let n = try self.asIndex(v), n >= 0 else {
                    throw PyError.value("Indices for islice() must be None or an integer: 0 <= x <= sys.maxsize.")
                }
                return n
            }
            let (start, stop, step): (Int, Int?, Int)
            if a.positional.count <= 2 {
                (start, stop, step) = (0, try index(a.positional.count > 1 ? a.positional[1] : nil), 1)
            } else {
                (start, stop, step) = (try index(a.positional[1]) ?? 0, try index(a.positional[2]),
                                       try index(a.positional.count > 3 ? a.positional[3] : nil) ?? 1)
            }
            guard step > 0 else { throw PyError.value("Step for islice() must be a positive integer or None.") }
            var position = 0, nextWanted = start
            return self.iteratorValue {
                while true {
                    if let stop, nextWanted >= stop { return nil }
                    guard let v = try it.next() else { return nil }
                    defer { position += 1 }
                    if position == nextWanted {
                        nextWanted += step
                        return v
                    }
                }
            }
        }
        function("product") { a in
            let pools = try a.positional.map { try self.materialize($0) }
            let repeatValue = a.keyword("repeat") ?? .int(1)
            // The pools repeated, as itertools lists them first (MemoryError when absurd).
            let times = try self.repetitions(repeatValue, of: pools.count, bytesEach: MemoryLayout<[Value]>.stride) ?? 1
            guard let repeatCount = try self.asIndex(repeatValue), repeatCount >= 0 else { throw PyError.value("repeat argument cannot be negative") }
            _ = times
            let all = Array((0..<repeatCount).map { _ in pools }.joined())
            // An odometer over the pools: lazy, so a huge product costs nothing until read.
            var indices = [Int](repeating: 0, count: all.count)
            var done = all.contains { $0.isEmpty }
            return self.iteratorValue {
                guard !done else { return nil }
                let item = Value.tuple(zip(all, indices).map { $0[$1] })
                var k = all.count - 1
                while k >= 0 {
                    indices[k] += 1
                    if indices[k] < all[k].count { break }
                    indices[k] = 0
                    k -= 1
                }
                if k < 0 { done = true }
                return item
            }
        }
        func combinations(_ items: [Value], _ r: Int, replacement: Bool) -> [[Value]] {
            var out: [[Value]] = []
            func build(_ start: Int, _ prefix: [Value]) {
                if prefix.count == r { out.append(prefix); return }
                guard start < items.count else { return }
                for k in start..<items.count { build(replacement ? k : k + 1, prefix + [items[k]]) }
            }
            build(0, [])
            return out
        }
        function("combinations") { a in
            let items = try self.materialize(a.positional.first ?? .none)
            guard let r = try (a.positional.count > 1 ? a.positional[1] : a.keyword("r")).flatMap({ try self.asIndex($0) }), r >= 0 else {
                throw PyError.value("r must be non-negative")
            }
            return self.iteratorValue(PyIterator(combinations(items, r, replacement: false).map { .tuple($0) }).next)
        }
        function("combinations_with_replacement") { a in
            let items = try self.materialize(a.positional.first ?? .none)
            guard let r = try (a.positional.count > 1 ? a.positional[1] : a.keyword("r")).flatMap({ try self.asIndex($0) }), r >= 0 else {
                throw PyError.value("r must be non-negative")
            }
            return self.iteratorValue(PyIterator(combinations(items, r, replacement: true).map { .tuple($0) }).next)
        }
        function("permutations") { a in
            let items = try self.materialize(a.positional.first ?? .none)
            let r = try (a.positional.count > 1 ? a.positional[1] : a.keyword("r")).flatMap { $0.isPyNone ? nil : try self.asIndex($0) } ?? items.count
            var out: [[Value]] = []
            func build(_ used: [Bool], _ prefix: [Value]) {
                if prefix.count == r { out.append(prefix); return }
                for k in items.indices where !used[k] {
                    var u = used
                    u[k] = true
                    build(u, prefix + [items[k]])
                }
            }
            if r <= items.count { build(Array(repeating: false, count: items.count), []) }
            return self.iteratorValue(PyIterator(out.map { .tuple($0) }).next)
        }
        function("accumulate") { a in
            let it = try self.iterate(a.positional.first ?? .none)
            let f = a.positional.count > 1 ? a.positional[1] : a.keyword("func")
            var total: Value? = a.keyword("initial").flatMap { $0.isPyNone ? nil : $0 }
            var pendingInitial = total != nil
            return self.iteratorValue {
                if pendingInitial { pendingInitial = false; return total }
                guard let v = try it.next() else { return nil }
                if let t = total {
                    total = try f.flatMap { $0.isPyNone ? nil : $0 }.map { try self.call($0, Arguments([t, v])) } ?? self.binary(.add, t, v)
                } else {
                    total = v
                }
                return total
            }
        }
        function("groupby") { a in
            let items = try self.materialize(a.positional.first ?? .none)
            let keyFunction = (a.positional.count > 1 ? a.positional[1] : a.keyword("key")).flatMap { $0.isPyNone ? nil : $0 }
            var groups: [Value] = []
            var currentKey: Value?, current: [Value] = []
            for v in items {
                let k = try keyFunction.map { try self.call($0, Arguments([v])) } ?? v
                if let ck = currentKey, try self.equal(ck, k) {
                    current.append(v)
                } else {
                    if let ck = currentKey { groups.append(.tuple([ck, self.iteratorValue(PyIterator(current).next)])) }
                    currentKey = k
                    current = [v]
                }
            }
            if let ck = currentKey { groups.append(.tuple([ck, self.iteratorValue(PyIterator(current).next)])) }
            return self.iteratorValue(PyIterator(groups).next)
        }
        function("zip_longest") { a in
            let its = try a.positional.map { try self.iterate($0) }
            let fill = a.keyword("fillvalue") ?? .none
            var done = [Bool](repeating: false, count: its.count)
            return self.iteratorValue {
                var row: [Value] = []
                for (k, it) in its.enumerated() {
                    if !done[k], let v = try it.next() { row.append(v) } else { done[k] = true; row.append(fill) }
                }
                return done.allSatisfy { $0 } ? nil : .tuple(row)
            }
        }
        function("starmap") { a in
            let f = a.positional.first ?? .none
            let it = try self.iterate(a.positional.count > 1 ? a.positional[1] : .none)
            return self.iteratorValue {
                guard let v = try it.next() else { return nil }
                return try self.call(f, Arguments(try self.materialize(v)))
            }
        }
        for (name, keepWhile) in [("takewhile", true), ("dropwhile", false)] {
            function(name) { a in
                let f = a.positional.first ?? .none
                let it = try self.iterate(a.positional.count > 1 ? a.positional[1] : .none)
                var switched = false
                return self.iteratorValue {
                    while let v = try it.next() {
                        if switched { return keepWhile ? nil : v }
                        if try self.truth(try self.call(f, Arguments([v]))) {
                            if keepWhile { return v }
                        } else {
                            switched = true
                            if !keepWhile { return v }
                            return nil
                        }
                    }
                    return nil
                }
            }
        }
        function("pairwise") { a in
            let items = try self.materialize(a.positional.first ?? .none)
            return self.iteratorValue(PyIterator(zip(items, items.dropFirst()).map { .tuple([$0, $1]) }).next)
        }
        function("compress") { a in
            let data = try self.materialize(a.positional.first ?? .none), selectors = try self.materialize(a.positional.count > 1 ? a.positional[1] : .none)
            return self.iteratorValue(PyIterator(try zip(data, selectors).filter { try self.truth($0.1) }.map(\.0)).next)
        }
        return m
    }

    func makeFunctoolsModule() -> ModuleObject {
        let m = ModuleObject(name: "functools")
        m.attributes["partial"] = .object(TypeObject("partial") { a, _ in
            guard let f = a.positional.first else { throw PyError.type("partial() missing required argument 'func'") }
            return .object(PartialObject(function: f, args: Array(a.positional.dropFirst()), keywords: a.keywords))
        })
        m.attributes["reduce"] = .builtin(Builtin("reduce", qualifiedName: "functools.reduce") { a, i in
            guard a.positional.count >= 2 else { throw PyError.type("reduce expected at least 2 arguments, got \(a.positional.count)") }
            let it = try i.iterate(a.positional[1])
            var acc = a.positional.count > 2 ? a.positional[2] : nil
            if acc == nil {
                guard let first = try it.next() else { throw PyError.type("reduce() of empty iterable with no initial value") }
                acc = first
            }
            while let v = try it.next() { acc = try i.call(a.positional[0], Arguments([acc!, v])) }
            return acc!
        })
        m.attributes["cmp_to_key"] = .builtin(Builtin("cmp_to_key", qualifiedName: "functools.cmp_to_key") { a, _ in
            guard let cmp = a.positional.first else { throw PyError.type("cmp_to_key() missing required argument 'mycmp' (pos 1)") }
            return .builtin(Builtin("K") { b, _ in .object(ComparisonKey(cmp: cmp, value: b.positional.first ?? .none)) })
        })
        let lruCache = Builtin("lru_cache", qualifiedName: "functools.lru_cache") { a, _ in
            // @lru_cache, @lru_cache() and @lru_cache(maxsize=N) all decorate.
            if let f = a.positional.first, !(f.isPyNone), (try? self.asIndex(f)) == nil {
                return .object(CachedFunction(function: f, maxsize: 128))
            }
            let maxsize = try (a.positional.first ?? a.keyword("maxsize")).flatMap { $0.isPyNone ? nil : try self.asIndex($0) }
            return .builtin(Builtin("decorating_function") { b, _ in
                .object(CachedFunction(function: b.positional.first ?? .none, maxsize: maxsize))
            })
        }
        m.attributes["lru_cache"] = .builtin(lruCache)
        m.attributes["cache"] = .builtin(Builtin("cache", qualifiedName: "functools.cache") { a, _ in
            .object(CachedFunction(function: a.positional.first ?? .none, maxsize: nil))
        })
        m.attributes["wraps"] = .builtin(Builtin("wraps", qualifiedName: "functools.wraps") { a, _ in
            let wrapped = a.positional.first ?? .none
            return .builtin(Builtin("decorator") { b, _ in
                let wrapper = b.positional.first ?? .none
                // The wrapper takes the wrapped function's name, as update_wrapper does.
                if case .function(let f) = wrapper, let name = wrapped.functionName { f.rename(name) }
                return wrapper
            })
        })
        return m
    }

    func makeOperatorModule() -> ModuleObject {
        let m = ModuleObject(name: "operator")
        let binaries: [(String, BinaryOperator)] = [("add", .add), ("sub", .sub), ("mul", .mul), ("truediv", .div),
            ("floordiv", .floorDiv), ("mod", .mod), ("pow", .pow), ("matmul", .matmul), ("and_", .and), ("or_", .or),
            ("xor", .xor), ("lshift", .lshift), ("rshift", .rshift)]
        for (name, op) in binaries {
            m.attributes[name] = .builtin(Builtin(name, qualifiedName: "operator.\(name)") { a, i in
                guard a.positional.count == 2 else { throw PyError.type("\(name) expected 2 arguments, got \(a.positional.count)") }
                return try i.binary(op, a.positional[0], a.positional[1])
            })
        }
        let comparisons: [(String, CompareOperator)] = [("eq", .eq), ("ne", .ne), ("lt", .lt), ("le", .le), ("gt", .gt), ("ge", .ge)]
        for (name, op) in comparisons {
            m.attributes[name] = .builtin(Builtin(name, qualifiedName: "operator.\(name)") { a, i in
                guard a.positional.count == 2 else { throw PyError.type("\(name) expected 2 arguments, got \(a.positional.count)") }
                return try i.compare(op, a.positional[0], a.positional[1])
            })
        }
        m.attributes["neg"] = .builtin(Builtin("neg", qualifiedName: "operator.neg") { a, i in try i.unary(.negate, a.positional.first ?? .none) })
        m.attributes["not_"] = .builtin(Builtin("not_", qualifiedName: "operator.not_") { a, i in .bool(!(try i.truth(a.positional.first ?? .none))) })
        m.attributes["itemgetter"] = .builtin(Builtin("itemgetter", qualifiedName: "operator.itemgetter") { a, _ in
            let keys = a.positional
            return .builtin(Builtin("itemgetter") { b, i in
                let obj = b.positional.first ?? .none
                if keys.count == 1 { return try i.getItem(obj, keys[0]) }
                return .tuple(try keys.map { try i.getItem(obj, $0) })
            })
        })
        m.attributes["attrgetter"] = .builtin(Builtin("attrgetter", qualifiedName: "operator.attrgetter") { a, _ in
            let names = try a.positional.map { v -> String in
                guard case .string(let s) = v else { throw PyError.type("attribute name must be a string") }
                return s
            }
            return .builtin(Builtin("attrgetter") { b, i in
                func get(_ path: String) throws -> Value {
                    var v = b.positional.first ?? .none
                    for part in path.split(separator: ".") { v = try i.getAttribute(v, String(part)) }
                    return v
                }
                if names.count == 1 { return try get(names[0]) }
                return .tuple(try names.map(get))
            })
        })
        return m
    }
}

/// functools.partial: a function with some arguments already given.
final class PartialObject: PyObject {
    let function: Value, args: [Value], keywords: [(String, Value)]
    init(function: Value, args: [Value], keywords: [(String, Value)]) {
        self.function = function; self.args = args; self.keywords = keywords
    }
    var typeName: String { "partial" }
    func call(_ a: Arguments, _ interp: Interpreter) throws -> Value? {
        var merged = keywords
        for (k, v) in a.keywords {
            if let i = merged.firstIndex(where: { $0.0 == k }) { merged[i].1 = v } else { merged.append((k, v)) }
        }
        return try interp.call(function, Arguments(args + a.positional, keywords: merged))
    }
    func getAttribute(_ name: String, _ interp: Interpreter) throws -> Value? {
        switch name {
        case "func": return function
        case "args": return .tuple(args)
        case "keywords":
            let d = PyDict()
            for (k, v) in keywords { try d.set(.string(k), v) }
            return .dict(d)
        default: return nil
        }
    }
    func repr(_ interp: Interpreter) throws -> String {
        let parts = [try interp.repr(function)] + (try args.map { try interp.repr($0) }) + (try keywords.map { "\($0.0)=\(try interp.repr($0.1))" })
        return "functools.partial(" + parts.joined(separator: ", ") + ")"
    }
}

/// cmp_to_key's key: compares by calling cmp(a, b).
final class ComparisonKey: PyObject {
    let cmp: Value, value: Value
    init(cmp: Value, value: Value) { self.cmp = cmp; self.value = value }
    var typeName: String { "functools.KeyWrapper" }
    func compare(_ op: CompareOperator, _ other: Value, reflected: Bool, _ interp: Interpreter) throws -> Value? {
        guard case .object(let o) = other, let k = o as? ComparisonKey else { return nil }
        let (a, b) = reflected ? (k.value, value) : (value, k.value)
        let r = try interp.call(cmp, Arguments([a, b]))
        return try interp.compare(op, r, .int(0))
    }
}

/// lru_cache / cache: results by arguments; cache_info() and cache_clear().
final class CachedFunction: PyObject {
    let function: Value
    let maxsize: Int?
    private var cache: [HashKey: Value] = [:]
    private var order: [HashKey] = []
    private var hits = 0, misses = 0
    init(function: Value, maxsize: Int?) { self.function = function; self.maxsize = maxsize }
    var typeName: String { "functools._lru_cache_wrapper" }
    func call(_ a: Arguments, _ interp: Interpreter) throws -> Value? {
        let key = try HashKey(.tuple(a.positional + a.keywords.flatMap { [.string($0.0), $0.1] }))
        if let v = cache[key] {
            hits += 1
            if let i = order.firstIndex(of: key) { order.remove(at: i); order.append(key) }
            return v
        }
        misses += 1
        let v = try interp.call(function, a)
        if maxsize != 0 {
            cache[key] = v
            order.append(key)
            if let maxsize, order.count > maxsize { cache[order.removeFirst()] = nil }
        }
        return v
    }
    func getAttribute(_ name: String, _ interp: Interpreter) throws -> Value? {
        switch name {
        case "cache_info":
            return .builtin(Builtin("cache_info") { [unowned self] _, _ in
                .object(NamedTupleValue("CacheInfo", [("hits", .int(self.hits)), ("misses", .int(self.misses)),
                                                      ("maxsize", self.maxsize.map { .int($0) } ?? .none), ("currsize", .int(self.cache.count))],
                                        prefix: ""))
            })
        case "cache_clear":
            return .builtin(Builtin("cache_clear") { [unowned self] _, _ in
                self.cache = [:]; self.order = []; self.hits = 0; self.misses = 0
                return .none
            })
        case "__name__": return function.functionName.map { .string($0) }
        case "__wrapped__": return function
        default: return nil
        }
    }
}
