import TensorCore
import TestSupport
import Testing

/// The generator's seeds and state, and the sampling functions' checks.
struct RandomTests {
    @Test func seedsAndInitialSeed() {
        #expect(Generator().initialSeed == 67_280_421_310_721)
        let g = Generator()
        g.manualSeed(Int64(-5))
        #expect(g.initialSeed == 18_446_744_073_709_551_611)
        // Only the low 32 bits of the seed enter the state.
        let a = Generator(), b = Generator()
        a.manualSeed(UInt64(7))
        b.manualSeed(UInt64(7) + (1 << 32))
        #expect((0..<5).map { _ in a.random() } == (0..<5).map { _ in b.random() })
        let n = Generator()
        let seed = n.seedNondeterministically()
        #expect(n.initialSeed == seed)
    }

    @Test func stateRoundTripsWithTheNormalCache() throws {
        let g = Generator()
        g.manualSeed(Int64(3))
        _ = try NDArray.randn([1], generator: g)
        let state = g.getState()
        #expect(state.count == 5056)
        let expected = try NDArray.randn([5], generator: g).scalars
        let h = Generator()
        try h.setState(state)
        #expect(h.getState() == state)
        #expect(try NDArray.randn([5], generator: h).scalars == expected)
        expectTensorError(.runtimeError, "Expected a CPUGeneratorImplState of size 5056 but found the input RNG state size to be 3") {
            try h.setState([1, 2, 3])
        }
        var broken = state
        broken[8] = 0; broken[9] = 0; broken[10] = 0; broken[11] = 0
        expectTensorError(.runtimeError, "Invalid mt19937 state") { try h.setState(broken) }
    }

    @Test func manualSeedClearsTheNormalCache() throws {
        let g = Generator()
        g.manualSeed(Int64(0))
        _ = try NDArray.randn([1], generator: g)
        #expect(g.nextDoubleNormal != nil)
        g.manualSeed(Int64(0))
        #expect(g.nextDoubleNormal == nil)
    }

    @Test func transposedViewsFillInMemoryOrder() throws {
        let g = Generator()
        g.manualSeed(Int64(0))
        let reference = try NDArray.randn([12], generator: g)
        g.manualSeed(Int64(0))
        let t = try NDArray.empty([5, 4]).t()
        try t.normal(generator: g)
        // A non-contiguous view takes the scalar path, in memory order.
        let memory = try t.t().contiguous().reshape([20])
        #expect(Array(memory.scalars.prefix(12)) == reference.scalars)
    }

    @Test func likeFactoriesKeepShapeAndDtype() throws {
        let g = Generator()
        let a = try NDArray.zeros([2, 3], dtype: .float64)
        #expect(try NDArray.rand(like: a, normal: true, generator: g).dtype == .float64)
        #expect(try NDArray.rand(like: a, normal: false, generator: g).shape == [2, 3])
        let i = try NDArray.randint(like: intArray([1, 2]), high: 5, generator: g)
        #expect(i.dtype == .int64 && values(i).allSatisfy { $0 >= 0 && $0 < 5 })
    }

    @Test func errorMessages() {
        let g = Generator()
        expectTensorError(.runtimeError, "uniform_ expects to return a [from, to) range, but found from=1 > to=0") {
            try NDArray.empty([3]).uniform(from: 1, to: 0, generator: g)
        }
        expectTensorError(.runtimeError,
            "uniform_ expects to-from <= std::numeric_limits<Float>::max(), but found to=3e+38 and from=-3e+38 which result in to-from to exceed the limit") {
            try NDArray.empty([3]).uniform(from: -3e38, to: 3e38, generator: g)
        }
        expectTensorError(.runtimeError, "normal expects std >= 0.0, but found std -1") {
            try NDArray.empty([3]).normal(mean: 0, std: -1, generator: g)
        }
        expectTensorError(.runtimeError, "random_ expects 'from' to be less than 'to', but got from=5 >= to=2") {
            _ = try NDArray.randint(low: 5, high: 2, [3], generator: g)
        }
        expectTensorError(.runtimeError, "to - 1 is out of bounds for bool") {
            _ = try NDArray.randint(low: 0, high: 3, [2], dtype: .bool, generator: g)
        }
        expectTensorError(.runtimeError, "bernoulli_ expects p to be in [0, 1], but got p=1.5") {
            try NDArray.empty([3]).bernoulli(p: 1.5, generator: g)
        }
        expectTensorError(.notImplementedError, "\"normal_kernel_cpu\" not implemented for 'Long'") {
            _ = try NDArray.randn([2], dtype: .int64, generator: g)
        }
        expectTensorError(.notImplementedError, "\"check_uniform_bounds\" not implemented for 'Long'") {
            _ = try NDArray.rand([2], dtype: .int64, generator: g)
        }
        expectTensorError(.valueError, "dropout probability has to be between 0 and 1, but got 1.5") {
            _ = try NDArray.ones([2]).dropout(p: 1.5, generator: g)
        }
        expectTensorError(.runtimeError, "Trying to create tensor with negative dimension -1: [-1]") {
            _ = try NDArray.randperm(-1, generator: g)
        }
        expectTensorError(.valueError, "num_samples should be a positive integer value, but got num_samples=0") {
            _ = try RandomSamplerIterator(count: 0, generator: nil, global: g)
        }
    }

    @Test func dropoutEdgeProbabilitiesDrawNothing() throws {
        let g = Generator()
        g.manualSeed(Int64(0))
        let x = array([-1, 2])
        #expect(try x.dropout(p: 0, generator: g).storage === x.storage)
        let zeroed = values(try x.dropout(p: 1, generator: g))
        #expect(zeroed[0] == 0 && zeroed[0].sign == .minus && zeroed[1] == 0)
        #expect(g.random() == 2_357_136_044)
    }
}
