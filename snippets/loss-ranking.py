# Ranking, metric-learning and sequence losses: the code of docs/zh/loss-ranking.md and
# docs/en/loss-ranking.md. Run it from the repository root: python snippets/loss-ranking.py

# --8<-- [start:imports]
import itertools
import math

import matplotlib.pyplot as plt
import torch
import torch.nn.functional as F
from torch import nn

# --8<-- [end:imports]

# --8<-- [start:margin-ranking]
# zh: 3 对商品：用户点过的 x1 与没点过的 x2，各有一个模型打分
# en: 3 pairs of items: one the user clicked (x1), one they did not (x2), each scored by a model
x1 = torch.tensor([2.0, 0.5, 1.0])
x2 = torch.tensor([1.0, 0.8, 0.9])
# zh: y = 1 表示 x1 应当排在 x2 前面（y = -1 则相反）
# en: y = 1 means x1 should rank above x2 (y = -1 the other way round)
y = torch.ones(3)
ranking = nn.MarginRankingLoss(margin=0.5)
assert ranking.reduction == "mean"
per_pair = nn.MarginRankingLoss(margin=0.5, reduction="none")(x1, x2, y)
# zh: 手算：max(0, -y·(x1 - x2) + margin)
# en: by hand: max(0, -y·(x1 - x2) + margin)
assert torch.allclose(per_pair, (-y * (x1 - x2) + 0.5).clamp(min=0))
assert torch.allclose(ranking(x1, x2, y), per_pair.mean())
# zh: 默认 margin=0：只要顺序对了，损失就是 0
# en: the default margin=0: as soon as the order is right, the loss is 0
assert nn.MarginRankingLoss().margin == 0
no_margin = nn.MarginRankingLoss(reduction="none")(x1, x2, y)
assert torch.allclose(no_margin, torch.tensor([0.0, 0.3, 0.0]))
per_pair
# Out: tensor([0.0000, 0.8000, 0.4000])
# --8<-- [end:margin-ranking]

# --8<-- [start:hinge-embedding]
# zh: 两对嵌入：第一对是同一个人（y = 1），第二对不是（y = -1）
# en: two pairs of embeddings: the first shows the same person (y = 1), the second does not
u = torch.tensor([[0.0, 0.0], [0.0, 0.0]])
v = torch.tensor([[0.3, 0.4], [0.2, 0.4]])
# zh: HingeEmbeddingLoss 的输入是已经算好的距离，这里用 L1 距离
# en: HingeEmbeddingLoss takes an already computed distance; here the L1 distance
distance = nn.PairwiseDistance(p=1)(u, v)
pair_label = torch.tensor([1.0, -1.0])
hinge = nn.HingeEmbeddingLoss()
assert hinge.margin == 1.0 and hinge.reduction == "mean"
per_pair = nn.HingeEmbeddingLoss(reduction="none")(distance, pair_label)
# zh: 同类：损失就是距离；异类：距离不到 margin 的部分
# en: similar: the loss is the distance; dissimilar: what the distance lacks to reach the margin
assert torch.allclose(per_pair, torch.stack([distance[0], 1 - distance[1]]))
print(distance)
per_pair
# Out: tensor([0.7000, 0.6000])
# Out: tensor([0.7000, 0.4000])
# --8<-- [end:hinge-embedding]

