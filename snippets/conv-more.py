# 1-D, 3-D, transposed and lazy convolutions: the code of docs/zh/conv-more.md and
# docs/en/conv-more.md. Run it from the repository root: python snippets/conv-more.py

# --8<-- [start:imports]
import matplotlib.pyplot as plt
import torch
from torch import nn

# --8<-- [end:imports]

# --8<-- [start:conv1d]
torch.manual_seed(0)
# zh: 一段 60 个采样点的信号：第 30 个点起从 0 跳到 1，再加一点噪声
# en: a signal of 60 samples: a step from 0 to 1 at sample 30, plus a little noise
t = torch.arange(60)
noisy = (t >= 30).float() + 0.1 * torch.randn(60)
# zh: Conv1d 的输入形状为 (N, C, L)：批大小、通道数、长度
# en: Conv1d takes (N, C, L): batch size, channels, length
signal = noisy.view(1, 1, 60)
# zh: 滑动平均：5 个权重都是 1/5
# en: moving average: five weights of 1/5
smooth = nn.Conv1d(1, 1, kernel_size=5, padding=2, bias=False)
# zh: 边缘检测：右边的值减左边的值（互相关，卷积核不翻转）
# en: edge detector: the value on the right minus the value on the left
# en: (cross-correlation: the kernel is not flipped)
edge = nn.Conv1d(1, 1, kernel_size=3, padding=1, bias=False)
with torch.no_grad():
    smooth.weight.fill_(1 / 5)
    edge.weight.copy_(torch.tensor([-1.0, 0.0, 1.0]).view(1, 1, 3))
    smoothed = smooth(signal)
    edges = edge(smoothed)
assert smooth.weight.shape == (1, 1, 5)  # (C_out, C_in, k)
assert smoothed.shape == edges.shape == signal.shape
# zh: 第 10 个输出就是第 8 到 12 个输入的平均
# en: output 10 is the mean of inputs 8 to 12
assert torch.isclose(smoothed[0, 0, 10], noisy[8:13].mean())
strong = (edges[0, 0] > 0.25).nonzero().flatten()
print("edge response above 0.25 at samples", strong.tolist())
# zh: 末端的负值是零填充造成的假边缘：平均时把两个 0 算了进去
# en: the dip at the end is a false edge made by zero padding: the average took in two zeros
print(f"last samples: {edges[0, 0, -3:]}")
# Out: edge response above 0.25 at samples [28, 29, 30, 31]
# Out: last samples: tensor([-0.2454, -0.3939, -0.7368])
# --8<-- [end:conv1d]

# --8<-- [start:conv1d-figure]
figure, ax = plt.subplots(figsize=(8, 3.6))
ax.plot(t, noisy, ".", color="0.6", label="noisy step")
ax.plot(t, smoothed[0, 0], lw=2, label="moving average (k=5)")
ax.plot(t, edges[0, 0], lw=2, label="edge detector [−1, 0, 1] on the average")
ax.axvline(29.5, color="tab:red", ls=":", lw=1, label="the step")
ax.set_xlabel("sample")
ax.set_ylabel("value")
ax.set_title("Conv1d on a signal")
ax.legend(loc="upper left")
figure.tight_layout()
figure
# --8<-- [end:conv1d-figure]

# --8<-- [start:conv1d-channels]
torch.manual_seed(0)
# zh: 一批 2 个句子，每句 10 个词，每个词 16 维：(N, L, E)，通道在最后
# en: a batch of 2 sentences, 10 words each, 16 features per word: (N, L, E), channels last
words = torch.rand(2, 10, 16)
conv_words = nn.Conv1d(in_channels=16, out_channels=32, kernel_size=3, padding=1)
try:
    conv_words(words)
except RuntimeError as error:
    print("RuntimeError:", error)
# zh: Conv1d 要求通道在中间：先 transpose(1, 2)
# en: Conv1d wants channels in the middle: transpose(1, 2) first
conv_words(words.transpose(1, 2)).shape
# Out: RuntimeError: Given groups=1, weight of size [32, 16, 3], expected input[2, 10, 16] to have 16 channels, but got 10 channels instead
# Out: torch.Size([2, 32, 10])
# --8<-- [end:conv1d-channels]

