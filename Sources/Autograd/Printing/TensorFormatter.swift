/// The text of `repr(t)` / `str(t)` for a tensor, exactly as PyTorch 2.15 prints it with
/// the default print options (../shared/spec/printing.md).
package struct PrintOptions: Sendable {
    package var precision = 4
    package var threshold = 1000
    package var edgeItems = 3
    package var lineWidth = 80
    /// torch.set_printoptions(sci_mode=): true or false forces the notation; nil decides
    /// from the values.
    package var sciMode: Bool?

    package init() {}
}

package enum TensorFormatter {
    /// Mirrors torch.Tensor.__repr__.
    package static func repr(_ tensor: Tensor, options: PrintOptions = PrintOptions()) -> String {
        var suffixes: [String] = []
        let a = tensor.data
        if a.count == 0 && a.rank != 1 {
            suffixes.append("size=(" + a.shape.map(String.init).joined(separator: ", ") + ")")
        }
        let implicit: Set<DType> = a.count == 0 ? [.float32] : [.float32, .int64, .bool]
        if !implicit.contains(a.dtype) { suffixes.append("dtype=torch.\(a.dtype.name)") }
        if let node = tensor.gradFn {
            suffixes.append("grad_fn=<\(node.className)>")
        } else if tensor.requiresGrad {
            suffixes.append("requires_grad=True")
        }
        let text = format(a, suffixes: suffixes, options: options)
        return tensor.isParameter ? "Parameter containing:\n" + text : text
    }

    /// `tensor(<body>, <suffixes>)` with PyTorch's suffix wrapping.
    package static func format(_ a: NDArray, suffixes: [String], options: PrintOptions = PrintOptions()) -> String {
        let prefix = "tensor("
        let indent = prefix.count
        var text = prefix + body(a, indent: indent, options: options)
        let lastLine = text.split(separator: "\n", omittingEmptySubsequences: false).last ?? ""
        var column = lastLine.count + 2
        for s in suffixes {
            if column + s.count + 2 > options.lineWidth {
                text += ",\n" + String(repeating: " ", count: indent) + s
                column = indent + s.count
            } else {
                text += ", " + s
                column += s.count + 2
            }
        }
        return text + ")"
    }

    /// The bracketed values, laid out at `indent` columns.
    static func body(_ a: NDArray, indent: Int, options: PrintOptions) -> String {
        if a.count == 0 { return "[]" }
        let summarize = a.count > options.threshold
        let formatter = ElementFormatter(visibleValues(a, summarize: summarize, options: options), dtype: a.dtype,
                                         precision: options.precision, sciMode: options.sciMode)
        return layout(a, indent: indent, summarize: summarize, formatter: formatter, options: options)
    }

    /// The indices of a dimension that are printed: all, or the edge items around `...`.
    static func shownIndices(_ size: Int, summarize: Bool, options: PrintOptions) -> (head: Range<Int>, tail: Range<Int>?) {
        if summarize && size > 2 * options.edgeItems {
            // _tensor_str slices self[:edgeitems] and self[-edgeitems:], with Python's
            // clamping (a negative edgeitems from set_printoptions included).
            func clamp(_ i: Int) -> Int { min(max(i < 0 ? size + i : i, 0), size) }
            let e = options.edgeItems
            return (0..<clamp(e), clamp(-e)..<size)
        }
        return (0..<size, nil)
    }

    static func visibleValues(_ a: NDArray, summarize: Bool, options: PrintOptions) -> [Scalar] {
        guard summarize else { return a.scalars }
        var result: [Scalar] = []
        func walk(_ v: NDArray) {
            if v.rank == 0 {
                result.append(v.scalar(at: []))
                return
            }
            let (head, tail) = shownIndices(v.shape[0], summarize: true, options: options)
            for i in Array(head) + Array(tail ?? 0..<0) {
                walk(v.view(shape: Array(v.shape.dropFirst()), strides: Array(v.strides.dropFirst()),
                            offset: v.offset + i * v.strides[0]))
            }
        }
        walk(a)
        return result
    }

    static func layout(_ a: NDArray, indent: Int, summarize: Bool, formatter: ElementFormatter,
                       options: PrintOptions) -> String {
        if a.rank == 0 { return formatter.format(a.scalar(at: [])) }
        let (head, tail) = shownIndices(a.shape[0], summarize: summarize, options: options)
        func sub(_ i: Int) -> NDArray {
            a.view(shape: Array(a.shape.dropFirst()), strides: Array(a.strides.dropFirst()), offset: a.offset + i * a.strides[0])
        }
        if a.rank == 1 {
            var items = head.map { formatter.format(a.scalar(at: [$0])) }
            if let tail { items.append(" ..."); items += tail.map { formatter.format(a.scalar(at: [$0])) } }
            // A linewidth near -2**63 (set_printoptions takes any int) must not overflow.
            let (room, overflow) = options.lineWidth.subtractingReportingOverflow(indent)
            let perLine = overflow ? 1 : max(1, room / (formatter.width + 2))
            var lines: [String] = []
            var start = 0
            while start < items.count {
                lines.append(items[start..<min(items.count, start + perLine)].joined(separator: ", "))
                start += perLine
            }
            return "[" + lines.joined(separator: ",\n" + String(repeating: " ", count: indent + 1)) + "]"
        }
        var blocks = head.map { layout(sub($0), indent: indent + 1, summarize: summarize, formatter: formatter, options: options) }
        if let tail {
            blocks.append("...")
            blocks += tail.map { layout(sub($0), indent: indent + 1, summarize: summarize, formatter: formatter, options: options) }
        }
        let separator = "," + String(repeating: "\n", count: a.rank - 1) + String(repeating: " ", count: indent + 1)
        return "[" + blocks.joined(separator: separator) + "]"
    }
}

