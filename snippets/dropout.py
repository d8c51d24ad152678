# Dropout layers: the code of docs/zh/dropout.md and docs/en/dropout.md.
# Run it from the repository root: python snippets/dropout.py

# --8<-- [start:imports]
import warnings

import torch
import torch.nn.functional as F
from torch import nn

# --8<-- [end:imports]

# --8<-- [start:train]
torch.manual_seed(0)
x = torch.randn(3, 8)
drop = nn.Dropout(p=0.5)
# zh: 新建的层处于训练模式
# en: a new layer starts in training mode
assert drop.training
y = drop(x)
print(x)
print(y)
# zh: 保留下来的元素都乘以 1/(1-p) = 2
# en: every element that survives is multiplied by 1/(1-p) = 2
kept = y != 0
assert torch.equal(y[kept], 2 * x[kept])
# zh: 负数被置零后显示为 -0.0000：负零与 0 相等
# en: negative inputs that were dropped show as -0.0000: negative zero equals 0
assert y[~kept].signbit().any()
zeroed = (y == 0).float().mean().item()
assert 0.3 < zeroed < 0.7
print(f"zeroed: {(y == 0).sum().item()} of {y.numel()} = {zeroed:.3f}")
# Out: ...
# Out: zeroed: 12 of 24 = 0.500
# --8<-- [end:train]

# --8<-- [start:expectation]
torch.manual_seed(0)
ones = torch.ones(1000, 1000)
out = drop(ones)
zeroed = (out == 0).float().mean().item()
# zh: 一百万个元素：被置零的比例非常接近 p，均值仍然约等于 1
# en: a million elements: the fraction zeroed is very close to p, and the mean stays near 1
assert abs(zeroed - 0.5) < 0.01
assert abs(out.mean().item() - 1) < 0.01
print(f"zeroed {zeroed:.4f}, mean before {ones.mean().item():.4f}, after {out.mean().item():.4f}")
# Out: zeroed 0.4998, mean before 1.0000, after 1.0004
# --8<-- [end:expectation]

# --8<-- [start:inverted]
torch.manual_seed(0)
x = torch.randn(1000)
for p in (0.1, 0.2, 0.5, 0.8):
    layer = nn.Dropout(p)
    y = layer(x)
    kept = y != 0
    # zh: 训练模式：保留下来的元素恰好是输入的 1/(1-p) 倍
    # en: training mode: the survivors are exactly 1/(1-p) times the input
    assert torch.allclose(y[kept], x[kept] / (1 - p))
    layer.eval()
    # zh: 评估模式：恒等映射，不丢弃也不缩放
    # en: evaluation mode: the identity, nothing dropped or scaled
    assert torch.equal(layer(x), x)
    print(f"p = {p}: survivors scaled by {(y[kept] / x[kept]).mean().item():.4f}")
# Out: p = 0.1: survivors scaled by 1.1111
# Out: p = 0.2: survivors scaled by 1.2500
# Out: p = 0.5: survivors scaled by 2.0000
# Out: p = 0.8: survivors scaled by 5.0000
# --8<-- [end:inverted]

# --8<-- [start:original-scheme]
torch.manual_seed(0)
p = 0.5
x = torch.randn(8)
# zh: 早期的做法：训练时只乘以 0/1 掩码，不放大
# en: the early scheme: multiply by a 0/1 mask during training, no scaling
masks = (torch.rand(100_000, 8) > p).float()
train_mean = (masks * x).mean(dim=0)
# zh: 训练时的平均输出只有 (1-p)·x，所以测试时要把权重（这里就是输出）乘以 1-p
# en: the average training output is only (1-p)·x, so test time multiplies by 1-p
assert torch.allclose(train_mean, (1 - p) * x, atol=0.02)
# zh: 倒置 Dropout 的平均输出就是 x 本身，测试时无需修正
# en: inverted dropout averages to x itself: nothing to correct at test time
inverted_mean = (masks * x / (1 - p)).mean(dim=0)
assert torch.allclose(inverted_mean, x, atol=0.03)
# --8<-- [end:original-scheme]

