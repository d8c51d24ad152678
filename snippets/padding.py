# Padding layers: the code of docs/zh/padding.md and docs/en/padding.md.
# Run it from the repository root: python snippets/padding.py

# --8<-- [start:imports]
import math
import textwrap

import matplotlib.pyplot as plt
import torch
import torch.nn.functional as F
from PIL import Image
from torch import nn
from torchvision.transforms.v2.functional import to_dtype, to_image

# --8<-- [end:imports]

# --8<-- [start:modes-1d]
# zh: 一个通道、长度为 4 的整数序列，形状 (C, L) = (1, 4)
# en: one channel holding a sequence of 4 integers, shaped (C, L) = (1, 4)
x = torch.tensor([[1, 2, 3, 4]])
layers = {
    "ZeroPad1d": nn.ZeroPad1d(2),
    "ConstantPad1d": nn.ConstantPad1d(2, value=9),
    "ReflectionPad1d": nn.ReflectionPad1d(2),
    "ReplicationPad1d": nn.ReplicationPad1d(2),
    "CircularPad1d": nn.CircularPad1d(2),
}
for name, layer in layers.items():
    y = layer(x)
    # zh: 两侧各加 2 个：长度 4 + 2 + 2 = 8
    # en: 2 on each side: length 4 + 2 + 2 = 8
    assert y.shape == (1, 8)
    # zh: 填充层没有可学习的参数
    # en: a padding layer has no learnable parameters
    assert list(layer.parameters()) == []
    print(f"{name:17} {y[0].tolist()}")
# Out: ZeroPad1d         [0, 0, 1, 2, 3, 4, 0, 0]
# Out: ConstantPad1d     [9, 9, 1, 2, 3, 4, 9, 9]
# Out: ReflectionPad1d   [3, 2, 1, 2, 3, 4, 3, 2]
# Out: ReplicationPad1d  [1, 1, 1, 2, 3, 4, 4, 4]
# Out: CircularPad1d     [3, 4, 1, 2, 3, 4, 1, 2]
# --8<-- [end:modes-1d]

# --8<-- [start:by-index]
# zh: 输出的第 i 个位置对应输入的下标 i - 2：从 -2 到 5
# en: output position i reads input index i - 2: from -2 to 5
L = 4
i = torch.arange(-2, L + 2)
# zh: 复制：下标截断到 [0, L-1]；循环：下标对 L 取模；反射：以两端为镜面折回
# en: replicate: clamp the index to [0, L-1]; circular: index modulo L;
# en: reflect: fold the index back at both ends, the end acting as the mirror
replicate = i.clamp(0, L - 1)
circular = i % L
reflect = (L - 1) - ((L - 1) - i.abs()).abs()
assert torch.equal(x[0, replicate], layers["ReplicationPad1d"](x)[0])
assert torch.equal(x[0, circular], layers["CircularPad1d"](x)[0])
assert torch.equal(x[0, reflect], layers["ReflectionPad1d"](x)[0])
reflect
# Out: tensor([2, 1, 0, 1, 2, 3, 2, 1])
# --8<-- [end:by-index]

# --8<-- [start:photo]
# zh: 灰度照片缩小一半（宽 128、高 150），生成的图片更小
# en: the photo at half size (128 wide, 150 high), for a lighter figure
photo = Image.open("imgs/hopper.png").reduce(2)
image = to_dtype(to_image(photo), torch.float32, scale=True)
assert image.shape == (1, 150, 128)  # (C, H, W)
image.shape
# Out: torch.Size([1, 150, 128])
# --8<-- [end:photo]

# --8<-- [start:modes-2d]
p = 48
panels = {
    "input": image,
    "zeros: ZeroPad2d": nn.ZeroPad2d(p)(image),
    "constant 0.5: ConstantPad2d": nn.ConstantPad2d(p, value=0.5)(image),
    "reflect: ReflectionPad2d": nn.ReflectionPad2d(p)(image),
    "replicate: ReplicationPad2d": nn.ReplicationPad2d(p)(image),
    "circular: CircularPad2d": nn.CircularPad2d(p)(image),
}
for picture in list(panels.values())[1:]:
    # zh: 上下左右各加 48 像素
    # en: 48 pixels on every side
    assert picture.shape == (1, 150 + 2 * p, 128 + 2 * p)
