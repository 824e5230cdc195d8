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
        bytes = BufferCache.take(byteCount)
        tsh_live_add(Int32(TSH_LIVE_STORAGES.rawValue), 1)
        tsh_live_add(Int32(TSH_LIVE_STORAGE_BYTES.rawValue), byteCount)
    }

    deinit {
        BufferCache.give(bytes, byteCount: byteCount)
        tsh_live_add(Int32(TSH_LIVE_STORAGES.rawValue), -1)
        tsh_live_add(Int32(TSH_LIVE_STORAGE_BYTES.rawValue), -byteCount)
    }
}
