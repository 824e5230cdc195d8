import Foundation

/// The lessons: the chapters of PyTorch's "Introduction to PyTorch" as `.tsh` scripts in
/// `tutorials/`, replayed cell by cell at the prompt by `:lesson N`. The binary carries
/// them (EmbeddedLessons.swift, written by scripts/embed-lessons), so they work wherever
/// tsh is installed; `$TSH_TUTORIALS` points at a folder of edited ones instead.
package struct Lesson {
    package let number: Int
    package let title: String
    let text: String

    /// A lesson's cells: narration (its leading comment lines, Markdown: NarrationText) and code. A cell ends at a
    /// blank line followed by an unindented line, so blank lines inside a class stay in it.
    ///
    /// Directives are comment lines starting `#? ` (so a lesson stays a valid script and
    /// `--emit-python` keeps them as comments); the player acts on them and never shows them:
    /// - `#? check: EXPR` — after the cell runs, EXPR must be true (the learner's state);
    /// - `#? expect: TEXT` — the cell's printed output must contain TEXT;
    /// - `#? exercise: TASK` and `#? hint: TEXT` — the cell is an exercise: its code is the
    ///   reference solution, its checks judge the learner's attempt.
    struct Cell {
        var narration: [String] = []
        var code: [String] = []
        var checks: [String] = []
        var expects: [String] = []
        var exercise: String?
        var hints: [String] = []

        /// Takes a directive line into the cell; false for any other line.
        mutating func take(_ line: String) -> Bool {
            let t = line.trimmingCharacters(in: .whitespaces)
            guard t.hasPrefix("#? ") else { return false }
            let body = t.dropFirst(3)
            guard let colon = body.firstIndex(of: ":") else { return false }
            let value = body[body.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            switch body[..<colon] {
            case "check": checks.append(value)
            case "expect": expects.append(value)
            case "exercise": exercise = value
            case "hint": hints.append(value)
            default: return false
            }
            return true
        }
    }

    /// The lesson files: `$TSH_TUTORIALS`'s when set, else the embedded ones.
    static func files() -> [(name: String, text: String)] {
        guard let dir = ProcessInfo.processInfo.environment["TSH_TUTORIALS"], !dir.isEmpty else { return embedded }
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []).filter { $0.hasSuffix(".tsh") }.sorted()
        return names.compactMap { name in (try? String(contentsOfFile: dir + "/" + name, encoding: .utf8)).map { (name, $0) } }
    }

    package static func all() -> [Lesson] {
        files().compactMap { name, text in
            guard let number = Int(name.prefix { $0.isNumber }) else { return nil }
            let first = text.split(separator: "\n").first.map(String.init) ?? ""
            let title = first.components(separatedBy: "— ").dropFirst().first ?? name
            return Lesson(number: number, title: title, text: text)
        }
    }

    /// Where a replayed lesson's files go (a saved model): `$XDG_STATE_HOME/tsh/lessons`
    /// (or `~/.local/state/tsh/lessons`), not the learner's working directory.
    package static func workingDirectory() -> String {
        let env = ProcessInfo.processInfo.environment
        let base = env["XDG_STATE_HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? ((env["HOME"] ?? NSTemporaryDirectory()) + "/.local/state")
        return base + "/tsh/lessons"
    }

    func cells() throws -> [Cell] {
        var cells: [Cell] = [], current = Cell(), sawBlank = false
        for line in text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            if line.trimmingCharacters(in: .whitespaces).isEmpty {
                sawBlank = true
                continue
            }
            let unindented = !line.hasPrefix(" ") && !line.hasPrefix("\t")
            if sawBlank && unindented && !(current.narration.isEmpty && current.code.isEmpty) {
                cells.append(current)
                current = Cell()
            } else if sawBlank && !current.code.isEmpty {
                current.code.append("")
            }
            sawBlank = false
            if current.take(line) { continue }
            if current.code.isEmpty && line.hasPrefix("#") {
                // The lesson's first line is its title, shown as a heading.
                current.narration.append(cells.isEmpty && current.narration.isEmpty ? "# ## " + line.drop { $0 == "#" || $0 == " " } : line)
            } else {
                current.code.append(line)
            }
        }
        if !(current.narration.isEmpty && current.code.isEmpty) { cells.append(current) }
        return cells
    }
}
