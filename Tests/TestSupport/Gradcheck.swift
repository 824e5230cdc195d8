import Autograd
import Foundation
import Testing

/// Mirrors torch.autograd.gradcheck: the analytical Jacobian from the engine (one backward
/// per output element) against central finite differences, in float64, with PyTorch's
/// defaults (eps 1e-6, atol 1e-5, rtol 1e-3). Records an issue at the caller on a mismatch.
package func gradcheck(_ inputs: [NDArray], eps: Double = 1e-6, atol: Double = 1e-5, rtol: Double = 1e-3,
                       sourceLocation: SourceLocation = #_sourceLocation,
                       _ f: ([Tensor]) throws -> Tensor) throws {
    let leaves = inputs.map { Tensor($0.to(.float64).contiguousCopy(), requiresGrad: true) }
    let output = try f(leaves)
    let outCount = output.count
    // Analytical: row k of the Jacobian is the gradient of output element k.
    var analytical = [[Double]](repeating: [], count: leaves.count)
    for k in 0..<outCount {
        for leaf in leaves { leaf.grad = nil }
        var oneHot = [Double](repeating: 0, count: outCount)
        oneHot[k] = 1
        let seed = Tensor(NDArray(values: oneHot.map { .double($0) }, shape: output.shape, dtype: output.dtype))
        try output.backward(gradient: seed, retainGraph: true)
        for (i, leaf) in leaves.enumerated() {
            analytical[i] += leaf.grad.map { $0.data.scalars.map(\.doubleValue) } ?? [Double](repeating: 0, count: leaf.count)
        }
    }
    // Numerical: perturb each input element both ways.
    for (i, leaf) in leaves.enumerated() {
        let base = leaf.data
        for j in 0..<leaf.count {
            var index: [Int] = [], rest = j
            for s in NDArray.contiguousStrides(base.shape) { index.append(rest / s); rest %= s }
            let original = base.scalar(at: index).doubleValue
            func evaluate(_ value: Double) throws -> [Double] {
                base.setScalar(.double(value), at: index)
                let out = try GradMode.with(enabled: false) { try f(leaves) }
                return out.data.scalars.map(\.doubleValue)
            }
            let plus = try evaluate(original + eps), minus = try evaluate(original - eps)
            base.setScalar(.double(original), at: index)
            for k in 0..<outCount {
                let numerical = (plus[k] - minus[k]) / (2 * eps)
                let a = analytical[i][k * leaf.count + j]
                #expect(abs(a - numerical) <= atol + rtol * abs(numerical),
                        "d out[\(k)] / d input\(i)[\(j)]: analytical \(a), numerical \(numerical)", sourceLocation: sourceLocation)
            }
        }
    }
}

/// Mirrors torch.autograd.gradgradcheck: gradcheck of the function that maps the inputs to
/// their gradients, computed with create_graph for fixed output gradients `v` (which
/// require grad, so the gradients always have a graph to differentiate).
package func gradgradcheck(_ inputs: [NDArray], eps: Double = 1e-6, atol: Double = 1e-5, rtol: Double = 1e-3,
                           sourceLocation: SourceLocation = #_sourceLocation,
                           _ f: @escaping ([Tensor]) throws -> Tensor) throws {
    try gradcheck(inputs, eps: eps, atol: atol, rtol: rtol, sourceLocation: sourceLocation) { xs in
        try GradMode.with(enabled: true) {
            let out = try f(xs)
            // Fixed, distinct output gradients in [-1, 1].
            let values = (0..<out.count).map { Scalar.double(sin(Double($0) * 1.7 + 0.3)) }
            let v = Tensor(NDArray(values: values, shape: out.shape, dtype: out.dtype), requiresGrad: true)
            let grads = try Engine.grad(outputs: [out], inputs: xs, gradOutputs: [v], createGraph: true, allowUnused: true)
            let flat = try zip(xs, grads).map { x, g in
                try (g ?? Tensor(try NDArray.zeros(x.shape, dtype: x.dtype))).reshape([-1])
            }
            return try Tensor.cat(flat, dim: 0)
        }
    }
}
