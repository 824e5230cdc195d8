import Interpreter
import TorchBindings

/// help(x), x? and :help topic: a signature, one line on what it does, and an example.
package enum Help {
    package static func text(for value: Value?, _ interp: Interpreter, name: String? = nil) -> String {
        if value == nil && name == nil { return overview }
        if let name, value == nil || name.hasPrefix(":") {
            if let text = command(name) ?? concepts[name] { return text }
        }
        if let value, let tensor = ViewBridge.tensor(value) { return describe(tensor: tensor, name: name ?? "tensor") }
        if case .object(let o)? = value, let e = o as? ExceptionClass {
            let base = e.base.map { " (a kind of \($0.kind))" } ?? ""
            return "\(e.kind)(*args)\n    A built-in exception\(base): raise it, or catch it and its subclasses by kind.\n    Example: try:\n                 ...\n             except \(e.kind) as e:\n                 print(e)"
        }
        if value == nil, let name, let text = concepts[name] ?? node(name) { return text }
        let key = topic(of: value, interp) ?? name.map { String($0.split(separator: ".").last ?? "") } ?? ""
        // torch's functions and Tensor's methods are declared with their help (OpDeclarations);
        // Python's builtins of the same names (abs, sum, round) keep the catalogue's.
        var declared = true
        var registered: (signature: String, summary: String, example: String)?
        if case .builtin(let b)? = value {
            declared = b.qualifiedName.hasPrefix("torch.") || b.qualifiedName.hasPrefix("Tensor.")
            registered = HelpRegistry.help(b.qualifiedName)
        }
        if let entry = registered ?? (declared ? OpDeclarations.help(key) ?? entries[key] : entries[key] ?? OpDeclarations.help(key)) {
            let example = entry.example.replacingOccurrences(of: "\n", with: "\n             ")
            return "\(entry.signature)\n    \(entry.summary)\n    Example: \(example)"
        }
        guard let value else { return "no help for \(name ?? "that"); :help lists the shell commands" }
        switch value {
        case .function(let f):
            return "\(f.name)(" + f.parameters.map { $0.defaultValue == nil ? $0.name : "\($0.name)=..." }.joined(separator: ", ") + ")\n    A function you defined."
        default:
            return "\(interp.typeName(value)) object: \((try? interp.repr(value)) ?? "")"
        }
    }

    /// The catalogue name of a callable value: a builtin's name or a class's `__name__`.
    static func topic(of value: Value?, _ interp: Interpreter) -> String? {
        switch value {
        case .builtin(let b)?: return b.name
        case .object(let o)?:
            if o is ModuleObject { return nil }
            if case .string(let name)? = try? o.getAttribute("__name__", interp), entries[name] != nil || OpDeclarations.help(name) != nil { return name }
            return nil
        default: return nil
        }
    }

    /// Every callable a user can reach by name: the bare builtins and the members of the
    /// torch namespaces (what the catalogue must cover).
    package static func reachableCallables(_ interp: Interpreter) -> [(path: String, value: Value)] {
        var found: [(String, Value)] = []
        func visit(_ prefix: String, _ names: [String: Value], depth: Int) {
            for (name, value) in names where !name.hasPrefix("_") {
                switch value {
                case .builtin: found.append((prefix + name, value))
                case .object(let o):
                    if let module = o as? ModuleObject {
                        if depth < 3 { visit(prefix + name + ".", module.attributes, depth: depth + 1) }
                    } else if o.typeName == "type" || o is TypeObject {
                        found.append((prefix + name, value))
                    }
                default: break
                }
            }
        }
        visit("", interp.builtins, depth: 0)
        return found.sorted { $0.0 < $1.0 }
    }
}
