# More activation functions: the code of docs/zh/activation-more.md and
# docs/en/activation-more.md. Run it from the repository root:
# python snippets/activation-more.py

# --8<-- [start:imports]
import math
import warnings

import matplotlib.pyplot as plt
import torch
from torch import nn
from torchvision.models import mobilenet_v2, mobilenet_v3_small

# --8<-- [end:imports]

# --8<-- [start:gallery]
# zh: 全部 23 个逐元素激活函数；除 Threshold 外都用默认参数，RReLU 切换到评估模式
# en: all 23 elementwise activations; default arguments except for Threshold,
# en: and RReLU in evaluation mode
elementwise = [
    nn.ReLU(),
    nn.LeakyReLU(),
    nn.PReLU(),
    nn.RReLU().eval(),
    nn.ReLU6(),
    nn.Threshold(threshold=1.0, value=0.0),
    nn.ELU(),
    nn.CELU(),
    nn.SELU(),
    nn.GELU(),
    nn.SiLU(),
    nn.Mish(),
    nn.Sigmoid(),
    nn.Tanh(),
    nn.Hardsigmoid(),
    nn.Hardtanh(),
    nn.Hardswish(),
    nn.Softsign(),
    nn.Softplus(),
    nn.LogSigmoid(),
    nn.Hardshrink(),
    nn.Softshrink(),
    nn.Tanhshrink(),
]
x = torch.linspace(-4, 4, 801, requires_grad=True)
figure, axes = plt.subplots(4, 6, figsize=(14, 9.5), sharex=True, sharey=True)
derivatives = {}
for ax, layer in zip(axes.flat, elementwise, strict=False):
    name = type(layer).__name__
    y = layer(x)
    # zh: 自动求导给出每一点的导数（逐元素函数：对 y.sum() 求导即可）
    # en: autograd gives the derivative at every point (elementwise, so the gradient
    # en: of y.sum() is enough)
    (slope,) = torch.autograd.grad(y.sum(), x)
    derivatives[name] = slope
    # zh: 所有小图共用同一个纵轴范围：确认没有曲线被截断
    # en: all panels share one vertical range: make sure no curve is cut off
    assert y.abs().max() < 4.5 and slope.abs().max() < 4.5
    ax.plot(x.detach().numpy(), y.detach().numpy(), linewidth=2, label="f(x)")
    ax.plot(x.detach().numpy(), slope.numpy(), "--", linewidth=1.5, label="f\u2032(x)")
    ax.axhline(0, color="gray", linewidth=0.5)
    ax.axvline(0, color="gray", linewidth=0.5)
    ax.grid(alpha=0.3)
    ax.set_title(name)
axes[0, 0].set_ylim(-4.5, 4.5)
axes[0, 0].set_xlim(-4, 4)
axes[0, 0].set_xticks([-2, 0, 2])
# zh: 第 24 格空着，用来放图例
# en: the 24th panel is empty: it holds the legend
axes[-1, -1].axis("off")
axes[-1, -1].legend(*axes[0, 0].get_legend_handles_labels(), loc="center", fontsize=14)
figure.supxlabel("x")
figure.tight_layout()
figure
# --8<-- [end:gallery]

# --8<-- [start:elu]
x = torch.tensor([-1.0, 1.0])
elu, celu = nn.ELU(), nn.CELU()
assert elu.alpha == celu.alpha == 1.0
# zh: 手算：ELU(−1) = e^(−1) − 1；alpha = 1 时 CELU 与 ELU 完全相同
# en: by hand: ELU(−1) = e^(−1) − 1; with alpha = 1, CELU and ELU are the same function
assert math.isclose(elu(x)[0].item(), math.exp(-1) - 1, rel_tol=1e-6)
assert torch.equal(elu(x), celu(x))
# zh: alpha = 2 时两者不同：CELU 在指数里除以 alpha
# en: with alpha = 2 they differ: CELU divides by alpha inside the exponential
elu2, celu2 = nn.ELU(alpha=2.0), nn.CELU(alpha=2.0)
assert math.isclose(elu2(x)[0].item(), 2 * (math.exp(-1) - 1), rel_tol=1e-6)
assert math.isclose(celu2(x)[0].item(), 2 * (math.exp(-1 / 2) - 1), rel_tol=1e-6)
# zh: 紧挨 0 的两侧求导：ELU(alpha=2) 的导数从 2 跳到 1，CELU 两侧都是 1
# en: derivatives just either side of 0: ELU(alpha=2) jumps from 2 to 1, CELU is 1 on both
near_zero = torch.tensor([-1e-6, 1e-6], requires_grad=True)
for layer in (elu2, celu2):
    (slope,) = torch.autograd.grad(layer(near_zero).sum(), near_zero)
    print(f"{type(layer).__name__:4} alpha=2: f'(0-) = {slope[0]:.4f}, f'(0+) = {slope[1]:.4f}")
