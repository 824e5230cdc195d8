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
        #expect(s.session.complete(":h").candidates == [":help", ":history", ":hint", ":hist"])
        #expect(s.session.complete(":res").candidates == [":reset"])
    }

    @Test func filePathsInsideAStringLiteral() throws {
        let dir = NSTemporaryDirectory() + "tsh-complete-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir + "/models", withIntermediateDirectories: true)
        _ = FileManager.default.createFile(atPath: dir + "/model.pth", contents: Data())
        _ = FileManager.default.createFile(atPath: dir + "/.hidden", contents: Data())
        let line = "torch.load('\(dir)/mod"
        #expect(s.session.complete(line).word == "\(dir)/mod")
        #expect(s.session.complete(line).candidates == ["\(dir)/model.pth", "\(dir)/models/"])
        #expect(s.session.complete("x = \"\(dir)/").candidates.count == 2)
    }

    @Test func pathsAfterFileCommandsAndDirectoriesAfterCd() throws {
        let dir = NSTemporaryDirectory() + "tsh-complete-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir + "/runs", withIntermediateDirectories: true)
        _ = FileManager.default.createFile(atPath: dir + "/run.tsh", contents: Data())
        for command in [":run", ":load", ":save"] {
            #expect(s.session.complete("\(command) \(dir)/ru").candidates == ["\(dir)/run.tsh", "\(dir)/runs/"], "\(command)")
            #expect(s.session.complete("\(command) \(dir)/ru").word == "\(dir)/ru")
        }
        #expect(s.session.complete(":cd \(dir)/ru").candidates == ["\(dir)/runs/"])
    }

    @Test func onlyWhatCanBeTypedIsOffered() {
        s.run("import torch", "from torch import nn", "model = nn.Sequential(nn.Linear(2, 2), nn.ReLU())")
        // A Sequential's children are model[0], never model.0.
        #expect(!s.session.complete("model.").candidates.contains { $0.hasPrefix("model.0") })
        #expect(s.session.complete("model.tra").candidates.contains("model.train"))
        // Inside a call, `ret` is retain_graph=, not the statement keyword return.
        s.run("y = (torch.ones(2, requires_grad=True) * 2).sum()")
        #expect(s.session.complete("y.backward(ret").candidates == ["retain_graph="])
        #expect(s.session.complete("ret").candidates == ["return"])
    }
}
