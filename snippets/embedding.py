# Embedding layers: the code of docs/zh/embedding.md and docs/en/embedding.md.
# Run it from the repository root: python snippets/embedding.py

# --8<-- [start:imports]
import matplotlib.pyplot as plt
import torch
import torch.nn.functional as F
from torch import nn

# --8<-- [end:imports]

# --8<-- [start:lookup]
torch.manual_seed(0)
# zh: 词表有 10 个词元，每个词元用一个 3 维向量表示
# en: a vocabulary of 10 tokens, each represented by a 3-dimensional vector
embedding = nn.Embedding(num_embeddings=10, embedding_dim=3)
assert embedding.weight.shape == (10, 3)
assert embedding.weight.requires_grad
ids = torch.tensor([1, 4, 4, 9])
vectors = embedding(ids)
# zh: 第 k 个输出就是权重矩阵的第 ids[k] 行；重复的索引取出同一行
# en: output k is row ids[k] of the weight matrix;
# en: a repeated index fetches the same row
assert torch.equal(vectors, embedding.weight[ids])
assert torch.equal(vectors[1], vectors[2])
vectors
# Out: tensor([[-0.4339,  0.8487,  0.6920],
# Out:         [ 0.1198,  1.2377, -0.1435],
# Out:         [ 0.1198,  1.2377, -0.1435],
# Out:         [ 0.0525,  0.5229,  2.3022]], grad_fn=<EmbeddingBackward0>)
# --8<-- [end:lookup]

# --8<-- [start:one-hot]
# zh: 独热向量乘以权重矩阵，得到的也是同样的几行
# en: one-hot vectors times the weight matrix give the same rows
one_hot = F.one_hot(ids, num_classes=10).float()
assert one_hot.shape == (4, 10)
assert torch.allclose(one_hot @ embedding.weight, vectors)
# zh: 函数形式 F.embedding 做同样的查表，权重由调用者提供
# en: the functional form F.embedding does the same lookup,
# en: with the weight passed in
assert torch.equal(F.embedding(ids, embedding.weight), vectors)
one_hot
# Out: tensor([[0., 1., 0., 0., 0., 0., 0., 0., 0., 0.],
# Out:         [0., 0., 0., 0., 1., 0., 0., 0., 0., 0.],
# Out:         [0., 0., 0., 0., 1., 0., 0., 0., 0., 0.],
# Out:         [0., 0., 0., 0., 0., 0., 0., 0., 0., 1.]])
# --8<-- [end:one-hot]

# --8<-- [start:shapes]
# zh: 一批 2 个句子，每句 5 个词元：输出在最后多出一维 embedding_dim
# en: a batch of 2 sentences of 5 tokens:
# en: the output gains a last dimension, embedding_dim
sentences = torch.tensor([[1, 2, 3, 0, 0], [4, 5, 6, 7, 8]])
print(embedding(sentences).shape)
# zh: 单个索引（0 维张量）得到一个向量
# en: a single index (a 0-d tensor) gives one vector
print(embedding(torch.tensor(3)).shape)
# zh: 任意形状的索引都行
# en: indices of any shape will do
print(embedding(torch.zeros(2, 3, 4, dtype=torch.long)).shape)
# Out: torch.Size([2, 5, 3])
# Out: torch.Size([3])
# Out: torch.Size([2, 3, 4, 3])
# --8<-- [end:shapes]

# --8<-- [start:index-errors]
# zh: 索引必须是整数：浮点数张量会被拒绝
# en: indices must be integers: a floating-point tensor is refused
try:
    embedding(torch.tensor([1.0, 4.0]))
except RuntimeError as error:
    message = str(error)
else:
    raise AssertionError("float indices were accepted")
assert "Long, Int" in message
print("RuntimeError:", message.split(";")[0])
# zh: int32 与 int64 都可以
# en: int32 and int64 both work
assert torch.equal(embedding(ids.int()), embedding(ids.long()))
# zh: 10 行的表，合法索引是 0 到 9：索引 10 越界
# en: a table of 10 rows takes indices 0 to 9: index 10 is out of range
try:
    embedding(torch.tensor([3, 10]))
