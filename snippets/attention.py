# Attention: the code of docs/zh/attention.md and docs/en/attention.md.
# Run it from the repository root: python snippets/attention.py

# --8<-- [start:imports]
import math
import warnings

import matplotlib.pyplot as plt
import torch
import torch.nn.functional as F
from torch import nn

# --8<-- [end:imports]

# --8<-- [start:tiny]
# zh: 3 个查询、4 个键，每个向量 d = 2 维；每个键配一个 3 维的值
# en: 3 queries and 4 keys of d = 2 numbers each; every key comes with a value of 3 numbers
Q = torch.tensor([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]])
K = torch.tensor([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0], [-1.0, 0.0]])
# zh: 值：3 个单位向量，外加一个全 1 向量
# en: values: the 3 unit vectors, then a vector of ones
V = torch.cat([torch.eye(3), torch.ones(1, 3)])
d = Q.shape[-1]
scores = Q @ K.T / math.sqrt(d)
weights = scores.softmax(dim=-1)
out = weights @ V
# zh: 每个查询对 4 个键的权重之和为 1
# en: each query's 4 weights sum to 1
assert torch.allclose(weights.sum(dim=-1), torch.ones(3))
print(scores)
print(weights)
# Out: tensor([[ 0.7071,  0.0000,  0.7071, -0.7071],
# Out:         [ 0.0000,  0.7071,  0.7071,  0.0000],
# Out:         [ 0.7071,  0.7071,  1.4142, -0.7071]])
# Out: tensor([[0.3655, 0.1802, 0.3655, 0.0889],
# Out:         [0.1651, 0.3349, 0.3349, 0.1651],
# Out:         [0.2341, 0.2341, 0.4748, 0.0569]])
# --8<-- [end:tiny]

# --8<-- [start:by-hand-weight]
# zh: 第 0 个查询 (1, 0) 与 4 个键的点积是 1、0、1、-1，再除以 √2
# en: query 0, (1, 0), has dot products 1, 0, 1, -1 with the 4 keys, then divided by √2
e = [math.exp(s / math.sqrt(2)) for s in (1, 0, 1, -1)]
w00 = e[0] / sum(e)
assert math.isclose(w00, weights[0, 0].item(), rel_tol=1e-6)
# zh: 输出的第 0 行：值向量按权重加权求和
# en: row 0 of the output: the values summed with those weights
assert torch.allclose(out[0], sum(weights[0, j] * V[j] for j in range(4)))
print(f"{e[0]:.4f} / ({' + '.join(f'{x:.4f}' for x in e)}) = {w00:.4f}")
out
# Out: 2.0281 / (2.0281 + 1.0000 + 2.0281 + 0.4931) = 0.3655
# Out: tensor([[0.4543, 0.2691, 0.4543],
# Out:         [0.3302, 0.5000, 0.5000],
# Out:         [0.2910, 0.2910, 0.5318]])
# --8<-- [end:by-hand-weight]

# --8<-- [start:sdpa]
# zh: PyTorch 的函数版本：默认的缩放因子就是 1/√d
# en: PyTorch's function: its default scale is 1/√d
sdpa = F.scaled_dot_product_attention(Q, K, V)
assert torch.allclose(sdpa, out)
# zh: 查询与键的维数必须相同，值的维数可以不同；输出有 3 行（查询数）、3 列（值的维数）
# en: queries and keys must have the same size, values need not; the output has one row per
# en: query and as many columns as a value
sdpa.shape
# Out: torch.Size([3, 3])
# --8<-- [end:sdpa]

