import Foundation
import Testing
import TestSupport

/// torch.save(model) / torch.load(weights_only=False) of a whole module, against PyTorch
/// 2.15's output for the same program: a user class with plain attributes, a buffer, a
/// BatchNorm's running statistics and a Sequential; loading draws no random numbers; the
/// default weights_only=True refuses the file as PyTorch does.
struct WholeModuleTests {
    @Test func aWholeModuleRoundTripsAsInPyTorch() {
        let path = NSTemporaryDirectory() + "whole-module-\(getpid()).pth"
        defer { try? FileManager.default.removeItem(atPath: path) }
        let (output, error) = runProgram("""
        import torch
        from torch import nn

        class Net(nn.Module):
            def __init__(self, k):
                super().__init__()
                self.k = k
                self.name = "net"
                self.conv = nn.Conv2d(1, 2, 3, padding=1)
                self.bn = nn.BatchNorm2d(2)
                self.head = nn.Sequential(nn.Flatten(), nn.Linear(2 * 4 * 4, 3), nn.Dropout(0.2))
                self.register_buffer("offset", torch.tensor([0.5]))

            def forward(self, x):
                return self.head(self.bn(self.conv(x))) * self.k + self.offset

        torch.manual_seed(0)
        net = Net(2)
        net(torch.randn(2, 1, 4, 4))
        net.eval()
        torch.save(net, "\(path)")
        before = torch.randn(3)
        torch.manual_seed(1)
        loaded = torch.load("\(path)", weights_only=False)
        print(torch.randn(2))
        print(loaded, loaded.k, loaded.name, loaded.training, loaded.bn.num_batches_tracked, loaded.offset)
        x = torch.randn(1, 1, 4, 4)
        print(torch.equal(loaded(x), net(x)), loaded.head[1].weight.requires_grad, list(loaded.state_dict().keys()))
        try:
            torch.load("\(path)")
        except Exception as e:
            print(type(e).__name__, str(e).split(".")[0])
        """)
        #expect(error == nil)
        #expect(output == """
        tensor([0.6614, 0.2669])
        Net(
          (conv): Conv2d(1, 2, kernel_size=(3, 3), stride=(1, 1), padding=(1, 1))
          (bn): BatchNorm2d(2, eps=1e-05, momentum=0.1, affine=True, bias=True, track_running_stats=True)
          (head): Sequential(
            (0): Flatten(start_dim=1, end_dim=-1)
            (1): Linear(in_features=32, out_features=3, bias=True)
            (2): Dropout(p=0.2, inplace=False)
          )
        ) 2 net False tensor(1) tensor([0.5000])
        True True ['offset', 'conv.weight', 'conv.bias', 'bn.weight', 'bn.bias', 'bn.running_mean', 'bn.running_var', 'bn.num_batches_tracked', 'head.1.weight', 'head.1.bias']
        UnpicklingError Weights only load failed

        """)
    }

    @Test func loadingNeedsTheClassAndRefusesWhatCannotBePickled() {
        let path = NSTemporaryDirectory() + "whole-module-missing-\(getpid()).pth"
        defer { try? FileManager.default.removeItem(atPath: path) }
        _ = runProgram("""
        import torch
        class Tiny(torch.nn.Module):
            def __init__(self):
                super().__init__()
                self.fc = torch.nn.Linear(1, 1)
        torch.save(Tiny(), "\(path)")
        """)
        // Another session, where Tiny is not defined.
        #expect(runProgram("import torch\ntorch.load('\(path)', weights_only=False)\n").error?
            .hasPrefix("AttributeError: Can't get attribute 'Tiny' on <module '__main__'>") == true)
        #expect(runProgram("""
        import torch
        class Holder(torch.nn.Module):
            def __init__(self):
                super().__init__()
                self.f = lambda x: x
        torch.save(Holder(), "\(path)")
        """).error?.hasPrefix("_pickle.PicklingError: Can't pickle attribute 'f' of Holder") == true)
    }
}
