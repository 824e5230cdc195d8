import Autograd
import Interpreter

/// `torch.autograd.functional` as the language sees it: jacobian, hessian, vjp, jvp, hvp
/// and vhp over a Python function, with PyTorch's tuple-or-tensor shapes of results. The
/// computation is Autograd's AutogradFunctional.
enum AutogradFunctionalModule {
    static func make(_ interp: Interpreter) -> ModuleObject {
        let module = ModuleObject(name: "torch.autograd.functional")
        module.attributes["jacobian"] = TorchRuntime.builtin(
            "jacobian", "func, inputs, create_graph=False, strict=False, vectorize=False, strategy='reverse-mode'", summary: "The Jacobian of func at inputs: shape output.shape + input.shape (tuples for tuples).", example: "jacobian(torch.exp, zeros(2))") { b, i in
            try refuseOptions(b, i, "jacobian")
            let (inputs, inputsTuple) = try tensors(b.required("inputs"), i)
            let shape = OutputShape()
            let result = try AutogradFunctional.jacobian(function(b.required("func"), i, shape), inputs,
                                                         createGraph: try Convert.bool(b["create_graph"], i) ?? false)
            return nest(result, outer: shape.isTuple, inner: inputsTuple)
        }
        module.attributes["hessian"] = TorchRuntime.builtin(
            "hessian", "func, inputs, create_graph=False, strict=False, vectorize=False, outer_jacobian_strategy='reverse-mode'", summary: "The matrix of second derivatives of a function with one one-element output.", example: "hessian(pow3sum, tensor([1., 2.]))") { b, i in
            try refuseOptions(b, i, "hessian")
            let (inputs, inputsTuple) = try tensors(b.required("inputs"), i)
            let result = try AutogradFunctional.hessian(function(b.required("func"), i, OutputShape()), inputs,
                                                        createGraph: try Convert.bool(b["create_graph"], i) ?? false)
            return nest(result, outer: inputsTuple, inner: inputsTuple)
        }
        module.attributes["vjp"] = TorchRuntime.builtin("vjp", "func, inputs, v=None, create_graph=False, strict=False", summary: "(func(inputs), vᵀ·J): a vector-Jacobian product.", example: "vjp(torch.exp, zeros(2), ones(2))") { b, i in
            try refuseOptions(b, i, "vjp")
            let (inputs, inputsTuple) = try tensors(b.required("inputs"), i)
            let shape = OutputShape()
            let fn = function(b.required("func"), i, shape)
            let v = try vectors(b["v"], i)
            let (outputs, products) = try AutogradFunctional.vjp(
                { xs in
                    let outs = try fn(xs)
                    if v == nil, outs.count != 1 || outs[0].count != 1 {
                        throw PyError.runtime("The vector v can only be None if the user-provided function returns a single Tensor with a single element.")
                    }
                    return outs
                }, inputs, v ?? [nil], createGraph: try Convert.bool(b["create_graph"], i) ?? false)
            return .tuple([pack(outputs, shape.isTuple), pack(products, inputsTuple)])
        }
        module.attributes["jvp"] = TorchRuntime.builtin("jvp", "func, inputs, v=None, create_graph=False, strict=False", summary: "(func(inputs), J·v): a Jacobian-vector product.", example: "jvp(torch.exp, zeros(2), ones(2))") { b, i in
            try refuseOptions(b, i, "jvp")
            let (inputs, _) = try tensors(b.required("inputs"), i)
            let shape = OutputShape()
            let fn = function(b.required("func"), i, shape)
            let v = try vectors(b["v"], i) ?? (inputs.count == 1 && inputs[0].count == 1 ? [Tensor(try NDArray.ones(inputs[0].shape, dtype: inputs[0].dtype))] : nil)
            guard let v else {
                throw PyError.runtime("The vector v can only be None if the input to the user-provided function is a single Tensor with a single element.")
            }
            let (outputs, products) = try AutogradFunctional.jvp(fn, inputs, v.map { $0! }, createGraph: try Convert.bool(b["create_graph"], i) ?? false)
            return .tuple([pack(outputs, shape.isTuple), pack(products, shape.isTuple)])
        }
        for name in ["hvp", "vhp"] {
            module.attributes[name] = TorchRuntime.builtin(name, "func, inputs, v=None, create_graph=False, strict=False",
                                                           summary: name == "hvp" ? "(func(inputs), H·v): a Hessian-vector product of a one-element function."
                                                                                  : "(func(inputs), vᵀ·H): a vector-Hessian product of a one-element function.",
                                                           example: "\(name)(pow3sum, tensor([1., 2.]), ones(2))") { b, i in
                try refuseOptions(b, i, name)
                let (inputs, inputsTuple) = try tensors(b.required("inputs"), i)
                let fn = function(b.required("func"), i, OutputShape())
                let v = try vectors(b["v"], i) ?? (inputs.count == 1 && inputs[0].count == 1 ? [Tensor(try NDArray.ones(inputs[0].shape, dtype: inputs[0].dtype))] : nil)
                guard let v else {
                    throw PyError.runtime("The vector v can only be None if the input to the user-provided function is a single Tensor with a single element.")
                }
                let (output, products) = try AutogradFunctional.hvp(fn, inputs, v.map { $0! }, createGraph: try Convert.bool(b["create_graph"], i) ?? false)
                return .tuple([TensorObject.wrap(output), pack(products, inputsTuple)])
            }
        }
        return module
    }

