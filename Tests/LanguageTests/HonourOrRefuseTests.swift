import TestSupport
import Testing

/// Refuse, never ignore: a keyword tsh does not implement is refused by name, and the
/// cheap ones PyTorch programs use are honoured.
struct HonourOrRefuseTests {
    @Test func anUnreadKeywordIsRefusedByName() {
        // torch.load's pickle_module is not implemented: said, not ignored.
        #expect(runProgram("import torch\ntorch.save(torch.ones(1), '/tmp/tsh-refuse.pth')\ntorch.load('/tmp/tsh-refuse.pth', pickle_module=1)").error
            == "NotImplementedError: load(pickle_module=...) is not supported by tsh yet")
        #expect(runProgram("import torch\ntorch.ones(2).gather(0, torch.tensor([0]), sparse_grad=True)").error
            == "NotImplementedError: gather(sparse_grad=True) is not supported by tsh yet")
        #expect(runProgram("import torch\ntorch.optim.SGD([torch.ones(1, requires_grad=True)], lr=0.1, differentiable=True)").error
            == "NotImplementedError: SGD(differentiable=True) is not supported by tsh yet")
        #expect(runProgram("import torch\ntorch.empty(2, pin_memory=True)").error == "RuntimeError: Cannot access accelerator device when none is available.")
        // A default given explicitly is fine.
        #expect(runProgram("import torch\nprint(torch.zeros(2, device='cpu', layout=None, requires_grad=False))").output == "tensor([0., 0.])\n")
    }

    @Test func lossKeywordsAreHonoured() {
        let run = runProgram("""
            import torch
            import torch.nn.functional as F
            x = torch.tensor([[1., 2., 3.], [1., 0., -1.], [0.5, 0.2, 0.1]], dtype=torch.float64)
            t = torch.tensor([2, 0, 1])
            w = torch.tensor([1., 2., 3.], dtype=torch.float64)
            print(round(F.cross_entropy(x, t, weight=w).item(), 10), round(F.cross_entropy(x, t, label_smoothing=0.1).item(), 10))
            print(round(torch.nn.CrossEntropyLoss(weight=w, label_smoothing=0.1)(x, t).item(), 10), round(F.nll_loss(x.log_softmax(1), t, ignore_index=1).item(), 10))
            z = torch.tensor([0.5, -1.0, 2.0], dtype=torch.float64)
            y = torch.tensor([1., 0., 1.], dtype=torch.float64)
            bce = torch.nn.BCEWithLogitsLoss(weight=torch.tensor([1., 0.5, 2.], dtype=torch.float64), pos_weight=torch.tensor([2., 2., 2.], dtype=torch.float64))
            print(round(bce(z, y).item(), 10), F.gelu(torch.tensor([-1.0, 0.5, 2.0]), approximate='tanh'))
            print(torch.amax(torch.tensor([[1, 5], [7, 2]]), dim=(0, 1)), F.mse_loss(z, y, reduction='sum').item())
            """)
        #expect(run.error == nil, "\(run.error ?? "")")
        #expect(run.output == """
            0.6651036249 0.7295480694
            0.7317702916 0.4076059644
            0.5374989521 tensor([-0.1588,  0.3457,  1.9546])
            tensor(7) 2.25

            """)
    }

    @Test func adamAmsgradAndDataLoaderHooksAreHonoured() {
        let run = runProgram("""
            import torch
            from torch.utils.data import DataLoader, TensorDataset
            for ams in [True, False]:
                w = torch.tensor([1.0], dtype=torch.float64, requires_grad=True)
                opt = torch.optim.Adam([w], lr=0.1, amsgrad=ams)
                for g in [10.0, 0.1, 0.1]:
                    w.grad = torch.tensor([g], dtype=torch.float64)
                    opt.step()
                print(round(w.item(), 12))
            data = TensorDataset(torch.arange(6))
            print([b[0].tolist() for b in DataLoader(data, batch_size=2, sampler=[5, 3, 1, 0])])
            print([b[0].tolist() for b in DataLoader(data, batch_sampler=[[0, 1, 2], [4]])])
            def count(items):
                return len(items)
            print(list(DataLoader(data, batch_size=3, collate_fn=count)))
            """)
        #expect(run.output == "0.779325901953\n0.779247706538\n[[5, 3], [1, 0]]\n[[0, 1, 2], [4]]\n[3, 3]\n", "\(run.output) \(run.error ?? "")")
    }
}
