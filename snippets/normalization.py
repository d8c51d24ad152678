# Normalization layers: the code of docs/zh/normalization.md and docs/en/normalization.md.
# Run it from the repository root: python snippets/normalization.py

# --8<-- [start:imports]
import matplotlib.pyplot as plt
import torch
from matplotlib.patches import Polygon
from PIL import Image
from torch import nn
from torchvision.transforms.v2.functional import to_dtype, to_image

# --8<-- [end:imports]

# --8<-- [start:axes]
# zh: 一个 N × C × (H·W) 的立方体：4 个样本、6 个通道、每个通道 5 个位置
# en: an N × C × (H·W) block: 4 samples, 6 channels, 5 positions per channel
N, C, S = 4, 6, 5
# zh: 斜二测画法：样本维 N 向右上方延伸
# en: an oblique projection: the sample dimension N recedes up and to the right
DX, DY = 0.55, 0.45


def point(c, s, n):
    return (c + DX * n, s + DY * n)


# zh: 与第 0 个样本的第 1 个通道一起统计的格子（GroupNorm：每组 3 个通道）
# en: the cells that share statistics with channel 1 of sample 0 (GroupNorm: 3 channels a group)
def shared(kind, n, c):
    return {
        "BatchNorm": c == 1,
        "LayerNorm": n == 0,
        "InstanceNorm": n == 0 and c == 1,
        "GroupNorm": n == 0 and c < 3,
    }[kind]


reduced = {
    "BatchNorm": "over N, H, W",
    "LayerNorm": "over C, H, W",
    "InstanceNorm": "over H, W",
    "GroupNorm": "over C/G, H, W",
}
figure, axes = plt.subplots(1, 4, figsize=(11, 3.4))
for ax, (kind, label) in zip(axes, reduced.items(), strict=True):
    # zh: 只画看得见的三个面：正面 (C, H·W)、顶面 (C, N)、右侧面 (N, H·W)
    # en: only the three visible faces: front (C, H·W), top (C, N), right side (N, H·W)
    faces = [
        ((c, s, 0), (c + 1, s, 0), (c + 1, s + 1, 0), (c, s + 1, 0), 0, c)
        for c in range(C)
        for s in range(S)
    ]
    faces += [
        ((c, S, n), (c + 1, S, n), (c + 1, S, n + 1), (c, S, n + 1), n, c)
        for c in range(C)
        for n in range(N)
    ]
    faces += [
        ((C, s, n), (C, s, n + 1), (C, s + 1, n + 1), (C, s + 1, n), n, C - 1)
        for n in range(N)
        for s in range(S)
    ]
    for *corners, n, c in faces:
        colour = "tab:blue" if shared(kind, n, c) else "white"
        polygon = [point(*corner) for corner in corners]
        ax.add_patch(Polygon(polygon, facecolor=colour, edgecolor="grey", linewidth=0.6))
    ax.text(C / 2, -0.5, "C", ha="center", va="top", fontsize=12)
    ax.text(-0.4, S / 2, "H, W", ha="right", va="center", fontsize=12)
    ax.text(C + DX * N / 2 + 0.4, DY * N / 2 - 0.2, "N", ha="left", va="top", fontsize=12)
    ax.text(C / 2 + 1, -1.6, label, ha="center", va="top", fontsize=11, color="tab:blue")
    ax.set_title(kind, fontsize=13)
    ax.set_xlim(-2.2, C + DX * N + 1)
    ax.set_ylim(-2.5, S + DY * N + 0.3)
    ax.set_aspect("equal")
    ax.axis("off")
figure.tight_layout()
figure
# --8<-- [end:axes]

# --8<-- [start:inputs]
torch.manual_seed(0)
# zh: 一批 8 个样本，每个 3 个特征，经过全连接层变成 4 个特征
# en: a batch of 8 samples with 3 features each, turned into 4 features by a linear layer
x = torch.randn(8, 3)
linear = nn.Linear(3, 4)
with torch.no_grad():
    h = linear(x)
# zh: 每个特征（每一列）有各自的均值与方差
# en: each feature (each column) has a mean and a variance of its own
print("mean    ", h.mean(dim=0))
print("variance", h.var(dim=0, correction=0))
# Out: mean     tensor([ 0.2333,  0.0797,  0.3524, -0.2944])
# Out: variance tensor([0.1036, 0.8204, 0.2626, 0.6876])
# --8<-- [end:inputs]

