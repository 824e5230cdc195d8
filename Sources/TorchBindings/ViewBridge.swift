import Autograd
import Interpreter

/// What the shell's graph views need from language values: the tensor a value is, and the
/// named tensors a variable holds (itself, or a module's parameters as `model.fc.weight`).
package enum ViewBridge {
    /// A module call scope: the module's dotted name in scope (`model.linear_relu_stack`),
    /// its class name, and the enclosing scope (0 for none).
    package struct Scope {
        package let name: String
        package let typeName: String
        package let parent: Int
    }

    /// The module scopes of an interpreter, named after the variables that hold the modules.
    package static func scopes(_ interp: Interpreter) -> (Int) -> Scope? {
        var names: [ObjectIdentifier: String] = [:]
        func walk(_ m: ModuleInstance, _ name: String) {
            guard names[ObjectIdentifier(m)] == nil else { return }
            names[ObjectIdentifier(m)] = name
            for (child, sub) in m.submodules { walk(sub, name + "." + child) }
        }
        for (name, value) in interp.globals.names.sorted(by: { $0.key < $1.key }) where !name.hasPrefix("_") {
            if case .object(let o) = value, let m = o as? ModuleInstance { walk(m, name) }
        }
        let registry = ModuleScopes.of(interp)
        return { id in
            guard let (module, parent) = registry.entry(id) else { return nil }
            return Scope(name: names[ObjectIdentifier(module)] ?? module.className, typeName: module.className, parent: parent)
        }
    }

    package static func tensor(_ value: Value) -> Tensor? { Convert.tensor(value) }

    package static func namedTensors(_ value: Value, name: String) -> [(name: String, tensor: Tensor)] {
        if let t = Convert.tensor(value) { return [(name, t)] }
        if case .object(let o) = value, let module = o as? ModuleInstance {
            return module.namedParameters(prefix: name + ".").map { ($0.0, $0.1) }
        }
        return []
    }
}

/// Numbers for module calls, per interpreter: one id per (module, enclosing call) pair,
/// reused by every later call, so the table stays as small as the model.
final class ModuleScopes {
    private struct Entry {
        weak var module: ModuleInstance?
        let parent: Int
    }

    private struct Key: Hashable {
        let module: ObjectIdentifier
        let parent: Int
    }

    private var entries: [Entry] = []
    private var ids: [Key: Int] = [:]

    static func of(_ interp: Interpreter) -> ModuleScopes {
        if let existing = interp.userInfo["moduleScopes"] as? ModuleScopes { return existing }
        let made = ModuleScopes()
        interp.userInfo["moduleScopes"] = made
        return made
    }

    func id(for module: ModuleInstance, parent: Int) -> Int {
        let key = Key(module: ObjectIdentifier(module), parent: parent)
        if let id = ids[key], entries[id - 1].module === module { return id }
        entries.append(Entry(module: module, parent: parent))
        ids[key] = entries.count
        return entries.count
    }

    func entry(_ id: Int) -> (ModuleInstance, Int)? {
        guard id >= 1, id <= entries.count, let module = entries[id - 1].module else { return nil }
        return (module, entries[id - 1].parent)
    }
}
