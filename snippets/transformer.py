# Transformer layers: the code of docs/zh/transformer.md and docs/en/transformer.md.
# Run it from the repository root: python snippets/transformer.py

# --8<-- [start:imports]
import math
import warnings

import matplotlib.pyplot as plt
import torch
import torch.nn.functional as F
from torch import nn

# --8<-- [end:imports]

# --8<-- [start:encoder-layer]
torch.manual_seed(0)
# zh: d_model=32 维的词向量，4 个头，前馈网络的隐藏层 64 维；批维度在前
# en: 32-dimensional tokens (d_model), 4 heads, a feed-forward hidden layer of 64;
# en: batch dimension first
layer = nn.TransformerEncoderLayer(d_model=32, nhead=4, dim_feedforward=64, batch_first=True)
# zh: 一批 2 个序列，每个 5 个词元，每个词元 32 个特征：(N, L, E)
# en: a batch of 2 sequences of 5 tokens, 32 features per token: (N, L, E)
x = torch.randn(2, 5, 32)
y = layer(x)
# zh: 输出与输入形状相同
# en: the output has the shape of the input
assert y.shape == x.shape
print(y.shape)
layer
# Out: torch.Size([2, 5, 32])
# Out: TransformerEncoderLayer(
# Out:   (self_attn): MultiheadAttention(
# Out:     (out_proj): NonDynamicallyQuantizableLinear(in_features=32, out_features=32, bias=True)
# Out:   )
# Out:   (linear1): Linear(in_features=32, out_features=64, bias=True)
# Out:   (dropout): Dropout(p=0.1, inplace=False)
# Out:   (linear2): Linear(in_features=64, out_features=32, bias=True)
# Out:   (norm1): LayerNorm((32,), eps=1e-05, elementwise_affine=True, bias=True)
# Out:   (norm2): LayerNorm((32,), eps=1e-05, elementwise_affine=True, bias=True)
# Out:   (dropout1): Dropout(p=0.1, inplace=False)
# Out:   (dropout2): Dropout(p=0.1, inplace=False)
# Out: )
# --8<-- [end:encoder-layer]

# --8<-- [start:defaults]
# zh: 只给出两个必需的参数，其余都取默认值
# en: only the two required arguments; everything else takes its default
default = nn.TransformerEncoderLayer(d_model=32, nhead=4)
# zh: dim_feedforward 默认 2048，与 d_model 无关
# en: dim_feedforward defaults to 2048, whatever d_model is
assert default.linear1.out_features == 2048
# zh: d_model 只有 32 时，前馈网络的参数是注意力的 30 多倍
# en: with d_model at 32, the feed-forward block has over 30 times the attention's parameters
ffn_size = sum(p.numel() for m in (default.linear1, default.linear2) for p in m.parameters())
attn_size = sum(p.numel() for p in default.self_attn.parameters())
assert 30 * attn_size < ffn_size < 40 * attn_size
assert default.dropout.p == 0.1
assert default.activation is F.relu
assert default.norm_first is False
# zh: batch_first 默认是 False：输入应为 (L, N, E)
# en: batch_first defaults to False: the input should be (L, N, E)
assert default.self_attn.batch_first is False
# zh: 每个头分到 d_model / nhead = 8 维；nhead 必须整除 d_model
# en: each head gets d_model / nhead = 8 dimensions; nhead must divide d_model
assert default.self_attn.head_dim == 8
# --8<-- [end:defaults]

# --8<-- [start:post-norm]
# zh: 评估模式：关掉 dropout，输出才是确定的，才能与手算比较
# en: evaluation mode switches dropout off, so the output is fixed and can be compared
layer.eval()
attn, _ = layer.self_attn(x, x, x, need_weights=False)
h = layer.norm1(x + attn)
feed_forward = layer.linear2(F.relu(layer.linear1(h)))
by_hand = layer.norm2(h + feed_forward)
y = layer(x)
assert torch.allclose(y, by_hand, atol=1e-5)
# zh: 最后一步是 LayerNorm，每个词元的 32 个特征均值为 0、方差为 1
# en: the last step is a LayerNorm: each token's 32 features have mean 0 and variance 1
assert torch.allclose(y.mean(dim=-1), torch.zeros(2, 5), atol=1e-5)
assert torch.allclose(y.var(dim=-1, correction=0), torch.ones(2, 5), atol=1e-3)
# zh: 均值是按词元算的：2 个序列 × 5 个词元，共 10 个
# en: one mean per token: 2 sequences × 5 tokens, 10 in all
y.mean(dim=-1).shape
# Out: torch.Size([2, 5])
# --8<-- [end:post-norm]

