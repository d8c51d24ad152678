# Convolution layers: the code of docs/zh/conv.md and docs/en/conv.md.
# Run it from the repository root: python snippets/conv.py

# --8<-- [start:imports]
import matplotlib.pyplot as plt
import torch
from PIL import Image
from torch import nn
from torchvision.transforms.v2.functional import to_dtype, to_image, to_pil_image

# --8<-- [end:imports]

# --8<-- [start:photo]
# zh: 一张灰度照片：只有一个通道
# en: a grayscale photo: one channel
photo = Image.open("imgs/hopper.png")
print(photo.mode, photo.size)
photo
# --8<-- [end:photo]

# --8<-- [start:to-tensor]
# zh: PIL 图像 → uint8 张量 → [0, 1] 区间的 float32 张量
# en: PIL image → uint8 tensor → float32 tensor in [0, 1]
image = to_dtype(to_image(photo), torch.float32, scale=True)
# zh: 层只接受一批样本：用 unsqueeze(0) 加上批维度，批大小为 1
# en: layers take a batch: unsqueeze(0) adds the batch dimension, a batch of one
batch = image.unsqueeze(0)
assert batch.shape == (1, 1, 300, 256)  # (N, C, H, W)
image.shape, batch.shape
# --8<-- [end:to-tensor]

# --8<-- [start:kernel]
kernel = torch.full((3, 3), -1 / 9)
kernel[1, 1] = 1
conv = nn.Conv2d(in_channels=1, out_channels=1, kernel_size=3, bias=False)
# zh: 设置权重时不记录梯度；旧代码写作 conv.weight.data = ...
# en: set weights without recording gradients; older code writes conv.weight.data = ...
with torch.no_grad():
    conv.weight.copy_(kernel.view(1, 1, 3, 3))
conv.weight
# --8<-- [end:kernel]

# --8<-- [start:sharpen]
with torch.no_grad():
    out = conv(batch)
assert out.shape == (1, 1, 298, 254)  # 300 - 2, 256 - 2
print(out.shape)
# zh: to_pil_image 会把浮点数乘以 255 再转成字节：先截断到 [0, 1]，否则负数会回绕成亮点
# en: to_pil_image multiplies floats by 255 and casts to bytes: clamp to [0, 1] first,
# en: or negative values wrap around into bright specks
to_pil_image(out.squeeze(0).clamp(0, 1))
# --8<-- [end:sharpen]

# --8<-- [start:why-dark]
# zh: 一块亮度均匀的区域
# en: a patch of even brightness
flat = torch.full((1, 1, 3, 3), 0.9)
with torch.no_grad():
    response = conv(flat).item()
print(f"kernel sum {kernel.sum().item():.4f}, flat 0.9 -> {response:.4f}")
assert torch.isclose(kernel.sum(), torch.tensor(1 / 9))
assert abs(response - 0.9 / 9) < 1e-6
# --8<-- [end:why-dark]

# --8<-- [start:true-sharpen]
# zh: 2 × 原图 − 模糊图（3×3 均值）：中心为 2 − 1/9，其余为 −1/9，权重之和为 1
# en: 2 × image − blurred image (3×3 mean): 2 − 1/9 in the centre, −1/9 around, sum 1
sharpen = nn.Conv2d(1, 1, 3, padding=1, bias=False)
with torch.no_grad():
    sharpen.weight.copy_(kernel.view(1, 1, 3, 3))
    sharpen.weight[0, 0, 1, 1] = 2 - 1 / 9
    sharpened = sharpen(batch).clamp(0, 1)
    assert torch.isclose(sharpen.weight.sum(), torch.tensor(1.0))
    assert torch.isclose(sharpen(flat)[0, 0, 1, 1], torch.tensor(0.9))
assert sharpened.shape == batch.shape  # padding=1

figure, axes = plt.subplots(1, 3, figsize=(9, 3.6))
panels = [image, out.squeeze(0).clamp(0, 1), sharpened.squeeze(0)]
for ax, picture, title in zip(axes, panels, ["input", "centre 1", "centre 17/9"], strict=True):
    ax.imshow(picture.squeeze(0).numpy(), cmap="gray", vmin=0, vmax=1)
    ax.set_title(title)
    ax.axis("off")
figure
# --8<-- [end:true-sharpen]


# --8<-- [start:shape-formula]
def out_size(size, kernel_size, stride=1, padding=0, dilation=1):
    return (size + 2 * padding - dilation * (kernel_size - 1) - 1) // stride + 1


x = torch.zeros(1, 1, 300, 256)
for k, s, p, d in [(3, 1, 0, 1), (3, 1, 1, 1), (5, 2, 2, 1), (3, 2, 0, 2), (4, 3, 1, 1)]:
    layer = nn.Conv2d(1, 1, k, stride=s, padding=p, dilation=d)
    expected = (out_size(300, k, s, p, d), out_size(256, k, s, p, d))
    actual = tuple(layer(x).shape[-2:])
    assert actual == expected
    print(f"k={k} s={s} p={p} d={d}: {actual}")
# --8<-- [end:shape-formula]

# --8<-- [start:transposed]
# zh: 转置卷积把尺寸放大：out = (in - 1)·s - 2p + d·(k - 1) + output_padding + 1
# en: a transposed convolution grows the size:
# en: out = (in - 1)·s - 2p + d·(k - 1) + output_padding + 1
up = nn.ConvTranspose2d(1, 1, kernel_size=3, stride=2, padding=1, output_padding=1)
small = torch.zeros(1, 1, 75, 64)
assert up(small).shape[-2:] == (150, 128)
up(small).shape
# --8<-- [end:transposed]

# --8<-- [start:dims]
# zh: 一维、二维、三维卷积只差在输入的空间维数
# en: 1-D, 2-D and 3-D convolutions differ only in how many spatial dimensions they slide over
signal = torch.randn(8, 2, 100)  # (N, C, L)
volume = torch.randn(8, 2, 16, 32, 32)  # (N, C, D, H, W)
nn.Conv1d(2, 4, 5)(signal).shape, nn.Conv3d(2, 4, 3)(volume).shape
# --8<-- [end:dims]