# zh: 复制填充的左上角整块都是原图左上角那个像素
# en: replication fills the whole top-left corner with the input's top-left pixel
corner = panels["replicate: ReplicationPad2d"][0, :p, :p]
assert (corner == image[0, 0, 0]).all()
style = {"cmap": "gray", "vmin": 0, "vmax": 1, "interpolation": "nearest"}
outline = {"fill": False, "edgecolor": "red", "linestyle": "--"}
figure, axes = plt.subplots(2, 3, figsize=(8, 5.5))
for ax, (title, picture) in zip(axes.flat, panels.items(), strict=True):
    # zh: 所有子图用同一坐标系：填充后的图像从 -p 画起，原图落在同一位置
    # en: one coordinate frame for every panel: padded images start at -p,
    # en: so the input lands in the same place in each
    x0 = 0 if title == "input" else -p
    height, width = picture.shape[-2:]
    extent = (x0 - 0.5, x0 + width - 0.5, x0 + height - 0.5, x0 - 0.5)
    ax.imshow(picture[0].numpy(), extent=extent, **style)
    # zh: 红色虚线框出原图的边界
    # en: a dashed red line marks the border of the input
    ax.add_patch(plt.Rectangle((-0.5, -0.5), 128, 150, **outline))
    ax.set_xlim(-p - 0.5, 128 + p - 0.5)
    ax.set_ylim(150 + p - 0.5, -p - 0.5)
    ax.set_title(title, fontsize=10)
    ax.axis("off")
figure.tight_layout()
figure
# --8<-- [end:modes-2d]

# --8<-- [start:order]
# zh: 一个整数表示四边都加同样多
# en: a single integer means the same amount on all four sides
assert nn.ZeroPad2d(2).padding == (2, 2, 2, 2)
x = torch.ones(1, 1, 2, 2)
# zh: 元组从最后一维开始：（左、右、上、下）
# en: the tuple starts from the last dimension: (left, right, top, bottom)
y = nn.ConstantPad2d((1, 0, 2, 0), value=0.0)(x)
assert y.shape == (1, 1, 4, 3)
y
# Out: tensor([[[[0., 0., 0.],
# Out:           [0., 0., 0.],
# Out:           [0., 1., 1.],
# Out:           [0., 1., 1.]]]])
# --8<-- [end:order]

# --8<-- [start:order-mistake]
x = torch.zeros(1, 1, 5, 6)
# zh: 想要上 1、下 2、左 3、右 4，却按（上、下、左、右）写成了 (1, 2, 3, 4)
# en: meant top 1, bottom 2, left 3, right 4, written (top, bottom, left, right)
wrong = nn.ZeroPad2d((1, 2, 3, 4))(x)
# zh: 正确的写法：（左、右、上、下）
# en: the right way: (left, right, top, bottom)
right = nn.ZeroPad2d((3, 4, 1, 2))(x)
# zh: 高 5 + 1 + 2 = 8，宽 6 + 3 + 4 = 13
# en: height 5 + 1 + 2 = 8, width 6 + 3 + 4 = 13
assert right.shape == (1, 1, 8, 13)
# zh: 写错了也不报错，只是高和宽互换了所加的量
# en: the mistake raises nothing: height and width just swap their padding
assert wrong.shape == (1, 1, 12, 9)
# zh: 卷积的 padding=(1, 3) 却是（高、宽）的顺序，而且两侧对称
# en: a convolution's padding=(1, 3), by contrast, is in (height, width) order
# en: and pads both sides alike
conv = nn.Conv2d(1, 1, kernel_size=1, padding=(1, 3))
assert conv(x).shape == (1, 1, 5 + 2, 6 + 6)
wrong.shape, right.shape
# Out: (torch.Size([1, 1, 12, 9]), torch.Size([1, 1, 8, 13]))
# --8<-- [end:order-mistake]

# --8<-- [start:reflect-limit]
x = torch.tensor([[1, 2, 3, 4]])
# zh: 反射最多折回 L - 1 = 3 个：边上那个不重复
# en: reflection can fold back at most L - 1 = 3 values: the edge is not repeated
assert nn.ReflectionPad1d(3)(x).tolist() == [[4, 3, 2, 1, 2, 3, 4, 3, 2, 1]]
try:
    nn.ReflectionPad1d(4)(x)
except RuntimeError as error:
    # zh: 报错信息很长，折成每行至多 72 个字符再打印
    # en: the message is long: wrap it at 72 characters before printing
    print(textwrap.fill(f"RuntimeError: {error}", width=72))
else:
    raise AssertionError("ReflectionPad1d(4) accepted a length-4 input")
# zh: 复制与常数填充没有这个限制；循环填充最多绕一整圈（不超过 L）
# en: replication and constant padding have no such limit; circular padding
# en: wraps at most once round (no more than L)
assert nn.ReplicationPad1d(10)(x).shape == (1, 24)
assert nn.ConstantPad1d(10, value=0.0)(x).shape == (1, 24)
assert nn.CircularPad1d(4)(x).shape == (1, 12)
try:
    nn.CircularPad1d(5)(x)
except RuntimeError as error:
    assert "wrapping around more than once" in str(error)
else:
    raise AssertionError("CircularPad1d(5) accepted a length-4 input")
