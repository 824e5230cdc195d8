import Foundation
import Testing
import TestSupport

/// Long runs leave nothing behind (issue 11): the live storages, graph nodes and
/// interpreter scopes that `:memory` counts are the same after 10,000 training steps and
/// after 100,000 calls of a function with nested functions as before them. Run in a
/// process of its own, so other tests' tensors do not move the counts.
/// Reference cycles the program makes itself (a recursive nested function, a list that
/// holds itself, an object holding its own bound method) are freed by the cycle collector;
/// a custom autograd Function that saves its own output makes no cycle at all.
struct MemoryTests {
    @Test func trainingStepsAndNestedFunctionsLeaveTheCountsFlat() throws {
        let script = """
        import torch
        from torch import nn
        torch.manual_seed(0)
        model = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 1))
        opt = torch.optim.SGD(model.parameters(), lr=0.01)
        x, y = torch.randn(16, 4), torch.randn(16, 1)
        def train_step():
            opt.zero_grad()
            loss = nn.functional.mse_loss(model(x), y)
            loss.backward()
            opt.step()
            return loss
        def make(t):
            def double(g):
                return g * 2
            def scaled():
                return t * 3
            t.register_hook(double)
            return scaled() + 1
        class Node:
            def __init__(self):
                self.me = self
                self.callback = self.run
            def run(self):
                return 1
        class Exp(torch.autograd.Function):
            @staticmethod
            def forward(ctx, x):
                r = x.exp()
                ctx.save_for_backward(r)
                return r
            @staticmethod
            def backward(ctx, g):
                r, = ctx.saved_tensors
                return g * r
        def call():
            w = torch.ones(2, requires_grad=True)
            make(w).sum().backward()
            Exp.apply(w)
            Exp.apply(w).sum().backward()
            def fact(n):
                return 1 if n <= 1 else n * fact(n - 1)
            loop = [fact(3)]
            loop.append(loop)
            Node()
        # Warm up past what is kept on purpose: each leaf's gradient ledger holds its
        # last 200 entries (`:ledger`).
        for step in range(300):
            train_step()
        call()
        :memory
        for step in range(10000):
            train_step()
        :memory
        for i in range(100000):
            call()
        :memory
        """
        let path = NSTemporaryDirectory() + "memory-\(getpid()).tsh"
        try script.write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let (out, status) = try runTsh([path])
        #expect(status == 0)
        let lines = out.split(separator: "\n").filter { $0.hasPrefix("alive now:") }
        #expect(lines.count == 3)
        #expect(Set(lines).count == 1, "counts moved: \(lines)")
    }
}