# --8<-- [start:batch-norm]
bn = nn.BatchNorm1d(num_features=4)
# zh: 缩放（weight）设为 4，平移（bias）设为 0；旧代码写作 bn.weight.data = ...
# en: the scale (weight) set to 4, the shift (bias) to 0;
# en: older code writes bn.weight.data = ...
with torch.no_grad():
    bn.weight.fill_(4)
    bn.bias.zero_()
y = bn(h)
assert y.shape == h.shape == (8, 4)
y
# Out: tensor([[ 3.4573,  5.1252, -5.4738, -2.8531],
# Out:         [-2.4967, -1.4478, -0.1031,  3.2514],
# Out:         [ 8.1759,  4.0265, -7.1516, -2.6597],
# Out:         [-5.0974, -2.6415,  3.1053,  3.1041],
# Out:         [-3.3786, -1.8261,  3.3413,  0.9236],
# Out:         [-1.9927, -3.1135, -0.1004,  4.9370],
# Out:         [ 1.2571, -5.6921,  4.8784,  1.3856],
# Out:         [ 0.0749,  5.5692,  1.5038, -8.0889]],
# Out:        grad_fn=<NativeBatchNormBackward0>)
# --8<-- [end:batch-norm]

# --8<-- [start:statistics]
mean = y.mean(dim=0)
# zh: correction=0：有偏方差，除以 n；旧代码写作 unbiased=False
# en: correction=0: the biased variance, divided by n; older code writes unbiased=False
variance = y.var(dim=0, correction=0)
assert torch.allclose(mean, torch.zeros(4), atol=1e-5)
assert torch.allclose(variance, torch.full((4,), 16.0), rtol=1e-3)
print(f"largest |mean| {mean.abs().max().item():.1e}")
print("variance", " ".join(f"{v:.4f}" for v in variance.tolist()))
# Out: largest |mean| 1.2e-07
# Out: variance 15.9985 15.9998 15.9994 15.9998
# --8<-- [end:statistics]

# --8<-- [start:eps]
# zh: 归一化时分母是 √(σ² + ε)，所以方差其实是 16·σ²/(σ² + ε)，比 16 略小
# en: the denominator is √(σ² + ε), so the variance is really 16·σ²/(σ² + ε), a bit under 16
sigma2 = h.var(dim=0, correction=0)
assert torch.allclose(variance, 16 * sigma2 / (sigma2 + bn.eps))
# zh: 两个几乎相同的样本：σ² 与 ε 相当，方差就远小于 16
# en: two nearly equal samples: σ² is close to ε, and the variance falls far below 16
twins = torch.tensor([[0.500], [0.502]])
tiny = nn.BatchNorm1d(1)
with torch.no_grad():
    tiny.weight.fill_(4)
    out = tiny(twins)
print(f"eps {tiny.eps}, σ² {twins.var(correction=0).item():.1e}")
print(f"variance {out.var(correction=0).item():.2f}")
assert out.var(correction=0) < 5
# Out: eps 1e-05, σ² 1.0e-06
# Out: variance 1.45
# --8<-- [end:eps]

# --8<-- [start:unbiased]
n = y.shape[0]
# zh: var 默认 correction=1：无偏方差，除以 n - 1
# en: var defaults to correction=1: the unbiased variance, divided by n - 1
unbiased = y.var(dim=0)
assert torch.allclose(unbiased, variance * n / (n - 1))
print(f"n = {n}, n/(n-1) = {n / (n - 1):.4f}")
print("unbiased", " ".join(f"{v:.4f}" for v in unbiased.tolist()))
# Out: n = 8, n/(n-1) = 1.1429
# Out: unbiased 18.2840 18.2855 18.2850 18.2854
# --8<-- [end:unbiased]

# --8<-- [start:running-stats]
# zh: 训练模式下，每次前向计算都更新一次滑动平均（momentum=0.1）
# en: in training mode every forward pass updates the running averages (momentum=0.1)
assert bn.training and bn.num_batches_tracked == 1
# zh: 初值为均值 0、方差 1；注意 running_var 用的是无偏方差
# en: they start at mean 0 and variance 1; note that running_var uses the unbiased variance
assert torch.allclose(bn.running_mean, 0.9 * 0 + 0.1 * h.mean(dim=0))
assert torch.allclose(bn.running_var, 0.9 * 1 + 0.1 * h.var(dim=0, correction=1))

