import TensorCore
import Testing

/// The size classes of the buffer cache: four per doubling, never smaller than asked, at
/// most a quarter (plus a cache line) larger; small buffers are left to malloc.
struct BufferCacheTests {
    @Test func sizeClassesWasteAtMostAQuarter() {
        for bytes in [4097, 5000, 65536, 65537, 100_000, 1_605_632, 3 << 20, 123_456_789] {
            let size = BufferCache.sizeClass(bytes)
            #expect(size >= bytes && size <= bytes + bytes / 4 + 64, "\(bytes) → \(size)")
            #expect(BufferCache.sizeClass(size) == size)
        }
        #expect(BufferCache.capacity <= 2 << 30 && BufferCache.capacity > 0)
    }

    @Test func aBufferGivenBackIsCountedAsCached() {
        let before = BufferCache.counts
        let p = BufferCache.take(1 << 20)
        p.storeBytes(of: 42, as: Int.self)
        BufferCache.give(p, byteCount: 1 << 20)
        let after = BufferCache.counts
        #expect(after.hits + after.misses == before.hits + before.misses + 1 || after.hits + after.misses > before.hits + before.misses)
    }
}
