# Element-wise kernels and whole-tensor reductions against PyTorch's bits: relu (clamp_min:
# NaN and -0.0 pass through, in vector loops), sigmoid through
# SLEEF's exp with fused multiply-adds, float sums in ATen's cascade order split across two
# threads as two_pass_reduction splits them, max/min through vector loops (NaN first).
import torch
torch.set_num_threads(2)
print(torch.get_num_threads())
torch.manual_seed(0)
torch.set_printoptions(precision=10)
x = torch.cat([torch.randn(4000) * 8, torch.tensor([0.0, -0.0, 88.7, -88.8, -104.5, 1e-30, float('inf'), float('-inf'), float('nan')])])
print(torch.relu(x[-9:]), torch.relu(torch.tensor([-0.0, -2.0, 3.0], dtype=torch.float64)))
s = x.sigmoid()
print(s[:6], s[-9:])
print(s[:4000].sum().item(), s[::3].sum().item())
for n in (1000, 40000, 100000, 1 << 20, 3000001):
    v = torch.randn(n)
    print(n, v.sum().item(), v.mean().item(), v[::2].sum().item(), v.double().sum().item(), v.max().item(), v.min().item())
v[12345] = float('nan')
print(v.max(), v.min(), torch.zeros(100000).max(), (-torch.zeros(100000)).min())
for bad in (0, -3, 2.5):
    try:
        torch.set_num_threads(bad)
    except RuntimeError as e:
        print("RuntimeError:", e)
# Column-major matrices made contiguous by tiled transposes in bands of rows per thread:
# every row is written, also when the rows do not divide into the bands evenly.
for rows, cols in ((65, 4096), (129, 2048), (257, 2041), (33, 70000)):
    x = torch.randn(cols, rows)
    y = x.t().contiguous()
    print(rows, cols, torch.equal(y, x.t()), y.is_contiguous())
