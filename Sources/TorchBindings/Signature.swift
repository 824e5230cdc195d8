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
    }

    let function: String
    let parameters: [Parameter]
    /// The parameter list as written (`input, dim, *, dtype=None`), for help.
    let spec: String

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
            let name = hasDefault ? String(raw.split(separator: "=")[0]) : raw
            params.append(Parameter(name: name, required: !hasDefault, keywordOnly: keywordOnly, variadic: false))
        }
        parameters = params
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
        for (name, value) in args.keywords {
            guard let p = parameters.first(where: { $0.name == name && !$0.variadic }) else {
                throw PyError.type("\(function)() got an unexpected keyword argument '\(name)'")
            }
            if values[p.name] != nil {
                throw PyError.type("\(function)() got multiple values for argument '\(name)'")
            }
            values[name] = value
        }
        for p in parameters where p.required && values[p.name] == nil {
            throw PyError.type("\(function)() missing 1 required positional argument: \"\(p.name)\"")
        }
        return BoundArguments(function: function, values: values, variadic: variadic)
    }
}

struct BoundArguments {
    let function: String
    var values: [String: Value]
    var variadic: [Value]

    subscript(_ name: String) -> Value? {
        if let v = values[name], case .none = v { return nil }
        return values[name]
    }
}

import Foundation
