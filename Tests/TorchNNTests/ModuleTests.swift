import Autograd
import TestSupport
import Testing
import TorchNN

/// nn.Module in the engine: parameter order, state_dict, and load_state_dict's checks with
/// PyTorch's messages.
struct ModuleTests {
    func network() throws -> Module {
        let g = Generator(seed: 0)
        let net = Module(typeName: "Net")
        let stack = Module(typeName: "Sequential")
        stack.setChild("0", try LinearLayer.module(inFeatures: 3, outFeatures: 2, bias: true, dtype: .float32, generator: g))
        stack.setChild("1", Module(typeName: "ReLU", layer: ActivationLayer(.relu)))
        stack.setChild("2", try LinearLayer.module(inFeatures: 2, outFeatures: 1, bias: false, dtype: .float32, generator: g))
        net.setChild("stack", stack)
        return net
    }

    @Test func stateDictNamesParametersInRegistrationOrder() throws {
        let net = try network()
        #expect(net.stateDict().map(\.0) == ["stack.0.weight", "stack.0.bias", "stack.2.weight"])
        #expect(net.stateDict().allSatisfy { !$0.1.requiresGrad })
        #expect(net.stateDict(prefix: "m.", keepVars: true).first.map { $0.0 == "m.stack.0.weight" && $0.1.requiresGrad } == true)
        net.train(false)
        #expect(net.allModules.allSatisfy { !$0.training })
    }

    @Test func loadStateDictCopiesAndReportsLikePyTorch() throws {
        let net = try network(), other = try network()
        let source = other.stateDict()
        _ = try net.loadStateDict(source)
        #expect(values(net.stateDict()[0].1.data) == values(source[0].1.data))
        // Missing and unexpected keys: PyTorch's order (missing first) and wording.
        let partial = [("stack.0.weight", source[0].1), ("extra", source[1].1)]
        expectTensorError(.runtimeError, """
            Error(s) in loading state_dict for Net:
            \tMissing key(s) in state_dict: "stack.0.bias", "stack.2.weight". 
            \tUnexpected key(s) in state_dict: "extra". 
            """) { _ = try net.loadStateDict(partial) }
        let keys = try net.loadStateDict(partial, strict: false)
        #expect(keys.missing == ["stack.0.bias", "stack.2.weight"] && keys.unexpected == ["extra"])
        let wrong = [("stack.0.weight", Tensor(try NDArray.zeros([3, 3])))] + source.dropFirst()
        expectTensorError(.runtimeError, """
            Error(s) in loading state_dict for Net:
            \tsize mismatch for stack.0.weight: copying a param with shape torch.Size([3, 3]) from checkpoint, the shape in current model is torch.Size([2, 3]).
            """) { _ = try net.loadStateDict(Array(wrong)) }
    }

    @Test func layersComputeTheirForward() throws {
        let net = try network()
        let x = Tensor(try NDArray.ones([4, 3]))
        var h = x
        for (_, child) in net.children[0].module.children {
            h = try child.layer!.forward([h], module: child, generator: Generator(seed: 0))
        }
        #expect(h.shape == [4, 1] && h.gradFn != nil)
        let dropout = Module(typeName: "Dropout", layer: try DropoutLayer(p: 0.5, inplace: false))
        dropout.train(false)
        #expect(try dropout.layer!.forward([x], module: dropout, generator: Generator(seed: 0)) === x)
        #expect(throws: TensorError.self) { _ = try DropoutLayer(p: 1.5, inplace: false) }
    }
}
