/// torch.autograd.functional: Jacobians, Hessians and vector products of a function of
/// tensors, built from `Engine.grad` (create_graph for the second-order ones), as
/// torch/autograd/functional.py builds them.
package enum AutogradFunctional {
    package typealias Function = ([Tensor]) throws -> [Tensor]

    /// The inputs as the function sees them: fresh leaves that require grad (the caller's
    /// tensors are never modified), or views of them when a graph is being built.
    static func prepare(_ inputs: [Tensor], createGraph: Bool) throws -> [Tensor] {
        try inputs.map { input in
            if createGraph && input.requiresGrad { return try input.view(input.shape) }
            let leaf = input.detach()
            if input.dtype.isFloatingPoint { try leaf.setRequiresGrad(true) }
            return leaf
        }
    }

    /// The results as they are returned: detached unless a graph was asked for.
    static func finish(_ t: Tensor, createGraph: Bool) -> Tensor { createGraph ? t : t.detach() }

    /// Mirrors jacobian(func, inputs, create_graph): for each output and each input, a tensor
    /// of shape `output.shape + input.shape`, one backward pass per output element.
    package static func jacobian(_ function: Function, _ inputs: [Tensor], createGraph: Bool = false) throws -> [[Tensor]] {
        try GradMode.with(enabled: true) {
            let prepared = try prepare(inputs, createGraph: createGraph)
            let outputs = try function(prepared)
            return try outputs.map { output in
                let flat = try output.reshape([-1])
                var rows: [[Tensor]] = prepared.map { _ in [] }
                for j in 0..<flat.count {
                    let element = try flat.select(dim: 0, index: j)
                    let grads: [Tensor?] = element.requiresGrad
                        ? try Engine.grad(outputs: [element], inputs: prepared, retainGraph: true, createGraph: createGraph, allowUnused: true)
                        : prepared.map { _ in nil }
                    for (k, input) in prepared.enumerated() {
                        rows[k].append(try grads[k] ?? input.zerosLike())
                    }
                }
                return try prepared.enumerated().map { k, input in
                    let stacked = flat.count == 0
                        ? try Tensor.zeros([0] + input.shape, dtype: input.dtype)
                        : try Tensor.stack(rows[k], dim: 0)
                    return finish(try stacked.view(output.shape + input.shape), createGraph: createGraph)
                }
            }
        }
    }

    /// Mirrors hessian(func, inputs, create_graph): the Jacobian of the gradient of a
    /// function with one one-element output; `[i][j]` has shape `inputs[i].shape + inputs[j].shape`.
    package static func hessian(_ function: Function, _ inputs: [Tensor], createGraph: Bool = false) throws -> [[Tensor]] {
        let gradient: Function = { xs in
            let outputs = try function(xs)
            guard outputs.count == 1 else {
                throw TensorError.runtime("The function given to hessian should return a single Tensor")
            }
            guard outputs[0].count == 1 else {
                throw TensorError.runtime("The Tensor returned by the function given to hessian should contain a single element")
            }
            return try jacobian(function, xs, createGraph: true)[0]
        }
        return try jacobian(gradient, inputs, createGraph: createGraph)
    }

    /// Mirrors vjp(func, inputs, v): the outputs and vᵀJ for each input.
    package static func vjp(_ function: Function, _ inputs: [Tensor], _ v: [Tensor?],
                            createGraph: Bool = false) throws -> (outputs: [Tensor], products: [Tensor]) {
        try GradMode.with(enabled: true) {
            let prepared = try prepare(inputs, createGraph: createGraph)
            let outputs = try function(prepared)
            try checkVectors(v, against: outputs)
            let differentiable = outputs.enumerated().filter { $0.element.requiresGrad }
            let grads: [Tensor?] = differentiable.isEmpty ? prepared.map { _ in nil }
                : try Engine.grad(outputs: differentiable.map(\.element), inputs: prepared,
                                  gradOutputs: differentiable.map { i, _ in i < v.count ? v[i] : nil },
                                  retainGraph: createGraph, createGraph: createGraph, allowUnused: true)
            let products = try zip(prepared, grads).map { input, g in
                finish(try g ?? input.zerosLike(), createGraph: createGraph)
            }
            return (outputs.map { finish($0, createGraph: createGraph) }, products)
        }
    }

    /// Mirrors jvp(func, inputs, v): the outputs and Jv, by the double-backward trick (the
    /// gradient, with respect to zero grad_outputs, of the vector-Jacobian product), as PyTorch computes it.
    package static func jvp(_ function: Function, _ inputs: [Tensor], _ v: [Tensor],
                            createGraph: Bool = false) throws -> (outputs: [Tensor], products: [Tensor]) {
        try GradMode.with(enabled: true) {
            let prepared = try prepare(inputs, createGraph: createGraph)
            try checkVectors(v, against: prepared)
            let outputs = try function(prepared)
            let seeds = try outputs.map { out -> Tensor in
                let seed = try out.zerosLike()
                try seed.setRequiresGrad(true)
                return seed
            }
            let differentiable = outputs.indices.filter { outputs[$0].requiresGrad }
            var products = try outputs.map { try $0.zerosLike() }
            if !differentiable.isEmpty {
                let gradInputs = try Engine.grad(outputs: differentiable.map { outputs[$0] }, inputs: prepared,
                                                 gradOutputs: differentiable.map { seeds[$0] }, retainGraph: true,
                                                 createGraph: true, allowUnused: true)
                let used = gradInputs.indices.filter { gradInputs[$0]?.requiresGrad == true }
                if !used.isEmpty {
                    let back = try Engine.grad(outputs: used.map { gradInputs[$0]! }, inputs: differentiable.map { seeds[$0] },
                                               gradOutputs: used.map { v[$0] }, retainGraph: createGraph,
                                               createGraph: createGraph, allowUnused: true)
                    for (slot, index) in differentiable.enumerated() { if let g = back[slot] { products[index] = g } }
                }
            }
            return (outputs.map { finish($0, createGraph: createGraph) }, products.map { finish($0, createGraph: createGraph) })
        }
    }

    /// Mirrors hvp / vhp(func, inputs, v): the output and the Hessian times v (the Hessian
    /// of a twice-differentiable function is symmetric, so Hv and vᵀH are the same).
    package static func hvp(_ function: Function, _ inputs: [Tensor], _ v: [Tensor],
                            createGraph: Bool = false) throws -> (output: Tensor, products: [Tensor]) {
        try GradMode.with(enabled: true) {
            let prepared = try prepare(inputs, createGraph: createGraph)
            try checkVectors(v, against: prepared)
            let outputs = try function(prepared)
            guard outputs.count == 1, outputs[0].count == 1 else {
                throw TensorError.runtime("The function given to hvp should return a single Tensor with a single element")
            }
            let output = outputs[0]
            var products = try prepared.map { try $0.zerosLike() }
            if output.requiresGrad {
                let jac = try Engine.grad(outputs: [output], inputs: prepared, createGraph: true, allowUnused: true)
                let used = jac.indices.filter { jac[$0]?.requiresGrad == true }
                if !used.isEmpty {
                    let grads = try Engine.grad(outputs: used.map { jac[$0]! }, inputs: prepared, gradOutputs: used.map { v[$0] },
                                                retainGraph: createGraph, createGraph: createGraph, allowUnused: true)
                    for (k, g) in grads.enumerated() { if let g { products[k] = g } }
                }
            }
            return (finish(output, createGraph: createGraph), products.map { finish($0, createGraph: createGraph) })
        }
    }

    private static func checkVectors(_ v: [Tensor?], against tensors: [Tensor]) throws {
        guard v.count == tensors.count else {
            throw TensorError.runtime("v is a tuple of invalid length: should be \(tensors.count) but got \(v.count).")
        }
        for (i, (given, t)) in zip(v, tensors).enumerated() {
            guard let given else { continue }
            guard given.shape == t.shape else {
                throw TensorError.runtime(
                    "Entry \(i) in v has invalid size: should be \(Messages.shapeList(t.shape)) but got \(Messages.shapeList(given.shape)).")
            }
        }
    }
}
