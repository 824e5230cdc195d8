/// The user-facing entry points of the engine on a tensor.
extension Tensor {
    /// Mirrors Tensor.backward(gradient=None, retain_graph=None, create_graph=False, inputs=None).
    /// retain_graph defaults to create_graph, as in PyTorch.
    package func backward(gradient: Tensor? = nil, retainGraph: Bool? = nil, createGraph: Bool = false,
                          inputs: [Tensor]? = nil) throws {
        try Engine.backward([self], gradients: [gradient], retainGraph: retainGraph ?? createGraph, createGraph: createGraph, inputs: inputs)
    }

    /// Mirrors Tensor.requires_grad_(flag) (returns self for chaining).
    @discardableResult
    package func requiresGrad(_ flag: Bool = true) throws -> Tensor {
        try setRequiresGrad(flag)
        return self
    }

    /// A new leaf (torch.tensor(..., requires_grad=True)); PyTorch's factory message for ints.
    package static func leaf(_ data: NDArray, requiresGrad: Bool) throws -> Tensor {
        if requiresGrad && !data.dtype.isFloatingPoint {
            throw TensorError.runtime("Only Tensors of floating point and complex dtype can require gradients")
        }
        return Tensor(data, requiresGrad: requiresGrad)
    }
}
