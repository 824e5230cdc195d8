import numpy as np
import torch
t = torch.ones(3)
n = t.numpy()
t.add_(1)
print(n, n.dtype)
a = np.arange(4.0)
s = torch.from_numpy(a)
np.add(a, 1, out=a)
a[0] = -5
print(s)
s.mul_(2)
print(a, repr(a))
c = torch.tensor(a)
a[1] = 100
print(c, torch.as_tensor(a)[1].item(), torch.as_tensor(a, dtype=torch.float32).dtype)
print(torch.from_numpy(np.array([[1, 2], [3, 4]], dtype=np.int32)), torch.tensor(np.float64(2.5)), torch.tensor(np.array([True, False])))
x = torch.tensor([[1, 2], [3, 4]], dtype=torch.int32).numpy()
print(repr(x), torch.zeros(2, dtype=torch.float64).numpy().dtype, torch.arange(5)[np.array([1, 3])])
g = torch.ones(2, requires_grad=True)
for f in [lambda: g.numpy(), lambda: torch.from_numpy([1, 2]), lambda: np.array(g)]:
    try:
        f()
    except Exception as e:
        print(type(e).__name__ + ":", e)
print(g.detach().numpy(), (g * 2).detach().numpy(), np.array(g.detach()) + 1)
