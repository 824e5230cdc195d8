import Interpreter
import TestSupport
import Testing

/// Every builtin language.md lists exists under each of its names: Python's own, and the
/// torch API bare, as `torch.x`, as a tensor method, and in torch.nn / F.
struct BuiltinNamesTests {
    static let python = ["print", "len", "range", "enumerate", "zip", "list", "tuple", "dict", "int", "float", "bool", "str",
                         "repr", "abs", "min", "max", "sum", "any", "all", "sorted", "reversed", "round", "isinstance",
                         "hasattr", "getattr", "type"]
    static let torchFunctions = ["tensor", "zeros", "ones", "full", "empty", "arange", "linspace", "eye", "zeros_like",
                                 "ones_like", "full_like", "empty_like", "rand", "randn", "randint", "randperm", "manual_seed",
                                 "matmul", "mm", "mv", "dot", "bmm", "cat", "stack", "split", "chunk", "where", "maximum",
                                 "minimum", "exp", "log", "sqrt", "sin", "cos", "tanh", "sigmoid", "relu", "abs", "neg",
                                 "clamp", "sum", "mean", "prod", "max", "min", "argmax", "argmin", "std", "var", "norm",
                                 "softmax", "log_softmax", "allclose", "equal", "no_grad", "enable_grad", "set_grad_enabled",
                                 "is_grad_enabled", "Generator", "float32", "float64", "int64", "bool", "float", "long"]
    static let tensorMethods = ["add", "sub", "mul", "div", "pow", "view", "reshape", "t", "transpose", "permute", "squeeze",
                                "unsqueeze", "expand", "flatten", "contiguous", "clone", "detach", "item", "tolist", "numel",
                                "dim", "size", "float", "double", "long", "bool", "to", "add_", "sub_", "mul_", "div_", "zero_",
                                "fill_", "copy_", "clamp_", "backward", "requires_grad_", "retain_grad", "register_hook",
                                "sum", "mean", "max", "min", "argmax", "softmax", "log_softmax", "matmul", "split", "chunk"]
    static let functional = ["relu", "softmax", "log_softmax", "cross_entropy", "nll_loss", "mse_loss", "binary_cross_entropy",
                             "binary_cross_entropy_with_logits", "linear", "dropout"]
    static let nnClasses = ["Linear", "ReLU", "Sequential", "CrossEntropyLoss", "NLLLoss", "MSELoss", "BCEWithLogitsLoss", "Module",
                            "Parameter", "Flatten", "Softmax", "Dropout"]

    @Test func everyNameResolves() {
        var program = "import torch\nimport torch.nn as nn\nimport torch.nn.functional as F\nt = torch.ones(2)\n"
        for name in Self.python { program += "assert callable(\(name)), '\(name)'\n" }
        for name in Self.torchFunctions { program += "assert hasattr(torch, '\(name)'), 'torch.\(name)'\n" }
        for name in Self.torchFunctions where !["float32", "float64", "int64", "bool", "float", "long", "tensor", "Generator"].contains(name) {
            program += "assert \(name) is not None, 'bare \(name)'\n"
        }
        for name in Self.tensorMethods { program += "assert hasattr(t, '\(name)'), 'Tensor.\(name)'\n" }
        for name in Self.functional { program += "assert hasattr(F, '\(name)'), 'F.\(name)'\n" }
        for name in Self.nnClasses { program += "assert hasattr(nn, '\(name)'), 'nn.\(name)'\n" }
        program += "assert torch.nn.functional is F and torch.nn is nn\nprint('ok')\n"
        let (output, error) = runProgram(program)
        #expect(error == nil)
        #expect(output == "ok\n")
    }
}
