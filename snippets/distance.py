# Distance and similarity layers: the code of docs/zh/distance.md and docs/en/distance.md.
# Run it from the repository root: python snippets/distance.py

# --8<-- [start:imports]
import math

import matplotlib.pyplot as plt
import torch
from torch import nn
from torch.nn import functional as F

# --8<-- [end:imports]

# --8<-- [start:cosine]
cos = nn.CosineSimilarity()
# zh: 默认沿第 1 维计算，eps 为 1e-8
# en: by default it works along dimension 1, with eps 1e-8
assert cos.dim == 1 and cos.eps == 1e-8
# zh: 没有可训练的参数
# en: no trainable parameters
assert not list(cos.parameters())
# zh: 三对二维向量，每行一对：垂直、同向、夹角较小
# en: three pairs of 2-D vectors, one pair per row: perpendicular, same direction, a small angle
x1 = torch.tensor([[1.0, 0.0], [1.0, 1.0], [3.0, 4.0]])
x2 = torch.tensor([[0.0, 1.0], [2.0, 2.0], [4.0, 3.0]])
similarity = cos(x1, x2)
# zh: 第三对手算：(3·4 + 4·3) / (5 · 5) = 24/25
# en: the third pair by hand: (3·4 + 4·3) / (5 · 5) = 24/25
assert math.isclose(similarity[2].item(), (3 * 4 + 4 * 3) / (5 * 5), rel_tol=1e-6)
# zh: 长度不影响结果：把 x2 放大 10 倍，相似度不变
# en: length does not matter: scaling x2 by 10 leaves the similarity unchanged
assert torch.allclose(cos(x1, 10 * x2), similarity)
# zh: 函数形式给出同样的结果
# en: the functional form gives the same result
assert torch.equal(F.cosine_similarity(x1, x2), similarity)
similarity
# Out: tensor([0.0000, 1.0000, 0.9600])
# --8<-- [end:cosine]

# --8<-- [start:cosine-eps]
# zh: 两个长度都是 1e-5 的同向向量：长度之积 1e-10 小于 eps
# en: two vectors of length 1e-5 pointing the same way: the product of lengths, 1e-10, is below eps
tiny = torch.tensor([[1e-5, 0.0]])
print(cos(tiny, tiny))
# zh: 若是“长度之积与 eps 取大”，结果应为 1e-10 / 1e-8 = 0.01；实际却是 1
# en: clamping the product of lengths at eps would give 1e-10 / 1e-8 = 0.01; the result is 1
# zh: PyTorch 实际上把两个长度分别与 eps 取大
# en: what PyTorch actually does is clamp each length at eps separately
by_hand = (tiny * tiny).sum() / (tiny.norm().clamp(min=1e-8) * tiny.norm().clamp(min=1e-8))
assert torch.isclose(cos(tiny, tiny)[0], by_hand)
# zh: 只有长度小于 eps 的向量才受影响：长度 1e-9 的向量被当作长度 1e-8
# en: only a vector shorter than eps is affected: one of length 1e-9 counts as length 1e-8
shorter = torch.tensor([[1e-9, 0.0]])
print(cos(shorter, torch.tensor([[1.0, 0.0]])))
# Out: tensor([1.])
# Out: tensor([0.1000])
# --8<-- [end:cosine-eps]

# --8<-- [start:pairwise]
pdist = nn.PairwiseDistance()
# zh: 默认 p=2（欧氏距离）、eps=1e-6、keepdim=False
# en: by default p=2 (Euclidean distance), eps=1e-6, keepdim=False
assert pdist.norm == 2.0 and pdist.eps == 1e-6 and pdist.keepdim is False
assert not list(pdist.parameters())
x1 = torch.tensor([[1.0, 2.0], [0.0, 0.0]])
x2 = torch.tensor([[4.0, 6.0], [0.0, 0.0]])
distance = pdist(x1, x2)
# zh: 第一对手算：差为 (−3, −4)，每个分量先加上 eps，再求 2-范数，约为 5
# en: the first pair by hand: the difference (−3, −4), eps added to each component, then the 2-norm, about 5
by_hand = math.sqrt((-3 + 1e-6) ** 2 + (-4 + 1e-6) ** 2)
assert math.isclose(distance[0].item(), by_hand, rel_tol=1e-6)
# zh: 第二对是同一个点，距离却不是 0，而是 ‖(eps, eps)‖ = eps·√2
# en: the second pair is one point twice, yet the distance is not 0 but ‖(eps, eps)‖ = eps·√2
assert math.isclose(distance[1].item(), 1e-6 * math.sqrt(2), rel_tol=1e-3)
# zh: eps=0 时才是严格的 0
# en: only with eps=0 is it exactly 0
assert nn.PairwiseDistance(eps=0.0)(x1, x2)[1] == 0
assert torch.equal(F.pairwise_distance(x1, x2), distance)
distance
# Out: tensor([5.0000e+00, 1.4142e-06])
# --8<-- [end:pairwise]