# --8<-- [start:cosine-embedding]
a = torch.tensor([[1.0, 0.0], [1.0, 0.0], [1.0, 0.0]])
b = torch.tensor([[1.0, 1.0], [1.0, 1.0], [-1.0, 0.2]])
pair_label = torch.tensor([1.0, -1.0, -1.0])
cosine_loss = nn.CosineEmbeddingLoss(margin=0.2)
assert nn.CosineEmbeddingLoss().margin == 0 and cosine_loss.reduction == "mean"
cos = nn.CosineSimilarity(dim=1)(a, b)
per_pair = nn.CosineEmbeddingLoss(margin=0.2, reduction="none")(a, b, pair_label)
# zh: y = 1 时损失为 1 - cos，y = -1 时为 max(0, cos - margin)
# en: y = 1: 1 - cos; y = -1: max(0, cos - margin)
expected = torch.where(pair_label == 1, 1 - cos, (cos - 0.2).clamp(min=0))
assert torch.allclose(per_pair, expected)
# zh: 45° 的夹角：cos = 1/√2
# en: an angle of 45°: cos = 1/√2
assert math.isclose(cos[0].item(), 1 / math.sqrt(2), rel_tol=1e-6)
print(cos)
per_pair
# Out: tensor([ 0.7071,  0.7071, -0.9806])
# Out: tensor([0.2929, 0.5071, 0.0000])
# --8<-- [end:cosine-embedding]

# --8<-- [start:soft-margin]
# zh: 分数与 ±1 标签，形状任意，这里是 2 × 2
# en: scores and ±1 labels, any shape; here 2 × 2
scores = torch.tensor([[0.5, -1.0], [2.0, 0.0]])
signs = torch.tensor([[1.0, -1.0], [-1.0, 1.0]])
soft = nn.SoftMarginLoss()
assert soft.reduction == "mean"
by_hand = torch.log(1 + torch.exp(-signs * scores)).mean()
assert torch.allclose(soft(scores, signs), by_hand)
# zh: 把 ±1 换成 1/0，就是带 logits 的二元交叉熵
# en: turn ±1 into 1/0 and it is binary cross-entropy on logits
as_bce = F.binary_cross_entropy_with_logits(scores, (signs + 1) / 2)
assert torch.allclose(soft(scores, signs), as_bce)
# zh: 分数为 0 的那一项是 log 2
# en: the term with a score of 0 is log 2
per_term = nn.SoftMarginLoss(reduction="none")(scores, signs)
assert math.isclose(per_term[1, 1].item(), math.log(2), rel_tol=1e-6)
soft(scores, signs)
# Out: tensor(0.9019)
# --8<-- [end:soft-margin]

# --8<-- [start:plus-minus-one]
# zh: 常见错误：按二分类的习惯把“不相似”写成 0
# en: a common mistake: writing "dissimilar" as 0, out of a binary-classification habit
zero_one = torch.tensor([1.0, 0.0])
# zh: MarginRankingLoss：y = 0 时损失恒等于 margin，梯度为 0
# en: MarginRankingLoss: with y = 0 the loss is the margin whatever the scores, gradient 0
s1 = torch.tensor([1.0, 3.0], requires_grad=True)
s2 = torch.tensor([2.0, 1.0])
loss = nn.MarginRankingLoss(margin=0.5, reduction="none")(s1, s2, zero_one)
loss.sum().backward()
assert loss[1] == 0.5 and s1.grad[1] == 0
# zh: HingeEmbeddingLoss：y = 0 时两项都算上，距离与 margin - 距离 加在一起
# en: HingeEmbeddingLoss: with y = 0 both terms count, the distance plus margin - distance
d = torch.tensor([0.3, 0.3])
hinge_zero = nn.HingeEmbeddingLoss(reduction="none")(d, zero_one)
assert torch.allclose(hinge_zero, torch.tensor([0.3, 0.3 + 0.7]))
# zh: CosineEmbeddingLoss：y = 0 的配对损失为 0，等于被悄悄丢掉
# en: CosineEmbeddingLoss: a pair with y = 0 has a loss of 0, silently dropped
cos_zero = nn.CosineEmbeddingLoss(reduction="none")(a[:2], b[:2], zero_one)
assert cos_zero[1] == 0
# zh: SoftMarginLoss：y = 0 时每项都是 log 2
# en: SoftMarginLoss: with y = 0 every term is log 2
soft_zero = nn.SoftMarginLoss(reduction="none")(scores, torch.zeros(2, 2))
assert torch.allclose(soft_zero, torch.full((2, 2), math.log(2)))
# zh: 正确做法：把 0/1 换成 -1/+1
# en: the fix: map 0/1 to -1/+1
zero_one * 2 - 1
# Out: tensor([ 1., -1.])
# --8<-- [end:plus-minus-one]