# --8<-- [start:eval]
drop.eval()
assert not drop.training
# zh: 评估模式下什么都不丢，也不缩放：输出就是输入
# en: in evaluation mode nothing is dropped or scaled: the output is the input
assert torch.equal(drop(x), x)
drop(x)
# --8<-- [end:eval]

# --8<-- [start:no-grad]
drop.train()
# zh: no_grad 只关掉梯度记录，不会切换模式：Dropout 照样随机置零
# en: no_grad only stops recording gradients; it does not switch modes, so Dropout still drops
with torch.no_grad():
    y = drop(x)
assert (y == 0).any()
(y == 0).sum().item()
# --8<-- [end:no-grad]

# --8<-- [start:model]
torch.manual_seed(0)
model = nn.Sequential(nn.Linear(8, 8), nn.ReLU(), nn.Dropout(0.5), nn.Linear(8, 2))
# zh: model.eval() 会递归地把所有子层切换到评估模式，model.train() 则切换回来
# en: model.eval() switches every sublayer to evaluation mode; model.train() switches back
model.eval()
assert not model[2].training
assert torch.equal(model(x), model(x))
model.train()
assert model[2].training
assert not torch.equal(model(x), model(x))
# --8<-- [end:model]

# --8<-- [start:functional]
# zh: 函数形式的 training 参数默认为 True：不传它，评估时也会丢弃
# en: the functional form defaults to training=True: leave it out and it drops even at evaluation
assert (F.dropout(x, p=0.5) == 0).any()
assert torch.equal(F.dropout(x, p=0.5, training=False), x)
# --8<-- [end:functional]

# --8<-- [start:dropout2d]
torch.manual_seed(0)
# zh: 一批 2 张特征图，每张 4 个通道，每个通道 3×3
# en: a batch of 2 feature maps, 4 channels each, 3×3 per channel
features = torch.randn(2, 4, 3, 3)
out = nn.Dropout2d(p=0.5)(features)
dropped = (out == 0).all(dim=(2, 3))
# zh: 每个通道要么整个为零，要么整个乘以 2
# en: each channel is either all zeros or entirely multiplied by 2
kept = ~dropped
assert torch.equal(out[kept], 2 * features[kept])
assert dropped.any() and kept.any()
# zh: 第 n 行第 c 列为 True：第 n 个样本的第 c 个通道被整个丢弃
# en: True in row n, column c: channel c of sample n was dropped whole
dropped
# --8<-- [end:dropout2d]

# --8<-- [start:dropout1d]
torch.manual_seed(0)
# zh: 一批 2 个序列，每个 5 个通道，长度 4：(N, C, L)
# en: a batch of 2 sequences, 5 channels each, length 4: (N, C, L)
signal = torch.randn(2, 5, 4)
out = nn.Dropout1d(p=0.5)(signal)
dropped = (out == 0).all(dim=2)
kept = ~dropped
assert torch.equal(out[kept], 2 * signal[kept])
assert dropped.any() and kept.any()
# zh: 不带批维度的 (C, L) 也可以
# en: an unbatched (C, L) works too
assert nn.Dropout1d(0.5)(torch.randn(5, 4)).shape == (5, 4)
# zh: 四维输入则直接报错
# en: a 4-D input is an error
try:
    nn.Dropout1d(0.5)(torch.randn(2, 5, 4, 4))
except RuntimeError as error:
    print(str(error).split(".")[0])
else:
    raise AssertionError("Dropout1d accepted a 4-D input")
dropped
# Out: dropout1d: Expected 2D or 3D input, but received a 4D input
# Out: tensor([[ True, False,  True,  True, False],
# Out:         [False, False,  True,  True, False]])
# --8<-- [end:dropout1d]

# --8<-- [start:dropout3d]
torch.manual_seed(0)
# zh: 一批 2 个体数据，每个 3 个通道，每个通道 2×2×2：(N, C, D, H, W)
# en: a batch of 2 volumes, 3 channels each, 2×2×2 per channel: (N, C, D, H, W)
volume = torch.randn(2, 3, 2, 2, 2)
drop3d = nn.Dropout3d(p=0.5)
out = drop3d(volume)
dropped = (out == 0).all(dim=(2, 3, 4))
kept = ~dropped
assert torch.equal(out[kept], 2 * volume[kept])
assert dropped.any() and kept.any()
# zh: 不带批维度的 (C, D, H, W) 也可以
# en: an unbatched (C, D, H, W) works too
assert drop3d(volume[0]).shape == (3, 2, 2, 2)
dropped
# --8<-- [end:dropout3d]

