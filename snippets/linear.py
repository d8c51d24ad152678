# Linear (fully connected) layers: the code of docs/zh/linear.md and docs/en/linear.md.
# Run it from the repository root: python snippets/linear.py

# --8<-- [start:imports]
import math

import torch
from torch import nn
from torch.nn import functional as F

# --8<-- [end:imports]

# --8<-- [start:forward]
# zh: 固定随机种子：输入与层的初始权重都是随机的
# en: fix the seed: both the input and the layer's initial weights are random
torch.manual_seed(0)
# zh: 一批 2 个样本，每个样本 3 个特征
# en: a batch of 2 samples, 3 features each
x = torch.rand(2, 3)
linear = nn.Linear(in_features=3, out_features=4)
h = linear(x)
assert h.shape == (2, 4)
h
# Out: tensor([[-0.0499, -0.3197, -0.3788,  0.6960],
# Out:         [-0.2847, -0.3568, -0.1316,  0.7721]], grad_fn=<AddmmBackward0>)
# --8<-- [end:forward]

# --8<-- [start:parameters]
# zh: 权重的形状是“输出特征数 × 输入特征数”，与直觉相反
# en: the weight is shaped (out_features, in_features), not the other way round
assert linear.weight.shape == (4, 3)
assert linear.bias.shape == (4,)
for name, parameter in linear.named_parameters():
    print(name, tuple(parameter.shape), parameter.requires_grad)
print("total:", sum(p.numel() for p in linear.parameters()))
# Out: weight (4, 3) True
# Out: bias (4,) True
# Out: total: 16
# --8<-- [end:parameters]

# --8<-- [start:formula]
# zh: 线性层算的就是 x @ W.T + b
# en: a linear layer computes x @ W.T + b
by_hand = x @ linear.weight.T + linear.bias
assert torch.allclose(h, by_hand)
# zh: 函数形式 F.linear 做同样的计算，权重由调用者提供
# en: the functional form F.linear does the same, with the weights passed in
assert torch.allclose(h, F.linear(x, linear.weight, linear.bias))
# zh: 第一个样本的第一个输出：3 个乘积之和再加偏置
# en: first output of the first sample: a sum of 3 products plus the bias
first = sum(x[0, i] * linear.weight[0, i] for i in range(3)) + linear.bias[0]
assert torch.isclose(h[0, 0], first)
# --8<-- [end:formula]

# --8<-- [start:init]
# zh: 初始权重与偏置均匀分布在 ±1/√in_features 之内
# en: initial weights and biases are uniform within ±1/√in_features
bound = 1 / math.sqrt(linear.in_features)
assert linear.weight.abs().max() <= bound
assert linear.bias.abs().max() <= bound
print(f"bound {bound:.4f}, largest |weight| {linear.weight.abs().max().item():.4f}")
# zh: 输入越多，范围越窄
# en: the more inputs, the narrower the range
wide = nn.Linear(300, 4)
assert wide.weight.abs().max() <= 1 / math.sqrt(300) < bound
# Out: bound 0.5774, largest |weight| 0.5516
# --8<-- [end:init]

# --8<-- [start:one-sample]
sample = torch.rand(3)
# zh: unsqueeze(0) 把一个样本变成批大小为 1 的一批
# en: unsqueeze(0) makes one sample into a batch of one
batch_of_one = sample.unsqueeze(0)
assert batch_of_one.shape == (1, 3)
assert linear(batch_of_one).shape == (1, 4)
# zh: 线性层也接受不带批维度的向量，结果相同，只是少了批维度
# en: a linear layer also takes a bare vector: same numbers, no batch dimension
assert linear(sample).shape == (4,)
assert torch.allclose(linear(sample), linear(batch_of_one)[0])
# zh: 前面可以有任意多个维度，只有最后一维必须是 in_features
# en: any number of leading dimensions works; only the last must be in_features
assert linear(torch.rand(2, 5, 3)).shape == (2, 5, 4)
linear(sample).shape, linear(batch_of_one).shape
# Out: (torch.Size([4]), torch.Size([1, 4]))
# --8<-- [end:one-sample]