/// Decides, over the values that will be shown, how every element of a tensor prints:
/// integer mode, scientific mode, and one common width.
struct ElementFormatter {
    enum Mode { case integer, scientific, fixed, exact }

    private(set) var mode: Mode
    let width: Int
    let precision: Int

    init(_ values: [Scalar], dtype: DType, precision: Int, sciMode: Bool? = nil) {
        self.precision = precision
        guard dtype.isFloatingPoint else {
            mode = .exact
            width = values.map { ElementFormatter.exactText($0).count }.max() ?? 1
            return
        }
        let nonZeroFinite = values.map(\.doubleValue).filter { $0.isFinite && $0 != 0 }
        guard !nonZeroFinite.isEmpty else {
            mode = .integer
            width = 1
            return
        }
        let magnitudes = nonZeroFinite.map(\.magnitude)
        let maxValue = magnitudes.max()!, minValue = magnitudes.min()!
        let integral = nonZeroFinite.allSatisfy { $0 == $0.rounded(.up) }
        if maxValue / minValue > 1000 || maxValue > 1e8 || minValue < 1e-4 {
            mode = .scientific
        } else {
            mode = integral ? .integer : .fixed
        }
        // A forced sci_mode picks the notation, and the width follows it.
        if let sciMode {
            mode = sciMode ? .scientific : (integral ? .integer : .fixed)
        }
        var w = 0
        for v in nonZeroFinite {
            let text = ElementFormatter.text(v, mode: mode, precision: precision)
            w = max(w, text.count)
        }
        width = w
    }

    static func exactText(_ s: Scalar) -> String {
        switch s {
        case .bool(let b): b ? "True" : "False"
        case .int(let i): String(i)
        case .double(let d): String(d)
        }
    }

    static func text(_ v: Double, mode: Mode, precision: Int) -> String {
        if v.isNaN { return "nan" }
        if v.isInfinite { return v < 0 ? "-inf" : "inf" }
        switch mode {
        case .scientific: return cFormat("%.\(precision)e", v)
        case .integer: return cFormat("%.0f", v) + "."
        case .fixed: return cFormat("%.\(precision)f", v)
        case .exact: return String(v)
        }
    }

    func format(_ s: Scalar) -> String {
        let t: String
        if mode == .exact {
            t = ElementFormatter.exactText(s)
        } else {
            t = ElementFormatter.text(s.doubleValue, mode: mode, precision: precision)
        }
        return t.count >= width ? t : String(repeating: " ", count: width - t.count) + t
    }
}
