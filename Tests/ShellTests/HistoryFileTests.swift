import Foundation
import LineEditing
import Testing

struct HistoryFileTests {
    let path = NSTemporaryDirectory() + "tsh-history-\(UUID().uuidString)/nested/history"

    @Test func entriesRoundTripWithNewlinesAndBackslashes() throws {
        let file = HistoryFile(path: path)
        let block = "for i in range(2):\n    print('a\\\\b', i)"
        file.append("x = 1")
        file.append(block)
        #expect(file.load() == ["x = 1", block])
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text.hasPrefix(HistoryFile.header + "\n"))
        #expect(text.split(separator: "\n").count == 3)
    }

    @Test func duplicatesKeepTheirLatestPlace() {
        let file = HistoryFile(path: path)
        for entry in ["a", "b", "a", "c", "b"] { file.append(entry) }
        #expect(file.load() == ["a", "c", "b"])
    }

    @Test func theFileStaysBoundedAndKeepsItsHeader() throws {
        let file = HistoryFile(path: path, limit: 3)
        for i in 0..<20 { file.append("x = \(i)") }
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let lines = text.split(separator: "\n")
        #expect(lines.first.map(String.init) == HistoryFile.header)
        #expect(lines.count <= 1 + 2 * 3)
        #expect(file.load() == ["x = 17", "x = 18", "x = 19"])
    }

    @Test func twoShellsAppendingInTurnLoseNothing() {
        let one = HistoryFile(path: path), two = HistoryFile(path: path)
        for i in 0..<5 {
            one.append("one \(i)")
            two.append("two \(i)")
        }
        let entries = one.load()
        #expect(entries.count == 10)
        #expect(entries.first == "one 0" && entries.last == "two 4")
    }

    @Test func theDefaultPathFollowsXDG() {
        let file = HistoryFile()
        let env = ProcessInfo.processInfo.environment
        if let state = env["XDG_STATE_HOME"], !state.isEmpty {
            #expect(file.path == state + "/tsh/history")
        } else {
            #expect(file.path == (env["HOME"] ?? ".") + "/.local/state/tsh/history")
        }
    }
}
