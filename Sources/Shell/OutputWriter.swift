#if canImport(Glibc)
import Glibc
#endif

/// The one writer of program output: buffered, flushed at statement boundaries and
/// always before anything goes to stderr (so the two interleave as Python's do).
package final class OutputWriter {
    private var buffer: [UInt8] = []
    private let fd: Int32
    private let errorFD: Int32

    package init(fd: Int32 = STDOUT_FILENO, errorFD: Int32 = STDERR_FILENO) {
        self.fd = fd
        self.errorFD = errorFD
        buffer.reserveCapacity(1 << 16)
    }

    /// Output dropped while set (the player re-running a lesson's earlier cells on resume).
    package var muted = false

    package func write(_ text: String) {
        if muted { return }
        buffer.append(contentsOf: text.utf8)
        if buffer.count >= 1 << 16 { flush() }
    }

    package func flush() {
        var offset = 0
        while offset < buffer.count {
            let n = buffer[offset...].withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
            if n <= 0 { break }
            offset += n
        }
        buffer.removeAll(keepingCapacity: true)
    }

    /// Writes to the error stream after flushing the output.
    package func error(_ text: String) {
        if muted { return }
        flush()
        let bytes = Array(text.utf8)
        _ = bytes.withUnsafeBytes { Glibc.write(errorFD, $0.baseAddress, $0.count) }
    }
}
