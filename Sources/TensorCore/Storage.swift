import CreationSite
#if canImport(Glibc)
import Glibc
#endif

/// One raw allocation shared by a tensor and all its views.
///
/// The version counter is bumped by every in-place write, as PyTorch's is, so autograd
/// can tell that a saved tensor was modified.
package final class Storage {
    package let bytes: UnsafeMutableRawPointer
    package let byteCount: Int
    package var version: Int = 0

    /// Zero-initialised storage.
    package convenience init(byteCount: Int) {
        self.init(uninitializedByteCount: byteCount)
        memset(bytes, 0, max(byteCount, 1))
    }

    /// Storage that the caller overwrites right away, so zeroing it would be wasted work.
    package init(uninitializedByteCount byteCount: Int) {
        self.byteCount = byteCount
        bytes = Storage.allocate(byteCount)
        tsh_live_add(Int32(TSH_LIVE_STORAGES.rawValue), 1)
        tsh_live_add(Int32(TSH_LIVE_STORAGE_BYTES.rawValue), byteCount)
    }

    deinit {
        bytes.deallocate()
        tsh_live_add(Int32(TSH_LIVE_STORAGES.rawValue), -1)
        tsh_live_add(Int32(TSH_LIVE_STORAGE_BYTES.rawValue), -byteCount)
    }

    private static let hugePageSize = 2 << 20

    /// Large buffers are 2 MiB aligned and marked for transparent huge pages (as numpy
    /// does): a fresh 64 MiB result otherwise spends most of an element-wise op's time
    /// in 16,384 page faults.
    private static func allocate(_ byteCount: Int) -> UnsafeMutableRawPointer {
        if byteCount >= 2 * hugePageSize {
            let p = UnsafeMutableRawPointer.allocate(byteCount: byteCount, alignment: hugePageSize)
            #if canImport(Glibc)
            _ = madvise(p, byteCount, MADV_HUGEPAGE)
            #endif
            return p
        }
        // Small buffers come from plain malloc (16-byte aligned): an aligned allocation costs
        // about six times as much, which a 100-element op pays on every result, and the
        // kernels load unaligned anyway. Larger ones start on a cache line.
        if byteCount <= 4096 { return UnsafeMutableRawPointer.allocate(byteCount: max(byteCount, 1), alignment: 16) }
        return UnsafeMutableRawPointer.allocate(byteCount: byteCount, alignment: 64)
    }
}
