import Autograd
import TestSupport
import Testing

/// Gradients of gradients: every differentiable op's formula is itself differentiable
/// (gradgradcheck in float64), and create_graph gives PyTorch's numbers.
struct HigherOrderTests {
    let a = array([0.7, -1.3, 2.1], dtype: .float64)
    let b = array([1.5, 0.4, -0.9], dtype: .float64)
    let m = array([0.3, -0.2, 1.1, 0.8, -1.4, 0.6], [2, 3], dtype: .float64)
    let positive = array([0.7, 1.3, 2.1], dtype: .float64)

    @Test func secondDerivativeOfACube() throws {
        let x = Tensor(try array([2.0]).reshape([]), requiresGrad: true)
        let y = try x.pow(.scalar(.int(3)))
        let dy = try Engine.grad(outputs: [y], inputs: [x], createGraph: true)[0]!
        #expect(dy.data.scalars[0].doubleValue == 12 && dy.gradFn?.className == "MulBackward0")
        let d2y = try Engine.grad(outputs: [dy], inputs: [x], createGraph: true)[0]!
        #expect(d2y.data.scalars[0].doubleValue == 12)
        let d3y = try Engine.grad(outputs: [d2y], inputs: [x])[0]!
        #expect(d3y.data.scalars[0].doubleValue == 6 && !d3y.requiresGrad)
    }

    @Test func hessianOfASmallFunction() throws {
        // f(x) = x0² x1 + x1³: H = [[2 x1, 2 x0], [2 x0, 6 x1]] = [[4, 2], [2, 12]] at (1, 2).
        let h = try AutogradFunctional.hessian({ xs in
            let x = xs[0]
            let x0 = try x.select(dim: 0, index: 0), x1 = try x.select(dim: 0, index: 1)
            return [try x0.pow(.scalar(.int(2))).mul(.tensor(x1)).add(.tensor(x1.pow(.scalar(.int(3)))))]
        }, [Tensor(array([1.0, 2.0]))])
        #expect(values(h[0][0].data) == [4, 2, 2, 12])
        #expect(h[0][0].shape == [2, 2] && !h[0][0].requiresGrad)
        let j = try AutogradFunctional.jacobian({ xs in [try xs[0].pow(.scalar(.int(2))).add(.tensor(xs[0].mul(.scalar(.int(3)))))] },
                                                [Tensor(array([1.0, 2.0, 3.0]))])
        #expect(values(j[0][0].data) == [5, 0, 0, 0, 7, 0, 0, 0, 9])
    }

    @Test func aGradientPenaltyTrainsThroughTheGradient() throws {
        // WGAN-GP style: penalty = (|d out / d x| - 1)², differentiated with respect to w.
        let w = Tensor(array([0.5, -1.0, 2.0], dtype: .float64), requiresGrad: true)
        let x = Tensor(array([1.0, 2.0, 3.0], dtype: .float64), requiresGrad: true)
        let out = try x.mul(.tensor(w)).unary(.tanh).sum()
        let g = try Engine.grad(outputs: [out], inputs: [x], createGraph: true)[0]!
        let penalty = try g.norm().sub(.scalar(.int(1))).pow(.scalar(.int(2)))
        try penalty.backward()
        // The same number by central differences in w.
        func value(_ shift: Int, _ eps: Double) throws -> Double {
            let w2 = Tensor(w.data.contiguousCopy(), requiresGrad: true)
            w2.data.setScalar(.double(w.data.scalars[shift].doubleValue + eps), at: [shift])
            let x2 = Tensor(x.data, requiresGrad: true)
            let o = try x2.mul(.tensor(w2)).unary(.tanh).sum()
            let g2 = try Engine.grad(outputs: [o], inputs: [x2], createGraph: true)[0]!
            return try g2.norm().sub(.scalar(.int(1))).pow(.scalar(.int(2))).data.scalars[0].doubleValue
        }
        for k in 0..<3 {
            let numeric = (try value(k, 1e-6) - value(k, -1e-6)) / 2e-6
            let analytic = w.grad!.data.scalars[k].doubleValue
            #expect(abs(analytic - numeric) <= 1e-7 + 1e-5 * abs(numeric), "w[\(k)]: \(analytic) vs \(numeric)")
        }
    }

    @Test func backwardWithCreateGraphLeavesDifferentiableGradients() throws {
        let w = Tensor(try array([1.5]).reshape([]), requiresGrad: true)
        try w.pow(.scalar(.int(4))).backward(createGraph: true)
        #expect(w.grad?.gradFn?.name == "torch::autograd::CopyBackwards")
        let gw = w.grad!
        w.grad = nil
        try gw.backward()
        #expect(values(w.grad!.data) == [27])
    }