# --8<-- [start:multi-margin]
# zh: 2 个样本、4 个类别的分数，正确类别分别是 2 和 0
# en: scores of 2 samples over 4 classes; the right classes are 2 and 0
scores = torch.tensor([[0.1, 0.2, 0.9, 0.5], [0.3, 0.6, -0.2, 0.1]])
labels = torch.tensor([2, 0])
svm = nn.MultiMarginLoss()
assert (svm.p, svm.margin, svm.weight, svm.reduction) == (1, 1.0, None, "mean")
per_sample = nn.MultiMarginLoss(reduction="none")(scores, labels)
# zh: 第 0 个样本手算：其余每个类别 max(0, 1 - 0.9 + x_i)，求和后除以类别数 4
# en: sample 0 by hand: max(0, 1 - 0.9 + x_i) for each other class, summed, divided by 4 classes
terms = [max(0.0, 1 - 0.9 + xi) for xi in (0.1, 0.2, 0.5)]
assert math.isclose(per_sample[0].item(), sum(terms) / 4, rel_tol=1e-6)
print([round(t, 4) for t in terms])
per_sample
# Out: [0.2, 0.3, 0.6]
# Out: tensor([0.2750, 0.6500])
# --8<-- [end:multi-margin]

# --8<-- [start:multi-margin-options]
# zh: p=2 把每一项平方；weight 给每个类别一个权重，取正确类别的那个，乘在平方之后的和上
# en: p=2 squares each term; weight holds one weight per class, and the true class's weight
# en: multiplies the sum of the squared terms
class_weight = torch.tensor([3.0, 1.0, 2.0, 1.0])
squared_hinge = nn.MultiMarginLoss(p=2, margin=0.5, weight=class_weight, reduction="none")
squared = squared_hinge(scores, labels)
for n in range(2):
    t = (0.5 - scores[n, labels[n]] + scores[n]).clamp(min=0)
    t[labels[n]] = 0
    assert torch.isclose(squared[n], class_weight[labels[n]] * (t**2).sum() / 4)
# zh: 只支持 p = 1 与 p = 2
# en: only p = 1 and p = 2 are supported
try:
    nn.MultiMarginLoss(p=3)
except ValueError as error:
    print("ValueError:", error)
else:
    raise AssertionError("p=3 was accepted")
squared
# Out: ValueError: only p == 1 and p == 2 supported
# Out: tensor([0.0050, 0.5475])
# --8<-- [end:multi-margin-options]

# --8<-- [start:multilabel-margin]
# zh: 1 个样本、4 个类别；它同时属于第 3 类和第 0 类
# en: 1 sample, 4 classes; it belongs to class 3 and class 0 at once
scores = torch.tensor([[0.1, 0.2, 0.4, 0.8]])
# zh: 目标是类别索引，写完有效的索引后用 -1 填充到类别数那么长
# en: the target lists class indices, padded with -1 after the last valid one up to C entries
target = torch.tensor([[3, 0, -1, -1]])
multilabel = nn.MultiLabelMarginLoss()
assert multilabel.reduction == "mean"
loss = multilabel(scores, target)
# zh: 每个（正确类别 j，其余类别 i）组合：max(0, 1 - (x_j - x_i))，求和后除以 4
# en: for every (target class j, other class i): max(0, 1 - (x_j - x_i)), summed, divided by 4
x = scores[0].tolist()
hinges = [max(0.0, 1 - (x[j] - x[i])) for j in (3, 0) for i in (1, 2)]
assert math.isclose(loss.item(), sum(hinges) / 4, rel_tol=1e-6)
print([round(h, 4) for h in hinges])
loss
# Out: [0.4, 0.6, 1.1, 1.3]
# Out: tensor(0.8500)
# --8<-- [end:multilabel-margin]

