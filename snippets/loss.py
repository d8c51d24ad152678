# Loss functions: the code of docs/zh/loss.md and docs/en/loss.md.
# Run it from the repository root: python snippets/loss.py

# --8<-- [start:imports]
import textwrap
import warnings

import matplotlib.pyplot as plt
import torch
import torch.nn.functional as F
from torch import nn

# --8<-- [end:imports]

# --8<-- [start:cross-entropy]
torch.manual_seed(7)
# zh: 3 个样本、2 个类别：每个样本对每个类别的原始分数（logits）
# en: 3 samples, 2 classes: each sample's raw score (logit) for each class
scores = torch.randn(3, 2)
# zh: 三个样本分别属于第 1、0、1 类：整数类别索引
# en: the three samples belong to classes 1, 0 and 1: integer class indices
labels = torch.tensor([1, 0, 1])
assert labels.dtype == torch.int64
# zh: 前两个样本分对了，第三个分错了
# en: the first two samples are classified right, the third wrong
assert (scores.argmax(dim=1) == labels).tolist() == [True, True, False]

criterion = nn.CrossEntropyLoss()
# zh: 调用方式与普通的层一样
# en: called just like any layer
loss = criterion(scores, labels)
print(scores)
loss
# Out: tensor([[-0.1468,  0.7861],
# Out:         [ 0.9468, -1.1143],
# Out:         [ 1.6908, -0.8948]])
# Out: tensor(1.0366)
# --8<-- [end:cross-entropy]

# --8<-- [start:float-detour]
# zh: float32 只有 24 位有效数字：大于 2**24 的整数在浮点中转一圈就可能变样
# en: float32 has 24 significant bits: integers above 2**24 may not survive a float detour
big = 2**24 + 1
assert torch.tensor([big]).item() == big
assert torch.tensor([big], dtype=torch.float32).long().item() == big - 1
torch.tensor([big]), torch.tensor([big], dtype=torch.float32).long()
# Out: (tensor([16777217]), tensor([16777216]))
# --8<-- [end:float-detour]

# --8<-- [start:by-hand]
log_probs = F.log_softmax(scores, dim=1)
# zh: 每行取出真实类别那一列：gather 与高级索引两种写法
# en: pick each row's true-class column: with gather, or with advanced indexing
picked = log_probs.gather(1, labels.unsqueeze(1)).squeeze(1)
assert torch.equal(picked, log_probs[torch.arange(3), labels])
by_hand = -picked.mean()
assert torch.allclose(by_hand, loss)

# zh: 概率下溢成 0 时，先 softmax 再 log 得到 -inf，log_softmax 仍然准确
# en: once a probability underflows to 0, softmax-then-log gives -inf; log_softmax stays exact
extreme = torch.tensor([0.0, 200.0])
assert extreme.softmax(dim=0).log()[0] == -torch.inf
assert extreme.log_softmax(dim=0)[0] == -200
by_hand
# Out: tensor(1.0366)
# --8<-- [end:by-hand]

# --8<-- [start:nll]
# zh: CrossEntropyLoss 等于 LogSoftmax 之后接 NLLLoss
# en: CrossEntropyLoss is LogSoftmax followed by NLLLoss
nll = nn.NLLLoss()(F.log_softmax(scores, dim=1), labels)
assert nn.NLLLoss().reduction == "mean"
assert torch.allclose(nll, loss)
nll
# Out: tensor(1.0366)
# --8<-- [end:nll]

# --8<-- [start:softmax-bug]
# zh: 常见错误：先做 softmax，再把“概率”交给 CrossEntropyLoss
# en: a common bug: softmax first, then "probabilities" into CrossEntropyLoss
probs = scores.softmax(dim=1)
from_probs = criterion(probs, labels)
assert not torch.allclose(from_probs, loss)
print(f"from logits: {loss.item():.4f}, from probabilities: {from_probs.item():.4f}")
# Out: from logits: 1.0366, from probabilities: 0.6970
# --8<-- [end:softmax-bug]

