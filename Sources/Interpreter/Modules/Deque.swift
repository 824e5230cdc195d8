/// collections.deque: a list with fast ends and an optional maxlen (appending past it
/// drops from the other end), as Python's.
final class DequeObject: PyObject {
    var items: [Value]
    let maxlen: Int?

    init(_ items: [Value], maxlen: Int?) {
        self.maxlen = maxlen
        self.items = []
        for v in items { append(v) }
    }

    static func make(_ a: Arguments, _ interp: Interpreter) throws -> Value {
        guard a.positional.count <= 2 else { throw PyError.type("deque() takes at most 2 arguments (\(a.positional.count) given)") }
        let iterable = a.positional.first ?? a.keyword("iterable")
        var maxlen: Int?
        if let m = a.positional.count > 1 ? a.positional[1] : a.keyword("maxlen"), !m.isPyNone {
            guard let n = try interp.asIndex(m) else { throw PyError.type("an integer is required") }
            guard n >= 0 else { throw PyError.value("maxlen must be non-negative") }
            maxlen = n
        }
        return .object(DequeObject(try iterable.map { try interp.materialize($0) } ?? [], maxlen: maxlen))
    }

    var typeName: String { "deque" }

    func append(_ v: Value) {
        if maxlen == 0 { return }
        items.append(v)
        if let maxlen, items.count > maxlen { items.removeFirst() }
    }

    func appendLeft(_ v: Value) {
        if maxlen == 0 { return }
        items.insert(v, at: 0)
        if let maxlen, items.count > maxlen { items.removeLast() }
    }

    func repr(_ interp: Interpreter) throws -> String {
        let body = try interp.repr(.list(PyList(items)))
        return maxlen.map { "deque(\(body), maxlen=\($0))" } ?? "deque(\(body))"
    }

    func makeIterator(_ interp: Interpreter) throws -> PyIterator? { PyIterator(items, keeping: self) }
    func length(_ interp: Interpreter) throws -> Int? { items.count }
    func truth(_ interp: Interpreter) throws -> Bool? { !items.isEmpty }
    func contains(_ value: Value, _ interp: Interpreter) throws -> Bool? { try items.contains { try interp.equal($0, value) } }
    func getItem(_ index: Value, _ interp: Interpreter) throws -> Value? {
        if case .slice = index { throw PyError.type("sequence index must be integer, not 'slice'") }
        return try interp.getItem(.list(PyList(items)), index)
    }

    func getAttribute(_ name: String, _ interp: Interpreter) throws -> Value? {
        func method(_ body: @escaping (Arguments) throws -> Value) -> Value { interp.method(name, of: "deque", body) }
        func one(_ a: Arguments) throws -> Value {
            guard a.positional.count == 1 else { throw PyError.type("deque.\(name)() takes exactly one argument (\(a.positional.count) given)") }
            return a.positional[0]
        }
        switch name {
        case "append": return method { a in self.append(try one(a)); return .none }
        case "appendleft": return method { a in self.appendLeft(try one(a)); return .none }
        case "extend": return method { a in for v in try interp.materialize(try one(a)) { self.append(v) }; return .none }
        case "extendleft": return method { a in for v in try interp.materialize(try one(a)) { self.appendLeft(v) }; return .none }
        case "pop":
            return method { _ in
                guard let v = self.items.popLast() else { throw PyError("IndexError", "pop from an empty deque") }
                return v
            }
        case "popleft":
            return method { _ in
                guard !self.items.isEmpty else { throw PyError("IndexError", "pop from an empty deque") }
                return self.items.removeFirst()
            }
        case "clear": return method { _ in self.items.removeAll(); return .none }
        case "rotate":
            return method { a in
                let n = try a.positional.first.map { try interp.asIndex($0) ?? 0 } ?? 1
                guard !self.items.isEmpty else { return .none }
                let k = ((n % self.items.count) + self.items.count) % self.items.count
                self.items = Array(self.items.suffix(k) + self.items.prefix(self.items.count - k))
                return .none
            }
        case "count": return method { a in .int(try self.items.filter { try interp.equal($0, try one(a)) }.count) }
        case "remove":
            return method { a in
                let target = try one(a)
                guard let i = try self.items.firstIndex(where: { try interp.equal($0, target) }) else {
                    throw PyError.value("deque.remove(x): x not in deque")
                }
                self.items.remove(at: i)
                return .none
            }
        case "copy": return method { _ in .object(DequeObject(self.items, maxlen: self.maxlen)) }
        case "maxlen": return maxlen.map { .int($0) } ?? Value.none
        default: return nil
        }
    }

    func attributeNames() -> [String] {
        ["append", "appendleft", "clear", "copy", "count", "extend", "extendleft", "maxlen", "pop", "popleft", "remove", "rotate"]
    }
}