# zh: 评估模式用保存下来的统计量，不再看这一批
# en: evaluation mode uses the stored statistics, not the batch at hand
bn.eval()
y_eval = bn(h)
expected = (h - bn.running_mean) / torch.sqrt(bn.running_var + bn.eps) * 4
assert torch.allclose(y_eval, expected, atol=1e-5)
assert not torch.allclose(y_eval, y)
# zh: 评估模式下，一个样本的批也能处理
# en: in evaluation mode even a batch of one works
assert torch.allclose(bn(h[:1]), y_eval[:1])
bn.train()
try:
    bn(h[:1])
except ValueError as error:
    print(type(error).__name__)
    print(error)
else:
    raise AssertionError("training mode accepted a batch of one")
# Out: ValueError
# Out: Expected more than 1 value per channel when training, got input size torch.Size([1, 4])
# --8<-- [end:running-stats]

# --8<-- [start:momentum]
torch.manual_seed(0)
# zh: 三批数据，每个特征的均值都在 3 附近
# en: three batches whose features all have a mean near 3
batches = [torch.randn(16, 2) + 3 for _ in range(3)]
ema = nn.BatchNorm1d(2)
cumulative = nn.BatchNorm1d(2, momentum=None)
# zh: 按 Keras 的约定移植：PyTorch 的 momentum = 1 - Keras 的 momentum
# en: ported from Keras: PyTorch's momentum = 1 - Keras's momentum
keras_momentum = 0.99
ported = nn.BatchNorm1d(2, momentum=1 - keras_momentum)
by_hand = torch.zeros(2)
keras_by_hand = torch.zeros(2)
for batch in batches:
    ema(batch)
    cumulative(batch)
    ported(batch)
    # zh: PyTorch：momentum 是新一批的权重
    # en: PyTorch: momentum weights the new batch
    by_hand = (1 - 0.1) * by_hand + 0.1 * batch.mean(dim=0)
    # zh: Keras/TensorFlow：momentum 是旧值的权重
    # en: Keras/TensorFlow: momentum weights the old value
    keras_by_hand = keras_momentum * keras_by_hand + (1 - keras_momentum) * batch.mean(dim=0)
assert torch.allclose(ema.running_mean, by_hand)
assert torch.allclose(ported.running_mean, keras_by_hand)
# zh: momentum=None：所有批的均值的算术平均（累积平均）
# en: momentum=None: the plain average of all the batch means (a cumulative average)
batch_means = torch.stack([batch.mean(dim=0) for batch in batches])
assert torch.allclose(cumulative.running_mean, batch_means.mean(dim=0))
print("batch means ", batch_means.mean(dim=0))
print("momentum=0.1", ema.running_mean)
print("momentum=None", cumulative.running_mean)
# Out: batch means  tensor([2.9422, 3.2172])
# Out: momentum=0.1 tensor([0.7911, 0.8789])
# Out: momentum=None tensor([2.9422, 3.2172])
# --8<-- [end:momentum]

# --8<-- [start:batch-of-one]
torch.manual_seed(0)
# zh: (N, C, L) 输入：一个长度为 5 的序列，每个通道有 5 个值
# en: (N, C, L) input: one sequence of length 5, so 5 values per channel
one_sequence = torch.randn(1, 4, 5)
assert nn.BatchNorm1d(4)(one_sequence).shape == (1, 4, 5)
# zh: 一张 8×8 的图像：每个通道有 64 个值，训练模式照样能算
# en: one 8×8 image: 64 values per channel, so training mode copes
one_image = torch.randn(1, 3, 8, 8)
bn2d = nn.BatchNorm2d(3)
out = bn2d(one_image)
assert torch.allclose(out.mean(dim=(0, 2, 3)), torch.zeros(3), atol=1e-5)
# zh: 1×1 的图像：每个通道又只剩一个值
# en: a 1×1 image: one value per channel again
try:
    bn2d(torch.randn(1, 3, 1, 1))
except ValueError as error:
    print(error)
else:
    raise AssertionError("training mode accepted one value per channel")
