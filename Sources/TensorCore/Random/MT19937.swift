/// The 32-bit Mersenne Twister exactly as PyTorch's CPU generator runs it
/// (aten/src/ATen/core/MT19937RNGEngine.h; ../shared/spec/rng.md section 1).
package struct MT19937 {
    static let n = 624
    static let m = 397
    static let matrixA: UInt32 = 0x9908_B0DF

    package private(set) var seed: UInt64
    package var state: [UInt32]
    /// Words left before the next twist; 1 right after seeding, so the first draw twists.
    package var left: Int32
    package var next: UInt32

    /// init_genrand: only the low 32 bits of the seed enter the state.
    package init(seed: UInt64) {
        self.seed = seed
        var st = [UInt32](repeating: 0, count: MT19937.n)
        st[0] = UInt32(truncatingIfNeeded: seed)
        for i in 1..<MT19937.n {
            let prev = st[i - 1]
            st[i] = 1_812_433_253 &* (prev ^ (prev >> 30)) &+ UInt32(i)
        }
        state = st
        left = 1
        next = 0
    }

    /// A state restored from `get_state` bytes (validated by the caller).
    package init(seed: UInt64, state: [UInt32], left: Int32, next: UInt32) {
        self.seed = seed
        self.state = state
        self.left = left
        self.next = next
    }

    private mutating func twist() {
        state.withUnsafeMutableBufferPointer { st in
            for k in 0..<MT19937.n {
                let following = st[(k + 1) % MT19937.n]
                let y = (st[k] & 0x8000_0000) | (following & 0x7FFF_FFFF)
                st[k] = st[(k + MT19937.m) % MT19937.n] ^ (y >> 1) ^ ((following & 1) != 0 ? MT19937.matrixA : 0)
            }
        }
        left = Int32(MT19937.n)
        next = 0
    }

    /// One tempered 32-bit word.
    package mutating func nextWord() -> UInt32 {
        left -= 1
        if left == 0 { twist() }
        var y = state[Int(next)]
        next += 1
        y ^= y >> 11
        y ^= (y << 7) & 0x9D2C_5680
        y ^= (y << 15) & 0xEFC6_0000
        y ^= y >> 18
        return y
    }
}
