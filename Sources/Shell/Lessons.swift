import Foundation

/// The lessons: the chapters of PyTorch's "Introduction to PyTorch" as `.tsh` scripts in
/// `tutorials/`, replayed cell by cell at the prompt by `:lesson N`.
struct Lesson {
    let number: Int
    let title: String
    let path: String

    /// A lesson's cells: narration (its leading comment lines) and code. A cell ends at a
    /// blank line followed by an unindented line, so blank lines inside a class stay in it.
    struct Cell {
        var narration: [String] = []
        var code: [String] = []
    }

    /// `tutorials/` next to the running binary's checkout (or `$TSH_TUTORIALS`).
    static func directory() -> String? {
        let fm = FileManager.default
        if let env = ProcessInfo.processInfo.environment["TSH_TUTORIALS"], !env.isEmpty { return env }
        var dir = ((try? fm.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]) as NSString
        for _ in 0..<6 {
            dir = dir.deletingLastPathComponent as NSString
            let candidate = dir.appendingPathComponent("tutorials")
            if fm.fileExists(atPath: candidate + "/01-tensors.tsh") { return candidate }
        }
        let local = fm.currentDirectoryPath + "/tutorials"
        return fm.fileExists(atPath: local + "/01-tensors.tsh") ? local : nil
    }

    static func all() -> [Lesson] {
        guard let dir = directory(), let names = try? FileManager.default.contentsOfDirectory(atPath: dir) else { return [] }
        return names.filter { $0.hasSuffix(".tsh") }.sorted().compactMap { name in
            guard let number = Int(name.prefix { $0.isNumber }) else { return nil }
            let path = dir + "/" + name
            let first = (try? String(contentsOfFile: path, encoding: .utf8))?.split(separator: "\n").first.map(String.init) ?? ""
            let title = first.components(separatedBy: "— ").dropFirst().first ?? name
            return Lesson(number: number, title: title, path: path)
        }
    }

    func cells() throws -> [Cell] {
        let text = try String(contentsOfFile: path, encoding: .utf8)
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
            if current.code.isEmpty && line.hasPrefix("#") {
                current.narration.append(line)
            } else {
                current.code.append(line)
            }
        }
        if !(current.narration.isEmpty && current.code.isEmpty) { cells.append(current) }
        return cells
    }
}
