import Foundation
import TensorCore

/// The safetensors format as safetensors 0.8.0 writes and checks it (../shared/spec/
/// serialization.md §7): an 8-byte little-endian header length, a compact JSON header padded
/// with spaces to a multiple of 8 (`__metadata__` first, then the tensors by dtype rank and
/// name, each with dtype code, shape and data offsets), then the tensors' bytes back to back.
package enum SafeTensorsFile {
    /// dtype codes, and the library's write order: higher rank first.
    static let codes: [(DType, String)] = [
        (.int64, "I64"), (.float64, "F64"), (.float32, "F32"), (.int32, "I32"), (.bfloat16, "BF16"),
        (.float16, "F16"), (.int16, "I16"), (.int8, "I8"), (.uint8, "U8"), (.bool, "BOOL"),
    ]

    static func code(_ d: DType) -> String { codes.first { $0.0 == d }!.1 }
    static func rank(_ d: DType) -> Int { codes.firstIndex { $0.0 == d }! }

    package static func encode(_ tensors: [(name: String, array: NDArray)], metadata: [(String, String)]?) -> [UInt8] {
        let ordered = tensors.sorted { rank($0.array.dtype) != rank($1.array.dtype) ? rank($0.array.dtype) < rank($1.array.dtype) : $0.name < $1.name }
        var entries: [String] = []
        if let metadata {
            entries.append(quoted("__metadata__") + ":{" + metadata.map { quoted($0.0) + ":" + quoted($0.1) }.joined(separator: ",") + "}")
        }
        var offset = 0
        for (name, a) in ordered {
            let size = a.count * a.dtype.itemSize
            entries.append(quoted(name) + ":{\"dtype\":\"\(code(a.dtype))\",\"shape\":[" + a.shape.map(String.init).joined(separator: ",")
                           + "],\"data_offsets\":[\(offset),\(offset + size)]}")
            offset += size
        }
        var header = Array(("{" + entries.joined(separator: ",") + "}").utf8)
        while header.count % 8 != 0 { header.append(0x20) }
        var out: [UInt8] = []
        out.reserveCapacity(8 + header.count + offset)
        let n = UInt64(header.count)
        for k in 0..<8 { out.append(UInt8(truncatingIfNeeded: n >> (8 * UInt64(k)))) }
        out += header
        for (_, a) in ordered {
            let c = a.contiguousCopy()
            out += UnsafeRawBufferPointer(start: c.baseAddress, count: c.count * c.dtype.itemSize)
        }
        return out
    }

    /// JSON string text of `s` (quotes, backslashes and control characters escaped).
    static func quoted(_ s: String) -> String {
        var out = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if u.value < 0x20 { out += String(format: "\\u%04x", u.value) } else { out.unicodeScalars.append(u) }
            }
        }
        return out + "\""
    }

    package struct Contents {
        /// The tensors in the order of their data in the file (as `load_file` gives them).
        package var tensors: [(name: String, array: NDArray)]
        package var metadata: [String: String]?
    }

    /// Reads a file's bytes with safetensors' checks; every failure is its error, never a trap.
    /// `fromFile`: the library words its errors "deserializing header" for files and
    /// "deserializing" for bytes.
    package static func decode(_ bytes: [UInt8], fromFile: Bool = true) throws -> Contents {
        let context = fromFile ? "Error while deserializing header: " : "Error while deserializing: "
        func headerError(_ what: String) -> SerializationError { SerializationError("SafetensorError", context + what) }
        guard bytes.count >= 8 else { throw headerError("header too small") }
        var n: UInt64 = 0
        for k in 0..<8 { n |= UInt64(bytes[k]) << (8 * UInt64(k)) }
        guard n <= 100_000_000 else { throw headerError("header too large") }
        guard n <= UInt64(bytes.count - 8) else { throw headerError("invalid header length") }
        let headerBytes = Array(bytes[8..<(8 + Int(n))])
        guard let text = String(bytes: headerBytes, encoding: .utf8) else { throw headerError("invalid UTF-8 in header") }
        guard !text.contains("\0"), let json = try? JSONSerialization.jsonObject(with: Data(text.utf8)), let object = json as? [String: Any] else {
            throw headerError("invalid JSON in header")
        }
        let data = bytes[(8 + Int(n))...]
        var metadata: [String: String]?
        var found: [(name: String, dtype: DType, shape: [Int], begin: Int, end: Int)] = []
        for (name, value) in object {
            if name == "__metadata__" {
                guard let m = value as? [String: Any] else { throw headerError("invalid JSON in header: __metadata__ is not an object") }
                metadata = try m.mapValues { v in
                    guard let s = v as? String else { throw headerError("invalid JSON in header: metadata values must be strings") }
                    return s
                }
                continue
            }
            guard let entry = value as? [String: Any], let codeText = entry["dtype"] as? String,
                  let shapeNumbers = entry["shape"] as? [NSNumber], let offsets = entry["data_offsets"] as? [NSNumber], offsets.count == 2 else {
                throw headerError("invalid JSON in header: tensor \(name) lacks dtype, shape or data_offsets")
            }
            guard let dtype = codes.first(where: { $0.1 == codeText })?.0 else {
                throw SerializationError("SafetensorError", "tsh cannot load dtype \(codeText) (tensor \(name))")
            }
            let shape = shapeNumbers.map(\.intValue)
            guard shape.allSatisfy({ $0 >= 0 }), offsets.allSatisfy({ $0.int64Value >= 0 }) else {
                throw headerError("invalid JSON in header: negative size or offset in \(name)")
            }
            found.append((name, dtype, shape, offsets[0].intValue, offsets[1].intValue))
        }
        // The library's validation: contiguous from 0, sizes matching, the buffer covered.
        var position = 0
        for t in found.sorted(by: { ($0.begin, $0.end) < ($1.begin, $1.end) }) {
            guard t.begin == position, t.end >= t.begin else { throw headerError("invalid offset for tensor \(t.name)") }
            guard let count = try? NDArray.checkedCount(t.shape), count.multipliedReportingOverflow(by: t.dtype.itemSize).overflow == false,
                  count * t.dtype.itemSize == t.end - t.begin else {
                throw headerError("tensor \(t.name) has a size that does not match its shape")
            }
            position = t.end
        }
        guard position == data.count else {
            throw headerError("incomplete metadata, file not fully covered")
        }
        var tensors: [(name: String, array: NDArray)] = []
        for t in found.sorted(by: { ($0.begin, $0.end, $0.name) < ($1.begin, $1.end, $1.name) }) {
            let a = NDArray(uninitialized: t.shape, dtype: t.dtype)
            data.withUnsafeBytes { raw in
                if t.end > t.begin { a.baseAddress.copyMemory(from: raw.baseAddress! + t.begin, byteCount: t.end - t.begin) }
            }
            if t.dtype == .bool {
                // Any nonzero byte is true; a Swift Bool must hold exactly 0 or 1.
                let p = a.baseAddress.assumingMemoryBound(to: UInt8.self)
                for k in 0..<a.count where p[k] > 1 { p[k] = 1 }
            }
            tensors.append((t.name, a))
        }
        return Contents(tensors: tensors, metadata: metadata)
    }
}
