import Autograd
import Foundation

/// numpy 2.x's printing of arrays (numpy/_core/arrayprint.py with its default options:
/// precision 8, floatmode 'maxprec', linewidth 75, threshold 1000, edgeitems 3): one
/// formatter for all elements (floats padded to a common integer and fraction width, or
/// scientific when the magnitudes are far apart), rows wrapped at the line width.
enum NumpyFormat {
    static let precision = 8, lineWidth = 75, threshold = 1000, edgeItems = 3

    /// `str(a)`.
    static func str(_ a: NDArray) -> String {
        if a.rank == 0 { return scalarText(a) }
        return array2string(a, separator: " ", prefix: "", suffix: "")
    }

    /// `repr(a)`: `array([...], dtype=...)`, the dtype shown unless it is implied.
    static func repr(_ a: NDArray) -> String {
        let implied = [DType.float64, .int64, .bool].contains(a.dtype) && a.count > 0
        let suffix = implied ? ")" : ", dtype=\(name(a.dtype)))"
        if a.rank == 0 { return "array(" + elementFormatter(a)(0) + suffix }
        if a.count == 0 {
            // numpy names an empty array's shape unless it is one-dimensional.
            let shape = a.rank == 1 ? "" : ", shape=(" + a.shape.map(String.init).joined(separator: ", ") + ")"
            return "array([]" + shape + suffix
        }
        return "array(" + array2string(a, separator: ", ", prefix: "array(", suffix: suffix) + suffix
    }

    static func name(_ d: DType) -> String {
        switch d {
        case .float32: "float32"
        case .float64: "float64"
        case .float16: "float16"
        case .bfloat16: "bfloat16"
        case .int64: "int64"
        case .int32: "int32"
        case .int16: "int16"
        case .int8: "int8"
        case .uint8: "uint8"
        case .bool: "bool"
        }
    }

    /// A 0-d array's or numpy scalar's str: the shortest digits that round-trip.
    static func scalarText(_ a: NDArray) -> String {
        let s = a.contiguousCopy().scalars[0]
        switch a.dtype {
        case .bool: return s.boolValue ? "True" : "False"
        case .float64: return shortest(s.doubleValue, float32: false)
        case .float32, .float16, .bfloat16: return shortest(s.doubleValue, float32: true)
        default: return String(s.int64Value)
        }
    }

    /// Python's repr of a float (and numpy's of a float32, over float32's digits).
    static func shortest(_ x: Double, float32: Bool) -> String {
        if x.isNaN { return "nan" }
        if x.isInfinite { return x < 0 ? "-inf" : "inf" }
        let (digits, exponent, negative) = decimalDigits(x, float32: float32)
        // Python: positional for 1e-4 <= |x| < 1e16, else scientific.
        let e = exponent  // x = 0.d1d2... × 10^e
        var text: String
        if e > -4 && e <= 16 {
            text = positional(digits, e)
            if !text.contains(".") { text += ".0" }
        } else {
            let mantissa = digits.count > 1 ? String(digits.first!) + "." + digits.dropFirst() : String(digits)
            let exp = e - 1
            text = mantissa + "e" + (exp < 0 ? "-" : "+") + (abs(exp) < 10 ? "0" : "") + String(abs(exp))
        }
        return (negative ? "-" : "") + text
    }

