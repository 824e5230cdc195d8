import Foundation
import Interpreter

/// `from tqdm import tqdm` (and `tqdm.auto`): a progress bar on stderr, drawn as tqdm draws
/// it (`desc: 40%|████      | 4/10 [00:02<00:03,  1.98it/s]`), redrawn at most ten times a
/// second and left on its line when the loop ends. A long training loop shows it is alive.
enum TqdmModule {
    static let spec = "iterable=None, desc=None, total=None, leave=True, disable=False, unit='it', file=None, ncols=None, position=None"

    static func make(name: String) -> ModuleObject {
        let module = ModuleObject(name: name)
        let signature = Signature("tqdm", spec)
        HelpRegistry.add("\(name).tqdm", name: "tqdm", spec: spec, summary: "Wraps an iterable with a progress bar on stderr, as the tqdm package does.",
                         example: "for X, y in tqdm(train_dataloader): ...")
        module.attributes["tqdm"] = .builtin(Builtin("tqdm", qualifiedName: "\(name).tqdm", parameters: signature.parameters.map(\.name)) { args, interp in
            try signature.call(args, interp) { b in
                for unsupported in ["file", "ncols", "position"] {
                    if let v = b[unsupported], !v.isNone {
                        throw PyError("NotImplementedError", "tqdm(\(unsupported)=...) is not supported by tsh yet")
                    }
                }
                let iterable = b["iterable"].flatMap { $0.isNone ? nil : $0 }
                var total = try b["total"].flatMap { v -> Int? in v.isNone ? nil : try Convert.int(v, interp) }
                if total == nil, let iterable, case .object(let o)? = Optional(iterable) { total = try o.length(interp) }
                if total == nil, let iterable {
                    switch iterable {
                    case .list(let l): total = l.items.count
                    case .tuple(let t): total = t.count
                    case .dict(let d): total = d.count
                    case .string(let s): total = s.count
                    default: break
                    }
                }
                let bar = ProgressBar(iterable: iterable, total: total,
                                      description: try b["desc"].flatMap { $0.isNone ? nil : try interp.str($0) },
                                      leave: try Convert.bool(b["leave"], interp) ?? true,
                                      disabled: try Convert.bool(b["disable"], interp) ?? false,
                                      unit: try b["unit"].map { try interp.str($0) } ?? "it")
                // tqdm draws the empty bar as it is made.
                bar.draw(interp, force: true)
                return .object(bar)
            }
        })
        return module
    }
}

extension Value {
    var isNone: Bool { if case .none = self { true } else { false } }
}

/// One tqdm bar.
final class ProgressBar: PyObject {
    let iterable: Value?
    let total: Int?
    var description: String?
    let leave: Bool
    let disabled: Bool
    let unit: String
    private var count = 0
    private let start = Date()
    private var lastDrawn: Date?
    private var closed = false
    /// The width of the last line drawn (a shorter one is padded over it).
    private var drawnWidth = 0

    init(iterable: Value?, total: Int?, description: String?, leave: Bool, disabled: Bool, unit: String) {
        self.iterable = iterable
        self.total = total
        self.description = description
        self.leave = leave
        self.disabled = disabled
        self.unit = unit
    }

    var typeName: String { "tqdm" }

    func repr(_ interp: Interpreter) throws -> String { line() }

    func makeIterator(_ interp: Interpreter) throws -> PyIterator? {
        guard let iterable else { throw PyError.type("'NoneType' object is not iterable") }
        let inner = try interp.iterate(iterable)
        // An item counts once the loop body has run on it (when the next one is asked for).
        var yielded = false
        return PyIterator { [self] in
            if yielded { advance(1, interp) }
            guard let v = try inner.next() else {
                close(interp)
                return nil
            }
            yielded = true
            return v
        }
    }

    func length(_ interp: Interpreter) throws -> Int? { total }

    func enter(_ interp: Interpreter) throws -> Value? { .object(self) }
    func exit(_ interp: Interpreter) throws { close(interp) }

    func getAttribute(_ name: String, _ interp: Interpreter) throws -> Value? {
        switch name {
        case "n": return .int(count)
        case "total": return total.map { .int($0) } ?? Value.none
        case "update":
            return .builtin(Builtin("update") { [self] args, i in
                let n = try args.positional.first.map { try Convert.int($0, i) ?? 1 } ?? 1
                advance(n, i)
                return .none
            })
        case "close":
            return .builtin(Builtin("close") { [self] _, i in
                close(i)
                return .none
            })
        case "set_description":
            return .builtin(Builtin("set_description") { [self] args, i in
                description = try args.positional.first.map { try i.str($0) }
                draw(i, force: true)
                return .none
            })
        default: return nil
        }
    }

    func attributeNames() -> [String] { ["n", "total", "update", "close", "set_description"] }

    private func advance(_ n: Int, _ interp: Interpreter) {
        count += n
        draw(interp, force: false)
    }

    private func close(_ interp: Interpreter) {
        guard !closed else { return }
        closed = true
        guard !disabled else { return }
        if leave {
            draw(interp, force: true)
            interp.writeError("\n")
        } else {
            interp.writeError("\r" + String(repeating: " ", count: drawnWidth) + "\r")
        }
    }

    /// Redraws the line at most every 0.1 s (tqdm's mininterval), and when asked.
    func draw(_ interp: Interpreter, force: Bool) {
        guard !disabled, !closed || force else { return }
        let now = Date()
        if !force, let last = lastDrawn, now.timeIntervalSince(last) < 0.1 { return }
        lastDrawn = now
        let text = line()
        let padding = max(0, drawnWidth - text.count)
        drawnWidth = text.count
        interp.writeError("\r" + text + String(repeating: " ", count: padding))
    }

    /// tqdm's default bar format.
    func line() -> String {
        let elapsed = Date().timeIntervalSince(start)
        let rate = elapsed > 0 ? Double(count) / elapsed : 0
        let rateText: String
        if count == 0 || elapsed == 0 {
            rateText = "?\(unit)/s"
        } else if rate >= 1 {
            rateText = String(format: "%5.2f", rate) + "\(unit)/s"
        } else {
            rateText = String(format: "%5.2f", 1 / rate) + "s/\(unit)"
        }
        let prefix = description.map { $0 + ": " } ?? ""
        guard let total, total > 0 else {
            return prefix + "\(count)\(unit) [\(ProgressBar.clock(elapsed)), \(rateText)]"
        }
        let fraction = min(1, Double(count) / Double(total))
        let remaining = count > 0 && rate > 0 ? ProgressBar.clock(Double(total - count) / rate) : "?"
        return prefix + String(format: "%3.0f%%", fraction * 100) + "|" + ProgressBar.bar(fraction, width: 10) + "| "
            + "\(count)/\(total) [\(ProgressBar.clock(elapsed))<\(remaining), \(rateText)]"
    }

    /// Eighths of a block, as tqdm draws with unicode.
    static func bar(_ fraction: Double, width: Int) -> String {
        let eighths = Int(fraction * Double(width * 8))
        let full = eighths / 8, partial = eighths % 8
        let blocks = ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"]
        var s = String(repeating: "█", count: full)
        if full < width { s += blocks[partial] }
        return s + String(repeating: " ", count: max(0, width - s.count))
    }

    /// 00:05, 1:02:03.
    static func clock(_ seconds: Double) -> String {
        let s = Int(seconds.rounded(.down))
        let (h, m, sec) = (s / 3600, s / 60 % 60, s % 60)
        return h > 0 ? String(format: "%d:%02d:%02d", h, m, sec) : String(format: "%02d:%02d", m, sec)
    }
}