# --8<-- [start:layer-norm]
# zh: nn.LayerNorm(32) 用在 (N, L, 32) 上：只对最后一维做归一化，即逐个词元
# en: nn.LayerNorm(32) on (N, L, 32) normalizes the last dimension only: token by token
per_token = nn.LayerNorm(32)
scaled = 3 * x + 1
z = per_token(scaled)
assert torch.allclose(z.mean(dim=-1), torch.zeros(2, 5), atol=1e-5)
# zh: 把一个词元单独拿出来归一化，结果不变：它与同一序列中的其他词元无关
# en: normalizing one token on its own gives the same numbers: the other tokens play no part
assert torch.allclose(per_token(scaled[0, 2]), z[0, 2])
# zh: 若要按样本归一化（整个序列一起统计），需写 nn.LayerNorm((5, 32))，结果不同
# en: normalizing per sample (a whole sequence at once) would be nn.LayerNorm((5, 32)),
# en: and gives other numbers
per_sample = nn.LayerNorm((5, 32))
assert not torch.allclose(per_sample(scaled), z, atol=1e-3)
# --8<-- [end:layer-norm]

# --8<-- [start:pre-norm]
torch.manual_seed(0)
pre = nn.TransformerEncoderLayer(32, 4, 64, batch_first=True, norm_first=True)
pre.eval()
# zh: 先归一化，再进入子层；残差连接加的是未经归一化的输入
# en: normalize first, then the sublayer; the residual adds the input as it was
normed = pre.norm1(x)
attn, _ = pre.self_attn(normed, normed, normed, need_weights=False)
h = x + attn
by_hand = h + pre.linear2(F.relu(pre.linear1(pre.norm2(h))))
y_pre = pre(x)
assert torch.allclose(y_pre, by_hand, atol=1e-5)
# zh: 输出没有经过归一化：每个词元的均值不为 0
# en: the output is not normalized: the tokens' means are not 0
y_pre.mean(dim=-1)
# Out: tensor([[-0.3269,  0.3131,  0.1559,  0.3047, -0.1557],
# Out:         [ 0.0532, -0.2071,  0.0838,  0.1209, -0.2261]],
# Out:        grad_fn=<MeanBackward1>)
# --8<-- [end:pre-norm]

# --8<-- [start:encoder]
torch.manual_seed(0)
layer = nn.TransformerEncoderLayer(32, 4, 64, batch_first=True)
# zh: enable_nested_tensor 默认就是 True，这里写出来
# en: enable_nested_tensor is True by default; written out here
encoder = nn.TransformerEncoder(layer, num_layers=2, enable_nested_tensor=True)
# zh: 编码器存的是 layer 的两份深拷贝，参数互相独立……
# en: the encoder holds two deep copies of layer, with parameters of their own...
assert encoder.layers[0] is not layer
first, second = encoder.layers[0].linear1.weight, encoder.layers[1].linear1.weight
assert first is not second
# zh: ……但初始值相同：都是从 layer 复制来的
# en: ...but the same initial values: both were copied from layer
assert torch.equal(first, second)
# zh: 默认没有最后的 LayerNorm
# en: no final LayerNorm by default
assert encoder.norm is None
assert encoder.use_nested_tensor
memory = encoder(x)
memory.shape
# Out: torch.Size([2, 5, 32])
# --8<-- [end:encoder]


# --8<-- [start:nested-warnings]
def nested_tensor_warning(**options):
    """What nn.TransformerEncoder says about a layer built with these options."""
    settings = {"d_model": 32, "nhead": 4, "dim_feedforward": 64} | options
    layer = nn.TransformerEncoderLayer(**settings)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        nn.TransformerEncoder(layer, num_layers=2, enable_nested_tensor=True)
    if not caught:
        return "no warning"
    (warning,) = caught
    message = str(warning.message)
    assert message.startswith("enable_nested_tensor is True, but self.use_nested_tensor is False")
    # zh: 只打印原因
    # en: print only the reason
    return message.split(" because ")[1]