# --8<-- [start:softmax-floor]
# zh: 两类时，先做 softmax 的损失被困在 log(1 + 1/e) 与 log(1 + e) 之间
# en: with 2 classes, softmax-first losses are trapped between log(1 + 1/e) and log(1 + e)
confident = torch.tensor([[-100.0, 100.0], [100.0, -100.0], [-100.0, 100.0]])
# zh: confident 完全正确且信心十足，-confident 完全错误且信心十足
# en: confident is right and sure of itself, -confident is wrong and just as sure
e = torch.exp(torch.tensor(1.0))
floor = criterion(confident.softmax(dim=1), labels)
ceiling = criterion((-confident).softmax(dim=1), labels)
assert torch.isclose(floor, torch.log(1 + 1 / e))
assert torch.isclose(ceiling, torch.log(1 + e))
sure_right, sure_wrong = criterion(confident, labels), criterion(-confident, labels)
assert sure_right < 1e-6 and sure_wrong > 100
print(f"right: logits {sure_right.item():.4f}, probabilities {floor.item():.4f}")
print(f"wrong: logits {sure_wrong.item():.4f}, probabilities {ceiling.item():.4f}")
# Out: right: logits 0.0000, probabilities 0.3133
# Out: wrong: logits 200.0000, probabilities 1.3133
# --8<-- [end:softmax-floor]

# --8<-- [start:reduction]
per_sample = nn.CrossEntropyLoss(reduction="none")(scores, labels)
assert per_sample.shape == (3,)
assert torch.allclose(per_sample, -picked)
# zh: 默认的 reduction='mean' 就是它们的平均值；'sum' 是总和
# en: the default reduction='mean' is their average; 'sum' is their total
assert criterion.reduction == "mean"
assert torch.allclose(per_sample.mean(), loss)
assert torch.allclose(nn.CrossEntropyLoss(reduction="sum")(scores, labels), per_sample.sum())
per_sample
# Out: tensor([0.3317, 0.1198, 2.6583])
# --8<-- [end:reduction]

# --8<-- [start:soft-labels]
# zh: 目标也可以是每个类别的概率：浮点张量，形状与分数相同，每行之和为 1
# en: targets can also be class probabilities: floats, the same shape as the scores,
# en: each row summing to 1
one_hot = F.one_hot(labels, num_classes=2).float()
assert torch.allclose(criterion(scores, one_hot), loss)
soft = torch.tensor([[0.2, 0.8], [0.9, 0.1], [0.5, 0.5]])
criterion(scores, soft)
# Out: tensor(0.7366)
# --8<-- [end:soft-labels]

# --8<-- [start:smoothing]
# zh: label_smoothing=ε：把独热目标换成 (1 − ε)·独热 + ε / 类别数
# en: label_smoothing=ε: the one-hot target becomes (1 − ε)·one-hot + ε / number of classes
eps = 0.1
smoothed = nn.CrossEntropyLoss(label_smoothing=eps)(scores, labels)
assert torch.allclose(smoothed, criterion(scores, (1 - eps) * one_hot + eps / 2))
smoothed
# Out: tensor(1.0434)
# --8<-- [end:smoothing]

# --8<-- [start:class-weight]
# zh: weight：每个类别一个权重。第 1 类的样本算 3 份
# en: weight: one weight per class. Samples of class 1 count three times
class_weight = torch.tensor([1.0, 3.0])
weighted = nn.CrossEntropyLoss(weight=class_weight)(scores, labels)
w = class_weight[labels]
# zh: 'mean' 除以的是权重之和，而不是样本数
# en: 'mean' divides by the sum of the weights, not by the number of samples
assert torch.allclose(weighted, (w * per_sample).sum() / w.sum())
assert not torch.allclose(weighted, (w * per_sample).mean())
print(w)
weighted
# Out: tensor([3., 1., 3.])
# Out: tensor(1.2986)
# --8<-- [end:class-weight]