# --8<-- [start:conv3d]
# zh: 一段 6 帧、8×8 的灰度视频：(N, C, T, H, W)；一个 2×2 的方块每帧右移一格
# en: a 6-frame, 8×8 grey video shaped (N, C, T, H, W): a 2×2 square moves one pixel right
# en: per frame
video = torch.zeros(1, 1, 6, 8, 8)
for frame in range(6):
    video[0, 0, frame, 3:5, frame : frame + 2] = 1.0
# zh: 时间方向上的差分：后一帧减前一帧，卷积核大小为 (2, 1, 1)
# en: a difference along time: next frame minus this frame, kernel size (2, 1, 1)
motion = nn.Conv3d(1, 1, kernel_size=(2, 1, 1), bias=False)
with torch.no_grad():
    motion.weight.copy_(torch.tensor([-1.0, 1.0]).view(1, 1, 2, 1, 1))
    change = motion(video)
assert change.shape == (1, 1, 5, 8, 8)  # 6 − 2 + 1 = 5 frame pairs
# zh: 第 0、1 帧之间，第 3 行：方块离开的像素为 −1，新占的像素为 +1
# en: between frames 0 and 1, row 3: −1 where the square left, +1 where it arrived
change[0, 0, 0, 3]
# Out: tensor([-1.,  0.,  1.,  0.,  0.,  0.,  0.,  0.])
# --8<-- [end:conv3d]

# --8<-- [start:conv3d-shapes]
torch.manual_seed(0)
# zh: 更常见的用法：3 个颜色通道的短视频片段，3×3×3 的卷积核同时看时间和空间
# en: the usual case: a short clip with 3 colour channels, a 3×3×3 kernel that looks at
# en: time and space together
clip = torch.rand(2, 3, 8, 32, 32)
conv3d = nn.Conv3d(3, 16, kernel_size=3, padding=1)
assert conv3d.weight.shape == (16, 3, 3, 3, 3)  # (C_out, C_in, kT, kH, kW)
assert sum(p.numel() for p in conv3d.parameters()) == 16 * 3 * 27 + 16
conv3d(clip).shape
# Out: torch.Size([2, 16, 8, 32, 32])
# --8<-- [end:conv3d-shapes]

# --8<-- [start:scatter]
x = torch.tensor([[1.0, 2.0], [3.0, 4.0]])
w = torch.tensor([[1.0, 2.0, 1.0], [2.0, 4.0, 2.0], [1.0, 2.0, 1.0]])
up = nn.ConvTranspose2d(1, 1, kernel_size=3, stride=2, bias=False)
with torch.no_grad():
    up.weight.copy_(w.view(1, 1, 3, 3))
    y = up(x.view(1, 1, 2, 2))
# zh: 手算：每个输入值 x[i, j] 把 x[i, j]·w 加到输出的第 2i 到 2i+2 行、第 2j 到 2j+2 列
# en: by hand: each input x[i, j] adds x[i, j]·w to output rows 2i to 2i+2 and
# en: columns 2j to 2j+2
by_hand = torch.zeros(5, 5)
for i in range(2):
    for j in range(2):
        by_hand[2 * i : 2 * i + 3, 2 * j : 2 * j + 3] += x[i, j] * w
assert torch.equal(y[0, 0], by_hand)
by_hand
# Out: tensor([[ 1.,  2.,  3.,  4.,  2.],
# Out:         [ 2.,  4.,  6.,  8.,  4.],
# Out:         [ 4.,  8., 10., 12.,  6.],
# Out:         [ 6., 12., 14., 16.,  8.],
# Out:         [ 3.,  6.,  7.,  8.,  4.]])
# --8<-- [end:scatter]

# --8<-- [start:scatter-figure]
figure, axes = plt.subplot_mosaic(
    [["x", "w", "y", "y"], ["c00", "c01", "c10", "c11"]], figsize=(10, 6.6)
)


def draw(ax, grid, title, vmax=18):
    ax.imshow(grid.numpy(), cmap="Blues", vmin=0, vmax=vmax)
    rows, cols = grid.shape
    for r in range(rows):
        for c in range(cols):
            value = grid[r, c].item()
            if value != 0:
                colour = "white" if value > 0.6 * vmax else "black"
                ax.text(c, r, f"{value:g}", ha="center", va="center", color=colour)
    for line in range(rows + 1):
        ax.axhline(line - 0.5, color="0.5", lw=0.6)
    for line in range(cols + 1):
        ax.axvline(line - 0.5, color="0.5", lw=0.6)
    ax.set_xticks([])
    ax.set_yticks([])
    ax.set_title(title)


