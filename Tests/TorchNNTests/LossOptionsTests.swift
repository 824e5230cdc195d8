import Autograd
import TestSupport
import Testing
import TorchNN

/// The loss keywords tsh honours (weight, ignore_index, label_smoothing, pos_weight) and the
/// tanh GELU, against numbers computed independently (numpy, float64), with gradchecks.
struct LossOptionsTests {
    let logits = array([1, 2, 3, 1, 0, -1, 0.5, 0.2, 0.1], [3, 3], dtype: .float64)
    let classes = Tensor(intArray([2, 0, 1]))
    let weight = Tensor(array([1, 2, 3], dtype: .float64))

    func value(_ t: Tensor) -> Double { t.data.scalars[0].doubleValue }

    @Test func classWeightsIgnoreIndexAndLabelSmoothing() throws {
        let x = Tensor(logits)
        #expect(abs(value(try Functional.crossEntropy(x, classes, weight: weight)) - 0.6651036249097887) < 1e-12)
        #expect(abs(value(try Functional.crossEntropy(x, classes, weight: weight, reduction: .sum)) - 3.9906217494587324) < 1e-12)
        #expect(abs(value(try Functional.crossEntropy(x, classes, ignoreIndex: 1)) - 0.40760596444438024) < 1e-12)
        #expect(abs(value(try Functional.crossEntropy(x, classes, labelSmoothing: 0.1)) - 0.7295480693542331) < 1e-12)
        #expect(abs(value(try Functional.crossEntropy(x, classes, weight: weight, labelSmoothing: 0.1)) - 0.7317702915764553) < 1e-12)
        try gradcheck([logits]) { try Functional.crossEntropy($0[0], classes, weight: weight, labelSmoothing: 0.2) }
        try gradcheck([logits]) { try Functional.crossEntropy($0[0], classes, weight: weight, reduction: .none, ignoreIndex: 0) }
        try gradgradcheck([logits]) { try Functional.crossEntropy($0[0], classes, weight: weight, labelSmoothing: 0.1) }
    }

    @Test func binaryLossWeightsAndPositiveWeights() throws {
        let z = array([0.5, -1, 2], dtype: .float64), y = array([1, 0, 1], dtype: .float64)
        let posWeight = Tensor(array([2, 2, 2], dtype: .float64)), w = Tensor(array([1, 0.5, 2], dtype: .float64))
        let input = Tensor(z, requiresGrad: true)
        let loss = try Functional.binaryCrossEntropyWithLogits(input, Tensor(y), weight: w, posWeight: posWeight)
        #expect(abs(value(loss) - 0.5374989520970715) < 1e-12)
        try loss.backward()
        expectClose(input.grad!.data, [-0.25169378, 0.04482357, -0.15893723], rtol: 1e-7, atol: 1e-9)
        try gradcheck([z, y]) { try Functional.binaryCrossEntropyWithLogits($0[0], $0[1], weight: w, posWeight: posWeight) }
        try gradgradcheck([z]) { try Functional.binaryCrossEntropyWithLogits($0[0], Tensor(y), posWeight: posWeight) }
        let p = Tensor(array([0.2, 0.7, 0.9], dtype: .float64))
        #expect(abs(value(try Functional.binaryCrossEntropy(p, Tensor(y), weight: w)) - 0.807381781970907) < 1e-12)
        try gradcheck([array([0.2, 0.7, 0.9], dtype: .float64)]) { try Functional.binaryCrossEntropy($0[0], Tensor(y), weight: w) }
    }

    @Test func tanhGeluAndInPlaceLeakyReLU() throws {
        let v = array([-1, 0.5, 2], dtype: .float64)
        expectClose(try Functional.geluTanh(Tensor(v)).data, [-0.15880801, 0.34571401, 1.95459769], rtol: 1e-7, atol: 1e-9)
        try gradcheck([v]) { try Functional.geluTanh($0[0]) }
        try gradgradcheck([v]) { try Functional.geluTanh($0[0]) }
        let leaf = Tensor(array([-2, 3], dtype: .float64), requiresGrad: true)
        let h = try leaf.mul(.scalar(.int(1)))
        try Functional.leakyReluInPlace(h, negativeSlope: 0.1)
        #expect(values(h.data) == [-0.2, 3] && h.gradFn?.className == "LeakyReluBackward1")
        try h.sum().backward()
        #expect(values(leaf.grad!.data) == [0.1, 1])
    }

    @Test func amaxOverSeveralDimsSharesTies() throws {
        let x = Tensor(array([1, 5, 5, 2, 0, 5], [2, 3], dtype: .float64), requiresGrad: true)
        let top = try x.amax(dims: [0, 1], keepdim: false, largest: true)
        #expect(values(top.data) == [5] && top.gradFn?.className == "AmaxBackward0")
        try top.backward()
        expectClose(x.grad!.data, [0, 1.0 / 3, 1.0 / 3, 0, 0, 1.0 / 3])
        try gradcheck([array([1, 4, 2, 3, 0, 5], [2, 3], dtype: .float64)]) { try $0[0].amax(dims: [1], keepdim: true, largest: false) }
    }
}
