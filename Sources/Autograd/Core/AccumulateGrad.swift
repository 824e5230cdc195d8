/// The node at a leaf that requires grad: it adds the incoming gradient into `leaf.grad`.
/// Mirrors torch::autograd::AccumulateGrad; one per leaf, reused while it is alive.
package final class AccumulateGrad: Node {
    /// The leaf (PyTorch's `variable` attribute). Strong: the graph keeps its leaves alive,
    /// while a leaf only refers back weakly.
    package let variable: Tensor

    init(_ variable: Tensor) {
        self.variable = variable
        super.init(className: "AccumulateGrad", nextFunctions: SmallArray(),
                   inputMetadata: SmallArray(InputMetadata(shape: variable.shape, dtype: variable.dtype)),
                   sequenceNr: .max)
    }

    deinit {
        if variable.accumulator === self { variable.accumulator = nil }
    }

    package override var name: String { "torch::autograd::AccumulateGrad" }

    /// Leaf hooks run on the gradient first, then it accumulates into `.grad`. Without grad
    /// mode the first gradient is taken as it is when nothing else holds it (PyTorch's
    /// steal: no other reference, contiguous, the leaf's dtype and shape), else copied, and
    /// later ones are added in place; with grad mode (create_graph) `.grad` is a
    /// differentiable copy (CopyBackwards) and then a sum (AddBackward0), as PyTorch's
    /// accumulateGrad does. The engine hands the gradient over (`consuming`), so a buffer
    /// made for this leaf alone arrives with one reference.
    func accumulate(_ incoming: consuming Tensor) throws {
        var grad = incoming
        for hook in variable.hooks {
            if let replaced = try hook.run(grad) { grad = replaced }
        }
        variable.gradLedger?.noteBefore(variable.grad?.data)
        let first = variable.grad == nil
        if let existing = variable.grad {
            if GradMode.isEnabled {
                variable.grad = try existing.add(.tensor(grad))
            } else {
                try existing.data.applyInPlace(.add, .array(grad.data))
            }
        } else if GradMode.isEnabled && grad.requiresGrad {
            let copy = Tensor(NDArray(uninitialized: grad.shape, dtype: grad.dtype))
            try copy.copyInPlace(from: grad)
            variable.grad = copy
        } else if grad.gradFn == nil, !grad.requiresGrad, grad.dtype == variable.dtype, grad.shape == variable.shape,
                  isKnownUniquelyReferenced(&grad), grad.data.ownsItsStorage() {
            variable.grad = grad
        } else {
            // A fresh, contiguous gradient that aliases nothing else.
            variable.grad = Tensor(grad.data.contiguousCopy())
        }
        if let total = variable.grad { variable.ledger().recordAddition(grad.data, total: total.data, first: first) }
    }

    package override var outputs: [InputMetadata] { [InputMetadata(shape: variable.shape, dtype: variable.dtype)] }

    package override var rule: String { "grad_leaf = leaf.grad + grad (or grad itself when leaf.grad is None)" }

    override func apply(_ gradOutputs: [Tensor?]) throws -> [Tensor?] {
        if let g = gradOutputs[0] { try accumulate(g) }
        return []
    }
}
