#if canImport(Glibc)
import Glibc
#endif

/// The shell's history on disk: `$XDG_STATE_HOME/tsh/history` (or
/// `~/.local/state/tsh/history`). One entry per line with `\n` and `\\` escaped, under a
/// header line. New entries are appended with O_APPEND, so two shells never truncate each
/// other's writes; when the file grows past twice the limit it is compacted through a
/// temporary file and a rename, header kept.
package struct HistoryFile {
    package static let header = "# tsh history v1"
    package let path: String
    package let limit: Int

    package init(path: String? = nil, limit: Int = 2000) {
        self.limit = limit
        if let path {
            self.path = path
        } else {
            let env = ProcessInfo.processInfo.environment
            let base = env["XDG_STATE_HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? ((env["HOME"] ?? ".") + "/.local/state")
            self.path = base + "/tsh/history"
        }
    }

    static func escape(_ s: String) -> String {
        s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\n", with: "\\n")
    }

    static func unescape(_ s: String) -> String {
        var out = "", escaping = false
        for c in s {
            if escaping {
                out.append(c == "n" ? "\n" : c)
                escaping = false
            } else if c == "\\" {
                escaping = true
            } else {
                out.append(c)
            }
        }
        return out
    }

    /// The entries, oldest first, later duplicates winning (deduplicated), at most `limit`.
    package func load() -> [String] {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return [] }
        var entries: [String] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: true) where !line.hasPrefix("#") {
            entries.append(HistoryFile.unescape(String(line)))
        }
        var seen = Set<String>(), unique: [String] = []
        for e in entries.reversed() where seen.insert(e).inserted { unique.append(e) }
        return Array(unique.reversed().suffix(limit))
    }

    /// Appends one entry (creating the folder and the header on first use).
    package func append(_ entry: String) {
        let folder = String(path[..<(path.lastIndex(of: "/") ?? path.endIndex)])
        try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let fd = open(path, O_WRONLY | O_CREAT | O_APPEND, 0o600)
        guard fd >= 0 else { return }
        defer { close(fd) }
        var text = ""
        if lseek(fd, 0, SEEK_END) == 0 { text += HistoryFile.header + "\n" }
        text += HistoryFile.escape(entry) + "\n"
        let bytes = Array(text.utf8)
        _ = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        compactIfNeeded()
    }

    /// Rewrites the file to its newest `limit` unique entries once it holds twice that.
    func compactIfNeeded() {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return }
        let count = text.split(separator: "\n").filter { !$0.hasPrefix("#") }.count
        guard count > 2 * limit else { return }
        let kept = load()
        let temp = path + ".\(getpid()).tmp"
        let body = HistoryFile.header + "\n" + kept.map { HistoryFile.escape($0) + "\n" }.joined()
        guard FileManager.default.createFile(atPath: temp, contents: body.data(using: .utf8)) else { return }
        rename(temp, path)
    }
}

import Foundation
