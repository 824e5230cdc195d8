import BigInt
/// Python's format-specification mini-language:
/// `[[fill]align][sign][z][#][0][width][grouping][.precision][type]`.
package struct FormatSpec {
    package var fill: Character = " "
    package var align: Character?
    package var sign: Character = "-"
    package var alternate = false
    package var zeroPad = false
    package var width = 0
    package var grouping: Character?
    package var precision: Int?
    package var type: Character?

    package init(_ spec: String) throws {
        var chars = Array(spec)
        var i = 0
        func isAlign(_ c: Character) -> Bool { "<>=^".contains(c) }
        if chars.count >= 2 && isAlign(chars[1]) {
            fill = chars[0]; align = chars[1]; i = 2
        } else if !chars.isEmpty && isAlign(chars[0]) {
            align = chars[0]; i = 1
        }
        if i < chars.count && "+- ".contains(chars[i]) { sign = chars[i]; i += 1 }
        if i < chars.count && chars[i] == "z" { i += 1 }
        if i < chars.count && chars[i] == "#" { alternate = true; i += 1 }
        if i < chars.count && chars[i] == "0" {
            zeroPad = true
            i += 1
        }
        var w = ""
        while i < chars.count && chars[i].isNumber { w.append(chars[i]); i += 1 }
        width = try FormatSpec.size(w)
        if i < chars.count && (chars[i] == "," || chars[i] == "_") { grouping = chars[i]; i += 1 }
        if i < chars.count && chars[i] == "." {
            i += 1
            var p = ""
            while i < chars.count && chars[i].isNumber { p.append(chars[i]); i += 1 }
            guard !p.isEmpty else { throw PyError.value("Format specifier missing precision") }
            precision = try FormatSpec.size(p)
        }
        if i < chars.count { type = chars[i]; i += 1 }
        if i < chars.count { throw PyError.value("Invalid format specifier '\(spec)' for object of type 'float'") }
        chars = []
    }

    /// A width or precision as written: Python's ValueError past 64 bits, and MemoryError
    /// for one whose text could not be held (tsh does not start a gigabyte string).
    static func size(_ digits: String) throws -> Int {
        guard !digits.isEmpty else { return 0 }
        guard let n = Int(digits) else { throw PyError.value("Too many decimal digits in format string") }
        guard n <= sizeLimit else { throw PyError("MemoryError", "") }
        return n
    }

    static let sizeLimit = 1 << 28

    /// `%.Nf`: a double has at most 1,074 digits after the point, so past that precision
    /// every digit is 0 and C's printf need not grind through them.
    static func fixed(_ x: Double, _ precision: Int) -> String {
        guard precision > 1100 else { return PythonFloat.cFormat("%.\(precision)f", x) }
        return PythonFloat.cFormat("%.1100f", x) + String(repeating: "0", count: precision - 1100)
    }

    /// `%.Ne`, likewise: the mantissa's digits past 1,100 are all 0.
    static func scientific(_ x: Double, _ precision: Int) -> String {
        guard precision > 1100 else { return PythonFloat.cFormat("%.\(precision)e", x) }
        let text = PythonFloat.cFormat("%.1100e", x)
        guard let e = text.firstIndex(of: "e") else { return text }
        return String(text[..<e]) + String(repeating: "0", count: precision - 1100) + String(text[e...])
    }

    /// Pads `body` (with its sign split off) to the width.
    func pad(_ body: String, sign signText: String = "", numeric: Bool) -> String {
        let total = signText.count + body.count
        guard width > total else { return signText + body }
        let padding = width - total
        let effectiveAlign = align ?? (zeroPad && numeric ? "=" : (numeric ? ">" : "<"))
        let padChar = (zeroPad && align == nil) ? "0" : fill
        let padText = String(repeating: padChar, count: padding)
        switch effectiveAlign {
        case "<": return signText + body + padText
        case "^":
            let left = String(repeating: padChar, count: padding / 2)
            let right = String(repeating: padChar, count: padding - padding / 2)
            return left + signText + body + right
        case "=": return signText + padText + body
        default: return padText + signText + body
        }
    }

    static func group(_ digits: String, _ separator: Character, every: Int = 3) -> String {
        var out: [Character] = []
        for (k, c) in digits.reversed().enumerated() {
            if k > 0 && k % every == 0 { out.append(separator) }
            out.append(c)
        }
        return String(out.reversed())
    }

    func signText(negative: Bool) -> String {
        if negative { return "-" }
        return sign == "+" ? "+" : (sign == " " ? " " : "")
    }

    package func format(int value: Int) throws -> String {
        try format(integerNegative: value < 0, digits: { String(value.magnitude, radix: $0, uppercase: $1) },
                   scalar: Unicode.Scalar(UInt32(truncatingIfNeeded: value)), double: Double(value))
    }

    /// An int past 64 bits, formatted as Python formats any int (not through a float).
    package func format(bigInt value: BigInt) throws -> String {
        try format(integerNegative: value < 0, digits: { String(value.magnitude, radix: $0, uppercase: $1) },
                   scalar: nil, double: Double(value))
    }

    private func format(integerNegative negative: Bool, digits: (Int, Bool) -> String, scalar: Unicode.Scalar?,
                        double: Double) throws -> String {
        switch type {
        case nil, "d", "n":
            var text = digits(10, false)
            if let g = grouping { text = FormatSpec.group(text, g) }
            return pad(text, sign: signText(negative: negative), numeric: true)
        case "x", "X", "o", "b":
            let radix = type == "o" ? 8 : (type == "b" ? 2 : 16)
            var text = digits(radix, type == "X")
            if let g = grouping { text = FormatSpec.group(text, g, every: 4) }
            if alternate { text = "0" + String(type!) + text }
            return pad(text, sign: signText(negative: negative), numeric: true)
        case "c":
            guard let scalar, !negative else { throw PyError("OverflowError", "%c arg not in range(0x110000)") }
            return pad(String(Character(scalar)), numeric: false)
        case "e", "E", "f", "F", "g", "G", "%":
            return try format(float: double)
        default:
            throw PyError.value("Unknown format code '\(type!)' for object of type 'int'")
        }
    }

    package func format(float value: Double) throws -> String {
        let negative = value.sign == .minus && !value.isNaN
        let magnitude = abs(value)
        var body: String
        switch type {
        case "f", "F":
            body = magnitude.isFinite ? FormatSpec.fixed(magnitude, precision ?? 6) : special(magnitude)
        case "e", "E":
            body = magnitude.isFinite ? FormatSpec.scientific(magnitude, precision ?? 6) : special(magnitude)
        case "g", "G":
            body = magnitude.isFinite ? PythonFloat.cFormat("%.\(max(precision ?? 6, 1))g", magnitude) : special(magnitude)
            if alternate == false, body.contains("."), !body.contains("e") {
                // %g already strips trailing zeros.
            }
        case "%":
            body = magnitude.isFinite ? FormatSpec.fixed(magnitude * 100, precision ?? 6) + "%" : special(magnitude) + "%"
        case nil:
            if let precision {
                body = magnitude.isFinite ? PythonFloat.cFormat("%.\(max(precision, 1))g", magnitude) : special(magnitude)
                if magnitude.isFinite && !body.contains(".") && !body.contains("e") && !body.contains("inf") && !body.contains("nan") {
                    body += ".0"
                }
            } else {
                body = PythonFloat.repr(magnitude)
            }
        default:
            throw PyError.value("Unknown format code '\(type!)' for object of type 'float'")
        }
        if type == "E" || type == "G" || type == "F" { body = body.uppercased() }
        if let g = grouping, magnitude.isFinite {
            let parts = body.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
            let integer = String(parts[0].prefix { $0.isNumber })
            let rest = String(body.dropFirst(integer.count))
            body = FormatSpec.group(integer, g) + rest
        }
        return pad(body, sign: signText(negative: negative), numeric: true)
    }

    func special(_ magnitude: Double) -> String { magnitude.isNaN ? "nan" : "inf" }

    package func format(string value: String) throws -> String {
        guard type == nil || type == "s" else {
            throw PyError.value("Unknown format code '\(type!)' for object of type 'str'")
        }
        var body = value
        if let precision { body = String(body.prefix(precision)) }
        return pad(body, numeric: false)
    }
}
