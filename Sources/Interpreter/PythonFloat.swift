#if canImport(Glibc)
import Glibc
#endif

/// Python's float formatting.
package enum PythonFloat {
    /// repr(x) == str(x): the shortest digits that round-trip; positional notation for
    /// exponents -4 ..< 16, scientific otherwise (Swift switches earlier, from 2^53).
    package static func repr(_ d: Double) -> String {
        if d.isNaN { return "nan" }
        if d.isInfinite { return d < 0 ? "-inf" : "inf" }
        if d == 0 { return d.sign == .minus ? "-0.0" : "0.0" }
        let magnitude = abs(d)
        let text = d.description
        if magnitude >= 9007199254740992 && magnitude < 1e16 && text.contains("e") {
            // Swift wrote "d.ddde+15"; spell it out positionally.
            return positional(fromScientific: text)
        }
        return text
    }

    /// "9.999999e+15" -> "9999999000000000.0".
    static func positional(fromScientific text: String) -> String {
        var negative = false
        var t = Substring(text)
        if t.hasPrefix("-") { negative = true; t = t.dropFirst() }
        let parts = t.split(separator: "e")
        let mantissa = parts[0], exponent = Int(parts[1])!
        let digits = mantissa.replacingOccurrences(".", "")
        let integerDigits = exponent + 1
        var out = digits
        if digits.count < integerDigits {
            out += String(repeating: "0", count: integerDigits - digits.count)
            out += ".0"
        } else {
            let index = out.index(out.startIndex, offsetBy: integerDigits)
            let fraction = out[index...]
            out = String(out[..<index]) + "." + (fraction.isEmpty ? "0" : fraction)
        }
        return (negative ? "-" : "") + out
    }

    /// printf formatting of one double (correctly rounded, ties to even).
    package static func cFormat(_ format: String, _ value: Double) -> String {
        // Most texts fit 512 bytes; a longer one (a high precision) is formatted again
        // into a buffer of the size vsnprintf reported, never cut short.
        var capacity = 512
        while true {
            let (text, needed) = withUnsafeTemporaryAllocation(of: CChar.self, capacity: capacity) { buffer -> (String?, Int) in
                let n = Int(withVaList([value]) { vsnprintf(buffer.baseAddress!, capacity, format, $0) })
                guard n >= 0, n < capacity else { return (nil, n) }
                return (String(decoding: UnsafeRawBufferPointer(start: buffer.baseAddress!, count: n), as: UTF8.self), n)
            }
            if let text { return text }
            guard needed >= 0 else { return "" }
            capacity = needed + 1
        }
    }

    /// round(x, n): the exact binary value rounded half-to-even at n decimals (Python's
    /// algorithm: correctly rounded decimal text, read back).
    package static func round(_ x: Double, digits: Int) -> Double {
        if !x.isFinite { return x }
        if digits > 300 { return x }
        if digits >= 0 {
            return Double(cFormat("%.\(digits)f", x)) ?? x
        }
        let scale = pow(10.0, Double(-digits))
        let q = (x / scale).rounded(.toNearestOrEven)
        return q * scale
    }
}

extension Substring {
    func replacingOccurrences(_ target: Character, _ replacement: String) -> String {
        var out = ""
        for c in self { if c == target { out += replacement } else { out.append(c) } }
        return out
    }
}
