/// How inputs change between runs: byte-level edits for binary files, and for programs
/// edits a person (or a typo) would make — lines dropped, repeated or swapped, numbers
/// made extreme, names and punctuation changed — plus splices from other programs.
enum Mutation {
    static let interestingIntegers: [UInt64] = [0, 1, 0x7F, 0x80, 0xFF, 0x7FFF_FFFF, 0xFFFF_FFFF, 0x8000_0000_0000_0000,
                                                 0x7FFF_FFFF_FFFF_FFFF, 0xFFFF_FFFF_FFFF_FFFF, 1 << 32, 1 << 40]

    static func bytes(_ input: [UInt8], _ random: inout SplitMix, _ other: [UInt8]) -> [UInt8] {
        var b = input
        if b.isEmpty { return [UInt8(truncatingIfNeeded: random.next())] }
        switch random.below(8) {
        case 0: b[random.below(b.count)] ^= UInt8(1) << UInt8(random.below(8))
        case 1: b[random.below(b.count)] = UInt8(truncatingIfNeeded: random.next())
        case 2:
            // An interesting number written over 1, 2, 4 or 8 bytes, either byte order.
            let width = [1, 2, 4, 8][random.below(4)]
            guard b.count >= width else { break }
            var value = random.pick(interestingIntegers)
            if random.chance(2) { value = value.byteSwapped >> UInt64(64 - 8 * width) }
            let at = random.below(b.count - width + 1)
            for k in 0..<width { b[at + k] = UInt8(truncatingIfNeeded: value >> UInt64(8 * k)) }
        case 3:
            let at = random.below(b.count), n = min(b.count - at, 1 + random.below(64))
            b.removeSubrange(at..<(at + n))
        case 4:
            let at = random.below(b.count), n = min(b.count - at, 1 + random.below(64))
            b.insert(contentsOf: b[at..<(at + n)], at: random.below(b.count))
        case 5:
            b.removeLast(random.below(b.count))
        case 6 where !other.isEmpty:
            let at = random.below(other.count), n = min(other.count - at, 1 + random.below(256))
            let to = random.below(b.count)
            b.replaceSubrange(to..<min(b.count, to + n), with: other[at..<(at + n)])
        default:
            b.insert(UInt8(truncatingIfNeeded: random.next()), at: random.below(b.count + 1))
        }
        return b
    }

    static let numbers = ["0", "-1", "1", "2**63", "2**63-1", "-2**63", "10**10", "10**100", "1e308", "-0.0", "float('nan')",
                          "float('inf')", "None", "()", "[]", "True", "0.5", "-3", "2**31", "1000000", "''", "'x'"]
    static let fragments = ["(", ")", "[", "]", "{", "}", ",", ":", ".", "*", "**", "-", "~", "not ", " and ", " or ", "=",
                            "==", "+", "/", "//", "%", "@", "lambda", "\n", "    ", "\t", "'", "\"", "\\", "#", ";", " if ",
                            " else ", "for ", " in ", "return ", "yield ", "del ", "global ", "nonlocal ", "import ", "f'{",
                            "}'", ".T", ".grad", ".backward()", "requires_grad=True", "dim=", "keepdim=True", "dtype=torch.int64",
                            "torch.", "x", "self", "__init__", "super()", "[0]", "[:, None]", "[..., ::-1]", ".view(-1)",
                            ".sum()", "torch.save(x, 'f.pth')", "torch.load('f.pth')", "print(", "range(", "len("]

    static func program(_ input: [UInt8], _ random: inout SplitMix, _ other: [UInt8]) -> [UInt8] {
        var lines = input.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).map(Array.init)
        switch random.below(10) {
        case 0 where lines.count > 1: lines.remove(at: random.below(lines.count))
        case 1: let k = random.below(lines.count); lines.insert(lines[k], at: random.below(lines.count + 1))
        case 2 where lines.count > 1: lines.swapAt(random.below(lines.count), random.below(lines.count))
        case 3:
            let others = other.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).map(Array.init)
            let n = 1 + random.below(6), from = random.below(others.count)
            lines.insert(contentsOf: others[from..<min(others.count, from + n)], at: random.below(lines.count + 1))
        case 4, 5:
            // A number (a run of digits) becomes an extreme one.
            let k = random.below(lines.count)
            if let start = lines[k].firstIndex(where: { (48...57).contains($0) }) {
                let end = lines[k][start...].firstIndex(where: { !(48...57).contains($0) && $0 != UInt8(ascii: ".") }) ?? lines[k].endIndex
                lines[k].replaceSubrange(start..<end, with: Array(random.pick(numbers).utf8))
            }
        case 6, 7:
            let k = random.below(lines.count)
            lines[k].insert(contentsOf: Array(random.pick(fragments).utf8), at: random.below(lines[k].count + 1))
        case 8:
            let k = random.below(lines.count)
            if !lines[k].isEmpty { lines[k].remove(at: random.below(lines[k].count)) }
        default:
            return bytes(input, &random, other)
        }
        return Array(lines.joined(separator: [UInt8(ascii: "\n")]))
    }
}
