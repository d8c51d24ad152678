# Recurrent layers: the code of docs/zh/recurrent.md and docs/en/recurrent.md.
# Run it from the repository root: python snippets/recurrent.py

# --8<-- [start:imports]
import math

import matplotlib.pyplot as plt
import torch
from matplotlib import patches
from torch import nn

# --8<-- [end:imports]

# --8<-- [start:unrolled]
figure, ax = plt.subplots(figsize=(9, 3.8))
blue, dark = "#dbe9f6", "#1f4e79"


def arrow(start, end, colour=dark):
    ax.add_patch(
        patches.FancyArrowPatch(start, end, arrowstyle="-|>", mutation_scale=14, color=colour)
    )


# zh: 同一个单元画四次：t = 1, 2, 3, 4，每一步都用同一组权重
# en: the same cell drawn four times, t = 1, 2, 3, 4, with the same weights at every step
for t in range(1, 5):
    cx = 2.2 * t
    box = patches.FancyBboxPatch(
        (cx - 0.6, 1.2), 1.2, 0.8, boxstyle="round,pad=0.05", facecolor=blue, edgecolor=dark
    )
    ax.add_patch(box)
    ax.text(cx, 1.6, "cell", ha="center", va="center", fontsize=12)
    # zh: 从下方读入 x_t，向上输出 h_t
    # en: x_t comes in from below, h_t goes out at the top
    arrow((cx, 0.55), (cx, 1.13))
    ax.text(cx, 0.45, f"$x_{t}$", ha="center", va="top", fontsize=13)
    arrow((cx, 2.07), (cx, 2.65))
    ax.text(cx, 2.72, f"$h_{t}$", ha="center", va="bottom", fontsize=13)
    # zh: 水平箭头：上一步的隐藏状态传给这一步
    # en: horizontal arrows: the previous hidden state is passed to this step
    arrow((cx - 1.53, 1.6), (cx - 0.67, 1.6), colour="#c0504d")
    ax.text(cx - 1.1, 1.68, f"$h_{t - 1}$", ha="center", va="bottom", fontsize=11, color="#c0504d")
arrow((2.2 * 4 + 0.67, 1.6), (2.2 * 4 + 1.5, 1.6), colour="#c0504d")
ax.text(2.2 * 4 + 1.55, 1.6, "$h_n = h_4$", va="center", fontsize=11, color="#c0504d")
ax.text(2.2 * 2.5, 3.25, "out = $(h_1, h_2, h_3, h_4)$", ha="center", fontsize=11)
arrow((1.6, -0.2), (9.4, -0.2), colour="gray")
ax.text(9.5, -0.2, "time", va="center", color="gray")
ax.set_xlim(0.4, 10.8)
ax.set_ylim(-0.45, 3.5)
ax.axis("off")
ax.set_title("A recurrent layer unrolled in time: one cell, the same weights at every step")
figure.tight_layout()
figure
# --8<-- [end:unrolled]

# --8<-- [start:layout]
torch.manual_seed(0)
rnn = nn.RNN(input_size=4, hidden_size=3)
# zh: 默认布局 (L, N, H_in)：序列长 5，批大小 2，每步 4 个特征
# en: default layout (L, N, H_in): sequence length 5, batch of 2, 4 features per step
x = torch.randn(5, 2, 4)
out, h_n = rnn(x)
# zh: out：每一步的隐藏状态；h_n：只有最后一步的
# en: out: the hidden state of every step; h_n: of the last step only
assert out.shape == (5, 2, 3)  # (L, N, H_out)
assert h_n.shape == (1, 2, 3)  # (num_layers, N, H_out)