print(nested_tensor_warning(batch_first=True))
print(nested_tensor_warning(batch_first=True, activation="gelu"))
print(nested_tensor_warning())
print(nested_tensor_warning(batch_first=True, norm_first=True))
print(nested_tensor_warning(batch_first=True, nhead=1))
print(nested_tensor_warning(batch_first=True, activation=nn.SiLU()))
print(nested_tensor_warning(batch_first=True, bias=False))
# Out: no warning
# Out: no warning
# Out: encoder_layer.self_attn.batch_first was not True(use batch_first for better inference performance)
# Out: encoder_layer.norm_first was True
# Out: encoder_layer.self_attn.num_heads is odd
# Out: encoder_layer.activation_relu_or_gelu was not True
# Out: encoder_layer.self_attn was passed bias=False
# --8<-- [end:nested-warnings]

# --8<-- [start:nested-off]
# zh: 前置归一化的层用不上快速路径：明确传入 enable_nested_tensor=False，就不会有警告
# en: a pre-norm layer cannot use the fast path: say enable_nested_tensor=False,
# en: and there is no warning
pre_layer = nn.TransformerEncoderLayer(32, 4, 64, batch_first=True, norm_first=True)
pre_encoder = nn.TransformerEncoder(
    pre_layer, num_layers=2, norm=nn.LayerNorm(32), enable_nested_tensor=False
)
assert not pre_encoder.use_nested_tensor
# zh: nn.Transformer 没有这个参数；batch_first 取默认值 False 时，构造它就会警告
# en: nn.Transformer has no such argument; with batch_first at its default of False,
# en: building one warns
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    model = nn.Transformer(d_model=32, nhead=4, num_encoder_layers=2, num_decoder_layers=2)
assert model.batch_first is False
assert len(caught) == 1
assert "self_attn.batch_first was not True" in str(caught[0].message)
# --8<-- [end:nested-off]

# --8<-- [start:fast-path]
encoder.eval()
# zh: 第二个序列只有 3 个真实词元，后 2 个是填充；True 表示“忽略这个位置”
# en: the second sequence has 3 real tokens and 2 of padding; True means "ignore this position"
padding = torch.tensor(
    [
        [False, False, False, False, False],
        [False, False, False, True, True],
    ]
)
# zh: 记录梯度时走普通路径
# en: while gradients are recorded, the ordinary path runs
slow = encoder(x, src_key_padding_mask=padding)
# zh: 评估模式、不记录梯度、给了填充掩码：走嵌套张量的快速路径
# en: evaluation mode, no gradients, a padding mask: the nested-tensor fast path
with torch.no_grad(), warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    fast = encoder(x, src_key_padding_mask=padding)
# zh: torch 提醒嵌套张量仍是原型功能，但每个进程只提醒一次，所以这里可能一条也没有
# en: torch points out that nested tensors are a prototype, but only once per process,
# en: so the list may be empty here
assert len(caught) <= 1
assert all("nested tensors is in prototype stage" in str(w.message) for w in caught)
# zh: 真实位置上两条路径结果一致；填充位置上快速路径输出 0
# en: at real positions both paths agree; at padded positions the fast path gives 0
real = ~padding
assert torch.allclose(fast[real], slow[real], atol=1e-5)
print(fast[1, 3:].abs().max().item(), slow[1, 3:].abs().max().item() > 0)
# Out: 0.0 True
# --8<-- [end:fast-path]

# --8<-- [start:causal-mask]
# zh: 对角线以上为 -inf 的浮点掩码：第 t 个位置只能看到 0..t
# en: a float mask, -inf above the diagonal: position t sees positions 0..t only
causal = nn.Transformer.generate_square_subsequent_mask(4)
assert causal.dtype == torch.float32
assert torch.equal(causal, torch.full((4, 4), float("-inf")).triu(diagonal=1))
# zh: 掩码加到注意力分数上，-inf 经过 softmax 成为权重 0
# en: the mask is added to the attention scores, and softmax turns -inf into a weight of 0
assert torch.equal(torch.softmax(causal, dim=-1)[1], torch.tensor([0.5, 0.5, 0.0, 0.0]))
causal
# Out: tensor([[0., -inf, -inf, -inf],
# Out:         [0., 0., -inf, -inf],
# Out:         [0., 0., 0., -inf],
# Out:         [0., 0., 0., 0.]])
# --8<-- [end:causal-mask]

# --8<-- [start:decoder]
torch.manual_seed(0)
decoder_layer = nn.TransformerDecoderLayer(32, 4, 64, batch_first=True)
decoder = nn.TransformerDecoder(decoder_layer, num_layers=2)
decoder.eval()
# zh: 目标序列：批大小 2，长 4，(N, T, E)；memory 是编码器的输出，(N, S, E)
# en: the target: a batch of 2, length 4, (N, T, E); memory is the encoder's output, (N, S, E)
tgt = torch.randn(2, 4, 32)
with torch.no_grad():
    memory = encoder(x, src_key_padding_mask=padding)
