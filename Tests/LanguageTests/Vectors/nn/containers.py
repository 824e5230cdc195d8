import torch
import torch.nn as nn
torch.manual_seed(0)
class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.layers = nn.ModuleList([nn.Linear(4, 4) for _ in range(3)])
        self.heads = nn.ModuleDict({"a": nn.Linear(4, 2), "b": nn.Linear(4, 1)})
        self.unflat = nn.Unflatten(1, (2, 2))
    def forward(self, x, head):
        for layer in self.layers:
            x = torch.relu(layer(x))
        return self.unflat(x), self.heads[head](x)
net = Net()
print(net)
u, y = net(torch.ones(2, 4), "a")
print(u.shape, type(u.grad_fn).__name__, y)
print(len(net.layers), len(net.heads), "a" in net.heads, list(net.heads.keys()), [type(m).__name__ for m in net.heads.values()])
print(net.layers[1:], net.layers[-1], sum(p.numel() for p in net.parameters()), list(net.state_dict().keys())[:4])
net.layers.append(nn.ReLU())
net.layers.insert(0, nn.Tanh())
net.heads["c"] = nn.Identity()
net.heads.update({"d": nn.Sigmoid()})
print(net.layers, net.heads, [k for k in net.heads], net.layers[0] in net.layers)
for bad in [lambda: net.layers(torch.ones(1)), lambda: net.heads["zz"], lambda: net.layers[10], lambda: nn.Unflatten(1, (3, 3))(torch.ones(2, 4)),
            lambda: nn.ModuleList([3])]:
    try:
        bad()
    except Exception as e:
        print(type(e).__name__, e)
print(nn.Unflatten(-1, (2, -1))(torch.arange(12.).reshape(2, 6)).shape)