draw(axes["x"], x, "input x (2×2)")
draw(axes["w"], w, "kernel w (3×3)")
draw(axes["y"], y[0, 0], "output (5×5): the four copies summed")
# zh: 第 2 行和第 2 列是两份副本重叠的地方，用红框标出
# en: row 2 and column 2 are where copies overlap: outlined in red
for r in range(5):
    for c in range(5):
        if r == 2 or c == 2:
            axes["y"].add_patch(
                plt.Rectangle((c - 0.45, r - 0.45), 0.9, 0.9, fill=False, ec="tab:red", lw=1.5)
            )
for i in range(2):
    for j in range(2):
        copy = torch.zeros(5, 5)
        copy[2 * i : 2 * i + 3, 2 * j : 2 * j + 3] = x[i, j] * w
        rows, cols = f"{2 * i}-{2 * i + 2}", f"{2 * j}-{2 * j + 2}"
        title = f"x[{i},{j}] = {x[i, j]:g}: adds {x[i, j]:g}·w\nat rows {rows}, columns {cols}"
        draw(axes[f"c{i}{j}"], copy, title)
figure.suptitle("ConvTranspose2d with stride 2: each input value places a scaled copy of w")
figure.tight_layout()
figure
# --8<-- [end:scatter-figure]

# --8<-- [start:overlap]
# zh: 输入全为 1、卷积核全为 1：输出就是每个位置被几个卷积核副本覆盖
# en: all-ones input and kernel: the output counts how many kernel copies cover each cell
ones = nn.ConvTranspose2d(1, 1, kernel_size=3, stride=2, bias=False)
with torch.no_grad():
    ones.weight.fill_(1.0)
    coverage = ones(torch.ones(1, 1, 3, 3))
    # zh: 卷积核为 4、步幅为 2：边长能被步幅整除，内部每格都被 4 个副本覆盖
    # en: kernel 4, stride 2: the side divides by the stride, and every inner cell is
    # en: covered by 4 copies
    even = nn.ConvTranspose2d(1, 1, kernel_size=4, stride=2, bias=False)
    even.weight.fill_(1.0)
    assert (even(torch.ones(1, 1, 3, 3))[0, 0, 2:-2, 2:-2] == 4).all()
coverage[0, 0]
# Out: tensor([[1., 1., 2., 1., 2., 1., 1.],
# Out:         [1., 1., 2., 1., 2., 1., 1.],
# Out:         [2., 2., 4., 2., 4., 2., 2.],
# Out:         [1., 1., 2., 1., 2., 1., 1.],
# Out:         [2., 2., 4., 2., 4., 2., 2.],
# Out:         [1., 1., 2., 1., 2., 1., 1.],
# Out:         [1., 1., 2., 1., 2., 1., 1.]])
# --8<-- [end:overlap]

# --8<-- [start:weight-shape]
# zh: 转置卷积的权重形状是 (C_in, C_out / groups, kH, kW)：与 Conv2d 的前两维相反
# en: a transposed convolution's weight is (C_in, C_out / groups, kH, kW): the first two
# en: dimensions swapped compared with Conv2d
assert nn.ConvTranspose2d(3, 8, kernel_size=3).weight.shape == (3, 8, 3, 3)
assert nn.Conv2d(3, 8, kernel_size=3).weight.shape == (8, 3, 3, 3)
# zh: 转置卷积只支持零填充
# en: transposed convolutions support zero padding only
try:
    nn.ConvTranspose2d(3, 8, kernel_size=3, padding=1, padding_mode="reflect")
except ValueError as error:
    print("ValueError:", error)
# Out: ValueError: Only "zeros" padding mode is supported for ConvTranspose2d
# --8<-- [end:weight-shape]


# --8<-- [start:transposed-size]
def transposed_size(size, k, s=1, p=0, output_padding=0, d=1):
    return (size - 1) * s - 2 * p + d * (k - 1) + output_padding + 1


small = torch.zeros(1, 1, 9, 9)
settings = [(3, 1, 0, 0, 1), (3, 2, 1, 0, 1), (3, 2, 1, 1, 1), (4, 2, 1, 0, 1), (3, 3, 0, 2, 2)]
for k, s, p, op, d in settings:
    layer = nn.ConvTranspose2d(1, 1, k, stride=s, padding=p, output_padding=op, dilation=d)
    actual = layer(small).shape[-1]
    assert actual == transposed_size(9, k, s, p, op, d)
    print(f"k={k} s={s} p={p} output_padding={op} d={d}: 9 -> {actual}")