# Out: Expected more than 1 value per channel when training, got input size torch.Size([1, 3, 1, 1])
# --8<-- [end:batch-of-one]

# --8<-- [start:bias-cancels]
# zh: 批归一化先减去均值：前一层的偏置被完全抵消
# en: batch normalization subtracts the mean first, so the previous layer's bias cancels out
no_bias = nn.Linear(3, 4, bias=False)
with torch.no_grad():
    no_bias.weight.copy_(linear.weight)
    fresh = nn.BatchNorm1d(4)
    assert torch.allclose(fresh(linear(x)), fresh(no_bias(x)), atol=1e-5)
# --8<-- [end:bias-cancels]

# --8<-- [start:dimensions]
torch.manual_seed(0)
# zh: 三个类只差在接受的维数上；统计量都是逐通道（第 1 维）的
# en: the three classes differ only in the number of dimensions they accept;
# en: the statistics are always per channel (dimension 1)
inputs = {
    nn.BatchNorm1d(3): torch.randn(4, 3, 10),
    nn.BatchNorm2d(3): torch.randn(4, 3, 8, 8),
    nn.BatchNorm3d(3): torch.randn(4, 3, 2, 8, 8),
}
for layer, batch in inputs.items():
    out = layer(batch)
    others = [d for d in range(out.dim()) if d != 1]
    assert torch.allclose(out.mean(dim=others), torch.zeros(3), atol=1e-5)
    print(f"{type(layer).__name__}: {tuple(batch.shape)}, statistics over dims {others}")
# zh: 常见错误：把 (N, L, D) 的序列直接交给 BatchNorm1d(D)，它会把 L 当成通道
# en: a common mistake: feeding an (N, L, D) sequence to BatchNorm1d(D) takes L for the channels
sequence = torch.randn(4, 10, 16)
try:
    nn.BatchNorm1d(16)(sequence)
except RuntimeError as error:
    print(error)
# zh: 先把特征换到第 1 维，算完再换回来
# en: move the features to dimension 1 first, and back afterwards
fixed = nn.BatchNorm1d(16)(sequence.transpose(1, 2)).transpose(1, 2)
assert fixed.shape == (4, 10, 16)
# Out: BatchNorm1d: (4, 3, 10), statistics over dims [0, 2]
# Out: BatchNorm2d: (4, 3, 8, 8), statistics over dims [0, 2, 3]
# Out: BatchNorm3d: (4, 3, 2, 8, 8), statistics over dims [0, 2, 3, 4]
# Out: running_mean should contain 10 elements not 16
# --8<-- [end:dimensions]

# --8<-- [start:lazy]
# zh: 不写 num_features：第一次前向计算时从输入的第 1 维得到
# en: no num_features: the first forward pass reads it from dimension 1 of the input
lazy = nn.LazyBatchNorm2d()
print(lazy)
print(type(lazy.weight).__name__)
lazy(torch.randn(4, 5, 8, 8))
# zh: 之后它就变成了普通的 BatchNorm2d
# en: after that it has turned into an ordinary BatchNorm2d
print(lazy)
assert type(lazy) is nn.BatchNorm2d and lazy.weight.shape == (5,)
for lazy_layer, batch in [
    (nn.LazyBatchNorm1d(), torch.randn(4, 5)),
    (nn.LazyBatchNorm3d(), torch.randn(4, 5, 2, 8, 8)),
]:
    lazy_layer(batch)
    assert lazy_layer.num_features == 5
# Out: LazyBatchNorm2d(0, eps=1e-05, momentum=0.1, affine=True, bias=True, track_running_stats=True)
# Out: UninitializedParameter
# Out: BatchNorm2d(5, eps=1e-05, momentum=0.1, affine=True, bias=True, track_running_stats=True)
# --8<-- [end:lazy]