# --8<-- [start:p-norms]
# zh: p=1 是各分量差的绝对值之和，p=inf 是其中最大的一个
# en: p=1 sums the absolute differences, p=inf takes the largest of them
for p in (1.0, 2.0, math.inf):
    d = nn.PairwiseDistance(p=p, eps=0.0)(x1[:1], x2[:1])
    print(f"p={p:g}: {d.item():.4f}")
# Out: p=1: 7.0000
# Out: p=2: 5.0000
# Out: p=inf: 4.0000
# --8<-- [end:p-norms]

# --8<-- [start:shapes]
# zh: 一个数据库，4 个三维向量；一个查询，形状 (1, 3)
# en: a database of 4 vectors in 3-D, and one query shaped (1, 3)
database = torch.tensor([[1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [3.0, 3.0, 0.0], [4.0, 0.5, 0.0]])
query = torch.tensor([[1.0, 0.2, 0.0]])
# zh: (4, 3) 与 (1, 3) 广播：查询与每一行各比一次，得到 4 个数
# en: (4, 3) broadcasts against (1, 3): the query meets every row, giving 4 numbers
scores = cos(database, query)
distances = pdist(database, query)
assert scores.shape == distances.shape == (4,)
# zh: keepdim=True 保留被约掉的那一维
# en: keepdim=True keeps the dimension that was reduced
assert nn.PairwiseDistance(keepdim=True)(database, query).shape == (4, 1)
# zh: 不带批维度的两个向量得到一个标量
# en: two bare vectors give a scalar
assert pdist(database[0], query[0]).shape == ()
print("cosine:  ", scores)
print("distance:", distances)
# zh: 余弦相似度越大越近，距离越小越近：两者挑中的最近邻不同
# en: a higher similarity means closer, a lower distance means closer: they pick different neighbours
scores.argmax().item(), distances.argmin().item()
# Out: cosine:   tensor([0.9806, 0.1961, 0.8321, 0.9973])
# Out: distance: tensor([0.2000, 1.2806, 3.4409, 3.0150])
# Out: (3, 0)
# --8<-- [end:shapes]

# --8<-- [start:unit-balls]
# zh: 平面上的网格点与原点的距离；距离为 1 的等高线就是“单位球”
# en: the distance of grid points from the origin; the contour at distance 1 is the "unit ball"
ticks = torch.linspace(-1.5, 1.5, 301)
gx, gy = torch.meshgrid(ticks, ticks, indexing="xy")
points = torch.stack([gx.flatten(), gy.flatten()], dim=1)
origin = torch.zeros(1, 2)
figure, (left, right) = plt.subplots(1, 2, figsize=(10, 4.8))
for p, colour in ((1.0, "tab:blue"), (2.0, "tab:orange"), (math.inf, "tab:green")):
    d = nn.PairwiseDistance(p=p, eps=0.0)(points, origin).reshape(gx.shape)
    left.contour(gx.numpy(), gy.numpy(), d.numpy(), levels=[1.0], colors=colour)
    left.plot([], [], color=colour, label=f"p = {p:g}")
left.set_title("points at PairwiseDistance 1 from the origin")
left.legend(loc="upper right")
# zh: 右图：参考向量 (1, 0) 与几个方向、长度各不相同的向量
# en: right: the reference vector (1, 0) and a few vectors of various directions and lengths
angles = [0, 30, 60, 90, 150]
lengths = [1.3, 0.6, 1.0, 1.2, 1.2]
vectors = torch.tensor(
    [
        [r * math.cos(math.radians(a)), r * math.sin(math.radians(a))]
        for a, r in zip(angles, lengths, strict=True)
    ]
)
reference = torch.tensor([[1.0, 0.0]])
cosines = cos(vectors, reference)
circle = torch.linspace(0, 2 * math.pi, 200)
right.plot(circle.cos().numpy(), circle.sin().numpy(), color="grey", linewidth=0.8)
for (vx, vy), c in zip(vectors.tolist(), cosines.tolist(), strict=True):
    right.annotate("", xy=(vx, vy), xytext=(0, 0), arrowprops={"arrowstyle": "->"})
    # zh: 标注放在箭头末端外侧；0° 的标注放到横轴下方
    # en: each label just beyond the arrow's tip; the 0° label below the horizontal axis
    ha = "left" if vx > 0.1 else "right" if vx < -0.1 else "center"
    va = "top" if vy == 0 else "bottom"
    right.text(vx, vy + (-0.08 if vy == 0 else 0.06), f"cos = {c:.2f}", ha=ha, va=va)
right.annotate(
    "", xy=(1, 0), xytext=(0, 0), arrowprops={"arrowstyle": "->", "color": "tab:red", "lw": 2}
)
right.set_title("cosine similarity with the red vector (1, 0)")
for ax in (left, right):
    ax.set_aspect("equal")
    ax.set_xlim(-1.6, 1.6)
    ax.set_ylim(-1.6, 1.6)
    ax.axhline(0, color="grey", linewidth=0.5)
    ax.axvline(0, color="grey", linewidth=0.5)
    ax.set_xlabel("$x_1$")
    ax.set_ylabel("$x_2$")
figure
# --8<-- [end:unit-balls]

# --8<-- [start:unit-balls-check]
# zh: 右图中的余弦只取决于夹角：cos 0° = 1，cos 60° = 0.5，cos 90° = 0
# en: the cosines on the right depend on the angle alone: cos 0° = 1, cos 60° = 0.5, cos 90° = 0
expected = torch.tensor([math.cos(math.radians(a)) for a in angles])
assert torch.allclose(cosines, expected, atol=1e-6)
for a, r, c in zip(angles, lengths, cosines.tolist(), strict=True):
    print(f"{a:3d}°  length {r}  cos {c:+.3f}")
# Out:   0°  length 1.3  cos +1.000
# Out:  30°  length 0.6  cos +0.866
# Out:  60°  length 1.0  cos +0.500
# Out:  90°  length 1.2  cos +0.000
# Out: 150°  length 1.2  cos -0.866
# --8<-- [end:unit-balls-check]

# --8<-- [start:cdist]
torch.manual_seed(0)
queries = torch.randn(3, 4)
keys = torch.randn(5, 4)
# zh: cdist 计算所有配对：(3, 4) 与 (5, 4) 得到 (3, 5)
# en: cdist computes every pair: (3, 4) and (5, 4) give (3, 5)
all_pairs = torch.cdist(queries, keys)
assert all_pairs.shape == (3, 5)
# zh: 第 i 行第 j 列是第 i 个查询与第 j 个键的距离
# en: row i, column j is the distance from query i to key j
assert torch.isclose(all_pairs[1, 4], (queries[1] - keys[4]).norm())
# zh: PairwiseDistance 只把同一行配成一对：它是 cdist 的对角线
# en: PairwiseDistance pairs row i with row i only: it is the diagonal of cdist
row_by_row = nn.PairwiseDistance(eps=0.0)(queries, keys[:3])
diagonal = torch.cdist(queries, keys[:3]).diagonal()
assert torch.allclose(diagonal, row_by_row)
# zh: 默认的 eps=1e-6 让两者略有差别，但不到 1e-5
# en: the default eps=1e-6 makes them differ slightly, by less than 1e-5
assert (diagonal - pdist(queries, keys[:3])).abs().max() < 1e-5
# zh: p=1 同样可用
# en: p=1 works as well
assert torch.isclose(torch.cdist(queries, keys, p=1)[0, 1], (queries[0] - keys[1]).abs().sum())
all_pairs
# Out: tensor([[3.7925, 3.5794, 4.1079, 2.4275, 5.1760],
# Out:         [2.3151, 1.3249, 2.4879, 2.4910, 3.5868],
# Out:         [2.3749, 1.6803, 2.0880, 1.8284, 4.0371]])
# --8<-- [end:cdist]

# --8<-- [start:cdist-mm]
torch.manual_seed(0)
# zh: 30 个点，以及它们各自挪动了一点点的位置
# en: 30 points, and each of them moved by a tiny amount
points = torch.randn(30, 8)
moved = points + 1e-3 * torch.randn(30, 8)
exact = nn.PairwiseDistance(eps=0.0)(points, moved)
# zh: 行数超过 25 时，p=2 的 cdist 默认改用矩阵乘法，快但会丢失精度
# en: beyond 25 rows, cdist with p=2 switches to matrix multiplication: fast, but less precise
fast = torch.cdist(points, moved).diagonal()
careful = torch.cdist(points, moved, compute_mode="donot_use_mm_for_euclid_dist").diagonal()
assert torch.allclose(careful, exact)
# zh: 两组都不超过 25 行时，默认模式也是精确的
# en: with no more than 25 rows on either side, the default mode is exact as well
assert torch.allclose(torch.cdist(points[:25], moved[:25]).diagonal(), exact[:25])
print(f"typical distance {exact.mean():.4f}")
print(f"largest error, default mode {(fast - exact).abs().max():.4f}")
# Out: typical distance 0.0029
# Out: largest error, default mode 0.0017
# --8<-- [end:cdist-mm]

# --8<-- [start:all-pairs-cosine]
# zh: 先把每行缩放成单位向量，所有配对的余弦相似度就是一次矩阵乘法
# en: scale every row to unit length first; then all pairwise cosines are one matrix product
by_product = F.normalize(queries, dim=1) @ F.normalize(keys, dim=1).T
# zh: 或者靠广播：(3, 1, 4) 与 (1, 5, 4) 沿最后一维比较，得到 (3, 5)
# en: or by broadcasting: (3, 1, 4) against (1, 5, 4) along the last dimension gives (3, 5)
by_broadcast = nn.CosineSimilarity(dim=-1)(queries[:, None, :], keys[None, :, :])
assert by_product.shape == by_broadcast.shape == (3, 5)
assert torch.allclose(by_product, by_broadcast, atol=1e-6)
# zh: 对角线与逐行的 CosineSimilarity 一致
# en: the diagonal matches the row-by-row CosineSimilarity
assert torch.allclose(by_product[:, :3].diagonal(), cos(queries, keys[:3]), atol=1e-6)
# zh: 单位向量之间：欧氏距离的平方 = 2 − 2 × 余弦相似度
# en: between unit vectors, the squared Euclidean distance is 2 − 2 × the cosine similarity
unit_distances = torch.cdist(F.normalize(queries, dim=1), F.normalize(keys, dim=1))
assert torch.allclose(unit_distances**2, 2 - 2 * by_product, atol=1e-5)
# zh: 每个查询最相似的键
# en: the most similar key for each query
by_product.argmax(dim=1)
# Out: tensor([3, 1, 3])
# --8<-- [end:all-pairs-cosine]

# --8<-- [start:triplet]
torch.manual_seed(0)
anchor, positive, negative = torch.randn(3, 4, 8).unbind(0)
# zh: 三元组损失：锚点离正样本应比离负样本近至少 margin（默认 1）
# en: the triplet loss: the anchor should be closer to the positive than to the negative
# en: by at least the margin (1 by default)
by_hand = (pdist(anchor, positive) - pdist(anchor, negative) + 1).clamp(min=0).mean()
assert torch.isclose(F.triplet_margin_loss(anchor, positive, negative), by_hand)
# --8<-- [end:triplet]

# --8<-- [start:dim]
torch.manual_seed(0)
# zh: 两个句子，各 5 个词，每个词一个四维向量
# en: two sentences of 5 words, each word a 4-D vector
a = torch.randn(2, 5, 4)
b = torch.randn(2, 5, 4)
# zh: 默认 dim=1 沿“词”这一维计算，不报错，但结果毫无意义
# en: the default dim=1 works along the word dimension: no error, but a meaningless result
print(nn.CosineSimilarity()(a, b).shape)
# zh: 向量在最后一维，就要写 dim=-1
# en: with the vectors on the last dimension, say dim=-1
print(nn.CosineSimilarity(dim=-1)(a, b).shape)
# zh: PairwiseDistance 没有 dim 参数，总是沿最后一维计算
# en: PairwiseDistance has no dim argument and always works along the last dimension
print(pdist(a, b).shape)
# Out: torch.Size([2, 4])
# Out: torch.Size([2, 5])
# Out: torch.Size([2, 5])
# --8<-- [end:dim]

# --8<-- [start:zero-vector]
zero = torch.zeros(1, 3, requires_grad=True)
other = torch.tensor([[1.0, 2.0, 3.0]])
# zh: 零向量没有方向，余弦相似度本无定义；PyTorch 不报错，给出 0
# en: a zero vector has no direction and its cosine is undefined; PyTorch gives 0 without error
print(cos(zero, other), cos(zero.detach(), zero.detach()))
# zh: 但梯度的大小约为 1/eps = 1e8
# en: but the gradient has a size of about 1/eps = 1e8
cos(zero, other).sum().backward()
assert math.isclose(zero.grad.norm().item(), 1 / cos.eps, rel_tol=1e-3)
print(f"{zero.grad.norm().item():.1e}")
# Out: tensor([0.], grad_fn=<SumBackward1>) tensor([0.])
# Out: 1.0e+08
# --8<-- [end:zero-vector]