# Out: RuntimeError: Argument #4: Padding size should be less than the
# Out: corresponding input dimension, but got: padding (4, 4) at dimension 1 of
# Out: input [1, 4]
# --8<-- [end:reflect-limit]

# --8<-- [start:constant]
# zh: ConstantPad 的 value 没有默认值，必须给出；ZeroPad 就是 value=0 的 ConstantPad
# en: ConstantPad's value has no default and must be given;
# en: ZeroPad is ConstantPad with value=0
x = torch.rand(1, 3, 3)
assert torch.equal(nn.ZeroPad2d(1)(x), nn.ConstantPad2d(1, value=0.0)(x))
try:
    nn.ConstantPad2d(1)
except TypeError as error:
    print(error)
else:
    raise AssertionError("ConstantPad2d accepted no value")
# zh: 负的填充量是裁剪：每边去掉 1 行、1 列
# en: a negative amount crops: 1 row and 1 column off every side
assert torch.equal(nn.ZeroPad2d(-1)(x), x[:, 1:-1, 1:-1])
nn.ConstantPad2d(1, value=-1.5)
# Out: ConstantPad2d.__init__() missing 1 required positional argument: 'value'
# Out: ConstantPad2d(padding=(1, 1, 1, 1), value=-1.5)
# --8<-- [end:constant]

# --8<-- [start:three-d]
# zh: 三维填充的输入是 5 维的 (N, C, D, H, W)：一批 2 个、每个 3 个通道的 4×5×6 体数据
# en: 3-D padding takes a 5-D (N, C, D, H, W):
# en: a batch of 2 volumes with 3 channels, 4×5×6 each
torch.manual_seed(0)
volume = torch.rand(2, 3, 4, 5, 6)
three_d = [
    nn.ZeroPad3d(1),
    nn.ConstantPad3d(1, value=0.5),
    nn.ReflectionPad3d(1),
    nn.ReplicationPad3d(1),
    nn.CircularPad3d(1),
]
for layer in three_d:
    assert layer(volume).shape == (2, 3, 6, 7, 8)
# zh: 元组同样从最后一维开始：（左、右、上、下、前、后），即 W、H、D 的顺序
# en: again the tuple starts from the last dimension:
# en: (left, right, top, bottom, front, back), that is W, then H, then D
y = nn.ReplicationPad3d((1, 0, 0, 2, 3, 0))(volume)
assert y.shape == (2, 3, 4 + 3, 5 + 2, 6 + 1)
y.shape
# Out: torch.Size([2, 3, 7, 7, 7])
# --8<-- [end:three-d]

# --8<-- [start:unbatched]
# zh: 不带批维度的输入也可以：1d 接受 (C, L)，2d 接受 (C, H, W)，3d 接受 (C, D, H, W)
# en: unbatched input works too: 1d takes (C, L), 2d (C, H, W), 3d (C, D, H, W)
pad = nn.ReflectionPad2d(1)
assert pad(torch.rand(3, 5, 5)).shape == (3, 7, 7)
assert torch.equal(pad(volume[0, :, 0]), pad(volume[:1, :, 0])[0])
assert nn.ReflectionPad1d(1)(torch.rand(3, 5)).shape == (3, 7)
assert nn.ReflectionPad3d(1)(volume[0]).shape == (3, 6, 7, 8)
# zh: 连通道维也没有的 (H, W) 则不行：反射、复制、循环填充都要求 3 维或 4 维输入
# en: a bare (H, W) without even a channel dimension is refused: reflection,
# en: replication and circular padding all want a 3-D or 4-D input
try:
    pad(torch.rand(5, 5))
except NotImplementedError as error:
    print("NotImplementedError:", str(error).splitlines()[0])
else:
    raise AssertionError("ReflectionPad2d accepted a 2-D input")
# zh: 常数填充不挑维数，总是填充最后两维
# en: constant padding takes any number of dimensions and always pads the last two
assert nn.ZeroPad2d(1)(torch.rand(5, 5)).shape == (7, 7)
assert nn.ZeroPad2d(1)(volume).shape == (2, 3, 4, 7, 8)
# Out: NotImplementedError: Padding size 4 is not supported for 2D input tensor.
# --8<-- [end:unbatched]