# --8<-- [start:batch-vs-instance]
torch.manual_seed(0)
# zh: 4 个样本，每个 3 个通道、8×8 大小
# en: 4 samples, 3 channels each, 8×8 in size
maps = torch.randn(4, 3, 8, 8) * 5 + 2
# zh: BatchNorm2d：每个通道在整批的所有位置上统计
# en: BatchNorm2d: each channel's statistics cover the whole batch, every position
batch_normed = nn.BatchNorm2d(3)(maps)
mean = batch_normed.mean(dim=(0, 2, 3))
assert torch.allclose(mean, torch.zeros(3), atol=1e-5)
# zh: InstanceNorm2d：每个样本的每个通道各自统计
# en: InstanceNorm2d: each channel of each sample has statistics of its own
instance_normed = nn.InstanceNorm2d(3)(maps)
mean = instance_normed.mean(dim=(2, 3))
variance = instance_normed.var(dim=(2, 3), correction=0)
assert torch.allclose(mean, torch.zeros(4, 3), atol=1e-5)
assert torch.allclose(variance, torch.ones(4, 3), atol=1e-3)
mean.shape, variance.shape
# Out: (torch.Size([4, 3]), torch.Size([4, 3]))
# --8<-- [end:batch-vs-instance]

# --8<-- [start:instance-photo]
photo = to_dtype(to_image(Image.open("imgs/hopper.png")), torch.float32, scale=True)
# zh: 同一张照片，一张原样，一张对比度降到 30%、整体提亮
# en: the same photo twice: as it is, and with 30% of the contrast, brightened
pair = torch.stack([photo, 0.3 * photo + 0.5])
assert pair.shape == (2, 1, 300, 256)
instance = nn.InstanceNorm2d(1)
normed = instance(pair)
# zh: 实例归一化之后，两张图几乎完全相同（只差 ε 带来的一点点）
# en: after instance normalization the two are practically the same (ε makes a tiny difference)
assert (normed[0] - normed[1]).abs().max() < 0.01
# zh: 默认没有可学习参数，也不记录滑动统计量
# en: by default it has no learnable parameters and keeps no running statistics
assert list(instance.parameters()) == [] and instance.running_mean is None
# zh: 因此评估模式下结果也一样
# en: so evaluation mode gives the same result
assert torch.equal(instance.eval()(pair), normed)

figure, axes = plt.subplots(2, 2, figsize=(6, 7))
titles = ["photo", "0.3 × photo + 0.5"]
for column, title in enumerate(titles):
    top, bottom = axes[0, column], axes[1, column]
    top.imshow(pair[column, 0].numpy(), cmap="gray", vmin=0, vmax=1)
    top.set_title(title)
    # zh: 归一化后的值有正有负：两张图用同一个灰度范围显示
    # en: normalized values run negative too: both are drawn on one common grey scale
    low, high = normed.min().item(), normed.max().item()
    bottom.imshow(normed[column, 0].numpy(), cmap="gray", vmin=low, vmax=high)
    bottom.set_title("after InstanceNorm2d")
for ax in axes.flat:
    ax.axis("off")
figure
# --8<-- [end:instance-photo]

# --8<-- [start:instance-family]
torch.manual_seed(0)
# zh: InstanceNorm1d 用于 (N, C, L)，InstanceNorm3d 用于 (N, C, D, H, W)
# en: InstanceNorm1d takes (N, C, L), InstanceNorm3d takes (N, C, D, H, W)
signals = nn.InstanceNorm1d(3)(torch.randn(2, 3, 10))
volumes = nn.InstanceNorm3d(3)(torch.randn(2, 3, 4, 5, 5))
assert torch.allclose(signals.mean(dim=2), torch.zeros(2, 3), atol=1e-5)
assert torch.allclose(volumes.mean(dim=(2, 3, 4)), torch.zeros(2, 3), atol=1e-5)
# zh: 延后初始化版本的默认值与普通版本不同！
# en: the lazy versions have other defaults than the ordinary ones!
lazy_instance = nn.LazyInstanceNorm2d()
lazy_instance(maps)
plain = nn.InstanceNorm2d(3)
print("InstanceNorm2d    ", plain.affine, plain.track_running_stats)
print("LazyInstanceNorm2d", lazy_instance.affine, lazy_instance.track_running_stats)
# zh: 于是评估模式改用滑动平均，结果与训练模式不同
# en: so evaluation mode switches to the running averages, and the result changes
lazy_instance.eval()
assert not torch.allclose(lazy_instance(maps), plain(maps), atol=1e-3)
# zh: 不要滑动平均，就写明 track_running_stats=False；weight、bias 初值为 1、0，结果与普通版本相同
# en: without running averages (track_running_stats=False), and with weight and bias
# en: still at 1 and 0, it gives what the ordinary version gives
like_plain = nn.LazyInstanceNorm2d(track_running_stats=False)
assert torch.allclose(like_plain(maps), plain(maps), atol=1e-5)
assert like_plain.weight.shape == (3,)
for lazy_layer, batch in [
    (nn.LazyInstanceNorm1d(track_running_stats=False), torch.randn(2, 3, 10)),
    (nn.LazyInstanceNorm3d(track_running_stats=False), torch.randn(2, 3, 4, 5, 5)),
]:
    assert lazy_layer(batch).shape == batch.shape
