import Autograd
import Interpreter

/// `torch.autograd.Function`, for user Functions to derive from: `MyFn.apply(*args)` runs
/// the class's static `forward(ctx, *args)` without recording, then makes its tensor outputs
/// the outputs of one `MyFnBackward` node whose backward calls the class's static
/// `backward(ctx, *grad_outputs)`. Mirrors torch.autograd.function.Function.
final class FunctionBase: NativeClass {
    static let shared = FunctionBase()
    var typeName: String { "type" }
    func repr(_ interp: Interpreter) throws -> String { "<class 'torch.autograd.function.Function'>" }

    func makeInstance(of cls: PyClass, _ interp: Interpreter) throws -> PyObject {
        throw PyError.runtime("Legacy autograd function with non-static forward method is deprecated. Please use new-style autograd function with static forward method. (Example: https://pytorch.org/docs/stable/autograd.html#torch.autograd.Function)")
    }

    func getAttribute(_ name: String, _ interp: Interpreter) throws -> Value? { nil }

    func classAttribute(_ name: String, of cls: PyClass, _ interp: Interpreter) throws -> Value? {
        guard name == "apply" else { return nil }
        return .builtin(Builtin("apply", qualifiedName: "\(cls.name).apply") { args, interp in
            try FunctionBase.apply(cls, args, interp)
        })
    }

    static func apply(_ cls: PyClass, _ args: Arguments, _ interp: Interpreter) throws -> Value {
        guard let forward = try cls.getAttribute("forward", interp), let backward = try cls.getAttribute("backward", interp) else {
            throw PyError("NotImplementedError", "You must implement the forward and backward functions for a custom autograd.Function (\(cls.name)).")
        }
        let inputs = args.positional.map(Convert.tensor)
        let tensorInputs = inputs.compactMap { $0 }
        let ctx = FunctionContext(needsInputGrad: inputs.map { GradMode.isEnabled && $0?.requiresGrad == true })
        var forwardArgs = args
        forwardArgs.positional.insert(.object(ctx), at: 0)
        let result = try GradMode.with(enabled: false) { try interp.call(forward, forwardArgs) }
        // The tensor outputs, each its own tensor (an input returned as is becomes an alias).
        var outputs: [Tensor] = []
        func output(_ v: Value) -> Value {
            guard let t = Convert.tensor(v) else { return v }
            let out = tensorInputs.contains { $0 === t } ? Tensor(t.data) : t
            outputs.append(out)
            return Convert.wrap(out)
        }
        let wrapped: Value
        if case .tuple(let items) = result { wrapped = .tuple(items.map(output)) } else { wrapped = output(result) }
        let saved = ctx.saved
        ctx.saved = []  // the node keeps them from here on (an output among them without its node)
        let name = cls.name + "Backward"
        _ = Tensor.recordFunction(name, inputs: tensorInputs, outputs: outputs, saved: saved) { grads, savedTensors in
            ctx.saved = savedTensors
            defer { ctx.saved = [] }
            var backwardArgs = Arguments([.object(ctx)] + grads.map(Convert.wrap))
            backwardArgs.keywords = []
            let answer = try interp.call(backward, backwardArgs)
            var gradients: [Value]
            if case .tuple(let items) = answer { gradients = items } else { gradients = [answer] }
            // PyTorch allows extra trailing Nones; fewer gradients than inputs is an error.
            while gradients.count > inputs.count, case .none? = gradients.last { gradients.removeLast() }
            guard gradients.count == inputs.count else {
                throw PyError.runtime("function \(name) returned an incorrect number of gradients (expected \(inputs.count), got \(gradients.count))")
            }
            var perTensor: [Tensor?] = []
            for (input, g) in zip(inputs, gradients) where input != nil {
                if case .none = g { perTensor.append(nil); continue }
                guard let t = Convert.tensor(g) else {
                    throw PyError.type("expected Tensor or None as the gradient of an input of \(name), got \(interp.typeName(g))")
                }
                perTensor.append(t)
            }
            return perTensor
        }
        return wrapped
    }
}

/// The `ctx` of a custom Function: `save_for_backward`, `saved_tensors`,
/// `needs_input_grad`, and any attribute the user sets (`ctx.scale = 2`).
final class FunctionContext: PyObject {
    let needsInputGrad: [Bool]
    var saved: [Tensor] = []
    var attributes: [String: Value] = [:]

    init(needsInputGrad: [Bool]) { self.needsInputGrad = needsInputGrad }

    var typeName: String { "BackwardCFunction" }
    func repr(_ interp: Interpreter) throws -> String { "<torch.autograd.function.BackwardCFunction object at \(PseudoAddress.of(self))>" }

    func getAttribute(_ name: String, _ interp: Interpreter) throws -> Value? {
        if let v = attributes[name] { return v }
        switch name {
        case "needs_input_grad": return .tuple(needsInputGrad.map { .bool($0) })
        case "saved_tensors": return .tuple(saved.map(Convert.wrap))
        case "save_for_backward":
            return .builtin(Builtin("save_for_backward") { a, i in
                self.saved = try a.positional.map { v in
                    guard let t = Convert.tensor(v) else {
                        throw PyError.type("save_for_backward can only save variables, but argument \(self.saved.count) is of type \(i.typeName(v))")
                    }
                    return t
                }
                return .none
            })
        case "mark_non_differentiable", "mark_dirty", "set_materialize_grads":
            return .builtin(Builtin(name) { _, _ in
                throw PyError("NotImplementedError", "ctx.\(name)() is not supported by tsh yet")
            })
        default: return nil
        }
    }

    func setAttribute(_ name: String, _ value: Value, _ interp: Interpreter) throws -> Bool {
        attributes[name] = value
        return true
    }
}
