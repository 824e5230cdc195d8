# A TensorDataset batch is each tensor's rows gathered at once (no tensor per sample): the
# batches equal those the per-sample path stacks (a collate_fn takes that path), as PyTorch's do.
import torch
from torch.utils.data import DataLoader, TensorDataset, default_collate
torch.manual_seed(0)
X = torch.rand(23, 2, 3)
y = torch.randint(0, 10, (23,))
Z = torch.arange(23 * 4).reshape(4, 23).t()
ds = TensorDataset(X, y, Z)
torch.manual_seed(1)
a = [b for b in DataLoader(ds, batch_size=5, shuffle=True)]
torch.manual_seed(1)
c = [b for b in DataLoader(ds, batch_size=5, shuffle=True, collate_fn=default_collate)]
print(len(a), type(a[0]).__name__, [t.shape for t in a[0]], a[-1][2].is_contiguous())
print(all(torch.equal(p, q) and p.dtype == q.dtype for u, v in zip(a, c) for p, q in zip(u, v)))
print(a[1][1], a[1][2])
