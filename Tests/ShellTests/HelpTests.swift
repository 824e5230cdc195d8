import Interpreter
import Shell
import Testing

struct HelpTests {
    @Test func everyCallableHasASignatureADescriptionAndAnExample() {
        let s = CapturedSession()
        s.run("import torch")
        var missing: [String] = []
        for (path, value) in Help.reachableCallables(s.session.interp) {
            let name = String(path.split(separator: ".").last!)
            if name.hasSuffix("Error") || name == "Exception" || name == "StopIteration" { continue }
            let text = Help.text(for: value, s.session.interp, name: path)
            let lines = text.split(separator: "\n")
            if lines.count < 3 || !lines[0].contains("(") && !lines[0].contains(".") || !lines[2].hasPrefix("    Example: ") {
                missing.append(path)
            }
        }
        #expect(missing.isEmpty, "no help for: \(missing.joined(separator: " "))")
    }

    @Test func helpOfADeclaredOpComesFromItsDeclaration() {
        let s = CapturedSession()
        s.run("import torch")
        #expect(s.run("help(torch.cumsum)").hasPrefix("cumsum(input, dim, *, dtype=None)\n    Running sums along dim"))
        #expect(s.run("help(torch.ones(1).new_full)").hasPrefix("Tensor.new_full(size, fill_value, *, dtype=None, device=None, requires_grad=False)\n"))
        #expect(s.run(":help scatter_add_").contains("Example: zeros(5).scatter_add_(0, tensor([0, 1, 0]), ones(3))"))
        // The signature line is the declaration's own, so it cannot drift from the code.
        #expect(s.run("help(torch.sum)").hasPrefix("sum(input, dim=None, keepdim=False, *, dtype=None)\n"))
        #expect(s.run("help(torch.amax)").hasPrefix("amax(input, dim=(), keepdim=False)\n"))
        #expect(s.run("help(torch.ones(1).add_)").hasPrefix("Tensor.add_(other, *, alpha=1)\n"))
        // Python's sum keeps the catalogue's entry, which covers both.
        #expect(s.run("help(sum)").contains("(also Python's sum)"))
    }

    @Test func helpAndQuestionMarkAndTheCommandAgree() {
        let s = CapturedSession()
        s.run("import torch", "import torch.nn as nn")
        let expected = "matmul(input, other)\n    Matrix product with broadcasting over batch dims (also the @ operator).\n    Example: matmul(ones(5), randn(5, 3))\n"
        #expect(s.run("help(torch.matmul)") == expected)
        #expect(s.run(":help matmul") == expected)
        #expect(s.run(":help nn.Linear").hasPrefix("nn.Linear(in_features, out_features, bias=True)"))
        s.run("def step(lr, momentum=0.9):", "    return lr", "")
        #expect(s.run("help(torch.no_grad)") == "no_grad()\n    A block in which operations record no graph.\n    Example: with torch.no_grad():\n                 w -= lr * w.grad\n")
        #expect(s.run("help(step)") == "step(lr, momentum=...)\n    A function you defined.\n")
        #expect(s.run(":help nothing_here") == "no help for nothing_here; :help lists the shell commands\n")
    }

    @Test func whereALearnerAsksFirst() {
        let s = CapturedSession()
        s.run("import torch", "from torch import nn", "x = torch.ones(2, requires_grad=True)", "y = (x * 2).sum()")
        // x? on a tensor: what autograd knows of it.
        let described = s.run("x?")
        for line in ["x: Tensor", "shape          torch.Size([2])", "dtype          torch.float32", "device         cpu",
                     "requires_grad  True", "is_leaf        True", "grad           None", "grad_fn        None"] {
            #expect(described.contains(line), "\(line)")
        }
        #expect(s.run("y?").contains("grad_fn        <SumBackward0>"))
        // Methods through the class, classes, and help() itself.
        #expect(s.run("help(torch.Tensor.backward)").hasPrefix("Tensor.backward(") || s.run("help(torch.Tensor.backward)").contains("backward"))
        #expect(s.newErrors() == "")
        #expect(s.run("help(nn.Module)").hasPrefix("nn.Module\n    The base class of models"))
        #expect(s.run("help()").contains("Ideas:"))
        // Commands, ideas and graph nodes by name.
        #expect(s.run(":help :time").hasPrefix(":time STATEMENT\n"))
        #expect(s.run(":help vars").hasPrefix(":vars\n"))
        #expect(s.run(":help AccumulateGrad").contains("leaf"))
        #expect(s.run(":help SqueezeBackward4").contains("matmul"))
        #expect(s.run(":help retain_graph").contains("second backward"))
        #expect(s.run(":help MulBackward0").contains("made by mul(...)"))
        for node in ["CopySlices", "NllLossBackward0", "BinaryCrossEntropyWithLogitsBackward0", "ToCopyBackward0",
                     "UnsafeViewBackward0", "LinalgVectorNormBackward0", "AsStridedBackward0"] {
            let text = s.run(":help " + node)
            #expect(text.hasPrefix(node + "\n") && !text.contains("no help"), "\(node)")
        }
        #expect(s.newErrors() == "")
        // dir(x) as Python has it (without the dunder names).
        #expect(s.run("'grad' in dir(x), 'backward' in dir(x)") == "Out[23]: (True, True)\n")
    }
}
