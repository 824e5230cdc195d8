import Autograd
import TestSupport
import Testing

/// Finite differences in float64 against every differentiable op's backward formula.
struct GradcheckTests {
    let a = array([0.7, -1.3, 2.1], dtype: .float64)
    let b = array([1.5, 0.4, -0.9], dtype: .float64)
    let m = array([0.3, -0.2, 1.1, 0.8, -1.4, 0.6], [2, 3], dtype: .float64)
    let positive = array([0.7, 1.3, 2.1], dtype: .float64)

    @Test func arithmeticWithBroadcasting() throws {
        let col = array([0.5, -2], [2, 1], dtype: .float64)
        try gradcheck([m, col]) { try $0[0].add(.tensor($0[1]), alpha: .double(1.5)) }
        try gradcheck([m, col]) { try $0[0].sub(.tensor($0[1])) }
        try gradcheck([m, col]) { try $0[0].mul(.tensor($0[1])) }
        try gradcheck([m, col]) { try $0[0].div(.tensor($0[1])) }
        try gradcheck([a]) { try $0[0].rsub(.int(1)) }
        try gradcheck([positive]) { try $0[0].rdiv(.int(2)) }
        try gradcheck([a]) { try $0[0].neg() }
        try gradcheck([a, b]) { try $0[0].mul(.scalar(.double(2.5))).div(.scalar(.int(3))) }
    }

    @Test func powers() throws {
        try gradcheck([a]) { try $0[0].pow(.scalar(.int(3))) }
        try gradcheck([positive]) { try $0[0].pow(.scalar(.double(0.5))) }
        try gradcheck([positive, b]) { try $0[0].pow(.tensor($0[1])) }
        try gradcheck([a]) { try Tensor.pow(base: .double(2), exponent: $0[0]) }
        try gradcheck([a]) { try $0[0].unary(.square) }
    }

    @Test func elementwiseFunctions() throws {
        for op in [UnaryOp.exp, .sin, .cos, .tanh, .sigmoid, .abs, .relu] {
            try gradcheck([a]) { try $0[0].unary(op) }
        }
        for op in [UnaryOp.log, .sqrt, .reciprocal] {
            try gradcheck([positive]) { try $0[0].unary(op) }
        }
        try gradcheck([a]) { try $0[0].clamp(min: .double(-1), max: .double(1)) }
        try gradcheck([a, b]) { try $0[0].extremum($0[1], largest: true) }
        try gradcheck([a, b]) { try $0[0].extremum($0[1], largest: false) }
        let cond = Tensor(boolArray([true, false, true]))
        try gradcheck([a, b]) { try Tensor.where(cond, .tensor($0[0]), .tensor($0[1])) }
        try gradcheck([a, b]) { try $0[0].remainder(.tensor($0[1].unary(.abs).add(.scalar(.int(1))))) }
    }

    @Test func reductionsWithDims() throws {
        try gradcheck([m]) { try $0[0].sum() }
        try gradcheck([m]) { try $0[0].sum(dims: [1]) }
        try gradcheck([m]) { try $0[0].sum(dims: [0], keepdim: true) }
        try gradcheck([m]) { try $0[0].mean() }
        try gradcheck([m]) { try $0[0].mean(dims: [1], keepdim: true) }
        try gradcheck([m]) { try $0[0].prod() }
        try gradcheck([m]) { try $0[0].prod(dim: 1) }
        try gradcheck([array([1, 0, 2, 3], dtype: .float64)]) { try $0[0].prod() }
        try gradcheck([m]) { try $0[0].extremum(largest: true) }
        try gradcheck([m]) { try $0[0].extremum(largest: false) }
        try gradcheck([m]) { try $0[0].extremum(largest: true, dim: 1, keepdim: false).values }
        try gradcheck([m]) { try $0[0].extremum(largest: false, dim: 0, keepdim: true).values }
        try gradcheck([m]) { try $0[0].variance(takeRoot: false) }
        try gradcheck([m]) { try $0[0].variance(dims: [1], takeRoot: true) }
        try gradcheck([m]) { try $0[0].norm() }
        try gradcheck([m]) { try $0[0].norm(p: 1, dims: [1]) }
        try gradcheck([m]) { try $0[0].norm(p: 3, dims: [0]) }
        try gradcheck([m]) { try $0[0].softmax(dim: 1, log: false) }
        try gradcheck([m]) { try $0[0].softmax(dim: 0, log: true) }
    }