# --8<-- [start:dropout2d-3d]
torch.manual_seed(0)
# zh: 一张不带批维度的特征图：4 个通道，每个 3×3，即 (C, H, W)
# en: one feature map without a batch dimension: 4 channels of 3×3, i.e. (C, H, W)
image = torch.randn(4, 3, 3)
drop2d = nn.Dropout2d(p=0.5)
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    out = drop2d(image)
assert len(caught) == 1 and caught[0].category is UserWarning
print(str(caught[0].message).split(" - ")[0])
# zh: 它被当成 (N, C, L)：置零的是 3×3 中的单独一行，不是整个通道
# en: it was read as (N, C, L): single rows of each 3×3 are zeroed, not whole channels
rows_dropped = (out == 0).all(dim=2)
channels_dropped = (out == 0).all(dim=(1, 2))
partly = rows_dropped.any(dim=1) & ~channels_dropped
assert partly.any()
# zh: 正确的写法：补上批维度，变成 (1, C, H, W)，不再有警告
# en: the right way: add a batch dimension, (1, C, H, W), and no warning
out = drop2d(image.unsqueeze(0)).squeeze(0)
dropped = (out == 0).all(dim=(1, 2))
assert torch.equal(out[~dropped], 2 * image[~dropped])
# zh: 二维、五维输入同样有警告：这种用法已弃用
# en: 2-D and 5-D inputs warn too: that use is deprecated
for shape in ((4, 3), (1, 4, 2, 3, 3)):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        drop2d(torch.randn(shape))
    assert "deprecated" in str(caught[0].message)
rows_dropped.int()
# Out: dropout2d: Received a 3D input to dropout2d and assuming that channel-wise 1D dropout behavior is desired
# Out: tensor([[1, 1, 1],
# Out:         [0, 1, 1],
# Out:         [0, 0, 0],
# Out:         [1, 1, 0]], dtype=torch.int32)
# --8<-- [end:dropout2d-3d]

# --8<-- [start:alpha-dropout]
torch.manual_seed(0)
# zh: 一百万个来自 N(0, 1) 的数
# en: a million numbers drawn from N(0, 1)
x = torch.randn(1_000_000)
alpha = nn.AlphaDropout(p=0.2)
plain = nn.Dropout(p=0.2)
y_alpha = alpha(x)
y_plain = plain(x)
for name, y in (("input", x), ("Dropout", y_plain), ("AlphaDropout", y_alpha)):
    print(f"{name:13} mean {y.mean().item():+.3f}  variance {y.var().item():.3f}")
# zh: AlphaDropout 保持均值 0、方差 1
# en: AlphaDropout keeps mean 0 and variance 1
assert abs(y_alpha.mean().item()) < 0.01
assert abs(y_alpha.var().item() - 1) < 0.01
# zh: 普通 Dropout 保持均值，方差却变成 1/(1-p) = 1.25
# en: plain Dropout keeps the mean, but the variance becomes 1/(1-p) = 1.25
assert abs(y_plain.mean().item()) < 0.01
assert abs(y_plain.var().item() - 1.25) < 0.01
# Out: input         mean -0.002  variance 1.000
# Out: Dropout       mean -0.001  variance 1.250
# Out: AlphaDropout  mean -0.002  variance 0.999
# --8<-- [end:alpha-dropout]

