import Autograd
import Interpreter

/// `out=` on torch functions: the function runs as usual and its result is written into
/// the given tensor, which is also what the call returns (`torch.add(a, b, out=c) is c`).
enum OutArgument {
    /// The torch functions that take `out=`, as in PyTorch (views and the functions that
    /// return several tensors do not).
    static let functions: Set<String> = [
        "add", "sub", "subtract", "mul", "multiply", "div", "divide", "true_divide", "floor_divide", "remainder", "pow",
        "neg", "negative", "abs", "absolute", "exp", "log", "log1p", "sqrt", "sin", "cos", "tanh", "sigmoid", "reciprocal",
        "floor", "ceil", "round", "trunc", "sign", "square", "erf", "clamp", "clip", "maximum", "minimum", "logical_not",
        "logical_and", "logical_or", "logical_xor", "eq", "ne", "lt", "le", "gt", "ge", "greater", "less", "sum", "mean",
        "prod", "amax", "amin", "argmax", "argmin", "std", "var", "norm", "softmax", "log_softmax", "matmul", "mm", "mv",
        "dot", "bmm", "cat", "stack", "cumsum", "cumprod", "nan_to_num", "gather", "zeros", "ones", "empty", "full",
        "arange", "linspace", "randn", "rand", "randint", "eye", "where", "max", "min", "sort", "topk",
    ]

    /// Wraps a torch function so that it honours `out=`.
    static func wrap(_ name: String, _ value: Value) -> Value {
        guard functions.contains(name), case .builtin(let builtin) = value else { return value }
        return .builtin(Builtin(name, qualifiedName: builtin.qualifiedName, parameters: builtin.parameterNames) { args, interp in
            guard let k = args.keywords.firstIndex(where: { $0.0 == "out" }) else { return try builtin.body(args, interp) }
            var rest = args
            let out = rest.keywords.remove(at: k).1
            if case .none = out { return try builtin.body(rest, interp) }
            if case .tuple(let parts) = out {
                // (values, indices) for max/min/sort/topk over a dim.
                let targets = try parts.map { part -> Tensor in
                    guard let t = Convert.tensor(part) else {
                        throw PyError.type("\(name)(): argument 'out' must be tuple of Tensors, not \(interp.typeName(part))")
                    }
                    return t
                }
                let result = try builtin.body(rest, interp)
                guard case .object(let o) = result, let pair = o as? ReturnTypesObject, targets.count == 2,
                      let values = Convert.tensor(pair.values), let indices = Convert.tensor(pair.indices) else {
                    throw PyError.type("\(name)(): argument 'out' must be Tensor, not tuple")
                }
                _ = try targets[0].assignOut(values, function: name)
                _ = try targets[1].assignOut(indices, function: name)
                return .object(ReturnTypesObject(pair.name, values: parts[0], indices: parts[1]))
            }
            guard let target = Convert.tensor(out) else {
                throw PyError.type("\(name)(): argument 'out' must be Tensor, not \(interp.typeName(out))")
            }
            let result = try builtin.body(rest, interp)
            guard let tensor = Convert.tensor(result) else {
                throw PyError("NotImplementedError", "\(name)(out=...) is not supported by tsh for this call")
            }
            let before = target.shape
            if try target.assignOut(tensor, function: name) {
                interp.warn("UserWarning", "An output with one or more elements was resized since it had shape \(Messages.shape(before)), which does not match the required output shape \(Messages.shape(tensor.shape)). This behavior is deprecated, and in a future PyTorch release outputs will not be resized unless they have zero elements. You can explicitly reuse an out tensor t by resizing it, inplace, to zero elements with t.resize_(0).")
            }
            return out
        })
    }
}
