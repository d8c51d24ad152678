# Upsampling and pixel shuffle: the code of docs/zh/resampling.md and docs/en/resampling.md.
# Run it from the repository root: python snippets/resampling.py

# --8<-- [start:imports]
import itertools
import warnings

import matplotlib.pyplot as plt
import torch
import torch.nn.functional as F
from PIL import Image
from torch import nn
from torchvision.transforms.v2.functional import to_dtype, to_image

# --8<-- [end:imports]

# --8<-- [start:nearest]
# zh: 一张 2×2 的“图片”：批大小 1，1 个通道
# en: a 2×2 "image": a batch of one, one channel
x = torch.tensor([[1.0, 2.0], [3.0, 4.0]]).view(1, 1, 2, 2)
up = nn.Upsample(scale_factor=2)
# zh: 默认模式是最近邻：每个像素复制成 2×2 的一块
# en: the default mode is nearest: each pixel is copied into a 2×2 block
assert up.mode == "nearest"
assert up.align_corners is None
# zh: 没有可学习的参数
# en: no learnable parameters
assert list(up.parameters()) == []
print(up)
up(x)
# Out: Upsample(scale_factor=2.0, mode='nearest')
# Out: tensor([[[[1., 1., 2., 2.],
# Out:           [1., 1., 2., 2.],
# Out:           [3., 3., 4., 4.],
# Out:           [3., 3., 4., 4.]]]])
# --8<-- [end:nearest]

# --8<-- [start:align-corners]
bilinear = nn.Upsample(scale_factor=2, mode="bilinear")
corners = nn.Upsample(scale_factor=2, mode="bilinear", align_corners=True)
# zh: 先打印 align_corners=False（默认）的结果，再打印 True 的
# en: first the result with align_corners=False (the default), then with True
print(bilinear(x))
print(corners(x))
# zh: align_corners=True 时，四个角与输入完全相同；False 时只有角上的值碰巧相同（被截到边界）
# en: with align_corners=True the four corners equal the input; with False they only
# en: happen to (the source coordinate is clamped to the edge)
assert torch.equal(corners(x)[..., ::3, ::3], x)
# Out: tensor([[[[1.0000, 1.2500, 1.7500, 2.0000],
# Out:           [1.5000, 1.7500, 2.2500, 2.5000],
# Out:           [2.5000, 2.7500, 3.2500, 3.5000],
# Out:           [3.0000, 3.2500, 3.7500, 4.0000]]]])
# Out: tensor([[[[1.0000, 1.3333, 1.6667, 2.0000],
# Out:           [1.6667, 2.0000, 2.3333, 2.6667],
# Out:           [2.3333, 2.6667, 3.0000, 3.3333],
# Out:           [3.0000, 3.3333, 3.6667, 4.0000]]]])
# --8<-- [end:align-corners]

# --8<-- [start:by-hand]
# zh: 输出第 1 行第 2 列（从 0 数起），align_corners=False
# en: output row 1, column 2 (counting from 0), align_corners=False
scale = 2
src_y = (1 + 0.5) / scale - 0.5
src_x = (2 + 0.5) / scale - 0.5
print(src_y, src_x)
# zh: 源坐标 (0.25, 0.75) 落在四个输入像素之间：按距离加权
# en: the source point (0.25, 0.75) lies between the four input pixels: weight them by distance
a = x[0, 0]
value = (
    (1 - src_y) * (1 - src_x) * a[0, 0]
    + (1 - src_y) * src_x * a[0, 1]
    + src_y * (1 - src_x) * a[1, 0]
    + src_y * src_x * a[1, 1]
)
assert torch.isclose(value, bilinear(x)[0, 0, 1, 2])
# zh: align_corners=True：源坐标 = 输出坐标 × (2 - 1) / (4 - 1)
# en: align_corners=True: source = destination × (2 - 1) / (4 - 1)
src_y, src_x = 1 * (2 - 1) / (4 - 1), 2 * (2 - 1) / (4 - 1)
value = (
    (1 - src_y) * (1 - src_x) * a[0, 0]
    + (1 - src_y) * src_x * a[0, 1]
    + src_y * (1 - src_x) * a[1, 0]
    + src_y * src_x * a[1, 1]
)
assert torch.isclose(value, corners(x)[0, 0, 1, 2])
value
# Out: 0.25 0.75
# Out: tensor(2.3333)
# --8<-- [end:by-hand]

