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

# --8<-- [start:avg-as-conv]
# zh: 3 个通道、2×2 窗口：平均池化 = 分组数等于通道数的逐通道卷积，权重都是 1/k²
# en: 3 channels, 2×2 windows: average pooling = a depthwise convolution
# en: (groups equal to channels) whose weights are all 1/k²
C, k = 3, 2
torch.manual_seed(0)
maps = torch.randn(2, C, 6, 6)
depthwise = nn.Conv2d(C, C, k, stride=k, groups=C, bias=False)
with torch.no_grad():
    depthwise.weight.fill_(1 / k**2)
# zh: 每个通道只有自己的一个 2×2 卷积核，不与其他通道混合
# en: each channel has its own single 2×2 kernel and is never mixed with the others
assert depthwise.weight.shape == (C, 1, k, k)
assert torch.allclose(depthwise(maps), nn.AvgPool2d(k)(maps), atol=1e-6)
depthwise(maps).shape
# Out: torch.Size([2, 3, 3, 3])
# --8<-- [end:avg-as-conv]

# --8<-- [start:max-not-linear]
# zh: 卷积是线性的：conv(a + b) = conv(a) + conv(b)；最大池化不是
# en: a convolution is linear: conv(a + b) = conv(a) + conv(b); max pooling is not
a = torch.tensor([[[1.0, 0.0]]])
b = torch.tensor([[[0.0, 1.0]]])
max2 = nn.MaxPool1d(2)
avg2 = nn.AvgPool1d(2)
assert torch.equal(avg2(a + b), avg2(a) + avg2(b))
print("max(a + b)      =", max2(a + b).item())
print("max(a) + max(b) =", (max2(a) + max2(b)).item())
# Out: max(a + b)      = 1.0
# Out: max(a) + max(b) = 2.0
# --8<-- [end:max-not-linear]

# --8<-- [start:dims]
# zh: 一维：(N, C, L)；三维：(N, C, D, H, W)；不带批维度的输入也可以
# en: 1-D: (N, C, L); 3-D: (N, C, D, H, W); inputs without a batch dimension work too
torch.manual_seed(0)
signal = torch.randn(4, 2, 12)
volume = torch.randn(4, 2, 8, 16, 16)
print(nn.MaxPool1d(3)(signal).shape)
print(nn.AvgPool1d(3)(signal).shape)
print(nn.MaxPool3d(2)(volume).shape)
print(nn.AvgPool3d((1, 2, 2))(volume).shape)
print(nn.MaxPool2d(2)(batch[0]).shape)
# Out: torch.Size([4, 2, 4])
# Out: torch.Size([4, 2, 4])
# Out: torch.Size([4, 2, 4, 8, 8])
# Out: torch.Size([4, 2, 8, 8, 8])
# Out: torch.Size([1, 150, 128])
# --8<-- [end:dims]


