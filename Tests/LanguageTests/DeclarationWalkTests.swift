@testable import TorchBindings
import TestSupport
import Testing

/// Walks every declared op: each parameter with a default, set to something else, is either
/// honoured (the call succeeds, and Signature.call saw the implementation read it) or
/// refused (NotImplementedError naming it) or rejected as Python would (a TypeError,
/// ValueError, ...) — never silently ignored, never a crash.
struct DeclarationWalkTests {
    /// Values for the required parameters, by name (the tensor is `x`, 2×3 float64).
    static let samples: [String: String] = [
        "other": "torch.ones(2, 3, dtype=torch.float64)", "dim": "1", "dim0": "0", "dim1": "1",
        "index": "torch.tensor([[0, 1, 0], [1, 0, 1]])", "src": "torch.ones(2, 3, dtype=torch.float64)", "value": "1.0",
        "mask": "torch.ones(2, 3, dtype=torch.bool)", "exponent": "2", "mat2": "torch.ones(3, 2, dtype=torch.float64)",
        "vec": "torch.ones(3, dtype=torch.float64)", "tensor": "torch.ones(3, dtype=torch.float64)", "k": "1", "chunks": "2",
        "split_size_or_sections": "1", "start": "0", "length": "1", "size": "(2,)", "fill_value": "1", "data": "[1, 2]",
        "condition": "torch.ones(2, 3, dtype=torch.bool)", "hook": "print", "index_": "0", "min": "0.0", "max": "1.0",
    ]

    /// A value other than the default, of the kind the default suggests.
    static func changed(_ defaultText: String, name: String) -> String {
        switch defaultText {
        case "None": return samples[name] ?? (name == "dtype" ? "torch.float32" : "1")
        case "True": return "False"
        case "False": return "True"
        case "()": return "(0,)"
        default:
            if let i = Int(defaultText) { return String(i == 0 ? 1 : (i == -1 ? 0 : i + 1)) }
            if Double(defaultText) != nil { return "0.25" }
            return "'other'"
        }
    }

    @Test func everyParameterIsHonouredOrRefused() {
        var honoured = 0, refused = 0, rejected = 0, skipped: [String] = []
        var ignored: [String] = []
        let canonical = Dictionary(OpDeclarations.byName.map { ($0.value.name, $0.value) }, uniquingKeysWith: { a, _ in a })
        for (name, op) in canonical.sorted(by: { $0.key < $1.key }) where op.forms.contains(.method) {
            let parameters = op.signature.parameters.dropFirst()
            let required = parameters.filter { $0.required && !$0.variadic }
            guard required.allSatisfy({ Self.samples[$0.name] != nil }) else { skipped.append(name); continue }
            let base = required.map { "\($0.name)=\(Self.samples[$0.name]!)" }
            let receiver = "x = torch.randn(2, 3, dtype=torch.float64)\n"
            func call(_ extra: [String]) -> (output: String, error: String?) {
                let positional = required.map { Self.samples[$0.name]! }
                let keywordsFirst = op.signature.parameters.contains { $0.keywordOnly && $0.required }
                let args = (keywordsFirst ? base : positional) + extra
                return runProgram("import torch\n" + receiver + "r = x.\(name)(\(args.joined(separator: ", ")))\n")
            }
            guard call([]).error == nil else { skipped.append(name); continue }
            for p in parameters where !p.required && !p.variadic {
                let outcome = call(["\(p.name)=\(Self.changed(p.defaultText ?? "None", name: p.name))"])
                guard let error = outcome.error else { honoured += 1; continue }
                if error.hasPrefix("NotImplementedError") {
                    refused += 1
                    if !error.contains(p.name) { ignored.append("\(name)(\(p.name)): \(error)") }
                } else if error.hasPrefix("TypeError") || error.hasPrefix("ValueError") || error.hasPrefix("RuntimeError")
                            || error.hasPrefix("IndexError") || error.hasPrefix("AssertionError") {
                    rejected += 1
                } else {
                    ignored.append("\(name)(\(p.name)): \(error)")
                }
            }
        }
        #expect(ignored.isEmpty, "\(ignored)")
        // The walk is not vacuous: most ops run, and most of their parameters are exercised.
        #expect(honoured > 80 && skipped.count < 20, "honoured \(honoured), refused \(refused), rejected \(rejected), skipped \(skipped)")
    }
}