# Out: ELU  alpha=2: f'(0-) = 2.0000, f'(0+) = 1.0000
# Out: CELU alpha=2: f'(0-) = 1.0000, f'(0+) = 1.0000
# --8<-- [end:elu]

# --8<-- [start:selu]
selu = nn.SELU()
# zh: 两个固定常数，论文推导出来的，不能调
# en: two fixed constants, derived in the paper; there is nothing to tune
alpha = 1.6732632423543772848170429916717
scale = 1.0507009873554804934193349852946
x = torch.tensor([-1.0, 1.0, -100.0])
by_hand = torch.tensor([scale * alpha * (math.exp(-1) - 1), scale, -scale * alpha])
assert torch.allclose(selu(x), by_hand)
selu(x)
# Out: tensor([-1.1113,  1.0507, -1.7581])
# --8<-- [end:selu]


# --8<-- [start:self-normalizing]
def deep_stack(init, depth=16, width=256):
    """depth × (Linear without bias, then SELU), each weight set by init"""
    layers = []
    for _ in range(depth):
        linear = nn.Linear(width, width, bias=False)
        if init is not None:
            init(linear.weight)
        layers += [linear, nn.SELU()]
    return nn.Sequential(*layers)


def lecun_normal(weight):
    # zh: LeCun 正态初始化：标准差 1/√fan_in，即 kaiming_normal_ 配 nonlinearity="linear"
    # en: LeCun normal: standard deviation 1/√fan_in, i.e. kaiming_normal_ with
    # en: nonlinearity="linear"
    nn.init.kaiming_normal_(weight, nonlinearity="linear")


def selu_gain(weight):
    # zh: 看似合理、实则不对：增益 calculate_gain("selu") = 3/4
    # en: looks right but is not: the gain calculate_gain("selu") = 3/4
    nn.init.kaiming_normal_(weight, nonlinearity="selu")


assert nn.init.calculate_gain("selu") == 0.75
torch.manual_seed(0)
# zh: 1024 个样本，每个 256 维，均值 0、方差 1
# en: 1024 samples of 256 features, mean 0 and variance 1
x = torch.randn(1024, 256)
for label, init in [
    ("LeCun normal", lecun_normal),
    ("PyTorch default", None),
    ('kaiming "selu" gain', selu_gain),
]:
    torch.manual_seed(0)
    with torch.no_grad():
        out = deep_stack(init)(x)
    print(f"{label:20} after 16 layers: mean {out.mean():6.3f}, std {out.std():.3f}")
# Out: LeCun normal         after 16 layers: mean -0.008, std 0.996
# Out: PyTorch default      after 16 layers: mean -0.003, std 0.018
# Out: kaiming "selu" gain  after 16 layers: mean -0.046, std 0.265
# --8<-- [end:self-normalizing]

# --8<-- [start:hard]
x = torch.tensor([-4.0, -3.0, -1.0, 0.0, 1.0, 3.0, 7.0])
hard = {
    "Hardtanh": nn.Hardtanh(),
    "ReLU6": nn.ReLU6(),
    "Hardsigmoid": nn.Hardsigmoid(),
    "Hardswish": nn.Hardswish(),
}
print(f"{'x':11}", " ".join(f"{v:6.3f}" for v in x.tolist()))
for name, layer in hard.items():
    print(f"{name:11}", " ".join(f"{v + 0.0:6.3f}" for v in layer(x).tolist()))
