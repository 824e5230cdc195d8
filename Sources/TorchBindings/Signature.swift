import Autograd
import Interpreter
import PythonSyntax

/// A PyTorch-style signature, bound against a call's arguments:
/// `Signature("sum", "input, dim=None, keepdim=False, *, dtype=None")`.
struct Signature {
    struct Parameter {
        var name: String
        var required: Bool
        var keywordOnly: Bool
        var variadic: Bool
        /// The default as written (`None`, `False`, `-100`, `'mean'`), nil when required.
        var defaultText: String? = nil
    }

    let function: String
    let parameters: [Parameter]
    /// The parameter list as written (`input, dim, *, dtype=None`), for help.
    let spec: String
    /// The parameters' names in order (a read of argument k sets bit k of the read log).
    let parameterNames: [String]

    init(_ function: String, _ spec: String) {
        self.function = function
        self.spec = spec
        var keywordOnly = false
        var params: [Parameter] = []
        for raw in spec.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) where !raw.isEmpty {
            if raw == "*" { keywordOnly = true; continue }
            if raw.hasPrefix("*") {
                params.append(Parameter(name: String(raw.dropFirst()), required: false, keywordOnly: false, variadic: true))
                keywordOnly = true
                continue
            }
            let hasDefault = raw.contains("=")
            let name = hasDefault ? String(raw.split(separator: "=", maxSplits: 1)[0]) : raw
            let defaultText = hasDefault ? String(raw.split(separator: "=", maxSplits: 1)[1]) : nil
            params.append(Parameter(name: name, required: !hasDefault, keywordOnly: keywordOnly, variadic: false,
                                    defaultText: defaultText))
        }
        parameters = params
        parameterNames = params.map(\.name)
    }

    /// The bound arguments by parameter name (absent when defaulted).
    func bind(_ args: Arguments) throws -> BoundArguments {
        var values: [String: Value] = [:]
        var variadic: [Value] = []
        var k = 0
        for value in args.positional {
            while k < parameters.count && parameters[k].keywordOnly && !parameters[k].variadic { k += 1 }
            guard k < parameters.count else {
                let positional = parameters.filter { !$0.keywordOnly && !$0.variadic }.count
                throw PyError.type("\(function)() takes \(positional) positional argument\(positional == 1 ? "" : "s") but \(args.positional.count) were given")
            }
            if parameters[k].variadic {
                variadic.append(value)
            } else {
                values[parameters[k].name] = value
                k += 1
            }
        }
        for (given, value) in args.keywords {
            var name = given
            // PyTorch's argument parser takes numpy's names too (python_arg_parser.cpp).
            if !parameters.contains(where: { $0.name == given }), let alias = Signature.numpyNames[given],
               parameters.contains(where: { $0.name == alias }) {
                name = alias
            }
            // A `*size` / `*shape` / `*dims` parameter can also be given by name, as one sequence.
            if variadic.isEmpty, parameters.contains(where: { $0.name == name && $0.variadic }) {
                variadic = [value]
                continue
            }
            guard let p = parameters.first(where: { $0.name == name && !$0.variadic }) else {
                throw PyError.type("\(function)() got an unexpected keyword argument '\(given)'")
            }
            if values[p.name] != nil {
                throw PyError.type("\(function)() got multiple values for argument '\(name)'")
            }
            values[name] = value
        }
        for p in parameters where p.required && values[p.name] == nil {
            throw PyError.type("\(function)() missing 1 required positional argument: \"\(p.name)\"")
        }
        return BoundArguments(function: function, values: values, variadic: variadic, parameterNames: parameterNames)
    }

    /// numpy's argument names that PyTorch accepts for its own.
    static let numpyNames = ["axis": "dim", "keepdims": "keepdim", "x": "input", "a": "input", "x1": "input", "x2": "other"]

    /// Binds `args`, runs `body`, and then refuses any argument the body never looked at
    /// that differs from its default: a keyword tsh does not implement must never be
    /// accepted and silently ignored (`NotImplementedError: cross_entropy(weight=...) is
    /// not supported by tsh yet`). The first `skipping` parameters (the tensor a method is
    /// called on) are the caller's.
    func call<Result>(_ args: Arguments, skipping: Int = 0, methodCall: Bool = false, _ interp: Interpreter,
                      _ body: (BoundArguments) throws -> Result) throws -> Result {
        var bound = try bind(args)
        // A method's arguments are counted after self in PyTorch's messages.
        if methodCall { bound.positionBase = 0 }
        let result = try body(bound)
        try refuseIgnored(bound, skipping: skipping, interp)
        return result
    }

    func refuseIgnored(_ bound: BoundArguments, skipping: Int = 0, _ interp: Interpreter) throws {
        for (k, p) in parameters.enumerated().dropFirst(skipping) where !p.variadic {
            guard let value = bound.values[p.name], !bound.log.wasRead(k) else { continue }
            if let text = p.defaultText, Signature.equals(value, defaultText: text) { continue }
            throw PyError("NotImplementedError", "\(function)(\(p.name)=...) is not supported by tsh yet")
        }
    }

    /// Whether a given value is the parameter's default as written in the spec.
    static func equals(_ value: Value, defaultText text: String) -> Bool {
        switch value {
        case .none: return text == "None"
        case .bool(let b): return text == (b ? "True" : "False")
        case .int(let i): return Double(text) == Double(i)
        case .float(let d): return Double(text) == d
        case .string(let s): return text == "'\(s)'" || text == "\"\(s)\""
        case .tuple(let items): return items.isEmpty && (text == "()" || text == "[]")
        case .list(let list): return list.items.isEmpty && (text == "()" || text == "[]")
        default: return false
        }
    }
}

