#if canImport(Glibc)
import Glibc
#endif

/// Keeps freed tensor buffers for reuse, as PyTorch's caching allocators do.
///
/// A training step makes the same large tensors every step (activations, gradients,
/// optimizer temporaries). Freed back to the system, each comes back as fresh pages the
/// kernel must clear and fault in one by one: about 1,500 page faults per step of the
/// tutorial's network, and system time a third of user time. Kept here, a step reuses the
/// previous step's buffers and takes no page faults once it is warm.
///
/// Buffers above `smallestCached` bytes are rounded up to a size class (four per doubling,
/// so at most a quarter is wasted) and kept on a free list per class. The cache holds at most
/// `capacity` bytes; a buffer freed beyond that goes back to the system, and `release()`
/// empties it when memory runs short (before an allocation that would not fit).
package enum BufferCache {
    /// Smaller buffers come from malloc, whose own free lists already serve them well.
    package static let smallestCached = 4096
    /// Buffers this large start on a 2 MiB boundary and ask for transparent huge pages.
    static let hugePageSize = 2 << 20

    /// At most an eighth of the machine's memory, and never more than 2 GiB.
    package static let capacity: Int = {
        let pages = sysconf(Int32(_SC_PHYS_PAGES)), pageSize = sysconf(Int32(_SC_PAGESIZE))
        let physical = pages > 0 && pageSize > 0 ? pages * pageSize : 8 << 30
        return min(physical / 8, 2 << 30)
    }()

    /// Counts since start-up: buffers served from the cache, and fresh allocations of
    /// cacheable sizes (a warm training loop makes none).
    package struct Counts: Equatable {
        package var hits = 0
        package var misses = 0
        package var cachedBytes = 0
    }

    private final class State {
        var lock = pthread_mutex_t()
        var free: [Int: [UnsafeMutableRawPointer]] = [:]
        var counts = Counts()
        init() { pthread_mutex_init(&lock, nil) }
    }

    private static let state = State()

    package static var counts: Counts {
        pthread_mutex_lock(&state.lock)
        defer { pthread_mutex_unlock(&state.lock) }
        return state.counts
    }

    /// The size a request of `byteCount` bytes is served with.
    package static func sizeClass(_ byteCount: Int) -> Int {
        let top = Int.bitWidth - 1 - byteCount.leadingZeroBitCount
        let step = max(1 << max(top - 2, 0), 64)
        return (byteCount + step - 1) / step * step
    }

    /// A buffer of at least `byteCount` bytes (contents undefined).
    package static func take(_ byteCount: Int) -> UnsafeMutableRawPointer {
        guard byteCount > smallestCached else { return UnsafeMutableRawPointer.allocate(byteCount: max(byteCount, 1), alignment: 16) }
        let size = sizeClass(byteCount)
        pthread_mutex_lock(&state.lock)
        if let p = state.free[size]?.popLast() {
            state.counts.hits += 1
            state.counts.cachedBytes -= size
            pthread_mutex_unlock(&state.lock)
            return p
        }
        state.counts.misses += 1
        let cached = state.counts.cachedBytes
        pthread_mutex_unlock(&state.lock)
        if cached > 0 && memoryIsShort(for: size) { release() }
        return fresh(size)
    }

    /// Whether the system's free memory would drop below 64 MiB with `size` more bytes
    /// (checked on a miss only: a warm loop never asks).
    static func memoryIsShort(for size: Int) -> Bool {
        let pages = sysconf(Int32(_SC_AVPHYS_PAGES)), pageSize = sysconf(Int32(_SC_PAGESIZE))
        guard pages > 0, pageSize > 0 else { return false }
        return pages * pageSize < size + (64 << 20)
    }

    /// Gives back a buffer `take(byteCount)` returned.
    package static func give(_ p: UnsafeMutableRawPointer, byteCount: Int) {
        guard byteCount > smallestCached else { return p.deallocate() }
        let size = sizeClass(byteCount)
        pthread_mutex_lock(&state.lock)
        if state.counts.cachedBytes + size <= capacity {
            state.free[size, default: []].append(p)
            state.counts.cachedBytes += size
            pthread_mutex_unlock(&state.lock)
            return
        }
        pthread_mutex_unlock(&state.lock)
        p.deallocate()
    }

    /// Returns every cached buffer to the system (memory is short, or `gc.collect()`).
    package static func release() {
        pthread_mutex_lock(&state.lock)
        let all = state.free.values.flatMap { $0 }
        state.free = [:]
        state.counts.cachedBytes = 0
        pthread_mutex_unlock(&state.lock)
        for p in all { p.deallocate() }
    }

    /// Large buffers are 2 MiB aligned and marked for transparent huge pages (as numpy
    /// does): a fresh 64 MiB result otherwise spends most of an element-wise op's time
    /// in 16,384 page faults. Others start on a cache line.
    private static func fresh(_ size: Int) -> UnsafeMutableRawPointer {
        if size >= 2 * hugePageSize {
            let p = UnsafeMutableRawPointer.allocate(byteCount: size, alignment: hugePageSize)
            _ = madvise(p, size, MADV_HUGEPAGE)
            return p
        }
        return UnsafeMutableRawPointer.allocate(byteCount: size, alignment: 64)
    }
}
