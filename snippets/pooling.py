# Pooling layers: the code of docs/zh/pooling.md and docs/en/pooling.md.
# Run it from the repository root: python snippets/pooling.py

# --8<-- [start:imports]
import matplotlib.pyplot as plt
import torch
from PIL import Image
from torch import nn
from torchvision.transforms.v2.functional import to_dtype, to_image, to_pil_image

# --8<-- [end:imports]

# --8<-- [start:photo]
photo = Image.open("imgs/hopper.png")
# zh: PIL 图像 → [0, 1] 区间的 float32 张量 → 批大小为 1 的一批
# en: PIL image → float32 tensor in [0, 1] → a batch of one
batch = to_dtype(to_image(photo), torch.float32, scale=True).unsqueeze(0)
assert batch.shape == (1, 1, 300, 256)  # (N, C, H, W)
batch.shape
# Out: torch.Size([1, 1, 300, 256])
# --8<-- [end:photo]

# --8<-- [start:avg-pool]
# zh: 2×2 的窗口，每次移动 2 格：窗口互不重叠，每 4 个像素取平均变成 1 个
# en: a 2×2 window moved 2 pixels at a time: the windows do not overlap,
# en: and every 4 pixels are averaged into 1
pool = nn.AvgPool2d(kernel_size=2, stride=2)
out = pool(batch)
assert out.shape == (1, 1, 150, 128)  # half the height, half the width
assert torch.isclose(out[0, 0, 0, 0], batch[0, 0, :2, :2].mean())
print(out.shape)
to_pil_image(out.squeeze(0))
# Out: torch.Size([1, 1, 150, 128])
# --8<-- [end:avg-pool]

# --8<-- [start:no-parameters]
# zh: 池化层没有任何可学习的参数
# en: a pooling layer has no learnable parameters at all
assert list(pool.parameters()) == []
# zh: 它等于一个权重固定为 1/4、步幅为 2 的卷积；卷积的权重却是要学习的
# en: it equals a convolution with every weight fixed at 1/4 and stride 2,
# en: whereas a convolution's weights are learned
conv = nn.Conv2d(1, 1, kernel_size=2, stride=2, bias=False)
with torch.no_grad():
    conv.weight.fill_(1 / 4)
    assert torch.allclose(conv(batch), pool(batch), atol=1e-6)
print("pooling:", sum(p.numel() for p in pool.parameters()), "parameters")
print("conv:   ", sum(p.numel() for p in conv.parameters()), "parameters")
# Out: pooling: 0 parameters
# Out: conv:    4 parameters
# --8<-- [end:no-parameters]

# --8<-- [start:max-pool]
# zh: 最大池化保留每个窗口中最大（最亮）的值
# en: max pooling keeps the largest (brightest) value of each window
max_pool = nn.MaxPool2d(kernel_size=2, stride=2)
maxed = max_pool(batch)
assert maxed.shape == out.shape
assert maxed[0, 0, 0, 0] == batch[0, 0, :2, :2].max()
assert list(max_pool.parameters()) == []
# zh: 最大值不小于平均值：最大池化的每个像素都不比平均池化的暗
# en: a maximum is never below the mean: no pixel of the max-pooled image
# en: is darker than the same pixel of the average-pooled one
assert (maxed >= out).all()
maxed.shape
# Out: torch.Size([1, 1, 150, 128])
# --8<-- [end:max-pool]

# --8<-- [start:compare]
# zh: 用 4×4 的窗口把两者的差别放大
# en: a 4×4 window makes the difference easier to see
avg4 = nn.AvgPool2d(4)(batch)
max4 = nn.MaxPool2d(4)(batch)
assert avg4.shape == max4.shape == (1, 1, 75, 64)
assert (max4 >= avg4).all()

figure, axes = plt.subplots(1, 3, figsize=(9, 3.6))
panels = [batch, avg4, max4]
titles = ["input 300×256", "AvgPool2d(4) 75×64", "MaxPool2d(4) 75×64"]
for ax, picture, title in zip(axes, panels, titles, strict=True):
    ax.imshow(picture[0, 0].numpy(), cmap="gray", vmin=0, vmax=1, interpolation="nearest")
    ax.set_title(title)
    ax.axis("off")
figure
# --8<-- [end:compare]