struct BoundArguments {
    let function: String
    /// The arguments given, by parameter name. Read them through the subscript or
    /// `given(_:)`, which note the read (Signature.call refuses what was never read).
    let values: [String: Value]
    var variadic: [Value]
    let log = ReadLog()
    private let parameterNames: [String]

    /// Which parameters the implementation looked at: bit k for parameter k (names past
    /// the 64th share the last bit).
    final class ReadLog {
        private var mask: UInt64 = 0
        func note(_ k: Int) { mask |= 1 << UInt64(min(k, 63)) }
        func wasRead(_ k: Int) -> Bool { mask & (1 << UInt64(min(k, 63))) != 0 }
    }

    /// What PyTorch's messages call the first parameter's position: 1 for `torch.f(input, ...)`,
    /// 0 for `x.f(...)` (self is not counted).
    var positionBase = 1

    init(function: String, values: [String: Value], variadic: [Value], parameterNames: [String] = []) {
        self.function = function
        self.values = values
        self.variadic = variadic
        self.parameterNames = parameterNames
    }

    private func noteRead(_ name: String) {
        if let k = parameterNames.firstIndex(of: name) { log.note(k) }
    }

    /// The argument, nil when absent or None.
    subscript(_ name: String) -> Value? {
        noteRead(name)
        if let v = values[name], case .none = v { return nil }
        return values[name]
    }

    /// A required int argument, with PyTorch's TypeError for None or another type:
    /// `transpose(): argument 'dim0' (position 1) must be int, not NoneType`.
    func requiredInt(_ name: String, _ interp: Interpreter) throws -> Int {
        let v = given(name) ?? .none
        if let i = try interp.asIndex(v) { return i }
        if let t = Convert.tensor(v), t.count == 1, !t.dtype.isFloatingPoint { return Int(try t.data.item().int64Value) }
        throw mistyped(name, v, "int", interp)
    }

    /// A required number argument (`must be Number, not NoneType`).
    func requiredScalar(_ name: String, _ interp: Interpreter) throws -> Scalar {
        let v = given(name) ?? .none
        if let s = Convert.scalar(v) { return s }
        if let t = Convert.tensor(v), t.count == 1 { return try t.data.item() }
        throw mistyped(name, v, "Number", interp)
    }

    /// A required float argument, as a Double.
    func requiredDouble(_ name: String, _ interp: Interpreter) throws -> Double {
        try requiredScalar(name, interp).doubleValue
    }

    func mistyped(_ name: String, _ v: Value, _ expected: String, _ interp: Interpreter) -> PyError {
        let position = (parameterNames.firstIndex(of: name) ?? 0) + positionBase
        return PyError.type("\(function)(): argument '\(name)' (position \(position)) must be \(expected), not \(interp.typeName(v))")
    }

    /// A required argument as given, None included (the converter it goes to names what
    /// None cannot be).
    func required(_ name: String) -> Value { given(name) ?? .none }

    /// The argument as given (None included), nil when absent.
    func given(_ name: String) -> Value? {
        noteRead(name)
        return values[name]
    }
}

import Foundation

extension Signature {
    /// A library function as a builtin (`numpy.sum`, `safetensors.torch.save_file`): bound by
    /// its signature (so an unhonoured argument is refused) and registered for `help()`.
    static func builtin(_ name: String, module: String, _ spec: String, summary: String, example: String? = nil,
                        _ body: @escaping (BoundArguments, Interpreter) throws -> Value) -> Value {
        let signature = Signature(name.split(separator: ".").last.map(String.init) ?? name, spec)
        let qualified = module + "." + name
        HelpRegistry.add(qualified, name: name, spec: spec, summary: summary, example: example ?? "\(name)(...)")
        return .builtin(Builtin(signature.function, qualifiedName: qualified, parameters: signature.parameterNames) { args, interp in
            try signature.call(args, interp) { try body($0, interp) }
        })
    }
}
