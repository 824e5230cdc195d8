import Foundation
import Shell
import TestSupport
import Testing

/// The lessons in tutorials/: each runs as a script to its golden output, turns into a
/// plain PyTorch script with --emit-python, and replays cell by cell at the prompt.
struct LessonTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let names = ["00-quickstart", "01-tensors", "02-data", "03-model", "04-autograd", "05-optimization", "06-save-load",
                        "07-gradients-by-hand", "08-build-autograd"]

    func tsh(_ arguments: [String]) throws -> (out: String, status: Int32) { try runTsh(arguments) }

    @Test(arguments: names)
    func lessonPrintsItsGoldenOutput(_ name: String) throws {
        let path = LessonTests.root.appendingPathComponent("tutorials/\(name).tsh").path
        let golden = try String(contentsOf: LessonTests.root.appendingPathComponent("Tests/ShellTests/Lessons/\(name).out"), encoding: .utf8)
        let run = try tsh([path])
        #expect(run.status == 0)
        #expect(run.out == golden)
        // The emitted program is the lesson without its `:` lines (the views), except that
        // `:backprop EXPR`, which runs the backward pass it shows, becomes `EXPR.backward()`.
        let python = try tsh(["--emit-python", path])
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let expected = text.split(separator: "\n", omittingEmptySubsequences: false).compactMap { line -> String? in
            if line.hasPrefix(":backprop ") { return line.dropFirst(":backprop ".count) + ".backward()" }
            return line.hasPrefix(":") ? nil : String(line)
        }
        #expect(python.out == expected.joined(separator: "\n"))
    }

    /// `tsh lesson N --auto`: the narration rendered (Markdown, no colours off a terminal),
    /// each cell as typed, its output, the views; object addresses masked.
    @Test(arguments: names)
    func lessonTranscriptMatchesItsGolden(_ name: String) throws {
        let state = NSTemporaryDirectory() + "tsh-state-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: state) }
        let number = String(Int(name.prefix(2))!)
        let run = try runTsh(["lesson", number, "--auto"], environment: ["XDG_STATE_HOME": state, "TSH_TUTORIALS": "", "COLUMNS": "80"])
        #expect(run.status == 0, "\(run.out)")
        // Object addresses, and the time a long cell took, differ from run to run.
        let masked = run.out.replacingOccurrences(of: "0x[0-9a-f]+", with: "0x…", options: .regularExpression)
            .split(separator: "\n", omittingEmptySubsequences: false).filter { !$0.hasPrefix("Wall time: ") }.joined(separator: "\n")
        let golden = LessonTests.root.appendingPathComponent("Tests/ShellTests/Lessons/\(name).auto.out")
        if ProcessInfo.processInfo.environment["TSH_RECORD_GOLDEN"] != nil {
            try masked.write(to: golden, atomically: true, encoding: .utf8)
            Issue.record("recorded \(golden.lastPathComponent); run again without TSH_RECORD_GOLDEN")
            return
        }
        #expect(masked == (try String(contentsOf: golden, encoding: .utf8)))
        #expect(!masked.contains("#?") && !masked.contains("\u{1B}["))
    }

    @Test func lessonCommandListsAndReplaysKeepingTheVariables() {
        let s = CapturedSession()
        let list = s.run(":lesson")
        #expect(list.split(separator: "\n").count == 9)
        #expect(list.hasPrefix("  :lesson 0  Quick start\n  :lesson 1  Tensors\n"))
        let replay = s.run(":lesson 4")
        #expect(replay.hasPrefix("(files this lesson writes go to \(Lesson.workingDirectory()))\nLesson 4 — Automatic differentiation\n"))
        #expect(replay.contains("In [4]: x = torch.ones(5)  # input tensor\n   ...: y = torch.zeros(3)  # expected output\n"))
        #expect(replay.contains("tensor([0.2661, 0.1179, 0.0027])\n"))
        #expect(s.run("b.grad") == "Out[16]: tensor([0.2661, 0.1179, 0.0027])\n")
        s.run(":lesson 9")
        #expect(s.newErrors().contains("ValueError: :lesson takes a number from 0 to 8"))
    }

    /// `tsh lesson --check` runs every lesson straight through and judges its `#? check:` and
    /// `#? expect:` directives (exercises answered with their reference solutions).
    @Test func everyLessonPassesItsChecks() throws {
        let state = NSTemporaryDirectory() + "tsh-state-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: state) }
        let run = try runTsh(["lesson", "--check"], environment: ["XDG_STATE_HOME": state])
        #expect(run.status == 0, "\(run.out)")
        #expect(run.out.contains("lesson 0 (Quick start): ok, 4 checks\n"))
        #expect(run.out.contains("lesson 1 (Tensors): ok, 7 checks\n"))
        #expect(run.out.contains("lesson 4 (Automatic differentiation): ok, 8 checks\n"))
        #expect(run.out.contains("lesson 7 (Gradients by hand): ok, 8 checks\n"))
        #expect(run.out.contains("lesson 8 (Build your own autograd): ok, 5 checks\n"))
    }

    /// A check that fails, one that raises and a missing expected text each fail the run,
    /// naming the lesson, the cell and the check; directives are never shown.
    @Test func aFailingCheckFailsTheRunAndSaysWhich() throws {
        let dir = NSTemporaryDirectory() + "tsh-lessons-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try """
        # Lesson 1 — Checks
        x = 2
        print(x * 3)
        #? check: x == 2
        #? check: x == 3
        #? check: y > 0
        #? expect: 6
        #? expect: 7

        """.write(toFile: dir + "/01-checks.tsh", atomically: true, encoding: .utf8)
        let environment = ["TSH_TUTORIALS": dir, "XDG_STATE_HOME": dir + "/state"]
        let check = try runTsh(["lesson", "--check"], environment: environment)
        #expect(check.status == 1)
        #expect(check.out == """
        lesson 1 (Checks): FAILED
          lesson 1, cell 1: expected the output to show 7
          lesson 1, cell 1: check failed: x == 3
          lesson 1, cell 1: check y > 0 raised NameError: name 'y' is not defined

        """)
        let auto = try runTsh(["lesson", "1", "--auto"], environment: environment)
        #expect(auto.status == 1)
        #expect(auto.out.contains("In [1]: x = 2\n   ...: print(x * 3)\n6\n"))
        #expect(!auto.out.contains("#?"))
    }

    @Test func theBinaryCarriesTheLessonsAsTutorialsHoldsThem() throws {
        // scripts/embed-lessons writes the embedded copy; run it after editing a lesson.
        let dir = LessonTests.root.appendingPathComponent("tutorials").path
        let names = try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.hasSuffix(".tsh") }.sorted()
        #expect(Lesson.embedded.map(\.name) == names, "run scripts/embed-lessons")
        for (name, text) in Lesson.embedded {
            #expect(text == (try String(contentsOfFile: dir + "/" + name, encoding: .utf8)), "\(name) differs: run scripts/embed-lessons")
        }
    }

    @Test func aLessonWritesItsFilesInItsOwnDirectory() throws {
        let state = NSTemporaryDirectory() + "tsh-state-\(UUID().uuidString)"
        let work = NSTemporaryDirectory() + "tsh-work-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: state); try? FileManager.default.removeItem(atPath: work) }
        // A binary run away from its checkout (no tutorials/ beside it or in the directory).
        let t = try Terminal(environment: ["XDG_STATE_HOME": state, "TSH_TUTORIALS": ""], directory: work)
        #expect(t.waitForPrompt("In [1]: "))
        t.type(":lesson 6")
        #expect(t.waitFor("files this lesson writes go to \(state)/tsh/lessons"), "\(t.screen)")
        // The player runs one cell per Enter.
        for _ in 0..<10 where !t.screen.contains("<All keys matched successfully>") {
            t.type("")
            _ = t.waitFor("<All keys matched successfully>", timeout: 3)
        }
        #expect(t.waitFor("<All keys matched successfully>", timeout: 30), "\(t.screen)")
        #expect(FileManager.default.fileExists(atPath: state + "/tsh/lessons/lesson6_weights.pth"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: work).isEmpty)
        t.send("\u{4}")
        #expect(t.waitForExit() == 0)
    }
}
