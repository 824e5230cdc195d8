import Foundation
import Shell
import TestSupport
import Testing

/// The lessons in tutorials/: each runs as a script to its golden output, turns into a
/// plain PyTorch script with --emit-python, and replays cell by cell at the prompt.
struct LessonTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let names = ["01-tensors", "02-data", "03-model", "04-autograd", "05-optimization", "06-save-load"]

    func tsh(_ arguments: [String]) throws -> (out: String, status: Int32) { try runTsh(arguments) }

    @Test(arguments: names)
    func lessonPrintsItsGoldenOutput(_ name: String) throws {
        let path = LessonTests.root.appendingPathComponent("tutorials/\(name).tsh").path
        let golden = try String(contentsOf: LessonTests.root.appendingPathComponent("Tests/ShellTests/Lessons/\(name).out"), encoding: .utf8)
        let run = try tsh([path])
        #expect(run.status == 0)
        #expect(run.out == golden)
        let python = try tsh(["--emit-python", path])
        #expect(python.out == (try String(contentsOfFile: path, encoding: .utf8)))
    }

    @Test func lessonCommandListsAndReplaysKeepingTheVariables() {
        let s = CapturedSession()
        let list = s.run(":lesson")
        #expect(list.split(separator: "\n").count == 6)
        #expect(list.hasPrefix("  :lesson 1  Tensors\n"))
        let replay = s.run(":lesson 4")
        #expect(replay.hasPrefix("# Lesson 4 — Automatic differentiation\n"))
        #expect(replay.contains("In [4]: x = torch.ones(5)  # input tensor\n   ...: y = torch.zeros(3)  # expected output\n"))
        #expect(replay.contains("tensor([0.2661, 0.1179, 0.0027])\n"))
        #expect(s.run("b.grad") == "Out[9]: tensor([0.2661, 0.1179, 0.0027])\n")
        s.run(":lesson 9")
        #expect(s.newErrors().contains("ValueError: :lesson takes a number from 1 to 6"))
    }
}