# --8<-- [start:conv-mode]
torch.manual_seed(0)
x = torch.rand(1, 1, 6, 6)
# zh: 一个不填充的卷积；下面每种模式的卷积都复制它的权重与偏置
# en: a convolution without padding; each mode's convolution below
# en: copies its weight and bias
plain = nn.Conv2d(1, 1, kernel_size=5)
pad_layers = {
    "zeros": nn.ZeroPad2d(2),
    "reflect": nn.ReflectionPad2d(2),
    "replicate": nn.ReplicationPad2d(2),
    "circular": nn.CircularPad2d(2),
}
for mode, pad in pad_layers.items():
    conv = nn.Conv2d(1, 1, kernel_size=5, padding=2, padding_mode=mode)
    conv.load_state_dict(plain.state_dict())
    with torch.no_grad():
        out = conv(x)
        # zh: 带 padding_mode 的卷积 = 先用填充层，再做不填充的卷积
        # en: padding_mode = a padding layer + a convolution without padding
        assert torch.allclose(out, plain(pad(x)), atol=1e-6)
    assert out.shape == x.shape
    # zh: 角上的输出用到了填充值，各模式不同；中心的输出只用到图像本身
    # en: the corner output uses padded values and differs by mode;
    # en: the centre sees only the image
    corner, centre = out[0, 0, 0, 0], out[0, 0, 2, 2]
    print(f"{mode:9} corner {corner:.4f}  centre {centre:.4f}")
# zh: 转置卷积只支持 'zeros'
# en: transposed convolutions support only 'zeros'
try:
    nn.ConvTranspose2d(1, 1, 3, padding_mode="reflect")
except ValueError as error:
    assert "zeros" in str(error)
else:
    raise AssertionError("ConvTranspose2d accepted padding_mode='reflect'")
# Out: zeros     corner 0.1280  centre -0.0122
# Out: reflect   corner 0.1075  centre -0.0122
# Out: replicate corner 0.2827  centre -0.0122
# Out: circular  corner 0.1638  centre -0.0122
# --8<-- [end:conv-mode]

# --8<-- [start:functional]
x = torch.tensor([[1, 2, 3, 4]])
# zh: F.pad 的模式名：'constant'、'reflect'、'replicate'、'circular'
# en: F.pad's mode names: 'constant', 'reflect', 'replicate', 'circular'
reflected = F.pad(x, (2, 2), mode="reflect")
assert torch.equal(reflected, nn.ReflectionPad1d(2)(x))
# zh: 默认模式是 'constant'，默认值是 0
# en: the default mode is 'constant', and the default value 0
assert torch.equal(F.pad(x, (2, 2)), nn.ZeroPad1d(2)(x))
F.pad(x, (2, 2), mode="constant", value=9)
# Out: tensor([[9, 9, 1, 2, 3, 4, 9, 9]])
# --8<-- [end:functional]

# --8<-- [start:dark-border]
# zh: 一块均匀的灰色，用 3×3 均值滤波（权重全为 1/9 的卷积）
# en: an even grey patch through a 3×3 mean filter
# en: (a convolution with every weight 1/9)
grey = torch.full((1, 1, 5, 5), 0.6)
blurred = {}
for mode in ["zeros", "reflect"]:
    blur = nn.Conv2d(1, 1, 3, padding=1, padding_mode=mode, bias=False)
    with torch.no_grad():
        blur.weight.fill_(1 / 9)
        blurred[mode] = blur(grey)[0, 0]
    # zh: 打印最左一列：两端是角上的像素，中间是边上的像素
    # en: print the leftmost column: corners at both ends, edge pixels between
    print(f"{mode:8}", [round(v, 4) for v in blurred[mode][:, 0].tolist()])
# zh: 零填充时，角上的窗口只有 4 个像素落在图像内，边上的窗口有 6 个
# en: with zero padding, a corner window has only 4 pixels inside the image,
# en: an edge window 6
assert math.isclose(blurred["zeros"][0, 0].item(), 0.6 * 4 / 9, rel_tol=1e-6)
assert math.isclose(blurred["zeros"][1, 0].item(), 0.6 * 6 / 9, rel_tol=1e-6)
assert torch.allclose(blurred["reflect"], grey[0, 0])
# Out: zeros    [0.2667, 0.4, 0.4, 0.4, 0.2667]
# Out: reflect  [0.6, 0.6, 0.6, 0.6, 0.6]
# --8<-- [end:dark-border]

# --8<-- [start:periodic]
# zh: 一整个周期的正弦，采样 12 点：第 12 点又回到起点
# en: one full period of a sine in 12 samples: sample 12 would repeat sample 0
n = 12
t = torch.arange(-3, n + 3)
wave = torch.sin(2 * math.pi * t / n)
signal = wave[3:-3].unsqueeze(0)
# zh: 循环填充接上的正是下一个周期，和真实信号一致
# en: circular padding joins on the next period, exactly what the signal does
assert torch.allclose(nn.CircularPad1d(3)(signal)[0], wave, atol=1e-6)
# zh: 反射填充则在两端折回，与真实信号不符
# en: reflection folds back at the ends and does not match the signal
assert not torch.allclose(nn.ReflectionPad1d(3)(signal)[0], wave, atol=1e-6)
# --8<-- [end:periodic]