    @Test func backwardIntoChosenInputsOnly() throws {
        let a = Tensor(array([1.0, 2.0]), requiresGrad: true), b = Tensor(array([3.0, 4.0]), requiresGrad: true)
        try a.mul(.tensor(b)).sum().backward(inputs: [a])
        #expect(values(a.grad!.data) == [3, 4] && b.grad == nil)
    }

    @Test func arithmeticAndPowers() throws {
        let col = array([0.5, -2], [2, 1], dtype: .float64)
        try gradgradcheck([m, col]) { try $0[0].add(.tensor($0[1]), alpha: .double(1.5)) }
        try gradgradcheck([m, col]) { try $0[0].mul(.tensor($0[1])) }
        try gradgradcheck([m, col]) { try $0[0].div(.tensor($0[1])) }
        try gradgradcheck([a]) { try $0[0].rsub(.int(1)).mul(.tensor($0[0])) }
        try gradgradcheck([positive]) { try $0[0].rdiv(.int(2)) }
        try gradgradcheck([a]) { try $0[0].pow(.scalar(.int(3))) }
        try gradgradcheck([positive]) { try $0[0].pow(.scalar(.double(0.5))) }
        try gradgradcheck([positive, b]) { try $0[0].pow(.tensor($0[1])) }
        try gradgradcheck([a]) { try Tensor.pow(base: .double(2), exponent: $0[0]) }
        try gradgradcheck([a]) { try $0[0].unary(.square) }
    }

    @Test func elementwiseFunctions() throws {
        for op in [UnaryOp.exp, .sin, .cos, .tanh, .sigmoid, .abs, .relu, .erf] {
            try gradgradcheck([a]) { try $0[0].unary(op).mul(.tensor($0[0])) }
        }
        for op in [UnaryOp.log, .sqrt, .reciprocal, .log1p] {
            try gradgradcheck([positive]) { try $0[0].unary(op) }
        }
        try gradgradcheck([a]) { try $0[0].clamp(min: .double(-1), max: .double(1)).mul(.tensor($0[0])) }
        try gradgradcheck([a, b]) { try $0[0].extremum($0[1], largest: true).mul(.tensor($0[0])) }
        let cond = Tensor(boolArray([true, false, true]))
        try gradgradcheck([a, b]) { try Tensor.where(cond, .tensor($0[0].mul(.tensor($0[1]))), .tensor($0[1])) }
    }

    @Test func reductions() throws {
        try gradgradcheck([m]) { try $0[0].mul(.tensor($0[0])).sum(dims: [1]) }
        try gradgradcheck([m]) { try $0[0].mul(.tensor($0[0])).mean(dims: [0], keepdim: true) }
        try gradgradcheck([m]) { try $0[0].prod() }
        try gradgradcheck([m]) { try $0[0].prod(dim: 1) }
        try gradgradcheck([m]) { try $0[0].extremum(largest: true).mul(.tensor($0[0])) }
        try gradgradcheck([m]) { try $0[0].extremum(largest: false, dim: 1, keepdim: false).values.pow(.scalar(.int(2))) }
        try gradgradcheck([m]) { try $0[0].variance(dims: [1], takeRoot: false) }
        try gradgradcheck([m]) { try $0[0].variance(takeRoot: true) }
        try gradgradcheck([m]) { try $0[0].norm() }
        try gradgradcheck([m]) { try $0[0].norm(p: 3, dims: [0]) }
        try gradgradcheck([m]) { try $0[0].softmax(dim: 1, log: false) }
        try gradgradcheck([m]) { try $0[0].softmax(dim: 0, log: true) }
    }

    @Test func productsShapesAndJoins() throws {
        let mat = array([0.1, 0.2, 0.3, -0.4, 0.5, 0.6], [3, 2], dtype: .float64)
        let batch = array((0..<12).map { Double($0) * 0.1 - 0.5 }, [2, 2, 3], dtype: .float64)
        try gradgradcheck([m, mat]) { try Tensor.matmul($0[0], $0[1]) }
        try gradgradcheck([m, a]) { try Tensor.matmul($0[0], $0[1]) }
        try gradgradcheck([a, a]) { try Tensor.matmul($0[0], $0[1]) }
        try gradgradcheck([batch, mat]) { try Tensor.matmul($0[0], $0[1]) }
        try gradgradcheck([m]) { try $0[0].t().reshape([6]).pow(.scalar(.int(2))) }
        try gradgradcheck([m]) { try $0[0].permute([1, 0]).unsqueeze(0).expand([2, 3, 2]).pow(.scalar(.int(2))) }
        try gradgradcheck([m, m]) { try Tensor.cat([$0[0], $0[1].mul(.tensor($0[0]))], dim: 1) }
        try gradgradcheck([a, b]) { try Tensor.stack([$0[0], $0[1]], dim: 1).pow(.scalar(.int(2))) }
        try gradgradcheck([m]) { try $0[0].split(size: 2, dim: 1)[1].pow(.scalar(.int(2))) }
        try gradgradcheck([m]) { try $0[0].unbind(dim: 0)[1].pow(.scalar(.int(3))) }
        try gradgradcheck([m]) { try $0[0].repeat([2, 1]).pow(.scalar(.int(2))) }
    }