# --8<-- [start:modes]
# zh: 一维信号 (N, C, L)：3 个采样点放大到 5 个
# en: a 1-D signal (N, C, L): 3 samples stretched to 5
signal = torch.tensor([0.0, 1.0, 2.0]).view(1, 1, 3)
for mode in ["nearest", "nearest-exact", "linear"]:
    print(f"{mode:>13}", nn.Upsample(size=5, mode=mode)(signal).flatten())
# zh: 整数倍放大时，nearest 与 nearest-exact 取的是同样的像素
# en: for a whole-number factor, nearest and nearest-exact pick the same pixels
assert torch.equal(
    nn.Upsample(scale_factor=2, mode="nearest")(signal),
    nn.Upsample(scale_factor=2, mode="nearest-exact")(signal),
)
# zh: 三线性插值用于 (N, C, D, H, W)，例如体数据或视频
# en: trilinear is for (N, C, D, H, W), such as volumes or video
volume = torch.rand(1, 1, 2, 3, 4)
trilinear = nn.Upsample(scale_factor=2, mode="trilinear")
assert trilinear(volume).shape == (1, 1, 4, 6, 8)
# zh: 模式必须与输入的维数相符
# en: the mode has to match the number of dimensions of the input
try:
    nn.Upsample(scale_factor=2, mode="bilinear")(signal)
except NotImplementedError as error:
    print("NotImplementedError:", error)
# Out:       nearest tensor([0., 0., 1., 1., 2.])
# Out: nearest-exact tensor([0., 0., 1., 2., 2.])
# Out:        linear tensor([0.0000, 0.4000, 1.0000, 1.6000, 2.0000])
# Out: NotImplementedError: Got 3D input, but bilinear mode needs 4D input
# --8<-- [end:modes]

# --8<-- [start:size-or-scale]
# zh: 给出输出大小，或者给出倍数：结果形状相同
# en: give the output size, or the factor: the same shape comes out
by_size = nn.Upsample(size=(3, 5))
by_factor = nn.Upsample(scale_factor=(1.5, 2.5))
assert by_size(x).shape == by_factor(x).shape == (1, 1, 3, 5)
# zh: 不是整数倍时向下取整：2 × 1.7 = 3.4 → 3
# en: a fractional result is rounded down: 2 × 1.7 = 3.4 → 3
assert nn.Upsample(scale_factor=1.7)(x).shape == (1, 1, 3, 3)
# zh: 两者只能给一个
# en: only one of the two
try:
    nn.Upsample(size=4, scale_factor=2)(x)
except ValueError as error:
    print("ValueError:", error)
# zh: 形状相同，数值却可能不同：给出倍数时，坐标按 1 / scale_factor 换算
# en: the same shape, not always the same numbers: with a factor, coordinates are
# en: mapped with 1 / scale_factor
line = torch.tensor([0.0, 10.0]).view(1, 1, 2)
print(nn.Upsample(size=3, mode="linear")(line))
print(nn.Upsample(scale_factor=1.7, mode="linear")(line))
# Out: ValueError: only one of size or scale_factor should be defined
# Out: tensor([[[ 0.,  5., 10.]]])
# Out: tensor([[[0.0000, 3.8235, 9.7059]]])
# --8<-- [end:size-or-scale]

