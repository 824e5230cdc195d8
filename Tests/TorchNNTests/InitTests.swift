import Autograd
import TestSupport
import Testing
import TorchNN

/// torch.nn.init against values recorded from PyTorch 2.15 (the first elements' exact
/// bits and the generator's next draws).
struct InitTests {
    /// The first four elements' bits and the next two randint(0, 2^31) draws, as torch printed them.
    static func check(_ t: NDArray, _ g: Generator, first: [String], next: [Int64],
                      sourceLocation: SourceLocation = #_sourceLocation) throws {
        let got: [UInt64] = t.scalars.prefix(4).map { $0.doubleValue.bitPattern }
        let expected: [UInt64] = first.map { Double($0)!.bitPattern }
        #expect(got == expected, sourceLocation: sourceLocation)
        let draws: [Int64] = try NDArray.randint(high: 1 << 31, [2], generator: g).scalars.map(\.int64Value)
        #expect(draws == next, sourceLocation: sourceLocation)
    }

    @Test func kaimingNormalFanOutRelu() throws {
        let g = Generator(); g.manualSeed(Int64(0))
        let w = try NDArray.empty([3, 5])
        try Init.kaimingNormal(w, mode: "fan_out", nonlinearity: "relu", generator: g)
        try Self.check(w, g, first: ["0x1.421a940000000p+0", "-0x1.eaaadc0000000p-3", "-0x1.c76ad80000000p+0", "0x1.db42da0000000p-2"],
                       next: [1_581_585_360, 1_963_466_437])
    }

    @Test func xavierUniformWithTanhGain() throws {
        let g = Generator(); g.manualSeed(Int64(1))
        let w = try NDArray.empty([4, 6])
        try Init.xavierUniform(w, gain: try Init.calculateGain("tanh"), generator: g)
        try Self.check(w, g, first: ["0x1.5495580000000p-1", "-0x1.23bf080000000p-1", "-0x1.0047da0000000p-2", "0x1.363f6e0000000p-1"],
                       next: [1_904_615_676, 986_026_652])
    }

    @Test func xavierNormalFloat64() throws {
        let g = Generator(); g.manualSeed(Int64(2))
        let w = try NDArray.empty([2, 3], dtype: .float64)
        try Init.xavierNormal(w, generator: g)
        try Self.check(w, g, first: ["0x1.fc21405c6312fp-3", "-0x1.219355b995851p-3", "-0x1.9dd6b95d918afp-3", "-0x1.8636375b75321p-1"],
                       next: [854_108_747, 515_183_663])
    }

    @Test func kaimingUniformDefaults() throws {
        let g = Generator(); g.manualSeed(Int64(3))
        let w = try NDArray.empty([20, 30])
        try Init.kaimingUniform(w, generator: g)
        try Self.check(w, g, first: ["-0x1.c60ab20000000p-2", "-0x1.6941a60000000p-2", "-0x1.884a7a0000000p-3", "-0x1.b1424c0000000p-2"],
                       next: [416_202_140, 2_073_630_700])
    }

    @Test func gainsConstantsAndErrors() throws {
        #expect(try Init.calculateGain("leaky_relu", param: 0.2) == 1.3867504905630728)
        #expect(try Init.calculateGain("selu") == 0.75)
        #expect(try Init.calculateGain("relu") == Double(2).squareRoot())
        let t = try NDArray.empty([2, 2])
        try Init.ones(t)
        #expect(values(t) == [1, 1, 1, 1])
        try Init.constant(t, .double(0.5))
        #expect(values(t) == [0.5, 0.5, 0.5, 0.5])
        try Init.zeros(t)
        #expect(values(t) == [0, 0, 0, 0])
        let g = Generator()
        expectTensorError(.valueError, "Fan in and fan out can not be computed for tensor with fewer than 2 dimensions") {
            try Init.xavierUniform(try NDArray.empty([3]), generator: g)
        }
        expectTensorError(.valueError, "Unsupported nonlinearity foo") { _ = try Init.calculateGain("foo") }
        expectTensorError(.valueError, "Mode fan_x not supported, please use one of ['fan_in', 'fan_out']") {
            try Init.kaimingUniform(try NDArray.empty([2, 2]), mode: "fan_x", generator: g)
        }
    }
}
