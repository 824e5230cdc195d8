/// Reads the records of a zip archive through its central directory (stored records;
/// the sizes in PyTorch's local headers are zeros, so they are never trusted).
struct ZipReader {
    let bytes: [UInt8]
    /// Record name → (data offset, size, method).
    private(set) var records: [(name: String, offset: Int, size: Int, method: Int)] = []

    init(_ bytes: [UInt8]) throws {
        self.bytes = bytes
        let notZip = SerializationError.runtime(
            "PytorchStreamReader failed reading zip archive: failed finding central directory")
        guard bytes.count >= 22 else { throw notZip }
        var end = bytes.count - 22
        while end >= 0 && !(bytes[end] == 0x50 && bytes[end + 1] == 0x4B && bytes[end + 2] == 5 && bytes[end + 3] == 6) {
            end -= 1
        }
        guard end >= 0 else { throw notZip }
        var tail = ByteReader(bytes, at: end + 10)
        let count = try tail.u16()
        _ = try tail.u32()
        var directory = ByteReader(bytes, at: try tail.u32())
        for _ in 0..<count {
            guard try directory.u32() == 0x0201_4B50 else { throw notZip }
            _ = try directory.take(6)
            let method = try directory.u16()
            _ = try directory.take(8)
            let size = try directory.u32()
            _ = try directory.u32()
            let nameLength = try directory.u16(), extraLength = try directory.u16(), commentLength = try directory.u16()
            _ = try directory.take(8)
            let headerOffset = try directory.u32()
            let name = String(decoding: try directory.take(nameLength), as: UTF8.self)
            _ = try directory.take(extraLength + commentLength)
            var local = ByteReader(bytes, at: headerOffset + 26)
            let dataOffset = headerOffset + 30 + (try local.u16()) + (try local.u16())
            guard dataOffset + size <= bytes.count else {
                throw SerializationError.runtime("PytorchStreamReader failed reading file \(name): file read failed")
            }
            records.append((name, dataOffset, size, method))
        }
    }

    func record(_ name: String) throws -> ArraySlice<UInt8>? {
        guard let r = records.first(where: { $0.name == name }) else { return nil }
        guard r.method == 0 else {
            throw SerializationError.runtime("tsh reads stored (uncompressed) zip records only; \(name) is compressed")
        }
        return bytes[r.offset..<(r.offset + r.size)]
    }
}
