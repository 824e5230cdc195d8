import Autograd
import CreationSite
import Interpreter
import PythonSyntax
import TorchNN

/// torch.nn: the Module base class user classes derive from, the built-in layers and
/// losses, Parameter and init.
enum NNModule {
    static func make(functional: ModuleObject) -> ModuleObject {
        let nn = ModuleObject(name: "torch.nn")
        nn.attributes["functional"] = .object(functional)
        nn.attributes["Module"] = .object(ModuleBase.shared)
        nn.attributes["Parameter"] = .object(TorchClasses.parameter)
        for (name, factory) in Layers.factories { nn.attributes[name] = .object(LayerClass(name, factory)) }
        nn.attributes["init"] = .object(InitModule.make())
        return nn
    }
}

/// `nn.Module` itself: a native base class; instances of user subclasses are ModuleInstances.
final class ModuleBase: NativeClass {
    static let shared = ModuleBase()
    var typeName: String { "type" }
    func makeInstance(of cls: PyClass, _ interp: Interpreter) throws -> PyObject { ModuleInstance(user: cls) }
    func repr(_ interp: Interpreter) throws -> String { "<class 'torch.nn.modules.module.Module'>" }
    func getAttribute(_ name: String, _ interp: Interpreter) throws -> Value? {
        if name == "__init__" { return .builtin(Builtin("__init__") { _, _ in .none }) }
        if name == "__name__" { return .string("Module") }
        return nil
    }
    func call(_ args: Arguments, _ interp: Interpreter) throws -> Value? { .object(ModuleInstance(user: nil)) }
}

/// A built-in layer class (`nn.Linear`): calling it makes a configured ModuleInstance.
final class LayerClass: PyObject {
    let name: String
    let factory: (Arguments, Interpreter) throws -> ModuleInstance

    init(_ name: String, _ factory: @escaping (Arguments, Interpreter) throws -> ModuleInstance) {
        self.name = name
        self.factory = factory
    }

    var typeName: String { "type" }
    func call(_ args: Arguments, _ interp: Interpreter) throws -> Value? {
        let instance = try factory(args, interp)
        instance.constructorArguments = args  // torch.save(model) rebuilds the layer from them
        return .object(instance)
    }
    func repr(_ interp: Interpreter) throws -> String { "<class 'torch.nn.\(name)'>" }
    func getAttribute(_ n: String, _ interp: Interpreter) throws -> Value? {
        n == "__name__" ? .string(name) : EmbeddingBindings.classAttributes[name]?[n]
    }
}

/// A module as the language sees it: the engine's Module (parameters, children, training
/// flag, state_dict; TorchNN), the language objects of its children, other attributes, and
/// a forward — a built-in layer's (the engine's Layer), Sequential's walk over its children,
/// or a user class's method.
final class ModuleInstance: PyObject {
    enum Kind {
        case user(PyClass?)
        case builtIn
    }

    let kind: Kind
    let module: Module
    /// The children as language objects, in the order of `module.children`.
    private(set) var submodules: [(String, ModuleInstance)] = []
    var attributes: [String: Value] = [:]
    /// A built-in layer's constructor arguments (what a whole-module save records).
    var constructorArguments: Arguments?

    init(kind: Kind, module: Module) {
        self.kind = kind
        self.module = module
        module.wrapper = self
    }

    /// A user class's instance (`class Net(nn.Module)`).
    convenience init(user cls: PyClass?) {
        self.init(kind: .user(cls), module: Module(typeName: cls?.name ?? "Module"))
    }

    var className: String {
        if case .user(let cls) = kind { return cls?.name ?? "Module" }
        return module.typeName
    }

    var typeName: String { className }
    var training: Bool { module.training }
    var parameters: [(name: String, tensor: Tensor?)] { module.parameters }

    func parameter(_ name: String) -> Tensor? { module.parameter(name) }
    func namedParameters(prefix: String = "") -> [(String, Tensor)] { module.namedParameters(prefix: prefix) }

    func addChild(_ name: String, _ child: ModuleInstance) {
        module.setChild(name, child.module)
        if let k = submodules.firstIndex(where: { $0.0 == name }) { submodules[k].1 = child } else { submodules.append((name, child)) }
    }

    func getAttribute(_ name: String, _ interp: Interpreter) throws -> Value? {
        if let p = module.parameters.first(where: { $0.name == name }) { return p.tensor.map(TensorObject.wrap) ?? Value.none }
        if let b = module.buffers.first(where: { $0.name == name }) { return b.tensor.map(TensorObject.wrap) ?? Value.none }
        if let m = submodules.first(where: { $0.0 == name }) { return .object(m.1) }
        if let v = attributes[name] { return v }
        if case .user(let cls?) = kind, let v = cls.lookup(name) { return try interp.bindAttribute(v, to: .object(self), owner: cls) }
        if let m = containerMethod(name, interp) { return m }
        return try ModuleMethods.method(self, name, interp)
    }

