# Convolution layers: the code of docs/zh/conv.md and docs/en/conv.md.
# Run it from the repository root: python snippets/conv.py

# --8<-- [start:imports]
import matplotlib.pyplot as plt
import torch
from PIL import Image
from torch import nn
from torch.nn import functional as F
from torchvision.transforms.v2.functional import to_dtype, to_image, to_pil_image

# --8<-- [end:imports]

# --8<-- [start:photo]
# zh: 一张灰度照片：只有一个通道
# en: a greyscale photo: one channel
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

# --8<-- [start:cross-correlation]
# zh: 一个 4×4 的小输入和一个不对称的 3×3 卷积核，数字都是整数，便于手算
# en: a small 4×4 input and a lopsided 3×3 kernel, whole numbers so the sums are easy
x = torch.tensor([[1.0, 0, 2, 1], [0, 3, 1, 0], [2, 1, 0, 2], [1, 0, 1, 3]]).view(1, 1, 4, 4)
w = torch.tensor([[1.0, 2.0, 0.0], [0.0, 1.0, -1.0], [3.0, 0.0, 1.0]]).view(1, 1, 3, 3)
y = F.conv2d(x, w)
# zh: 输出 (1, 1)：输入第 1 到 3 行、第 1 到 3 列的窗口，与卷积核逐元素相乘再求和
# en: output (1, 1): the window of input rows 1 to 3, columns 1 to 3, times the kernel, summed
window = x[0, 0, 1:4, 1:4]
by_hand = (window * w[0, 0]).sum()
assert by_hand == y[0, 0, 1, 1]
print(window)
print(by_hand)
y
# Out: tensor([[3., 1., 0.],
# Out:         [1., 0., 2.],
# Out:         [0., 1., 3.]])
# Out: tensor(6.)
# Out: tensor([[[[ 9., 10.],
# Out:           [11.,  6.]]]])
# --8<-- [end:cross-correlation]

# --8<-- [start:flip]
# zh: 数学上的卷积要先把卷积核旋转 180°：x[i + 2 − u, j + 2 − v] · w[u, v]
# en: convolution as mathematicians define it turns the kernel by 180° first:
# en: x[i + 2 − u, j + 2 − v] · w[u, v]
true_conv = torch.zeros(2, 2)
for i in range(2):
    for j in range(2):
        for u in range(3):
            for v in range(3):
                true_conv[i, j] += x[0, 0, i + 2 - u, j + 2 - v] * w[0, 0, u, v]
flipped = w.flip(-2, -1)
# zh: 真正的卷积 = 用翻转后的卷积核做互相关
# en: true convolution = cross-correlation with the flipped kernel
assert torch.equal(true_conv, F.conv2d(x, flipped)[0, 0])
# zh: 而它与 PyTorch 的结果不同
# en: and it is not what PyTorch computes
assert not torch.equal(true_conv, y[0, 0])
true_conv
# Out: tensor([[12.,  3.],
# Out:         [ 3.,  7.]])
# --8<-- [end:flip]

# --8<-- [start:channels]
torch.manual_seed(0)
# zh: 3 个输入通道（比如 RGB），2 个输出通道
# en: 3 input channels (say RGB), 2 output channels
conv3to2 = nn.Conv2d(in_channels=3, out_channels=2, kernel_size=3)
# zh: 权重形状为 (C_out, C_in / groups, kH, kW)，这里 groups = 1
# en: the weight is shaped (C_out, C_in / groups, kH, kW); here groups = 1
assert conv3to2.weight.shape == (2, 3, 3, 3)
assert conv3to2.bias.shape == (2,)
n_params = sum(p.numel() for p in conv3to2.parameters())
assert n_params == 2 * 3 * 3 * 3 + 2
rgb = torch.rand(1, 3, 5, 5)
out3 = conv3to2(rgb)
# zh: 输出通道 1 在 (0, 0) 处的值：三个输入通道的 3×3 窗口各乘各的卷积核，全部相加，再加偏置
# en: output channel 1 at (0, 0): each input channel's 3×3 window times its own slice of
# en: the kernel, all added up, plus the bias
by_hand = sum((rgb[0, c, 0:3, 0:3] * conv3to2.weight[1, c]).sum() for c in range(3))
assert torch.isclose(out3[0, 1, 0, 0], by_hand + conv3to2.bias[1])
# zh: 参数个数与图像大小无关
# en: the parameter count does not depend on the image size
assert conv3to2(torch.rand(1, 3, 300, 256)).shape == (1, 2, 298, 254)
print(tuple(conv3to2.weight.shape), n_params)
out3.shape
# Out: (2, 3, 3, 3) 56
# Out: torch.Size([1, 2, 3, 3])
# --8<-- [end:channels]

# --8<-- [start:one-by-one]
torch.manual_seed(0)
pointwise = nn.Conv2d(8, 4, kernel_size=1)
# zh: 一个全连接层，权重取自这个 1×1 卷积
# en: a linear layer holding the same weights as the 1×1 convolution
linear = nn.Linear(8, 4)
with torch.no_grad():
    linear.weight.copy_(pointwise.weight.view(4, 8))
    linear.bias.copy_(pointwise.bias)
