# More pooling layers: the code of docs/zh/pooling-more.md and docs/en/pooling-more.md.
# Run it from the repository root: python snippets/pooling-more.py

# --8<-- [start:imports]
import matplotlib.pyplot as plt
import torch
from torch import nn

# --8<-- [end:imports]

# --8<-- [start:return-indices]
torch.manual_seed(0)
x = torch.randint(0, 10, (1, 1, 4, 4)).float()
pool = nn.MaxPool2d(2, return_indices=True)
pooled, indices = pool(x)
print(x)
print(pooled)
# zh: 索引是每个最大值在 4×4 平面上按行展平后的位置：1 即第 0 行第 1 列，13 即第 3 行第 1 列
# en: an index is the maximum's position in the 4×4 plane flattened row by row:
# en: 1 is row 0, column 1, and 13 is row 3, column 1
assert torch.equal(x.flatten(2).gather(2, indices.flatten(2)), pooled.flatten(2))
indices
# Out: tensor([[[[4., 9., 3., 0.],
# Out:           [3., 9., 7., 3.],
# Out:           [7., 3., 1., 6.],
# Out:           [6., 9., 8., 6.]]]])
# Out: tensor([[[[9., 7.],
# Out:           [9., 8.]]]])
# Out: tensor([[[[ 1,  6],
# Out:           [13, 14]]]])
# --8<-- [end:return-indices]

# --8<-- [start:unpool]
unpool = nn.MaxUnpool2d(2)
restored = unpool(pooled, indices)
# zh: 最大值回到原位，其余位置都是 0
# en: the maxima are back where they were, and every other position is 0
kept = torch.zeros_like(x).flatten(2).scatter(2, indices.flatten(2), 1.0).view_as(x).bool()
assert torch.equal(restored[kept], x[kept])
assert (restored[~kept] == 0).all()
assert restored.count_nonzero() == pooled.numel()
restored
# Out: tensor([[[[0., 9., 0., 0.],
# Out:           [0., 0., 7., 0.],
# Out:           [0., 0., 0., 0.],
# Out:           [0., 9., 8., 0.]]]])
# --8<-- [end:unpool]

# --8<-- [start:unpool-figure]
figure, axes = plt.subplots(1, 3, figsize=(8, 3))
panels = [x, pooled, restored]
titles = ["input 4×4", "MaxPool2d(2) 2×2", "MaxUnpool2d(2) 4×4"]
for ax, grid, title in zip(axes, panels, titles, strict=True):
    values = grid[0, 0]
    ax.imshow(values.numpy(), cmap="Blues", vmin=0, vmax=12)
    rows, cols = values.shape
    for r in range(rows):
        for c in range(cols):
            ax.text(c, r, f"{values[r, c]:g}", ha="center", va="center", fontsize=12)
    # zh: 在 4×4 的两幅图上画出 2×2 窗口的边界
    # en: mark the borders of the 2×2 windows on the two 4×4 panels
    if rows == 4:
        ax.axhline(1.5, color="black", linewidth=2)
        ax.axvline(1.5, color="black", linewidth=2)
    ax.set_title(title)
    ax.set_xticks([])
    ax.set_yticks([])
figure.tight_layout()
figure
# --8<-- [end:unpool-figure]

# --8<-- [start:unpool-size]
# zh: 5×5 池化成 2×2；反池化默认还原成 (2 - 1)·2 + 2 = 4，而索引是按 5 列的平面算的
# en: 5×5 pools to 2×2; unpooling assumes (2 - 1)·2 + 2 = 4 by default,
# en: but the indices were counted in a plane 5 columns wide
falling = (100 - torch.arange(25.0)).view(1, 1, 5, 5)
top, top_indices = nn.MaxPool2d(2, return_indices=True)(falling)
print(top_indices)
# zh: 索引都小于 16，不报错，但 90（原在第 2 行第 0 列）被放到了第 2 行第 2 列
# en: every index is below 16, so no error, but 90 (row 2, column 0 of the input)
# en: lands in row 2, column 2
wrong = nn.MaxUnpool2d(2)(top, top_indices)
print(wrong)
# zh: 给出原来的尺寸就对了
# en: giving the original size fixes it
right = nn.MaxUnpool2d(2)(top, top_indices, output_size=falling.shape[-2:])
assert right.shape == falling.shape and right[0, 0, 2, 0] == 90
# zh: 索引超出 4×4 时则直接报错
# en: an index past the 4×4 plane is an error instead
torch.manual_seed(0)
odd = torch.randn(1, 1, 5, 5)
pooled5, indices5 = nn.MaxPool2d(2, return_indices=True)(odd)
try:
    nn.MaxUnpool2d(2)(pooled5, indices5)