# zh: 几条等式：ReLU6 是 [0, 6] 上的 Hardtanh；Hardswish(x) = x · Hardsigmoid(x)
# en: a few identities: ReLU6 is Hardtanh on [0, 6]; Hardswish(x) = x · Hardsigmoid(x)
assert torch.equal(hard["ReLU6"](x), nn.Hardtanh(min_val=0.0, max_val=6.0)(x))
assert torch.allclose(hard["Hardsigmoid"](x), nn.ReLU6()(x + 3) / 6)
assert torch.allclose(hard["Hardswish"](x), x * hard["Hardsigmoid"](x))
# Out: x           -4.000 -3.000 -1.000  0.000  1.000  3.000  7.000
# Out: Hardtanh    -1.000 -1.000 -1.000  0.000  1.000  1.000  1.000
# Out: ReLU6        0.000  0.000  0.000  0.000  1.000  3.000  6.000
# Out: Hardsigmoid  0.000  0.000  0.333  0.500  0.667  1.000  1.000
# Out: Hardswish    0.000  0.000 -0.333  0.000  0.667  3.000  7.000
# --8<-- [end:hard]

# --8<-- [start:hard-vs-smooth]
grid = torch.linspace(-4, 4, 801)
# zh: 硬版本与它们所近似的平滑函数相差多少
# en: how far the hard versions stray from the smooth functions they stand in for
swish_gap = (nn.Hardswish()(grid) - nn.SiLU()(grid)).abs().max()
sigmoid_gap = (nn.Hardsigmoid()(grid) - nn.Sigmoid()(grid)).abs().max()
print(f"max |Hardswish - SiLU| = {swish_gap:.3f}")
print(f"max |Hardsigmoid - Sigmoid| = {sigmoid_gap:.3f}")
# zh: torchvision 的 MobileNet（随机权重）用的正是这些层
# en: torchvision's MobileNets (random weights) use exactly these layers
v2 = {type(m).__name__ for m in mobilenet_v2().modules()}
v3 = {type(m).__name__ for m in mobilenet_v3_small().modules()}
assert "ReLU6" in v2
assert {"Hardswish", "Hardsigmoid"} <= v3
# Out: max |Hardswish - SiLU| = 0.142
# Out: max |Hardsigmoid - Sigmoid| = 0.069
# --8<-- [end:hard-vs-smooth]

# --8<-- [start:softplus]
softplus = nn.Softplus()
assert (softplus.beta, softplus.threshold) == (1.0, 20.0)
# zh: 手算：Softplus(0) = ln 2
# en: by hand: Softplus(0) = ln 2
assert math.isclose(softplus(torch.tensor(0.0)).item(), math.log(2), rel_tol=1e-6)
# zh: beta 越大越接近 ReLU：在 x = 0 处的值是 ln 2 / beta
# en: the larger beta, the closer to ReLU: the value at x = 0 is ln 2 / beta
sharp = nn.Softplus(beta=10.0)
assert math.isclose(sharp(torch.tensor(0.0)).item(), math.log(2) / 10, rel_tol=1e-6)
# zh: 照公式直接算，exp(100) 在 float32 中溢出成 inf；
# zh: 而 β·x 超过 threshold 时 Softplus 直接返回 x
# en: the formula taken literally overflows: exp(100) is inf in float32;
# en: once β·x exceeds threshold, Softplus simply returns x
big = torch.tensor(100.0)
print(torch.log1p(torch.exp(big)), softplus(big))
# Out: tensor(inf) tensor(100.)
# --8<-- [end:softplus]

# --8<-- [start:logsigmoid]
log_sigmoid = nn.LogSigmoid()
x = torch.tensor([0.0, -200.0])
# zh: 手算：log sigmoid(0) = −ln 2；一般地 log sigmoid(x) = −Softplus(−x)
# en: by hand: log sigmoid(0) = −ln 2; in general log sigmoid(x) = −Softplus(−x)
assert math.isclose(log_sigmoid(x)[0].item(), -math.log(2), rel_tol=1e-6)
assert torch.allclose(log_sigmoid(x), -softplus(-x))
# zh: 先 sigmoid 再 log：sigmoid(−200) 下溢为 0，取对数得 −inf
# en: sigmoid, then log: sigmoid(−200) underflows to 0, and its log is −inf
print(torch.log(torch.sigmoid(x)), log_sigmoid(x))
# Out: tensor([-0.6931,    -inf]) tensor([  -0.6931, -200.0000])
# --8<-- [end:logsigmoid]