# zh: 转置卷积的 padding 从完整输出的四周各裁掉 p 行、p 列
# en: a transposed convolution's padding crops p rows and columns off each side of the
# en: full output
full = nn.ConvTranspose2d(1, 1, kernel_size=3, stride=2, bias=False)
cropped = nn.ConvTranspose2d(1, 1, kernel_size=3, stride=2, padding=1, bias=False)
with torch.no_grad():
    cropped.weight.copy_(full.weight)
    probe = torch.rand(1, 1, 4, 4)
    assert torch.allclose(cropped(probe), full(probe)[..., 1:-1, 1:-1])
# Out: k=3 s=1 p=0 output_padding=0 d=1: 9 -> 11
# Out: k=3 s=2 p=1 output_padding=0 d=1: 9 -> 17
# Out: k=3 s=2 p=1 output_padding=1 d=1: 9 -> 18
# Out: k=4 s=2 p=1 output_padding=0 d=1: 9 -> 18
# Out: k=3 s=3 p=0 output_padding=2 d=2: 9 -> 31
# --8<-- [end:transposed-size]

# --8<-- [start:output-padding]
# zh: 步幅为 2 的卷积把 7 和 8 都变成 4
# en: a stride-2 convolution turns both 7 and 8 into 4
down = nn.Conv2d(1, 1, kernel_size=3, stride=2, padding=1)
for n in (7, 8):
    print(f"Conv2d: {n} -> {down(torch.zeros(1, 1, n, n)).shape[-1]}")
# zh: 反过来，4 该变回 7 还是 8？output_padding 在输出的一侧多补一行一列
# en: going back, should 4 become 7 or 8? output_padding adds one more row and column on
# en: one side of the output
code = torch.zeros(1, 1, 4, 4)
for op in (0, 1):
    back = nn.ConvTranspose2d(1, 1, kernel_size=3, stride=2, padding=1, output_padding=op)
    print(f"ConvTranspose2d(output_padding={op}): 4 -> {back(code).shape[-1]}")
# zh: 也可以在调用时直接给出想要的尺寸
# en: or ask for the size you want when calling the layer
back(code, output_size=(7, 7)).shape
# Out: Conv2d: 7 -> 4
# Out: Conv2d: 8 -> 4
# Out: ConvTranspose2d(output_padding=0): 4 -> 7
# Out: ConvTranspose2d(output_padding=1): 4 -> 8
# Out: torch.Size([1, 1, 7, 7])
# --8<-- [end:output-padding]

# --8<-- [start:adjoint]
# zh: 长度 5 的输入，大小为 3 的卷积核，输出长度 3；卷积层与转置卷积层共用同一个卷积核
# en: an input of length 5, a kernel of size 3, an output of length 3; the convolution and
# en: the transposed convolution share one kernel
kernel = torch.tensor([1.0, 2.0, 3.0]).view(1, 1, 3)
conv1d = nn.Conv1d(1, 1, kernel_size=3, bias=False)
convT1d = nn.ConvTranspose1d(1, 1, kernel_size=3, bias=False)
with torch.no_grad():
    conv1d.weight.copy_(kernel)
    convT1d.weight.copy_(kernel)
    # zh: 卷积是线性的：把它写成矩阵，第 j 列是第 j 个单位向量的卷积结果
    # en: a convolution is linear: write it as a matrix whose column j is the
    # en: convolution of the j-th unit vector
    C = torch.stack([conv1d(e.view(1, 1, 5)).flatten() for e in torch.eye(5)], dim=1)
    g = torch.tensor([1.0, -1.0, 2.0])
    # zh: 转置卷积就是乘以 C 的转置
    # en: the transposed convolution multiplies by C transposed
    assert torch.equal(convT1d(g.view(1, 1, 3)).flatten(), C.T @ g)
C
# Out: tensor([[1., 2., 3., 0., 0.],
# Out:         [0., 1., 2., 3., 0.],
# Out:         [0., 0., 1., 2., 3.]])
# --8<-- [end:adjoint]

