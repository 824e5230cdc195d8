import Autograd
import Foundation
import Interpreter

/// One tensor op, declared once: its PyTorch names (`Tensor.NAME`, `torch.NAME`; an alias is
/// another key of the same declaration in the method table),
/// its signature in PyTorch's terms, one line of help, an example and the implementation.
/// The Tensor method table, the torch namespace, completion and `help(x)` / `:help` are all
/// derived from the declarations (OpDeclarations.all).
struct OpDeclaration {
    struct Forms: OptionSet {
        let rawValue: Int
        /// `x.NAME(...)`.
        static let method = Forms(rawValue: 1)
        /// `torch.NAME(x, ...)`, the tensor as `input`.
        static let function = Forms(rawValue: 2)
        static let both: Forms = [.method, .function]
    }

    let name: String
    let forms: Forms
    let signature: Signature
    /// What the op does, in one line (help's second line).
    let summary: String
    let example: String
    let impl: TensorMethods.Impl
    /// The parameter names a bound method and a torch function show (computed once).
    let methodParameters: [String], functionParameters: [String]

    init(_ name: String, _ spec: String, forms: Forms = .both, summary: String, example: String,
         _ impl: @escaping TensorMethods.Impl) {
        self.name = name
        self.forms = forms
        signature = Signature(name, spec)
        self.summary = summary
        self.example = example
        self.impl = impl
        functionParameters = signature.parameters.filter { !$0.variadic }.map(\.name)
        methodParameters = Array(signature.parameters.dropFirst().filter { !$0.variadic }.map(\.name))
    }

    /// help's first line: `torch.cumsum(input, dim, *, dtype=None)` or `Tensor.new_ones(size, ...)`.
    var helpSignature: String {
        if forms.contains(.function) { return "\(name)(\(signature.spec))" }
        let rest = signature.parameters.first?.name == "input" ? signature.spec.split(separator: ",", maxSplits: 1).dropFirst().first.map { $0.trimmingCharacters(in: .whitespaces) } ?? "" : signature.spec
        return "Tensor.\(name)(\(rest))"
    }
}

/// Every declared op, and the lookups derived from them.
package enum OpDeclarations {
    static let all: [OpDeclaration] = cumulative + predicates + scatterGather + factoriesLike + extremes + counting

    /// By every name (aliases included): the declaration files and the Tensor method table.
    static let byName: [String: OpDeclaration] = {
        var table = TensorMethods.table
        for op in all {
            precondition(table[op.name] == nil, "op \(op.name) is declared twice")
            table[op.name] = op
        }
        return table
    }()

    /// The torch.NAME functions: each calls the op with the tensor first.
    static func functions() -> [String: Value] {
        var f: [String: Value] = [:]
        for (name, op) in byName where op.forms.contains(.function) {
            f[name] = .builtin(Builtin(name, qualifiedName: "torch.\(name)", parameters: op.functionParameters) { args, interp in
                try TensorMethods.call(op, args, interp)
            })
        }
        return f
    }

    /// help(x) for a declared op: its signature, summary and example.
    package static func help(_ name: String) -> (signature: String, summary: String, example: String)? {
        guard let op = byName[name] else { return nil }
        return (op.helpSignature, op.summary, op.example)
    }
}

/// The help of the torch builtins that are not tensor ops (factories, torch.autograd, F,
/// nn.init, torch.save/load, ...): each registers its signature line, summary and example
/// where it is defined, by qualified name.
package enum HelpRegistry {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var entries: [String: (signature: String, summary: String, example: String)] = [:]

    static func add(_ qualifiedName: String, name: String, spec: String, summary: String, example: String) {
        lock.lock()
        defer { lock.unlock() }
        entries[qualifiedName] = ("\(name)(\(spec))", summary, example)
    }

    /// help(x) for a registered builtin.
    package static func help(_ qualifiedName: String) -> (signature: String, summary: String, example: String)? {
        lock.lock()
        defer { lock.unlock() }
        return entries[qualifiedName]
    }
}