# --8<-- [start:scale]
torch.manual_seed(0)
for d in (2, 16, 128):
    # zh: 10000 对互相独立、各分量服从标准正态分布的 q 与 k
    # en: 10,000 independent pairs q, k with standard normal entries
    q, k = torch.randn(10_000, d), torch.randn(10_000, d)
    dots = (q * k).sum(dim=-1)
    # zh: 8 个键的得分，缩放与不缩放时 softmax 最大权重的平均值
    # en: scores for 8 keys: the mean of softmax's largest weight, unscaled and scaled
    rows = dots.reshape(-1, 8)
    top = rows.softmax(dim=-1).amax(dim=-1).mean()
    top_scaled = (rows / math.sqrt(d)).softmax(dim=-1).amax(dim=-1).mean()
    print(
        f"d={d:3d}  var(q·k)={dots.var():7.2f}  var(q·k/√d)={(dots / math.sqrt(d)).var():.2f}"
        f"  max weight {top:.2f} → {top_scaled:.2f}"
    )
# Out: d=  2  var(q·k)=   2.04  var(q·k/√d)=1.02  max weight 0.48 → 0.38
# Out: d= 16  var(q·k)=  15.54  var(q·k/√d)=0.97  max weight 0.75 → 0.36
# Out: d=128  var(q·k)= 127.73  var(q·k/√d)=1.00  max weight 0.92 → 0.36
# --8<-- [end:scale]

# --8<-- [start:mha]
torch.manual_seed(0)
mha = nn.MultiheadAttention(embed_dim=8, num_heads=2)
# zh: 默认 batch_first=False：输入与输出的形状是 (L, N, E)，序列长度在前
# en: the default is batch_first=False: inputs and outputs are (L, N, E), sequence first
assert mha.batch_first is False
L, N, E = 5, 3, 8
x = torch.randn(L, N, E)
# zh: 自注意力：查询、键、值都是同一个序列
# en: self-attention: query, key and value are the same sequence
y, w = mha(x, x, x)
assert isinstance(mha.out_proj, nn.Linear)
# zh: embed_dim 必须能被 num_heads 整除
# en: embed_dim must be divisible by num_heads
try:
    nn.MultiheadAttention(embed_dim=8, num_heads=3)
except AssertionError as error:
    assert "divisible by num_heads" in str(error)
else:
    raise AssertionError("8 features split into 3 heads should have failed")
print(y.shape, w.shape)
for name, parameter in mha.named_parameters():
    print(name, tuple(parameter.shape))
# Out: torch.Size([5, 3, 8]) torch.Size([3, 5, 5])
# Out: in_proj_weight (24, 8)
# Out: in_proj_bias (24,)
# Out: out_proj.weight (8, 8)
# Out: out_proj.bias (8,)
# --8<-- [end:mha]

# --8<-- [start:weights]
# zh: 默认返回各头平均后的权重 (N, L, S)；average_attn_weights=False 时逐头返回
# en: by default the weights are averaged over the heads, (N, L, S);
# en: average_attn_weights=False keeps one map per head
_, per_head = mha(x, x, x, average_attn_weights=False)
assert per_head.shape == (N, 2, L, L)
assert torch.allclose(per_head.mean(dim=1), w)
# zh: need_weights=False 时不返回权重，只算输出
# en: need_weights=False returns no weights, only the output
y2, nothing = mha(x, x, x, need_weights=False)
assert nothing is None
assert torch.allclose(y2, y, atol=1e-6)
per_head.shape
# Out: torch.Size([3, 2, 5, 5])
# --8<-- [end:weights]

# --8<-- [start:batch-first]
torch.manual_seed(0)
mha_bf = nn.MultiheadAttention(embed_dim=8, num_heads=2, batch_first=True)
# zh: 同一批数据按 (N, L, E) 排列；形状与权重形状都变了
# en: the same batch laid out as (N, L, E); the outputs follow that layout
xb = x.transpose(0, 1)
y_bf, w_bf = mha_bf(xb, xb, xb)
# zh: 两个层种子相同，参数相同，所以结果只差一次转置
# en: same seed, same parameters: the results differ only by a transpose
assert torch.allclose(y_bf, y.transpose(0, 1), atol=1e-6)
assert torch.allclose(w_bf, w, atol=1e-6)
# zh: 评估模式下不求梯度，可能走融合的快速路径：结果不变，也没有警告
# en: in evaluation mode without gradients the fused fast path may run: same result, no warning
mha_bf.eval()
with torch.no_grad():
    fast, _ = mha_bf(xb, xb, xb, need_weights=False)
