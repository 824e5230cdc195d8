import Autograd
import Foundation

/// The IDX files MNIST and FashionMNIST come in (`train-images-idx3-ubyte`, ...): a magic
/// number naming the element type and rank, the sizes as big-endian 32-bit ints, then the
/// elements. Only unsigned bytes (type 0x08), which is what those datasets hold; a file
/// that is cut short, too long or of another type is an error naming it, never a crash.
package enum IDXFile {
    /// The file's contents as a uint8 array of its shape.
    package static func read(_ path: String) throws -> NDArray {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw TensorError.runtime("cannot read \(path)")
        }
        return try parse([UInt8](data), name: path)
    }

    /// Writes a uint8 array as an IDX file (magic 0x0000_08_rank, big-endian sizes, bytes).
    package static func write(_ a: NDArray, to path: String) throws {
        precondition(a.dtype == .uint8, "IDX files hold unsigned bytes")
        var bytes: [UInt8] = [0, 0, 0x08, UInt8(a.rank)]
        for s in a.shape { bytes += [UInt8(s >> 24 & 0xFF), UInt8(s >> 16 & 0xFF), UInt8(s >> 8 & 0xFF), UInt8(s & 0xFF)] }
        let data = a.contiguousCopy()
        bytes += UnsafeBufferPointer(start: data.baseAddress.assumingMemoryBound(to: UInt8.self), count: data.count)
        guard FileManager.default.createFile(atPath: path, contents: Data(bytes)) else {
            throw TensorError.runtime("cannot write \(path)")
        }
    }

    package static func parse(_ bytes: [UInt8], name: String) throws -> NDArray {
        guard bytes.count >= 4, bytes[0] == 0, bytes[1] == 0 else {
            throw TensorError.runtime("\(name) is not an IDX file (bad magic number)")
        }
        guard bytes[2] == 0x08 else {
            throw TensorError.runtime("\(name): IDX element type 0x\(String(bytes[2], radix: 16)) is not supported (tsh reads unsigned bytes, as MNIST has)")
        }
        let rank = Int(bytes[3])
        guard bytes.count >= 4 + 4 * rank else { throw TensorError.runtime("\(name) is cut short (its header)") }
        var shape: [Int] = []
        for d in 0..<rank {
            let k = 4 + 4 * d
            shape.append(Int(bytes[k]) << 24 | Int(bytes[k + 1]) << 16 | Int(bytes[k + 2]) << 8 | Int(bytes[k + 3]))
        }
        let count = try NDArray.checkedCount(shape)
        let start = 4 + 4 * rank
        guard bytes.count - start == count else {
            throw TensorError.runtime("\(name) holds \(bytes.count - start) bytes of data where its header says \(count)")
        }
        let out = NDArray(uninitialized: shape, dtype: .uint8)
        bytes.withUnsafeBufferPointer { buffer in
            out.baseAddress.copyMemory(from: buffer.baseAddress! + start, byteCount: count)
        }
        return out
    }
}