# --8<-- [start:photo]
photo = Image.open("imgs/hopper.png")
batch = to_dtype(to_image(photo), torch.float32, scale=True).unsqueeze(0)
# zh: 从帽徽上切出 16×16 的一小块（明暗反差大），放大 8 倍
# en: cut a 16×16 patch from the cap badge (strong contrast) and enlarge it 8 times
top, left = 20, 112
patch = batch[..., top : top + 16, left : left + 16]
enlarged = {
    mode: nn.Upsample(scale_factor=8, mode=mode)(patch)
    for mode in ["nearest", "bilinear", "bicubic"]
}
assert all(image.shape == (1, 1, 128, 128) for image in enlarged.values())
figure, axes = plt.subplots(1, 4, figsize=(9, 2.7))
axes[0].imshow(batch[0, 0].numpy(), cmap="gray", vmin=0, vmax=1)
frame = plt.Rectangle((left, top), 16, 16, fill=False, color="red", linewidth=1.5)
axes[0].add_patch(frame)
axes[0].set_title("photo, patch in red")
for ax, (mode, image) in zip(axes[1:], enlarged.items(), strict=True):
    # zh: 双三次插值会略微越界：显示前截到 [0, 1]
    # en: bicubic slightly overshoots: clamp to [0, 1] for display
    pixels = image[0, 0].clamp(0, 1).numpy()
    # zh: interpolation="nearest"：让 matplotlib 原样显示像素，不再自己插值
    # en: interpolation="nearest" makes matplotlib show the pixels as they are, with no
    # en: smoothing of its own
    ax.imshow(pixels, cmap="gray", vmin=0, vmax=1, interpolation="nearest")
    ax.set_title(f"mode='{mode}', ×8")
for ax in axes:
    ax.set_xticks([])
    ax.set_yticks([])
figure.tight_layout()
figure
# --8<-- [end:photo]

# --8<-- [start:overshoot]
for mode, image in enlarged.items():
    print(f"{mode:>8}: min {image.min():.3f}, max {image.max():.3f}")
print(f"   patch: min {patch.min():.3f}, max {patch.max():.3f}")
# zh: 最近邻与双线性不会超出输入的取值范围，双三次会
# en: nearest and bilinear stay within the input's range; bicubic does not
low, high = patch.min(), patch.max()
assert low <= enlarged["bilinear"].min() and enlarged["bilinear"].max() <= high
assert enlarged["bicubic"].min() < low and enlarged["bicubic"].max() > high
# Out:  nearest: min 0.000, max 1.000
# Out: bilinear: min 0.016, max 1.000
# Out:  bicubic: min -0.064, max 1.113
# Out:    patch: min 0.000, max 1.000
# --8<-- [end:overshoot]

# --8<-- [start:pixel-shuffle]
r = 2
# zh: 2 个输出通道 × r² = 8 个输入通道，每个 2×2；用 arange 编号，便于追踪
# en: 2 output channels × r² = 8 input channels of 2×2 each, numbered with arange to follow them
features = torch.arange(32).view(1, 8, 2, 2)
shuffle = nn.PixelShuffle(upscale_factor=r)
out = shuffle(features)
# zh: (N, C·r², H, W) → (N, C, H·r, W·r)
# en: (N, C·r², H, W) → (N, C, H·r, W·r)
assert out.shape == (1, 2, 4, 4)
out
# Out: tensor([[[[ 0,  4,  1,  5],
# Out:           [ 8, 12,  9, 13],
# Out:           [ 2,  6,  3,  7],
# Out:           [10, 14, 11, 15]],
# Out:
# Out:          [[16, 20, 17, 21],
# Out:           [24, 28, 25, 29],
# Out:           [18, 22, 19, 23],
# Out:           [26, 30, 27, 31]]]])
# --8<-- [end:pixel-shuffle]

# --8<-- [start:pixel-shuffle-check]
# zh: 每个输出像素来自哪个输入通道：逐个核对
# en: which input channel each output pixel comes from, checked one by one
C, H, W = 2, 2, 2
for c, h, w in itertools.product(range(C), range(H), range(W)):
    for i, j in itertools.product(range(r), range(r)):
        assert out[0, c, h * r + i, w * r + j] == features[0, c * r * r + i * r + j, h, w]
