import Autograd
import Interpreter

/// torch.set_printoptions / get_printoptions: the interpreter's print options, which every
/// tensor's repr reads (PyTorch keeps them process-wide; tsh per session).
final class PrintOptionsBox {
    var options = PrintOptions()

    static func of(_ interp: Interpreter) -> PrintOptionsBox {
        if let box = interp.userInfo["printOptions"] as? PrintOptionsBox { return box }
        let box = PrintOptionsBox()
        interp.userInfo["printOptions"] = box
        return box
    }
}

enum PrintOptionsModule {
    static let spec = "precision=None, threshold=None, edgeitems=None, linewidth=None, profile=None, sci_mode=None"

    static func install(into torch: ModuleObject) {
        torch.attributes["set_printoptions"] = TorchRuntime.builtin("set_printoptions", spec,
            summary: "Sets how tensors print: digits after the point, when to summarize with ..., line width, scientific notation.",
            example: "torch.set_printoptions(precision=2)") { b, i in
            let box = PrintOptionsBox.of(i)
            if let profile = b["profile"], !profile.isNone {
                switch try i.str(profile) {
                case "default": box.options = PrintOptions()
                case "short": box.options.precision = 2; box.options.threshold = 1000; box.options.edgeItems = 2; box.options.lineWidth = 80
                case "full": box.options.precision = 4; box.options.threshold = Int.max; box.options.edgeItems = 3; box.options.lineWidth = 80
                case let other: throw PyError.value("profile must be one of 'default', 'short', 'full', got '\(other)'")
                }
            }
            func count(_ name: String) throws -> Int? {
                guard let v = b[name], !v.isNone else { return nil }
                guard let n = try Convert.int(v, i) else { throw PyError.type("\(name) must be an int") }
                return n
            }
            if let p = try count("precision") { box.options.precision = p }
            if let t = try count("threshold") { box.options.threshold = t }
            if let e = try count("edgeitems") { box.options.edgeItems = e }
            if let w = try count("linewidth") { box.options.lineWidth = w }
            // As PyTorch: sci_mode is set by every call (None gives the automatic choice back).
            box.options.sciMode = try b["sci_mode"].flatMap { $0.isNone ? nil : try i.truth($0) }
            return .none
        }
        torch.attributes["get_printoptions"] = TorchRuntime.builtin("get_printoptions", "",
            summary: "The current print options as a dict.", example: "torch.get_printoptions()['precision']") { _, i in
            let o = PrintOptionsBox.of(i).options
            let d = PyDict()
            try d.set(.string("precision"), .int(o.precision))
            try d.set(.string("threshold"), o.threshold == Int.max ? .float(.infinity) : .int(o.threshold))
            try d.set(.string("edgeitems"), .int(o.edgeItems))
            try d.set(.string("linewidth"), .int(o.lineWidth))
            try d.set(.string("sci_mode"), o.sciMode.map { .bool($0) } ?? .none)
            return .dict(d)
        }
    }
}