except IndexError as error:
    print("IndexError:", error)
else:
    raise AssertionError("index 10 was accepted")
# Out: RuntimeError: Expected tensor for argument #1 'indices' to have one of the following scalar types: Long, Int
# Out: IndexError: index out of range in self
# --8<-- [end:index-errors]

# --8<-- [start:vocab-size]
# zh: 常见的根源：把最大的编号当成了词表大小，少算了一个
# en: a common cause: taking the largest id for the vocabulary size, one short
token_ids = torch.tensor([[3, 1, 5], [2, 5, 0]])
too_small = nn.Embedding(int(token_ids.max()), 4)
try:
    too_small(token_ids)
except IndexError:
    print("IndexError with", too_small)
# zh: 编号 0 到 5 一共 6 个
# en: ids 0 to 5 make 6 of them
right = nn.Embedding(int(token_ids.max()) + 1, 4)
assert right(token_ids).shape == (2, 3, 4)
right
# Out: IndexError with Embedding(5, 4)
# Out: Embedding(6, 4)
# --8<-- [end:vocab-size]

# --8<-- [start:init]
# zh: 初始权重来自标准正态分布 N(0, 1)：用一张大表检验
# en: initial weights come from the standard normal N(0, 1): check on a large table
torch.manual_seed(0)
large = nn.Embedding(1000, 100)
mean, std = large.weight.mean().item(), large.weight.std().item()
assert abs(mean) < 0.01 and abs(std - 1) < 0.01
print(f"mean {mean:.4f}, std {std:.4f}")
# zh: 一行的范数因此约为 √embedding_dim = 10
# en: so a row's norm is about √embedding_dim = 10
print(f"mean row norm {large.weight.norm(dim=1).mean().item():.2f}")
# Out: mean -0.0024, std 1.0012
# Out: mean row norm 9.99
# --8<-- [end:init]

# --8<-- [start:train]
tokens = ["cat", "dog", "horse", "red", "green", "blue", "one", "two", "three"]
# zh: 每个词元所属的组：动物、颜色、数字
# en: the group of each token: animals, colours, numbers
groups = torch.tensor([0, 0, 0, 1, 1, 1, 2, 2, 2])
torch.manual_seed(0)
table = nn.Embedding(len(tokens), 2)
classifier = nn.Linear(2, 3)
initial = table.weight.detach().clone()
parameters = [*table.parameters(), *classifier.parameters()]
optimizer = torch.optim.Adam(parameters, lr=0.05)
everything = torch.arange(len(tokens))
# zh: 用二维嵌入预测组别，训练 60 步
# en: predict the group from a 2-D embedding, for 60 steps
for _ in range(60):
    loss = F.cross_entropy(classifier(table(everything)), groups)
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
assert (classifier(table(everything)).argmax(dim=1) == groups).all()
trained = table.weight.detach()

figure, axes = plt.subplots(1, 2, figsize=(10, 4.5))
colours = ["tab:blue", "tab:orange", "tab:green"]
titles = ["initial (random)", "after 60 steps"]
for ax, weight, title in zip(axes, [initial, trained], titles, strict=True):
    for token, group, point in zip(tokens, groups, weight, strict=True):
        # zh: 标签放在远离本组中心的一侧，免得同组的标签挤在一起
        # en: put each label on the side away from its group's centre,
        # en: so that labels do not collide
        away = point - weight[groups == group].mean(dim=0)
        dx, dy = (9 * away / away.norm()).tolist()
        ax.scatter(*point.tolist(), color=colours[group], s=40)
        ax.annotate(
            token,
            point.tolist(),
            xytext=(dx, dy),
            textcoords="offset points",
            ha="left" if dx > 0 else "right",
            va="bottom" if dy > 0 else "top",
        )
    ax.margins(0.2)
    ax.axhline(0, color="gray", linewidth=0.5)
    ax.axvline(0, color="gray", linewidth=0.5)
    ax.grid(alpha=0.3)
    ax.set_title(title)
    ax.set_xlabel("dim 0")
    ax.set_ylabel("dim 1")
