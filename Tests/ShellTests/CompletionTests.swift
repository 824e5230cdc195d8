import Foundation
import Shell
import Testing

struct CompletionTests {
    let s = CapturedSession()

    @Test func attributesOfALiveValue() {
        s.run("import torch", "w = torch.randn(5, 3, requires_grad=True)")
        #expect(s.session.complete("w.gr").candidates == ["w.grad", "w.grad_fn"])
        #expect(s.session.complete("print(w.requ").word == "w.requ")
        #expect(s.session.complete("print(w.requ").candidates.contains("w.requires_grad"))
    }

    @Test func namespaceMembersNamesAndKeywords() {
        s.run("import torch", "import torch.nn.functional as F", "learning_rate = 0.1")
        #expect(s.session.complete("torch.matm").candidates == ["torch.matmul"])
        #expect(s.session.complete("F.binary_cross_entropy_w").candidates == ["F.binary_cross_entropy_with_logits"])
        #expect(s.session.complete("learn").candidates == ["learning_rate"])
        #expect(s.session.complete("whi").candidates == ["while"])
        #expect(s.session.complete("x = le").candidates.contains("len"))
    }

    @Test func keywordArgumentsInsideACall() {
        s.run("import torch")
        #expect(s.session.complete("torch.randn(5, 3, requ").candidates == ["requires_grad="])
        s.run("def step(lr, momentum=0.9):", "    return lr", "")
        #expect(s.session.complete("step(0.1, mom").candidates == ["momentum="])
    }

    @Test func shellCommands() {
        #expect(s.session.complete(":h").candidates == [":help", ":history", ":hist"])
        #expect(s.session.complete(":res").candidates == [":reset"])
    }

    @Test func filePathsInsideAStringLiteral() throws {
        let dir = NSTemporaryDirectory() + "tsh-complete-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir + "/models", withIntermediateDirectories: true)
        FileManager.default.createFile(atPath: dir + "/model.pth", contents: Data())
        FileManager.default.createFile(atPath: dir + "/.hidden", contents: Data())
        let line = "torch.load('\(dir)/mod"
        #expect(s.session.complete(line).word == "\(dir)/mod")
        #expect(s.session.complete(line).candidates == ["\(dir)/model.pth", "\(dir)/models/"])
        #expect(s.session.complete("x = \"\(dir)/").candidates.count == 2)
    }
}