# --8<-- [start:ignore-index]
# zh: 标签为 ignore_index（默认 -100）的位置不计入损失，也不计入平均的分母
# en: positions labelled ignore_index (-100 by default) add nothing to the loss
# en: and are left out of the mean's denominator
assert criterion.ignore_index == -100
with_padding = torch.tensor([1, -100, 1])
masked = nn.CrossEntropyLoss()(scores, with_padding)
assert torch.allclose(masked, per_sample[[0, 2]].mean())
masked
# Out: tensor(1.4950)
# --8<-- [end:ignore-index]

# --8<-- [start:per-pixel]
torch.manual_seed(0)
# zh: 语义分割：2 张 4×4 的图片，每个像素在 3 个类别上各有一个分数
# en: semantic segmentation: 2 images of 4×4, each pixel with a score for each of 3 classes
pixel_scores = torch.randn(2, 3, 4, 4)
pixel_labels = torch.randint(0, 3, (2, 4, 4))
pixel_losses = nn.CrossEntropyLoss(reduction="none")(pixel_scores, pixel_labels)
# zh: 类别在第 1 维；与先把每个像素摊成一行、再按 (N, C) 计算的结果相同
# en: classes sit in dimension 1; the same as laying every pixel out as a row of an (N, C) input
flat_scores = pixel_scores.permute(0, 2, 3, 1).reshape(-1, 3)
flat = nn.CrossEntropyLoss(reduction="none")(flat_scores, pixel_labels.reshape(-1))
assert torch.allclose(pixel_losses.reshape(-1), flat)
print(pixel_scores.shape, pixel_labels.shape, pixel_losses.shape)
# Out: torch.Size([2, 3, 4, 4]) torch.Size([2, 4, 4]) torch.Size([2, 4, 4])
# --8<-- [end:per-pixel]

# --8<-- [start:nll2d]
# zh: NLLLoss2d 已弃用：创建它就会发出 FutureWarning
# en: NLLLoss2d is deprecated: creating one raises a FutureWarning
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    old = nn.NLLLoss2d()
assert len(caught) == 1 and caught[0].category is FutureWarning
print(textwrap.fill(str(caught[0].message), width=80))
# zh: 它只是 NLLLoss 的子类；NLLLoss 本身就接受 (N, C, H, W) 的输入
# en: it is just a subclass of NLLLoss, and NLLLoss itself accepts (N, C, H, W) inputs
assert isinstance(old, nn.NLLLoss) and old.reduction == "mean"
pixel_log_probs = F.log_softmax(pixel_scores, dim=1)
new = nn.NLLLoss()(pixel_log_probs, pixel_labels)
assert torch.equal(old(pixel_log_probs, pixel_labels), new)
assert torch.allclose(new, nn.CrossEntropyLoss()(pixel_scores, pixel_labels))
new
# Out: `NLLLoss2d` has been deprecated. Please use `NLLLoss` instead as a drop-in
# Out: replacement and see https://pytorch.org/docs/main/nn.html#torch.nn.NLLLoss for
# Out: more details.
# Out: tensor(1.7511)
# --8<-- [end:nll2d]

# --8<-- [start:bce]
# zh: 二分类：每个样本一个原始分数，目标是 0. 或 1. 的浮点数
# en: binary classification: one raw score per sample, and float targets 0. or 1.
logits = torch.tensor([1.5, -0.3, 2.0, -1.0])
targets = torch.tensor([1.0, 0.0, 0.0, 1.0])
p = torch.sigmoid(logits)
bce = nn.BCELoss()(p, targets)
bce_logits = nn.BCEWithLogitsLoss()(logits, targets)
bce_by_hand = -(targets * p.log() + (1 - targets) * (1 - p).log()).mean()
assert torch.allclose(bce, bce_by_hand) and torch.allclose(bce_logits, bce_by_hand)
assert nn.BCELoss().reduction == nn.BCEWithLogitsLoss().reduction == "mean"
bce, bce_logits
# Out: (tensor(1.0490), tensor(1.0490))
# --8<-- [end:bce]

