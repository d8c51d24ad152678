# Recurrent layers in depth: the code of docs/zh/recurrent-more.md and docs/en/recurrent-more.md.
# Run it from the repository root: python snippets/recurrent-more.py

# --8<-- [start:imports]
import warnings

import torch
from torch import nn
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence, pad_sequence

# --8<-- [end:imports]

# --8<-- [start:shapes]
torch.manual_seed(0)
# zh: 2 层、双向、batch_first：D = 2 个方向，H_out = 3
# en: 2 layers, bidirectional, batch_first: D = 2 directions, H_out = 3
bi = nn.GRU(input_size=4, hidden_size=3, num_layers=2, bidirectional=True, batch_first=True)
D, num_layers, H = 2, 2, 3
# zh: 批大小 2，序列长 5，每步 4 个特征
# en: a batch of 2, sequences of length 5, 4 features per step
x = torch.randn(2, 5, 4)
with torch.no_grad():
    out, h_n = bi(x)
# zh: out 听从 batch_first：(N, L, D·H_out)
# en: out follows batch_first: (N, L, D·H_out)
assert out.shape == (2, 5, D * H)
# zh: h_n 不听：(D·num_layers, N, H_out)
# en: h_n does not: (D·num_layers, N, H_out)
assert h_n.shape == (D * num_layers, 2, H)
out.shape, h_n.shape
# Out: (torch.Size([2, 5, 6]), torch.Size([4, 2, 3]))
# --8<-- [end:shapes]

# --8<-- [start:unbatched]
# zh: 不带批维度的一条序列：(L, H_in)，batch_first 在这里不起作用
# en: a single sequence without a batch dimension: (L, H_in); batch_first plays no part here
one = x[0]
with torch.no_grad():
    out_one, h_n_one = bi(one)
assert out_one.shape == (5, D * H)  # (L, D·H_out)
assert h_n_one.shape == (D * num_layers, H)  # (D·num_layers, H_out)
# zh: 数值与批中的第 0 条序列相同
# en: the same numbers as sequence 0 of the batch
assert torch.allclose(out_one, out[0], atol=1e-6)
assert torch.allclose(h_n_one, h_n[:, 0], atol=1e-6)
# zh: 初始状态同样不带批维度：(D·num_layers, H_out)
# en: the initial state has no batch dimension either: (D·num_layers, H_out)
with torch.no_grad():
    assert torch.equal(bi(one, torch.zeros(D * num_layers, H))[0], out_one)
    try:
        bi(one, torch.zeros(D * num_layers, 1, H))
    except RuntimeError as error:
        print(error)
out_one.shape, h_n_one.shape
# Out: For unbatched 2-D input, hx should also be 2-D but got 3-D tensor
# Out: (torch.Size([5, 6]), torch.Size([4, 3]))
# --8<-- [end:unbatched]

# --8<-- [start:directions]
# zh: 第一维先按层、再按方向排列：view 成 (num_layers, D, N, H_out)
# en: the first dimension runs over layers, then directions: view it as (num_layers, D, N, H_out)
per_layer = h_n.view(num_layers, D, 2, H)
forward_final, backward_final = per_layer[-1]
# zh: 最后一层的两个方向，就是 h_n 的最后两项
# en: the last layer's two directions are the last two entries of h_n
assert torch.equal(forward_final, h_n[-2])
assert torch.equal(backward_final, h_n[-1])

# zh: out 的前 H 个特征是正向：它在最后一步读完整个序列
# en: the first H features of out are the forward direction: it finishes at the last step
assert torch.allclose(out[:, -1, :H], h_n[-2])
# zh: 后 H 个特征是反向：它从末尾读起，在第 0 步读完
# en: the last H features are the backward direction: it starts at the end, finishes at step 0
assert torch.allclose(out[:, 0, H:], h_n[-1])
# zh: out[:, -1] 的反向一半只读过最后一个元素，不是反向的最终状态
# en: the backward half of out[:, -1] has read only the last element: not its final state
assert not torch.allclose(out[:, -1, H:], h_n[-1], atol=1e-3)

# zh: 整个序列的摘要：把两个方向的最终状态拼接起来
# en: a summary of the whole sequence: the two directions' final states side by side
summary = torch.cat([h_n[-2], h_n[-1]], dim=1)
summary.shape
# Out: torch.Size([2, 6])
# --8<-- [end:directions]

# --8<-- [start:proj]
torch.manual_seed(0)
proj = nn.LSTM(input_size=4, hidden_size=5, proj_size=2, batch_first=True)
# zh: 默认不投影
# en: no projection by default
assert nn.LSTM(4, 5).proj_size == 0
# zh: 投影矩阵：把 5 维压到 2 维
# en: the projection matrix takes 5 dimensions down to 2
assert proj.weight_hr_l0.shape == (2, 5)  # (proj_size, hidden_size)
# zh: 循环读入的是投影后的 h：W_hh 只有 2 列
# en: the recurrence reads the projected h: W_hh has only 2 columns
assert proj.weight_hh_l0.shape == (4 * 5, 2)  # (4·hidden_size, proj_size)