    @Test func theOpsOnceMissingFromTheseChecks() throws {
        try gradcheck([a]) { try $0[0].unary(.erf) }
        try gradcheck([positive]) { try $0[0].unary(.log1p) }
        try gradcheck([m]) { try $0[0].repeat([2, 1, 2]) }
        try gradcheck([a]) { try Sorting.sort($0[0], dim: 0, descending: false).0 }
        try gradcheck([m]) { try Sorting.topk($0[0], k: 2, dim: 1, largest: false).0 }
        try gradcheck([m]) { try $0[0].maskedFill(Tensor(boolArray([true, false, false, true, false, true], [2, 3])), .double(0.5)) }
        try gradcheck([m]) { try $0[0].gather(dim: 0, index: intArray([1, 0, 1], [1, 3])) }
        try gradcheck([m]) { try $0[0].cumsum(dim: 0) }
    }

    @Test func tiesShareTheGradient() throws {
        let x = Tensor(array([1, 3, 3]), requiresGrad: true)
        try x.extremum(largest: true).backward()
        #expect(values(x.grad!.data) == [0, 0.5, 0.5])
        let y = Tensor(array([1, 3, 3]), requiresGrad: true)
        try y.extremum(largest: true, dim: 0, keepdim: false).values.backward()
        #expect(values(y.grad!.data) == [0, 1, 0])
        let q = Tensor(array([2, 2]), requiresGrad: true)
        try q.extremum(Tensor(array([2, 1])), largest: true).sum().backward()
        #expect(values(q.grad!.data) == [0.5, 1])
        let c = Tensor(array([-1, 0, 0.5, 1, 2]), requiresGrad: true)
        try c.clamp(min: .int(0), max: .int(1)).sum().backward()
        #expect(values(c.grad!.data) == [0, 0, 1, 0, 0])
        let r = Tensor(array([-1, 0, 2]), requiresGrad: true)
        try r.unary(.relu).sum().backward()
        #expect(values(r.grad!.data) == [0, 0, 1])
        let s = Tensor(array([-1, 0, 2]), requiresGrad: true)
        try s.unary(.abs).sum().backward()
        #expect(values(s.grad!.data) == [-1, 0, 1])
        let t = Tensor(array([-1, 0, 0.5, 1, 2]), requiresGrad: true)
        try t.clamp(min: Tensor(try NDArray.zeros([5])), max: Tensor(try NDArray.ones([5]))).sum().backward()
        #expect(values(t.grad!.data) == [0, 0.5, 1, 0.5, 0])
    }

    @Test func everyMatmulRankCombination() throws {
        let v3 = array([0.2, -0.5, 1.1], dtype: .float64), v2 = array([0.4, -0.7], dtype: .float64)
        let mat = array([0.1, 0.2, 0.3, -0.4, 0.5, 0.6], [3, 2], dtype: .float64)
        let batch = array((0..<12).map { Double($0) * 0.1 - 0.5 }, [2, 2, 3], dtype: .float64)
        let batch2 = array((0..<12).map { Double($0) * -0.07 + 0.3 }, [2, 3, 2], dtype: .float64)
        try gradcheck([v3, v3]) { try Tensor.matmul($0[0], $0[1]) }
        try gradcheck([m, v3]) { try Tensor.matmul($0[0], $0[1]) }
        try gradcheck([v2, m]) { try Tensor.matmul($0[0], $0[1]) }
        try gradcheck([m, mat]) { try Tensor.matmul($0[0], $0[1]) }
        try gradcheck([batch, v3]) { try Tensor.matmul($0[0], $0[1]) }
        try gradcheck([batch, mat]) { try Tensor.matmul($0[0], $0[1]) }
        try gradcheck([v2, batch]) { try Tensor.matmul($0[0], $0[1]) }
        try gradcheck([mat, batch]) { try Tensor.matmul($0[0], $0[1]) }
        try gradcheck([batch, batch2]) { try Tensor.matmul($0[0], $0[1]) }
        try gradcheck([batch, batch2]) { try Tensor.bmm($0[0], $0[1]) }
        try gradcheck([array((0..<6).map { Double($0) * 0.2 }, [1, 2, 3], dtype: .float64), batch2]) {
            try Tensor.matmul($0[0], $0[1])
        }
        // Without grad on the smaller operand the batched path runs instead of folding.
        let constant = Tensor(mat)
        try gradcheck([batch]) { try Tensor.matmul(constant, $0[0]) }
    }