# --8<-- [start:output-size]
def out_size(size, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False):
    # zh: 不给步幅时，步幅等于窗口大小
    # en: without a stride, the stride is the window size
    stride = kernel_size if stride is None else stride
    span = size + 2 * padding - dilation * (kernel_size - 1) - 1
    steps = -(-span // stride) if ceil_mode else span // stride
    # zh: ceil_mode 下，从右侧填充区开始的窗口不算
    # en: with ceil_mode, a window that would start in the right padding is dropped
    if ceil_mode and steps * stride >= size + padding:
        steps -= 1
    return steps + 1


assert nn.AvgPool2d(2).stride == 2  # stride defaults to kernel_size
x = torch.zeros(1, 1, 300, 256)
settings = [
    dict(kernel_size=2),
    dict(kernel_size=3),
    dict(kernel_size=3, ceil_mode=True),
    dict(kernel_size=3, stride=2, padding=1),
    dict(kernel_size=5, stride=1, padding=2),
]
for kwargs in settings:
    for layer in (nn.AvgPool2d(**kwargs), nn.MaxPool2d(**kwargs)):
        expected = (out_size(300, **kwargs), out_size(256, **kwargs))
        assert tuple(layer(x).shape[-2:]) == expected
    print(kwargs, expected)

# zh: 长度 5，窗口 2，填充 1：向上取整得 4 个窗口，但第 4 个从右侧填充开始，只剩 3 个
# en: length 5, window 2, padding 1: rounding up gives 4 windows, but the 4th
# en: would start in the right padding, so 3 remain
short = nn.MaxPool1d(2, padding=1, ceil_mode=True)(torch.zeros(1, 1, 5))
assert short.shape[-1] == out_size(5, 2, padding=1, ceil_mode=True) == 3
# Out: {'kernel_size': 2} (150, 128)
# Out: {'kernel_size': 3} (100, 85)
# Out: {'kernel_size': 3, 'ceil_mode': True} (100, 86)
# Out: {'kernel_size': 3, 'stride': 2, 'padding': 1} (150, 128)
# Out: {'kernel_size': 5, 'stride': 1, 'padding': 2} (300, 256)
# --8<-- [end:output-size]

# --8<-- [start:adaptive]
# zh: 只给出输出尺寸，窗口大小与步幅由层自己算
# en: give only the output size; the layer works out the windows itself
adaptive = nn.AdaptiveAvgPool2d((30, 24))
torch.manual_seed(0)
for size in [(300, 256), (150, 128), (97, 61)]:
    result = adaptive(torch.rand(1, 1, *size))
    assert result.shape == (1, 1, 30, 24)
    print(size, "->", tuple(result.shape[-2:]))
# Out: (300, 256) -> (30, 24)
# Out: (150, 128) -> (30, 24)
# Out: (97, 61) -> (30, 24)
# --8<-- [end:adaptive]

# --8<-- [start:adaptive-photo]
small = adaptive(batch)
smaller = adaptive(out)
assert small.shape == smaller.shape == (1, 1, 30, 24)
# zh: 两者的像素平均相差不到 0.01（亮度范围是 0 到 1）
# en: on average their pixels differ by less than 0.01 (brightness runs from 0 to 1)
assert (small - smaller).abs().mean() < 0.01
# zh: 尺寸能整除时，自适应池化就是普通的平均池化
# en: when the sizes divide evenly, adaptive pooling is plain average pooling
assert torch.allclose(nn.AdaptiveAvgPool2d((150, 128))(batch), out)

figure, axes = plt.subplots(1, 2, figsize=(6, 3.6))
titles = ["from 300×256", "from 150×128"]
for ax, picture, title in zip(axes, [small, smaller], titles, strict=True):
    ax.imshow(picture[0, 0].numpy(), cmap="gray", vmin=0, vmax=1, interpolation="nearest")
    ax.set_title(title)
    ax.axis("off")
figure
# --8<-- [end:adaptive-photo]

# --8<-- [start:adaptive-windows]
# zh: 长度 10 → 4：窗口为 [0, 3)、[2, 5)、[5, 8)、[7, 10)，相邻窗口可以重叠
# en: length 10 → 4: windows [0, 3), [2, 5), [5, 8), [7, 10); neighbours may overlap
row = torch.arange(10.0).view(1, 1, 10)
nn.AdaptiveAvgPool1d(4)(row)
# Out: tensor([[[1., 3., 6., 8.]]])
# --8<-- [end:adaptive-windows]

# --8<-- [start:global]
# zh: 输出 1×1 就是全局平均池化：每个通道只剩一个数，即整张图的平均值
# en: an output of 1×1 is global average pooling: one number per channel,
# en: the mean of the whole map
features = torch.rand(8, 512, 7, 9)
pooled = nn.AdaptiveAvgPool2d(1)(features)
assert torch.allclose(pooled, features.mean(dim=(2, 3), keepdim=True))
pooled.flatten(1).shape
# Out: torch.Size([8, 512])
# --8<-- [end:global]
