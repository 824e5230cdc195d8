/// Code copied from a transcript: python3's `>>> ` / `... ` prompts and IPython's (and
/// tsh's own) `In [n]: ` / `   ...: ` prompts are taken off, as IPython does on paste.
/// When the block has prompts, its lines without one are the transcript's output
/// (`Out[3]: 7`, printed text) and are dropped, as doctest reads a transcript.
enum PromptStripper {
    /// The line without its prompt, or nil when it has none.
    static func strip(_ line: Substring) -> Substring? {
        for prompt in [">>> ", "... "] where line.hasPrefix(prompt) { return line.dropFirst(prompt.count) }
        if line == ">>>" || line == "..." { return "" }
        let indented = line.drop { $0 == " " || $0 == "\t" }
        if indented.hasPrefix("In [") {
            let afterNumber = indented.dropFirst(4).drop { $0.isNumber }
            if afterNumber.hasPrefix("]:") {
                let rest = afterNumber.dropFirst(2)
                return rest.hasPrefix(" ") ? rest.dropFirst() : rest
            }
        }
        if indented.hasPrefix("...") {
            let afterDots = indented.drop { $0 == "." }
            if afterDots.hasPrefix(":") {
                let rest = afterDots.dropFirst()
                return rest.hasPrefix(" ") ? rest.dropFirst() : rest
            }
        }
        return nil
    }

    /// The code of a pasted block: prompts stripped when its first two lines show it was
    /// copied from a transcript; otherwise the block as it is.
    static func code(_ text: String) -> String {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard lines.prefix(2).contains(where: { strip($0) != nil }) else { return text }
        return lines.compactMap { line -> String? in
            if let code = strip(line) { return String(code) }
            return line.allSatisfy(\.isWhitespace) ? "" : nil
        }.joined(separator: "\n")
    }
}