    func setAttribute(_ name: String, _ value: Value, _ interp: Interpreter) throws -> Bool {
        if case .user(let cls?) = kind, try interp.setThroughProperty(cls, .object(self), name, value) { return true }
        if case .object(let o) = value, let t = (o as? TensorObject)?.tensor, t.isParameter {
            module.setParameter(name, t)
            return true
        }
        if case .object(let o) = value, let m = o as? ModuleInstance {
            addChild(name, m)
            return true
        }
        if module.hasBuffer(name) {
            if case .none = value {
                module.setBuffer(name, nil)
                return true
            }
            guard let t = Convert.tensor(value) else {
                throw PyError.type("cannot assign '\(interp.typeName(value))' as buffer '\(name)' (torch.Tensor or None expected)")
            }
            module.setBuffer(name, t, persistent: module.buffers.first { $0.name == name }?.persistent ?? true)
            return true
        }
        if module.hasParameter(name) {
            guard case .none = value else {
                throw PyError.type("cannot assign '\(interp.typeName(value))' as parameter '\(name)' (torch.nn.Parameter or None expected)")
            }
            module.setParameter(name, nil)
            return true
        }
        if name == "training" { module.training = try interp.truth(value); return true }
        attributes[name] = value
        return true
    }

    func call(_ args: Arguments, _ interp: Interpreter) throws -> Value? {
        let outer = tsh_get_module_scope()
        tsh_set_module_scope(ModuleScopes.of(interp).id(for: self, parent: outer))
        defer { tsh_set_module_scope(outer) }
        switch kind {
        case .builtIn: return try forward(args, interp)
        case .user(let cls):
            guard let forward = cls?.lookup("forward") else {
                throw PyError("NotImplementedError", "Module [\(className)] is missing the required \"forward\" function")
            }
            var a = args
            a.positional.insert(.object(self), at: 0)
            return try interp.call(forward, a)
        }
    }

    /// A built-in module's forward: its layer on the tensors given, or Sequential's children
    /// in turn. Arguments beyond forward's own are PyTorch's TypeError, never ignored.
    func forward(_ args: Arguments, _ interp: Interpreter) throws -> Value {
        let names = module.layer?.arity == 2 ? ["input", "target"] : ["input"]
        if args.positional.count > names.count {
            throw PyError.type("forward() takes \(names.count + 1) positional arguments but \(args.positional.count + 1) were given")
        }
        for (key, _) in args.keywords where !names.dropFirst(args.positional.count).contains(key) {
            throw PyError.type(names.contains(key) ? "forward() got multiple values for argument '\(key)'"
                                                   : "forward() got an unexpected keyword argument '\(key)'")
        }
        let given = args.positional + names.dropFirst(args.positional.count).compactMap { args.keyword($0) }
        guard given.count == names.count else {
            let missing = names[given.count...]
            throw PyError.type("forward() missing \(missing.count) required positional argument\(missing.count == 1 ? "" : "s"): \(missing.map { "'\($0)'" }.joined(separator: " and "))")
        }
        guard let layer = module.layer else {
            guard container == .sequential else {
                throw PyError("NotImplementedError", "Module [\(className)] is missing the required \"forward\" function")
            }
            var x = given[0]
            for (_, child) in submodules { x = try interp.call(.object(child), Arguments([x])) }
            return x
        }
        let tensors = try (0..<layer.arity).map { k in
            try Convert.requireTensor(given[k], className, names[k], position: k, interp)
        }
        return Convert.wrap(try layer.forward(tensors, module: module, generator: Session.of(interp).generator))
    }

    /// PyTorch's module repr: `Name(extra)` or a block listing the children.
    func repr(_ interp: Interpreter) throws -> String {
        if case .user(let cls?) = kind, let r = cls.lookup("__repr__") {
            return try interp.str(try interp.call(r, Arguments([.object(self)])))
        }
        var extra = module.layer?.extraRepr ?? ""
        if case .user(let cls?) = kind, let e = cls.lookup("extra_repr") {
            extra = try interp.str(try interp.call(e, Arguments([.object(self)])))
        }
        if submodules.isEmpty { return "\(className)(\(extra))" }
        var lines: [String] = []
        if !extra.isEmpty { lines.append(extra) }
        // A module inside itself recurses as in PyTorch, to a RecursionError, not a crash.
        try interp.nested("while getting the repr of an object") {
            let texts = try submodules.map { ($0.0, try $0.1.repr(interp).replacingOccurrences(of: "\n", with: "\n  ")) }
            guard container == .list else {
                lines += texts.map { "(\($0.0)): \($0.1)" }
                return
            }
            // ModuleList folds a run of equal children: `(0-2): 3 x Linear(...)`.
            var start = 0
            while start < texts.count {
                var end = start
                while end + 1 < texts.count && texts[end + 1].1 == texts[start].1 { end += 1 }
                lines.append(start == end ? "(\(start)): \(texts[start].1)" : "(\(start)-\(end)): \(end - start + 1) x \(texts[start].1)")
                start = end + 1
            }
        }
        return "\(className)(\n  " + lines.joined(separator: "\n  ") + "\n)"
    }

    func isInstance(of cls: PyObject) -> Bool {
        if cls === ModuleBase.shared { return true }
        if case .user(let c?) = kind { return c.isSubclass(of: cls) }
        if let layer = cls as? LayerClass { return layer.name == className }
        return false
    }

    func length(_ interp: Interpreter) throws -> Int? { container == nil ? nil : submodules.count }

    func getItem(_ index: Value, _ interp: Interpreter) throws -> Value? { try containerItem(index, interp) }

    func setItem(_ index: Value, _ value: Value, _ interp: Interpreter) throws -> Bool {
        try setContainerItem(index, value, interp)
    }

    func makeIterator(_ interp: Interpreter) throws -> PyIterator? { containerIterator() }

    func contains(_ value: Value, _ interp: Interpreter) throws -> Bool? { containerContains(value) }

    func attributeNames() -> [String] {
        module.parameters.map(\.name) + submodules.map(\.0) + Array(attributes.keys) + ModuleMethods.names
    }
}

import Foundation
