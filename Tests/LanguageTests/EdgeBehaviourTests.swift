import TestSupport
import Testing

/// Behaviour at the edges that a review of the engine and bindings turned up, each as
/// PyTorch has it.
struct EdgeBehaviourTests {
    @Test func gradientsOfUnusedAndNonLeafInputs() {
        let run = runProgram("""
            import torch
            x = torch.tensor([1., 2.], requires_grad=True)
            y = torch.tensor([3., 4.], requires_grad=True)
            (x.exp().sin() * 2).sum().backward()
            print(torch.autograd.grad((y * 2).sum(), [x, y], allow_unused=True))
            h = x.exp()
            h.sum().backward()
            print(torch.autograd.grad((h * 2).sum(), h))
            z = torch.tensor([0.5, 1.0], requires_grad=True)
            k = z * 1
            k.mul_(z)
            g, = torch.autograd.grad((k * z).sum(), z, create_graph=True)
            print(torch.autograd.grad(g.sum(), z))
            """)
        #expect(run.error == nil, "\(run.error ?? "")")
        #expect(run.output == "(None, tensor([2., 2.]))\n(tensor([2., 2.]),)\n(tensor([3., 6.]),)\n")
    }

    @Test func modulesAndDevicesRefuseWhatTheyCannotUse() {
        #expect(runProgram("import torch\ntorch.nn.Linear(2, 2)(torch.ones(1, 2), torch.ones(1, 2))").error
            == "TypeError: forward() takes 2 positional arguments but 3 were given")
        #expect(runProgram("import torch\ntorch.nn.CrossEntropyLoss()(torch.ones(1, 2), torch.tensor([0]), weight=torch.ones(2))").error
            == "TypeError: forward() got an unexpected keyword argument 'weight'")
        #expect(runProgram("import torch\ntorch.ones(2).to('cuda')").error == "AssertionError: Torch not compiled with CUDA enabled")
        #expect(runProgram("import torch\ntorch.zeros(2, device=torch.device('cuda:0'))").error == "AssertionError: Torch not compiled with CUDA enabled")
        let run = runProgram("import torch\nprint(torch.device('cuda', 1), repr(torch.device('cpu')), torch.ones(1).to('cpu', non_blocking=True))")
        #expect(run.output == "cuda:1 device(type='cpu') tensor([1.])\n", "\(run.error ?? "")")
    }

    @Test func loadersOptimizersAndStateDicts() {
        let run = runProgram("""
            import torch
            from torch.utils.data import DataLoader, TensorDataset
            ds = TensorDataset(torch.arange(5))
            print(len(DataLoader(ds, batch_size=2, sampler=[4, 0, 1])), len(DataLoader(ds, batch_sampler=[[0, 1], [2, 3, 4]])))
            w = torch.tensor([1.0], requires_grad=True)
            opt = torch.optim.SGD([w], lr=0.1, momentum=0.9)
            fresh = torch.optim.SGD([w], lr=0.1, momentum=0.9).state_dict()
            for i in range(3):
                w.grad = torch.tensor([1.0])
                opt.step()
            opt.load_state_dict(fresh)
            print(len(opt.state))
            m = torch.nn.Linear(2, 1)
            sd = m.state_dict()
            missing, unexpected = m.load_state_dict({'weight': sd['weight']}, strict=False)
            print(missing, unexpected, m.load_state_dict(sd).missing_keys)
            print(torch.arange(6).view(2, 3).flip(dims=(0,)))
            """)
        #expect(run.error == nil, "\(run.error ?? "")")
        #expect(run.output == "2 2\n0\n['bias'] [] []\ntensor([[3, 4, 5],\n        [0, 1, 2]])\n")
        #expect(runProgram("import torch\ntorch.tensor([[1, 2], [3, 4]]).flip([0, 0])").error == "RuntimeError: dim 0 appears multiple times in the list of dims")
    }

    @Test func numpyNamesSizeByNameAndTupleOuts() {
        let run = runProgram("""
            import torch
            x = torch.arange(6.).view(2, 3)
            print(x.sum(axis=0), torch.sum(x, axis=1, keepdims=True).shape)
            print(torch.zeros(size=(2, 3)).shape, torch.reshape(x, shape=(3, 2)).shape, torch.permute(x, dims=(1, 0)).shape)
            print(torch.pow(2, torch.tensor([1., 2.])), x.type('torch.DoubleTensor').dtype)
            mx = torch.empty(2)
            ix = torch.empty(2, dtype=torch.int64)
            values, indices = torch.max(x, 1, out=(mx, ix))
            print(mx, ix, values is mx)
            """)
        #expect(run.error == nil, "\(run.error ?? "")")
        #expect(run.output == """
            tensor([3., 5., 7.]) torch.Size([2, 1])
            torch.Size([2, 3]) torch.Size([3, 2]) torch.Size([3, 2])
            tensor([2., 4.]) torch.float64
            tensor([2., 5.]) tensor([2, 2]) True

            """)
        #expect(runProgram("import torch\ntorch.tensor([1, 2]).mean()").error?.hasPrefix("RuntimeError: mean(): could not infer output dtype") == true)
    }
}
