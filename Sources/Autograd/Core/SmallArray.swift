/// A list whose first two elements live inline. A node's input edges, input metadata and
/// output metadata are built for every recorded op, and nearly every op has one or two
/// inputs and one output: as arrays they cost three allocations per op (measured: with a
/// graph, `c = a + b` made eight allocations where it makes three without); inline, none.
package struct SmallArray<Element>: RandomAccessCollection, MutableCollection, ExpressibleByArrayLiteral {
    private var first0: Element?
    private var second0: Element?
    /// The elements from index 2 on.
    private var spill: [Element] = []
    package private(set) var endIndex = 0

    package init() {}

    package init(_ first: Element) {
        first0 = first
        endIndex = 1
    }

    package init(_ first: Element, _ second: Element) {
        first0 = first
        second0 = second
        endIndex = 2
    }

    package init<S: Sequence>(_ elements: S) where S.Element == Element {
        for e in elements { append(e) }
    }

    package init(arrayLiteral elements: Element...) {
        self.init(elements)
    }

    package var startIndex: Int { 0 }

    package subscript(i: Int) -> Element {
        get {
            precondition(i >= 0 && i < endIndex, "SmallArray index out of range")
            switch i {
            case 0: return first0!
            case 1: return second0!
            default: return spill[i - 2]
            }
        }
        _modify {
            precondition(i >= 0 && i < endIndex, "SmallArray index out of range")
            switch i {
            case 0: yield &first0!
            case 1: yield &second0!
            default: yield &spill[i - 2]
            }
        }
    }

    package mutating func append(_ e: Element) {
        switch endIndex {
        case 0: first0 = e
        case 1: second0 = e
        default: spill.append(e)
        }
        endIndex += 1
    }

    package mutating func removeAll() {
        first0 = nil
        second0 = nil
        spill = []
        endIndex = 0
    }
}

extension SmallArray where Element == Edge {
    /// Whether this holds the last reference to one of the edges' nodes (so it dies with
    /// the holder). Reads the inline slots directly: through the subscript's `_modify`
    /// coroutine the check cost a node's deinit more than the rest of its release.
    mutating func holdsLastReferenceToANode() -> Bool {
        if endIndex > 0, first0!.node != nil, isKnownUniquelyReferenced(&first0!.node!) { return true }
        if endIndex > 1, second0!.node != nil, isKnownUniquelyReferenced(&second0!.node!) { return true }
        for i in spill.indices where spill[i].node != nil && isKnownUniquelyReferenced(&spill[i].node!) { return true }
        return false
    }
}