# zh: batch_first=True：输入与输出都把批维度放在最前面
# en: batch_first=True: input and output put the batch dimension first
rnn_bf = nn.RNN(input_size=4, hidden_size=3, batch_first=True)
# zh: 用同一组权重，才能比较两种布局的结果
# en: the same weights, so that the two layouts can be compared
rnn_bf.load_state_dict(rnn.state_dict())
x_bf = x.transpose(0, 1)
out_bf, h_n_bf = rnn_bf(x_bf)
assert x_bf.shape == (2, 5, 4)  # (N, L, H_in)
assert out_bf.shape == (2, 5, 3)  # (N, L, H_out)
# zh: 只是换了维度的排列，数值相同
# en: only the order of the dimensions changes, not the numbers
assert torch.allclose(out_bf, out.transpose(0, 1))
# zh: 但 h_n 不受 batch_first 影响，批维度仍在第二位：(D·num_layers, N, H_out)，
# zh: 这里单向（D = 1）、1 层
# en: but h_n ignores batch_first, the batch stays second: (D·num_layers, N, H_out),
# en: here with one direction (D = 1) and one layer
assert h_n_bf.shape == (1, 2, 3)
out.shape, h_n.shape, out_bf.shape, h_n_bf.shape
# Out: (torch.Size([5, 2, 3]), torch.Size([1, 2, 3]), torch.Size([2, 5, 3]), torch.Size([1, 2, 3]))
# --8<-- [end:layout]

# --8<-- [start:rnn-cell]
rnn_cell = nn.RNNCell(4, 3)
# zh: 默认的非线性函数是 tanh，层与单元相同
# en: the default nonlinearity is tanh, for the layer and the cell alike
assert rnn.nonlinearity == rnn_cell.nonlinearity == "tanh"
# zh: 共用同一组权重：单元的参数名就是层的参数名去掉 _l0
# en: share the weights: the cell's parameter names are the layer's minus _l0
with torch.no_grad():
    for name in ("weight_ih", "weight_hh", "bias_ih", "bias_hh"):
        getattr(rnn_cell, name).copy_(getattr(rnn, name + "_l0"))

h = torch.zeros(2, 3)
steps = []
with torch.no_grad():
    for x_t in x:
        h = rnn_cell(x_t, h)
        steps.append(h)
assert torch.allclose(torch.stack(steps), out, atol=1e-6)
assert torch.allclose(h, h_n[0], atol=1e-6)

# zh: 按公式手算第一步（h_0 = 0）
# en: the first step by hand (h_0 = 0)
with torch.no_grad():
    h_prev = torch.zeros(2, 3)
    h_1 = torch.tanh(
        x[0] @ rnn.weight_ih_l0.T + rnn.bias_ih_l0 + h_prev @ rnn.weight_hh_l0.T + rnn.bias_hh_l0
    )
assert torch.allclose(h_1, steps[0], atol=1e-6)
h_1
# Out: tensor([[ 0.0821, -0.1653,  0.6807],
# Out:         [ 0.3723, -0.3397,  0.7246]])
# --8<-- [end:rnn-cell]

# --8<-- [start:lstm]
torch.manual_seed(1000)
# zh: 输入：序列长 2，批大小 3，每步 4 维
# en: input: sequence length 2, batch of 3, 4 dimensions per step
inputs = torch.randn(2, 3, 4)
# zh: 输入 4 维，隐藏状态 3 维，1 层
# en: 4 input features, 3 hidden units, 1 layer
lstm = nn.LSTM(4, 3, 1)
# zh: 初始状态的形状：层数 × 批大小 × 隐藏维数
# en: initial states: (layers, batch, hidden units)
h0 = torch.randn(1, 3, 3)
c0 = torch.randn(1, 3, 3)
# zh: 只看数值、不训练：不必记录梯度
# en: we only look at the values, no training: no gradients to record
with torch.no_grad():
    out, (h_n, c_n) = lstm(inputs, (h0, c0))
assert out.shape == (2, 3, 3)  # (L, N, H_out)
assert h_n.shape == c_n.shape == (1, 3, 3)  # (D·num_layers, N, H_out), D = 1
# zh: 单层单向时，out 的最后一步就是 h_n
# en: with one layer and one direction, the last step of out is h_n
assert torch.equal(out[-1], h_n[0])
out
# Out: tensor([[[-0.3610, -0.1643,  0.1631],
# Out:          [-0.0613, -0.4937, -0.1642],
# Out:          [ 0.5080, -0.4175,  0.2502]],
# Out:
# Out:         [[-0.0703, -0.0393, -0.0429],
# Out:          [ 0.2085, -0.3005, -0.2686],
# Out:          [ 0.1482, -0.4728,  0.1425]]])
# --8<-- [end:lstm]

