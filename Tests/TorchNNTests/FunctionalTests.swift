import Autograd
import TestSupport
import Testing
import TorchNN

/// torch.nn.functional losses and linear: values and gradients recorded from PyTorch 2.15.
struct FunctionalTests {
    static let logits = array([0.5, -1.2, 2.0, 1.5, 0.3, -0.7, -0.2, 0.8, 0.1], [3, 3])
    static let probabilities = array([0.2, 0.3, 0.5, 0.6, 0.1, 0.3, 0.3, 0.3, 0.4], [3, 3])
    static let classes = intArray([2, 0, 1])

    /// Runs `loss` on fresh logits, backpropagates its sum, and compares both with PyTorch.
    func check(_ expectedLoss: [Double], _ expectedGrad: [Double], sourceLocation: SourceLocation = #_sourceLocation,
               _ loss: (Tensor) throws -> Tensor) throws {
        let x = Tensor(Self.logits.contiguousCopy(), requiresGrad: true)
        let out = try loss(x)
        expectClose(out.data, expectedLoss, rtol: 1e-6, atol: 1e-7, sourceLocation: sourceLocation)
        try out.sum().backward()
        expectClose(try #require(x.grad).data, expectedGrad, rtol: 1e-5, atol: 1e-7, sourceLocation: sourceLocation)
    }

    @Test func crossEntropyWithEachReduction() throws {
        let target = Tensor(Self.classes)
        try check([0.4007251560688019], [0.058847349137067795, 0.010750440880656242, -0.06959780305624008, -0.09726111590862274,
                                         0.07110358029603958, 0.026157546788454056, 0.06577034294605255, -0.15455101430416107,
                                         0.08878068625926971]) { try Functional.crossEntropy($0, target) }
        let summed = [0.17654204368591309, 0.03225132077932358, -0.20879340171813965, -0.29178333282470703, 0.21331073343753815,
                      0.07847263664007187, 0.19731101393699646, -0.463653028011322, 0.26634204387664795]
        try check([1.202175498008728], summed) { try Functional.crossEntropy($0, target, reduction: .sum) }
        try check([0.23419617116451263, 0.34500524401664734, 0.6229740381240845], summed) {
            try Functional.crossEntropy($0, target, reduction: .none)
        }
        try check([1.27405846118927], [-0.007819315418601036, -0.08924956619739532, 0.0970688909292221, 0.03607223182916641,
                                       0.03777025267481804, -0.07384245842695236, -0.03422966226935387, 0.0787823349237442,
                                       -0.044552646577358246]) { try Functional.crossEntropy($0, Tensor(Self.probabilities)) }
        try check([0.42858511209487915], [0.08827102184295654, 0.01612566038966179, -0.10439670085906982, 0, 0, 0,
                                          0.09865550696849823, -0.231826514005661, 0.13317102193832397]) {
            try Functional.crossEntropy($0, Tensor(intArray([2, -100, 1])))
        }
    }

    @Test func regressionAndBinaryLosses() throws {
        let p = Tensor(Self.probabilities)
        try check([0.7811111211776733], [0.06666667014360428, -0.3333333432674408, 0.3333333432674408, 0.20000000298023224,
                                         0.04444444924592972, -0.2222222238779068, -0.1111111119389534, 0.1111111119389534,
                                         -0.06666667014360428]) { try Functional.mseLoss($0, p) }
        let bceGrad = [0.04693992808461189, -0.0076138656586408615, 0.04231077805161476, 0.02417493611574173, 0.052715834230184555,
                       0.0035346911754459143, 0.016685111448168755, 0.043330494314432144, 0.013886573724448681]
        try check([0.7952086329460144], bceGrad) { try Functional.binaryCrossEntropy(try $0.unary(.sigmoid), p) }
        try check([0.7952086329460144], bceGrad) { try Functional.binaryCrossEntropyWithLogits($0, p) }
        let third = 0.1111111119389534
        try check([0.7444444298744202], [third, -third, third, third, third, -third, -third, third, -third]) {
            try Functional.l1Loss($0, p)
        }
    }

    @Test func linear() throws {
        let w = Tensor(array([1, 2, 3, 0.5, -1, 0], [2, 3])), b = Tensor(array([0.1, -0.2]))
        try check([6.5], [1.5, 1, 3, 1.5, 1, 3, 1.5, 1, 3]) { try Functional.linear($0, weight: w, bias: b).sum() }
        expectTensorError(.runtimeError, "addmm: mat1 and mat2 shapes cannot be multiplied (2x5 and 4x3)") {
            _ = try Functional.linear(Tensor(try NDArray.zeros([2, 5])), weight: Tensor(try NDArray.zeros([3, 4])),
                                      bias: Tensor(try NDArray.zeros([3])))
        }
    }

    @Test func lossErrors() {
        let x = Tensor(try! NDArray.zeros([5, 3]))
        expectTensorError(.indexError, "Target 5 is out of bounds.") {
            _ = try Functional.crossEntropy(x, Tensor(intArray([0, 2, 1, 1, 5])))
        }
        expectTensorError(.runtimeError, "expected target dtype to be Long or Byte, but got Float") {
            _ = try Functional.crossEntropy(x, Tensor(array([0, 2, 1, 1, 0])))
        }
        expectTensorError(.valueError, "Expected input batch_size (5) to match target batch_size (3).") {
            _ = try Functional.crossEntropy(x, Tensor(intArray([0, 2, 1])))
        }
        expectTensorError(.valueError, "Target size (torch.Size([5, 2])) must be the same as input size (torch.Size([5, 3]))") {
            _ = try Functional.binaryCrossEntropyWithLogits(x, Tensor(try NDArray.zeros([5, 2])))
        }
        expectTensorError(.valueError, "foo is not a valid value for reduction") { _ = try Reduction(parsing: "foo") }
    }

    @Test func lossesPassGradcheck() throws {
        let x = Self.logits.to(.float64), p = Tensor(Self.probabilities.to(.float64))
        try gradcheck([x]) { try Functional.crossEntropy($0[0], Tensor(Self.classes)) }
        try gradcheck([x]) { try Functional.crossEntropy($0[0], p) }
        try gradcheck([x]) { try Functional.mseLoss($0[0], p, reduction: .none) }
        try gradcheck([x]) { try Functional.binaryCrossEntropyWithLogits($0[0], p) }
        try gradcheck([x]) { try Functional.binaryCrossEntropy(try $0[0].unary(.sigmoid), p) }
        try gradcheck([x]) { try Functional.leakyRelu($0[0], negativeSlope: 0.1) }
        try gradcheck([x]) { try Functional.gelu($0[0]) }
        try gradcheck([x, array([1, 2, 3, 0.5, -1, 0], [2, 3], dtype: .float64), array([0.1, -0.2], dtype: .float64)]) {
            try Functional.linear($0[0], weight: $0[1], bias: $0[2])
        }
    }

    @Test func lossesPassGradgradcheck() throws {
        let x = Self.logits.to(.float64), p = Tensor(Self.probabilities.to(.float64))
        try gradgradcheck([x]) { try Functional.crossEntropy($0[0], Tensor(Self.classes)) }
        try gradgradcheck([x]) { try Functional.crossEntropy($0[0], Tensor(Self.classes), reduction: .none) }
        try gradgradcheck([x]) { try Functional.nllLoss($0[0].mul(.tensor($0[0])), Tensor(Self.classes), reduction: .sum) }
        try gradgradcheck([x]) { try Functional.crossEntropy($0[0], p) }
        try gradgradcheck([x, Self.probabilities.to(.float64)]) { try Functional.mseLoss($0[0], $0[1], reduction: .mean) }
        try gradgradcheck([x]) { try Functional.binaryCrossEntropyWithLogits($0[0], p) }
        try gradgradcheck([x]) { try Functional.binaryCrossEntropy(try $0[0].unary(.sigmoid), p) }
        try gradgradcheck([x]) { try Functional.leakyRelu($0[0], negativeSlope: 0.1).mul(.tensor($0[0])) }
        try gradgradcheck([x]) { try Functional.gelu($0[0]) }
        try gradgradcheck([x, array([1, 2, 3, 0.5, -1, 0], [2, 3], dtype: .float64), array([0.1, -0.2], dtype: .float64)]) {
            try Functional.linear($0[0], weight: $0[1], bias: $0[2]).pow(.scalar(.int(2)))
        }
    }
}