assert memory.shape == (2, 5, 32)
# zh: tgt_mask 是 (T, T)；memory_key_padding_mask 是 (N, S)，与 src_key_padding_mask 相同
# en: tgt_mask is (T, T); memory_key_padding_mask is (N, S), the same as src_key_padding_mask
out = decoder(tgt, memory, tgt_mask=causal, memory_key_padding_mask=padding)
# zh: 解码器层多了一个注意力：先对目标做掩码自注意力，再对 memory 做交叉注意力
# en: a decoder layer has one more attention: masked self-attention over the target,
# en: then cross-attention over memory
print([name for name, _ in decoder.layers[0].named_children() if "attn" in name])
out.shape
# Out: ['self_attn', 'multihead_attn']
# Out: torch.Size([2, 4, 32])
# --8<-- [end:decoder]

# --8<-- [start:causal-check]
# zh: 改掉位置 2、3 的目标词元
# en: change the target tokens at positions 2 and 3
changed = tgt.clone()
changed[:, 2:] = torch.randn(2, 2, 32)
before = decoder(tgt, memory, tgt_mask=causal, memory_key_padding_mask=padding)
after = decoder(changed, memory, tgt_mask=causal, memory_key_padding_mask=padding)
# zh: 位置 0、1 的输出不变：它们看不到后面的词元
# en: the outputs at positions 0 and 1 stay the same: they cannot see later tokens
assert torch.allclose(before[:, :2], after[:, :2], atol=1e-6)
assert not torch.allclose(before[:, 2:], after[:, 2:])
# zh: 不加掩码，位置 0 就看得到后面的词元
# en: without the mask, position 0 does see what follows
unmasked_before = decoder(tgt, memory, memory_key_padding_mask=padding)
unmasked_after = decoder(changed, memory, memory_key_padding_mask=padding)
assert not torch.allclose(unmasked_before[:, 0], unmasked_after[:, 0])
# zh: memory 中被填充的位置也看不到：改掉它们，输出不变
# en: padded positions of memory are not seen either: changing them changes nothing
other_memory = memory.clone()
other_memory[1, 3:] = 100.0
assert torch.allclose(
    decoder(tgt, other_memory, tgt_mask=causal, memory_key_padding_mask=padding),
    before,
    atol=1e-6,
)
# --8<-- [end:causal-check]

# --8<-- [start:transformer]
torch.manual_seed(0)
model = nn.Transformer(
    d_model=32,
    nhead=4,
    num_encoder_layers=2,
    num_decoder_layers=2,
    dim_feedforward=64,
    batch_first=True,
)
model.eval()
src = torch.randn(2, 5, 32)  # (N, S, E)
tgt = torch.randn(2, 4, 32)  # (N, T, E)
# zh: 几个掩码都用布尔型：True 表示“不许看”
# en: every mask boolean here: True means "may not attend"
masks = {
    "src_mask": torch.zeros(5, 5, dtype=torch.bool),  # (S, S)
    "src_key_padding_mask": padding,  # (N, S)
    "tgt_mask": torch.ones(4, 4, dtype=torch.bool).triu(diagonal=1),  # (T, T)
    "tgt_key_padding_mask": torch.zeros(2, 4, dtype=torch.bool),  # (N, T)
    "memory_mask": torch.zeros(4, 5, dtype=torch.bool),  # (T, S)
    "memory_key_padding_mask": padding,  # (N, S)
}
for name, mask in masks.items():
    print(f"{name:24} {tuple(mask.shape)}")
out = model(src, tgt, **masks)
# zh: 输出对应目标序列的每个位置：(N, T, E)
# en: one output per target position: (N, T, E)
out.shape
# Out: src_mask                 (5, 5)
# Out: src_key_padding_mask     (2, 5)
# Out: tgt_mask                 (4, 4)
# Out: tgt_key_padding_mask     (2, 4)
# Out: memory_mask              (4, 5)
# Out: memory_key_padding_mask  (2, 5)
# Out: torch.Size([2, 4, 32])
# --8<-- [end:transformer]