# --8<-- [start:deep]
# zh: 2 层、双向：h_n 的第一维是 层数 × 方向数，out 的最后一维是 方向数 × H_out
# en: 2 layers, bidirectional: h_n's first dimension is layers × directions,
# en: out's last dimension is directions × H_out
deep = nn.LSTM(4, 3, num_layers=2, bidirectional=True)
with torch.no_grad():
    out2, (h_n2, c_n2) = deep(inputs)
assert out2.shape == (2, 3, 2 * 3)
assert h_n2.shape == c_n2.shape == (2 * 2, 3, 3)
# zh: 不传初始状态，就从全零开始
# en: without initial states, they start at zero
zeros = torch.zeros(2 * 2, 3, 3)
with torch.no_grad():
    assert torch.equal(deep(inputs, (zeros, zeros))[0], out2)
out2.shape, h_n2.shape
# --8<-- [end:deep]

# --8<-- [start:cell]
cell = nn.LSTMCell(4, 3)
# zh: 让单元与层共用同一组权重：参数名去掉后缀 _l0
# en: give the cell the layer's weights: the same names without the _l0 suffix
with torch.no_grad():
    cell.weight_ih.copy_(lstm.weight_ih_l0)
    cell.weight_hh.copy_(lstm.weight_hh_l0)
    cell.bias_ih.copy_(lstm.bias_ih_l0)
    cell.bias_hh.copy_(lstm.bias_hh_l0)

# zh: 单元的状态没有层数维：(N, H_out)
# en: a cell's states have no layer dimension: (N, H_out)
h, c = h0[0], c0[0]
steps = []
with torch.no_grad():
    # zh: 沿第 0 维（时间）逐步取出 (N, H_in) 的输入
    # en: walk along dimension 0 (time), one (N, H_in) input per step
    for x_t in inputs:
        h, c = cell(x_t, (h, c))
        steps.append(h)
cell_out = torch.stack(steps)
assert cell_out.shape == out.shape
assert torch.allclose(cell_out, out, atol=1e-6)
assert torch.allclose(h, h_n[0], atol=1e-6)
assert torch.allclose(c, c_n[0], atol=1e-6)
print("same output:", torch.allclose(cell_out, out, atol=1e-6))
print("same (h, c):", torch.allclose(h, h_n[0], atol=1e-6), torch.allclose(c, c_n[0], atol=1e-6))
# Out: same output: True
# Out: same (h, c): True True
# --8<-- [end:cell]

# --8<-- [start:gates]
# zh: 权重按 i、f、g、o 的顺序分四块上下堆叠：(4 × H_out, H_in)
# en: the weights are stacked in four blocks, i, f, g, o: (4 × H_out, H_in)
assert lstm.weight_ih_l0.shape == (4 * 3, 4)
assert lstm.weight_hh_l0.shape == (4 * 3, 3)

x_t, h_prev, c_prev = inputs[0], h0[0], c0[0]
with torch.no_grad():
    z = x_t @ lstm.weight_ih_l0.T + lstm.bias_ih_l0 + h_prev @ lstm.weight_hh_l0.T + lstm.bias_hh_l0
    i, f, g, o = z.chunk(4, dim=1)
    i, f, g, o = torch.sigmoid(i), torch.sigmoid(f), torch.tanh(g), torch.sigmoid(o)
    c_1 = f * c_prev + i * g
    h_1 = o * torch.tanh(c_1)
assert torch.allclose(h_1, out[0], atol=1e-6)
h_1
# Out: tensor([[-0.3610, -0.1643,  0.1631],
# Out:         [-0.0613, -0.4937, -0.1642],
# Out:         [ 0.5080, -0.4175,  0.2502]])
# --8<-- [end:gates]