# --8<-- [start:multilabel-target]
# zh: 第一个 -1 之后的内容一律忽略
# en: everything after the first -1 is ignored
cut_short = multilabel(scores, torch.tensor([[3, -1, 0, 2]]))
assert cut_short == multilabel(scores, torch.tensor([[3, -1, -1, -1]]))
# zh: 常见错误：给出 0/1 的多热向量。它被当成类别索引 1、0、0、1，不报错
# en: a common mistake: a 0/1 multi-hot vector. It is read as class indices 1, 0, 0, 1,
# en: with no error
multi_hot = torch.tensor([[1, 0, 0, 1]])
wrong = multilabel(scores, multi_hot)
# zh: 实际算的是类别 {0, 1}，而且每个算了两遍
# en: what it computes is classes {0, 1}, each counted twice
assert torch.isclose(wrong, 2 * multilabel(scores, torch.tensor([[1, 0, -1, -1]])))


# zh: 正确做法：把多热向量转成“索引 + -1 填充”
# en: the fix: turn the multi-hot vector into indices padded with -1
def to_indices(multi_hot):
    rows = []
    for row in multi_hot:
        classes = row.nonzero().flatten().tolist()
        rows.append(classes + [-1] * (len(row) - len(classes)))
    return torch.tensor(rows)


fixed = to_indices(multi_hot)
assert multilabel(scores, fixed) == loss
# zh: 多热目标可以直接交给 MultiLabelSoftMarginLoss（浮点的 0/1）
# en: a multi-hot target can go straight into MultiLabelSoftMarginLoss (as 0/1 floats)
assert nn.MultiLabelSoftMarginLoss()(scores, multi_hot.float()).shape == ()
print(f"multi-hot: {wrong.item():.4f}, indices: {multilabel(scores, fixed).item():.4f}")
fixed
# Out: multi-hot: 2.9000, indices: 0.8500
# Out: tensor([[ 0,  3, -1, -1]])
# --8<-- [end:multilabel-target]

# --8<-- [start:triplet]
# zh: 三个二维三元组：锚点都在原点，正样本都在 (1, 0)，负样本由远到近
# en: three 2-D triplets: every anchor at the origin, every positive at (1, 0),
# en: the negatives from far to near
anchor = torch.zeros(3, 2)
positive = torch.tensor([[1.0, 0.0]] * 3)
negative = torch.tensor([[0.0, 2.5], [1.5, 0.5], [-0.6, 0.0]])
triplet = nn.TripletMarginLoss()
assert (triplet.margin, triplet.p, triplet.swap, triplet.reduction) == (1.0, 2.0, False, "mean")
per_triplet = nn.TripletMarginLoss(reduction="none")(anchor, positive, negative)
pdist = nn.PairwiseDistance()
d_ap, d_an = pdist(anchor, positive), pdist(anchor, negative)
assert torch.allclose(per_triplet, (d_ap - d_an + 1).clamp(min=0))
assert torch.allclose(triplet(anchor, positive, negative), per_triplet.mean())
print("d(a, p):", d_ap)
print("d(a, n):", d_an)
per_triplet
# Out: d(a, p): tensor([1.0000, 1.0000, 1.0000])
# Out: d(a, n): tensor([2.5000, 1.5811, 0.6000])
# Out: tensor([0.0000, 0.4189, 1.4000])
# --8<-- [end:triplet]

# --8<-- [start:triplet-swap]
# zh: swap=True：用 d(a, n) 与 d(p, n) 中较小的那个
# en: swap=True: use the smaller of d(a, n) and d(p, n)
d_pos_neg = pdist(positive, negative)
swapped = nn.TripletMarginLoss(swap=True, reduction="none")(anchor, positive, negative)
assert torch.allclose(swapped, (d_ap - torch.minimum(d_an, d_pos_neg) + 1).clamp(min=0))
print("d(p, n):", d_pos_neg)
swapped
# Out: d(p, n): tensor([2.6926, 0.7071, 1.6000])
# Out: tensor([0.0000, 1.2929, 1.4000])
# --8<-- [end:triplet-swap]

