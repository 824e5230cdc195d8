import Autograd
import TensorCore

/// Tensors written short enough to stand inside a line of a view: a number for one
/// element, a bracketed list for a few, the shape for more.
package enum ValueText {
    /// Elements shown inline at most.
    package static let inlineLimit = 8

    package static func of(_ array: NDArray, limit: Int = inlineLimit) -> String {
        if array.count == 1 { return number(array.scalars[0]) }
        guard array.count <= limit, array.rank <= 2 else { return elided(array.shape) }
        let values = array.scalars.map(number)
        if array.rank == 1 { return "[" + values.joined(separator: ", ") + "]" }
        let columns = array.shape[1]
        let rows = stride(from: 0, to: values.count, by: max(columns, 1)).map {
            "[" + values[$0..<min($0 + columns, values.count)].joined(separator: ", ") + "]"
        }
        return "[" + rows.joined(separator: ", ") + "]"
    }

    /// Whether the array is written as values (not only as its shape).
    package static func isInline(_ array: NDArray, limit: Int = inlineLimit) -> Bool {
        array.count == 1 || (array.count <= limit && array.rank <= 2)
    }

    /// A tensor too large to write out: `<10 values>`, `<512×784 values>`.
    package static func elided(_ shape: [Int]) -> String {
        "<" + shape.map(String.init).joined(separator: "×") + " values>"
    }

    /// `[5, 3]`, or `[]` for a 0-d tensor.
    package static func shape(_ shape: [Int]) -> String { "[" + shape.map(String.init).joined(separator: ", ") + "]" }

    /// A number at four decimals, trailing zeros dropped (`3.0`, `0.3333`, `1.25e-06`).
    package static func number(_ s: Scalar) -> String {
        switch s {
        case .bool(let b): return b ? "True" : "False"
        case .int(let i): return String(i)
        default: break
        }
        let v = s.doubleValue
        if v.isNaN { return "nan" }
        if v.isInfinite { return v < 0 ? "-inf" : "inf" }
        if v == 0 { return v.sign == .minus ? "-0.0" : "0.0" }
        let magnitude = abs(v)
        if magnitude >= 1e-4 && magnitude < 1e6 {
            var text = cFormat("%.4f", v)
            while text.hasSuffix("0") { text.removeLast() }
            if text.hasSuffix(".") { text += "0" }
            return text
        }
        return cFormat("%.3e", v)
    }

    /// Summary of a tensor for tables: norm, min and max.
    package static func stats(_ array: NDArray) -> (norm: Double, min: Double, max: Double) {
        var lo = Double.infinity, hi = -Double.infinity, sum = 0.0
        for s in array.scalars {
            let v = s.doubleValue
            lo = Swift.min(lo, v)
            hi = Swift.max(hi, v)
            sum += v * v
        }
        return (sum.squareRoot(), lo, hi)
    }
}