# --8<-- [start:other-layers]
# zh: 卷积与池化也接受不带批维度的 (C, H, W)
# en: convolution and pooling take an unbatched (C, H, W) too
image = torch.rand(1, 8, 8)
assert nn.Conv2d(1, 2, 3)(image).shape == (2, 6, 6)
assert nn.MaxPool2d(2)(image).shape == (1, 4, 4)
# zh: 批归一化却不行：一个向量没有“一批”可供统计
# en: batch normalization does not: a single vector has no batch to compute statistics over
try:
    nn.BatchNorm1d(3)(sample)
except ValueError as error:
    print("ValueError:", error)
else:
    raise AssertionError("BatchNorm1d accepted a bare vector")
# Out: ValueError: expected 2D or 3D input (got 1D input)
# --8<-- [end:other-layers]

# --8<-- [start:no-bias]
plain = nn.Linear(3, 4, bias=False)
assert plain.bias is None
assert sum(p.numel() for p in plain.parameters()) == 12
# zh: 没有偏置时，零输入只能得到零输出
# en: without a bias, a zero input can only give a zero output
assert (plain(torch.zeros(3)) == 0).all()
plain
# Out: Linear(in_features=3, out_features=4, bias=False)
# --8<-- [end:no-bias]

# --8<-- [start:lazy]
# zh: LazyLinear 在第一次调用时才根据输入确定 in_features
# en: LazyLinear settles in_features from the input on its first call
lazy = nn.LazyLinear(4)
lazy(torch.rand(2, 7))
assert lazy.weight.shape == (4, 7)
lazy
# Out: Linear(in_features=7, out_features=4, bias=True)
# --8<-- [end:lazy]

# --8<-- [start:bilinear]
torch.manual_seed(0)
# zh: 两种不同的输入：一个 3 维，一个 2 维；一批 5 个样本
# en: two different inputs, one 3-D and one 2-D, in a batch of 5
x1 = torch.rand(5, 3)
x2 = torch.rand(5, 2)
bilinear = nn.Bilinear(in1_features=3, in2_features=2, out_features=4)
y = bilinear(x1, x2)
assert y.shape == (5, 4)
# zh: 权重是三维的：每个输出一个 3 × 2 的矩阵
# en: the weight is 3-D: one 3 × 2 matrix per output
assert bilinear.weight.shape == (4, 3, 2)
assert bilinear.bias.shape == (4,)
# zh: 第 0 个样本的第 2 个输出：对 i、j 两重求和
# en: output 2 of sample 0: a double sum over i and j
A = bilinear.weight[2]
by_loop = sum(x1[0, i] * A[i, j] * x2[0, j] for i in range(3) for j in range(2))
assert torch.isclose(y[0, 2], by_loop + bilinear.bias[2])
# zh: 整批一次算完：einsum 写出的正是公式
# en: the whole batch at once: einsum spells out the formula
by_einsum = torch.einsum("ni,kij,nj->nk", x1, bilinear.weight, x2) + bilinear.bias
assert torch.allclose(y, by_einsum)
# zh: 两个输入的批维度必须相同，不会广播
# en: the batch dimensions of the two inputs must match: they do not broadcast
try:
    bilinear(x1, x2[:1])
except RuntimeError as error:
    assert "batch dimensions do not match" in str(error)
else:
    raise AssertionError("Bilinear broadcast (5, 3) against (1, 2)")
total = sum(p.numel() for p in bilinear.parameters())
assert total == 4 * 3 * 2 + 4
print("total:", total)
bilinear
# Out: total: 28
# Out: Bilinear(in1_features=3, in2_features=2, out_features=4, bias=True)
# --8<-- [end:bilinear]

# --8<-- [start:bilinear-size]
# zh: 双线性层等于作用在“所有两两乘积”上的线性层
# en: a bilinear layer is a linear layer applied to all products of pairs
products = (x1[:, :, None] * x2[:, None, :]).flatten(1)
assert products.shape == (5, 3 * 2)
assert torch.allclose(y, F.linear(products, bilinear.weight.flatten(1), bilinear.bias), atol=1e-6)
# zh: 参数随 in1 × in2 × out 增长；在 meta 设备上建层，只看形状，不分配内存
# en: parameters grow as in1 × in2 × out; build on the meta device for shapes, no memory
big = nn.Bilinear(256, 256, 256, device="meta")
concat = nn.Linear(256 + 256, 256, device="meta")
for layer in (big, concat):
    print(f"{type(layer).__name__:8} {sum(p.numel() for p in layer.parameters()):>10,}")
# Out: Bilinear 16,777,472
# Out: Linear      131,328
# --8<-- [end:bilinear-size]
