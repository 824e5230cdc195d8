import Interpreter

/// help(x), x? and :help topic: a signature, one line on what it does, and an example.
enum Help {
    static let entries: [String: (signature: String, summary: String, example: String)] = [
        "tensor": ("tensor(data, dtype=None, requires_grad=False)", "A tensor holding data (nested lists of numbers).", "tensor([[1., 2.], [3., 4.]])"),
        "ones": ("ones(*size, dtype=None, requires_grad=False)", "A tensor of ones.", "ones(2, 3)"),
        "zeros": ("zeros(*size, dtype=None, requires_grad=False)", "A tensor of zeros.", "zeros(5)"),
        "randn": ("randn(*size, generator=None, dtype=None, requires_grad=False)", "Samples from the standard normal distribution (PyTorch's exact stream).", "manual_seed(0); randn(3)"),
        "rand": ("rand(*size, generator=None, dtype=None)", "Uniform samples in [0, 1).", "rand(2, 2)"),
        "arange": ("arange(start=0, end, step=1, dtype=None)", "Values from start to end (exclusive) in steps.", "arange(5)"),
        "matmul": ("matmul(input, other)", "Matrix product with PyTorch's broadcasting rules (also the @ operator).", "matmul(ones(5), randn(5, 3))"),
        "backward": ("tensor.backward(gradient=None, retain_graph=False)", "Backpropagates from this tensor, adding into .grad of the leaves.", "loss.backward()"),
        "sum": ("sum(input, dim=None, keepdim=False)", "Sum of all elements, or along dim.", "x.sum(dim=0)"),
        "mean": ("mean(input, dim=None, keepdim=False)", "Mean of all elements, or along dim (floating types).", "x.mean()"),
        "softmax": ("softmax(input, dim)", "Exponentials normalised to sum to 1 along dim.", "F.softmax(logits, dim=1)"),
        "no_grad": ("no_grad()", "A block in which operations record no graph.", "with torch.no_grad():\n    w -= lr * w.grad"),
        "manual_seed": ("manual_seed(seed)", "Seeds the random generator; the numbers then match PyTorch's.", "manual_seed(42)"),
        "cross_entropy": ("F.cross_entropy(input, target, reduction='mean')", "Log-softmax and negative log-likelihood of class indices.", "F.cross_entropy(logits, labels)"),
    ]

    static func text(for value: Value?, _ interp: Interpreter, name: String? = nil) -> String {
        var key = name.map { String($0.split(separator: ".").last ?? "") } ?? ""
        if let value, case .builtin(let b) = value { key = b.name }
        if let value, key.isEmpty, case .function(let f) = value { key = f.name }
        if let entry = entries[key] {
            return "\(entry.signature)\n    \(entry.summary)\n    Example: \(entry.example)"
        }
        guard let value else { return "no help for \(name ?? "that")" }
        switch value {
        case .builtin(let b): return "\(b.qualifiedName)(...)\n    A built-in function; :help lists the shell commands."
        case .function(let f):
            return "\(f.name)(" + f.parameters.map { $0.defaultValue == nil ? $0.name : "\($0.name)=..." }.joined(separator: ", ") + ")\n    A function you defined."
        default:
            return "\(interp.typeName(value)) object"
        }
    }
}