with warnings.catch_warnings():
    # zh: CPU 上的 oneDNN 加速不支持投影，PyTorch 提示一次后改用普通实现；这条提示与结果无关
    # en: oneDNN, the CPU fast path, has no projections; PyTorch says so once and falls back
    # en: to its plain implementation; the notice does not affect the results
    warnings.filterwarnings("ignore", "LSTM with projections is not supported with oneDNN")
    with torch.no_grad():
        out_p, (h_p, c_p) = proj(x)
assert out_p.shape == (2, 5, 2)  # (N, L, proj_size)
assert h_p.shape == (1, 2, 2)  # (D·num_layers, N, proj_size)
assert c_p.shape == (1, 2, 5)  # (D·num_layers, N, hidden_size)
h_p.shape, c_p.shape
# Out: (torch.Size([1, 2, 2]), torch.Size([1, 2, 5]))
# --8<-- [end:proj]

# --8<-- [start:proj-by-hand]
# zh: 第一步（h_0 = 0，c_0 = 0）：先照常算门，最后乘以 W_hr
# en: the first step (h_0 = 0, c_0 = 0): the usual gates, then a product with W_hr
with torch.no_grad():
    gates = x[:, 0] @ proj.weight_ih_l0.T + proj.bias_ih_l0 + proj.bias_hh_l0
    i, f, g, o = gates.chunk(4, dim=1)
    c_1 = torch.sigmoid(i) * torch.tanh(g)
    h_1 = (torch.sigmoid(o) * torch.tanh(c_1)) @ proj.weight_hr_l0.T
assert c_1.shape == (2, 5) and h_1.shape == (2, 2)
assert torch.allclose(h_1, out_p[:, 0], atol=1e-6)
h_1
# Out: tensor([[-0.0021, -0.0004],
# Out:         [ 0.0991, -0.0261]])
# --8<-- [end:proj-by-hand]

# --8<-- [start:dropout-warning]
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    # zh: 只有 1 层，层间 Dropout 无处可加
    # en: a single layer: there is no gap between layers for the dropout
    nn.GRU(4, 3, num_layers=1, dropout=0.5)
assert len(caught) == 1 and caught[0].category is UserWarning
print(caught[0].message)
# Out: dropout option adds dropout after all but last recurrent layer, so non-zero dropout expects num_layers greater than 1, but got dropout=0.5 and num_layers=1
# --8<-- [end:dropout-warning]

# --8<-- [start:dropout]
torch.manual_seed(0)
# zh: 极端的 dropout=1.0：第 0 层的输出在进入第 1 层之前全部被置零
# en: an extreme dropout=1.0: layer 0's output is zeroed entirely before it reaches layer 1
stacked = nn.GRU(4, 3, num_layers=2, dropout=1.0, batch_first=True)
# zh: 把两层拆成两个单层 GRU，权重照抄
# en: take the two layers apart into two one-layer GRUs with the same weights
bottom, top = nn.GRU(4, 3, batch_first=True), nn.GRU(3, 3, batch_first=True)
with torch.no_grad():
    for name in ("weight_ih", "weight_hh", "bias_ih", "bias_hh"):
        getattr(bottom, name + "_l0").copy_(getattr(stacked, name + "_l0"))
        getattr(top, name + "_l0").copy_(getattr(stacked, name + "_l1"))

# zh: dropout 默认为 0；刚创建的层处于训练模式，Dropout 生效
# en: dropout defaults to 0; a freshly created layer is in training mode: dropout is active
assert nn.GRU(4, 3).dropout == 0.0
assert stacked.training
with torch.no_grad():
    out_d, h_d = stacked(x)
    out_bottom, h_bottom = bottom(x)
    out_top_zeros, h_top_zeros = top(torch.zeros(2, 5, 3))
# zh: 第 1 层读到的全是零：结果与 top 读入全零相同
# en: layer 1 read nothing but zeros: the same as top reading all zeros
assert torch.allclose(out_d, out_top_zeros, atol=1e-6)
# zh: 最后一层之后没有 Dropout：输出并没有被置零
# en: no dropout after the last layer: the output is not zeroed
assert (out_d != 0).all()
# zh: 第 0 层自己的最终状态也不受影响
# en: layer 0's own final state is untouched too
assert torch.allclose(h_d[0], h_bottom[0], atol=1e-6)

# zh: 评估模式下 Dropout 关闭：两层照常首尾相接
# en: in evaluation mode dropout is off: the two layers simply chain
stacked.eval()
with torch.no_grad():
    assert torch.allclose(stacked(x)[0], top(out_bottom)[0], atol=1e-6)
print("output zeroed:", bool((out_d == 0).all()))
# Out: output zeroed: False
# --8<-- [end:dropout]