# --8<-- [start:softsign]
softsign = nn.Softsign()
x = torch.tensor([1.0, 3.0, 10.0])
# zh: 手算：x / (1 + |x|)；与 tanh 相比，它趋近 ±1 慢得多
# en: by hand: x / (1 + |x|); it approaches ±1 far more slowly than tanh
assert torch.allclose(softsign(x), torch.tensor([1 / 2, 3 / 4, 10 / 11]))
print(softsign(x), torch.tanh(x))
# Out: tensor([0.5000, 0.7500, 0.9091]) tensor([0.7616, 0.9951, 1.0000])
# --8<-- [end:softsign]

# --8<-- [start:shrink]
x = torch.tensor([-2.0, -0.3, 0.3, 0.8, 2.0])
hardshrink, softshrink, tanhshrink = nn.Hardshrink(), nn.Softshrink(), nn.Tanhshrink()
# zh: 默认 lambd = 0.5（参数名少一个 a，因为 lambda 是 Python 关键字）
# en: the default lambd is 0.5 (one letter short, since lambda is a Python keyword)
assert hardshrink.lambd == softshrink.lambd == 0.5
# zh: 手算：|x| ≤ 0.5 的变成 0；Softshrink 再把其余的往 0 拉近 0.5
# en: by hand: |x| ≤ 0.5 becomes 0; Softshrink also pulls the rest 0.5 towards 0
assert torch.equal(hardshrink(x), torch.tensor([-2.0, 0.0, 0.0, 0.8, 2.0]))
assert torch.allclose(softshrink(x), torch.tensor([-1.5, 0.0, 0.0, 0.3, 1.5]))
assert torch.allclose(tanhshrink(x), x - torch.tanh(x))
for layer in (hardshrink, softshrink, tanhshrink):
    # zh: 加 0.0 把 −0. 变成 0.
    # en: adding 0.0 turns −0. into 0.
    print(f"{type(layer).__name__:10}", layer(x) + 0.0)
# Out: Hardshrink tensor([-2.0000,  0.0000,  0.0000,  0.8000,  2.0000])
# Out: Softshrink tensor([-1.5000,  0.0000,  0.0000,  0.3000,  1.5000])
# Out: Tanhshrink tensor([-1.0360, -0.0087,  0.0087,  0.1360,  1.0360])
# --8<-- [end:shrink]

# --8<-- [start:denoise]
torch.manual_seed(0)
# zh: 稀疏信号：1000 个点中只有 20 个尖峰（±3），再加上标准差 0.3 的噪声
# en: a sparse signal, 20 spikes (±3) among 1000 points, plus noise of standard deviation 0.3
clean = torch.zeros(1000)
clean[::50] = 3 * torch.randn(20).sign()
noisy = clean + 0.3 * torch.randn(1000)
# zh: 阈值取约 3 倍噪声标准差
# en: a threshold of about 3 noise standard deviations
estimates = {
    "noisy": noisy,
    "Hardshrink(1)": nn.Hardshrink(lambd=1.0)(noisy),
    "Softshrink(1)": nn.Softshrink(lambd=1.0)(noisy),
}
# zh: 20 个尖峰都保留了下来
# en: all 20 spikes survive
assert (estimates["Hardshrink(1)"][::50] != 0).all()
for name, estimate in estimates.items():
    error = (estimate - clean).pow(2).mean()
    print(f"{name:14} nonzero {estimate.count_nonzero():4}, squared error {error:.4f}")
# Out: noisy          nonzero 1000, squared error 0.0925
# Out: Hardshrink(1)  nonzero   22, squared error 0.0045
# Out: Softshrink(1)  nonzero   22, squared error 0.0279
# --8<-- [end:denoise]

# --8<-- [start:threshold]
# zh: Threshold(threshold, value)：x > threshold 时为 x，否则为 value；两个参数都必须给
# en: Threshold(threshold, value): x where x > threshold, value elsewhere;
# en: both arguments are required
threshold = nn.Threshold(threshold=1.0, value=0.0)
x = torch.tensor([-1.0, 0.5, 1.0, 2.0])
assert torch.equal(threshold(x), torch.tensor([0.0, 0.0, 0.0, 2.0]))
# zh: Threshold(0, 0) 就是 ReLU
# en: Threshold(0, 0) is ReLU
assert torch.equal(nn.Threshold(0.0, 0.0)(x), nn.ReLU()(x))
threshold(x)
# Out: tensor([0., 0., 0., 2.])
# --8<-- [end:threshold]