    /// The shortest round-trip digits of x (no leading zeros) and its decimal exponent:
    /// x = 0.digits × 10^exponent.
    static func decimalDigits(_ x: Double, float32: Bool) -> (digits: String, exponent: Int, negative: Bool) {
        let negative = x.sign == .minus
        let text = float32 ? "\(abs(Float(x)))" : "\(abs(x))"
        if Double(text) == 0 { return ("0", 1, negative) }
        var mantissa = text, exp = 0
        if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            mantissa = String(text[..<e])
            exp = Int(text[text.index(after: e)...])!
        }
        let parts = mantissa.split(separator: ".", omittingEmptySubsequences: false)
        let intPart = String(parts[0]), fracPart = parts.count > 1 ? String(parts[1]) : ""
        var digits = intPart + fracPart
        var exponent = intPart.count + exp
        while digits.hasPrefix("0") && digits.count > 1 {
            digits.removeFirst()
            exponent -= 1
        }
        while digits.hasSuffix("0") && digits.count > 1 { digits.removeLast() }
        return (digits, exponent, negative)
    }

    /// 0.digits × 10^e written positionally, without trailing zeros after the point.
    static func positional(_ digits: String, _ e: Int) -> String {
        if e <= 0 { return "0." + String(repeating: "0", count: -e) + digits }
        if digits.count <= e { return digits + String(repeating: "0", count: e - digits.count) }
        let k = digits.index(digits.startIndex, offsetBy: e)
        return String(digits[..<k]) + "." + digits[k...]
    }

    /// numpy's dragon4_positional(x, precision=8, unique=True, trim='.'): the shortest digits,
    /// or x rounded to 8 decimals when those need more.
    static func positionalUnique(_ x: Double, float32: Bool) -> String {
        let (digits, e, negative) = decimalDigits(x, float32: float32)
        let fractionDigits = max(0, digits.count - e)
        var text: String
        if fractionDigits > precision {
            text = String(format: "%.\(precision)f", abs(x))
            while text.hasSuffix("0") { text.removeLast() }
        } else {
            text = positional(digits, e)
        }
        if !text.contains(".") { text += "." }
        if text.hasPrefix(".") { text = "0" + text }
        return (negative ? "-" : "") + text
    }

    /// numpy's dragon4_scientific(x, precision=8, unique=True, trim='.'): mantissa and exponent.
    static func scientificUnique(_ x: Double, float32: Bool) -> (mantissa: String, exponent: Int) {
        let (digits, e, negative) = decimalDigits(x, float32: float32)
        var mantissaDigits = digits, exponent = e - 1
        if digits == "0" { exponent = 0 }
        if digits.count > precision + 1 {
            // Round the exact value to 9 significant digits.
            let text = String(format: "%.\(precision)e", abs(x))
            let parts = text.split(separator: "e")
            mantissaDigits = parts[0].replacingOccurrences(of: ".", with: "")
            exponent = Int(parts[1])!
            while mantissaDigits.hasSuffix("0") && mantissaDigits.count > 1 { mantissaDigits.removeLast() }
        }
        let mantissa = String(mantissaDigits.first!) + "." + mantissaDigits.dropFirst()
        return ((negative ? "-" : "") + mantissa, exponent)
    }

    /// The formatter of every element of `a` (by flat index into a contiguous copy).
    static func elementFormatter(_ a: NDArray) -> (Int) -> String {
        let values = a.contiguousCopy().scalars
        switch a.dtype {
        case .bool:
            let padded = a.rank > 0
            return { values[$0].boolValue ? (padded ? " True" : "True") : "False" }
        case .float64, .float32, .float16, .bfloat16:
            return floatFormatter(values.map(\.doubleValue), float32: a.dtype != .float64)
        default:
            let texts = values.map { String($0.int64Value) }
            let width = texts.map(\.count).max() ?? 0
            return { String(repeating: " ", count: width - texts[$0].count) + texts[$0] }
        }
    }

    static func floatFormatter(_ data: [Double], float32: Bool) -> (Int) -> String {
        let finite = data.filter(\.isFinite)
        let nonZero = finite.filter { $0 != 0 }.map(abs)
        var expFormat = false
        if let maxValue = nonZero.max(), let minValue = nonZero.min() {
            expFormat = maxValue >= 1e8 || minValue < 0.0001 || maxValue / minValue > 1000
        }
        var padLeft = 0, padRight = 0
        var texts: [String?] = Array(repeating: nil, count: data.count)
        if expFormat {
            let parts = data.map { $0.isFinite ? scientificUnique($0, float32: float32) : nil }
            let fractions = parts.compactMap { $0 }.map { p -> Int in
                let m = p.mantissa
                return m.count - (m.firstIndex(of: ".").map { m.distance(from: m.startIndex, to: $0) } ?? m.count) - 1
            }
            let digitsAfterPoint = fractions.max() ?? 0
            let expDigits = max(2, parts.compactMap { $0 }.map { String(abs($0.exponent)).count }.max() ?? 2)
            for (k, p) in parts.enumerated() {
                guard let p else { continue }
                var m = p.mantissa
                let have = m.count - m.distance(from: m.startIndex, to: m.firstIndex(of: ".")!) - 1
                m += String(repeating: "0", count: digitsAfterPoint - have)
                let e = String(abs(p.exponent))
                texts[k] = m + "e" + (p.exponent < 0 ? "-" : "+") + String(repeating: "0", count: expDigits - e.count) + e
            }
            padLeft = texts.compactMap { $0 }.map { $0.split(separator: ".")[0].count }.max() ?? 0
            padRight = expDigits + 2 + digitsAfterPoint
            texts = texts.map { t in t.map { String(repeating: " ", count: padLeft - $0.split(separator: ".")[0].count) + $0 } }
        } else {
            for (k, x) in data.enumerated() where x.isFinite { texts[k] = positionalUnique(x, float32: float32) }
            let split = texts.compactMap { $0 }.map { t -> (Int, Int) in
                let parts = t.split(separator: ".", omittingEmptySubsequences: false)
                return (parts[0].count, parts.count > 1 ? parts[1].count : 0)
            }
            padLeft = split.map(\.0).max() ?? 0
            padRight = split.map(\.1).max() ?? 0
            texts = texts.map { t in
                t.map {
                    let parts = $0.split(separator: ".", omittingEmptySubsequences: false)
                    let frac = parts.count > 1 ? String(parts[1]) : ""
                    return String(repeating: " ", count: padLeft - parts[0].count) + parts[0] + "." + frac
                        + String(repeating: " ", count: padRight - frac.count)
                }
            }
        }
        if finite.count != data.count {
            let negativeInfinity = data.contains { $0.isInfinite && $0 < 0 }
            let offset = padRight + 1
            padLeft = max(padLeft, 3 - offset, 3 + (negativeInfinity ? 1 : 0) - offset)
            if !expFormat {
                texts = texts.map { t in t.map { String(repeating: " ", count: max(0, padLeft + padRight + 1 - $0.count)) + $0 } }
            }
        }
        let width = padLeft + padRight + 1
        return { k in
            if let t = texts[k] { return t }
            let x = data[k]
            let word = x.isNaN ? "nan" : (x < 0 ? "-inf" : "inf")
            return String(repeating: " ", count: max(0, width - word.count)) + word
        }
    }

    /// numpy's array2string for an array of rank ≥ 1.
    static func array2string(_ a: NDArray, separator: String, prefix: String, suffix: String) -> String {
        if a.count == 0 { return "[]" }
        let summarize = a.count > threshold
        let format = elementFormatter(a)
        let strides = NDArray.contiguousStrides(a.shape)
        let nextLinePrefix = " " + String(repeating: " ", count: prefix.count)
        let width = lineWidth - suffix.count

        func recurse(_ index: [Int], _ hangingIndent: String, _ currentWidth: Int) -> String {
            let axis = index.count
            let axesLeft = a.rank - axis
            if axesLeft == 0 { return format(zip(index, strides).reduce(0) { $0 + $1.0 * $1.1 }) }
            let nextHangingIndent = hangingIndent + " "
            let nextWidth = currentWidth - 1
            let n = a.shape[axis]
            let (leading, trailing) = summarize && 2 * edgeItems < n ? (edgeItems, edgeItems) : (0, n)
            var s = ""
            if axesLeft == 1 {
                let elementWidth = currentWidth - max(rstrip(separator).count, 1)
                var line = hangingIndent
                // numpy's _extendLine_pretty: wrap when the word does not fit, unless the
                // line holds nothing but its indent.
                func extend(_ word: String) {
                    if line.count + word.count > elementWidth && line.count > hangingIndent.count {
                        s += rstrip(line) + "\n"
                        line = hangingIndent
                    }
                    line += word
                }
                for i in 0..<leading {
                    extend(recurse(index + [i], nextHangingIndent, nextWidth))
                    line += separator
                }
                if leading > 0 {
                    extend("...")
                    line += separator
                }
                for i in (n - trailing)..<(n - 1) {
                    extend(recurse(index + [i], nextHangingIndent, nextWidth))
                    line += separator
                }
                extend(recurse(index + [n - 1], nextHangingIndent, nextWidth))
                s += line
            } else {
                let lineSeparator = rstrip(separator) + String(repeating: "\n", count: axesLeft - 1)
                for i in 0..<leading {
                    s += hangingIndent + recurse(index + [i], nextHangingIndent, nextWidth) + lineSeparator
                }
                if leading > 0 { s += hangingIndent + "..." + lineSeparator }
                for i in (n - trailing)..<(n - 1) {
                    s += hangingIndent + recurse(index + [i], nextHangingIndent, nextWidth) + lineSeparator
                }
                s += hangingIndent + recurse(index + [n - 1], nextHangingIndent, nextWidth)
            }
            return "[" + String(s.dropFirst(hangingIndent.count)) + "]"
        }
        return recurse([], nextLinePrefix, width)
    }

    private static func rstrip(_ s: String) -> String {
        var t = s
        while t.hasSuffix(" ") { t.removeLast() }
        return t
    }
}