    /// strict=True and the vectorized strategies are options tsh does not honour: refused.
    private static func refuseOptions(_ b: BoundArguments, _ interp: Interpreter, _ name: String) throws {
        if try Convert.bool(b["strict"], interp) == true {
            throw PyError("NotImplementedError", "\(name)(strict=True) is not supported by tsh yet")
        }
        if try Convert.bool(b["vectorize"], interp) == true {
            throw PyError("NotImplementedError", "\(name)(vectorize=True) is not supported by tsh yet")
        }
        for key in ["strategy", "outer_jacobian_strategy"] {
            if let v = b[key], case .string(let s) = v, s != "reverse-mode" {
                throw PyError("NotImplementedError", "\(name)(\(key)='\(s)') is not supported by tsh yet")
            }
        }
    }

    /// A tensor or a tuple/list of tensors, and whether it was a tuple.
    private static func tensors(_ value: Value, _ interp: Interpreter) throws -> ([Tensor], Bool) {
        if let t = Convert.tensor(value) { return ([t], false) }
        let items = try interp.materialize(value)
        return (try items.map { item in
            guard let t = Convert.tensor(item) else {
                throw PyError.type("The inputs given to the function must be either a Tensor or a tuple of Tensors but the value at index 0 has type \(interp.typeName(item)).")
            }
            return t
        }, true)
    }

    private static func vectors(_ value: Value?, _ interp: Interpreter) throws -> [Tensor?]? {
        guard let value else { return nil }
        if case .none = value { return nil }
        return try tensors(value, interp).0.map { Optional($0) }
    }

    /// Whether the user's function returned a tuple (known once it has run).
    final class OutputShape { var isTuple = false }

    /// The Python function as a function of tensors; `shape` learns whether it returned a tuple.
    private static func function(_ callable: Value, _ interp: Interpreter, _ shape: OutputShape) -> AutogradFunctional.Function {
        { xs in
            let result = try interp.call(callable, Arguments(xs.map(TensorObject.wrap)))
            if let t = Convert.tensor(result) { return [t] }
            shape.isTuple = true
            return try interp.materialize(result).enumerated().map { k, item in
                guard let t = Convert.tensor(item) else {
                    throw PyError.type("The outputs of the user-provided function given to the function must be either a Tensor or a tuple of Tensors but the value at index \(k) has type \(interp.typeName(item)).")
                }
                return t
            }
        }
    }

    private static func pack(_ tensors: [Tensor], _ tuple: Bool) -> Value {
        tuple ? .tuple(tensors.map(TensorObject.wrap)) : TensorObject.wrap(tensors[0])
    }

    private static func nest(_ result: [[Tensor]], outer: Bool, inner: Bool) -> Value {
        let rows = result.map { pack($0, inner) }
        return outer ? .tuple(rows) : rows[0]
    }
}