# Out: InstanceNorm2d     False False
# Out: LazyInstanceNorm2d True True
# --8<-- [end:instance-family]

# --8<-- [start:layer-norm]
# zh: LayerNorm：每个样本在自己的特征上统计，与批里的其他样本无关
# en: LayerNorm: each sample is normalized over its own features, whatever else is in the batch
layer_norm = nn.LayerNorm(4)
z = layer_norm(h)
assert torch.allclose(z.mean(dim=1), torch.zeros(8), atol=1e-5)
assert torch.allclose(z.var(dim=1, correction=0), torch.ones(8), atol=1e-3)
assert torch.allclose(layer_norm(h[:1]), z[:1])
assert torch.equal(layer_norm.eval()(h), z)
z.shape
# Out: torch.Size([8, 4])
# --8<-- [end:layer-norm]

# --8<-- [start:layer-norm-shape]
torch.manual_seed(0)
# zh: 2 个序列，每个 5 个词元，每个词元 8 维：(N, L, D)
# en: 2 sequences of 5 tokens with 8 features each: (N, L, D)
tokens = torch.randn(2, 5, 8) * 3 + 1
per_token = nn.LayerNorm(8)
out = per_token(tokens)
# zh: normalized_shape=8：只在最后一维上统计，每个词元一组均值与方差
# en: normalized_shape=8: statistics over the last dimension only, one pair per token
assert torch.allclose(out.mean(dim=-1), torch.zeros(2, 5), atol=1e-5)
# zh: 单独拿出一个词元，结果不变
# en: a token on its own gives the same result
assert torch.allclose(per_token(tokens[0, 3]), out[0, 3], atol=1e-5)
# zh: normalized_shape=(5, 8)：在最后两维上统计，每个序列一组
# en: normalized_shape=(5, 8): statistics over the last two dimensions, one pair per sequence
per_sequence = nn.LayerNorm((5, 8))
out = per_sequence(tokens)
assert torch.allclose(out.mean(dim=(1, 2)), torch.zeros(2), atol=1e-5)
assert not torch.allclose(out.mean(dim=-1), torch.zeros(2, 5), atol=1e-2)
print("LayerNorm(8)     ", tuple(per_token.weight.shape))
print("LayerNorm((5, 8))", tuple(per_sequence.weight.shape))
# zh: 图像上的 LayerNorm(C) 不是按通道统计：最后一维是宽度，对不上就报错
# en: LayerNorm(C) on images does not work per channel: the last dimension is the width
try:
    nn.LayerNorm(3)(maps)
except RuntimeError as error:
    print(error)
# Out: LayerNorm(8)      (8,)
# Out: LayerNorm((5, 8)) (5, 8)
# Out: Given normalized_shape=[3], expected input with shape [*, 3], but got input of size[4, 3, 8, 8]
# --8<-- [end:layer-norm-shape]

# --8<-- [start:layer-norm-affine]
variants = {
    "LayerNorm(8)": nn.LayerNorm(8),
    "elementwise_affine=False": nn.LayerNorm(8, elementwise_affine=False),
    "bias=False": nn.LayerNorm(8, bias=False),
}
for name, layer in variants.items():
    names = [parameter_name for parameter_name, _ in layer.named_parameters()]
    count = sum(parameter.numel() for parameter in layer.parameters())
    print(f"{name:25} {count:2} {names}")
    # zh: 初始时 weight = 1、bias = 0，三者的输出相同
    # en: with weight = 1 and bias = 0 at the start, all three give the same output
    assert torch.allclose(layer(tokens), per_token(tokens))
# Out: LayerNorm(8)              16 ['weight', 'bias']
# Out: elementwise_affine=False   0 []
# Out: bias=False                 8 ['weight']
# --8<-- [end:layer-norm-affine]