# --8<-- [start:alpha-formula]
# zh: SELU 对很负的输入趋于饱和值 -λα ≈ -1.7581
# en: SELU tends to its saturation value -λα ≈ -1.7581 for very negative inputs
selu = nn.SELU()
saturation = selu(torch.tensor(-100.0)).item()
p = 0.2
a = ((1 - p) * (1 + p * saturation**2)) ** -0.5
b = -a * p * saturation
# zh: 被丢弃的元素先设为饱和值，再和其他元素一起做仿射变换 a·x + b
# en: dropped elements are set to the saturation value, then everything gets a·x + b
dropped = torch.isclose(y_alpha, torch.tensor(a * saturation + b))
assert abs(dropped.float().mean().item() - p) < 0.01
assert torch.allclose(y_alpha[~dropped], a * x[~dropped] + b, atol=1e-6)
# zh: 只对均值 0、方差 1 的输入成立：换成 N(2, 9)，均值就变了
# en: this holds only for mean-0, variance-1 inputs: with N(2, 9) the mean moves
shifted = 2 + 3 * x
assert abs(alpha(shifted).mean().item() - 2) > 0.5
# zh: 评估模式下同样是恒等映射
# en: in evaluation mode it is the identity too
alpha.eval()
assert torch.equal(alpha(x), x)
print(f"saturation {saturation:.4f}, a {a:.4f}, b {b:.4f}, dropped value {a * saturation + b:.4f}")
# Out: saturation -1.7581, a 0.8789, b 0.3090, dropped value -1.2362
# --8<-- [end:alpha-formula]


# --8<-- [start:selu-network]
def selu_stack(dropout_class, depth=16, width=128):
    layers = []
    for _ in range(depth):
        linear = nn.Linear(width, width)
        # zh: SELU 网络要求权重方差为 1/fan_in（见参数初始化一页）
        # en: a SELU network wants weights of variance 1/fan_in (see the initialization page)
        nn.init.kaiming_normal_(linear.weight, nonlinearity="linear")
        nn.init.zeros_(linear.bias)
        layers += [linear, nn.SELU(), dropout_class(p=0.1)]
    return nn.Sequential(*layers)


torch.manual_seed(0)
h = torch.randn(512, 128)
for dropout_class in (nn.AlphaDropout, nn.Dropout):
    model = selu_stack(dropout_class)
    z = h
    stds = []
    with torch.no_grad():
        for layer in model:
            z = layer(z)
            if isinstance(layer, dropout_class):
                stds.append(z.std().item())
    print(f"{dropout_class.__name__:12}", " ".join(f"{s:.2f}" for s in stds[::3]))
    if dropout_class is nn.AlphaDropout:
        assert all(abs(s - 1) < 0.05 for s in stds)
    else:
        assert stds[-1] > 1.15
# Out: AlphaDropout 1.01 1.00 1.00 0.99 1.00 0.99
# Out: Dropout      1.05 1.17 1.22 1.24 1.25 1.24
# --8<-- [end:selu-network]

# --8<-- [start:feature-alpha-dropout]
torch.manual_seed(0)
# zh: SELU 的输出：一批 2 个样本，每个 4 个通道，每个通道 3×3
# en: SELU outputs: a batch of 2, 4 channels each, 3×3 per channel
features = selu(torch.randn(2, 4, 3, 3))
feature_alpha = nn.FeatureAlphaDropout(p=0.5)
out = feature_alpha(features)
p = 0.5
a = ((1 - p) * (1 + p * saturation**2)) ** -0.5
b = -a * p * saturation
dropped_value = a * saturation + b
# zh: 每个通道要么整个等于同一个常数，要么整个是 a·x + b
# en: each channel is either one constant throughout, or a·x + b throughout
dropped = torch.isclose(out, torch.tensor(dropped_value)).all(dim=(2, 3))
kept = ~dropped
assert torch.allclose(out[kept], a * features[kept] + b, atol=1e-6)
assert dropped.any() and kept.any()
print(f"dropped channels hold {dropped_value:.4f}")
dropped
# Out: dropped channels hold -0.7792
# Out: tensor([[ True, False,  True, False],
# Out:         [ True,  True,  True, False]])
# --8<-- [end:feature-alpha-dropout]

# --8<-- [start:defaults]
family = [
    nn.Dropout(),
    nn.Dropout1d(),
    nn.Dropout2d(),
    nn.Dropout3d(),
    nn.AlphaDropout(),
    nn.FeatureAlphaDropout(),
]
# zh: 六个层的默认丢弃概率都是 0.5，且默认不原地修改输入
# en: all six default to p = 0.5, and none works in place by default
assert all(layer.p == 0.5 and not layer.inplace for layer in family)
family[-1]
# Out: FeatureAlphaDropout(p=0.5, inplace=False)
# --8<-- [end:defaults]
