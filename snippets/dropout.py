# Dropout layers: the code of docs/zh/dropout.md and docs/en/dropout.md.
# Run it from the repository root: python snippets/dropout.py

# --8<-- [start:imports]
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
