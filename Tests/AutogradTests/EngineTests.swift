import Autograd
import TestSupport
import Testing

/// The engine: accumulation, retain_graph, autograd.grad, hooks, grad mode, PyTorch's
/// errors word for word, and chains of 100,000 nodes.
struct EngineTests {
    func leaf(_ values: [Double], _ shape: [Int]? = nil) -> Tensor {
        Tensor(array(values, shape), requiresGrad: true)
    }

    @Test func gradientsAccumulateIntoLeaves() throws {
        let a = leaf([1, 2, 3])
        try a.mul(.tensor(a)).sum().backward()
        #expect(values(a.grad!.data) == [2, 4, 6])
        try a.add(.tensor(a)).sum().backward()
        #expect(values(a.grad!.data) == [4, 6, 8])
    }

    @Test func errorsWordForWord() throws {
        let a = leaf([1, 1, 1])
        expectTensorError(.runtimeError, "grad can be implicitly created only for scalar outputs") {
            try a.mul(.scalar(.int(2))).backward()
        }
        expectTensorError(.runtimeError, "element 0 of tensors does not require grad and does not have a grad_fn") {
            try Tensor(try NDArray.ones([2])).sum().backward()
        }
        expectTensorError(.runtimeError, "a leaf Variable that requires grad is being used in an in-place operation.") {
            try a.addInPlace(.scalar(.int(1)))
        }
        expectTensorError(.runtimeError,
            "Mismatch in shape: grad_output[0] has a shape of torch.Size([2]) and output[0] has a shape of torch.Size([3]).") {
            try a.mul(.scalar(.int(2))).backward(gradient: Tensor(try NDArray.ones([2])))
        }
        let twice = try a.mul(.tensor(a)).sum()
        try twice.backward()
        expectTensorError(.runtimeError,
            "Trying to backward through the graph a second time (or directly access saved tensors after they have already been freed). Saved intermediate values of the graph are freed when you call .backward() or autograd.grad(). Specify retain_graph=True if you need to backward through the graph a second time or if you need to access saved tensors after calling backward.") {
            try twice.backward()
        }
        // A graph whose nodes saved nothing can run again, as in PyTorch.
        let plain = try a.add(.tensor(a)).sum()
        try plain.backward()
        try plain.backward()
        expectTensorError(.runtimeError, "Only Tensors of floating point and complex dtype can require gradients") {
            _ = try Tensor.leaf(intArray([1]), requiresGrad: true)
        }
        expectTensorError(.runtimeError,
            "you can only change requires_grad flags of leaf variables. If you want to use a computed variable in a subgraph that doesn't require differentiation use var_no_grad = var.detach().") {
            try a.mul(.scalar(.int(2))).requiresGrad(false)
        }
        expectTensorError(.runtimeError, "can't retain_grad on Tensor that has requires_grad=False") {
            try Tensor(try NDArray.ones([1])).retainGrad()
        }
    }

    @Test func inPlaceChangesOfSavedValuesAreReported() throws {
        // PyTorch names the node that saved the value (Exp), not the in-place op after it.
        let a = leaf([1, 1, 1])
        let y = try a.unary(.exp)
        try y.addInPlace(.scalar(.int(1)))
        expectTensorError(.runtimeError,
            "one of the variables needed for gradient computation has been modified by an inplace operation: [torch.FloatTensor [3]], which is output 0 of Exp, is at version 1; expected version 0 instead. Hint: enable anomaly detection to find the operation that failed to compute its gradient, with torch.autograd.set_detect_anomaly(True, check_nan=False).") {
            try y.sum().backward()
        }
        let w = leaf([1, 1, 1])
        let product = try w.mul(.tensor(w))
        try GradMode.with(enabled: false) { try w.addInPlace(.scalar(.int(1))) }
        expectTensorError(.runtimeError,
            "one of the variables needed for gradient computation has been modified by an inplace operation: [torch.FloatTensor [3]] is at version 1; expected version 0 instead. Hint: enable anomaly detection to find the operation that failed to compute its gradient, with torch.autograd.set_detect_anomaly(True, check_nan=False).") {
            try product.sum().backward()
        }
    }

    @Test func autogradGrad() throws {
        let x = leaf([1, 1])
        let grads = try Engine.grad(outputs: [try x.mul(.tensor(x)).sum()], inputs: [x])
        #expect(values(grads[0]!.data) == [2, 2])
        #expect(x.grad == nil)
        let unused = leaf([1, 1])
        expectTensorError(.runtimeError,
            "The differentiated Tensor at index 0 appears to not have been used in the graph. Set allow_unused=True if this is the desired behavior.") {
            _ = try Engine.grad(outputs: [try x.mul(.scalar(.int(2))).sum()], inputs: [unused])
        }
        #expect(try Engine.grad(outputs: [try x.mul(.scalar(.int(2))).sum()], inputs: [unused], allowUnused: true)[0] == nil)
        expectTensorError(.runtimeError, "One of the differentiated Tensors does not require grad") {
            _ = try Engine.grad(outputs: [try x.sum()], inputs: [Tensor(try NDArray.ones([2]))])
        }
        // Gradient with respect to an intermediate tensor.
        let mid = try x.mul(.scalar(.int(3)))
        let out = try mid.mul(.tensor(mid)).sum()
        #expect(values(try Engine.grad(outputs: [out], inputs: [mid])[0]!.data) == [6, 6])
    }

