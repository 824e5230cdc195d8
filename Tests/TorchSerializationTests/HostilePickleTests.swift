import Testing
@testable import TorchSerialization

/// Pickles a hostile `.pth` could carry (issue 11): each loads in linear time or is refused
/// with an error, never a crash, a stack overflow or an exponential expansion.
struct HostilePickleTests {
    func load(_ ops: [UInt8]) throws -> SavedValue {
        var unpickler = Unpickler([0x80, 2] + ops + [UInt8(ascii: ".")]) { _, _, _ in
            throw SerializationError.unpickling("no storages here")
        }
        return try unpickler.load()
    }

    /// BININT1 n
    func int(_ n: UInt8) -> [UInt8] { [UInt8(ascii: "K"), n] }

    @Test func aListBuiltByManySingleAppendsLoadsInLinearTime() throws {
        // EMPTY_LIST, BINPUT 0, then 300,000 × (BININT1 7, APPEND): with a copy per APPEND
        // this took minutes; it must take a moment.
        var ops: [UInt8] = [UInt8(ascii: "]"), UInt8(ascii: "q"), 0]
        for _ in 0..<300_000 { ops += int(7) + [UInt8(ascii: "a")] }
        guard case .list(let items) = try load(ops) else { Issue.record("not a list"); return }
        #expect(items.count == 300_000)
    }

    @Test func aListNamedTwiceThroughTheMemoHasItsItemsBothTimes() throws {
        // {'a': lst, 'b': lst}: the memo is filled before the APPENDS, and must see them.
        func text(_ s: String) -> [UInt8] { [UInt8(ascii: "U"), UInt8(s.utf8.count)] + Array(s.utf8) }
        let ops: [UInt8] = [UInt8(ascii: "}"), UInt8(ascii: "q"), 0, UInt8(ascii: "(")] + text("a")
            + [UInt8(ascii: "]"), UInt8(ascii: "q"), 1, UInt8(ascii: "(")] + int(7) + int(8) + [UInt8(ascii: "e")]
            + text("b") + [UInt8(ascii: "h"), 1, UInt8(ascii: "u")]
        guard case .dict(let pairs, ordered: false) = try load(ops) else { Issue.record("not a dict"); return }
        #expect(pairs.count == 2)
        for (_, value) in pairs {
            guard case .list(let items) = value else { Issue.record("not a list"); continue }
            #expect(items.count == 2)
        }
    }

    @Test func aContainerRepeatedThroughTheMemoIsRefusedNotExpanded() throws {
        // L0 = [7]; L(k+1) = [Lk, Lk] through BINGET: 60 levels name 2^60 objects in 1 KB.
        var ops: [UInt8] = [UInt8(ascii: "]"), UInt8(ascii: "q"), 0] + int(7) + [UInt8(ascii: "a")]
        for k in 1...60 {
            ops += [UInt8(ascii: "]"), UInt8(ascii: "q"), UInt8(k), UInt8(ascii: "("),
                    UInt8(ascii: "h"), UInt8(k - 1), UInt8(ascii: "h"), UInt8(k - 1), UInt8(ascii: "e")]
        }
        #expect { try load(ops) } throws: { error in
            "\(error)".contains("more than 50,000,000 objects")
        }
    }

    @Test func deeplyNestedTuplesAreARecursionErrorNotAStackOverflow() throws {
        // 100,000 × (EMPTY_TUPLE-wrapped TUPLE1): deeper than any file tsh loads.
        var ops: [UInt8] = [UInt8(ascii: ")")]
        for _ in 0..<100_000 { ops.append(0x85) }
        #expect { try load(ops) } throws: { error in
            "\(error)".contains("maximum recursion depth exceeded while unpickling")
        }
    }
}