features = torch.rand(2, 8, 5, 5)
by_conv = pointwise(features)
# zh: 把通道挪到最后一维，在每个像素上用全连接层，再挪回来
# en: move channels to the last dimension, apply the linear layer at every pixel, move back
by_linear = linear(features.permute(0, 2, 3, 1)).permute(0, 3, 1, 2)
assert torch.allclose(by_conv, by_linear, atol=1e-6)
pointwise.weight.shape, by_conv.shape
# Out: (torch.Size([4, 8, 1, 1]), torch.Size([2, 4, 5, 5]))
# --8<-- [end:one-by-one]

# --8<-- [start:groups]
torch.manual_seed(0)
grouped = nn.Conv2d(4, 6, kernel_size=3, groups=2, bias=False)
# zh: 每组只看 4 / 2 = 2 个输入通道
# en: each group sees only 4 / 2 = 2 input channels
assert grouped.weight.shape == (6, 2, 3, 3)
x4 = torch.rand(1, 4, 5, 5)
# zh: 等于两个各自独立的卷积：输入通道 0、1 → 输出通道 0、1、2，输入通道 2、3 → 输出通道 3、4、5
# en: the same as two separate convolutions: input channels 0, 1 → output channels 0, 1, 2,
# en: input channels 2, 3 → output channels 3, 4, 5
halves = [
    F.conv2d(x4[:, :2], grouped.weight[:3]),
    F.conv2d(x4[:, 2:], grouped.weight[3:]),
]
assert torch.allclose(grouped(x4), torch.cat(halves, dim=1))
# zh: groups 必须同时整除输入通道数和输出通道数
# en: groups must divide both the input and the output channel counts
try:
    nn.Conv2d(4, 6, kernel_size=3, groups=4)
except ValueError as error:
    print("ValueError:", error)
grouped
# Out: ValueError: out_channels must be divisible by groups
# Out: Conv2d(4, 6, kernel_size=(3, 3), stride=(1, 1), groups=2, bias=False)
# --8<-- [end:groups]

# --8<-- [start:depthwise-separable]
c_in, c_out, k = 32, 64, 3
standard = nn.Conv2d(c_in, c_out, k, padding=1)
# zh: 逐通道卷积：groups = C_in，每个通道一个 3×3 卷积核
# en: depthwise: groups = C_in, one 3×3 kernel per channel
depthwise = nn.Conv2d(c_in, c_in, k, padding=1, groups=c_in)
# zh: 逐点卷积：1×1 卷积负责混合通道
# en: pointwise: a 1×1 convolution mixes the channels
pointwise = nn.Conv2d(c_in, c_out, kernel_size=1)
separable = nn.Sequential(depthwise, pointwise)
assert depthwise.weight.shape == (c_in, 1, k, k)
features = torch.rand(1, c_in, 16, 16)
assert separable(features).shape == standard(features).shape == (1, c_out, 16, 16)


def count(module):
    return sum(p.numel() for p in module.parameters())


assert count(standard) == c_out * c_in * k * k + c_out
assert count(separable) == (c_in * k * k + c_in) + (c_out * c_in + c_out)
# zh: 不计偏置，参数之比正好是 1/k² + 1/C_out
# en: leaving out the biases, the ratio is exactly 1/k² + 1/C_out
weights_only = depthwise.weight.numel() + pointwise.weight.numel()
assert abs(weights_only / standard.weight.numel() - (1 / k**2 + 1 / c_out)) < 1e-12
print(f"standard {count(standard)}, separable {count(separable)}")
print(f"ratio {count(separable) / count(standard):.3f}")
# Out: standard 18496, separable 2432
# Out: ratio 0.131
# --8<-- [end:depthwise-separable]


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

# --8<-- [start:stride-figure]
# zh: 5×5 的输入，四周填充 1 圈 0，3×3 窗口以步幅 2 滑动：输出为 3×3
# en: a 5×5 input padded with one ring of zeros, a 3×3 window moving with stride 2:
# en: a 3×3 output
size, k, s, p = 5, 3, 2, 1
n_out = out_size(size, k, s, p)
assert n_out == 3
padded = size + 2 * p
figure, (left, right) = plt.subplots(
    1, 2, figsize=(9, 4.6), gridspec_kw={"width_ratios": [padded, n_out + 1]}
)
# zh: 填充的格子为灰色，输入的格子为白色
# en: padding cells grey, input cells white
shade = torch.ones(padded, padded) * 0.8
shade[p : p + size, p : p + size] = 1.0
left.imshow(shade.numpy(), cmap="gray", vmin=0, vmax=1)
for r in range(padded):
    for c in range(padded):
        inside = p <= r < p + size and p <= c < p + size
        left.text(c, r, "x" if inside else "0", ha="center", va="center", color="0.4")
