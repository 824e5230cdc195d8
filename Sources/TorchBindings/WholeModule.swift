import Autograd
import Interpreter
import TorchNN
import TorchSerialization

/// `torch.save(model)` and `torch.load(path, weights_only=False)` of a whole nn.Module.
///
/// The format is tsh's, in PyTorch's container (zip + protocol-2 pickle) and pickled the way
/// Python pickles an instance: `GLOBAL module Class`, empty arguments, `NEWOBJ`, then
/// `BUILD` with a dict of the instance's state:
/// - `training` (bool), `_parameters` (OrderedDict name → Parameter or None), `_buffers`
///   (OrderedDict name → Tensor or None), `_non_persistent_buffers_set` (a list of names),
///   `_modules` (OrderedDict name → module, each pickled the same way);
/// - for a built-in layer (class `torch.nn.modules.<file> <Name>`), `_tsh_init`: the
///   constructor's arguments as a tuple `(positional, keywords)`, so loading rebuilds the
///   layer with the same configuration (without drawing random numbers) and then takes the
///   saved parameters and buffers;
/// - for a class written in the script or shell (`__main__ <Name>`), its other attributes
///   (numbers, strings, tensors and containers of them). Loading makes an instance of the
///   class of that name defined in the loading session, without calling `__init__` (as
///   pickle does), so the class must be defined before `torch.load`, as in Python.
/// PyTorch can open the file, but the state is tsh's; files for PyTorch hold state_dicts.
enum WholeModule {
    /// The module of each built-in class in torch.nn's source tree (what PyTorch's pickle names).
    static let sourceFile: [String: String] = [
        "Linear": "linear", "Identity": "linear", "ReLU": "activation", "Sigmoid": "activation", "Tanh": "activation",
        "GELU": "activation", "LeakyReLU": "activation", "Softmax": "activation", "LogSoftmax": "activation",
        "Flatten": "flatten", "Unflatten": "flatten", "Dropout": "dropout", "Sequential": "container", "ModuleList": "container",
        "ModuleDict": "container", "Conv2d": "conv", "MaxPool2d": "pooling",
        "AvgPool2d": "pooling", "AdaptiveAvgPool2d": "pooling", "BatchNorm1d": "batchnorm", "BatchNorm2d": "batchnorm",
        "LayerNorm": "normalization", "Embedding": "sparse", "CrossEntropyLoss": "loss", "NLLLoss": "loss", "MSELoss": "loss",
        "L1Loss": "loss", "BCELoss": "loss", "BCEWithLogitsLoss": "loss", "Module": "module",
    ]

    static func saved(_ m: ModuleInstance, _ i: Interpreter) throws -> SavedValue {
        var state: [(key: String, value: SavedValue)] = [("training", .bool(m.module.training))]
        state.append(("_parameters", .dict(try m.module.parameters.map { (key: .string($0.name), value: try $0.tensor.map { try tensor($0, i) } ?? .none) },
                                           ordered: true)))
        state.append(("_buffers", .dict(try m.module.buffers.map { (key: .string($0.name), value: try $0.tensor.map { try tensor($0, i) } ?? .none) },
                                        ordered: true)))
        state.append(("_non_persistent_buffers_set", .list(m.module.buffers.filter { !$0.persistent }.map { .string($0.name) })))
        state.append(("_modules", .dict(try m.submodules.map { (key: .string($0.0), value: try saved($0.1, i)) }, ordered: true)))
        let module: String
        switch m.kind {
        case .user(let cls):
            module = cls == nil ? "torch.nn.modules.module" : "__main__"
            for (name, value) in m.attributes.sorted(by: { $0.key < $1.key }) {
                do {
                    state.append((name, try SerializationModule.savedValue(value, i)))
                } catch let e as PyError where e.kind == "TypeError" {
                    throw PyError("_pickle.PicklingError", "Can't pickle attribute '\(name)' of \(m.className): \(e.message)")
                }
            }
        case .builtIn:
            guard let file = sourceFile[m.className] else {
                throw PyError("NotImplementedError", "torch.save of a whole \(m.className) is not supported by tsh yet; save its state_dict()")
            }
            module = "torch.nn.modules." + file
            // A container's children are its state; other layers are rebuilt from their arguments.
            let arguments = m.container != nil ? Arguments() : (m.constructorArguments ?? Arguments())
            state.append(("_tsh_init", .tuple([.tuple(try arguments.positional.map { try SerializationModule.savedValue($0, i) }),
                                               .dict(try arguments.keywords.map { (key: .string($0.0), value: try SerializationModule.savedValue($0.1, i)) },
                                                     ordered: false)])))
        }
        return .object(module: module, name: m.className, state: state)
    }