# --8<-- [start:triplet-plot]
figure, ax = plt.subplots(figsize=(6.4, 6))
angle = torch.linspace(0, 2 * math.pi, 200)
# zh: 半径 d(a, p) 与 d(a, p) + margin 的两个圆把平面分成三块
# en: circles of radius d(a, p) and d(a, p) + margin split the plane into three zones
ax.set_facecolor("#e8f4e8")
ax.fill([], [], color="#e8f4e8", label="easy zone: loss 0")
for radius, colour, name in [(2.0, "#fde9c8", "semi-hard"), (1.0, "#f6c4c4", "hard")]:
    ax.fill(radius * angle.cos(), radius * angle.sin(), color=colour, label=f"{name} zone")
ax.plot(2 * angle.cos(), 2 * angle.sin(), color="grey", linewidth=0.8, linestyle="--")
ax.annotate("", xy=(0, -2), xytext=(0, -1), arrowprops={"arrowstyle": "<->"})
ax.text(0.08, -1.55, "margin = 1", fontsize=10)
ax.scatter([0], [0], s=80, color="black", zorder=3)
ax.text(0, 0.15, "anchor", fontsize=10, ha="center")
ax.scatter([1], [0], s=80, color="tab:green", zorder=3)
ax.text(1.1, -0.25, "positive", fontsize=10, color="tab:green")
kinds = ["easy", "semi-hard", "hard"]
# zh: 每个标签放在不挡住别的点的位置
# en: each label goes where it hides nothing else
offsets = [(0.12, -0.1), (0.0, 0.2), (0.0, -0.55)]
points = zip(negative.tolist(), kinds, per_triplet.tolist(), offsets, strict=True)
for (nx, ny), kind, value, (dx, dy) in points:
    ax.scatter([nx], [ny], s=80, color="tab:red", marker="s", zorder=3)
    label = f"{kind} negative\nloss {value:.2f}"
    ax.text(nx + dx, ny + dy, label, fontsize=9, color="tab:red", ha="left" if dx else "center")
ax.set_xlim(-2.8, 3.2)
ax.set_ylim(-2.8, 3.2)
ax.set_aspect("equal")
ax.set_xlabel("embedding dimension 1")
ax.set_ylabel("embedding dimension 2")
ax.set_title("Triplet margin loss: where the negative falls")
ax.legend(loc="lower left", fontsize=9)
figure
# --8<-- [end:triplet-plot]

# --8<-- [start:triplet-distance]
torch.manual_seed(0)
anchor, positive, negative = torch.randn(3, 4, 8).unbind(0)
# zh: 不给 distance_function 时用的就是 PairwiseDistance()，与 TripletMarginLoss() 相同
# en: without a distance_function it uses PairwiseDistance(), the same as TripletMarginLoss()
default = nn.TripletMarginWithDistanceLoss()
assert (default.margin, default.swap, default.reduction) == (1.0, False, "mean")
plain = nn.TripletMarginLoss()
assert torch.allclose(default(anchor, positive, negative), plain(anchor, positive, negative))
# zh: 换成 L1 距离，等于 TripletMarginLoss(p=1)，swap 也一样
# en: with the L1 distance it equals TripletMarginLoss(p=1), swap included
l1 = nn.TripletMarginWithDistanceLoss(distance_function=nn.PairwiseDistance(p=1), swap=True)
plain_l1 = nn.TripletMarginLoss(p=1, swap=True)
assert torch.allclose(l1(anchor, positive, negative), plain_l1(anchor, positive, negative))
# zh: 余弦距离 1 - cos：TripletMarginLoss 做不到
# en: the cosine distance 1 - cos, which TripletMarginLoss cannot do
cosine = nn.CosineSimilarity(dim=1)