# --8<-- [start:bce-stability]
# zh: 分数为 20 时，sigmoid 的结果在 float32 中恰好舍入成 1.0
# en: at a score of 20, sigmoid rounds to exactly 1.0 in float32
far = torch.tensor([20.0], requires_grad=True)
wrong = torch.tensor([0.0])
assert torch.sigmoid(far).item() == 1.0
# zh: 真实的损失是 log(1 + e^20) ≈ 20；BCELoss 算的是 −log(1 − 1.0) = inf，被截成 100
# en: the true loss is log(1 + e^20) ≈ 20; BCELoss computes −log(1 − 1.0) = inf, cut to 100
clamped = nn.BCELoss()(torch.sigmoid(far), wrong)
(clamped_grad,) = torch.autograd.grad(clamped, far)
exact = nn.BCEWithLogitsLoss()(far, wrong)
(exact_grad,) = torch.autograd.grad(exact, far)
assert clamped.item() == 100 and torch.allclose(exact, F.softplus(far))
# zh: 截断发生在 log 上：BCELoss 把 log(0) 当作 -100
# en: the clamp acts on the log: BCELoss treats log(0) as -100
assert nn.BCELoss()(torch.tensor([0.0]), torch.tensor([1.0])).item() == 100
print(f"BCELoss:           loss {clamped.item():8.4f}, gradient {clamped_grad.item():.4f}")
print(f"BCEWithLogitsLoss: loss {exact.item():8.4f}, gradient {exact_grad.item():.4f}")
# Out: BCELoss:           loss 100.0000, gradient 0.0000
# Out: BCEWithLogitsLoss: loss  20.0000, gradient 1.0000
# --8<-- [end:bce-stability]

# --8<-- [start:multi-label]
# zh: 多标签：4 个样本、3 个标签，每个标签独立地是 0 或 1
# en: multi-label: 4 samples, 3 labels, each label independently 0 or 1
torch.manual_seed(0)
tag_scores = torch.randn(4, 3)
tags = torch.tensor([[1.0, 0.0, 0.0], [1.0, 1.0, 0.0], [0.0, 0.0, 0.0], [1.0, 0.0, 1.0]])
soft_margin = nn.MultiLabelSoftMarginLoss()(tag_scores, tags)
assert nn.MultiLabelSoftMarginLoss().reduction == "mean"
# zh: 先对每个样本的 3 个标签取平均，再对样本取平均：与 BCEWithLogitsLoss 相同
# en: the mean over each sample's 3 labels, then over the samples: the same as BCEWithLogitsLoss
assert torch.allclose(soft_margin, nn.BCEWithLogitsLoss()(tag_scores, tags))
# zh: pos_weight：每个标签一个正样本权重，常取“负样本数 / 正样本数”
# en: pos_weight: one weight per label for the positives, often negatives / positives
pos_weight = (tags == 0).sum(dim=0) / (tags == 1).sum(dim=0)
balanced = nn.BCEWithLogitsLoss(pos_weight=pos_weight)(tag_scores, tags)
log_p, log_not_p = F.logsigmoid(tag_scores), F.logsigmoid(-tag_scores)
assert torch.allclose(balanced, -(pos_weight * tags * log_p + (1 - tags) * log_not_p).mean())
print(pos_weight)
soft_margin, balanced
# Out: tensor([0.3333, 3.0000, 3.0000])
# Out: (tensor(0.6144), tensor(0.8582))
# --8<-- [end:multi-label]

