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
    func makeInstance(of cls: PyClass, _ interp: Interpreter) throws -> PyObject { ModuleInstance(kind: .user(cls)) }
    func repr(_ interp: Interpreter) throws -> String { "<class 'torch.nn.modules.module.Module'>" }
    func getAttribute(_ name: String, _ interp: Interpreter) throws -> Value? {
        if name == "__init__" { return .builtin(Builtin("__init__") { _, _ in .none }) }
        return nil
    }
    func call(_ args: Arguments, _ interp: Interpreter) throws -> Value? { .object(ModuleInstance(kind: .user(nil))) }
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
    func call(_ args: Arguments, _ interp: Interpreter) throws -> Value? { .object(try factory(args, interp)) }
    func repr(_ interp: Interpreter) throws -> String { "<class 'torch.nn.\(name)'>" }
    func getAttribute(_ n: String, _ interp: Interpreter) throws -> Value? { n == "__name__" ? .string(name) : nil }
}

/// A module instance: parameters, submodules and attributes in registration order,
/// training mode, and a forward (native, or a user class's method).
final class ModuleInstance: PyObject {
    enum Kind {
        case user(PyClass?)
        case native(name: String, extra: () -> String, forward: (ModuleInstance, Arguments, Interpreter) throws -> Value)
    }

    let kind: Kind
    var parameters: [(String, Tensor?)] = []
    var submodules: [(String, ModuleInstance)] = []
    var attributes: [String: Value] = [:]
    var training = true

    init(kind: Kind) { self.kind = kind }

    var className: String {
        switch kind {
        case .user(let cls): cls?.name ?? "Module"
        case .native(let name, _, _): name
        }
    }

    var typeName: String { className }

    func parameter(_ name: String) -> Tensor? { parameters.first { $0.0 == name }?.1 ?? nil }

    func getAttribute(_ name: String, _ interp: Interpreter) throws -> Value? {
        if let p = parameters.first(where: { $0.0 == name }) { return p.1.map(TensorObject.wrap) ?? Value.none }
        if let m = submodules.first(where: { $0.0 == name }) { return .object(m.1) }
        if let v = attributes[name] { return v }
        if case .user(let cls?) = kind, let v = cls.lookup(name) { return interp.bind(v, to: .object(self)) }
        return try ModuleMethods.method(self, name, interp)
    }

    func setAttribute(_ name: String, _ value: Value, _ interp: Interpreter) throws -> Bool {
        if case .object(let o) = value, let t = (o as? TensorObject)?.tensor, t.isParameter {
            if let k = parameters.firstIndex(where: { $0.0 == name }) { parameters[k].1 = t } else { parameters.append((name, t)) }
            return true
        }
        if case .object(let o) = value, let m = o as? ModuleInstance {
            if let k = submodules.firstIndex(where: { $0.0 == name }) { submodules[k].1 = m } else { submodules.append((name, m)) }
            return true
        }
        if let k = parameters.firstIndex(where: { $0.0 == name }) {
            guard case .none = value else {
                throw PyError.type("cannot assign '\(interp.typeName(value))' as parameter '\(name)' (torch.nn.Parameter or None expected)")
            }
            parameters[k].1 = nil
            return true
        }
        if name == "training" { training = try interp.truth(value); return true }
        attributes[name] = value
        return true
    }

    func call(_ args: Arguments, _ interp: Interpreter) throws -> Value? {
        let outer = tsh_get_module_scope()
        tsh_set_module_scope(ModuleScopes.of(interp).id(for: self, parent: outer))
        defer { tsh_set_module_scope(outer) }
        switch kind {
        case .native(_, _, let forward): return try forward(self, args, interp)
        case .user(let cls):
            guard let forward = cls?.lookup("forward") else {
                throw PyError("NotImplementedError", "Module [\(className)] is missing the required \"forward\" function")
            }
            var a = args
            a.positional.insert(.object(self), at: 0)
            return try interp.call(forward, a)
        }
    }

    /// PyTorch's module repr: `Name(extra)` or a block listing the children.
    func repr(_ interp: Interpreter) throws -> String {
        if case .user(let cls?) = kind, let r = cls.lookup("__repr__") {
            return try interp.str(try interp.call(r, Arguments([.object(self)])))
        }
        var extra = ""
        if case .native(_, let e, _) = kind { extra = e() }
        if case .user(let cls?) = kind, let e = cls.lookup("extra_repr") {
            extra = try interp.str(try interp.call(e, Arguments([.object(self)])))
        }
        if submodules.isEmpty { return "\(className)(\(extra))" }
        var lines: [String] = []
        if !extra.isEmpty { lines.append(extra) }
        for (name, m) in submodules {
            let text = try m.repr(interp).replacingOccurrences(of: "\n", with: "\n  ")
            lines.append("(\(name)): \(text)")
        }
        return "\(className)(\n  " + lines.joined(separator: "\n  ") + "\n)"
    }

    /// Parameters of this module and its children, with dotted names, each once.
    func namedParameters(prefix: String = "") -> [(String, Tensor)] {
        var seen = Set<ObjectIdentifier>()
        var out: [(String, Tensor)] = []
        func walk(_ m: ModuleInstance, _ prefix: String) {
            for (name, p) in m.parameters {
                guard let p, seen.insert(ObjectIdentifier(p)).inserted else { continue }
                out.append((prefix + name, p))
            }
            for (name, child) in m.submodules { walk(child, prefix + name + ".") }
        }
        walk(self, prefix)
        return out
    }

    func isInstance(of cls: PyObject) -> Bool {
        if cls === ModuleBase.shared { return true }
        if case .user(let c?) = kind { return c.isSubclass(of: cls) }
        if let layer = cls as? LayerClass { return layer.name == className }
        return false
    }

    func length(_ interp: Interpreter) throws -> Int? { className == "Sequential" ? submodules.count : nil }

    func getItem(_ index: Value, _ interp: Interpreter) throws -> Value? {
        guard className == "Sequential" else { return nil }
        guard let i = try interp.asIndex(index) else { return nil }
        let k = i < 0 ? i + submodules.count : i
        guard k >= 0 && k < submodules.count else { throw PyError.index("index \(i) is out of range") }
        return .object(submodules[k].1)
    }

    func makeIterator(_ interp: Interpreter) throws -> PyIterator? {
        guard className == "Sequential" else { return nil }
        return PyIterator(submodules.map { .object($0.1) })
    }

    func attributeNames() -> [String] {
        parameters.map(\.0) + submodules.map(\.0) + Array(attributes.keys) + ModuleMethods.names
    }
}

import Foundation
