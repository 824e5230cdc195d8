import Autograd
import Interpreter
import TorchBindings

/// Help a learner asks for before any function: what a tensor is made of (`x?`), the
/// shell's commands (`:help :time`, `:help vars`), the graph's node names (`:help
/// AccumulateGrad`, `:help SqueezeBackward4`) and the ideas behind backward
/// (`:help retain_graph`).
extension Help {
    /// `x?` on a tensor: everything autograd knows of it, one line each.
    static func describe(tensor t: Tensor, name: String) -> String {
        var lines = ["\(name): Tensor"]
        lines.append("    shape          torch.Size([" + t.shape.map(String.init).joined(separator: ", ") + "])")
        lines.append("    dtype          torch.\(t.dtype.name)")
        lines.append("    device         cpu")
        lines.append("    requires_grad  \(t.requiresGrad ? "True" : "False")")
        lines.append("    is_leaf        \(t.isLeaf ? "True" : "False")" + (t.isLeaf ? "" : "  (computed from other tensors: its gradient passes on, see :why)"))
        if let g = t.grad {
            lines.append("    grad           shape (" + g.shape.map(String.init).joined(separator: ", ") + ")")
        } else {
            lines.append("    grad           None" + (t.requiresGrad && t.isLeaf ? "  (filled by backward)" : ""))
        }
        lines.append("    grad_fn        " + (t.gradFn.map { "<\($0.name)>  (:help \($0.className) says what it does)" } ?? "None"))
        return lines.joined(separator: "\n")
    }

    /// `:help :time` or `:help time`: one command's usage and what it does.
    static func command(_ topic: String) -> String? {
        let name = topic.hasPrefix(":") ? topic : ":" + topic
        guard let c = Session.commands.first(where: { $0.name == name }) else { return nil }
        return "\(c.usage)\n    \(c.summary)"
    }

    /// `:help MulBackward0`: any node name PyTorch's scheme gives (`<Op>Backward<n>`), from
    /// the op it belongs to.
    static func node(_ name: String) -> String? {
        guard name.first?.isUppercase == true, let range = name.range(of: "Backward") else { return nil }
        let camel = String(name[..<range.lowerBound])
        guard !camel.isEmpty, name[range.upperBound...].allSatisfy(\.isNumber) else { return nil }
        if range.upperBound == name.endIndex {
            // No number: PyTorch names a user-defined autograd Function's node so.
            return """
                \(name)
                    The graph node of a tensor made by \(camel).apply(...), a torch.autograd.Function
                    written in Python: forward ran without recording, and in backward this node calls
                    \(camel).backward(ctx, *grad_outputs) for the gradients of its inputs.
                """
        }
        // MulBackward0 → mul, NllLossBackward0 → nll_loss, TBackward0 → t.
        var op = ""
        for (k, c) in camel.enumerated() {
            if c.isUppercase && k > 0 { op += "_" }
            op += c.lowercased()
        }
        let what = OpDeclarations.help(op).map { " — \($0.summary)" } ?? ""
        return """
            \(name)
                The graph node a tensor made by \(op)(...)\(what) gets as its grad_fn. In backward it
                turns the gradient of that result into gradients for \(op)'s inputs (:backprop shows
                each node's rule; :chain and :graph show where it sits).
            """
    }

    /// `help()`: where to start.
    static var overview: String {
        """
        Ask about anything: help(x) or x? for a value, a function or a class; :help TOPIC for a command
        (:help :time), an idea or a graph node.
            Ideas: \(concepts.keys.filter { !$0.contains("Backward") && $0 != "AccumulateGrad" }.sorted().joined(separator: ", "))
            Graph nodes: AccumulateGrad, and any XxxBackwardN name (:help MulBackward0)
            Commands: :help lists them; :lesson starts the tutorial.
        """
    }

    /// The ideas and graph nodes a learner meets in PyTorch's autograd tutorial.
    static let concepts: [String: String] = [
        "AccumulateGrad": "AccumulateGrad\n    The graph node of a leaf tensor that requires grad (a weight): backward ends there and adds the\n    gradient it receives into the leaf's .grad (adds: call zero_grad() or set .grad = None between steps).",
        "SqueezeBackward4": "SqueezeBackward4\n    The backward of squeeze over several dims. matmul of a vector makes one: matmul(x, w) with x of\n    shape [5] is computed as [1, 5] @ w and squeezed back, so the graph shows SqueezeBackward4 above\n    MmBackward0. Its backward unsqueezes the gradient to the shape before the squeeze.",
        "CopySlices": "CopySlices\n    The grad_fn of a tensor after an in-place change through one of its views (x[0] = y, x[:, 1] *= 2):\n    backward routes the gradient of the changed slice to the op that wrote it and the rest to the\n    tensor's earlier history.",
        "retain_graph": "retain_graph (backward(retain_graph=True))\n    backward frees the graph's saved tensors as it goes, so a second backward through the same graph\n    fails. retain_graph=True keeps them, for a second backward (or torch.autograd.grad) on the same graph.",
        "create_graph": "create_graph (backward(create_graph=True), torch.autograd.grad(..., create_graph=True))\n    Records the backward pass itself as a graph, so the gradient can be differentiated again\n    (second derivatives, Hessians, gradient penalties).",
        "requires_grad": "requires_grad\n    A tensor created with requires_grad=True is a leaf whose gradient backward computes into .grad;\n    anything computed from it records a graph (grad_fn) back to it.",
        "grad_fn": "grad_fn\n    The graph node that made a tensor (None for a leaf): each holds next_functions, the nodes of its\n    inputs, which is how backward walks from the loss to every leaf. :graph and :chain show them.",
        "is_leaf": "is_leaf\n    True for a tensor not computed by a recorded op (made by you, or with requires_grad=False). Only\n    leaves get .grad by default; retain_grad() asks for a non-leaf's.",
        "no_grad": "torch.no_grad()\n    A block (or decorator) in which nothing is recorded: results have no grad_fn. Used for the\n    optimizer's update and for evaluation.",
        "detach": "detach()\n    The same data, cut from the graph: no grad_fn, requires_grad=False. Gradients stop there.",
        "backward": "Tensor.backward(gradient=None, retain_graph=None, create_graph=False, inputs=None)\n    Computes the gradient of this tensor with respect to every leaf that requires grad, and adds it\n    into their .grad. A one-element tensor needs no gradient argument. :backprop walks it step by step.",
        "zero_grad": "optimizer.zero_grad() / model.zero_grad()\n    Sets the parameters' .grad to None, so the next backward starts from zero (gradients accumulate).",
    ]
}
