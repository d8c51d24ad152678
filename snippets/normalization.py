# Normalization layers: the code of docs/zh/normalization.md and docs/en/normalization.md.
# Run it from the repository root: python snippets/normalization.py

# --8<-- [start:imports]
import matplotlib.pyplot as plt
import torch
from PIL import Image
from torch import nn
from torchvision.transforms.v2.functional import to_dtype, to_image

# --8<-- [end:imports]

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

# --8<-- [start:bias-cancels]
# zh: 批归一化先减去均值：前一层的偏置被完全抵消
# en: batch normalization subtracts the mean first, so the previous layer's bias cancels out
no_bias = nn.Linear(3, 4, bias=False)
with torch.no_grad():
    no_bias.weight.copy_(linear.weight)
    fresh = nn.BatchNorm1d(4)
    assert torch.allclose(fresh(linear(x)), fresh(no_bias(x)), atol=1e-5)
# --8<-- [end:bias-cancels]

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
    # en: normalized values run negative too: both are drawn on one common gray scale
    low, high = normed.min().item(), normed.max().item()
    bottom.imshow(normed[column, 0].numpy(), cmap="gray", vmin=low, vmax=high)
    bottom.set_title("after InstanceNorm2d")
for ax in axes.flat:
    ax.axis("off")
figure
# --8<-- [end:instance-photo]

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
