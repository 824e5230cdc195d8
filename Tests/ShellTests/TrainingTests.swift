import Foundation
import TestSupport
import Testing

/// Training as issue 16 rebuilt it: the same numbers as before, and no fresh memory once warm.
struct TrainingTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Training")

    /// 100 steps each of SGD, SGD with momentum, Adam and AdamW on a small network: the
    /// parameters and gradients are the ones tsh computed before the rewrite (the buffer
    /// cache, the in-place update loops, the gradient steal, the folded bias, the fused ReLU
    /// backward), to the last printed digit. The golden file was written by the build before.
    @Test func optimizerStepsGiveTheSameNumbersAsBeforeTheRewrite() throws {
        let run = try runTsh([TrainingTests.folder.appendingPathComponent("optimizer-steps.py").path])
        #expect(run.status == 0, "\(run.out)")
        #expect(run.out == (try String(contentsOf: TrainingTests.folder.appendingPathComponent("optimizer-steps.out"), encoding: .utf8)))
    }

    /// A training loop reuses its buffers: once warm, its steps take no fresh memory from the
    /// system (no page faults in steady state), and the cache stays bounded.
    @Test func aWarmTrainingLoopTakesNoFreshMemory() throws {
        let dir = NSTemporaryDirectory() + "tsh-train-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let script = dir + "/train.py"
        try """
        import torch
        import tsh
        from torch import nn
        from torch.utils.data import DataLoader, TensorDataset
        torch.manual_seed(0)
        X = torch.rand(1280, 1, 28, 28)
        y = torch.randint(0, 10, (1280,))
        loader = DataLoader(TensorDataset(X, y), batch_size=64, shuffle=True)
        model = nn.Sequential(nn.Flatten(), nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 256), nn.ReLU(), nn.Linear(256, 10))
        loss_fn = nn.CrossEntropyLoss()
        optimizer = torch.optim.SGD(model.parameters(), lr=1e-3)
        step = 0
        for epoch in range(6):
            for Xb, yb in loader:
                loss = loss_fn(model(Xb), yb)
                loss.backward()
                optimizer.step()
                optimizer.zero_grad()
                step += 1
                if step == 5:
                    warm = tsh.buffer_cache()
        after = tsh.buffer_cache()
        print(step - 5, "steps", after["misses"] - warm["misses"], "misses", after["hits"] - warm["hits"] > 0)
        print(after["cached_bytes"] < 64 * 2**20)
        """.write(toFile: script, atomically: true, encoding: .utf8)
        let run = try runTsh([script])
        #expect(run.status == 0, "\(run.out)")
        #expect(run.out == "115 steps 0 misses True\nTrue\n")
    }
}