except RuntimeError as error:
    print(error)
# Out: tensor([[[[ 0,  2],
# Out:           [10, 12]]]])
# Out: tensor([[[[100.,   0.,  98.,   0.],
# Out:           [  0.,   0.,   0.,   0.],
# Out:           [  0.,   0.,  90.,   0.],
# Out:           [ 88.,   0.,   0.,   0.]]]])
# Out: Found an invalid max index: 18 (output volumes are of size 4x4)
# --8<-- [end:unpool-size]

# --8<-- [start:unpool-dims]
signal = torch.tensor([[[3.0, 1.0, 4.0, 1.0, 5.0, 9.0]]])
values, where = nn.MaxPool1d(2, return_indices=True)(signal)
print(nn.MaxUnpool1d(2)(values, where))
torch.manual_seed(0)
volume = torch.randn(1, 2, 4, 4, 4)
values3, where3 = nn.MaxPool3d(2, return_indices=True)(volume)
back3 = nn.MaxUnpool3d(2)(values3, where3)
assert back3.shape == volume.shape
# zh: 每个 2×2×2 的块里恰好留下一个非零值
# en: exactly one non-zero value survives in each 2×2×2 block
assert back3.count_nonzero() == values3.numel() == volume.numel() // 8
back3.shape
# Out: tensor([[[3., 0., 4., 0., 0., 9.]]])
# Out: torch.Size([1, 2, 4, 4, 4])
# --8<-- [end:unpool-dims]

# --8<-- [start:lp-pool]
row = torch.tensor([[[1.0, 2.0, 3.0, 4.0]]])
for p in [1, 2, 4, 16, 32]:
    print(p, nn.LPPool1d(p, kernel_size=2)(row))
# zh: 手算 p = 2 的第二个窗口：(3² + 4²)^(1/2) = 5
# en: the second window for p = 2 by hand: (3² + 4²)^(1/2) = 5
assert nn.LPPool1d(2, 2)(row)[0, 0, 1] == (3**2 + 4**2) ** 0.5 == 5
# zh: p = 1 就是求和池化：每个窗口的和
# en: p = 1 is sum pooling: the sum of each window
assert torch.equal(nn.LPPool1d(1, 2)(row), row.unfold(-1, 2, 2).sum(-1))
# zh: p 越大越接近最大值
# en: the larger p, the closer to the maximum
assert torch.allclose(nn.LPPool1d(32, 2)(row), nn.MaxPool1d(2)(row))
# Out: 1 tensor([[[3., 7.]]])
# Out: 2 tensor([[[2.2361, 5.0000]]])
# Out: 4 tensor([[[2.0305, 4.2846]]])
# Out: 16 tensor([[[2.0000, 4.0025]]])
# Out: 32 tensor([[[2.0000, 4.0000]]])
# --8<-- [end:lp-pool]

# --8<-- [start:lp-pool-dims]
torch.manual_seed(0)
image = torch.rand(1, 3, 8, 8)
print(nn.LPPool2d(2, kernel_size=2)(image).shape)
print(nn.LPPool3d(2, kernel_size=2)(torch.rand(1, 3, 4, 8, 8)).shape)
# zh: p = 2 时每个窗口给出它的欧几里得长度（L2 范数）
# en: with p = 2 each window gives its Euclidean length (L2 norm)
first = image[0, 0, :2, :2]
assert torch.isclose(nn.LPPool2d(2, 2)(image)[0, 0, 0, 0], first.norm())
# zh: 同 MaxPool 一样，没有参数，步幅默认等于窗口
# en: like MaxPool, no parameters, and the stride defaults to the window
assert list(nn.LPPool2d(2, 2).parameters()) == []
nn.LPPool2d(2, 2)
# Out: torch.Size([1, 3, 4, 4])
# Out: torch.Size([1, 3, 2, 4, 4])
# Out: LPPool2d(norm_type=2, kernel_size=2, stride=None, ceil_mode=False)
# --8<-- [end:lp-pool-dims]

# --8<-- [start:lp-negative]
window = torch.tensor([[[-5.0, 1.0]]])
for p in [1, 2, 3, 4, 8, float("inf")]:
    print(p, nn.LPPool1d(p, 2)(window))