    @Test func indexingSortingAndScatter() throws {
        try gradgradcheck([m]) { try $0[0].index([.int(1)], isTuple: false).pow(.scalar(.int(2))) }
        try gradgradcheck([m]) { try $0[0].index([.slice(start: 0, stop: 3, step: 2)], isTuple: false).pow(.scalar(.int(2))) }
        try gradgradcheck([m]) { try $0[0].index([.slice(start: nil, stop: nil, step: nil), .array(intArray([2, 0, 2]))], isTuple: true).pow(.scalar(.int(2))) }
        let mask = boolArray([true, false, true, false, true, true], [2, 3])
        try gradgradcheck([m]) { try $0[0].index([.array(mask)], isTuple: false).pow(.scalar(.int(2))) }
        try gradgradcheck([m]) { try $0[0].maskedFill(Tensor(mask), .int(0)).pow(.scalar(.int(2))) }
        try gradgradcheck([a]) { try Sorting.sort($0[0].pow(.scalar(.int(2))), dim: 0, descending: true).0.pow(.scalar(.int(2))) }
        try gradgradcheck([a]) { try Sorting.topk($0[0], k: 2, dim: 0, largest: true).0.pow(.scalar(.int(3))) }
        let index = intArray([0, 2, 1, 1], [2, 2])
        try gradgradcheck([m]) { try $0[0].gather(dim: 1, index: index).pow(.scalar(.int(2))) }
        // scatter's gradient is exact for distinct indices (as in PyTorch).
        let distinct = intArray([0, 2, 1, 0], [2, 2])
        let source = array([1, 2, 3, 4], [2, 2], dtype: .float64)
        try gradgradcheck([m, source]) { try $0[0].scatter(dim: 1, index: distinct, source: $0[1].pow(.scalar(.int(2)))).mul(.tensor($0[0])) }
        try gradgradcheck([m, source]) { try $0[0].scatterAdd(dim: 1, index: index, source: $0[1].pow(.scalar(.int(2)))).mul(.tensor($0[0])) }
    }

    @Test func scansFlipAndNanToNum() throws {
        try gradcheck([m]) { try $0[0].cumsum(dim: 1) }
        try gradcheck([m]) { try $0[0].cumprod(dim: 0) }
        try gradcheck([array([2, 0, 3, 0.5], dtype: .float64)]) { try $0[0].cumprod(dim: 0) }
        try gradcheck([m]) { try $0[0].flip(dims: [0, 1]) }
        try gradcheck([m]) { try $0[0].nanToNum(posinf: 1) }
        try gradgradcheck([m]) { try $0[0].cumsum(dim: 0).pow(.scalar(.int(2))) }
        try gradgradcheck([m]) { try $0[0].cumprod(dim: 1) }
        try gradgradcheck([m]) { try $0[0].flip(dims: [1]).mul(.tensor($0[0])) }
        // cumprod of a lane with a zero: the products of the other elements.
        let z = Tensor(array([2, 0, 3]), requiresGrad: true)
        try z.cumprod(dim: 0).backward(gradient: Tensor(try NDArray.ones([3])))
        #expect(values(z.grad!.data) == [1, 8, 0])
        #expect(values(try array([1, 2, 3]).to(.int64).cumsum(dim: 0)) == [1, 3, 6])
        #expect(try boolArray([true, true, false]).cumsum(dim: 0).dtype == .int64)
    }

    @Test func anInPlaceViewChangeRefusesCreateGraphClearly() throws {
        let x = Tensor(array([1.0, 2.0]), requiresGrad: true)
        let y = try x.mul(.scalar(.int(2)))
        try y.select(dim: 0, index: 0).mulInPlace(.tensor(x.select(dim: 0, index: 1)))
        #expect(throws: TensorError.self) { try Engine.grad(outputs: [y.sum()], inputs: [x], createGraph: true) }
        // An ordinary backward through it still works.
        let g = try Engine.grad(outputs: [y.sum()], inputs: [x])[0]!
        #expect(values(g.data) == [4, 4])
    }
}
