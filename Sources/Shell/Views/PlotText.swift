import Autograd
import Inspection

/// `:plot`, `:hist` and `:image`: pictures where people would rather look than read — a line
/// chart of a list or 1-D tensor (a loss curve), a histogram of a tensor's values (a
/// gradient's spread), and an image in shades, drawn with characters.
enum PlotText {
    static let height = 12

    /// `:image`: each pixel as two characters of one of five shades (so the picture keeps
    /// its proportions), scaled from the darkest value to the brightest.
    static func image(_ pixels: [Double], height: Int, width: Int) -> [String] {
        let shades: [Character] = [" ", "░", "▒", "▓", "█"]
        let finite = pixels.filter(\.isFinite)
        let lo = finite.min() ?? 0, hi = finite.max() ?? 0
        return (0..<height).map { r in
            String((0..<width).flatMap { c -> [Character] in
                let v = pixels[r * width + c]
                guard v.isFinite, hi > lo else { return [shades[v.isFinite ? 0 : 4], shades[v.isFinite ? 0 : 4]] }
                let k = min(shades.count - 1, Int((v - lo) / (hi - lo) * Double(shades.count)))
                return [shades[k], shades[k]]
            })
        }
    }

    /// A line chart: one column per point (points averaged into columns when there are
    /// more points than columns), the y range labelled on the left, indices below.
    static func plot(_ values: [Double], title: String, width: Int) -> [String] {
        let finite = values.filter(\.isFinite)
        guard let lo = finite.min(), let hi = finite.max() else { return ["\(title): nothing to plot (no finite values)"] }
        let labels = [hi, (hi + lo) / 2, lo].map { ValueText.number(.double($0)) }
        let labelWidth = labels.map(\.count).max()!
        let columns = max(8, min(values.count, width - labelWidth - 3))
        // Each column's value: the mean of the points that fall into it.
        var points: [Double] = []
        for c in 0..<columns {
            let start = c * values.count / columns, end = max(start + 1, (c + 1) * values.count / columns)
            let slice = values[start..<min(end, values.count)].filter(\.isFinite)
            points.append(slice.isEmpty ? .nan : slice.reduce(0, +) / Double(slice.count))
        }
        let span = hi - lo
        guard span.isFinite else { return ["\(title): the values span more than a double can hold (\(ValueText.number(.double(lo))) to \(ValueText.number(.double(hi))))"] }
        func row(_ v: Double) -> Int {
            guard span > 0 else { return height / 2 }
            return min(height - 1, max(0, Int(((hi - v) / span * Double(height - 1)).rounded())))
        }
        var grid = [[Character]](repeating: [Character](repeating: " ", count: columns), count: height)
        var previous: Int? = nil
        for (c, v) in points.enumerated() {
            guard v.isFinite else { previous = nil; continue }
            let r = row(v)
            // Join to the previous point with a vertical stroke, so steep drops stay visible.
            if let p = previous, abs(p - r) > 1 {
                for k in (min(p, r) + 1)..<max(p, r) { grid[k][c] = "│" }
            }
            grid[r][c] = "•"
            previous = r
        }
        var out = ["\(title)  (\(values.count) point\(values.count == 1 ? "" : "s")\(values.count > columns ? ", averaged into \(columns) columns" : ""))"]
        for (r, line) in grid.enumerated() {
            let label = r == 0 ? labels[0] : r == height / 2 ? labels[1] : r == height - 1 ? labels[2] : ""
            var text = String(repeating: " ", count: labelWidth - label.count) + label + " ┤" + String(line)
            while text.hasSuffix(" ") { text.removeLast() }
            out.append(text)
        }
        out.append(String(repeating: " ", count: labelWidth) + " └" + String(repeating: "─", count: columns))
        let last = String(values.count - 1)
        out.append(String(repeating: " ", count: labelWidth + 2) + "0" + String(repeating: " ", count: max(1, columns - 1 - last.count)) + last)
        return out
    }

    /// A histogram: one bar per bin, scaled to the width, with its range and count.
    static func histogram(_ values: [Double], title: String, bins: Int, width: Int) -> [String] {
        let finite = values.filter(\.isFinite)
        guard let lo = finite.min(), let hi = finite.max() else { return ["\(title): nothing to draw (no finite values)"] }
        guard (hi - lo).isFinite else { return ["\(title): the values span more than a double can hold (\(ValueText.number(.double(lo))) to \(ValueText.number(.double(hi))))"] }
        let n = hi == lo ? 1 : max(1, bins)
        var counts = [Int](repeating: 0, count: n)
        for v in finite {
            let k = hi == lo ? 0 : min(n - 1, max(0, Int((v - lo) / (hi - lo) * Double(n))))
            counts[k] += 1
        }
        let edges = (0...n).map { lo + (hi - lo) * Double($0) / Double(n) }.map { ValueText.number(.double($0)) }
        let rangeWidth = (0..<n).map { "[\(edges[$0]), \(edges[$0 + 1]))".count }.max()!
        let countWidth = String(counts.max()!).count
        let barRoom = max(5, width - rangeWidth - countWidth - 3)
        let top = max(1, counts.max()!)
        var out = ["\(title)  (\(finite.count) value\(finite.count == 1 ? "" : "s"), \(n) bin\(n == 1 ? "" : "s")\(finite.count < values.count ? ", \(values.count - finite.count) not finite" : ""))"]
        for k in 0..<n {
            let range = "[\(edges[k]), \(edges[k + 1])\(k == n - 1 ? "]" : ")")"
            let bar = String(repeating: "█", count: counts[k] == 0 ? 0 : max(1, counts[k] * barRoom / top))
            out.append(range.padding(toLength: rangeWidth, withPad: " ", startingAt: 0) + " " + String(repeating: " ", count: countWidth - String(counts[k]).count) + "\(counts[k]) " + bar)
        }
        return out
    }
}
