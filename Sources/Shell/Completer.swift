import Foundation
import Interpreter
import PythonSyntax

/// Tab completion at the prompt: names, keywords, `torch.`/`nn.`/`F.` members and the
/// attributes of live values after a dot, keyword arguments inside a call, `:` commands,
/// and file paths inside a string literal.
extension Session {
    package func complete(_ before: String) -> (word: String, candidates: [String]) {
        let trimmed = before.drop { $0 == " " }
        if trimmed.hasPrefix(":") && !trimmed.contains(" ") {
            let word = String(trimmed)
            return (word, Session.commands.map(\.name).filter { $0.hasPrefix(word) })
        }
        // The file and directory commands take a path.
        if let space = trimmed.firstIndex(of: " "), Session.pathCommands.contains(String(trimmed[..<space])) {
            let partial = String(trimmed[trimmed.index(after: space)...].drop { $0 == " " })
            let paths = Session.paths(matching: partial)
            return (partial, String(trimmed[..<space]) == ":cd" ? paths.filter { $0.hasSuffix("/") } : paths)
        }
        if let path = Session.openStringContent(before) { return (path, Session.paths(matching: path)) }
        let word = String(before.reversed().prefix { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "." }.reversed())
        if let dot = word.lastIndex(of: ".") {
            let objectText = String(word[..<dot]), attribute = String(word[word.index(after: dot)...])
            guard !objectText.isEmpty, let object = try? interp.evaluate(try Parser.parseExpression(Source(text: objectText))) else {
                return (word, [])
            }
            // Only names that can follow a dot (a Sequential's children `0`, `1` are reached
            // as model[0]).
            let names = attributes(of: object).filter {
                $0.hasPrefix(attribute) && (!$0.hasPrefix("_") || attribute.hasPrefix("_")) && Session.isIdentifier($0)
            }
            return (word, names.sorted().map { objectText + "." + $0 })
        }
        // Inside a call's parentheses, statement keywords cannot come (`backward(ret` is
        // retain_graph=, never return); expression keywords can.
        let arguments = keywordArguments(before)
        let keywords = insideCall(before) ? Parser.keywords.intersection(Session.expressionKeywords) : Parser.keywords
        var names = Set(interp.globals.names.keys).union(interp.builtins.keys).union(keywords)
        names.formUnion(arguments.map { $0 + "=" })
        return (word, names.filter { $0.hasPrefix(word) && (!$0.hasPrefix("_") || word.hasPrefix("_")) }.sorted())
    }

    func attributes(of value: Value) -> [String] { interp.attributeNames(of: value) }

    static let pathCommands: Set<String> = [":run", ":load", ":save", ":cd"]
    static let expressionKeywords: Set<String> = ["True", "False", "None", "and", "or", "not", "in", "is", "if", "else", "lambda", "for"]

    static func isIdentifier(_ s: String) -> Bool {
        guard let first = s.first, first.isLetter || first == "_" else { return false }
        return s.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" }
    }

    /// Whether the cursor is inside an open parenthesis.
    func insideCall(_ before: String) -> Bool {
        var depth = 0
        for c in before {
            if c == "(" { depth += 1 } else if c == ")" { depth = max(0, depth - 1) }
        }
        return depth > 0
    }

    /// The parameter names of the innermost open call before the cursor.
    func keywordArguments(_ before: String) -> [String] {
        var depth = 0
        var index = before.endIndex
        while index > before.startIndex {
            index = before.index(before: index)
            let c = before[index]
            if c == ")" { depth += 1 } else if c == "(" {
                if depth == 0 { break }
                depth -= 1
            }
        }
        guard index > before.startIndex, before[index] == "(" else { return [] }
        let callee = String(before[..<index].reversed().prefix { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "." }.reversed())
        guard !callee.isEmpty, let value = try? interp.evaluate(try Parser.parseExpression(Source(text: callee))) else { return [] }
        switch value {
        case .builtin(let b): return b.parameterNames
        case .function(let f): return f.parameters.map(\.name)
        default: return []
        }
    }

    /// The text of a string literal still open at the cursor, if any.
    static func openStringContent(_ before: String) -> String? {
        var quote: Character?
        var start = before.startIndex
        for i in before.indices {
            let c = before[i]
            if let q = quote {
                if c == q { quote = nil }
            } else if c == "'" || c == "\"" {
                quote = c
                start = before.index(after: i)
            }
        }
        return quote == nil ? nil : String(before[start...])
    }

    static func paths(matching partial: String) -> [String] {
        let directory = partial.contains("/") ? String(partial[...partial.lastIndex(of: "/")!]) : ""
        let prefix = String(partial.dropFirst(directory.count))
        let listing = (try? FileManager.default.contentsOfDirectory(atPath: directory.isEmpty ? "." : directory)) ?? []
        return listing.filter { $0.hasPrefix(prefix) && (!$0.hasPrefix(".") || prefix.hasPrefix(".")) }.sorted().map { name in
            var isDirectory: ObjCBool = false
            _ = FileManager.default.fileExists(atPath: directory + name, isDirectory: &isDirectory)
            return directory + name + (isDirectory.boolValue ? "/" : "")
        }
    }
}
