/// How a user-defined autograd Function (a `torch.autograd.Function` subclass's `apply`)
/// joins the graph. The engine knows nothing of the language: the backward is a closure
/// that receives the output gradients (zeros where none arrived, as PyTorch materializes
/// them) and the saved tensors, and answers one gradient per input.
extension Tensor {
    /// Makes `outputs` (computed with grad mode off) the outputs of one node named `name`
    /// over the tensor `inputs`, when grad mode is on and an input requires grad; returns
    /// whether it did. Saved tensors that are outputs are kept without their node (no
    /// reference cycle), as PyTorch's SavedVariable does.
    package static func recordFunction(_ name: String, inputs: [Tensor], outputs: [Tensor], saved: [Tensor],
                                       backward: @escaping (_ grads: [Tensor], _ saved: [Tensor]) throws -> [Tensor?]) -> Bool {
        guard recording(inputs) else {
            for out in outputs { for input in inputs where out.inheritCut(from: input) { break } }
            return false
        }
        let outputCount = outputs.count  // the formula must not hold the outputs (they hold the node)
        let savedArrays = saved.map { t in SavedArray(t, isOutput: outputs.contains { $0 === t }) }
        let node = FunctionNode(name, edges: SmallArray(inputs.map(\.gradientEdge)), inputMetadata: SmallArray(inputs.map(metadata)),
                                outputs: SmallArray(outputs.map { InputMetadata(shape: $0.shape, dtype: $0.dtype) }),
                                saved: savedArrays, rule: "grad_inputs = \(name.dropLast("Backward".count)).backward(ctx, *grad_outputs), written in Python",
                                formula: { ctx in
                                    let grads = try (0..<outputCount).map { try ctx.grad($0) }
                                    return try backward(grads, ctx.saved)
                                })
        node.isUserFunction = true
        for (i, out) in outputs.enumerated() { out.setGradFn(node, outputNr: i) }
        return true
    }
}
