import Foundation
import Shell
import TestSupport
import Testing

/// The lesson player at a real terminal: lesson 4 stepped through with Enter, its exercise
/// answered wrong (a hint), then right; the place saved in progress.json; leaving with
/// :quit and coming back resumes at the same cell, with the earlier cells' variables.
struct LessonPlayerTests {
    @Test func lessonFourStepsThroughAnExerciseAndResumes() throws {
        let state = NSTemporaryDirectory() + "tsh-player-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: state) }
        let t = try Terminal(environment: ["XDG_STATE_HOME": state, "TSH_TUTORIALS": ""])
        #expect(t.waitForPrompt("In [1]: "))
        t.type(":lesson 4")
        #expect(t.waitFor("[lesson 4 · cell 1 of"), "\(t.screen)")
        // Enter through the cells until the exercise. The cell with `:backprop` stops at
        // every node of the backward pass: Enter takes one step, c runs to the end.
        var mark = t.screen.count
        for _ in 0..<20 where !t.screen.contains("Exercise:") {
            let waiting = String(t.screen.dropFirst(mark))
            let steps = waiting.contains("run to the end") && waiting.contains("[2/6]") ? "c" : ""
            mark = t.screen.count
            t.type(steps)
            _ = t.waitFor("[lesson 4 · cell", timeout: 2, after: mark)
        }
        #expect(t.screen.contains("[1/6] BinaryCrossEntropyWithLogitsBackward0"), "\(t.screen)")
        #expect(t.screen.contains("[2/6] AddBackward0"), "\(t.screen)")
        #expect(t.screen.contains("done: every .grad is now what loss.backward() leaves"), "\(t.screen)")
        #expect(t.waitFor("Exercise: compute the gradient of q"), "\(t.screen)")
        #expect(t.screen.contains("tensor([0.2661, 0.1179, 0.0027])"))
        t.type("a = torch.tensor([1., 2., 3.], requires_grad=True)")
        t.type(":check")
        #expect(t.waitFor("Not yet. Hint: a = torch.tensor"), "\(t.screen)")
        t.type("q = (a ** 2).sum()")
        t.type("q.backward()")
        t.type(":check")
        #expect(t.waitFor("✓ Correct."), "\(t.screen)")
        let progress = try String(contentsOfFile: state + "/tsh/lessons/progress.json", encoding: .utf8)
        #expect(progress.contains("\"4\":"), "\(progress)")
        t.type(":quit")
        #expect(t.waitFor("Left lesson 4 at cell"), "\(t.screen)")
        let cell = progress.split(separator: ":").last.map { $0.filter(\.isNumber) } ?? ""
        let listed = try runTsh(["lesson"], environment: ["XDG_STATE_HOME": state, "TSH_TUTORIALS": ""])
        #expect(listed.out.contains("tsh lesson 4  Automatic differentiation  (at cell \((Int(cell) ?? 0) + 1) of 14)"), "\(listed.out)")
        t.type(":lesson 4")
        #expect(t.waitFor("Resuming lesson 4 at cell \((Int(cell) ?? 0) + 1)"), "\(t.screen)")
        t.type("print(w.grad.shape)")
        #expect(t.waitFor("torch.Size([5, 3])"), "\(t.screen)")
        t.type(":quit")
        t.type(":quit")
        #expect(t.waitForExit() == 0)
    }
}
