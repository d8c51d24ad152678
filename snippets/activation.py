# Activation functions: the code of docs/zh/activation.md and docs/en/activation.md.
# Run it from the repository root: python snippets/activation.py

# --8<-- [start:imports]
import math
import textwrap

import matplotlib.pyplot as plt
import torch
import torch.nn.functional as F
from torch import nn
from torchvision.models import efficientnet_b0, resnet18

# --8<-- [end:imports]

# --8<-- [start:relu]
x = torch.tensor([-2.0, -0.5, 0.0, 0.5, 2.0])
relu = nn.ReLU()
# zh: 同一个运算的三种写法：层（模块）、torch.nn.functional 中的函数、torch 中的函数
# en: one operation, three spellings: a layer (module), a function in torch.nn.functional,
# en: a function in torch
assert torch.equal(relu(x), F.relu(x))
assert torch.equal(relu(x), torch.relu(x))
relu(x)
# Out: tensor([0.0000, 0.0000, 0.0000, 0.5000, 2.0000])
# --8<-- [end:relu]

# --8<-- [start:inplace]
torch.manual_seed(0)
x = torch.randn(2, 4)
print(x)
before = x.clone()
out = nn.ReLU(inplace=True)(x)
# zh: 返回的就是 x 本身：同一个对象，同一块内存
# en: what comes back is x itself: the same object, the same memory
assert out is x
assert out.data_ptr() == x.data_ptr()
# zh: x 已被改写：负数都变成了 0
# en: x has been overwritten: its negatives are now 0
assert (x >= 0).all()
assert torch.equal(x, before.clamp(min=0))
x
# --8<-- [end:inplace]

# --8<-- [start:out-of-place]
x = before.clone()
out = nn.ReLU()(x)
# zh: 默认的 ReLU 另外分配一个同样大小的张量，x 保持不变
# en: the default ReLU allocates a second tensor of the same size and leaves x alone
assert out.data_ptr() != x.data_ptr()
assert torch.equal(x, before)
# --8<-- [end:out-of-place]

# --8<-- [start:resnet]
# zh: torchvision 的 ResNet-18（随机权重）：卷积与 BatchNorm 之后用的正是原地 ReLU
# en: torchvision's ResNet-18 (random weights) uses in-place ReLU after convolution and BatchNorm
resnet = resnet18()
assert resnet.relu.inplace
with torch.no_grad():
    feature = resnet.bn1(resnet.conv1(torch.zeros(1, 3, 224, 224)))
# zh: 一张 224×224 的图片在第一层之后的特征图；一批 32 张要占多少内存
# en: the feature map of one 224×224 image after the first layer; the memory for a batch of 32
print(feature.shape)
print(f"{32 * feature.numel() * feature.element_size() / 2**20:.0f} MiB")
# Out: torch.Size([1, 64, 112, 112])
# Out: 98 MiB
# --8<-- [end:resnet]

# --8<-- [start:relu-grad]
torch.manual_seed(0)
w = torch.randn(6, requires_grad=True)
h = 3 * w
# zh: 在计算图中间原地执行 ReLU，然后反向传播
# en: an in-place ReLU in the middle of the graph, then backpropagation
out = nn.ReLU(inplace=True)(h)
out.sum().backward()
# zh: ReLU 的导数只看输出是否大于 0：输出足以算出梯度
# en: ReLU's derivative only asks whether the output is above 0: the output is enough
assert torch.equal(w.grad, 3 * (out > 0).float())
w.grad
# --8<-- [end:relu-grad]

# --8<-- [start:inplace-error]
torch.manual_seed(0)
w = torch.randn(6, requires_grad=True)
# zh: sigmoid 的反向传播要用到它自己的输出 s：自动求导把 s 保存了下来
# en: sigmoid's backward pass needs its own output s, so autograd saved s
s = torch.sigmoid(w)
# zh: 原地改写 s，然后反向传播
# en: overwrite s in place, then backpropagate
s.mul_(2)
try:
    s.sum().backward()
except RuntimeError as error:
    message = str(error)
else:
    raise AssertionError("backward() should have failed")