# --8<-- [start:gru]
torch.manual_seed(0)
gru = nn.GRU(4, 3, batch_first=True)
# zh: batch_first=True 时，输入的形状为 (N, L, H_in)
# en: batch_first=True: (N, L, H_in)
seq = torch.randn(3, 2, 4)
# zh: GRU 只有一个状态：返回的是 h_n，不是 (h_n, c_n)
# en: a GRU has one state: it returns h_n, not (h_n, c_n)
with torch.no_grad():
    gru_out, gru_h_n = gru(seq)
assert gru_out.shape == (3, 2, 3)
assert gru_h_n.shape == (1, 3, 3)
assert torch.equal(gru_out[:, -1], gru_h_n[0])
# zh: 初始状态也只有一个张量（默认全零）
# en: the initial state is a single tensor too (zeros by default)
with torch.no_grad():
    assert torch.equal(gru(seq, torch.zeros(1, 3, 3))[1], gru_h_n)


def n_params(module):
    return sum(p.numel() for p in module.parameters())


# zh: 权重的组数：RNN 1 组，GRU 3 组（r、z、n），LSTM 4 组（i、f、g、o）
# en: sets of weights: 1 for the RNN, 3 for the GRU (r, z, n), 4 for the LSTM (i, f, g, o)
counts = {kind.__name__: n_params(kind(4, 3)) for kind in (nn.RNN, nn.GRU, nn.LSTM)}
assert counts == {"RNN": 27, "GRU": 3 * 27, "LSTM": 4 * 27}
counts
# Out: {'RNN': 27, 'GRU': 81, 'LSTM': 108}
# --8<-- [end:gru]

# --8<-- [start:gru-gates]
# zh: 权重按 r、z、n 的顺序分三块堆叠：(3 × H_out, H_in)
# en: the weights are stacked in three blocks, r, z, n: (3 × H_out, H_in)
assert gru.weight_ih_l0.shape == (3 * 3, 4)
assert gru.weight_hh_l0.shape == (3 * 3, 3)

# zh: 按 r、z、n 切开，得到公式里的各个矩阵与偏置
# en: cut into r, z, n to get the matrices and biases of the equations
W_ir, W_iz, W_in = gru.weight_ih_l0.chunk(3)
W_hr, W_hz, W_hn = gru.weight_hh_l0.chunk(3)
b_ir, b_iz, b_in = gru.bias_ih_l0.chunk(3)
b_hr, b_hz, b_hn = gru.bias_hh_l0.chunk(3)


def gru_step(x_t, h, reset_after=True):
    r = torch.sigmoid(x_t @ W_ir.T + b_ir + h @ W_hr.T + b_hr)
    z = torch.sigmoid(x_t @ W_iz.T + b_iz + h @ W_hz.T + b_hz)
    if reset_after:
        # zh: PyTorch：先算 W_hn·h + b_hn，再乘以重置门 r
        # en: PyTorch: W_hn·h + b_hn first, then multiplied by the reset gate r
        n = torch.tanh(x_t @ W_in.T + b_in + r * (h @ W_hn.T + b_hn))
    else:
        # zh: 另一种写法（GRU 论文）：先用 r 重置 h，再乘以 W_hn
        # en: the other form (the GRU paper): reset h with r first, then multiply by W_hn
        n = torch.tanh(x_t @ W_in.T + b_in + (r * h) @ W_hn.T + b_hn)
    return (1 - z) * n + z * h


def gru_loop(reset_after):
    h = torch.zeros(3, 3)
    steps = []
    # zh: batch_first：时间是第 1 维
    # en: batch_first: time is dimension 1
    for x_t in seq.unbind(dim=1):
        h = gru_step(x_t, h, reset_after)
        steps.append(h)
    return torch.stack(steps, dim=1)


with torch.no_grad():
    pytorch_order = gru_loop(reset_after=True)
    paper_order = gru_loop(reset_after=False)
