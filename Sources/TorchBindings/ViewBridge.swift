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

/// Numbers for module calls, per interpreter: one id per call, so two calls of one module
/// (`model(a) + model(b)`) are two boxes in `:graph --depth`. The table is a ring of the
/// most recent calls, so a long training loop keeps it bounded; a node made more than
/// `capacity` module calls ago is drawn outside any box.
final class ModuleScopes {
    private struct Entry {
        var id = 0
        weak var module: ModuleInstance?
        var parent = 0
    }

    static let capacity = 1 << 16
    private var entries: [Entry] = []
    private var lastID = 0

    static func of(_ interp: Interpreter) -> ModuleScopes {
        if let existing = interp.userInfo["moduleScopes"] as? ModuleScopes { return existing }
        let made = ModuleScopes()
        interp.userInfo["moduleScopes"] = made
        return made
    }

    /// A new id for a call of `module` inside the call `parent` (0: at top level).
    func id(for module: ModuleInstance, parent: Int) -> Int {
        if entries.isEmpty { entries = Array(repeating: Entry(), count: ModuleScopes.capacity) }
        lastID += 1
        entries[lastID % ModuleScopes.capacity] = Entry(id: lastID, module: module, parent: parent)
        return lastID
    }

    func entry(_ id: Int) -> (ModuleInstance, Int)? {
        guard id >= 1, id <= lastID, !entries.isEmpty else { return nil }
        let slot = id % ModuleScopes.capacity
        guard entries[slot].id == id, let module = entries[slot].module else { return nil }
        return (module, entries[slot].parent)
    }
}