# --8<-- [start:margin-plot]
# zh: 间隔 m = y·f(x)：y 取 ±1，m > 0 表示分对，越大越有把握
# en: the margin m = y·f(x) with y = ±1: m > 0 means right, and the larger the surer
margin = torch.linspace(-2, 3, 501)
ones = torch.ones_like(margin)
# zh: MultiMarginLoss 要的是每个类别的分数：两类的分数写成 [0, m]，正确类别是第 1 类
# en: MultiMarginLoss wants a score per class: two classes scored [0, m], the right one is 1
two_scores = torch.stack([torch.zeros_like(margin), margin], dim=1)
right = torch.ones(len(margin), dtype=torch.long)
# zh: 它会除以类别数 2，所以乘回 2
# en: it divides by the number of classes, 2, so multiply that back
hinge = 2 * nn.MultiMarginLoss(reduction="none")(two_scores, right)
squared_hinge = 2 * nn.MultiMarginLoss(p=2, reduction="none")(two_scores, right)
logistic = nn.SoftMarginLoss(reduction="none")(margin, ones)
# zh: SoftMarginLoss（标签 ±1）与 BCEWithLogitsLoss（标签 0/1）是同一个逻辑斯谛损失
# en: SoftMarginLoss (labels ±1) and BCEWithLogitsLoss (labels 0/1) are the same logistic loss
assert torch.allclose(logistic, nn.BCEWithLogitsLoss(reduction="none")(margin, ones))
assert nn.MultiMarginLoss().reduction == nn.SoftMarginLoss().reduction == "mean"
zero_one = (margin <= 0).float()
assert torch.allclose(hinge, (1 - margin).clamp(min=0))
assert (hinge >= zero_one).all() and (squared_hinge >= zero_one).all()

figure, ax = plt.subplots(figsize=(7, 4.5))
ax.plot(margin, zero_one, label="0-1", color="black", linewidth=2)
ax.plot(margin, hinge, label="hinge: MultiMarginLoss")
ax.plot(margin, squared_hinge, label="squared hinge: MultiMarginLoss(p=2)")
ax.plot(margin, logistic, label="logistic: SoftMarginLoss, BCEWithLogitsLoss")
ax.set_xlabel("margin y·f(x)")
ax.set_ylabel("loss")
ax.set_title("Classification losses against the margin")
ax.set_ylim(-0.1, 4)
ax.axvline(0, color="grey", linewidth=0.5)
ax.grid(alpha=0.3)
ax.legend()
figure
# --8<-- [end:margin-plot]

# --8<-- [start:adaptive]
torch.manual_seed(0)
# zh: 1000 个类别按词频从高到低编号：0 到 9 在头部，10 到 99、100 到 999 是两个尾部簇
# en: 1000 classes numbered from most to least frequent: 0 to 9 in the head,
# en: 10 to 99 and 100 to 999 in two tail clusters
adaptive = nn.AdaptiveLogSoftmaxWithLoss(16, 1000, cutoffs=[10, 100], div_value=4.0)
print(adaptive)
hidden = torch.randn(5, 16)
words = torch.tensor([3, 7, 42, 500, 999])
result = adaptive(hidden, words)
# zh: 返回一个具名元组：output 是每个目标的对数概率，loss 是它们的负平均值
# en: a named tuple comes back: output is each target's log-probability,
# en: loss is their negated mean
print(result.output.shape, result.loss)
assert torch.allclose(result.loss, -result.output.mean())
n_full = 16 * 1000
n_adaptive = sum(p.numel() for p in adaptive.parameters())
print(f"parameters: {n_adaptive} instead of {n_full} for a full Linear(16, 1000)")
# Out: AdaptiveLogSoftmaxWithLoss(
# Out:   (head): Linear(in_features=16, out_features=12, bias=False)
# Out:   (tail): ModuleList(
# Out:     (0): Sequential(
# Out:       (0): Linear(in_features=16, out_features=4, bias=False)
# Out:       (1): Linear(in_features=4, out_features=90, bias=False)
# Out:     )
# Out:     (1): Sequential(
# Out:       (0): Linear(in_features=16, out_features=1, bias=False)
# Out:       (1): Linear(in_features=1, out_features=900, bias=False)
# Out:     )
# Out:   )
# Out: )
# Out: torch.Size([5]) tensor(6.1273, grad_fn=<MeanBackward0>)
# Out: parameters: 1532 instead of 16000 for a full Linear(16, 1000)
# --8<-- [end:adaptive]