# --8<-- [start:pad]
torch.manual_seed(0)
# zh: 三条长度不同的序列，每步 4 个特征
# en: three sequences of different lengths, 4 features per step
seqs = [torch.randn(5, 4), torch.randn(2, 4), torch.randn(3, 4)]
# zh: 长度放在 CPU 上的张量里（或者用 Python 列表）
# en: the lengths, in a tensor on the CPU (a Python list also works)
lengths = torch.tensor([len(s) for s in seqs])
# zh: 补零到最长的长度 5，叠成一个批
# en: padded with zeros to the longest length, 5, and stacked into a batch
padded = pad_sequence(seqs, batch_first=True)
assert padded.shape == (3, 5, 4)  # (N, L_max, H_in)
assert torch.equal(padded[1, :2], seqs[1])
assert (padded[1, 2:] == 0).all()
padded[:, :, 0]
# Out: tensor([[-1.1258,  0.5988,  0.4681,  1.3894,  0.9318],
# Out:         [-0.8920,  0.9398,  0.0000,  0.0000,  0.0000],
# Out:         [-1.2904,  0.5186, -2.2188,  0.0000,  0.0000]])
# --8<-- [end:pad]

# --8<-- [start:pack]
torch.manual_seed(0)
lstm = nn.LSTM(4, 3, batch_first=True)
# zh: 长度没有从长到短排好：必须 enforce_sorted=False
# en: the lengths are not sorted longest first: enforce_sorted=False is required
packed = pack_padded_sequence(padded, lengths, batch_first=True, enforce_sorted=False)
with torch.no_grad():
    packed_out, (h_n, c_n) = lstm(packed)
out, out_lengths = pad_packed_sequence(packed_out, batch_first=True)
assert torch.equal(out_lengths, lengths)
# zh: 填充的位置在输出中是零
# en: the padded positions are zeros in the output
assert (out[1, 2:] == 0).all()

# zh: 每条序列单独运行（不带批维度），结果与打包的批完全一致
# en: each sequence run on its own (no batch dimension) gives exactly what the packed batch gave
with torch.no_grad():
    for k, s in enumerate(seqs):
        alone, (h_alone, c_alone) = lstm(s)
        assert h_alone.shape == c_alone.shape == (1, 3)  # (D·num_layers, H_out)
        assert torch.allclose(out[k, : len(s)], alone, atol=1e-6)
        assert torch.allclose(h_n[:, k], h_alone, atol=1e-6)
        assert torch.allclose(c_n[:, k], c_alone, atol=1e-6)
# zh: 每一步还有几条序列在运行
# en: how many sequences are still running at each step
packed.batch_sizes
# Out: tensor([3, 3, 2, 1, 1])
# --8<-- [end:pack]

# --8<-- [start:sorted]
try:
    pack_padded_sequence(padded, lengths, batch_first=True)
except RuntimeError as error:
    print(str(error).split(". ")[0])
# Out: `lengths` array must be sorted in decreasing order when `enforce_sorted` is True
# --8<-- [end:sorted]

# --8<-- [start:naive]
# zh: 不打包，直接把补零的批交给 LSTM
# en: without packing: the padded batch straight into the LSTM
with torch.no_grad():
    _, (h_naive, _) = lstm(padded)
# zh: 最长的序列没有填充，结果相同
# en: the longest sequence has no padding: the same result
assert torch.allclose(h_naive[:, 0], h_n[:, 0], atol=1e-6)
# zh: 较短的序列继续读了它的零，h_n 变了
# en: the shorter ones went on reading their zeros: their h_n changed
assert not torch.allclose(h_naive[:, 1], h_n[:, 1], atol=1e-3)
assert not torch.allclose(h_naive[:, 2], h_n[:, 2], atol=1e-3)
print("packed:", h_n[0, 1])
print("padded:", h_naive[0, 1])
# Out: packed: tensor([-0.2073,  0.0632, -0.0990])
# Out: padded: tensor([-0.0353,  0.0646, -0.0448])
# --8<-- [end:naive]

# --8<-- [start:packed-bi]
# zh: 双向层：不打包时，反向先读进三步填充，再读真正的内容
# en: a bidirectional layer: unpacked, the backward direction reads three steps of padding
# en: before the real content
with torch.no_grad():
    _, h_bi_packed = bi(packed)
    _, h_bi_alone = bi(seqs[1])
    _, h_bi_padded = bi(padded)
assert torch.allclose(h_bi_packed[:, 1], h_bi_alone, atol=1e-6)
assert not torch.allclose(h_bi_padded[-1, 1], h_bi_alone[-1], atol=1e-3)
# zh: h_n 按原来的顺序排列：(D·num_layers, N, H_out)
# en: h_n comes back in the original order: (D·num_layers, N, H_out)
h_bi_packed.shape
# Out: torch.Size([4, 3, 3])
# --8<-- [end:packed-bi]