# zh: 例如输出通道 1 的第 3 行第 2 列：c=1, h=1, i=1, w=1, j=0 → 输入通道 1·4 + 1·2 + 0 = 6
# en: for instance output channel 1, row 3, column 2: c=1, h=1, i=1, w=1, j=0 → input channel
# en: 1·4 + 1·2 + 0 = 6
assert out[0, 1, 3, 2] == features[0, 6, 1, 1] == 27
# zh: PixelUnshuffle 把它拆回去，一个数也不差
# en: PixelUnshuffle takes it apart again, exactly
unshuffle = nn.PixelUnshuffle(downscale_factor=r)
assert torch.equal(unshuffle(out), features)
# zh: 反过来也成立：先拆再拼
# en: and the other way round: take apart, then put together
picture = torch.rand(1, 3, 6, 6)
assert unshuffle(picture).shape == (1, 12, 3, 3)
assert torch.equal(shuffle(unshuffle(picture)), picture)
# --8<-- [end:pixel-shuffle-check]

# --8<-- [start:sub-pixel]
torch.manual_seed(0)
# zh: 超分辨率的末端：卷积把 3 个通道变成 3·r² 个，PixelShuffle 再把它们排成 r 倍大的图
# en: the end of a super-resolution network: a convolution turns 3 channels into 3·r²,
# en: and PixelShuffle lays them out as an image r times larger
head = nn.Sequential(
    nn.Conv2d(3, 3 * r * r, kernel_size=3, padding=1),
    nn.PixelShuffle(r),
)
low_res = torch.rand(1, 3, 16, 16)
assert head(low_res).shape == (1, 3, 32, 32)
print(head)
# Out: Sequential(
# Out:   (0): Conv2d(3, 12, kernel_size=(3, 3), stride=(1, 1), padding=(1, 1))
# Out:   (1): PixelShuffle(upscale_factor=2)
# Out: )
# --8<-- [end:sub-pixel]

# --8<-- [start:checkerboard]
ones = torch.ones(1, 1, 6, 6)
# zh: 转置卷积，核大小 3、步幅 2，权重全为 1：输入处处相同，输出却不同
# en: a transposed convolution, kernel 3, stride 2, all weights 1: a constant input,
# en: yet the output is not constant
transposed = nn.ConvTranspose2d(1, 1, kernel_size=3, stride=2, bias=False)
nn.init.ones_(transposed.weight)
with torch.no_grad():
    uneven = transposed(ones)
print(uneven[0, 0, 2:8, 2:8])
# zh: 同样大小的卷积 + 像素重排，权重全为 1：内部处处相同（边缘受零填充影响，不看）
# en: a convolution of the same size + pixel shuffle, all weights 1: constant inside
# en: (the border feels the zero padding; leave it out)
conv = nn.Conv2d(1, r * r, kernel_size=3, padding=1, bias=False)
nn.init.ones_(conv.weight)
with torch.no_grad():
    even = nn.PixelShuffle(r)(conv(ones))
assert torch.equal(even[..., 2:-2, 2:-2], torch.full((1, 1, 8, 8), 9.0))
# zh: 随机初始化时，r² 个子卷积核各不相同，同样会留下周期为 r 的图案
# en: with random initialization the r² sub-kernels differ and leave a pattern of period r too
torch.manual_seed(0)
conv = nn.Conv2d(1, r * r, kernel_size=3, padding=1, bias=False)
with torch.no_grad():
    pattern = nn.PixelShuffle(r)(conv(ones))[0, 0, 2:-2, 2:-2]
    assert pattern[0::2, 0::2].unique().numel() == 1
    assert pattern[0, 0] != pattern[0, 1]
    # zh: 把第一个子卷积核复制给全部 r² 个输出通道（ICNR 初始化的思路）：图案消失
    # en: copying the first sub-kernel to all r² output channels (the idea of ICNR
    # en: initialization) removes it
    conv.weight.copy_(conv.weight[:1].expand(r * r, -1, -1, -1))
    flat = nn.PixelShuffle(r)(conv(ones))[0, 0, 2:-2, 2:-2]
    assert flat.unique().numel() == 1
    # zh: 这时它等于“先用一个卷积核卷积，再最近邻放大”，对任何输入都成立
    # en: it now equals "convolve with one kernel, then enlarge by nearest",
    # en: for any input
    noise = torch.rand(1, 1, 6, 6)
    one_kernel = F.conv2d(noise, conv.weight[:1], padding=1)
    icnr = nn.PixelShuffle(r)(conv(noise))
    assert torch.allclose(icnr, nn.Upsample(scale_factor=r)(one_kernel))
