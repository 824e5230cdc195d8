import Autograd
import Testing

/// Random numbers and printing together, as a learner first meets them.
struct RandomPrintingTests {
    @Test func randnAfterManualSeedPrintsAsPyTorch() throws {
        let g = Generator()
        g.manualSeed(Int64(0))
        let t = Tensor(try NDArray.randn([3, 4], generator: g))
        #expect(TensorFormatter.repr(t) == """
            tensor([[ 1.5410, -0.2934, -2.1788,  0.5684],
                    [-1.0845, -1.3986,  0.4033,  0.8380],
                    [-0.7193, -0.4033, -0.5966,  0.1820]])
            """)
    }
}