# --8<-- [start:output-size]
def out_size(size, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False):
    # zh: 不给步幅时，步幅等于窗口大小
    # en: without a stride, the stride is the window size
    stride = kernel_size if stride is None else stride
    span = size + 2 * padding - dilation * (kernel_size - 1) - 1
    steps = -(-span // stride) if ceil_mode else span // stride
    # zh: ceil_mode 下，最后一个窗口必须从输入或左侧填充内开始，否则去掉
    # en: with ceil_mode, the last window must start inside the input or the left
    # en: padding; otherwise it is dropped
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
# Out: {'kernel_size': 2} (150, 128)
# Out: {'kernel_size': 3} (100, 85)
# Out: {'kernel_size': 3, 'ceil_mode': True} (100, 86)
# Out: {'kernel_size': 3, 'stride': 2, 'padding': 1} (150, 128)
# Out: {'kernel_size': 5, 'stride': 1, 'padding': 2} (300, 256)
# --8<-- [end:output-size]

# --8<-- [start:ceil-mode]
row6 = torch.arange(6.0).view(1, 1, 6)
# zh: 窗口 3、步幅 2：向下取整丢掉元素 5，向上取整多出一个只有 4、5 的残缺窗口
# en: window 3, stride 2: rounding down loses element 5, rounding up adds
# en: an incomplete window that holds only 4 and 5
print(nn.MaxPool1d(3, stride=2)(row6))
print(nn.MaxPool1d(3, stride=2, ceil_mode=True)(row6))
# zh: 窗口 2、步幅 3，无填充：向上取整的第 3 个窗口将从下标 6 开始，在输入之外，被去掉
# en: window 2, stride 3, no padding: the 3rd window of the rounded-up count would
# en: start at index 6, past the input, so it is dropped
print(nn.MaxPool1d(2, stride=3, ceil_mode=True)(row6))
assert out_size(6, 2, stride=3, ceil_mode=True) == out_size(6, 2, stride=3) == 2
# zh: 长度 5、窗口 2、填充 1：第 4 个窗口将从右侧填充开始，同样被去掉
# en: length 5, window 2, padding 1: the 4th window would start in the right
# en: padding, and is dropped as well
short = nn.MaxPool1d(2, padding=1, ceil_mode=True)(torch.zeros(1, 1, 5))
assert short.shape[-1] == out_size(5, 2, padding=1, ceil_mode=True) == 3
assert out_size(5, 2, padding=1) == 3


# zh: 逐一核对：去掉窗口时，结果总是退回向下取整的值
# en: checked exhaustively: whenever a window is dropped, the size falls back
# en: to the rounded-down value
def rounded_up(size, kernel_size, stride, padding):
    return -(-(size + 2 * padding - kernel_size) // stride) + 1


dropped = 0
for size in range(1, 13):
    for kernel_size in range(1, 5):
        for stride in range(1, 6):
            for padding in range(kernel_size // 2 + 1):
                if size + 2 * padding < kernel_size:
                    continue
                layer = nn.MaxPool1d(kernel_size, stride, padding, ceil_mode=True)
                got = layer(torch.zeros(1, 1, size)).shape[-1]
                assert got == out_size(size, kernel_size, stride, padding, ceil_mode=True)
                if got < rounded_up(size, kernel_size, stride, padding):
                    dropped += 1
                    assert got == out_size(size, kernel_size, stride, padding)
                    # zh: 没有填充时，只有步幅大于窗口才会去掉窗口
                    # en: without padding, a window is dropped only when the stride
                    # en: exceeds the window
                    assert padding > 0 or stride > kernel_size
print(dropped, "cases drop a window")
# Out: tensor([[[2., 4.]]])
# Out: tensor([[[2., 4., 5.]]])
# Out: tensor([[[1., 4.]]])
# Out: 132 cases drop a window
# --8<-- [end:ceil-mode]

# --8<-- [start:count-include-pad]
row5 = torch.tensor([[[1.0, 2.0, 3.0, 4.0, 5.0]]])
# zh: 窗口 3、步幅 2、填充 1：两端的窗口各含一个填充的 0
# en: window 3, stride 2, padding 1: the windows at both ends each hold one padded 0
with_pad = nn.AvgPool1d(3, stride=2, padding=1)
without_pad = nn.AvgPool1d(3, stride=2, padding=1, count_include_pad=False)
assert with_pad.count_include_pad  # the default
print(with_pad(row5))
print(without_pad(row5))
# zh: 第一个窗口是 [0, 1, 2]：(0 + 1 + 2) / 3 = 1，或 (1 + 2) / 2 = 1.5
# en: the first window is [0, 1, 2]: (0 + 1 + 2) / 3 = 1, or (1 + 2) / 2 = 1.5
assert with_pad(row5)[0, 0, 0] == 1.0 and without_pad(row5)[0, 0, 0] == 1.5
# Out: tensor([[[1., 3., 3.]]])
# Out: tensor([[[1.5000, 3.0000, 4.5000]]])
# --8<-- [end:count-include-pad]

# --8<-- [start:divisor-override]
grid = torch.arange(16.0).view(1, 1, 4, 4)
# zh: 除数固定为 1：每个 2×2 窗口求和，即“和池化”
# en: a divisor fixed at 1: each 2×2 window is summed ("sum pooling")
sum_pool = nn.AvgPool2d(2, divisor_override=1)
assert nn.AvgPool2d(2).divisor_override is None  # the default: divide by the window size
# zh: 只有二维、三维平均池化有这个参数
# en: only 2-D and 3-D average pooling have this argument
assert nn.AvgPool3d(2).divisor_override is None
assert not hasattr(nn.AvgPool1d(2), "divisor_override")
assert sum_pool(grid)[0, 0, 0, 0] == 0 + 1 + 4 + 5
sum_pool(grid)
# Out: tensor([[[[10., 18.],
# Out:           [42., 50.]]]])
# --8<-- [end:divisor-override]

# --8<-- [start:ceil-divisor]
ramp = torch.arange(1.0, 7.0).view(1, 1, 6)
# zh: 最后一个窗口只有 6 和一个填充的 0，另一格已在填充之外：除以 2 而不是 3
# en: the last window holds only 6 and one padded 0; its third cell lies beyond the
# en: padding, so the divisor is 2, not 3
ceil_avg = nn.AvgPool1d(3, stride=2, padding=1, ceil_mode=True)
ceil_avg(ramp)
# Out: tensor([[[1., 3., 5., 3.]]])
# --8<-- [end:ceil-divisor]

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
def window(i, size_in, size_out):
    # zh: 第 i 个窗口：[floor(i·in/out), ceil((i+1)·in/out))，只用整数运算
    # en: window i: [floor(i·in/out), ceil((i+1)·in/out)), in integer arithmetic
    start = i * size_in // size_out
    end = -(-(i + 1) * size_in // size_out)
    return start, end


# zh: 长度 10 → 4：窗口为 [0, 3)、[2, 5)、[5, 8)、[7, 10)，相邻窗口可以重叠
# en: length 10 → 4: windows [0, 3), [2, 5), [5, 8), [7, 10); neighbours may overlap
row = torch.arange(10.0).view(1, 1, 10)
windows = [window(i, 10, 4) for i in range(4)]
print(windows)
# zh: 手算第 2 个输出（i = 1）：从 floor(1·10/4) = 2 到 ceil(2·10/4) = 5，即 (2 + 3 + 4) / 3 = 3
# en: output i = 1 by hand: from floor(1·10/4) = 2 to ceil(2·10/4) = 5,
# en: so (2 + 3 + 4) / 3 = 3
assert windows[1] == (2, 5)
avg_out = nn.AdaptiveAvgPool1d(4)(row)
assert avg_out[0, 0, 1] == (2 + 3 + 4) / 3
for i, (start, end) in enumerate(windows):
    assert avg_out[0, 0, i] == row[0, 0, start:end].mean()
avg_out
# Out: [(0, 3), (2, 5), (5, 8), (7, 10)]
# Out: tensor([[[1., 3., 6., 8.]]])
# --8<-- [end:adaptive-windows]

# --8<-- [start:adaptive-figure]
figure, ax = plt.subplots(figsize=(7, 2.8))
ax.bar(range(10), [1] * 10, bottom=-1.3, width=0.92, color="lightgrey")
for j in range(10):
    ax.text(j, -0.8, str(j), ha="center", va="center")
for i, (start, end) in enumerate(windows):
    ax.barh(i, end - start, left=start - 0.5, height=0.6, color=f"C{i}", alpha=0.6)
    label = f"[{start}, {end}) → mean {avg_out[0, 0, i]:g}"
    ax.text((start + end - 1) / 2, i, label, ha="center", va="center")
# zh: 元素 2 与 7 各属于两个窗口
# en: elements 2 and 7 each belong to two windows
for j in (2, 7):
    ax.axvspan(j - 0.5, j + 0.5, color="red", alpha=0.12)
ax.set_xlim(-0.6, 9.6)
ax.set_yticks([-0.8, 0, 1, 2, 3], ["input", "output 0", "output 1", "output 2", "output 3"])
ax.set_xlabel("input index (length 10)")
ax.set_title("AdaptiveAvgPool1d(4): windows on a length-10 input")
ax.invert_yaxis()
figure.tight_layout()
figure
# --8<-- [end:adaptive-figure]

# --8<-- [start:adaptive-max]
# zh: 自适应最大池化用同样的窗口，取最大值；return_indices=True 同时给出最大值的位置
# en: adaptive max pooling uses the same windows and takes the maximum;
# en: return_indices=True also gives where each maximum was
values, indices = nn.AdaptiveMaxPool1d(4, return_indices=True)(row)
assert torch.equal(values, torch.stack([row[..., e - 1] for _, e in windows], dim=-1))
print(values)
print(indices)
# zh: 10 → 3：窗口 [0, 4)、[3, 7)、[6, 10)，同样重叠
# en: 10 → 3: windows [0, 4), [3, 7), [6, 10), overlapping as well
assert [window(i, 10, 3) for i in range(3)] == [(0, 4), (3, 7), (6, 10)]
print(nn.AdaptiveAvgPool1d(3)(row))
# Out: tensor([[[2., 4., 7., 9.]]])
# Out: tensor([[[2, 4, 7, 9]]])
# Out: tensor([[[1.5000, 4.5000, 7.5000]]])
# --8<-- [end:adaptive-max]

# --8<-- [start:adaptive-dims]
torch.manual_seed(0)
clip = torch.randn(2, 4, 5, 6, 7)
# zh: 每个空间维各自按上面的规则分窗口
# en: each spatial dimension gets its own windows by the rule above
print(nn.AdaptiveAvgPool3d((1, 2, 3))(clip).shape)
print(nn.AdaptiveMaxPool3d(1)(clip).shape)
print(nn.AdaptiveMaxPool2d((3, 3))(batch).shape)
# zh: None 表示这一维保持输入的大小
# en: None keeps that dimension at its input size
print(nn.AdaptiveAvgPool2d((None, 3))(torch.rand(1, 1, 5, 7)).shape)
# Out: torch.Size([2, 4, 1, 2, 3])
# Out: torch.Size([2, 4, 1, 1, 1])
# Out: torch.Size([1, 1, 3, 3])
# Out: torch.Size([1, 1, 5, 3])
# --8<-- [end:adaptive-dims]

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