# Out: tensor([[4., 2., 4., 2., 4., 2.],
# Out:         [2., 1., 2., 1., 2., 1.],
# Out:         [4., 2., 4., 2., 4., 2.],
# Out:         [2., 1., 2., 1., 2., 1.],
# Out:         [4., 2., 4., 2., 4., 2.],
# Out:         [2., 1., 2., 1., 2., 1.]])
# --8<-- [end:checkerboard]

# --8<-- [start:channel-shuffle]
# zh: 6 个通道，每个通道的值就是它的编号
# en: 6 channels, each holding its own number
channels = torch.arange(6).view(1, 6, 1, 1)
channel_shuffle = nn.ChannelShuffle(groups=2)
mixed = channel_shuffle(channels)
# zh: 同样的排列：按“组 × 组内序号”排成矩阵，转置，再展平
# en: the same permutation: lay the channels out as (group, index in group), transpose, flatten
by_hand = channels.view(1, 2, 3, 1, 1).transpose(1, 2).reshape(1, 6, 1, 1)
assert torch.equal(mixed, by_hand)
print(channel_shuffle)
print(mixed.flatten())
print(nn.ChannelShuffle(groups=3)(channels).flatten())
# Out: ChannelShuffle(groups=2)
# Out: tensor([0, 3, 1, 4, 2, 5])
# Out: tensor([0, 2, 4, 1, 3, 5])
# --8<-- [end:channel-shuffle]

# --8<-- [start:shufflenet]
torch.manual_seed(0)
# zh: ShuffleNet 的做法：分组卷积之间插一次通道重排
# en: what ShuffleNet does: a channel shuffle between two grouped convolutions
unit = nn.Sequential(
    nn.Conv2d(6, 6, kernel_size=1, groups=2),
    nn.ChannelShuffle(groups=2),
    nn.Conv2d(6, 6, kernel_size=1, groups=2),
)
# zh: 只改动输入的第 0 个通道（属于第一组），看哪些输出通道跟着变
# en: change only input channel 0 (in the first group) and see which output channels move
probe = torch.rand(1, 6, 1, 1)
nudged = probe.clone()
nudged[0, 0] += 1
with torch.no_grad():
    moved = (unit(nudged) != unit(probe)).flatten()
    # zh: 没有重排时，第一组的输入只能影响第一组的输出
    # en: without the shuffle, the first group's input reaches only the first group's
    # en: outputs
    plain = nn.Sequential(unit[0], unit[2])
    moved_plain = (plain(nudged) != plain(probe)).flatten()
moved_plain, moved
# Out: (tensor([ True,  True,  True, False, False, False]),
# Out:  tensor([True, True, True, True, True, True]))
# --8<-- [end:shufflenet]

# --8<-- [start:deprecated]
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    old_nearest = nn.UpsamplingNearest2d(scale_factor=2)
    old_bilinear = nn.UpsamplingBilinear2d(scale_factor=2)
    old_results = old_nearest(x), old_bilinear(x)
