import CreationSite

/// An object that can take part in a reference cycle (a list, dict, instance, class,
/// function, closure cell or bound method). Reference counting frees everything else the
/// moment it is unused; these are also registered, so that the cycle collector can find
/// groups of them that only hold each other (`a = []; a.append(a)`, a recursive nested
/// function, an object whose callback closes over itself) and free them, as CPython's
/// `gc` does.
package class CycleTracked {
    /// The position in this thread's registry.
    final var gcIndex = -1

    package init() { CycleRegistry.current.add(self) }

    deinit { CycleRegistry.current.remove(self) }

    /// Calls `visit` once for each reference this object holds to a tracked object. A
    /// reference held through something untracked (a tuple's storage, a tensor's hook)
    /// is left out: the collector then counts it as a reference from outside, which can
    /// only keep an object alive, never free one in use.
    func traverse(_ visit: (CycleTracked) -> Void) {}

    /// Drops the references this object holds (it is garbage: this breaks its cycles).
    func clearReferences() {}

    /// `visit` for the tracked object a value holds directly, if any.
    static func visit(_ value: Value, _ visit: (CycleTracked) -> Void) {
        switch value {
        case .list(let l): visit(l)
        case .dict(let d): visit(d)
        case .function(let f): visit(f)
        case .object(let o): if let t = o as? CycleTracked { visit(t) }
        default: break
        }
    }
}

/// The tracked objects of one thread (an interpreter and its objects live on one thread),
/// and the collector over them: CPython's algorithm. For every object, its reference count
/// minus the references other tracked objects hold to it is what holds it from outside
/// (variables, the running code, native objects); everything reachable from an object so
/// held is alive, and the rest is garbage only reachable from itself.
package final class CycleRegistry {
    private var objects: [Unmanaged<CycleTracked>] = []
    /// A collection is requested when this many objects are tracked: twice as many as
    /// survived the last one (so collecting costs a constant per allocation).
    private var threshold = 10_000
    /// An object with exactly one reference (made by passRetained, held by nothing), to
    /// read how many references the count-reading path itself adds. Never held in a
    /// variable: a strong copy would add one and make every count read one short.
    private var probe: Unmanaged<CycleTracked>?
    private var collecting = false
    package private(set) var collections = 0
    package private(set) var freed = 0

    package static var current: CycleRegistry {
        @inline(__always) get {
            if let p = tsh_get_cycle_registry() { return Unmanaged<CycleRegistry>.fromOpaque(p).takeUnretainedValue() }
            let registry = CycleRegistry()
            tsh_set_cycle_registry(Unmanaged.passRetained(registry).toOpaque())
            registry.probe = Unmanaged.passRetained(CycleTracked())
            return registry
        }
    }

    package var trackedCount: Int { objects.count }

    @inline(__always)
    func add(_ object: CycleTracked) {
        object.gcIndex = objects.count
        objects.append(Unmanaged.passUnretained(object))
        // Asked again on every add past the threshold until a collection runs (another
        // thread's interpreter may take a request meant for this one).
        if objects.count >= threshold { tsh_collection_request() }
    }

    @inline(__always)
    func remove(_ object: CycleTracked) {
        let i = object.gcIndex
        guard i >= 0, i < objects.count, objects[i].toOpaque() == Unmanaged.passUnretained(object).toOpaque() else { return }
        let last = objects.removeLast()
        if i < objects.count {
            objects[i] = last
            last.takeUnretainedValue().gcIndex = i
        }
        object.gcIndex = -1
    }

    @inline(never)
    private func strongCount(_ object: Unmanaged<CycleTracked>) -> Int {
        Int(_getRetainCount(object.takeUnretainedValue()))
    }

    /// Finds and frees the unreachable cycles; returns how many objects it freed.
    @discardableResult
    package func collect() -> Int {
        guard !collecting, let probe = self.probe else { return 0 }
        collecting = true
        defer { collecting = false }
        let count = objects.count
        // The count-reading path adds the same to every object; the probe (one reference)
        // tells how much. Anything unexpected and nothing is collected.
        let offset = strongCount(probe) - 1
        guard (0...2).contains(offset) else { return 0 }

        // An object another thread's registry tracks (a value shared between interpreters)
        // is not one of these: references to it are skipped.
        func mine(_ t: CycleTracked) -> Bool {
            t.gcIndex >= 0 && t.gcIndex < count && objects[t.gcIndex].toOpaque() == Unmanaged.passUnretained(t).toOpaque()
        }
        var outside = [Int](repeating: 0, count: count)
        for i in 0..<count { outside[i] = strongCount(objects[i]) - offset }
        for i in 0..<count {
            objects[i].takeUnretainedValue().traverse { if mine($0) { outside[$0.gcIndex] -= 1 } }
        }
        var alive = [Bool](repeating: false, count: count)
        var pending: [Int] = []
        for i in 0..<count where outside[i] > 0 {
            alive[i] = true
            pending.append(i)
        }
        while let i = pending.popLast() {
            objects[i].takeUnretainedValue().traverse { t in
                if mine(t), !alive[t.gcIndex] {
                    alive[t.gcIndex] = true
                    pending.append(t.gcIndex)
                }
            }
        }
        // Held here while their references are dropped; freed when this array goes.
        var garbage: [CycleTracked] = []
        for i in 0..<count where !alive[i] { garbage.append(objects[i].takeUnretainedValue()) }
        for object in garbage { object.clearReferences() }
        let n = garbage.count
        garbage = []
        collections += 1
        freed += n
        threshold = max(10_000, 2 * objects.count)
        return n
    }
}