# --8<-- [start:glu]
glu = nn.GLU()
assert glu.dim == -1
torch.manual_seed(0)
x = torch.randn(2, 6)
y = glu(x)
# zh: 沿 dim 对半分：前一半 a 是内容，后一半 b 经 sigmoid 后作为门
# en: split in half along dim: the first half a is the content, the second half b,
# en: through a sigmoid, the gate
a, b = x.chunk(2, dim=-1)
assert torch.allclose(y, a * torch.sigmoid(b))
# zh: 手算：a = 2，b = 0，门 sigmoid(0) = 0.5，输出 1
# en: by hand: a = 2 and b = 0, the gate sigmoid(0) = 0.5, the output 1
assert glu(torch.tensor([2.0, 0.0])).item() == 1.0
print(x.shape, "->", y.shape)
# zh: 被对半分的那一维长度必须是偶数
# en: the halved dimension must have an even length
try:
    glu(torch.randn(2, 5))
except RuntimeError as error:
    print(error)
# Out: torch.Size([2, 6]) -> torch.Size([2, 3])
# Out: Halving dimension must be even, but dimension 1 is size 5
# --8<-- [end:glu]

# --8<-- [start:gated-conv]
torch.manual_seed(0)
# zh: 门控卷积：卷积输出 2C 个通道，GLU 沿通道维（dim=1）把它们折回 C 个
# en: a gated convolution: the convolution outputs 2C channels, and GLU along the
# en: channel dimension (dim=1) folds them back to C
gated = nn.Sequential(nn.Conv1d(8, 2 * 8, kernel_size=3, padding=1), nn.GLU(dim=1))
sequence = torch.randn(4, 8, 10)
assert gated(sequence).shape == (4, 8, 10)


# zh: SwiGLU：把门里的 sigmoid 换成 SiLU，LLaMA 等模型的前馈网络就是这样
# en: SwiGLU: SiLU in place of the gate's sigmoid, as in the feed-forward
# en: networks of LLaMA and similar models
class SwiGLU(nn.Module):
    def __init__(self, dim, hidden):
        super().__init__()
        self.up = nn.Linear(dim, 2 * hidden)
        self.gate = nn.SiLU()
        self.down = nn.Linear(hidden, dim)

    def forward(self, x):
        a, b = self.up(x).chunk(2, dim=-1)
        return self.down(a * self.gate(b))


ffn = SwiGLU(dim=8, hidden=16)
tokens = torch.randn(4, 10, 8)
assert ffn(tokens).shape == (4, 10, 8)
# --8<-- [end:gated-conv]

# --8<-- [start:softmax]
logits = torch.tensor([[1.0, 2.0, 3.0], [1.0, 1.0, 1.0]])
softmax = nn.Softmax(dim=-1)
p = softmax(logits)
# zh: 手算：e³ / (e¹ + e² + e³)
# en: by hand: e³ / (e¹ + e² + e³)
by_hand = math.exp(3) / (math.exp(1) + math.exp(2) + math.exp(3))
assert math.isclose(p[0, 2].item(), by_hand, rel_tol=1e-6)
# zh: 每一行（每个样本）之和为 1；每一行加同一个常数，结果不变
# en: each row (each sample) sums to 1; adding a constant to a row changes nothing
assert torch.allclose(p.sum(dim=-1), torch.ones(2))
assert torch.allclose(softmax(logits + 100), p)
p
# Out: tensor([[0.0900, 0.2447, 0.6652],
# Out:         [0.3333, 0.3333, 0.3333]])
# --8<-- [end:softmax]

# --8<-- [start:wrong-dim]
# zh: 错误：dim=0 对同一列（跨样本）做 softmax
# en: wrong: dim=0 takes the softmax down each column, across the samples
wrong = nn.Softmax(dim=0)(logits)
print("rows:   ", wrong.sum(dim=1))
print("columns:", wrong.sum(dim=0))
assert torch.allclose(wrong.sum(dim=0), torch.ones(3))
assert not torch.allclose(wrong.sum(dim=1), torch.ones(2))
# Out: rows:    tensor([2.1119, 0.8881])
# Out: columns: tensor([1.0000, 1.0000, 1.0000])
# --8<-- [end:wrong-dim]