# zh: p = 1：(-5) + 1 = -4，是和，不是绝对值之和 6
# en: p = 1: (-5) + 1 = -4, the sum, not the sum of absolute values, 6
# zh: p = 3：(-125) + 1 = -124，负数开三次方得 nan
# en: p = 3: (-125) + 1 = -124, and its cube root comes out as nan
# zh: p = inf 另有实现：取绝对值后的最大值
# en: p = inf takes a different path: the maximum of the absolute values
# Out: 1 tensor([[[-4.]]])
# Out: 2 tensor([[[5.0990]]])
# Out: 3 tensor([[[nan]]])
# Out: 4 tensor([[[5.0020]]])
# Out: 8 tensor([[[5.0000]]])
# Out: inf tensor([[[5.]]])
# --8<-- [end:lp-negative]

# --8<-- [start:lp-pitfalls]
# zh: p 太大，x^p 超出 float32 的范围（约 3.4e38）：4^64 ≈ 3.4e38，溢出为 inf
# en: too large a p and x^p leaves the float32 range (about 3.4e38):
# en: 4^64 ≈ 3.4e38 overflows to inf
print(nn.LPPool1d(64, 2)(row))
# zh: ceil_mode=True 时，残缺的窗口 [3] 按整窗口放大：p = 1 得 6 而不是 3
# en: with ceil_mode=True the incomplete window [3] is scaled up as if it were full:
# en: p = 1 gives 6, not 3
print(nn.LPPool1d(1, 2, ceil_mode=True)(torch.tensor([[[1.0, 2.0, 3.0]]])))
# Out: tensor([[[2., inf]]])
# Out: tensor([[[3., 6.]]])
# --8<-- [end:lp-pitfalls]

# --8<-- [start:fractional]
torch.manual_seed(0)
image = torch.randn(1, 1, 10, 10)
frac = nn.FractionalMaxPool2d(kernel_size=2, output_size=(6, 6))
out = frac(image)
# zh: 10 → 6，缩小的比例不是整数
# en: 10 → 6, a ratio that is not a whole number
assert out.shape == (1, 1, 6, 6)
# zh: 每个输出都是输入中的某个值
# en: every output is one of the input's values
assert torch.isin(out, image).all()
# zh: 种子相同，池化区域相同，结果也相同
# en: the same seed gives the same regions and the same result
torch.manual_seed(0)
torch.randn(1, 1, 10, 10)
assert torch.equal(frac(image), out)
# zh: 也可以只给比例：输出边长 = floor(输入边长 × 比例)
# en: or give a ratio: output side = floor(input side × ratio)
half = nn.FractionalMaxPool2d(3, output_ratio=0.5)
print(half(torch.rand(1, 1, 9, 9)).shape)
out.shape
# Out: torch.Size([1, 1, 4, 4])
# Out: torch.Size([1, 1, 6, 6])
# --8<-- [end:fractional]

# --8<-- [start:fractional-regions]
# zh: 每一列的值就是它的列号，于是输出说明了每个池化区域的最右一列
# en: every column holds its own index, so the output tells the rightmost column
# en: of each pooling region
columns = torch.arange(10.0).expand(1, 1, 2, 10)
narrow = nn.FractionalMaxPool2d(2, output_size=(1, 6))
# zh: 评估模式也不例外：每次调用都重新抽取区域
# en: evaluation mode makes no difference: every call draws new regions
narrow.eval()
for seed in range(3):
    torch.manual_seed(seed)
    ends = narrow(columns)[0, 0, 0]
    print(seed, ends)
    # zh: 第一个区域从 0 开始，最后一个贴着右端；相邻区域的起点相隔 1 或 2
    # en: the first region starts at 0, the last one ends at the right edge;
    # en: neighbouring regions start 1 or 2 apart
    assert ends[0] == 1 and ends[-1] == 9
    assert set(ends.diff().tolist()) <= {1.0, 2.0}
# Out: 0 tensor([1., 3., 4., 6., 8., 9.])
# Out: 1 tensor([1., 2., 4., 6., 7., 9.])
# Out: 2 tensor([1., 3., 5., 6., 8., 9.])
# --8<-- [end:fractional-regions]

# --8<-- [start:fractional-3d]
torch.manual_seed(0)
clip = torch.randn(1, 2, 7, 7, 7)
values, where = nn.FractionalMaxPool3d(2, output_size=3, return_indices=True)(clip)
assert torch.isin(values, clip).all()
print(values.shape, where.shape)
print(nn.FractionalMaxPool3d(2, output_ratio=0.5)(clip).shape)
# Out: torch.Size([1, 2, 3, 3, 3]) torch.Size([1, 2, 3, 3, 3])
# Out: torch.Size([1, 2, 3, 3, 3])
# --8<-- [end:fractional-3d]