figure.tight_layout()
figure
# --8<-- [end:train]

# --8<-- [start:padding]
torch.manual_seed(0)
padded = nn.Embedding(5, 3, padding_idx=0)
# zh: 填充索引对应的行初始化为零
# en: the row of the padding index starts at zero
assert (padded.weight[0] == 0).all()
batch = torch.tensor([[2, 3, 0, 0], [4, 2, 3, 0]])
padded(batch).sum().backward()
grad = padded.weight.grad
# zh: 出现过多次的第 0 行没有梯度；用到的第 2、3、4 行都有
# en: row 0, used many times, gets no gradient;
# en: rows 2, 3 and 4, which were used, all do
assert (grad[0] == 0).all()
assert (grad[[2, 3, 4]] != 0).all()
grad
# Out: tensor([[0., 0., 0.],
# Out:         [0., 0., 0.],
# Out:         [2., 2., 2.],
# Out:         [2., 2., 2.],
# Out:         [1., 1., 1.]])
# --8<-- [end:padding]

# --8<-- [start:max-norm]
torch.manual_seed(0)
capped = nn.Embedding(5, 3, max_norm=1.0)
before = capped.weight.detach().norm(dim=1)
print("before:", before)
# zh: 查第 1、2、3 行：查表的同时把其中范数大于 1 的行原地缩放到 1
# en: look up rows 1, 2 and 3: the lookup rescales,
# en: in place, those with a norm above 1
out = capped(torch.tensor([1, 2, 3]))
after = capped.weight.detach().norm(dim=1)
assert torch.allclose(after[[1, 2]], torch.ones(2))
assert (out.norm(dim=1) <= 1.0 + 1e-6).all()
# zh: 第 3 行的范数本来就小于 1，不会被放大；没查到的第 0、4 行原样不动
# en: row 3 was already below 1 and is not scaled up;
# en: rows 0 and 4, not looked up, are untouched
assert after[3] == before[3] < 1
assert torch.equal(after[[0, 4]], before[[0, 4]])
print("after: ", after)
# Out: before: tensor([2.6848, 1.8589, 1.1757, 0.7428, 1.7586])
# Out: after:  tensor([2.6848, 1.0000, 1.0000, 0.7428, 1.7586])
# --8<-- [end:max-norm]

# --8<-- [start:norm-type]
# zh: norm_type=1 改用 L1 范数：各分量绝对值之和 ≤ 1
# en: norm_type=1 uses the L1 norm instead: the absolute values add up to at most 1
torch.manual_seed(0)
l1 = nn.Embedding(5, 3, max_norm=1.0, norm_type=1.0)
l1(torch.arange(5))
assert (l1.weight.abs().sum(dim=1) <= 1.0 + 1e-6).all()
l1
# Out: Embedding(5, 3, max_norm=1.0, norm_type=1.0)
# --8<-- [end:norm-type]

# --8<-- [start:max-norm-clone]
torch.manual_seed(0)
capped = nn.Embedding(5, 3, max_norm=1.0)
projection = torch.randn(2, 3, requires_grad=True)
# zh: 先直接用了权重，再查表：查表原地改写了权重，反向传播失败
# en: the weight is used directly, then looked up: the lookup overwrote it in place
# en: and backpropagation fails
whole = capped.weight @ projection.T
looked_up = capped(torch.tensor([1, 2])) @ projection.T
try:
    (whole.sum() + looked_up.sum()).backward()
except RuntimeError as error:
    assert "modified by an inplace operation" in str(error)
    print("RuntimeError:", str(error).split(":")[0])
else:
    raise AssertionError("backward() should have failed")
