#if canImport(Glibc)
import Glibc
#endif

/// One raw, zero-initialised allocation shared by a tensor and all its views.
///
/// The version counter is bumped by every in-place write, as PyTorch's is, so autograd
/// can tell that a saved tensor was modified.
package final class Storage {
    package let bytes: UnsafeMutableRawPointer
    package let byteCount: Int
    package var version: Int = 0

    package init(byteCount: Int) {
        self.byteCount = byteCount
        bytes = UnsafeMutableRawPointer.allocate(byteCount: max(byteCount, 1), alignment: 64)
        memset(bytes, 0, max(byteCount, 1))
    }

    /// Storage that is fully overwritten right away, so zeroing it would be wasted work.
    package init(uninitializedByteCount byteCount: Int) {
        self.byteCount = byteCount
        bytes = UnsafeMutableRawPointer.allocate(byteCount: max(byteCount, 1), alignment: 64)
    }

    deinit { bytes.deallocate() }
}
