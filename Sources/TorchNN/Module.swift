import Autograd

/// The engine side of torch.nn.Module: parameters and child modules in registration order,
/// the training flag, and what PyTorch derives from them — named_parameters, state_dict,
/// load_state_dict with its checks and messages, train/eval, zero_grad, requires_grad_.
/// How a module computes its forward is not here: a built-in layer has a `Layer`; a class
/// written in the language keeps its forward there.
package final class Module {
    package let typeName: String
    package private(set) var parameters: [(name: String, tensor: Tensor?)] = []
    package private(set) var children: [(name: String, module: Module)] = []
    package var training = true
    /// The engine forward of a built-in layer (nil for containers and user classes).
    package let layer: Layer?
    /// The language's object for this module while one is alive.
    package weak var wrapper: AnyObject?

    package init(typeName: String, layer: Layer? = nil) {
        self.typeName = typeName
        self.layer = layer
    }

    /// Registers (or replaces, or with nil clears) a parameter under `name`.
    package func setParameter(_ name: String, _ tensor: Tensor?) {
        if let k = parameters.firstIndex(where: { $0.name == name }) { parameters[k].tensor = tensor } else { parameters.append((name, tensor)) }
    }

    package func hasParameter(_ name: String) -> Bool { parameters.contains { $0.name == name } }

    package func parameter(_ name: String) -> Tensor? { parameters.first { $0.name == name }?.tensor ?? nil }

    /// Buffers: state that is not learned but saved (BatchNorm's running statistics,
    /// register_buffer), in registration order; a non-persistent one stays out of state_dict.
    package private(set) var buffers: [(name: String, tensor: Tensor?, persistent: Bool)] = []

    /// Registers (or replaces, or with nil clears) a buffer under `name`.
    package func setBuffer(_ name: String, _ tensor: Tensor?, persistent: Bool = true) {
        if let k = buffers.firstIndex(where: { $0.name == name }) {
            buffers[k].tensor = tensor
            buffers[k].persistent = persistent
        } else {
            buffers.append((name, tensor, persistent))
        }
    }

    package func hasBuffer(_ name: String) -> Bool { buffers.contains { $0.name == name } }

    package func buffer(_ name: String) -> Tensor? { buffers.first { $0.name == name }?.tensor ?? nil }

    /// Mirrors named_buffers(prefix, recurse).
    package func namedBuffers(prefix: String = "", recurse: Bool = true) -> [(String, Tensor)] {
        var seen = Set<ObjectIdentifier>(), visited = Set<ObjectIdentifier>()
        var out: [(String, Tensor)] = []
        func walk(_ m: Module, _ prefix: String) {
            guard visited.insert(ObjectIdentifier(m)).inserted else { return }
            for (name, b, _) in m.buffers {
                guard let b, seen.insert(ObjectIdentifier(b)).inserted else { continue }
                out.append((prefix + name, b))
            }
            if recurse { for (name, child) in m.children { walk(child, prefix + name + ".") } }
        }
        walk(self, prefix)
        return out
    }

    /// Registers (or replaces) a child module under `name`.
    package func setChild(_ name: String, _ module: Module) {
        if let k = children.firstIndex(where: { $0.name == name }) { children[k].module = module } else { children.append((name, module)) }
    }

    /// Mirrors named_parameters(prefix): this module's and its children's, each tensor once.
    package func namedParameters(prefix: String = "", recurse: Bool = true) -> [(String, Tensor)] {
        var seen = Set<ObjectIdentifier>()
        // Each module once, as PyTorch's named_modules memo: a module made its own
        // descendant (a cycle) is not walked again.
        var visited = Set<ObjectIdentifier>()
        var out: [(String, Tensor)] = []
        func walk(_ m: Module, _ prefix: String) {
            guard visited.insert(ObjectIdentifier(m)).inserted else { return }
            for (name, p) in m.parameters {
                guard let p, seen.insert(ObjectIdentifier(p)).inserted else { continue }
                out.append((prefix + name, p))
            }
            if recurse { for (name, child) in m.children { walk(child, prefix + name + ".") } }
        }
        walk(self, prefix)
        return out
    }

    /// Mirrors modules(): this module and every descendant, depth first.
    package var allModules: [Module] {
        var out: [Module] = []
        var visited = Set<ObjectIdentifier>()
        func walk(_ m: Module) {
            guard visited.insert(ObjectIdentifier(m)).inserted else { return }
            out.append(m)
            m.children.forEach { walk($0.module) }
        }
        walk(self)
        return out
    }

    /// Mirrors train(mode) / eval().
    package func train(_ mode: Bool) {
        for m in allModules { m.training = mode }
    }

    /// Mirrors zero_grad(set_to_none).
    package func zeroGrad(setToNone: Bool) throws {
        for (_, p) in namedParameters() { try p.resetGrad(toNone: setToNone) }
    }

    /// Mirrors requires_grad_(flag).
    package func requiresGrad(_ flag: Bool) throws {
        for (_, p) in namedParameters() { try p.setRequiresGrad(flag) }
    }

    /// Mirrors state_dict(prefix, keep_vars): every parameter and persistent buffer by its dotted name, detached
    /// unless keep_vars (as PyTorch, a parameter shared by two modules appears under both names).
    /// state_dict's `_metadata`: each module's prefix (without its final dot) and version,
    /// in the order state_dict visits them (a module before its children). BatchNorm is at
    /// version 2, as in PyTorch; every other module at 1.
    package func stateDictMetadata(prefix: String = "") -> [(String, Int)] {
        var out: [(String, Int)] = []
        var path = Set<ObjectIdentifier>()
        func walk(_ m: Module, _ prefix: String) {
            guard path.insert(ObjectIdentifier(m)).inserted else { return }
            defer { path.remove(ObjectIdentifier(m)) }
            out.append((String(prefix.dropLast()), m.typeName.hasPrefix("BatchNorm") ? 2 : 1))
            for (name, child) in m.children { walk(child, prefix + name + ".") }
        }
        walk(self, prefix)
        return out
    }

    package func stateDict(prefix: String = "", keepVars: Bool = false) -> [(String, Tensor)] {
        var out: [(String, Tensor)] = []
        // A module that is its own ancestor (a cycle) is not entered again.
        var path = Set<ObjectIdentifier>()
        func walk(_ m: Module, _ prefix: String) {
            guard path.insert(ObjectIdentifier(m)).inserted else { return }
            defer { path.remove(ObjectIdentifier(m)) }
            for (name, p) in m.parameters {
                guard let p else { continue }
                out.append((prefix + name, keepVars ? p : p.detach()))
            }
            for (name, b, persistent) in m.buffers where persistent {
                guard let b else { continue }
                out.append((prefix + name, keepVars ? b : b.detach()))
            }
            for (name, child) in m.children { walk(child, prefix + name + ".") }
        }
        walk(self, prefix)
        return out
    }

    /// The keys load_state_dict found missing and unexpected.
    package struct IncompatibleKeys {
        package var missing: [String]
        package var unexpected: [String]
    }

    /// Mirrors load_state_dict(state_dict, strict): copies each entry into the parameter of
    /// that name (under no_grad); with strict, missing or unexpected keys are PyTorch's
    /// RuntimeError, and a shape mismatch always is. Returns the keys that did not match.
    package func loadStateDict(_ entries: [(String, Tensor)], strict: Bool = true) throws -> IncompatibleKeys {
        let own = stateDict(keepVars: true)
        let given = Dictionary(entries, uniquingKeysWith: { _, last in last })
        let keys = IncompatibleKeys(missing: own.map(\.0).filter { given[$0] == nil },
                                    unexpected: entries.map(\.0).filter { key in !own.contains { $0.0 == key } })
        // As PyTorch: every entry whose shape fits is copied, then the errors are raised —
        // missing keys, unexpected keys, then size mismatches.
        var mismatches: [String] = []
        try GradMode.with(enabled: false) {
            for (key, p) in own {
                guard let source = given[key] else { continue }
                guard source.shape == p.shape else {
                    mismatches.append("size mismatch for \(key): copying a param with shape torch.Size(\(Module.shapeText(source.shape))) from checkpoint, the shape in current model is torch.Size(\(Module.shapeText(p.shape))).")
                    continue
                }
                try p.copyInPlace(from: source)
            }
        }
        var errors: [String] = []
        if strict && !keys.missing.isEmpty {
            errors.append("Missing key(s) in state_dict: " + keys.missing.map { "\"\($0)\"" }.joined(separator: ", ") + ". ")
        }
        if strict && !keys.unexpected.isEmpty {
            errors.append("Unexpected key(s) in state_dict: " + keys.unexpected.map { "\"\($0)\"" }.joined(separator: ", ") + ". ")
        }
        errors += mismatches
        if !errors.isEmpty {
            throw TensorError.runtime("Error(s) in loading state_dict for \(typeName):\n\t" + errors.joined(separator: "\n\t"))
        }
        return keys
    }

    /// Mirrors module.to(dtype) / double() / float(): every parameter converted in place.
    package func convert(to dtype: DType) {
        for (_, p) in namedParameters() { p.data = p.data.to(dtype) }
        // Floating buffers are replaced by converted tensors (PyTorch's _apply makes new buffer
        // tensors, where it changes a parameter's data in place); integer ones
        // (num_batches_tracked) keep their dtype.
        for m in allModules {
            for (name, b, persistent) in m.buffers {
                guard let b, b.dtype.isFloatingPoint, b.dtype != dtype else { continue }
                m.setBuffer(name, Tensor(b.data.to(dtype)), persistent: persistent)
            }
        }
    }

    static func shapeText(_ s: [Int]) -> String { "[" + s.map(String.init).joined(separator: ", ") + "]" }
}
