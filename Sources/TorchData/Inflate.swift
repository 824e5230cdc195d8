/// DEFLATE decompression (RFC 1951) inside a zlib stream (RFC 1950), as PNG image data is
/// stored: stored, fixed-Huffman and dynamic-Huffman blocks. Every malformed stream is an
/// error naming what is wrong, never a trap, and the output is capped so a hostile stream
/// cannot expand without bound.
package enum Inflate {
    package struct Failure: Error, CustomStringConvertible {
        package let description: String
        init(_ d: String) { description = d }
    }

    /// The payload of a zlib stream (2-byte header, deflate data, Adler-32 checked).
    package static func zlib(_ bytes: [UInt8], limit: Int) throws -> [UInt8] {
        guard bytes.count >= 6 else { throw Failure("zlib stream too short") }
        let cmf = bytes[0], flg = bytes[1]
        guard cmf & 0x0F == 8, (UInt16(cmf) << 8 | UInt16(flg)) % 31 == 0 else { throw Failure("not a zlib stream") }
        guard flg & 0x20 == 0 else { throw Failure("zlib preset dictionaries are not supported") }
        var reader = BitReader(bytes, start: 2)
        let out = try inflate(&reader, limit: limit)
        reader.alignToByte()
        let k = reader.byteOffset
        if k + 4 <= bytes.count {
            let expected = UInt32(bytes[k]) << 24 | UInt32(bytes[k + 1]) << 16 | UInt32(bytes[k + 2]) << 8 | UInt32(bytes[k + 3])
            guard adler32(out) == expected else { throw Failure("zlib checksum mismatch (corrupt data)") }
        }
        return out
    }

    static func adler32(_ data: [UInt8]) -> UInt32 {
        var a: UInt32 = 1, b: UInt32 = 0
        var i = 0
        while i < data.count {
            let end = min(i + 5552, data.count)
            while i < end {
                a &+= UInt32(data[i])
                b &+= a
                i += 1
            }
            a %= 65521
            b %= 65521
        }
        return b << 16 | a
    }

    struct BitReader {
        let bytes: [UInt8]
        var position: Int  // in bits
        init(_ bytes: [UInt8], start: Int) {
            self.bytes = bytes
            position = start * 8
        }
        var byteOffset: Int { position / 8 }

        mutating func bits(_ n: Int) throws -> Int {
            var value = 0
            for k in 0..<n {
                let byte = position >> 3
                guard byte < bytes.count else { throw Failure("deflate data ends early") }
                value |= Int(bytes[byte] >> UInt8(position & 7) & 1) << k
                position += 1
            }
            return value
        }

        mutating func alignToByte() { position = (position + 7) & ~7 }
    }

    /// A canonical Huffman code: symbols by code length, counts per length.
    struct Huffman {
        var counts = [Int](repeating: 0, count: 16)
        var symbols: [Int] = []

        init(lengths: [Int]) throws {
            for l in lengths { counts[l] += 1 }
            counts[0] = 0
            var left = 1
            for len in 1..<16 {
                left <<= 1
                left -= counts[len]
                guard left >= 0 else { throw Failure("over-subscribed Huffman code") }
            }
            var offsets = [Int](repeating: 0, count: 16)
            for len in 1..<15 { offsets[len + 1] = offsets[len] + counts[len] }
            symbols = [Int](repeating: 0, count: lengths.count)
            for (symbol, l) in lengths.enumerated() where l != 0 {
                symbols[offsets[l]] = symbol
                offsets[l] += 1
            }
        }

        func decode(_ r: inout BitReader) throws -> Int {
            var code = 0, first = 0, index = 0
            for len in 1..<16 {
                code |= try r.bits(1)
                let count = counts[len]
                if code - count < first { return symbols[index + (code - first)] }
                index += count
                first += count
                first <<= 1
                code <<= 1
            }
            throw Failure("invalid Huffman code")
        }
    }

    static let lengthBase = [3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258]
    static let lengthExtra = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0]
    static let distanceBase = [1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073,
                               4097, 6145, 8193, 12289, 16385, 24577]
    static let distanceExtra = [0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13]

    static func inflate(_ r: inout BitReader, limit: Int) throws -> [UInt8] {
        var out: [UInt8] = []
        var last = false
        repeat {
            last = try r.bits(1) == 1
            switch try r.bits(2) {
            case 0:
                r.alignToByte()
                let k = r.byteOffset
                guard k + 4 <= r.bytes.count else { throw Failure("deflate data ends early") }
                let len = Int(r.bytes[k]) | Int(r.bytes[k + 1]) << 8, nlen = Int(r.bytes[k + 2]) | Int(r.bytes[k + 3]) << 8
                guard len == ~nlen & 0xFFFF else { throw Failure("stored block length check failed") }
                guard k + 4 + len <= r.bytes.count else { throw Failure("deflate data ends early") }
                guard out.count + len <= limit else { throw Failure("data larger than the image it belongs to") }
                out += r.bytes[(k + 4)..<(k + 4 + len)]
                r.position = (k + 4 + len) * 8
            case 1:
                try codes(&r, &out, fixedLiterals, fixedDistances, limit: limit)
            case 2:
                let (literals, distances) = try dynamicTables(&r)
                try codes(&r, &out, literals, distances, limit: limit)
            default:
                throw Failure("invalid deflate block type")
            }
        } while !last
        return out
    }

    static let fixedLiterals = try! Huffman(lengths: (0..<288).map { $0 < 144 ? 8 : ($0 < 256 ? 9 : ($0 < 280 ? 7 : 8)) })
    static let fixedDistances = try! Huffman(lengths: [Int](repeating: 5, count: 30))

    static func dynamicTables(_ r: inout BitReader) throws -> (Huffman, Huffman) {
        let nlen = try r.bits(5) + 257, ndist = try r.bits(5) + 1, ncode = try r.bits(4) + 4
        guard nlen <= 286, ndist <= 30 else { throw Failure("bad dynamic block counts") }
        let order = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15]
        var codeLengths = [Int](repeating: 0, count: 19)
        for k in 0..<ncode { codeLengths[order[k]] = try r.bits(3) }
        let codeCode = try Huffman(lengths: codeLengths)
        var lengths: [Int] = []
        while lengths.count < nlen + ndist {
            let symbol = try codeCode.decode(&r)
            switch symbol {
            case 0..<16: lengths.append(symbol)
            case 16:
                guard let previous = lengths.last else { throw Failure("repeat with no previous length") }
                lengths += [Int](repeating: previous, count: 3 + (try r.bits(2)))
            case 17: lengths += [Int](repeating: 0, count: 3 + (try r.bits(3)))
            default: lengths += [Int](repeating: 0, count: 11 + (try r.bits(7)))
            }
        }
        guard lengths.count == nlen + ndist else { throw Failure("too many code lengths") }
        guard lengths[256] != 0 else { throw Failure("no end-of-block code") }
        return (try Huffman(lengths: Array(lengths[..<nlen])), try Huffman(lengths: Array(lengths[nlen...])))
    }

    static func codes(_ r: inout BitReader, _ out: inout [UInt8], _ literals: Huffman, _ distances: Huffman, limit: Int) throws {
        while true {
            let symbol = try literals.decode(&r)
            if symbol < 256 {
                guard out.count < limit else { throw Failure("data larger than the image it belongs to") }
                out.append(UInt8(symbol))
            } else if symbol == 256 {
                return
            } else {
                let k = symbol - 257
                guard k < 29 else { throw Failure("invalid length code") }
                let length = lengthBase[k] + (try r.bits(lengthExtra[k]))
                let d = try distances.decode(&r)
                guard d < 30 else { throw Failure("invalid distance code") }
                let distance = distanceBase[d] + (try r.bits(distanceExtra[d]))
                guard distance <= out.count else { throw Failure("distance too far back") }
                guard out.count + length <= limit else { throw Failure("data larger than the image it belongs to") }
                let start = out.count - distance
                for j in 0..<length { out.append(out[start + j]) }
            }
        }
    }
}