def cosine_distance(u, v):
    return 1 - cosine(u, v)


by_cosine = nn.TripletMarginWithDistanceLoss(distance_function=cosine_distance, margin=0.2)
# zh: 参数只能以关键字传入
# en: the arguments are keyword-only
try:
    nn.TripletMarginWithDistanceLoss(cosine_distance)
except TypeError:
    pass
else:
    raise AssertionError("a positional distance_function was accepted")
d_ap, d_an = cosine_distance(anchor, positive), cosine_distance(anchor, negative)
by_hand = (d_ap - d_an + 0.2).clamp(min=0).mean()
assert torch.isclose(by_cosine(anchor, positive, negative), by_hand)
by_cosine(anchor, positive, negative)
# Out: tensor(0.1436)
# --8<-- [end:triplet-distance]

# --8<-- [start:ctc-paths]
# zh: 3 个符号：0 是空白（写作 -），1 是 a，2 是 b；目标是“ab”
# en: 3 symbols: 0 is the blank (written -), 1 is a, 2 is b; the target is "ab"
alphabet = "-ab"
target = [1, 2]


def collapse(path):
    # zh: 先合并相邻的重复符号，再去掉空白
    # en: merge runs of the same symbol first, then drop the blanks
    merged = [s for i, s in enumerate(path) if i == 0 or s != path[i - 1]]
    return [s for s in merged if s != 0]


assert collapse([1, 1, 0, 2]) == [1, 2]
# zh: 空白把两个相同的字母隔开：a-a 是“aa”，aa 只是“a”
# en: a blank keeps two equal letters apart: a-a is "aa", aa is just "a"
assert collapse([1, 0, 1]) == [1, 1] and collapse([1, 1]) == [1]
# zh: T = 4 步时，3**4 = 81 条路径中有多少条折叠成“ab”
# en: with T = 4 steps, how many of the 3**4 = 81 paths collapse to "ab"
T = 4
paths = [p for p in itertools.product(range(3), repeat=T) if collapse(list(p)) == target]
names = ["".join(alphabet[s] for s in p) for p in paths]
print(len(paths))
print(" ".join(names))
# Out: 15
# Out: --ab -a-b -aab -ab- -abb a--b a-b- a-bb aa-b aaab aab- aabb ab-- abb- abbb
# --8<-- [end:ctc-paths]

# --8<-- [start:ctc-loss]
# zh: 每个时间步对 (-, a, b) 的概率：模型 softmax 之后的输出，每行之和为 1
# en: the probabilities of (-, a, b) at each time step, as after a softmax: each row sums to 1
probs = torch.tensor(
    [
        [0.5, 0.4, 0.1],
        [0.3, 0.5, 0.2],
        [0.4, 0.2, 0.4],
        [0.6, 0.1, 0.3],
    ]
)
assert torch.allclose(probs.sum(dim=1), torch.ones(T))
# zh: 一条路径的概率是各步概率之积；目标的概率是所有有效路径的概率之和
# en: a path's probability is the product over its steps; the target's is the sum over valid paths
path_probs = torch.stack([probs[torch.arange(T), torch.tensor(p)].prod() for p in paths])
total = path_probs.sum()
# zh: CTCLoss 要的是对数概率，形状 (T, N, C)；这里 N = 1
# en: CTCLoss wants log-probabilities shaped (T, N, C); here N = 1
log_probs = probs.log().unsqueeze(1)
ctc = nn.CTCLoss(reduction="sum")
loss = ctc(log_probs, torch.tensor([target]), torch.tensor([T]), torch.tensor([len(target)]))
assert torch.allclose(loss, -total.log())
best = path_probs.argmax()
print(f"most likely path {names[best]}: {path_probs[best].item():.4f}")
print(f"sum over 15 paths: {total.item():.4f}, -log: {-total.log().item():.4f}")
loss
# Out: most likely path -ab-: 0.0600
# Out: sum over 15 paths: 0.3576, -log: 1.0283
# Out: tensor(1.0283)
# --8<-- [end:ctc-loss]