# zh: 文档说它们已弃用，但 torch 2.14 既不在构造时、也不在调用时发出警告
# en: the documentation deprecates them, but torch 2.14 warns neither on construction nor on call
assert caught == []
# zh: 取代它们的 nn.Upsample 写法，结果逐位相同
# en: the nn.Upsample settings that replace them give bit-for-bit the same results
new_nearest = nn.Upsample(scale_factor=2, mode="nearest")
new_bilinear = nn.Upsample(scale_factor=2, mode="bilinear", align_corners=True)
assert torch.equal(old_results[0], new_nearest(x))
assert torch.equal(old_results[1], new_bilinear(x))
# zh: 注意 UpsamplingBilinear2d 用的是 align_corners=True，不是 nn.Upsample 的默认
# en: note that UpsamplingBilinear2d means align_corners=True, not nn.Upsample's default
assert not torch.allclose(old_results[1], bilinear(x))
old_nearest, old_bilinear
# Out: (UpsamplingNearest2d(scale_factor=2.0, mode='nearest'),
# Out:  UpsamplingBilinear2d(scale_factor=2.0, mode='bilinear'))
# --8<-- [end:deprecated]

# --8<-- [start:interpolate]
# zh: 函数形式：参数与 nn.Upsample 相同，直接传入张量
# en: the functional form: the same arguments as nn.Upsample, with the tensor passed in
assert torch.equal(F.interpolate(x, scale_factor=2, mode="bilinear"), bilinear(x))
# zh: 缩小图片时，F.interpolate 还能先做抗混叠滤波；nn.Upsample 没有这个参数
# en: when shrinking an image, F.interpolate can also filter against aliasing first;
# en: nn.Upsample has no such argument
small = F.interpolate(batch, scale_factor=0.25, mode="bilinear", antialias=True)
assert small.shape == (1, 1, 75, 64)
# zh: 'lanczos' 模式只有 F.interpolate 有，而且必须配 antialias=True
# en: the 'lanczos' mode exists in F.interpolate only, and needs antialias=True
lanczos = F.interpolate(batch, size=(75, 64), mode="lanczos", antialias=True)
assert lanczos.shape == small.shape
try:
    nn.Upsample(scale_factor=0.25, mode="bilinear", antialias=True)
except TypeError as error:
    print("TypeError:", error)
# Out: TypeError: Upsample.__init__() got an unexpected keyword argument 'antialias'
# --8<-- [end:interpolate]

# --8<-- [start:labels]
# zh: 一张 2×2 的分割标签图：类别编号，默认是 int64
# en: a 2×2 segmentation label map: class indices, int64 by default
labels = torch.tensor([[0, 1], [2, 3]]).view(1, 1, 2, 2)
try:
    nn.Upsample(scale_factor=2)(labels)
except NotImplementedError as error:
    print("NotImplementedError:", error)
# Out: NotImplementedError: "upsample_nearest2d_channels_last" not implemented for 'Long'
# --8<-- [end:labels]

# --8<-- [start:labels-fix]
# zh: 双线性插值会在类别之间造出不存在的“类别 1.25”
# en: bilinear interpolation makes up classes in between, such as "class 1.25"
blurred = nn.Upsample(scale_factor=2, mode="bilinear")(labels.float())
assert blurred[0, 0, 1, 2] == 1.25
# zh: 标签图用最近邻：先转成浮点数，放大后再转回 int64
# en: label maps take nearest: convert to float, enlarge, convert back to int64
label_up = nn.Upsample(scale_factor=2, mode="nearest")(labels.float()).long()
assert set(label_up.unique().tolist()) == {0, 1, 2, 3}
label_up
# Out: tensor([[[[0, 0, 1, 1],
# Out:           [0, 0, 1, 1],
# Out:           [2, 2, 3, 3],
# Out:           [2, 2, 3, 3]]]])
# --8<-- [end:labels-fix]

# --8<-- [start:align-nearest]
# zh: align_corners 只对线性类模式有意义，给最近邻传它会报错（在调用时，而非构造时）
# en: align_corners only means something for the linear-family modes; passing it with
# en: nearest fails (on the call, not on construction)
wrong = nn.Upsample(scale_factor=2, mode="nearest", align_corners=True)
try:
    wrong(x)
except ValueError as error:
    print("ValueError:", error)
# Out: ValueError: align_corners option can only be set with the interpolating modes: linear | bilinear | bicubic | trilinear
# --8<-- [end:align-nearest]
