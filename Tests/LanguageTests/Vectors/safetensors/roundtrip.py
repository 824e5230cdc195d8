import os
import torch
import torch.nn as nn
from safetensors.torch import save_file, load_file, save, load
from safetensors import safe_open
path = os.path.join(ROOT, "model.safetensors")
torch.manual_seed(0)
model = nn.Sequential(nn.Linear(4, 3), nn.ReLU(), nn.Linear(3, 2))
save_file(model.state_dict(), path, metadata={"format": "pt"})
print(os.path.getsize(path))
loaded = load_file(path)
print(list(loaded.keys()), loaded["0.weight"])
print(nn.Sequential(nn.Linear(4, 3), nn.ReLU(), nn.Linear(3, 2)).load_state_dict(loaded))
with safe_open(path, framework="pt", device="cpu") as f:
    print(f.keys(), f.metadata(), f.get_tensor("2.bias"))
mixed = {"f64": torch.tensor([0.1, -2.5], dtype=torch.float64), "empty": torch.zeros(0, 3), "scalar": torch.tensor(2.5),
         "i32": torch.tensor([1, -2], dtype=torch.int32), "b": torch.tensor([True, False, True]), "u8": torch.tensor([1, 255], dtype=torch.uint8)}
blob = save(mixed)
back = load(blob)
print(len(blob), sorted((k, v.dtype, tuple(v.shape)) for k, v in back.items()), back["f64"], back["b"])
x = torch.arange(6.)
for bad in [lambda: save_file({"a": x, "b": x[2:]}, path), lambda: save_file({"a": x.view(2, 3).t()}, path),
            lambda: load_file(path + ".missing"), lambda: save_file({"a": 3}, path), lambda: load(b"abc"), lambda: load(blob[:-1]),
            lambda: save_file({"a": torch.ones(2)}, path, metadata={"a": 1})]:
    try:
        bad()
    except Exception as e:
        print(type(e).__name__, str(e).strip().split("\n")[0].split(": [")[0])
print(os.path.getsize(path), sorted(os.listdir(ROOT)))
