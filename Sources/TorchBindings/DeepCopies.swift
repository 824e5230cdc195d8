import Autograd
import Interpreter
import TorchNN

/// copy.deepcopy of torch objects, as PyTorch makes them: a leaf tensor's data and grad
/// copied (a Parameter stays one), a module rebuilt with copied parameters and children,
/// a state_dict with copied tensors. Tensors met twice stay shared in the copy.
extension TensorObject: DeepCopyable {
    func deepCopy(_ copier: DeepCopier, _ interp: Interpreter) throws -> Value {
        .object(try TensorObject.copy(tensor, copier))
    }

    static func copy(_ t: Tensor, _ copier: DeepCopier) throws -> TensorObject {
        if case .object(let o)? = copier.copied(t), let done = o as? TensorObject { return done }
        guard t.gradFn == nil else {
            throw PyError.runtime("Only Tensors created explicitly by the user (graph leaves) support the deepcopy protocol at the moment.  If you were attempting to deepcopy a module, this may be because of a torch.nn.utils.weight_norm usage, see https://github.com/pytorch/pytorch/pull/103001")
        }
        let copy = Tensor(t.data.contiguousCopy(), requiresGrad: t.requiresGrad, isParameter: t.isParameter)
        if let g = t.grad { copy.grad = Tensor(g.data.contiguousCopy()) }
        guard case .object(let o) = TensorObject.wrap(copy), let object = o as? TensorObject else { preconditionFailure("wrap gives a TensorObject") }
        copier.remember(t, .object(object))
        return object
    }
}

extension ModuleInstance: DeepCopyable {
    func deepCopy(_ copier: DeepCopier, _ interp: Interpreter) throws -> Value {
        let module = Module(typeName: self.module.typeName, layer: self.module.layer)
        module.training = self.module.training
        let copy = ModuleInstance(kind: kind, module: module)
        copier.remember(self, .object(copy))
        for (name, tensor) in self.module.parameters {
            module.setParameter(name, try tensor.map { try TensorObject.copy($0, copier).tensor })
        }
        for (name, child) in submodules {
            guard case .object(let o) = try copier.copy(.object(child)), let c = o as? ModuleInstance else { continue }
            copy.addChild(name, c)
        }
        for (name, value) in attributes { copy.attributes[name] = try copier.copy(value) }
        return .object(copy)
    }
}

extension OrderedDictObject: DeepCopyable {
    func deepCopy(_ copier: DeepCopier, _ interp: Interpreter) throws -> Value {
        guard case .dict(let d) = try copier.copy(.dict(dict)) else { return .object(self) }
        return .object(OrderedDictObject(d))
    }
}
