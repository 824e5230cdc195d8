import Foundation
import Interpreter

/// The lesson player at the prompt: `:lesson N` shows one cell at a time and waits. Enter
/// (or `:next`) runs the cell shown and shows the next; an exercise waits for the learner's
/// own code and `:check`, which judges the learner's variables by the cell's checks (a hint
/// after a miss, the answer after three); `:hint`, `:skip`, `:back`, and `:quit` leaves the
/// lesson. The place is saved in the lessons' folder (`progress.json`), and `:lesson N`
/// resumes there, first running the earlier cells again so their variables exist.
package final class LessonPlayer {
    let lesson: Lesson
    let cells: [Lesson.Cell]
    var index: Int
    var misses = 0
    /// The learner's working directory, restored when the lesson ends.
    let returnDirectory: String

    init(_ lesson: Lesson, cells: [Lesson.Cell], index: Int, returnDirectory: String) {
        self.lesson = lesson
        self.cells = cells
        self.index = index
        self.returnDirectory = returnDirectory
    }

    func leave() {
        save()
        _ = chdir(returnDirectory)
    }

    var current: Lesson.Cell? { index < cells.count ? cells[index] : nil }

    static var progressPath: String { Lesson.workingDirectory() + "/progress.json" }

    /// Each lesson's next cell (by lesson number), as saved.
    static func progress() -> [String: Int] {
        guard let data = FileManager.default.contents(atPath: progressPath),
              let object = try? JSONSerialization.jsonObject(with: data) as? [String: Int] else { return [:] }
        return object
    }

    /// How far the learner got in lesson `number`: `(cell 5 of 12)`, or "" when not started.
    package static func progressText(_ lesson: Lesson) -> String {
        guard let next = progress()[String(lesson.number)], next > 0, let count = try? lesson.cells().filter({ !$0.code.isEmpty || !$0.narration.isEmpty }).count else { return "" }
        return next >= count ? "  (done)" : "  (at cell \(next + 1) of \(count))"
    }

    func save() {
        var all = LessonPlayer.progress()
        all[String(lesson.number)] = index
        guard let data = try? JSONSerialization.data(withJSONObject: all, options: [.sortedKeys]) else { return }
        try? FileManager.default.createDirectory(atPath: Lesson.workingDirectory(), withIntermediateDirectories: true)
        try? Session.writeAtomically(String(decoding: data, as: UTF8.self), to: LessonPlayer.progressPath)
    }
}

extension Session {
    static let playerCommands: Set<String> = [":next", ":check", ":hint", ":skip", ":back"]

    /// `:lesson N` at the prompt: the player, resuming where the learner left.
    func startPlayer(_ lesson: Lesson, returningTo directory: String) throws {
        let cells = try lesson.cells().filter { !$0.code.isEmpty || !$0.narration.isEmpty }
        var start = LessonPlayer.progress()[String(lesson.number)] ?? 0
        if start >= cells.count { start = 0 }
        let player = LessonPlayer(lesson, cells: cells, index: 0, returnDirectory: directory)
        self.player = player
        if start > 0 {
            output.write(paint("Resuming lesson \(lesson.number) at cell \(start + 1) of \(cells.count) (running cells 1–\(start) again for their variables)", "33").replacingOccurrences(of: "\u{1}", with: "") + "\n")
            output.muted = true
            for cell in cells[..<start] where !cell.code.isEmpty { _ = runCell(cell.code.joined(separator: "\n")) }
            output.muted = false
            player.index = start
        }
        previewCell()
    }

    /// Shows the cell the player stands at, and what the learner can do.
    func previewCell() {
        guard let player else { return }
        guard let cell = player.current else {
            output.write(paint("Lesson \(player.lesson.number) complete. :lesson lists the others.", "32").replacingOccurrences(of: "\u{1}", with: "") + "\n")
            player.index = 0
            player.leave()
            self.player = nil
            return
        }
        let place = "[lesson \(player.lesson.number) · cell \(player.index + 1) of \(player.cells.count)]"
        if let task = cell.exercise {
            showNarration(cell)
            output.write(paint("Exercise: " + task, "33").replacingOccurrences(of: "\u{1}", with: "") + "\n")
            output.write(paint("\(place) type your code at the prompt, then :check (:hint for a hint, :skip to see the answer)", "34").replacingOccurrences(of: "\u{1}", with: "") + "\n")
        } else {
            show(cell)
            output.write(paint("\(place) Enter runs it · :skip · :back · :quit leaves the lesson", "34").replacingOccurrences(of: "\u{1}", with: "") + "\n")
        }
        output.flush()
    }

    /// Runs the cell shown (an exercise's reference solution when skipped) and moves on.
    func advance(running: Bool = true) {
        guard let player, let cell = player.current else { return }
        if running && !cell.code.isEmpty {
            if cell.exercise != nil { show(Lesson.Cell(code: cell.code)) }
            _ = runCell(cell.code.joined(separator: "\n"))
            output.write("\n")
        }
        player.index += 1
        player.misses = 0
        player.save()
        previewCell()
    }

    /// Enter on an empty line while a lesson plays.
    func playerEnter() {
        guard let player, let cell = player.current else { return }
        if cell.exercise != nil {
            output.write("Type your code at the prompt, then :check (:hint, :skip).\n")
            output.flush()
            return
        }
        advance()
    }

    /// The player's commands; false when no lesson is playing.
    func playerCommand(_ name: String) throws -> Bool {
        guard let player, let cell = player.current else { return false }
        switch name {
        case ":next": playerEnter()
        case ":back":
            player.index = max(0, player.index - 1)
            player.misses = 0
            player.save()
            previewCell()
        case ":skip":
            advance(running: cell.exercise != nil)
        case ":hint":
            let hint = player.misses < cell.hints.count ? cell.hints[player.misses] : cell.hints.last
            output.write(paint("Hint: " + (hint ?? "look at the exercise's words again; :skip shows the answer"), "33").replacingOccurrences(of: "\u{1}", with: "") + "\n")
        case ":check":
            guard cell.exercise != nil else {
                output.write("This cell is not an exercise: Enter runs it.\n")
                return true
            }
            let failed = failedChecks(cell)
            if failed.isEmpty {
                output.write(paint("✓ Correct.", "32").replacingOccurrences(of: "\u{1}", with: "") + "\n")
                advance(running: false)
                return true
            }
            player.misses += 1
            if player.misses >= 3 {
                output.write(paint("Not yet. The answer:", "33").replacingOccurrences(of: "\u{1}", with: "") + "\n")
                advance()
            } else {
                let hint = cell.hints.isEmpty ? failed[0] : cell.hints[min(player.misses - 1, cell.hints.count - 1)]
                output.write(paint("Not yet. Hint: " + hint, "33").replacingOccurrences(of: "\u{1}", with: "") + "\n")
            }
        case ":quit":
            output.write("Left lesson \(player.lesson.number) at cell \(player.index + 1); :lesson \(player.lesson.number) resumes there.\n")
            player.leave()
            self.player = nil
        default: return false
        }
        output.flush()
        return true
    }
}
