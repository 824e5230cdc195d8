import torch
from torch import nn
torch.manual_seed(0)
torch.set_printoptions(precision=10)
X = torch.rand(64, 20)
y = torch.randint(0, 4, (64,))
for make in (lambda p: torch.optim.SGD(p, lr=0.1), lambda p: torch.optim.SGD(p, lr=0.05, momentum=0.9),
             lambda p: torch.optim.Adam(p, lr=1e-3), lambda p: torch.optim.AdamW(p, lr=1e-3)):
    model = nn.Sequential(nn.Linear(20, 32), nn.ReLU(), nn.Linear(32, 4))
    optimizer = make(model.parameters())
    loss_fn = nn.CrossEntropyLoss()
    for step in range(100):
        loss = loss_fn(model(X), y)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    print(type(optimizer).__name__, loss.item())
    for name, p in model.named_parameters():
        print(name, p.sum().item(), p.grad.sum().item(), p.abs().max().item())
        print(p.flatten()[:6])