    private static func tensor(_ t: Tensor, _ i: Interpreter) throws -> SavedValue {
        try SerializationModule.savedValue(TensorObject.wrap(t), i)
    }

    static func load(module: String, name: String, state: [(key: String, value: SavedValue)], _ i: Interpreter) throws -> ModuleInstance {
        let fields = Dictionary(state, uniquingKeysWith: { _, last in last })
        let instance: ModuleInstance
        if module == "__main__" {
            guard let found = i.globals.names[name], case .object(let cls as PyClass) = found, cls.nativeBase is ModuleBase else {
                throw PyError("AttributeError", "Can't get attribute '\(name)' on <module '__main__'>: define the class \(name) (an nn.Module) before torch.load")
            }
            instance = ModuleInstance(user: cls)
        } else if name == "Module" {
            instance = ModuleInstance(user: nil)
        } else {
            guard module.hasPrefix("torch.nn.modules."), let factory = Layers.factories[name] else {
                throw PyError("NotImplementedError", "tsh cannot rebuild a \(module).\(name) from this file")
            }
            var arguments = Arguments()
            if case .tuple(let parts)? = fields["_tsh_init"], parts.count == 2, case .tuple(let positional) = parts[0],
               case .dict(let keywords, _) = parts[1] {
                arguments.positional = try positional.map { try SerializationModule.value($0, i) }
                arguments.keywords = try keywords.map { pair in
                    guard case .string(let key) = pair.key else { throw PyError.value("bad keyword in a saved module") }
                    return (key, try SerializationModule.value(pair.value, i))
                }
            }
            // Rebuilding must not draw random numbers (loading never does in PyTorch).
            let generator = Session.of(i).generator
            let saved = generator.getState()
            defer { try? generator.setState(saved) }
            instance = try factory(arguments, i)
            instance.constructorArguments = arguments
        }
        if case .dict(let pairs, _)? = fields["_parameters"] {
            for (key, value) in pairs {
                guard case .string(let pname) = key else { continue }
                let tensor = try SerializationModule.value(value, i)
                instance.module.setParameter(pname, Convert.tensor(tensor))
            }
        }
        var nonPersistent = Set<String>()
        if case .list(let names)? = fields["_non_persistent_buffers_set"] {
            for case .string(let n) in names { nonPersistent.insert(n) }
        }
        if case .dict(let pairs, _)? = fields["_buffers"] {
            for (key, value) in pairs {
                guard case .string(let bname) = key else { continue }
                instance.module.setBuffer(bname, Convert.tensor(try SerializationModule.value(value, i)), persistent: !nonPersistent.contains(bname))
            }
        }
        if case .dict(let pairs, _)? = fields["_modules"] {
            for (key, value) in pairs {
                guard case .string(let cname) = key, case .object(let m, let n, let s) = value else { continue }
                instance.addChild(cname, try load(module: m, name: n, state: s, i))
            }
        }
        if case .bool(let training)? = fields["training"] { instance.module.training = training }
        if case .user = instance.kind {
            let reserved: Set<String> = ["training", "_parameters", "_buffers", "_non_persistent_buffers_set", "_modules", "_tsh_init"]
            for (key, value) in state where !reserved.contains(key) { instance.attributes[key] = try SerializationModule.value(value, i) }
        }
        return instance
    }
}