# --8<-- [start:parameters]
d, d_ff, n_layers = 32, 64, 2
# zh: 注意力：Q、K、V 的投影 3d×d + 3d，输出投影 d×d + d
# en: attention: the Q, K, V projections 3d×d + 3d, the output projection d×d + d
attention = 4 * d * d + 4 * d
# zh: 前馈网络：d → d_ff → d 两个线性层
# en: feed-forward: two linear layers, d → d_ff → d
feed_forward = 2 * d * d_ff + d_ff + d
# zh: 一个 LayerNorm：d 个缩放、d 个偏移
# en: one LayerNorm: d scales and d shifts
norm = 2 * d
# zh: 编码器层：1 个注意力 + 2 个 LayerNorm；解码器层：2 个注意力 + 3 个 LayerNorm；
# zh: 另有编码器、解码器最后各 1 个 LayerNorm
# en: an encoder layer: 1 attention + 2 LayerNorms; a decoder layer: 2 attentions +
# en: 3 LayerNorms; plus one final LayerNorm each for the encoder and the decoder
by_formula = {
    "attention": n_layers * attention + n_layers * 2 * attention,
    "feed-forward": 2 * n_layers * feed_forward,
    "norms": n_layers * 2 * norm + n_layers * 3 * norm + 2 * norm,
}
# zh: 按参数名把模型的参数分到三类里
# en: sort the model's parameters into the three kinds by their names
counted = dict.fromkeys(by_formula, 0)
for name, parameter in model.named_parameters():
    if "attn" in name:
        counted["attention"] += parameter.numel()
    elif "linear" in name:
        counted["feed-forward"] += parameter.numel()
    else:
        assert "norm" in name
        counted["norms"] += parameter.numel()
assert counted == by_formula
# zh: 注意力的参数量与头数无关
# en: the attention's size does not depend on the number of heads
two_heads = nn.TransformerEncoderLayer(32, 2, 64, batch_first=True)
assert sum(p.numel() for p in two_heads.self_attn.parameters()) == attention
assert sum(counted.values()) == sum(p.numel() for p in model.parameters())
for kind, count in counted.items():
    print(f"{kind:13} {count:6}")
print(f"{'total':13} {sum(counted.values()):6}")
# Out: attention      25344
# Out: feed-forward   16768
# Out: norms            768
# Out: total          42880
# --8<-- [end:parameters]

# --8<-- [start:permutation]
# zh: 打乱词元的顺序，输出只是跟着换了顺序：自注意力本身不知道位置
# en: shuffle the tokens and the outputs are merely shuffled the same way:
# en: self-attention on its own knows nothing of position
layer.eval()
order = torch.tensor([3, 0, 4, 1, 2])
assert torch.allclose(layer(x[:, order]), layer(x)[:, order], atol=1e-5)
# zh: torch.nn 里没有位置编码层
# en: torch.nn has no positional-encoding layer
[name for name in dir(nn) if "position" in name.lower()]
# Out: []
# --8<-- [end:permutation]


# --8<-- [start:positional-encoding]
def sinusoidal_encoding(length, d_model):
    """A (length, d_model) table: sines in the even columns, cosines in the odd ones."""
    position = torch.arange(length).unsqueeze(1)  # (length, 1)
    # zh: 第 i 对维度的频率 1 / 10000^(2i/d)，i = 0, 1, ..., d/2 - 1
    # en: the frequency of pair i is 1 / 10000^(2i/d), for i = 0, 1, ..., d/2 - 1
    frequency = 10000.0 ** (-torch.arange(0, d_model, 2) / d_model)
    encoding = torch.zeros(length, d_model)
    encoding[:, 0::2] = torch.sin(position * frequency)
    encoding[:, 1::2] = torch.cos(position * frequency)
    return encoding


pe = sinusoidal_encoding(50, 32)
# zh: 手算一个值：位置 p = 1，维度 2（i = 1）
# en: one value by hand: position p = 1, dimension 2 (i = 1)
assert math.isclose(pe[1, 2].item(), math.sin(1 / 10000 ** (2 / 32)), rel_tol=1e-5)
# zh: 加到词元上：(N, L, E) + (L, E) 按广播相加
# en: added to the tokens: (N, L, E) + (L, E) broadcasts
x_with_position = x + pe[:5]
assert x_with_position.shape == (2, 5, 32)
# zh: 现在打乱顺序，输出不再只是换了顺序
# en: now shuffling changes the outputs, not just their order
shuffled = x[:, order] + pe[:5]
assert not torch.allclose(layer(shuffled), layer(x_with_position)[:, order], atol=1e-3)
round(pe[1, 2].item(), 4)
# Out: 0.5332
# --8<-- [end:positional-encoding]