# zh: 先 clone() 一份再用，就没有问题
# en: with a clone() of the weight it works
capped = nn.Embedding(5, 3, max_norm=1.0)
whole = capped.weight.clone() @ projection.T
looked_up = capped(torch.tensor([1, 2])) @ projection.T
(whole.sum() + looked_up.sum()).backward()
assert capped.weight.grad is not None
# Out: RuntimeError: one of the variables needed for gradient computation has been modified by an inplace operation
# --8<-- [end:max-norm-clone]

# --8<-- [start:pretrained]
# zh: 3 个词的“预训练”向量，每个 2 维
# en: "pretrained" vectors for 3 words, 2 dimensions each
pretrained = torch.tensor([[0.5, 0.5], [1.0, 2.0], [3.0, 4.0]])
frozen = nn.Embedding.from_pretrained(pretrained)
# zh: 默认 freeze=True：权重不参与训练
# en: freeze=True by default: the weight is not trained
assert not frozen.weight.requires_grad
assert torch.equal(frozen(torch.tensor([2])), pretrained[[2]])
tunable = nn.Embedding.from_pretrained(pretrained, freeze=False)
assert tunable.weight.requires_grad
# zh: 给定 padding_idx 时，from_pretrained 不会把那一行清零
# en: given a padding_idx, from_pretrained does not zero that row
with_pad = nn.Embedding.from_pretrained(pretrained, padding_idx=0)
assert torch.equal(with_pad.weight[0], torch.tensor([0.5, 0.5]))
frozen.weight.requires_grad, tunable.weight.requires_grad
# Out: (False, True)
# --8<-- [end:pretrained]

# --8<-- [start:bag]
torch.manual_seed(0)
embedding = nn.Embedding(10, 3)
# zh: 8 个索引，分成 3 袋：[1, 2, 4]、[5, 4]、[3, 2, 9]
# en: 8 indices in 3 bags: [1, 2, 4], [5, 4], [3, 2, 9]
flat = torch.tensor([1, 2, 4, 5, 4, 3, 2, 9])
offsets = torch.tensor([0, 3, 5])
bags = torch.tensor_split(flat, offsets[1:])
reductions = {
    "sum": lambda rows: rows.sum(dim=0),
    "mean": lambda rows: rows.mean(dim=0),
    "max": lambda rows: rows.amax(dim=0),
}
for mode, reduce in reductions.items():
    bag = nn.EmbeddingBag(10, 3, mode=mode)
    # zh: 两层的参数都叫 weight：把 embedding 的表装进 bag
    # en: both layers call their parameter weight: load embedding's table into bag
    bag.load_state_dict(embedding.state_dict())
    out = bag(flat, offsets)
    # zh: 与“先查表、再逐袋汇总”的结果一致
    # en: the same as looking up first and then reducing bag by bag
    by_hand = torch.stack([reduce(embedding(b)) for b in bags])
    assert torch.allclose(out, by_hand)
    print(mode, tuple(out.shape))
# Out: sum (3, 3)
# Out: mean (3, 3)
# Out: max (3, 3)
# --8<-- [end:bag]

# --8<-- [start:bag-default]
bag = nn.EmbeddingBag(10, 3)
# zh: 默认的汇总方式是求平均
# en: the default reduction is the mean
assert bag.mode == "mean"
bag
# Out: EmbeddingBag(10, 3, mode='mean')
# --8<-- [end:bag-default]

# --8<-- [start:bag-2d]
bag = nn.EmbeddingBag(10, 3, mode="sum")
bag.load_state_dict(embedding.state_dict())
# zh: 二维输入：每行一袋，袋长相同，不传 offsets
# en: a 2-D input: one bag per row, all of the same length, and no offsets
rows = torch.tensor([[1, 2, 4], [3, 2, 9]])
assert torch.allclose(bag(rows), embedding(rows).sum(dim=1))
assert torch.allclose(bag(rows), bag(rows.flatten(), torch.tensor([0, 3])))
try:
    bag(rows, torch.tensor([0, 1]))
except ValueError as error:
    assert "offsets has to be None" in str(error)
else:
    raise AssertionError("offsets were accepted with a 2-D input")
