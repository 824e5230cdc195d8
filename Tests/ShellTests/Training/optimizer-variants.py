# Every optimizer option tsh's vector loops take, 25 steps on fixed gradients, once with
# contiguous gradients (the loops) and once with strided ones (the element-wise path).
# optimizer-variants.out is PyTorch 2.15's output with Tensor.sqrt made correctly rounded
# (its own float32 sqrt on this machine is not), so it checks the order of arithmetic.
import torch
torch.manual_seed(0)
torch.set_printoptions(precision=10)
makers = [
    ("SGD", lambda p: torch.optim.SGD(p, lr=0.1)),
    ("SGD momentum", lambda p: torch.optim.SGD(p, lr=0.05, momentum=0.9)),
    ("SGD dampening wd", lambda p: torch.optim.SGD(p, lr=0.05, momentum=0.8, dampening=0.3, weight_decay=0.01)),
    ("SGD nesterov max", lambda p: torch.optim.SGD(p, lr=0.05, momentum=0.9, nesterov=True, maximize=True)),
    ("Adam", lambda p: torch.optim.Adam(p, lr=1e-2)),
    ("Adam wd amsgrad", lambda p: torch.optim.Adam(p, lr=1e-2, weight_decay=0.1, amsgrad=True, betas=(0.3, 0.95))),
    ("AdamW", lambda p: torch.optim.AdamW(p, lr=1e-2)),
    ("AdamW amsgrad max", lambda p: torch.optim.AdamW(p, lr=1e-2, amsgrad=True, maximize=True, eps=1e-6)),
    ("RMSprop", lambda p: torch.optim.RMSprop(p, lr=1e-2)),
    ("RMSprop centered momentum wd", lambda p: torch.optim.RMSprop(p, lr=1e-2, momentum=0.9, centered=True, weight_decay=0.05)),
    ("RMSprop centered alpha", lambda p: torch.optim.RMSprop(p, lr=1e-2, alpha=0.3, centered=True, maximize=True)),
    ("RMSprop momentum", lambda p: torch.optim.RMSprop(p, lr=1e-2, momentum=0.5, alpha=0.9)),
]
grads = [torch.randn(2000) for _ in range(7)]
start = torch.randn(1000)
for dtype in (torch.float32, torch.float64):
    for name, make in makers:
        finals = []
        for strided in (False, True):
            p = start.clone().to(dtype).requires_grad_()
            optimizer = make([p])
            for step in range(25):
                g = (grads[step % 7] * (1 + 0.1 * step)).to(dtype)
                p.grad = g[::2] if strided else g[:1000].clone()
                optimizer.step()
            finals.append(p.detach().clone())
        d = finals[0]
        print(name, dtype, d.sum().item(), (d * d).sum().item(), d.abs().max().item())
        print(d[:4], d[-3:])
        print("strided", finals[1].sum().item(), (finals[1] * finals[1]).sum().item())
# A gradient that is the parameter itself: the element-wise path, as PyTorch's ops see it.
for make in (lambda p: torch.optim.AdamW(p, lr=1e-2), lambda p: torch.optim.SGD(p, lr=0.1, momentum=0.9, weight_decay=0.1)):
    p = start.clone().requires_grad_()
    optimizer = make([p])
    for step in range(3):
        p.grad = p.detach()
        optimizer.step()
    print("aliased", type(optimizer).__name__, p.sum().item(), (p * p).sum().item())
