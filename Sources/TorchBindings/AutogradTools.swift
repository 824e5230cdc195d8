import Autograd
import Interpreter
import PythonSyntax

/// torch.autograd's debugging tools as the language sees them: anomaly detection
/// (`set_detect_anomaly`, `detect_anomaly`), `torch.autograd.graph.Node`, node hooks and
/// `gradcheck`.
enum AutogradTools {
    static func install(into autograd: ModuleObject, _ interp: Interpreter) {
        autograd.attributes["set_detect_anomaly"] = .object(TypeObject("set_detect_anomaly") { a, i in
            let b = try Signature("set_detect_anomaly", "mode, check_nan=True").bind(a)
            let context = AnomalyContext(enabled: try Convert.bool(b["mode"], i) ?? false,
                                         checkNaN: try Convert.bool(b["check_nan"], i) ?? true, announce: false)
            context.previous = GradMode.anomalyDetection
            GradMode.anomalyDetection = (context.enabled, context.checkNaN)
            return .object(context)
        })
        autograd.attributes["detect_anomaly"] = .object(TypeObject("detect_anomaly") { a, i in
            let b = try Signature("detect_anomaly", "check_nan=True").bind(a)
            return .object(AnomalyContext(enabled: true, checkNaN: try Convert.bool(b["check_nan"], i) ?? true, announce: true))
        })
        autograd.attributes["is_anomaly_enabled"] = .builtin(Builtin("is_anomaly_enabled") { _, _ in .bool(GradMode.anomalyDetection.enabled) })
        autograd.attributes["is_anomaly_check_nan_enabled"] = .builtin(Builtin("is_anomaly_check_nan_enabled") { _, _ in
            .bool(GradMode.anomalyDetection.checkNaN)
        })
        let graph = ModuleObject(name: "torch.autograd.graph")
        graph.attributes["Node"] = .object(NodeObject.nodeClass)
        autograd.attributes["graph"] = .object(graph)
        interp.modules["torch.autograd.graph"] = .object(graph)
        autograd.attributes["gradcheck"] = TorchRuntime.builtin("gradcheck", "func, inputs, eps=1e-06, atol=1e-05, rtol=0.001, raise_exception=True", summary: "Compares backward's Jacobian with central differences; True, or GradcheckError.", example: "gradcheck(torch.tanh, (randn(3, dtype=torch.float64, requires_grad=True),))") { b, i in
            try Gradcheck.run(b, i)
        }
        autograd.attributes["gradgradcheck"] = TorchRuntime.builtin(
            "gradgradcheck", "func, inputs, grad_outputs=None, eps=1e-06, atol=1e-05, rtol=0.001, gen_non_contig_grad_outputs=False, raise_exception=True", summary: "Checks second derivatives: gradcheck of the gradients built with create_graph.", example: "gradgradcheck(torch.sin, (randn(3, dtype=torch.float64, requires_grad=True),))") { b, i in
            if try Convert.bool(b["gen_non_contig_grad_outputs"], i) == true {
                throw PyError("NotImplementedError", "gradgradcheck(gen_non_contig_grad_outputs=True) is not supported by tsh yet")
            }
            return try Gradcheck.runSecondOrder(b, i)
        }
        let functional = AutogradFunctionalModule.make(interp)
        autograd.attributes["functional"] = .object(functional)
        interp.modules["torch.autograd.functional"] = .object(functional)
    }

    /// Runs a backward pass from the language; when anomaly detection caught the failing
    /// node, PyTorch's warning names the forward line that made it.
    static func reportingAnomaly<T>(_ interp: Interpreter, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch {
            if let node = GradMode.takeAnomalyNode() {
                var text = "Error detected in \(node.className). Traceback of forward call that caused the error:"
                if let (source, offset) = interp.location(ofSite: node.creationSite) {
                    let line = source.location(of: offset).line
                    text += "\n  File \"\(source.name)\", line \(line), in <module>\n    \(source.line(line).trimmingCharacters(in: .whitespaces))"
                }
                interp.warn("UserWarning", text)
            }
            throw error
        }
    }
}

