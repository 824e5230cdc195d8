#if canImport(Glibc)
import Glibc
#endif

/// printf-style formatting of one double, through the C library: correctly rounded
/// digits of the exact binary value (ties to even), as PyTorch's printing relies on.
package func cFormat(_ format: String, _ value: Double) -> String {
    withUnsafeTemporaryAllocation(of: CChar.self, capacity: 512) { buffer in
        let n = withVaList([value]) { vsnprintf(buffer.baseAddress!, 512, format, $0) }
        return String(decoding: UnsafeRawBufferPointer(start: buffer.baseAddress!, count: Int(min(n, 511))), as: UTF8.self)
    }
}