assert "modified by an inplace operation" in message
# zh: 报错信息很长，折成每行至多 80 个字符再打印
# en: the message is long: wrap it at 80 characters before printing
print(textwrap.fill(message, width=80))
# Out: one of the variables needed for gradient computation has been modified by an
# Out: inplace operation: [torch.FloatTensor [6]], which is output 0 of Sigmoid, is at
# Out: version 1; expected version 0 instead. Hint: enable anomaly detection to find
# Out: the operation that failed to compute its gradient, with
# Out: torch.autograd.set_detect_anomaly(True, check_nan=False).
# --8<-- [end:inplace-error]

# --8<-- [start:out-of-place-fix]
# zh: 改为非原地写法：s * 2 是一个新张量，保存下来的 s 没有被碰过
# en: out of place instead: s * 2 is a new tensor, and the saved s is untouched
s = torch.sigmoid(w)
(s * 2).sum().backward()
assert torch.allclose(w.grad, 2 * s * (1 - s))
# --8<-- [end:out-of-place-fix]

# --8<-- [start:after-sigmoid]
# zh: 原地 ReLU 放在 Sigmoid 之后同样出错，哪怕它一个值也没有改（sigmoid 的输出全是正数）
# en: an in-place ReLU right after a Sigmoid fails too, though it changes no value
# en: (sigmoid's outputs are all positive)
s = torch.sigmoid(w)
r = nn.ReLU(inplace=True)(s)
assert torch.equal(r, torch.sigmoid(w))
try:
    r.sum().backward()
except RuntimeError as error:
    assert "modified by an inplace operation" in str(error)
else:
    raise AssertionError("backward() should have failed")

# zh: 卷积与 BatchNorm 的反向传播不需要它们自己的输出：之后接原地 ReLU 没有问题
# en: convolution and BatchNorm do not need their own outputs: an in-place ReLU after them is fine
torch.manual_seed(0)
block = nn.Sequential(nn.Conv2d(1, 2, 3), nn.BatchNorm2d(2), nn.ReLU(inplace=True))
block(torch.randn(2, 1, 5, 5)).sum().backward()
assert block[0].weight.grad is not None
# --8<-- [end:after-sigmoid]

# --8<-- [start:plot]
activations = {
    "ReLU": nn.ReLU(),
    "LeakyReLU(0.1)": nn.LeakyReLU(negative_slope=0.1),
    "Sigmoid": nn.Sigmoid(),
    "Tanh": nn.Tanh(),
    "GELU": nn.GELU(),
    "SiLU": nn.SiLU(),
}
# zh: -4 到 4，步长 0.01；第 400 个点恰好是 0
# en: -4 to 4 in steps of 0.01; point 400 is exactly 0
x = (torch.arange(-400, 401) / 100).requires_grad_()
figure, (left, right) = plt.subplots(1, 2, figsize=(10, 4))
curves, slopes = {}, {}
for name, layer in activations.items():
    y = layer(x)
    curves[name] = y.detach()
    # zh: 用自动求导求每一点的导数
    # en: autograd gives the derivative at every point
    (slope,) = torch.autograd.grad(y.sum(), x)
    slopes[name] = slope
    # zh: ReLU 画粗一些、LeakyReLU 画成虚线，以免在正半轴互相遮住
    # en: a thick ReLU and a dashed LeakyReLU, so they do not hide each other for x > 0
    style = {
        "linewidth": 3 if name == "ReLU" else 1.5,
        "linestyle": "--" if name.startswith("Leaky") else "-",
    }
    # zh: matplotlib 需要 numpy 数组：先 detach() 脱离计算图
    # en: matplotlib wants numpy arrays: detach() from the graph first
    left.plot(x.detach().numpy(), y.detach().numpy(), label=name, **style)
    right.plot(x.detach().numpy(), slope.numpy(), label=name, **style)
left.set_title("activation")
right.set_title("derivative")
for ax in (left, right):
    ax.axhline(0, color="gray", linewidth=0.5)
    ax.axvline(0, color="gray", linewidth=0.5)
    ax.grid(alpha=0.3)
left.set_ylim(-1.5, 4)
left.legend()
figure
# --8<-- [end:plot]

