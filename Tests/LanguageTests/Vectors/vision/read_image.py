import torch
from torchvision.io import read_image, ImageReadMode, decode_image, read_file
for f in ["l", "la", "rgb", "rgba", "big", "flat", "stored", "one", "p"]:
    x = read_image(f"{ROOT}/{f}.png", mode=ImageReadMode.GRAY if f == "p" else ImageReadMode.UNCHANGED)
    print(f, x.shape, x.dtype, x.sum().item(), x[:, 0, :3].tolist())
    # torchvision's palette and 1-bit images with added alpha are its own quirks: not compared.
    for m in [ImageReadMode.GRAY, ImageReadMode.GRAY_ALPHA, ImageReadMode.RGB, ImageReadMode.RGB_ALPHA]:
        if f in ("p", "one") and m in (ImageReadMode.GRAY_ALPHA, ImageReadMode.RGB_ALPHA):
            continue
        y = read_image(f"{ROOT}/{f}.png", mode=m)
        print("  ", m, y.shape, y.sum().item())
print(decode_image(read_file(f"{ROOT}/rgb.png")).shape, ImageReadMode.RGB, read_file(f"{ROOT}/l.png")[:8].tolist())
