/// A CPU random generator: an MT19937 plus the cached second value of the scalar
/// Box–Muller pair. Mirrors torch.Generator (../shared/spec/rng.md section 2).
///
/// A session owns one default generator (torch's global one); `generator=` arguments
/// pass others. Nothing here is global, so concurrent sessions never share a stream.
package final class Generator {
    /// The seed of a fresh `torch.Generator()`.
    package static let defaultSeed: UInt64 = 67_280_421_310_721

    package private(set) var engine: MT19937
    package var nextDoubleNormal: Double?
    package var nextFloatNormal: Float?

    package init(seed: UInt64 = Generator.defaultSeed) {
        engine = MT19937(seed: seed)
    }

    /// Mirrors manual_seed: a negative seed counts as its two's complement; both normal
    /// caches are cleared.
    package func manualSeed(_ seed: UInt64) {
        engine = MT19937(seed: seed)
        nextDoubleNormal = nil
        nextFloatNormal = nil
    }

    package func manualSeed(_ seed: Int64) { manualSeed(UInt64(bitPattern: seed)) }

    /// Mirrors initial_seed().
    package var initialSeed: UInt64 { engine.seed }

    /// Mirrors Generator.seed(): re-seeds from a non-deterministic source and returns it.
    @discardableResult
    package func seedNondeterministically() -> UInt64 {
        var system = SystemRandomNumberGenerator()
        let value = system.next()
        manualSeed(value)
        return value
    }

    /// One 32-bit word.
    @inline(__always)
    package func random() -> UInt32 { engine.nextWord() }

    /// Two words, the first one the high half.
    @inline(__always)
    package func random64() -> UInt64 {
        let hi = UInt64(engine.nextWord())
        return (hi << 32) | UInt64(engine.nextWord())
    }

    /// A float32 uniform in [0, 1): the low 24 bits of one word.
    @inline(__always)
    package func uniformFloat() -> Float { Float(random() & 0xFF_FFFF) * 0x1p-24 }

    /// A float64 uniform in [0, 1): the low 53 bits of two words.
    @inline(__always)
    package func uniformDouble() -> Double { Double(random64() & ((1 << 53) - 1)) * 0x1p-53 }

    package static let stateByteCount = 5056

    /// Mirrors get_state(): the 5056 bytes of PyTorch's CPUGeneratorImplState.
    package func getState() -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: Generator.stateByteCount)
        func put<T: FixedWidthInteger>(_ v: T, at offset: Int) {
            withUnsafeBytes(of: v.littleEndian) { for (i, b) in $0.enumerated() { bytes[offset + i] = b } }
        }
        put(engine.seed, at: 0)
        put(engine.left, at: 8)
        put(Int32(1), at: 12)
        put(UInt64(engine.next), at: 16)
        for (i, w) in engine.state.enumerated() { put(UInt64(w), at: 24 + 8 * i) }
        if let cached = nextDoubleNormal {
            put(cached.bitPattern, at: 5024)
            put(Int32(1), at: 5040)
        }
        if let cached = nextFloatNormal {
            put(cached.bitPattern, at: 5048)
            bytes[5052] = 1
        }
        return bytes
    }

    /// Mirrors set_state(): validates and restores the bytes of getState().
    package func setState(_ bytes: [UInt8]) throws {
        guard bytes.count == Generator.stateByteCount else {
            throw TensorError.runtime(
                "Expected a CPUGeneratorImplState of size 5056 but found the input RNG state size to be \(bytes.count)")
        }
        func get<T: FixedWidthInteger>(_: T.Type, at offset: Int) -> T {
            var v = T.zero
            withUnsafeMutableBytes(of: &v) { for i in 0..<MemoryLayout<T>.size { $0[i] = bytes[offset + i] } }
            return T(littleEndian: v)
        }
        let left = get(Int32.self, at: 8), seeded = get(Int32.self, at: 12), next = get(UInt64.self, at: 16)
        guard seeded != 0, left > 0, left <= 624, next <= 624 else { throw TensorError.runtime("Invalid mt19937 state") }
        let words = (0..<624).map { UInt32(truncatingIfNeeded: get(UInt64.self, at: 24 + 8 * $0)) }
        engine = MT19937(seed: get(UInt64.self, at: 0), state: words, left: left, next: UInt32(next))
        nextDoubleNormal = get(Int32.self, at: 5040) != 0 ? Double(bitPattern: get(UInt64.self, at: 5024)) : nil
        nextFloatNormal = bytes[5052] != 0 ? Float(bitPattern: get(UInt32.self, at: 5048)) : nil
    }

    /// A copy with the same state (Generator.clone_state).
    package func copy() -> Generator {
        let g = Generator()
        g.engine = engine
        g.nextDoubleNormal = nextDoubleNormal
        g.nextFloatNormal = nextFloatNormal
        return g
    }
}