    @Test func hooksAndRetainGrad() throws {
        let a = leaf([1, 1, 1])
        var seen: [String] = []
        let b = try a.mul(.scalar(.int(2)))
        try b.registerHook { g in seen.append("b \(values(g.data))"); return nil }
        try a.registerHook { g in seen.append("a \(values(g.data))"); return nil }
        try b.mul(.tensor(b)).sum().backward()
        #expect(seen == ["b [4.0, 4.0, 4.0]", "a [8.0, 8.0, 8.0]"])
        #expect(values(a.grad!.data) == [8, 8, 8])
        // A hook's return value replaces the gradient.
        let c = leaf([1, 2])
        let d = try c.mul(.scalar(.int(3)))
        try d.registerHook { g in Tensor(try NDArray.binary(.mul, .array(g.data), .scalar(.int(10)))) }
        try d.sum().backward()
        #expect(values(c.grad!.data) == [30, 30])
        // retain_grad keeps a non-leaf's gradient.
        let e = try c.mul(.scalar(.int(2)))
        try e.retainGrad()
        try e.sum().backward()
        #expect(values(e.grad!.data) == [1, 1])
        #expect(try c.mul(.scalar(.int(2))).grad == nil)
    }

    @Test func removedHooksNoLongerRun() throws {
        let a = leaf([1, 1])
        var calls = 0
        let removeLeafHook = try a.registerHook { _ in calls += 1; return nil }
        let b = try a.mul(.scalar(.int(3)))
        let removeNodeHook = try b.registerHook { g in calls += 10; return Tensor(try NDArray.binary(.mul, .array(g.data), .scalar(.int(2)))) }
        try b.sum().backward(retainGraph: true)
        #expect(calls == 11)
        #expect(values(a.grad!.data) == [6, 6])
        removeLeafHook()
        removeNodeHook()
        try b.sum().backward()
        #expect(calls == 11)
        #expect(values(a.grad!.data) == [9, 9])
    }

    @Test func gradModeAndDetach() throws {
        let a = leaf([1, 2])
        let y = try GradMode.with(enabled: false) { try a.mul(.scalar(.int(2))) }
        #expect(!y.requiresGrad && y.gradFn == nil)
        #expect(GradMode.isEnabled)
        GradMode.isEnabled = false
        #expect(try !a.mul(.scalar(.int(2))).requiresGrad)
        GradMode.isEnabled = true
        let z = try GradMode.with(enabled: false) { try GradMode.with(enabled: true) { try a.mul(.scalar(.int(2))) } }
        #expect(z.requiresGrad)
        let d = a.detach()
        #expect(!d.requiresGrad && d.data.storage === a.data.storage)
        try d.addInPlace(.scalar(.int(1)))
        #expect(values(a.data) == [2, 3] && a.version == 1)
        let w = try a.mul(.scalar(.int(2)))
        try w.detachInPlace()
        #expect(!w.requiresGrad && w.gradFn == nil && w.isLeaf)
        // Integer results and comparisons leave the graph.
        #expect(try !a.argExtremum(largest: true, dim: nil, keepdim: false).requiresGrad)
        #expect(try !a.compare(.gt, .scalar(.int(0))).requiresGrad)
        #expect(!a.to(.int64).requiresGrad)
    }

    @Test func leavesShareOneAccumulateGrad() throws {
        let a = leaf([1, 2, 3])
        let y = try a.add(.tensor(a))
        let edges = y.gradFn!.nextFunctions
        #expect(edges[0].node === edges[1].node)
        #expect(edges[0].node?.name == "torch::autograd::AccumulateGrad")
        #expect((edges[0].node as? AccumulateGrad)?.variable === a)
        #expect(try a.mul(.scalar(.int(2))).gradFn!.nextFunctions[0].node === edges[0].node)
        #expect(edges[0].node?.nextFunctions.isEmpty == true)
    }

    @Test func longChainsBackpropagateAndFreeIteratively() throws {
        let x = leaf([1])
        var y = x
        for _ in 0..<100_000 { y = try y.mul(.scalar(.double(1.0))) }
        try y.sum().backward()
        #expect(values(x.grad!.data) == [1])
        weak let weakNode = y.gradFn
        y = x
        #expect(weakNode == nil)
    }

    @Test func noNodeOutlivesItsTensors() throws {
        weak var node: Node?
        weak var leafNode: Node?
        do {
            let a = leaf([1, 2])
            let loss = try a.mul(.tensor(a)).unary(.exp).sum()
            node = loss.gradFn
            leafNode = loss.gradFn?.nextFunctions[0].node
            try loss.backward()
        }
        #expect(node == nil && leafNode == nil)
    }

    @Test func floatGradientsOfMixedDtypesAreCastBack() throws {
        let a = leaf([1, 2])
        let d = Tensor(array([1, 1], dtype: .float64))
        let out = try a.mul(.tensor(d)).sum()
        #expect(out.dtype == .float64)
        try out.backward()
        #expect(a.grad?.dtype == .float32 && values(a.grad!.data) == [1, 1])
    }
}

/// The saved values a node exposes, under PyTorch's attribute names, and their release.
struct SavedValueTests {
    @Test func savedValuesAreNamedAndFreedAfterBackward() throws {
        let a = Tensor(array([1, 2]), requiresGrad: true), b = Tensor(array([3, 4]), requiresGrad: true)
        let product = try a.mul(.tensor(b))
        let names = product.gradFn!.savedValues.map(\.name)
        #expect(names == ["_saved_self", "_saved_other"])
        #expect(product.gradFn!.savedValues[1].value.map(values) == [3, 4])
        let e = try a.unary(.exp)
        #expect(e.gradFn!.savedValues.map(\.name) == ["_saved_result"])
        #expect(try Tensor.mm(Tensor(array([1, 2], [1, 2]), requiresGrad: true), Tensor(array([1, 2], [2, 1])))
            .gradFn!.savedValues.map(\.name) == ["_saved_self", "_saved_mat2"])
        try product.sum().backward()
        #expect(product.gradFn!.savedValues.allSatisfy { $0.value == nil })
    }
}