# --8<-- [start:gradient]
torch.manual_seed(0)
# zh: 自动求导得出的同样结论：输出的梯度为 g 时，输入的梯度就是转置卷积作用在 g 上
# en: autograd says the same: when the output's gradient is g, the input's gradient is the
# en: transposed convolution applied to g
signal = torch.rand(1, 1, 5, requires_grad=True)
conv1d(signal).backward(g.view(1, 1, 3))
with torch.no_grad():
    assert torch.allclose(signal.grad, convT1d(g.view(1, 1, 3)))
    # zh: 但它不是逆运算：先卷积再转置卷积，回不到原来的输入
    # en: but it is no inverse: convolving and then transposing does not give the input back
    round_trip = convT1d(conv1d(signal))
assert round_trip.shape == signal.shape
assert not torch.allclose(round_trip, signal)
print(signal.grad)
print(signal.detach())
round_trip
# Out: tensor([[[1., 1., 3., 1., 6.]]])
# Out: tensor([[[0.4963, 0.7682, 0.0885, 0.1320, 0.3074]]])
# Out: tensor([[[ 2.2981,  5.9375, 10.8517,  6.5734,  3.8244]]])
# --8<-- [end:gradient]

# --8<-- [start:transposed-1d-3d]
torch.manual_seed(0)
# zh: 一维：把长度为 25 的序列放大到 50
# en: 1-D: stretch a sequence of length 25 to 50
up1d = nn.ConvTranspose1d(16, 8, kernel_size=4, stride=2, padding=1)
assert up1d.weight.shape == (16, 8, 4)
# zh: 三维：视频片段的时间、高、宽同时翻倍
# en: 3-D: double the time, height and width of a clip
up3d = nn.ConvTranspose3d(8, 4, kernel_size=4, stride=2, padding=1)
assert up3d.weight.shape == (8, 4, 4, 4, 4)
assert transposed_size(25, k=4, s=2, p=1) == 50
up1d(torch.rand(2, 16, 25)).shape, up3d(torch.rand(2, 8, 4, 8, 8)).shape
# Out: (torch.Size([2, 8, 50]), torch.Size([2, 4, 8, 16, 16]))
# --8<-- [end:transposed-1d-3d]

# --8<-- [start:lazy]
torch.manual_seed(0)
# zh: 只给出输出通道数和卷积核大小；in_channels 留到第一次调用时再定
# en: only the output channels and kernel size; in_channels waits for the first call
lazies = [
    nn.LazyConv1d(4, kernel_size=3),
    nn.LazyConv2d(4, kernel_size=3),
    nn.LazyConv3d(4, kernel_size=3),
    nn.LazyConvTranspose1d(4, kernel_size=3),
    nn.LazyConvTranspose2d(4, kernel_size=3),
    nn.LazyConvTranspose3d(4, kernel_size=3),
]
assert all(isinstance(m.weight, nn.parameter.UninitializedParameter) for m in lazies)
# zh: 还没有形状，连参数个数都数不了
# en: no shape yet, so not even the parameters can be counted
try:
    lazies[1].weight.numel()
except ValueError as error:
    print("ValueError:", str(error).split(" in <")[0])
inputs = [torch.rand(1, 5, 8), torch.rand(1, 5, 8, 8), torch.rand(1, 5, 4, 8, 8)] * 2
for layer, sample in zip(lazies, inputs, strict=True):
    layer(sample)
    print(layer, tuple(layer.weight.shape))
# zh: 第一次调用之后，它们就是普通的卷积层
# en: after the first call they are ordinary convolution layers
assert type(lazies[1]) is nn.Conv2d and type(lazies[4]) is nn.ConvTranspose2d
# Out: ValueError: Attempted to use an uninitialized parameter
# Out: Conv1d(5, 4, kernel_size=(3,), stride=(1,)) (4, 5, 3)
# Out: Conv2d(5, 4, kernel_size=(3, 3), stride=(1, 1)) (4, 5, 3, 3)
# Out: Conv3d(5, 4, kernel_size=(3, 3, 3), stride=(1, 1, 1)) (4, 5, 3, 3, 3)
# Out: ConvTranspose1d(5, 4, kernel_size=(3,), stride=(1,)) (5, 4, 3)
# Out: ConvTranspose2d(5, 4, kernel_size=(3, 3), stride=(1, 1)) (5, 4, 3, 3)
# Out: ConvTranspose3d(5, 4, kernel_size=(3, 3, 3), stride=(1, 1, 1)) (5, 4, 3, 3, 3)
# --8<-- [end:lazy]