# --8<-- [start:slopes]
at_zero = 400
assert x[at_zero].item() == 0
# zh: sigmoid 的导数最大只有 0.25，tanh 最大为 1；两者在 |x| = 4 处都已接近 0
# en: sigmoid's derivative is at most 0.25 and tanh's at most 1; both are near 0 at |x| = 4
assert torch.isclose(slopes["Sigmoid"].max(), torch.tensor(0.25))
assert torch.isclose(slopes["Tanh"].max(), torch.tensor(1.0))
assert slopes["Sigmoid"][0] < 0.02 and slopes["Tanh"][0] < 0.002
# zh: LeakyReLU 的默认斜率是 0.01，图中用的是 0.1
# en: LeakyReLU's default slope is 0.01; the plot uses 0.1
assert nn.LeakyReLU().negative_slope == 0.01
# zh: ReLU 的导数在正半轴恒为 1，负半轴恒为 0
# en: ReLU's derivative is 1 everywhere on the positive side and 0 on the negative side
assert (slopes["ReLU"][at_zero + 1 :] == 1).all() and (slopes["ReLU"][:at_zero] == 0).all()
# zh: GELU 与 SiLU 在负半轴先略微下探到 0 以下，再回到 0
# en: GELU and SiLU dip slightly below 0 on the negative side before returning to 0
assert curves["GELU"].min() < 0 and curves["SiLU"].min() < 0
# zh: 它们的导数在正半轴先略超过 1，再回落到 1
# en: their derivatives overshoot 1 a little for x > 0, then settle back to 1
assert slopes["GELU"].max() > 1.1 and slopes["SiLU"].max() > 1.05
for name, slope in slopes.items():
    left_end, middle, right_end = slope[0].item(), slope[at_zero].item(), slope[-1].item()
    print(f"{name:15} x=-4: {left_end:.4f}  x=0: {middle:.4f}  x=4: {right_end:.4f}")
# Out: ReLU            x=-4: 0.0000  x=0: 0.0000  x=4: 1.0000
# Out: LeakyReLU(0.1)  x=-4: 0.1000  x=0: 0.1000  x=4: 1.0000
# Out: Sigmoid         x=-4: 0.0177  x=0: 0.2500  x=4: 0.0177
# Out: Tanh            x=-4: 0.0013  x=0: 1.0000  x=4: 0.0013
# Out: GELU            x=-4: -0.0005  x=0: 0.5000  x=4: 1.0005
# Out: SiLU            x=-4: -0.0527  x=0: 0.5000  x=4: 1.0527
# --8<-- [end:slopes]

# --8<-- [start:leaky]
leaky = nn.LeakyReLU()
# zh: 默认斜率是 0.01（上图为了看得清楚用了 0.1）
# en: the default slope is 0.01 (the plot above used 0.1 so that it shows)
assert leaky.negative_slope == 0.01
x = torch.tensor([-3.0, -1.0, 0.0, 2.0])
# zh: 手算：负数乘以 0.01，其余不变
# en: by hand: negatives times 0.01, everything else unchanged
assert torch.allclose(leaky(x), torch.tensor([-0.03, -0.01, 0.0, 2.0]))
leaky(x)
# Out: tensor([-0.0300, -0.0100,  0.0000,  2.0000])
# --8<-- [end:leaky]

# --8<-- [start:prelu]
# zh: 3 个通道，每个通道一个可学习的斜率，初值都是 0.25
# en: 3 channels, one learnable slope per channel, each starting at 0.25
prelu = nn.PReLU(num_parameters=3)
assert prelu.weight.shape == (3,)
assert (prelu.weight == 0.25).all()
torch.manual_seed(0)
# zh: (N, C, H, W)：斜率按第 1 维（通道）分配
# en: (N, C, H, W): the slopes are matched to dimension 1, the channels
x = torch.randn(2, 3, 4, 4)
y = prelu(x)
assert y.shape == x.shape
assert torch.allclose(y[:, 1], torch.where(x[:, 1] > 0, x[:, 1], 0.25 * x[:, 1]))
y.sum().backward()
# zh: 斜率有梯度：通道 c 的梯度就是该通道全部负输入之和
# en: the slopes get a gradient: for channel c, the sum of that channel's negative inputs
assert prelu.weight.grad.shape == (3,)
assert torch.allclose(prelu.weight.grad, x.clamp(max=0).sum(dim=(0, 2, 3)))
print(prelu.weight.grad)
# Out: tensor([-12.3579, -13.4344, -10.0644])
# --8<-- [end:prelu]