bag(rows).shape
# Out: torch.Size([2, 3])
# --8<-- [end:bag-2d]

# --8<-- [start:bag-padding]
# zh: 袋长不一时用 padding_idx 补齐：填充的索引不参与汇总，平均值只除以真实的个数
# en: bags of unequal length padded with padding_idx: padding indices are left out
# en: of the reduction, and the mean divides by the real count only
padded_bag = nn.EmbeddingBag(10, 3, mode="mean", padding_idx=0)
padded_rows = torch.tensor([[1, 2, 4], [5, 4, 0]])
out = padded_bag(padded_rows)
assert torch.allclose(out[1], padded_bag.weight[[5, 4]].mean(dim=0))
# zh: 若把填充也算进去，就成了除以 3
# en: counting the padding as well would divide by 3
assert not torch.allclose(out[1], padded_bag.weight[[5, 4, 0]].mean(dim=0))
out.shape
# Out: torch.Size([2, 3])
# --8<-- [end:bag-padding]

# --8<-- [start:per-sample-weights]
bag = nn.EmbeddingBag(10, 3, mode="sum")
bag.load_state_dict(embedding.state_dict())
# zh: 每个索引一个权重，形状与 flat 相同，例如词频或评分
# en: one weight per index, shaped like flat: term counts or ratings, say
weights = torch.tensor([1.0, 2.0, 0.5, 1.0, 1.0, 3.0, 1.0, 1.0])
out = bag(flat, offsets, per_sample_weights=weights)
# zh: 先把每个向量乘以它的权重，再逐袋求和
# en: scale each vector by its weight, then sum bag by bag
scaled = embedding(flat) * weights.unsqueeze(1)
parts = torch.tensor_split(scaled, offsets[1:])
by_hand = torch.stack([part.sum(dim=0) for part in parts])
assert torch.allclose(out, by_hand)
# zh: 只有 mode="sum" 支持逐个加权
# en: only mode="sum" takes per-sample weights
try:
    nn.EmbeddingBag(10, 3, mode="mean")(flat, offsets, per_sample_weights=weights)
except NotImplementedError as error:
    assert "only supported for mode='sum'" in str(error)
    print("NotImplementedError:", error)
else:
    raise AssertionError("mode='mean' accepted per_sample_weights")
# Out: NotImplementedError: embedding_bag: per_sample_weights was not None. per_sample_weights is only supported for mode='sum' (got mode='mean'). Please open a feature request on GitHub.
# --8<-- [end:per-sample-weights]

# --8<-- [start:sparse]
sparse = nn.Embedding(10, 3, sparse=True)
sparse(torch.tensor([1, 1, 7])).sum().backward()
# zh: 梯度是稀疏张量，只记下用到的行；coalesce() 合并重复的索引
# en: the gradient is a sparse tensor holding only the rows used; coalesce() merges
# en: repeated indices
assert sparse.weight.grad.is_sparse
grad = sparse.weight.grad.coalesce()
print(grad.indices(), grad.values(), sep="\n")
# zh: Adam 不接受稀疏梯度；SparseAdam 与 SGD 可以
# en: Adam refuses sparse gradients; SparseAdam and SGD take them
try:
    torch.optim.Adam(sparse.parameters()).step()
except RuntimeError as error:
    print("RuntimeError:", error)
torch.optim.SparseAdam(sparse.parameters(), lr=0.1).step()
torch.optim.SGD(sparse.parameters(), lr=0.1).step()
# zh: SGD 带权重衰减时也不行
# en: SGD with weight decay does not either
try:
    torch.optim.SGD(sparse.parameters(), lr=0.1, weight_decay=1e-4).step()
except RuntimeError as error:
    assert "sparse" in str(error)
else:
    raise AssertionError("weight decay worked with a sparse gradient")
# Out: tensor([[1, 7]])
# Out: tensor([[2., 2., 2.],
# Out:         [1., 1., 1.]])
# Out: RuntimeError: Adam does not support sparse gradients, please consider SparseAdam instead
# --8<-- [end:sparse]
