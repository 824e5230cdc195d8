/// Little-endian bytes appended to a buffer.
struct ByteWriter {
    var bytes: [UInt8] = []

    mutating func u8(_ v: UInt8) { bytes.append(v) }
    mutating func u16(_ v: UInt16) { withUnsafeBytes(of: v.littleEndian) { bytes.append(contentsOf: $0) } }
    mutating func u32(_ v: UInt32) { withUnsafeBytes(of: v.littleEndian) { bytes.append(contentsOf: $0) } }
    mutating func u64(_ v: UInt64) { withUnsafeBytes(of: v.littleEndian) { bytes.append(contentsOf: $0) } }
    mutating func append(_ b: [UInt8]) { bytes.append(contentsOf: b) }
    mutating func append(_ s: String) { bytes.append(contentsOf: Array(s.utf8)) }
}

/// Little-endian reads from a byte buffer, failing on a short buffer.
struct ByteReader {
    let bytes: [UInt8]
    var position: Int

    init(_ bytes: [UInt8], at position: Int = 0) {
        self.bytes = bytes
        self.position = position
    }

    mutating func take(_ n: Int) throws -> ArraySlice<UInt8> {
        guard n >= 0, position + n <= bytes.count else { throw SerializationError.runtime("unexpected end of data") }
        defer { position += n }
        return bytes[position..<(position + n)]
    }

    mutating func uint(_ size: Int) throws -> UInt64 {
        var v: UInt64 = 0
        for (k, b) in try take(size).enumerated() { v |= UInt64(b) << (8 * UInt64(k)) }
        return v
    }

    mutating func u8() throws -> UInt8 { try take(1).first! }
    mutating func u16() throws -> Int { Int(try uint(2)) }
    mutating func u32() throws -> Int { Int(try uint(4)) }
    mutating func u64() throws -> Int { Int(truncatingIfNeeded: try uint(8)) }
}