# --8<-- [start:prelu-channels]
# zh: 常见错误：(N, L, C) 形状的序列，通道在最后一维，PReLU 却去找第 1 维
# en: a common mistake: for an (N, L, C) sequence the channels are last,
# en: but PReLU looks at dimension 1
try:
    prelu(torch.randn(2, 5, 3))
except RuntimeError as error:
    print(str(error).split(".")[0])
# zh: 先把通道换到第 1 维，算完再换回来
# en: move the channels to dimension 1, then back
sequence = torch.randn(2, 5, 3)
out = prelu(sequence.transpose(1, 2)).transpose(1, 2)
assert out.shape == (2, 5, 3)
# Out: Mismatch of parameter numbers and input channel size
# --8<-- [end:prelu-channels]

# --8<-- [start:rrelu]
torch.manual_seed(0)
# zh: 默认 lower = 1/8，upper = 1/3
# en: by default lower = 1/8 and upper = 1/3
rrelu = nn.RReLU()
assert (rrelu.lower, rrelu.upper) == (1 / 8, 1 / 3)
x = -torch.ones(6)
# zh: 训练模式：每个元素各抽一个 [lower, upper] 内的随机斜率
# en: training mode: every element draws its own random slope in [lower, upper]
train_slopes = -rrelu(x)
assert ((train_slopes >= 1 / 8) & (train_slopes <= 1 / 3)).all()
assert len(train_slopes.unique()) == 6
# zh: 评估模式：斜率固定为 (lower + upper) / 2
# en: evaluation mode: the slope is fixed at (lower + upper) / 2
rrelu.eval()
eval_slopes = -rrelu(x)
assert torch.allclose(eval_slopes, torch.tensor((1 / 8 + 1 / 3) / 2))
print(train_slopes)
print(eval_slopes)
# Out: tensor([0.3271, 0.2725, 0.2207, 0.3168, 0.2594, 0.2898])
# Out: tensor([0.2292, 0.2292, 0.2292, 0.2292, 0.2292, 0.2292])
# --8<-- [end:rrelu]

# --8<-- [start:gelu]
gelu = nn.GELU()
assert gelu.approximate == "none"
x = torch.tensor(1.0)
# zh: 手算：Φ(1) 用误差函数 erf 表示
# en: by hand: Φ(1) written with the error function erf
phi = 0.5 * (1 + math.erf(1 / math.sqrt(2)))
assert math.isclose(gelu(x).item(), 1 * phi, rel_tol=1e-6)
# zh: tanh 近似：在 [-4, 4] 上与精确值最多差多少
# en: the tanh approximation: how far it strays from the exact value on [-4, 4]
gelu_tanh = nn.GELU(approximate="tanh")
grid = torch.linspace(-4, 4, 801)
gap = (gelu(grid) - gelu_tanh(grid)).abs()
assert gap.max() < 5e-4
print(f"GELU(1) = {gelu(x).item():.4f}")
print(f"max |exact - tanh| = {gap.max().item():.5f} at x = {grid[gap.argmax()].item():.2f}")
# Out: GELU(1) = 0.8413
# Out: max |exact - tanh| = 0.00047 at x = 2.71
# --8<-- [end:gelu]

# --8<-- [start:silu-mish]
x = torch.tensor(1.0)
silu, mish = nn.SiLU(), nn.Mish()
# zh: 手算：SiLU(1) = 1·sigmoid(1)，Mish(1) = 1·tanh(ln(1 + e))
# en: by hand: SiLU(1) = 1·sigmoid(1) and Mish(1) = 1·tanh(ln(1 + e))
assert math.isclose(silu(x).item(), 1 / (1 + math.exp(-1)), rel_tol=1e-6)
assert math.isclose(mish(x).item(), math.tanh(math.log(1 + math.e)), rel_tol=1e-6)
# zh: torchvision 的 EfficientNet-B0（随机权重）全程用 SiLU
# en: torchvision's EfficientNet-B0 (random weights) uses SiLU throughout
kinds = {type(m).__name__ for m in efficientnet_b0().modules()}
assert "SiLU" in kinds and "ReLU" not in kinds
print(f"SiLU(1) = {silu(x).item():.4f}, Mish(1) = {mish(x).item():.4f}")
# Out: SiLU(1) = 0.7311, Mish(1) = 0.8651
# --8<-- [end:silu-mish]