assert torch.allclose(fast, y_bf, atol=1e-6)
y_bf.shape, w_bf.shape
# Out: (torch.Size([3, 5, 8]), torch.Size([3, 5, 5]))
# --8<-- [end:batch-first]

# --8<-- [start:cross]
torch.manual_seed(0)
# zh: 交叉注意力：5 个查询来自一个序列，7 个键与值来自另一个；键、值的特征数可以不同
# en: cross-attention: 5 queries from one sequence, 7 keys and values from another,
# en: whose feature sizes may differ
cross = nn.MultiheadAttention(embed_dim=8, num_heads=2, kdim=4, vdim=6, batch_first=True)
target = torch.randn(3, 5, 8)
memory_k, memory_v = torch.randn(3, 7, 4), torch.randn(3, 7, 6)
y_cross, w_cross = cross(target, memory_k, memory_v)
assert y_cross.shape == (3, 5, 8) and w_cross.shape == (3, 5, 7)
# zh: 三个投影不能再叠成一个矩阵：in_proj_weight 为 None，换成三个分开的权重
# en: the three projections no longer stack into one matrix: in_proj_weight is None,
# en: replaced by three separate weights
assert cross.in_proj_weight is None
for name, parameter in cross.named_parameters():
    print(name, tuple(parameter.shape))
# Out: q_proj_weight (8, 8)
# Out: k_proj_weight (8, 4)
# Out: v_proj_weight (8, 6)
# Out: in_proj_bias (24,)
# Out: out_proj.weight (8, 8)
# Out: out_proj.bias (8,)
# --8<-- [end:cross]