    @Test func shapesViewsAndJoins() throws {
        try gradcheck([m]) { try $0[0].view([3, 2]).mul(.scalar(.int(2))) }
        try gradcheck([m]) { try $0[0].t().reshape([6]) }
        try gradcheck([m]) { try $0[0].reversedDims.flatten() }
        try gradcheck([m]) { try $0[0].permute([1, 0]).contiguous() }
        try gradcheck([m]) { try $0[0].unsqueeze(0).expand([4, 2, 3]) }
        try gradcheck([m]) { try $0[0].unsqueeze(1).squeeze() }
        try gradcheck([m]) { try $0[0].transpose(0, 1).clone() }
        try gradcheck([m, m]) { try Tensor.cat([$0[0], $0[1]], dim: 1) }
        try gradcheck([a, b]) { try Tensor.stack([$0[0], $0[1]], dim: 1) }
        try gradcheck([m]) { try $0[0].split(size: 2, dim: 1)[1].mul(.scalar(.int(3))) }
        try gradcheck([m]) { try $0[0].chunk(3, dim: 1)[2] }
        try gradcheck([m]) { try $0[0].unbind(dim: 0)[1] }
        try gradcheck([m]) { try $0[0].split(sizes: [1, 2], dim: 1)[1] }
    }

    @Test func indexingAndIndexAssignment() throws {
        try gradcheck([m]) { try $0[0].index([.int(1)], isTuple: false) }
        try gradcheck([m]) { try $0[0].index([.slice(start: nil, stop: nil, step: nil), .int(-1)], isTuple: true) }
        try gradcheck([m]) { try $0[0].index([.slice(start: 0, stop: 3, step: 2)], isTuple: false) }
        try gradcheck([m]) { try $0[0].index([.newAxis, .ellipsis, .int(0)], isTuple: true) }
        try gradcheck([m]) { try $0[0].index([.array(intArray([1, 1, 0]))], isTuple: false) }
        try gradcheck([m]) { try $0[0].index([.slice(start: nil, stop: nil, step: nil), .array(intArray([2, 0, 2]))], isTuple: true) }
        let mask = boolArray([true, false, true, false, true, true], [2, 3])
        try gradcheck([m]) { try $0[0].index([.array(mask)], isTuple: false) }
        // Assignment: the overwritten places get no gradient; a tensor value gets its share.
        try gradcheck([m, b]) { inputs in
            let y = try inputs[0].mul(.scalar(.int(2)))
            try y.setItem([.int(0)], isTuple: false, value: .tensor(inputs[1]))
            return y
        }
        try gradcheck([m]) { inputs in
            let y = try inputs[0].mul(.scalar(.int(2)))
            try y.setItem([.slice(start: nil, stop: nil, step: nil), .int(1)], isTuple: true, value: .scalar(.int(0)))
            return y
        }
        try gradcheck([m]) { inputs in
            let y = try inputs[0].mul(.scalar(.int(2)))
            try y.setItem([.array(mask)], isTuple: false, value: .scalar(.int(0)))
            return y
        }
        try gradcheck([a, array([5, 6], dtype: .float64)]) { inputs in
            let y = try inputs[0].mul(.scalar(.int(2)))
            try y.setItem([.array(intArray([0, 2]))], isTuple: false, value: .tensor(inputs[1]))
            return y
        }
        try gradcheck([m]) { inputs in
            let y = try inputs[0].mul(.scalar(.int(2)))
            let v = try y.index([.int(0)], isTuple: false)
            try v.mulInPlace(.scalar(.int(3)))
            return y
        }
    }

    @Test func conversionsCastTheGradientBack() throws {
        let x = Tensor(array([1, 2]), requiresGrad: true)
        let y = x.to(.float64)
        #expect(y.gradFn?.name == "ToCopyBackward0")
        try y.mul(.scalar(.int(3))).sum().backward()
        #expect(x.grad?.dtype == .float32 && values(x.grad!.data) == [3, 3])
        #expect(x.to(.float32) === x)
    }

    @Test func inPlaceOps() throws {
        try gradcheck([a, b]) { inputs in
            let y = try inputs[0].mul(.scalar(.int(2)))
            try y.addInPlace(.tensor(inputs[1]))
            try y.mulInPlace(.tensor(inputs[1]))
            try y.subInPlace(.scalar(.int(1)))
            try y.divInPlace(.tensor(try inputs[1].unary(.abs).add(.scalar(.int(1)))))
            return y
        }
        // Each of these saves its result or input, so a second in-place change would be
        // (rightly) reported; one per graph.
        for op in [UnaryOp.tanh, .exp, .sigmoid, .relu, .neg] {
            try gradcheck([a]) { inputs in
                let y = try inputs[0].mul(.scalar(.int(1)))
                try y.unaryInPlace(op)
                return y
            }
        }
        try gradcheck([a]) { inputs in
            let y = try inputs[0].mul(.scalar(.int(1)))
            try y.powInPlace(.scalar(.int(2)))
            return y
        }
        try gradcheck([a]) { inputs in
            let y = try inputs[0].mul(.scalar(.int(1)))
            try y.clampInPlace(min: .double(-1), max: .double(1))
            return y
        }
        try gradcheck([a, b]) { inputs in
            let y = try inputs[0].mul(.scalar(.int(2)))
            try y.copyInPlace(from: inputs[1])
            return y
        }
    }
}