# --8<-- [start:adaptive-check]
# zh: log_prob 给出全部 1000 个类别的对数概率：每行的概率之和为 1
# en: log_prob gives the log-probabilities of all 1000 classes: each row's probabilities sum to 1
all_log_probs = adaptive.log_prob(hidden)
assert all_log_probs.shape == (5, 1000)
assert torch.allclose(all_log_probs.exp().sum(dim=1), torch.ones(5))
assert torch.allclose(all_log_probs[torch.arange(5), words], result.output)
# zh: 尾部的词 = 头部给簇的对数概率 + 簇内给这个词的对数概率。头部第 10 列是第一个簇
# en: a tail word: log p(cluster | h) + log p(word | cluster, h). Head column 10 is cluster 0
head = F.log_softmax(adaptive.head(hidden), dim=1)
tail = F.log_softmax(adaptive.tail[0](hidden), dim=1)
assert torch.allclose(head[2, 10] + tail[2, 42 - 10], result.output[2])
adaptive.predict(hidden)
# Out: tensor([6, 7, 4, 9, 9])
# --8<-- [end:adaptive-check]

# --8<-- [start:linear-ce]
torch.manual_seed(0)
features = torch.randn(6, 8)
classes = torch.randint(0, 50, (6,))
# zh: 输入是最后一层之前的特征，不是原始分数：投影矩阵就在损失函数里面
# en: the inputs are the features before the last layer, not logits:
# en: the projection lives inside the loss
fused = nn.LinearCrossEntropyLoss(8, 50)
print(fused)
assert fused.reduction == "mean" and fused.linear.bias is None
# zh: 一个同样权重的 Linear，后接 CrossEntropyLoss
# en: a Linear with the same weight, followed by CrossEntropyLoss
projection = nn.Linear(8, 50, bias=False)
with torch.no_grad():
    projection.weight.copy_(fused.linear.weight)
separate = nn.CrossEntropyLoss()(projection(features), classes)
assert torch.allclose(fused(features, classes), separate)
separate
# Out: LinearCrossEntropyLoss(
# Out:   in_features=8, num_classes=50, out_features=(), bias=False, reduction=mean, ignore_index=None, label_smoothing=0.0, options=None
# Out:   (linear): Linear(in_features=8, out_features=50, bias=False)
# Out: )
# Out: tensor(3.7855, grad_fn=<NllLossBackward0>)
# --8<-- [end:linear-ce]

# --8<-- [start:linear-ce-memory]
# zh: 记下自动求导为反向传播保存的每个张量的形状
# en: note the shape of every tensor autograd saves for the backward pass
saved = []


def keep(tensor):
    saved.append(tuple(tensor.shape))
    return tensor


with torch.autograd.graph.saved_tensors_hooks(keep, lambda tensor: tensor):
    fused(features, classes)
# zh: 两个形状为 (6, 50) 的张量（样本数 × 类别数）：原始分数与它的 log_softmax
# en: two tensors of shape (6, 50), samples × classes: the logits and their log_softmax
assert saved.count((6, 50)) == 2
saved
# Out: [(6, 8), (6, 50), (6, 50), (6,), ()]
# --8<-- [end:linear-ce-memory]

# --8<-- [start:mse]
# zh: 回归：预测与目标都是同形状的浮点张量
# en: regression: predictions and targets are float tensors of the same shape
prediction = torch.tensor([2.5, 0.0, 2.0])
target = torch.tensor([3.0, -0.5, 2.0])
mse = nn.MSELoss()(prediction, target)
assert torch.allclose(mse, ((prediction - target) ** 2).mean())
mse
# Out: tensor(0.1667)
# --8<-- [end:mse]

# --8<-- [start:apart]
torch.manual_seed(0)
model = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 2))
criterion = nn.CrossEntropyLoss()
# zh: 损失函数也是 nn.Module，但它没有要学习的参数
# en: a loss function is an nn.Module too, but it has nothing to learn
assert isinstance(criterion, nn.Module)
assert list(criterion.parameters()) == []

features = torch.randn(3, 4)
logits = model(features)
loss = criterion(logits, labels)
loss.backward()
# zh: 梯度只落在模型的参数上
# en: the gradients land on the model's parameters
assert all(p.grad is not None for p in model.parameters())
print(f"loss {loss.item():.4f}")
print(f"grad norm of the first layer {model[0].weight.grad.norm().item():.4f}")
# Out: loss 0.7179
# Out: grad norm of the first layer 0.3653
# --8<-- [end:apart]