/// `torch.autograd.detect_anomaly()` and the object `set_detect_anomaly(mode)` returns:
/// context managers that turn anomaly detection on (or off) and restore it after.
final class AnomalyContext: PyObject {
    let enabled: Bool, checkNaN: Bool, announce: Bool
    var previous: (enabled: Bool, checkNaN: Bool)?

    init(enabled: Bool, checkNaN: Bool, announce: Bool) {
        self.enabled = enabled
        self.checkNaN = checkNaN
        self.announce = announce
    }

    var typeName: String { announce ? "detect_anomaly" : "set_detect_anomaly" }
    func enter(_ interp: Interpreter) throws -> Value? {
        if announce {
            interp.warn("UserWarning", "Anomaly Detection has been enabled. This mode will increase the runtime and should only be enabled for debugging.")
            previous = GradMode.anomalyDetection
            GradMode.anomalyDetection = (enabled, checkNaN)
        }
        return Value.none
    }
    func exit(_ interp: Interpreter) throws {
        if let previous { GradMode.anomalyDetection = previous }
    }
    func repr(_ interp: Interpreter) throws -> String { "<torch.autograd.anomaly_mode.\(typeName) object at \(PseudoAddress.of(self))>" }
}

/// torch.autograd.gradcheck: the analytical Jacobian from backward passes against central
/// differences, per output and differentiable input.
package enum Gradcheck {
    static func run(_ b: BoundArguments, _ interp: Interpreter) throws -> Value {
        let function = b.required("func")
        let inputValues: [Value]
        if let single = Convert.tensor(b.required("inputs")) { inputValues = [Convert.wrap(single)] } else { inputValues = try interp.materialize(b.required("inputs")) }
        let outputs: () throws -> [Tensor] = {
            let result = try interp.call(function, Arguments(inputValues))
            if let t = Convert.tensor(result) { return [t] }
            return try interp.materialize(result).compactMap { Convert.tensor($0) }
        }
        return try check(outputs, inputs: inputValues.map { Convert.tensor($0) }, b, interp)
    }

    /// Mirrors torch.autograd.gradgradcheck: gradcheck of the function that maps the inputs
    /// and the output gradients to the input gradients (built with create_graph), so the
    /// second derivatives are checked against central differences of the first.
    static func runSecondOrder(_ b: BoundArguments, _ interp: Interpreter) throws -> Value {
        let function = b.required("func")
        let inputValues: [Value]
        if let single = Convert.tensor(b.required("inputs")) { inputValues = [Convert.wrap(single)] } else { inputValues = try interp.materialize(b.required("inputs")) }
        let inputs = inputValues.map { Convert.tensor($0) }
        func firstOutputs() throws -> [Tensor] {
            let result = try interp.call(function, Arguments(inputValues))
            if let t = Convert.tensor(result) { return [t] }
            return try interp.materialize(result).compactMap { Convert.tensor($0) }
        }
        // The output gradients: given, or fixed pseudo-random values in [-1, 1) drawn from
        // a generator of their own (the session's random stream is left alone).
        let differentiableOutputs = try GradMode.with(enabled: true) { try firstOutputs() }.filter(\.requiresGrad)
        var gradOutputs: [Tensor]
        if let given = b["grad_outputs"], !{ if case .none = given { return true }; return false }() {
            gradOutputs = try TorchRuntime.tensors(given, interp)
        } else {
            let generator = Generator(seed: 0)
            gradOutputs = try differentiableOutputs.map { out in
                let values = NDArray(uninitialized: out.shape, dtype: out.dtype)
                try values.uniform(from: -1, to: 1, generator: generator)
                return Tensor(values)
            }
        }
        guard gradOutputs.count == differentiableOutputs.count else {
            throw PyError.runtime("gradgradcheck: expected \(differentiableOutputs.count) grad_outputs, got \(gradOutputs.count)")
        }
        gradOutputs = try gradOutputs.map { g in
            let leaf = g.detach()
            try leaf.setRequiresGrad(true)
            return leaf
        }
        let differentiableInputs = inputs.compactMap { $0 }.filter(\.requiresGrad)
        let firstGradients: () throws -> [Tensor] = {
            try GradMode.with(enabled: true) {
                let outs = try firstOutputs().filter(\.requiresGrad)
                return try Engine.grad(outputs: outs, inputs: differentiableInputs, gradOutputs: gradOutputs,
                                       createGraph: true, allowUnused: true).compactMap { $0 }
            }
        }
        return try check(firstGradients, inputs: inputs + gradOutputs.map { Optional($0) }, b, interp)
    }

    /// Central differences of `outputs` against the gradients backward computes, for every
    /// output and every input that requires grad; GradcheckError (or False) on a mismatch.
    private static func check(_ outputs: () throws -> [Tensor], inputs: [Tensor?], _ b: BoundArguments,
                              _ interp: Interpreter) throws -> Value {
        let eps = try Convert.double(b["eps"], interp) ?? 1e-6
        let atol = try Convert.double(b["atol"], interp) ?? 1e-5, rtol = try Convert.double(b["rtol"], interp) ?? 1e-3
        let raise = try Convert.bool(b["raise_exception"], interp) ?? true
        let base = try outputs()
        for (k, input) in inputs.enumerated() {
            guard let input, input.requiresGrad else { continue }
            for (o, out) in base.enumerated() where out.requiresGrad {
                // numerical[i][j]: d out_j / d input_i by central differences.
                var numerical = [[Double]](repeating: [Double](repeating: 0, count: out.count), count: input.count)
                for index in 0..<input.count {
                    let position = unravel(index, input.shape)
                    let original = input.data.scalar(at: position).doubleValue
                    // The element is put back even when the function fails.
                    defer { input.data.setScalar(.double(original), at: position) }
                    input.data.setScalar(.double(original + eps), at: position)
                    let plus = try GradMode.with(enabled: false) { try outputs()[o].data.contiguousCopy() }
                    input.data.setScalar(.double(original - eps), at: position)
                    let minus = try GradMode.with(enabled: false) { try outputs()[o].data.contiguousCopy() }
                    for (j, (p, m)) in zip(plus.scalars, minus.scalars).enumerated() {
                        numerical[index][j] = (p.doubleValue - m.doubleValue) / (2 * eps)
                    }
                }
                var analytical = [[Double]](repeating: [Double](repeating: 0, count: out.count), count: input.count)
                for j in 0..<out.count {
                    let seed = try NDArray.zeros(out.shape, dtype: out.dtype)
                    seed.setScalar(.double(1), at: unravel(j, out.shape))
                    let g = try Engine.grad(outputs: [out], inputs: [input], gradOutputs: [Tensor(seed)], retainGraph: true, allowUnused: true)
                    if let g = g[0] { for (i, v) in g.data.contiguousCopy().scalars.enumerated() { analytical[i][j] = v.doubleValue } }
                }
                let close = zip(numerical.joined(), analytical.joined()).allSatisfy { n, a in abs(a - n) <= atol + rtol * abs(n) }
                if !close {
                    guard raise else { return .bool(false) }
                    func text(_ m: [[Double]]) throws -> String {
                        let array = try NDArray.from(.list(m.map { .list($0.map { .scalar(.double($0)) }) }), dtype: .float64)
                        return try interp.repr(Convert.wrap(Tensor(array)))
                    }
                    throw PyError("GradcheckError", "Jacobian mismatch for output \(o) with respect to input \(k),\nnumerical:\(try text(numerical))\nanalytical:\(try text(analytical))\n")
                }
            }
        }
        return .bool(true)
    }

    package static func unravel(_ index: Int, _ shape: [Int]) -> [Int] {
        var rest = index
        var out = [Int](repeating: 0, count: shape.count)
        for d in stride(from: shape.count - 1, through: 0, by: -1) {
            out[d] = rest % shape[d]
            rest /= shape[d]
        }
        return out
    }
}
