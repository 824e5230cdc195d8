import BigInt
import PythonSyntax

/// A Python set. Its elements are kept in a table laid out as CPython's setobject.c lays
/// it out (size, probing, resizing, dummies), so a set of ints prints and iterates in the
/// order python3 shows (`{10, 3, 8}` prints `{8, 10, 3}`). Strings hash differently in
/// every CPython run, so their order is only deterministic here.
package final class SetObject: PyObject {
    private struct Slot {
        var key: Value
        var hashKey: HashKey
        var hash: UInt
    }

    private enum Entry {
        case empty, dummy
        case used(Slot)
    }

    private var table: [Entry] = Array(repeating: .empty, count: 8)
    private var mask: Int { table.count - 1 }
    private var fill = 0
    private(set) var used = 0
    /// Where each key sits in `table`, for membership without probing.
    private var positions: [HashKey: Int] = [:]
    let frozen: Bool

    init(frozen: Bool = false) {
        self.frozen = frozen
    }

    convenience init(_ values: [Value], frozen: Bool = false) throws {
        self.init(frozen: frozen)
        for v in values { try add(v) }
    }

    package var typeName: String { frozen ? "frozenset" : "set" }

    /// The elements in table order (iteration order).
    package var elements: [Value] {
        table.compactMap { if case .used(let s) = $0 { s.key } else { nil } }
    }

    func contains(_ v: Value) throws -> Bool { positions[try HashKey(v)] != nil }

    func add(_ v: Value) throws {
        let key = try HashKey(v)
        if positions[key] != nil { return }
        addEntry(Slot(key: v, hashKey: key, hash: SetObject.pythonHash(v)))
    }

    /// CPython's set_add_entry: probe LINEAR_PROBES neighbours, then jump with the
    /// perturbed hash; the new key takes the last dummy met on the way, else the empty slot
    /// that ended the search (and only that counts toward a resize).
    private func addEntry(_ slot: Slot) {
        if positions[slot.hashKey] != nil { return }
        var perturb = slot.hash
        var i = Int(slot.hash & UInt(mask))
        var freeslot: Int?
        while true {
            var probes = i + 9 <= mask ? 9 : 0
            var j = i
            while true {
                switch table[j] {
                case .empty:
                    if let f = freeslot {
                        table[f] = .used(slot)
                        positions[slot.hashKey] = f
                        used += 1
                        return
                    }
                    table[j] = .used(slot)
                    positions[slot.hashKey] = j
                    fill += 1
                    used += 1
                    if fill * 5 >= mask * 3 { resize(used > 50_000 ? used * 2 : used * 4) }
                    return
                case .dummy:
                    freeslot = j
                case .used:
                    break
                }
                if probes == 0 { break }
                probes -= 1
                j += 1
            }
            perturb >>= 5
            i = (i &* 5 &+ 1 &+ Int(bitPattern: perturb)) & mask
        }
    }

    func remove(_ v: Value) throws -> Bool {
        guard let j = positions.removeValue(forKey: try HashKey(v)) else { return false }
        table[j] = .dummy
        used -= 1
        return true
    }

    func removeAll() {
        table = Array(repeating: .empty, count: 8)
        fill = 0
        used = 0
        positions = [:]
    }

    /// The entries in table order (what iteration and the set algorithms walk).
    private var slots: [Slot] {
        table.compactMap { if case .used(let s) = $0 { s } else { nil } }
    }

    /// CPython's set_table_resize: the smallest power of two above `minUsed`, entries
    /// reinserted in table order without dummies.
    private func resize(_ minUsed: Int) {
        var size = 8
        while size <= minUsed { size <<= 1 }
        let old = slots
        table = Array(repeating: .empty, count: size)
        positions = [:]
        for slot in old { insertClean(slot) }
        fill = old.count
    }

    /// set_insert_clean: a key known to be absent, into a table without dummies.
    private func insertClean(_ slot: Slot) {
        var perturb = slot.hash
        var i = Int(slot.hash & UInt(mask))
        while true {
            var probes = i + 9 <= mask ? 9 : 0
            var j = i
            while true {
                if case .empty = table[j] {
                    table[j] = .used(slot)
                    positions[slot.hashKey] = j
                    return
                }
                if probes == 0 { break }
                probes -= 1
                j += 1
            }
            perturb >>= 5
            i = (i &* 5 &+ 1 &+ Int(bitPattern: perturb)) & mask
        }
    }

    /// CPython's set_merge (update with another set): one resize up front, then the
    /// other's table copied as it is when it can be, else its keys inserted in its order.
    func merge(_ other: SetObject) {
        if other === self || other.used == 0 { return }
        if (fill + other.used) * 5 >= mask * 3 { resize((used + other.used) * 2) }
        if fill == 0 && mask == other.mask && other.fill == other.used {
            table = other.table
            positions = other.positions
            fill = other.fill
            used = other.used
            return
        }
        if fill == 0 {
            for slot in other.slots { insertClean(slot) }
            fill = other.used
            used = other.used
            return
        }
        for slot in other.slots { addEntry(slot) }
    }

    /// set.update / |= with any iterable: a set merges, anything else adds item by item.
    func update(_ v: Value, _ interp: Interpreter) throws {
        if case .object(let o) = v, let s = o as? SetObject { merge(s); return }
        for item in try interp.materialize(v) { try add(item) }
    }

    /// A copy with this set's layout (set_copy: an empty set merged with this one).
    func copy(frozen: Bool? = nil) -> SetObject {
        let out = SetObject(frozen: frozen ?? self.frozen)
        out.merge(self)
        return out
    }

    /// A set display of more than two constants: CPython builds it from a frozenset
    /// constant (its items added in order), merged into a new set.
    static func fromConstants(_ values: [Value]) throws -> SetObject {
        let staging = try SetObject(values, frozen: true)
        return staging.copy(frozen: false)
    }

    // MARK: Python's hash, as CPython computes it for the values whose order can be matched

    static let modulus: UInt = (1 << 61) - 1

    static func pythonHash(_ v: Value) -> UInt {
        switch v {
        case .bool(let b): return b ? 1 : 0
        case .int(let i): return intHash(BigInt(i))
        case .bigInt(let b): return intHash(b)
        case .float(let d): return floatHash(d)
        case .string(let s):
            // FNV-1a: CPython's string hash is randomised per run; any fixed one will do.
            var h: UInt64 = 0xcbf2_9ce4_8422_2325
            for byte in s.utf8 { h = (h ^ UInt64(byte)) &* 0x100_0000_01b3 }
            return UInt(h == UInt64.max ? h - 1 : h)
        case .tuple(let items):
            // CPython 3.8+'s tuple hash (xxHash's round over the items' hashes).
            let p1: UInt = 11_400_714_785_074_694_791, p2: UInt = 14_029_467_366_897_019_727, p5: UInt = 2_870_177_450_012_600_261
            var acc = p5
            for item in items {
                acc = acc &+ pythonHash(item) &* p2
                acc = (acc << 31) | (acc >> 33)
                acc = acc &* p1
            }
            acc = acc &+ (UInt(items.count) ^ (p5 ^ 3_527_539))
            return acc == UInt.max ? 1_546_275_796 : acc
        case .none: return 0xFCA8_6420
        default:
            if case .object(let o) = v { return UInt(bitPattern: ObjectIdentifier(o).hashValue) >> 4 }
            return 0
        }
    }

    /// hash(int): the value modulo 2**61 - 1, with the sign; -1 becomes -2.
    static func intHash(_ b: BigInt) -> UInt {
        let m = BigInt(modulus)
        var r = BigInt(b.magnitude % BigUInt(modulus))
        if b < 0 { r = -r }
        if r == -1 { r = -2 }
        _ = m
        return UInt(bitPattern: Int(r))
    }

    /// hash(float): an integral float hashes as its int; others as CPython's _Py_HashDouble.
    static func floatHash(_ d: Double) -> UInt {
        if d.isNaN { return 0 }
        if d.isInfinite { return d > 0 ? 314_159 : UInt(bitPattern: -314_159) }
        if d == d.rounded(), abs(d) < 9.2e18 { return intHash(BigInt(Int(d))) }
        var m = Swift.abs(d).significand * 0.5  // frexp: m in [0.5, 1)
        var e = Int(Swift.abs(d).exponent) + 1
        var x: UInt = 0
        while m != 0 {
            x = ((x << 28) & modulus) | x >> 33
            m *= 268_435_456.0
            e -= 28
            let y = UInt(m)
            m -= Double(y)
            x += y
            if x >= modulus { x -= modulus }
        }
        e = e >= 0 ? e % 61 : 60 - ((-1 - e) % 61)
        x = ((x << UInt(e)) & modulus) | x >> UInt(61 - e)
        var signed = Int(x)
        if d < 0 { signed = -signed }
        if signed == -1 { signed = -2 }
        return UInt(bitPattern: signed)
    }

    // MARK: The protocol

    package func repr(_ interp: Interpreter) throws -> String {
        let items = elements
        if items.isEmpty { return frozen ? "frozenset()" : "set()" }
        let body = try interp.nested("while getting the repr of an object") {
            try items.map { try interp.repr($0) }.joined(separator: ", ")
        }
        return frozen ? "frozenset({\(body)})" : "{\(body)}"
    }

    package func length(_ interp: Interpreter) throws -> Int? { used }
    package func truth(_ interp: Interpreter) throws -> Bool? { used > 0 }
    package func contains(_ value: Value, _ interp: Interpreter) throws -> Bool? { try contains(value) }
    package func makeIterator(_ interp: Interpreter) throws -> PyIterator? { PyIterator(elements, keeping: self) }

    package func hashKey() throws -> HashKey? {
        guard frozen else { throw PyError.type("unhashable type: 'set'") }
        return .tuple(try elements.map(HashKey.init).sorted { "\($0)" < "\($1)" })
    }

    package func isInstance(of cls: PyObject) -> Bool {
        (cls as? TypeObject)?.name == typeName
    }

    /// Another set (or any iterable) as a set.
    func other(_ v: Value, _ interp: Interpreter) throws -> SetObject {
        if case .object(let o) = v, let s = o as? SetObject { return s }
        return try SetObject(try interp.materialize(v))
    }

    func union(_ others: [SetObject]) throws -> SetObject {
        let out = copy()
        for o in others { out.merge(o) }
        return out
    }

    /// set_intersection: walks the smaller set (the right one when sizes are equal).
    func intersection(_ o: SetObject) throws -> SetObject {
        let (large, small) = o.used > used ? (o, self) : (self, o)
        let out = SetObject(frozen: frozen)
        for slot in small.slots where large.positions[slot.hashKey] != nil { out.addEntry(slot) }
        return out
    }

    /// set_difference: a copy with the other's keys discarded when this set is more than
    /// four times larger, else the keys not in the other added to a new set.
    func difference(_ o: SetObject) throws -> SetObject {
        if (used >> 2) > o.used {
            let out = copy()
            for slot in o.slots { _ = out.discard(slot) }
            return out
        }
        let out = SetObject(frozen: frozen)
        for slot in slots where o.positions[slot.hashKey] == nil { out.addEntry(slot) }
        return out
    }

    /// -=: the other's keys discarded here; a table more than a quarter dummies is rebuilt.
    func differenceUpdate(_ o: SetObject) {
        if o === self { removeAll(); return }
        for slot in o.slots { _ = discard(slot) }
        if fill - used > mask / 4 { resize(used > 50_000 ? used * 2 : used * 4) }
    }

    /// set_symmetric_difference: a copy of the other set, then this set's keys toggled in it.
    func symmetricDifference(_ o: SetObject) throws -> SetObject {
        let out = o.copy(frozen: frozen)
        out.symmetricUpdate(self)
        return out
    }

    /// ^=: each of the other's keys removed if present, else added.
    func symmetricUpdate(_ o: SetObject) {
        if o === self { removeAll(); return }
        for slot in o.slots where !discard(slot) { addEntry(slot) }
    }

    private func discard(_ slot: Slot) -> Bool {
        guard let j = positions.removeValue(forKey: slot.hashKey) else { return false }
        table[j] = .dummy
        used -= 1
        return true
    }

    func isSubset(of o: SetObject) throws -> Bool {
        try elements.allSatisfy { try o.contains($0) }
    }

    package func binary(_ op: BinaryOperator, _ other: Value, reflected: Bool, _ interp: Interpreter) throws -> Value? {
        guard case .object(let o) = other, let s = o as? SetObject else { return nil }
        let (a, b) = reflected ? (s, self) : (self, s)
        switch op {
        case .or: return .object(try a.union([b]))
        case .and: return .object(try a.intersection(b))
        case .sub: return .object(try a.difference(b))
        case .xor: return .object(try a.symmetricDifference(b))
        default: return nil
        }
    }

    package func inPlace(_ op: BinaryOperator, _ other: Value, _ interp: Interpreter) throws -> Value? {
        guard !frozen, case .object(let o) = other, let s = o as? SetObject else { return nil }
        let result: SetObject
        switch op {
        case .or: merge(s); return .object(self)
        case .and: result = try intersection(s)
        case .sub: differenceUpdate(s); return .object(self)
        case .xor: symmetricUpdate(s); return .object(self)
        default: return nil
        }
        // &= takes the intersection's table (CPython swaps the bodies).
        table = result.table
        positions = result.positions
        fill = result.fill
        used = result.used
        return .object(self)
    }

    package func compare(_ op: CompareOperator, _ other: Value, reflected: Bool, _ interp: Interpreter) throws -> Value? {
        guard case .object(let o) = other, let s = o as? SetObject else {
            if op == .eq { return .bool(false) }
            if op == .ne { return .bool(true) }
            return nil
        }
        let (a, b) = reflected ? (s, self) : (self, s)
        let aInB = try a.isSubset(of: b), bInA = try b.isSubset(of: a)
        switch op {
        case .eq: return .bool(a.used == b.used && aInB)
        case .ne: return .bool(!(a.used == b.used && aInB))
        case .le: return .bool(aInB)
        case .lt: return .bool(a.used < b.used && aInB)
        case .ge: return .bool(bInA)
        case .gt: return .bool(b.used < a.used && bInA)
        default: return nil
        }
    }

    package func getAttribute(_ name: String, _ interp: Interpreter) throws -> Value? {
        func method(_ body: @escaping (Arguments) throws -> Value) -> Value {
            .builtin(Builtin(name, qualifiedName: "\(typeName).\(name)") { args, _ in try body(args) })
        }
        func mutating(_ body: @escaping (Arguments) throws -> Value) -> Value {
            method { args in
                guard !self.frozen else { throw PyError.attribute("'frozenset' object has no attribute '\(name)'") }
                return try body(args)
            }
        }
        func one(_ args: Arguments) throws -> Value {
            guard args.positional.count == 1 else { throw PyError.type("\(typeName).\(name)() takes exactly one argument (\(args.positional.count) given)") }
            return args.positional[0]
        }
        switch name {
        case "add": return mutating { a in try self.add(try one(a)); return .none }
        case "remove":
            return mutating { a in
                let v = try one(a)
                guard try self.remove(v) else { throw try PyError.missingKey(v, interp) }
                return .none
            }
        case "discard": return mutating { a in _ = try self.remove(try one(a)); return .none }
        case "pop":
            return mutating { _ in
                guard let first = self.elements.first else { throw PyError.key("'pop from an empty set'") }
                _ = try self.remove(first)
                return first
            }
        case "clear": return mutating { _ in self.removeAll(); return .none }
        case "update":
            return mutating { a in
                for v in a.positional { try self.update(v, interp) }
                return .none
            }
        case "copy": return method { _ in .object(self.copy()) }
        case "union":
            return method { a in
                let out = self.copy()
                for v in a.positional { try out.update(v, interp) }
                return .object(out)
            }
        case "intersection":
            return method { a in
                var out = self
                for v in a.positional { out = try out.intersection(try self.other(v, interp)) }
                return .object(out === self ? self.copy() : out)
            }
        case "difference":
            return method { a in
                // set_difference_multi: the first other as `-`, the rest discarded from that.
                guard let first = a.positional.first else { return .object(self.copy()) }
                let out = try self.difference(try self.other(first, interp))
                for v in a.positional.dropFirst() { out.differenceUpdate(try self.other(v, interp)) }
                return .object(out)
            }
        case "symmetric_difference": return method { a in .object(try self.symmetricDifference(try self.other(try one(a), interp))) }
        case "issubset": return method { a in .bool(try self.isSubset(of: try self.other(try one(a), interp))) }
        case "issuperset": return method { a in .bool(try self.other(try one(a), interp).isSubset(of: self)) }
        case "isdisjoint": return method { a in .bool(try self.intersection(try self.other(try one(a), interp)).used == 0) }
        default: return nil
        }
    }

    package func attributeNames() -> [String] {
        ["add", "remove", "discard", "pop", "clear", "update", "copy", "union", "intersection", "difference",
         "symmetric_difference", "issubset", "issuperset", "isdisjoint"]
    }
}