# --8<-- [start:implicit-dim]
# zh: 不给 dim：发出弃用警告，并按维数猜一个维度
# en: no dim: a deprecation warning, and a dimension guessed from the number of dimensions
torch.manual_seed(0)
batch = torch.randn(2, 4, 3)
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    guessed = nn.Softmax()(batch)
print(caught[0].message)
# zh: 三维输入 (N, L, C) 猜的是 dim=0，批维度！
# en: for a 3-D input (N, L, C) it guesses dim=0: the batch dimension!
assert torch.allclose(guessed.sum(dim=0), torch.ones(4, 3))
assert torch.allclose(guessed, nn.Softmax(dim=0)(batch))
# Out: Implicit dimension choice for softmax has been deprecated. Change the call to include dim=X as an argument.
# --8<-- [end:implicit-dim]

# --8<-- [start:softmin]
softmin = nn.Softmin(dim=-1)
# zh: 例如三个距离：越近，权重越大
# en: three distances, say: the nearer, the larger the weight
distances = torch.tensor([0.5, 2.0, 4.0])
assert torch.allclose(softmin(distances), nn.Softmax(dim=-1)(-distances))
softmin(distances)
# Out: tensor([0.7979, 0.1780, 0.0241])
# --8<-- [end:softmin]

# --8<-- [start:softmax2d]
torch.manual_seed(0)
# zh: 语义分割的原始分数：(N, C, H, W)，4 个类别，3×3 个像素
# en: segmentation scores: (N, C, H, W), 4 classes, 3×3 pixels
scores = torch.randn(2, 4, 3, 3)
probs = nn.Softmax2d()(scores)
# zh: 就是沿通道维（倒数第 3 维）的 Softmax：每个像素上 4 个类别的概率之和为 1
# en: it is Softmax over the channels (dimension −3): at every pixel the 4 class
# en: probabilities sum to 1
assert torch.allclose(probs, nn.Softmax(dim=-3)(scores))
assert torch.allclose(probs.sum(dim=1), torch.ones(2, 3, 3))
# zh: 不带批维度的 (C, H, W) 也可以
# en: an unbatched (C, H, W) input works too
assert torch.allclose(nn.Softmax2d()(scores[0]), probs[0])
print(probs[0, :, 0, 0])
# Out: tensor([0.0908, 0.0792, 0.4935, 0.3364])
# --8<-- [end:softmax2d]

# --8<-- [start:log-softmax]
log_softmax = nn.LogSoftmax(dim=-1)
for logits in (torch.tensor([1000.0, 0.0]), torch.tensor([0.0, -200.0])):
    two_steps = torch.log(nn.Softmax(dim=-1)(logits))
    print(
        f"{logits.tolist()!s:15}", "log(softmax):", two_steps, " log_softmax:", log_softmax(logits)
    )
# zh: 手算：x − logsumexp(x)
# en: by hand: x − logsumexp(x)
assert torch.allclose(log_softmax(logits), logits - torch.logsumexp(logits, dim=-1))
# zh: 直接照公式算 softmax：exp(1000) 溢出，inf / inf 得 nan
# en: softmax straight from the formula: exp(1000) overflows, and inf / inf is nan
big = torch.tensor([1000.0, 0.0])
print(torch.exp(big) / torch.exp(big).sum())
# Out: [1000.0, 0.0]    log(softmax): tensor([0., -inf])  log_softmax: tensor([    0., -1000.])
# Out: [0.0, -200.0]    log(softmax): tensor([0., -inf])  log_softmax: tensor([   0., -200.])
# Out: tensor([nan, 0.])
# --8<-- [end:log-softmax]

# --8<-- [start:log-softmax-grad]
# zh: 把第 1 类当作正确答案，反向传播 −log p₁
# en: take class 1 as the right answer and backpropagate −log p₁
for name, log_probs in [
    ("log(softmax)", lambda z: torch.log(nn.Softmax(dim=-1)(z))),
    ("log_softmax", log_softmax),
]:
    z = torch.tensor([0.0, -200.0], requires_grad=True)
    (-log_probs(z)[1]).backward()
    print(f"{name:12} gradient {z.grad}")
# Out: log(softmax) gradient tensor([nan, nan])
# Out: log_softmax  gradient tensor([ 1., -1.])
# --8<-- [end:log-softmax-grad]
