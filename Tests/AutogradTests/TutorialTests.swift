import Autograd
import TestSupport
import Testing
import TorchNN

/// The autograd chapter of PyTorch's tutorial, reproduced exactly.
struct TutorialTests {
    @Test func bceWithLogitsGradientsOfWeightsAndBias() throws {
        let g = Generator()
        g.manualSeed(Int64(0))
        let x = Tensor(try NDArray.ones([5])), y = Tensor(try NDArray.zeros([3]))
        let w = Tensor(try NDArray.randn([5, 3], generator: g), requiresGrad: true)
        let b = Tensor(try NDArray.randn([3], generator: g), requiresGrad: true)
        let z = try Tensor.matmul(x, w).add(.tensor(b))
        #expect(z.gradFn?.name == "AddBackward0")
        #expect(z.gradFn?.nextFunctions.map { $0.node?.name } == ["SqueezeBackward4", "torch::autograd::AccumulateGrad"])
        let loss = try Functional.binaryCrossEntropyWithLogits(z, y)
        #expect(TensorFormatter.repr(loss) == "tensor(0.6819, grad_fn=<BinaryCrossEntropyWithLogitsBackward0>)")
        try loss.backward()
        #expect(TensorFormatter.repr(try #require(w.grad)) == """
            tensor([[0.2661, 0.1179, 0.0027],
                    [0.2661, 0.1179, 0.0027],
                    [0.2661, 0.1179, 0.0027],
                    [0.2661, 0.1179, 0.0027],
                    [0.2661, 0.1179, 0.0027]])
            """)
        #expect(TensorFormatter.repr(try #require(b.grad)) == "tensor([0.2661, 0.1179, 0.0027])")
    }

    @Test func jacobianProductsAccumulateUntilZeroed() throws {
        let inp = Tensor(try NDArray.eye(4, 5), requiresGrad: true)
        let out = try inp.add(.scalar(.int(1))).pow(.scalar(.int(2))).t()
        #expect(out.gradFn?.name == "TBackward0")
        let ones = Tensor(try NDArray.full(like: out.data, .int(1)))
        try out.backward(gradient: ones, retainGraph: true)
        let first = """
            tensor([[4., 2., 2., 2., 2.],
                    [2., 4., 2., 2., 2.],
                    [2., 2., 4., 2., 2.],
                    [2., 2., 2., 4., 2.]])
            """
        #expect(TensorFormatter.repr(try #require(inp.grad)) == first)
        try out.backward(gradient: ones, retainGraph: true)
        #expect(TensorFormatter.repr(try #require(inp.grad)) == """
            tensor([[8., 4., 4., 4., 4.],
                    [4., 8., 4., 4., 4.],
                    [4., 4., 8., 4., 4.],
                    [4., 4., 4., 8., 4.]])
            """)
        try inp.grad!.zeroInPlace()
        try out.backward(gradient: ones, retainGraph: true)
        #expect(TensorFormatter.repr(try #require(inp.grad)) == first)
    }
}
