import Testing
import TestSupport

/// Batch normalisation and module buffers against PyTorch 2.15's output for the same
/// program: gradcheck in training and eval mode, momentum=None's cumulative average,
/// track_running_stats=False, register_buffer (persistent or not) in state_dict and
/// named_buffers, .double() making new buffer tensors, load_state_dict of buffers, errors.
struct BatchNormTests {
    @Test func batchNormAndBuffersMatchPyTorch() {
        let (output, error) = runProgram("""
        import torch
        from torch import nn
        import torch.nn.functional as F
        from torch.autograd import gradcheck

        torch.manual_seed(0)
        x = torch.randn(4, 3, 2, dtype=torch.float64, requires_grad=True)
        w = torch.randn(3, dtype=torch.float64, requires_grad=True)
        b = torch.randn(3, dtype=torch.float64, requires_grad=True)
        print(gradcheck(lambda x, w, b: F.batch_norm(x, None, None, w, b, training=True), (x, w, b)))
        rm, rv = torch.rand(3, dtype=torch.float64), torch.rand(3, dtype=torch.float64) + 0.5
        print(gradcheck(lambda x, w, b: F.batch_norm(x, rm, rv, w, b, training=False), (x, w, b)))
        bn = nn.BatchNorm1d(3, momentum=None)
        for k in range(3):
            bn(torch.randn(5, 3) * (k + 1))
        print(bn, bn.running_mean, bn.running_var, bn.num_batches_tracked)
        nt = nn.BatchNorm2d(2, track_running_stats=False)
        print(nt, nt.running_mean, list(nt.state_dict().keys()))
        print(nt(torch.arange(8.0).reshape(1, 2, 2, 2)).eval if False else nt.eval()(torch.arange(8.0).reshape(1, 2, 2, 2))[0, 1])

        class Net(nn.Module):
            def __init__(self):
                super().__init__()
                self.fc = nn.Linear(2, 2)
                self.register_buffer("scale", torch.tensor([2.0, 3.0]))
                self.register_buffer("cache", torch.zeros(1), persistent=False)
            def forward(self, x):
                return self.fc(x) * self.scale

        net = Net()
        print(list(net.state_dict().keys()), [n for n, _ in net.named_buffers()], len(list(net.buffers())))
        net.scale = torch.tensor([1.0, 1.0])
        print(net.scale, net.double().scale.dtype, net.fc.weight.dtype)
        m = nn.Sequential(nn.Conv2d(1, 2, 3), nn.BatchNorm2d(2))
        sd = m.state_dict()
        print(list(sd.keys()), sd["1.num_batches_tracked"])
        m2 = nn.Sequential(nn.Conv2d(1, 2, 3), nn.BatchNorm2d(2))
        m(torch.randn(2, 1, 5, 5))
        print(m2.load_state_dict(m.state_dict()), m2[1].num_batches_tracked, torch.equal(m2[1].running_mean, m[1].running_mean))
        for bad in [lambda: nn.BatchNorm1d(3)(torch.ones(1, 3)), lambda: nn.BatchNorm2d(3)(torch.ones(2, 3, 4)), lambda: net.register_buffer("fc", None)]:
            try:
                bad()
            except (ValueError, KeyError) as e:
                print(type(e).__name__, e)
        """)
        #expect(error == nil)
        #expect(output == """
        True
        True
        BatchNorm1d(3, eps=1e-05, momentum=None, affine=True, bias=True, track_running_stats=True) tensor([ 0.4899,  0.1749, -0.5553]) tensor([2.0441, 3.6830, 4.4291]) tensor(3)
        BatchNorm2d(2, eps=1e-05, momentum=0.1, affine=True, bias=True, track_running_stats=False) None ['weight', 'bias']
        tensor([[-1.3416, -0.4472],
                [ 0.4472,  1.3416]], grad_fn=<SelectBackward0>)
        ['scale', 'fc.weight', 'fc.bias'] ['scale', 'cache'] 2
        tensor([1., 1.]) torch.float64 torch.float64
        ['0.weight', '0.bias', '1.weight', '1.bias', '1.running_mean', '1.running_var', '1.num_batches_tracked'] tensor(0)
        <All keys matched successfully> tensor(1) True
        ValueError Expected more than 1 value per channel when training, got input size torch.Size([1, 3])
        ValueError expected 4D input (got 3D input)
        KeyError "attribute 'fc' already exists"

        """)
    }
}