# --8<-- [start:ctc-plot]
# zh: 扩展后的目标：字母之间和首尾都插入空白，“ab”变成 - a - b -，共 5 个状态
# en: the extended target puts a blank between and around the letters: "ab" becomes
# en: - a - b -, 5 states
states = ["blank", "a", "blank", "b", "blank"]


def state_path(path):
    # zh: 已经输出了 k 个字母时，空白在第 2k 个状态，刚输出的字母在第 2k - 1 个状态
    # en: after k letters, a blank sits in state 2k and the letter just emitted in state 2k - 1
    k, rows = 0, []
    for i, s in enumerate(path):
        if s != 0 and (i == 0 or s != path[i - 1]):
            k += 1
        rows.append(2 * k - 1 if s != 0 else 2 * k)
    return rows


figure, axes = plt.subplots(3, 5, figsize=(12, 7.5), sharex=True, sharey=True)
order = path_probs.argsort(descending=True)
for ax, i in zip(axes.flat, order.tolist(), strict=True):
    grid_t, grid_s = torch.meshgrid(torch.arange(T), torch.arange(5), indexing="ij")
    ax.scatter(grid_t.flatten(), grid_s.flatten(), s=12, color="lightgrey")
    rows = state_path(paths[i])
    # zh: 每条路径从前两个状态之一出发，停在后两个状态之一
    # en: every path starts in one of the first two states and ends in one of the last two
    assert rows[0] in (0, 1) and rows[-1] in (3, 4)
    ax.plot(range(T), rows, marker="o", color="tab:blue", linewidth=2)
    ax.set_title(f"{names[i]}   p = {path_probs[i].item():.4f}", fontsize=10)
    ax.set_yticks(range(5), states)
    ax.set_xticks(range(T), [f"t={t + 1}" for t in range(T)])
# zh: 各子图共用纵轴：翻转一次，第一个状态就到了最上面
# en: the panels share the y axis: flip it once to put the first state on top
axes[0, 0].invert_yaxis()
for ax in axes[:, 0]:
    ax.set_ylabel("extended target")
figure.suptitle(
    f"The 15 alignments of 'ab' over T = 4 steps ('-' is the blank; sum p = {total:.4f})"
)
figure.tight_layout()
figure
# --8<-- [end:ctc-plot]

# --8<-- [start:ctc-batch]
torch.manual_seed(0)
# zh: 一批 2 条序列：模型按 batch_first 输出 (N, T, C)，CTCLoss 却要 (T, N, C)
# en: a batch of 2 sequences: a batch_first model outputs (N, T, C), but CTCLoss wants (T, N, C)
logits = torch.randn(2, 4, 3)
log_probs = logits.log_softmax(dim=2).transpose(0, 1)
assert log_probs.shape == (4, 2, 3)
# zh: 第二条序列只有 3 步有效，目标只有一个字母“b”；填充位置的值不起作用
# en: the second sequence has only 3 real steps and a one-letter target "b"; padding is ignored
padded = torch.tensor([[1, 2], [2, 0]])
input_lengths = torch.tensor([4, 3])
target_lengths = torch.tensor([2, 1])
per_seq = nn.CTCLoss(reduction="none")(log_probs, padded, input_lengths, target_lengths)
# zh: 也可以把所有目标首尾相接成一维，结果相同
# en: the targets may also be concatenated into one flat tensor: same result
flat = torch.tensor([1, 2, 2])
from_flat = nn.CTCLoss(reduction="none")(log_probs, flat, input_lengths, target_lengths)
assert torch.allclose(per_seq, from_flat)
# zh: 默认 reduction='mean'：先除以各自的目标长度，再对批取平均
# en: the default reduction='mean' divides by each target length first, then averages the batch
mean = nn.CTCLoss()(log_probs, padded, input_lengths, target_lengths)
assert nn.CTCLoss().blank == 0 and nn.CTCLoss().reduction == "mean"
assert torch.allclose(mean, (per_seq / target_lengths).mean())
assert not torch.allclose(mean, per_seq.mean())
print(per_seq)
mean
# Out: tensor([2.3719, 1.4543])
# Out: tensor(1.3201)
# --8<-- [end:ctc-batch]