# --8<-- [start:by-hand]
def mha_by_hand(mha, query, key, value, attn_mask=None):
    # zh: 手算 nn.MultiheadAttention（batch_first=False）；attn_mask 按 SDPA 的约定，True 表示可以看
    # en: nn.MultiheadAttention (batch_first=False) by hand; attn_mask as in SDPA: True = attend
    L, N, E = query.shape
    S = key.shape[0]
    h = mha.num_heads
    # zh: in_proj_weight 上下叠着 W_q、W_k、W_v，各为 (E, E)
    # en: in_proj_weight stacks W_q, W_k and W_v, each (E, E)
    w_q, w_k, w_v = mha.in_proj_weight.chunk(3)
    b_q, b_k, b_v = mha.in_proj_bias.chunk(3)
    q = F.linear(query, w_q, b_q)
    k = F.linear(key, w_k, b_k)
    v = F.linear(value, w_v, b_v)
    # zh: (L, N, E) → (N, h, L, E/h)：每个头拿到特征的连续一段
    # en: (L, N, E) → (N, h, L, E/h): each head gets a contiguous slice of the features
    q = q.reshape(L, N, h, E // h).permute(1, 2, 0, 3)
    k = k.reshape(S, N, h, E // h).permute(1, 2, 0, 3)
    v = v.reshape(S, N, h, E // h).permute(1, 2, 0, 3)
    # zh: 每个头各做一次缩放点积注意力，缩放用的是头的维数 E/h
    # en: scaled dot-product attention in each head, scaled by the head size E/h
    heads = F.scaled_dot_product_attention(q, k, v, attn_mask=attn_mask)
    # zh: 把各头拼回 E 个特征，再经过输出投影
    # en: concatenate the heads back into E features, then the output projection
    concat = heads.permute(2, 0, 1, 3).reshape(L, N, E)
    return mha.out_proj(concat)


assert torch.allclose(mha_by_hand(mha, x, x, x), y, atol=1e-6)
# --8<-- [end:by-hand]

# --8<-- [start:by-hand-weights]
w_q, w_k, _ = mha.in_proj_weight.chunk(3)
b_q, b_k, _ = mha.in_proj_bias.chunk(3)
# zh: 第 0 个头用的是投影后特征的前 4 个（E/h = 4）
# en: head 0 uses the first 4 projected features (E/h = 4)
q0 = F.linear(x, w_q, b_q)[..., :4].transpose(0, 1)
k0 = F.linear(x, w_k, b_k)[..., :4].transpose(0, 1)
head0 = (q0 @ k0.transpose(1, 2) / math.sqrt(4)).softmax(dim=-1)
assert torch.allclose(head0, per_head[:, 0], atol=1e-6)
# --8<-- [end:by-hand-weights]

# --8<-- [start:causal]
# zh: 因果掩码，两种约定写同一件事
# en: a causal mask, the same thing in two conventions
allowed = torch.ones(4, 4, dtype=torch.bool).tril()
blocked = ~allowed
additive = torch.zeros(4, 4).masked_fill(blocked, float("-inf"))
print(allowed.int())
print(blocked.int())
print(additive)
# Out: tensor([[1, 0, 0, 0],
# Out:         [1, 1, 0, 0],
# Out:         [1, 1, 1, 0],
# Out:         [1, 1, 1, 1]], dtype=torch.int32)
# Out: tensor([[0, 1, 1, 1],
# Out:         [0, 0, 1, 1],
# Out:         [0, 0, 0, 1],
# Out:         [0, 0, 0, 0]], dtype=torch.int32)
# Out: tensor([[0., -inf, -inf, -inf],
# Out:         [0., 0., -inf, -inf],
# Out:         [0., 0., 0., -inf],
# Out:         [0., 0., 0., 0.]])
# --8<-- [end:causal]

# --8<-- [start:sdpa-masks]
torch.manual_seed(0)
q, k, v = torch.randn(3, 4, 2, 4, 8).unbind(0)
# zh: 手算：被挡住的得分换成 -inf，softmax 后权重为 0
# en: by hand: blocked scores become -inf, which softmax turns into weight 0
scores = q @ k.transpose(-2, -1) / math.sqrt(8)
expected = scores.masked_fill(blocked, float("-inf")).softmax(dim=-1) @ v
# zh: SDPA 的布尔掩码：True 表示“可以看”
# en: SDPA's boolean mask: True means "may attend"
assert torch.allclose(
    F.scaled_dot_product_attention(q, k, v, attn_mask=allowed), expected, atol=1e-6
)
# zh: 浮点掩码加到得分上：0 不变，-inf 挡住
# en: a float mask is added to the scores: 0 changes nothing, -inf blocks
assert torch.allclose(
    F.scaled_dot_product_attention(q, k, v, attn_mask=additive), expected, atol=1e-6
)
# zh: is_causal=True 不用自己造掩码
# en: is_causal=True builds the mask for you
causal_out = F.scaled_dot_product_attention(q, k, v, is_causal=True)
assert torch.allclose(causal_out, expected, atol=1e-6)
# zh: 两者只能给一个
# en: but not together with attn_mask
try:
    F.scaled_dot_product_attention(q, k, v, attn_mask=allowed, is_causal=True)
except RuntimeError as error:
    assert "should not be set when is_causal=True" in str(error)
else:
    raise AssertionError("is_causal=True with an attn_mask should have failed")
# zh: 把 MultiheadAttention 的约定（True 表示挡住）交给 SDPA，算出来的是另一回事
# en: MultiheadAttention's convention (True = blocked) handed to SDPA computes something else
wrong = F.scaled_dot_product_attention(q, k, v, attn_mask=blocked)
assert not torch.allclose(wrong, expected)
# --8<-- [end:sdpa-masks]

# --8<-- [start:mha-masks]
torch.manual_seed(0)
mha4 = nn.MultiheadAttention(embed_dim=8, num_heads=2)
seq = torch.randn(4, 2, 8)
# zh: key_padding_mask 的形状是 (N, S)：第 2 个序列的最后一个位置是填充
# en: key_padding_mask is (N, S): the last position of sequence 2 is padding
padding = torch.tensor([[False, False, False, False], [False, False, False, True]])
# zh: MultiheadAttention 的布尔掩码：True 表示“挡住”
# en: MultiheadAttention's boolean masks: True means "blocked"
y_bool, w_bool = mha4(seq, seq, seq, attn_mask=blocked, key_padding_mask=padding)
# zh: 浮点掩码同样是加到得分上，两个掩码都用浮点
# en: float masks are again added to the scores; give both masks as floats
padding_float = torch.zeros(2, 4).masked_fill(padding, float("-inf"))
y_float, _ = mha4(seq, seq, seq, attn_mask=additive, key_padding_mask=padding_float)
assert torch.allclose(y_bool, y_float)
# zh: 被挡住的位置权重为 0：对角线以上，以及第 2 个序列的第 3 列
# en: blocked positions get weight 0: above the diagonal, and column 3 of sequence 2
assert (w_bool[:, blocked] == 0).all() and (w_bool[1, :, 3] == 0).all()
# zh: 同一件事交给 SDPA：把“可以看”的两个条件合起来，形状 (N, 1, L, S) 对所有头广播
# en: the same thing for SDPA: combine both "may attend" conditions, shaped (N, 1, L, S)
# en: to broadcast over the heads
sdpa_mask = allowed & ~padding[:, None, None, :]
assert torch.allclose(mha_by_hand(mha4, seq, seq, seq, attn_mask=sdpa_mask), y_bool, atol=1e-6)
# zh: attn_mask 也可以是三维的，形状为 (N × num_heads, L, S)：每个样本的每个头各一个
# en: attn_mask may also be 3-D, (N × num_heads, L, S): one per head of each sample
per_sample = blocked.expand(2 * 2, 4, 4)
assert torch.allclose(
    mha4(seq, seq, seq, attn_mask=per_sample)[0], mha4(seq, seq, seq, attn_mask=blocked)[0]
)
w_bool[1]
# Out: tensor([[1.0000, 0.0000, 0.0000, 0.0000],
# Out:         [0.4927, 0.5073, 0.0000, 0.0000],
# Out:         [0.3058, 0.3409, 0.3533, 0.0000],
# Out:         [0.3572, 0.3417, 0.3011, 0.0000]], grad_fn=<SelectBackward0>)
# --8<-- [end:mha-masks]

# --8<-- [start:mixed-masks]
# zh: 一个布尔、一个浮点：能算，但会发出弃用警告
# en: one boolean mask and one float mask: it runs, but with a deprecation warning
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    mha4(seq, seq, seq, attn_mask=additive, key_padding_mask=padding)
assert len(caught) == 1
print(caught[0].category.__name__, caught[0].message)
# Out: UserWarning Support for mismatched key_padding_mask and attn_mask is deprecated. Use same type for both instead.
# --8<-- [end:mixed-masks]

# --8<-- [start:heatmap]
tokens = ["the", "cat", "sat", "on", "a", "mat"]
torch.manual_seed(0)
layer = nn.MultiheadAttention(embed_dim=16, num_heads=1, batch_first=True)
# zh: 6 个词的随机嵌入，批大小为 1
# en: random embeddings of 6 tokens, a batch of 1
words = torch.randn(1, len(tokens), 16)
no_future = torch.ones(len(tokens), len(tokens), dtype=torch.bool).triu(diagonal=1)
with torch.no_grad():
    _, full = layer(words, words, words)
    _, causal = layer(words, words, words, attn_mask=no_future)
figure, axes = plt.subplots(1, 2, figsize=(10, 4.6), layout="constrained")
for ax, weights_map, title in zip(
    axes, (full[0], causal[0]), ("no mask", "causal mask"), strict=True
):
    image = ax.imshow(weights_map.numpy(), cmap="Blues", vmin=0, vmax=1)
    for i in range(len(tokens)):
        for j in range(len(tokens)):
            value = weights_map[i, j].item()
            color = "white" if value > 0.6 else "black"
            ax.text(j, i, f"{value:.2f}", ha="center", va="center", fontsize=9, color=color)
    ax.set_xticks(range(len(tokens)), tokens)
    ax.set_yticks(range(len(tokens)), tokens)
    ax.set_xlabel("key")
    ax.set_ylabel("query")
    ax.set_title(title)
figure.colorbar(image, ax=axes, shrink=0.8, label="attention weight")
# zh: 每一行（一个查询）的权重之和都是 1
# en: every row (one query) sums to 1
assert torch.allclose(full.sum(dim=-1), torch.ones(1, 6))
assert torch.allclose(causal.sum(dim=-1), torch.ones(1, 6))
assert (causal[0][no_future] == 0).all() and causal[0, 0, 0] == 1
# zh: 加掩码后，每一行剩下的权重按比例放大，重新归一化为 1
# en: with the mask, what is left of each row is scaled up to sum to 1 again
for i in range(len(tokens)):
    kept = full[0, i, : i + 1]
    assert torch.allclose(causal[0, i, : i + 1], kept / kept.sum(), atol=1e-6)
figure
# --8<-- [end:heatmap]

# --8<-- [start:mistake-layout]
torch.manual_seed(0)
# zh: 错误示范：数据按 (N, L, E) 排列，层却是默认的 batch_first=False
# en: the mistake: data laid out as (N, L, E) for a layer left at batch_first=False
batch = torch.randn(2, 5, 8)
out_wrong, w_wrong = mha(batch, batch, batch)
# zh: 没有报错，输出形状也“对”；只有权重的形状露了馅：(5, 2, 2) 而不是 (2, 5, 5)
# en: no error, and the output has the expected shape; only the weights give it away:
# en: (5, 2, 2) instead of (2, 5, 5)
assert out_wrong.shape == batch.shape
# zh: 注意力在两个样本之间进行：改动样本 1，样本 0 的输出跟着变
# en: attention now runs across the two samples: change sample 1 and sample 0's output moves
changed = batch.clone()
changed[1] += 1
assert not torch.allclose(mha(changed, changed, changed)[0][0], out_wrong[0])
# zh: 正确做法：转置成 (L, N, E)，或者创建层时传 batch_first=True
# en: the fix: transpose to (L, N, E), or create the layer with batch_first=True
seq_first, changed_first = batch.transpose(0, 1), changed.transpose(0, 1)
right = mha(seq_first, seq_first, seq_first)[0]
right_changed = mha(changed_first, changed_first, changed_first)[0]
# zh: 这样改动样本 1，样本 0 的输出不变
# en: now changing sample 1 leaves sample 0's output alone
assert torch.allclose(right_changed[:, 0], right[:, 0])
w_wrong.shape
# Out: torch.Size([5, 2, 2])
# --8<-- [end:mistake-layout]

# --8<-- [start:mistake-mask]
# zh: 错误示范：把 SDPA 的约定（True 表示可以看）交给 MultiheadAttention
# en: the mistake: SDPA's convention (True = may attend) handed to MultiheadAttention
y_inverted, w_inverted = mha4(seq, seq, seq, attn_mask=allowed)
# zh: 每个词只能看“未来”，最后一个词什么都看不到，权重成了 NaN，输出也是
# en: each token sees only the "future", and the last one sees nothing at all:
# en: NaN weights, and a NaN output
assert y_inverted[-1].isnan().all() and not y_inverted[:-1].isnan().any()
w_inverted[0]
# Out: tensor([[0.0000, 0.2383, 0.4967, 0.2650],
# Out:         [0.0000, 0.0000, 0.3747, 0.6253],
# Out:         [0.0000, 0.0000, 0.0000, 1.0000],
# Out:         [   nan,    nan,    nan,    nan]], grad_fn=<SelectBackward0>)
# --8<-- [end:mistake-mask]