# --8<-- [start:positional-plot]
figure, (left, right) = plt.subplots(1, 2, figsize=(11, 4))
image = left.imshow(pe.T.numpy(), aspect="auto", cmap="RdBu_r", vmin=-1, vmax=1)
left.set_xlabel("position")
left.set_ylabel("dimension")
left.set_title("sinusoidal positional encoding")
figure.colorbar(image, ax=left)
# zh: 第 4、5 维是同一频率的正弦与余弦；维度越高，频率越低
# en: dimensions 4 and 5 are the sine and cosine of one frequency; higher dimensions are slower
for dim in (4, 5, 8, 14):
    right.plot(pe[:, dim].numpy(), marker=".", label=f"dim {dim}")
right.set_xlabel("position")
right.set_ylabel("value")
right.set_title("four dimensions")
right.legend(loc="upper left", bbox_to_anchor=(1, 1))
right.grid(alpha=0.3)
figure.tight_layout()
figure
# --8<-- [end:positional-plot]

# --8<-- [start:batch-first-mistake]
torch.manual_seed(0)
batch_first = nn.TransformerEncoderLayer(32, 4, 64, batch_first=True).eval()
# zh: 同一组权重，只是 batch_first 取默认值 False
# en: the same weights, with batch_first left at its default of False
seq_first = nn.TransformerEncoderLayer(32, 4, 64).eval()
seq_first.load_state_dict(batch_first.state_dict())
# zh: 把 (N, L, E) 直接喂给它：不报错，被当成 2 个词元、批大小 5
# en: feed it (N, L, E) as it is: no error; it is read as 2 tokens in a batch of 5
wrong = seq_first(x)
assert wrong.shape == x.shape
assert not torch.allclose(wrong, batch_first(x), atol=1e-3)
# zh: 正确做法：转成 (L, N, E)，算完再转回来
# en: the right way: transpose to (L, N, E), and back afterwards
right = seq_first(x.transpose(0, 1)).transpose(0, 1)
assert torch.allclose(right, batch_first(x), atol=1e-5)
# --8<-- [end:batch-first-mistake]

# --8<-- [start:mask-mistake]
# zh: 把填充掩码写反（True 表示真实词元）：不报错，但真实词元反而去看填充
# en: an inverted padding mask (True for real tokens): no error, but the real tokens
# en: now attend to the padding
inverted = ~padding
noisy = x.clone()
noisy[1, 3:] = 100.0
for mask in (padding, inverted):
    clean_out = encoder(x, src_key_padding_mask=mask)[1, :3]
    noisy_out = encoder(noisy, src_key_padding_mask=mask)[1, :3]
    print(torch.allclose(clean_out, noisy_out, atol=1e-5))
# Out: True
# Out: False
# --8<-- [end:mask-mistake]

# --8<-- [start:mask-types]
# zh: 浮点掩码加到注意力分数上（-inf 即屏蔽）；布尔掩码 True 即屏蔽：两者等价
# en: a float mask is added to the attention scores (-inf blocks); a boolean mask blocks
# en: where it is True: the two are equivalent
bool_causal = causal == float("-inf")
assert torch.allclose(
    decoder(tgt, memory, tgt_mask=causal), decoder(tgt, memory, tgt_mask=bool_causal), atol=1e-6
)
# zh: 但浮点的 tgt_mask 与布尔的 tgt_key_padding_mask 混用，会得到弃用警告
# en: but a float tgt_mask together with a boolean tgt_key_padding_mask is deprecated
tgt_padding = torch.zeros(2, 4, dtype=torch.bool)
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    decoder(tgt, memory, tgt_mask=causal, tgt_key_padding_mask=tgt_padding)
assert caught and all(w.category is UserWarning for w in caught)
print(caught[0].message)
# zh: 两个都用布尔型就没有警告
# en: with both boolean there is no warning
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    decoder(tgt, memory, tgt_mask=bool_causal, tgt_key_padding_mask=tgt_padding)
assert not caught
# Out: Support for mismatched key_padding_mask and attn_mask is deprecated. Use same type for both instead.
# --8<-- [end:mask-types]

# --8<-- [start:is-causal]
# zh: tgt_is_causal=True 只是一个提示，不能代替掩码
# en: tgt_is_causal=True is only a hint; it does not replace the mask
try:
    decoder(tgt, memory, tgt_is_causal=True)
except RuntimeError as error:
    print(str(error).split(".")[0])
else:
    raise AssertionError("a causal hint without a mask should fail")
# Out: Need attn_mask if specifying the is_causal hint
# --8<-- [end:is-causal]