assert torch.allclose(pytorch_order, gru_out, atol=1e-6)
assert not torch.allclose(paper_order, gru_out, atol=1e-3)
print("reset after W_hn·h:", torch.allclose(pytorch_order, gru_out, atol=1e-6))
print("reset before W_hn: ", torch.allclose(paper_order, gru_out, atol=1e-6))
# Out: reset after W_hn·h: True
# Out: reset before W_hn:  False
# --8<-- [end:gru-gates]

# --8<-- [start:gru-cell]
gru_cell = nn.GRUCell(4, 3)
with torch.no_grad():
    for name in ("weight_ih", "weight_hh", "bias_ih", "bias_hh"):
        getattr(gru_cell, name).copy_(getattr(gru, name + "_l0"))

h = torch.zeros(3, 3)
steps = []
with torch.no_grad():
    for x_t in seq.unbind(dim=1):
        h = gru_cell(x_t, h)
        steps.append(h)
cell_out = torch.stack(steps, dim=1)
assert torch.allclose(cell_out, gru_out, atol=1e-6)
assert torch.allclose(h, gru_h_n[0], atol=1e-6)
print("same output:", torch.allclose(cell_out, gru_out, atol=1e-6))
print("same h_n:", torch.allclose(h, gru_h_n[0], atol=1e-6))
# Out: same output: True
# Out: same h_n: True
# --8<-- [end:gru-cell]

# --8<-- [start:decode]
torch.manual_seed(0)
decoder = nn.GRUCell(4, 3)
# zh: 把隐藏状态映射回输入空间，作为下一步的输入
# en: maps the hidden state back to the input space, to be the next step's input
head = nn.Linear(3, 4)
# zh: 批大小为 2 的“起始”输入与初始状态
# en: a "start" input and initial state for a batch of 2
x_t = torch.zeros(2, 4)
h = torch.zeros(2, 3)
generated = []
with torch.no_grad():
    for _ in range(6):
        h = decoder(x_t, h)
        # zh: 下一步的输入取决于这一步的输出：无法事先把整个序列交给 nn.GRU
        # en: the next input depends on this step's output: there is no whole
        # en: sequence to hand to nn.GRU in advance
        x_t = head(h)
        generated.append(x_t)
generated = torch.stack(generated)
assert generated.shape == (6, 2, 4)  # (L, N, H_in)
generated.shape
# --8<-- [end:decode]

# --8<-- [start:trajectory]
torch.manual_seed(3)
probe = nn.LSTMCell(1, 4)
t = torch.linspace(0, 4 * math.pi, 200)
wave = 5 * torch.sin(t).view(200, 1, 1)  # (L, N, H_in) = (200, 1, 1)
h, c = torch.zeros(1, 4), torch.zeros(1, 4)
hs, cs = [], []
with torch.no_grad():
    for x_t in wave:
        h, c = probe(x_t, (h, c))
        # zh: 层只在最后一步交出 c_n；用单元可以记下每一步的 c
        # en: a layer hands back c only at the last step; a cell lets us record every c
        hs.append(h[0])
        cs.append(c[0])
hs, cs = torch.stack(hs), torch.stack(cs)
# zh: h = o · tanh(c) 永远在 (−1, 1) 之内；c 只被遗忘门缩放、被加上新内容，可以超出
# en: h = o · tanh(c) always stays inside (−1, 1); c is only scaled by the forget gate
# en: and added to, so it can go beyond
assert hs.abs().max() < 1
assert cs.abs().max() > 5

figure, axes = plt.subplots(3, 1, figsize=(8, 6), sharex=True)
axes[0].plot(wave.flatten().numpy(), color="gray")
axes[0].set_ylabel("input x")
axes[1].plot(hs.numpy())
axes[1].set_ylabel("hidden h")
axes[2].plot(cs.numpy())
axes[2].set_ylabel("cell c")
for ax in axes[1:]:
    ax.axhline(1, color="black", linestyle=":", linewidth=1)
    ax.axhline(-1, color="black", linestyle=":", linewidth=1)
axes[2].set_xlabel("time step")
figure.tight_layout()
figure
# --8<-- [end:trajectory]
