/// Writes an uncompressed zip archive exactly as PyTorch's writer does (serialization.md
/// 1.2): records stored, data 64-byte aligned through an `FB` extra field, sizes and CRCs
/// in data descriptors and the central directory, and the zip64 end records.
struct ZipWriter {
    private var out = ByteWriter()
    private var entries: [(name: [UInt8], flags: UInt16, crc: UInt32, size: Int, offset: Int)] = []

    mutating func add(_ name: String, _ data: UnsafeRawBufferPointer) {
        let nameBytes = Array(name.utf8)
        let offset = out.bytes.count
        let flags: UInt16 = data.isEmpty ? 0x0800 : 0x0808
        let unpadded = offset + 30 + nameBytes.count + 4
        let padding = (64 - unpadded % 64) % 64
        out.u32(0x0403_4B50)
        out.u16(0)
        out.u16(flags)
        out.u16(0)
        out.u16(0)
        out.u16(0)
        out.u32(0)
        out.u32(0)
        out.u32(0)
        out.u16(UInt16(nameBytes.count))
        out.u16(UInt16(4 + padding))
        out.append(nameBytes)
        out.append("FB")
        out.u16(UInt16(padding))
        out.append([UInt8](repeating: UInt8(ascii: "Z"), count: padding))
        out.bytes.append(contentsOf: data)
        let crc = CRC32.checksum(data)
        if !data.isEmpty {
            out.u32(0x0807_4B50)
            out.u32(crc)
            out.u32(UInt32(data.count))
            out.u32(UInt32(data.count))
        }
        entries.append((nameBytes, flags, crc, data.count, offset))
    }

    /// The CRCs of the non-empty records so far, in order.
    var checksums: [UInt32] { entries.filter { $0.size > 0 }.map(\.crc) }

    mutating func add(_ name: String, _ bytes: [UInt8]) { bytes.withUnsafeBytes { add(name, $0) } }

    /// The central directory and end records; the archive's bytes.
    mutating func finish() -> [UInt8] {
        let directoryOffset = out.bytes.count
        for e in entries {
            out.u32(0x0201_4B50)
            out.u16(0)
            out.u16(0)
            out.u16(e.flags)
            out.u16(0)
            out.u16(0)
            out.u16(0)
            out.u32(e.crc)
            out.u32(UInt32(e.size))
            out.u32(UInt32(e.size))
            out.u16(UInt16(e.name.count))
            out.u16(0)
            out.u16(0)
            out.u16(0)
            out.u16(0)
            out.u32(0)
            out.u32(UInt32(e.offset))
            out.append(e.name)
        }
        let directorySize = out.bytes.count - directoryOffset
        let zip64Offset = out.bytes.count
        out.u32(0x0606_4B50)
        out.u64(44)
        out.u16(0x031E)
        out.u16(45)
        out.u32(0)
        out.u32(0)
        out.u64(UInt64(entries.count))
        out.u64(UInt64(entries.count))
        out.u64(UInt64(directorySize))
        out.u64(UInt64(directoryOffset))
        out.u32(0x0706_4B50)
        out.u32(0)
        out.u64(UInt64(zip64Offset))
        out.u32(1)
        out.u32(0x0605_4B50)
        out.u16(0)
        out.u16(0)
        out.u16(UInt16(entries.count))
        out.u16(UInt16(entries.count))
        out.u32(UInt32(directorySize))
        out.u32(UInt32(directoryOffset))
        out.u16(0)
        return out.bytes
    }
}