# --8<-- [start:ctc-infinity]
torch.manual_seed(0)
# zh: 两条只有 2 步的序列：目标“aa”至少要 3 步（a-a），没有任何有效路径；目标“a”没问题
# en: two sequences of only 2 steps: the target "aa" needs at least 3 (a-a), so no path is
# en: valid; the target "a" is fine
short = torch.randn(2, 2, 3, requires_grad=True)
targets = torch.tensor([[1, 1], [1, 0]])
lengths = (torch.tensor([2, 2]), torch.tensor([2, 1]))
per_seq = nn.CTCLoss(reduction="none")(short.log_softmax(dim=2), targets, *lengths)
assert per_seq[0] == math.inf and per_seq[1].isfinite()
# zh: 默认 zero_infinity=False：整批的损失是 inf，坏样本的梯度是 nan
# en: the default zero_infinity=False: the batch loss is inf, the bad sample's gradient nan
assert nn.CTCLoss().zero_infinity is False
loss = nn.CTCLoss()(short.log_softmax(dim=2), targets, *lengths)
loss.backward()
assert loss == math.inf and short.grad[:, 0].isnan().all()
# zh: zero_infinity=True：坏样本的损失与梯度置为 0，好样本照常训练
# en: zero_infinity=True: the bad sample's loss and gradient become 0, the good one trains as usual
short.grad = None
safe = nn.CTCLoss(zero_infinity=True)(short.log_softmax(dim=2), targets, *lengths)
safe.backward()
assert (short.grad[:, 0] == 0).all() and short.grad[:, 1].abs().sum() > 0
# zh: 平均时坏样本按 0 计入：(0 / 2 + 第二条的损失 / 1) / 2
# en: the bad sample counts as 0 in the mean: (0 / 2 + second loss / 1) / 2
assert torch.isclose(safe, per_seq[1] / 2)
print(per_seq)
print(loss)
safe
# Out: tensor([   inf, 1.4126], grad_fn=<CtcLossBackward0>)
# Out: tensor(inf, grad_fn=<MeanBackward0>)
# Out: tensor(0.7063, grad_fn=<MeanBackward0>)
# --8<-- [end:ctc-infinity]

# --8<-- [start:defaults]
# zh: 本页所有损失的默认 reduction 都是 'mean'；默认的 margin 各不相同
# en: every loss on this page defaults to reduction='mean'; their default margins differ
losses = [
    nn.MarginRankingLoss(),
    nn.HingeEmbeddingLoss(),
    nn.CosineEmbeddingLoss(),
    nn.SoftMarginLoss(),
    nn.MultiMarginLoss(),
    nn.MultiLabelMarginLoss(),
    nn.TripletMarginLoss(),
    nn.TripletMarginWithDistanceLoss(),
    nn.CTCLoss(),
]
for criterion in losses:
    assert criterion.reduction == "mean"
    margin = getattr(criterion, "margin", "-")
    print(f"{type(criterion).__name__:30} margin {margin}")
# Out: MarginRankingLoss              margin 0.0
# Out: HingeEmbeddingLoss             margin 1.0
# Out: CosineEmbeddingLoss            margin 0.0
# Out: SoftMarginLoss                 margin -
# Out: MultiMarginLoss                margin 1.0
# Out: MultiLabelMarginLoss           margin -
# Out: TripletMarginLoss              margin 1.0
# Out: TripletMarginWithDistanceLoss  margin 1.0
# Out: CTCLoss                        margin -
# --8<-- [end:defaults]
