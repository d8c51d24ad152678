# Loss functions: the code of docs/zh/loss.md and docs/en/loss.md.
# Run it from the repository root: python snippets/loss.py

# --8<-- [start:imports]
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
assert torch.allclose(nll, loss)
nll
# Out: tensor(1.0366)
# --8<-- [end:nll]

# --8<-- [start:softmax-bug]
# zh: 常见错误：先做 softmax，再把「概率」交给 CrossEntropyLoss
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