colours = ["tab:red", "tab:blue", "tab:green", "tab:orange"]
positions = [(0, 0), (0, 1), (0, 2), (1, 0)]
for (i, j), colour, inset in zip(positions, colours, [0.06, 0.14, 0.22, 0.10], strict=True):
    corner = (j * s - 0.5 + inset, i * s - 0.5 + inset)
    left.add_patch(
        plt.Rectangle(corner, k - 2 * inset, k - 2 * inset, fill=False, lw=2.5, ec=colour)
    )
    right.add_patch(plt.Rectangle((j - 0.5, i - 0.5), 1, 1, color=colour, alpha=0.6))
left.set_title(f"padded input: {size}×{size} + padding {p}, window {k}×{k}, stride {s}")
right.imshow(torch.ones(n_out, n_out).numpy(), cmap="gray", vmin=0, vmax=1)
right.set_title(f"output: {n_out}×{n_out}")
for ax, n in ((left, padded), (right, n_out)):
    for t in range(n + 1):
        ax.axhline(t - 0.5, color="0.3", lw=0.8)
        ax.axvline(t - 0.5, color="0.3", lw=0.8)
    ax.set_xticks([])
    ax.set_yticks([])
figure.tight_layout()
figure
# --8<-- [end:stride-figure]

# --8<-- [start:padding-same]
# zh: padding="same"：输出与输入一样大，PyTorch 自动算出需要的填充
# en: padding="same": the output is as large as the input; PyTorch works out the padding
same = nn.Conv2d(1, 1, kernel_size=5, padding="same")
with torch.no_grad():
    assert same(batch).shape == batch.shape
# zh: 奇数的卷积核两边各填 (k − 1) / 2，与 padding=2 相同
# en: an odd kernel gets (k − 1) / 2 on each side, the same as padding=2
explicit = nn.Conv2d(1, 1, kernel_size=5, padding=2)
with torch.no_grad():
    explicit.load_state_dict(same.state_dict())
    assert torch.equal(explicit(batch), same(batch))
# zh: 步幅大于 1 时，输出本来就会变小，"same" 无从谈起
# en: with a stride above 1 the output is meant to shrink, so "same" makes no sense
try:
    nn.Conv2d(1, 1, kernel_size=3, stride=2, padding="same")
except ValueError as error:
    print("ValueError:", error)
# zh: padding="valid" 就是不填充
# en: padding="valid" means no padding at all
nn.Conv2d(1, 1, kernel_size=5, padding="valid")(batch).shape
# Out: ValueError: padding='same' is not supported for strided convolutions
# Out: torch.Size([1, 1, 296, 252])
# --8<-- [end:padding-same]


# --8<-- [start:dilation]
# zh: 一个输出值依赖哪些输入？把权重设为 1，对一个输出求梯度：梯度非零处就是它看到的输入
# en: which inputs does one output depend on? Set the weights to 1 and take the gradient
# en: of one output: the inputs with a non-zero gradient are the ones it sees
def seen_by_one_output(layers, size=15):
    probe = torch.zeros(1, 1, size, size, requires_grad=True)
    out = probe
    for layer in layers:
        with torch.no_grad():
            layer.weight.fill_(1.0)
        out = layer(out)
    out[0, 0, 0, 0].backward()
    return (probe.grad[0, 0] != 0).int()


for d in (1, 2, 3):
    seen = seen_by_one_output([nn.Conv2d(1, 1, 3, dilation=d, bias=False)])
    # zh: 感受野的边长：(k − 1)·d + 1
    # en: side of the receptive field: (k − 1)·d + 1
    span = seen.any(dim=0).nonzero().max().item() + 1
    assert span == (3 - 1) * d + 1
    print(f"dilation={d}: receptive field {span}×{span}, {seen.sum().item()} inputs")
# zh: 空洞为 2 时，9 个抽头之间隔着一格
# en: with dilation 2 the 9 taps have a gap of one between them
print(seen_by_one_output([nn.Conv2d(1, 1, 3, dilation=2, bias=False)])[:5, :5])
# zh: 空洞依次为 1、2、4 的三层叠起来：感受野 1 + 2·(1 + 2 + 4) = 15，没有空隙
# en: three layers with dilations 1, 2 and 4: receptive field 1 + 2·(1 + 2 + 4) = 15,
# en: with no gaps
stack = [nn.Conv2d(1, 1, 3, dilation=d, bias=False) for d in (1, 2, 4)]
assert seen_by_one_output(stack, size=15).all()
# Out: dilation=1: receptive field 3×3, 9 inputs
# Out: dilation=2: receptive field 5×5, 9 inputs
# Out: dilation=3: receptive field 7×7, 9 inputs
# Out: tensor([[1, 0, 1, 0, 1],
# Out:         [0, 0, 0, 0, 0],
# Out:         [1, 0, 1, 0, 1],
# Out:         [0, 0, 0, 0, 0],
# Out:         [1, 0, 1, 0, 1]], dtype=torch.int32)
# --8<-- [end:dilation]

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
