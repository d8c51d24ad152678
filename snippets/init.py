# Initialization and parametrizations: the code of docs/zh/init.md and docs/en/init.md.
# Run it from the repository root: python snippets/init.py

# --8<-- [start:imports]
import math
import warnings

import matplotlib.pyplot as plt
import torch
from torch import nn
from torch.nn.utils import parametrizations, parametrize

# --8<-- [end:imports]

# --8<-- [start:basic]
torch.manual_seed(0)
w = torch.empty(2, 4)
# zh: 名字以下划线结尾：原地修改传入的张量，并把它返回
# en: the trailing underscore means in place: the tensor passed in is filled and returned
print(nn.init.uniform_(w, a=-1.0, b=1.0))
print(nn.init.normal_(w, mean=0.0, std=0.1))
print(nn.init.constant_(w, 0.5))
print(nn.init.zeros_(w))
print(nn.init.ones_(w))
# zh: eye_ 只接受二维张量：对角线为 1，其余为 0
# en: eye_ takes 2-D tensors only: ones on the diagonal, zeros elsewhere
print(nn.init.eye_(w))
# Out: tensor([[-0.0075,  0.5364, -0.8230, -0.7359],
# Out:         [-0.3852,  0.2682, -0.0198,  0.7929]])
# Out: tensor([[-0.1085, -0.1399,  0.0403,  0.0838],
# Out:         [-0.0719, -0.0403, -0.0597,  0.0182]])
# Out: tensor([[0.5000, 0.5000, 0.5000, 0.5000],
# Out:         [0.5000, 0.5000, 0.5000, 0.5000]])
# Out: tensor([[0., 0., 0., 0.],
# Out:         [0., 0., 0., 0.]])
# Out: tensor([[1., 1., 1., 1.],
# Out:         [1., 1., 1., 1.]])
# Out: tensor([[1., 0., 0., 0.],
# Out:         [0., 1., 0., 0.]])
# --8<-- [end:basic]

# --8<-- [start:basic-stats]
torch.manual_seed(0)
# zh: 50 万个数：足以把方差估计到千分之几
# en: half a million numbers: enough to pin a variance down to a few parts in a thousand
big = torch.empty(1000, 500)
nn.init.uniform_(big, a=-0.3, b=0.3)
# zh: U(-a, a) 的方差为 a²/3
# en: the variance of U(-a, a) is a²/3
assert big.min() >= -0.3 and big.max() <= 0.3
assert math.isclose(big.var().item(), 0.3**2 / 3, rel_tol=0.01)
nn.init.normal_(big, mean=0.0, std=0.3)
assert math.isclose(big.std().item(), 0.3, rel_tol=0.01)
# --8<-- [end:basic-stats]

# --8<-- [start:gain]
for name in ("linear", "sigmoid", "tanh", "relu", "selu"):
    print(f"{name:14} {nn.init.calculate_gain(name):.4f}")
# zh: leaky_relu 的增益取决于负半轴斜率，默认 0.01
# en: the leaky_relu gain depends on the negative slope, 0.01 by default
for slope in (0.01, 0.2):
    print(f"leaky_relu {slope:<4}", f"{nn.init.calculate_gain('leaky_relu', slope):.4f}")
assert nn.init.calculate_gain("relu") == math.sqrt(2)
assert nn.init.calculate_gain("tanh") == 5 / 3
assert nn.init.calculate_gain("selu") == 3 / 4
assert nn.init.calculate_gain("leaky_relu", 0.2) == math.sqrt(2 / (1 + 0.2**2))
# Out: linear         1.0000
# Out: sigmoid        1.0000
# Out: tanh           1.6667
# Out: relu           1.4142
# Out: selu           0.7500
# Out: leaky_relu 0.01 1.4141
# Out: leaky_relu 0.2  1.3868
# --8<-- [end:gain]

# --8<-- [start:xavier]
torch.manual_seed(0)
# zh: 权重形状为 (fan_out, fan_in)，与 nn.Linear(500, 1000) 的权重相同
# en: a weight shaped (fan_out, fan_in), like that of nn.Linear(500, 1000)
fan_out, fan_in = big.shape
gain = nn.init.calculate_gain("tanh")
nn.init.xavier_uniform_(big, gain=gain)
bound = gain * math.sqrt(6 / (fan_in + fan_out))
assert big.abs().max() <= bound
print(f"xavier_uniform_  variance {big.var().item():.6f}")
nn.init.xavier_normal_(big, gain=gain)
print(f"xavier_normal_   variance {big.var().item():.6f}")
promised = gain**2 * 2 / (fan_in + fan_out)
print(f"gain² · 2/(fan_in + fan_out) = {promised:.6f}")
assert math.isclose(big.var().item(), promised, rel_tol=0.01)
# Out: xavier_uniform_  variance 0.003705
# Out: xavier_normal_   variance 0.003695
# Out: gain² · 2/(fan_in + fan_out) = 0.003704
# --8<-- [end:xavier]

# --8<-- [start:kaiming]
torch.manual_seed(0)
gain = nn.init.calculate_gain("relu")
# zh: 默认 mode="fan_in"：保持前向传播中的方差
# en: mode="fan_in" by default: keeps the variance of the forward pass
nn.init.kaiming_normal_(big, nonlinearity="relu")
assert math.isclose(big.var().item(), gain**2 / fan_in, rel_tol=0.01)
print(f"fan_in:  variance {big.var().item():.5f}, gain²/fan_in  = {gain**2 / fan_in:.5f}")
# zh: mode="fan_out"：保持反向传播中梯度的方差
# en: mode="fan_out": keeps the variance of the gradients in the backward pass
nn.init.kaiming_normal_(big, mode="fan_out", nonlinearity="relu")
assert math.isclose(big.var().item(), gain**2 / fan_out, rel_tol=0.01)
print(f"fan_out: variance {big.var().item():.5f}, gain²/fan_out = {gain**2 / fan_out:.5f}")
# zh: 均匀分布版本：边界为 gain·√(3/fan)
# en: the uniform version: the bound is gain·√(3/fan)
nn.init.kaiming_uniform_(big, nonlinearity="relu")
assert big.abs().max() <= gain * math.sqrt(3 / fan_in)
assert math.isclose(big.var().item(), gain**2 / fan_in, rel_tol=0.01)
# zh: nonlinearity 默认为 leaky_relu，a 默认为 0：与 ReLU 的增益相同
# en: nonlinearity defaults to leaky_relu with a = 0, which has the same gain as ReLU
assert nn.init.calculate_gain("leaky_relu", 0) == gain
# zh: 卷积核 (out, in, kH, kW)：fan_in = in·kH·kW = 32·3·3 = 288
# en: a convolution kernel (out, in, kH, kW): fan_in = in·kH·kW = 32·3·3 = 288
kernel = torch.empty(64, 32, 3, 3)
nn.init.kaiming_normal_(kernel, nonlinearity="relu")
assert math.isclose(kernel.var().item(), 2 / 288, rel_tol=0.02)
# Out: fan_in:  variance 0.00400, gain²/fan_in  = 0.00400
# Out: fan_out: variance 0.00200, gain²/fan_out = 0.00200
# --8<-- [end:kaiming]

# --8<-- [start:orthogonal]
torch.manual_seed(0)
tall = nn.init.orthogonal_(torch.empty(6, 4))
# zh: 行多于列：各列两两正交且长度为 1，WᵀW = I
# en: more rows than columns: the columns are orthonormal, WᵀW = I
assert torch.allclose(tall.T @ tall, torch.eye(4), atol=1e-6)
wide = nn.init.orthogonal_(torch.empty(4, 6))
# zh: 列多于行：各行正交，W Wᵀ = I
# en: more columns than rows: the rows are orthonormal, W Wᵀ = I
assert torch.allclose(wide @ wide.T, torch.eye(4), atol=1e-6)
# zh: 正交矩阵不改变向量的长度
# en: an orthogonal matrix keeps the length of a vector
square = nn.init.orthogonal_(torch.empty(5, 5))
v = torch.randn(5)
assert torch.isclose((square @ v).norm(), v.norm())
(tall.T @ tall).round(decimals=4)
# Out: tensor([[1., 0., 0., 0.],
# Out:         [0., 1., 0., 0.],
# Out:         [0., 0., 1., 0.],
# Out:         [0., 0., 0., 1.]])
# --8<-- [end:orthogonal]

# --8<-- [start:trunc-normal]
torch.manual_seed(0)
# zh: 默认 a=-2、b=2 是绝对的截断位置，不是“几个标准差”
# en: the defaults a=-2, b=2 are absolute cut-off points, not "numbers of standard deviations"
nn.init.trunc_normal_(big, std=0.02)
print(f"std=0.02:            largest |w| {big.abs().max().item():.4f}")
# zh: 要截断在两个标准差处，必须自己写出 a 和 b
# en: to cut at two standard deviations, spell out a and b yourself
nn.init.trunc_normal_(big, std=0.02, a=-0.04, b=0.04)
print(f"std=0.02, a/b=±0.04: largest |w| {big.abs().max().item():.4f}")
assert big.abs().max() <= 0.04
# zh: 截去两侧尾巴之后，标准差比 0.02 小约 12%
# en: with both tails cut off, the standard deviation is about 12% below 0.02
print(f"std after cutting:   {big.std().item():.4f}")
# Out: std=0.02:            largest |w| 0.0932
# Out: std=0.02, a/b=±0.04: largest |w| 0.0400
# Out: std after cutting:   0.0176
# --8<-- [end:trunc-normal]

# --8<-- [start:histograms]
torch.manual_seed(0)
# zh: 一个 256×256 的权重：fan_in = fan_out = 256
# en: a 256×256 weight: fan_in = fan_out = 256
shape = (256, 256)
fills = {
    "uniform_(-0.1, 0.1)": lambda t: nn.init.uniform_(t, -0.1, 0.1),
    "normal_(std=0.05)": lambda t: nn.init.normal_(t, std=0.05),
    "trunc_normal_(std=0.05, a=-0.1, b=0.1)": lambda t: nn.init.trunc_normal_(
        t, std=0.05, a=-0.1, b=0.1
    ),
    "orthogonal_": nn.init.orthogonal_,
    "xavier_uniform_": nn.init.xavier_uniform_,
    "xavier_normal_": nn.init.xavier_normal_,
    "kaiming_uniform_(relu)": lambda t: nn.init.kaiming_uniform_(t, nonlinearity="relu"),
    "kaiming_normal_(relu)": lambda t: nn.init.kaiming_normal_(t, nonlinearity="relu"),
}
figure, axes = plt.subplots(2, 4, figsize=(13, 5.5), sharex=True)
for ax, (name, fill) in zip(axes.flat, fills.items(), strict=True):
    values = fill(torch.empty(shape)).flatten()
    ax.hist(values.numpy(), bins=80, range=(-0.35, 0.35), color="tab:blue")
    ax.set_title(f"{name}\nstd {values.std().item():.4f}", fontsize=9)
    ax.set_yticks([])
for ax in axes[1]:
    ax.set_xlabel("weight value")
figure.suptitle("65,536 weights of a 256×256 matrix, per init function")
figure.tight_layout()
figure
# --8<-- [end:histograms]


# --8<-- [start:deep-stack]
def activation_stds(init, activation, depth=30, width=128):
    torch.manual_seed(0)
    layers = []
    for _ in range(depth):
        linear = nn.Linear(width, width, bias=False)
        if init is not None:
            init(linear.weight)
        layers += [linear, activation()]
    model = nn.Sequential(*layers)
    x = torch.randn(128, width)
    stds = []
    with torch.no_grad():
        for layer in model:
            x = layer(x)
            if isinstance(layer, activation):
                stds.append(x.std().item())
    return stds


relu_runs = {
    "normal_(std=0.01)": activation_stds(lambda w: nn.init.normal_(w, std=0.01), nn.ReLU),
    "PyTorch default": activation_stds(None, nn.ReLU),
    "xavier_normal_": activation_stds(nn.init.xavier_normal_, nn.ReLU),
    "kaiming_normal_(relu)": activation_stds(
        lambda w: nn.init.kaiming_normal_(w, nonlinearity="relu"), nn.ReLU
    ),
}
tanh_runs = {
    "normal_(std=0.01)": activation_stds(lambda w: nn.init.normal_(w, std=0.01), nn.Tanh),
    "xavier_normal_": activation_stds(nn.init.xavier_normal_, nn.Tanh),
    "xavier_normal_(gain=5/3)": activation_stds(
        lambda w: nn.init.xavier_normal_(w, gain=5 / 3), nn.Tanh
    ),
}
for title, runs in (("ReLU", relu_runs), ("Tanh", tanh_runs)):
    print(f"{title}: std after layer 1, 10, 20, 30")
    for name, stds in runs.items():
        print(f"  {name:24}", " ".join(f"{stds[i]:9.2e}" for i in (0, 9, 19, 29)))
kaiming = relu_runs["kaiming_normal_(relu)"]
# zh: Kaiming：30 层里标准差一直在 0.4 到 0.9 之间，没有指数式的增减
# en: Kaiming: over 30 layers the std stays between 0.4 and 0.9, no exponential trend
assert min(kaiming) > 0.4 and max(kaiming) < 0.9
assert min(tanh_runs["xavier_normal_(gain=5/3)"]) > 0.4
# zh: 太小的初始化和 Xavier：每层都缩小一截，指数式地趋于 0
# en: too small and Xavier: every layer shrinks it, exponentially towards 0
assert relu_runs["xavier_normal_"][-1] < 1e-3 * relu_runs["xavier_normal_"][0]
assert relu_runs["normal_(std=0.01)"][-1] < 1e-20
# Out: ReLU: std after layer 1, 10, 20, 30
# Out:   normal_(std=0.01)         6.63e-02  5.73e-12  5.74e-23  5.35e-34
# Out:   PyTorch default           3.36e-01  8.72e-05  1.01e-08  2.37e-12
# Out:   xavier_normal_            5.86e-01  1.67e-02  4.86e-04  1.32e-05
# Out:   kaiming_normal_(relu)     8.29e-01  5.34e-01  4.98e-01  4.33e-01
# Out: Tanh: std after layer 1, 10, 20, 30
# Out:   normal_(std=0.01)         1.11e-01  3.31e-10  1.14e-19  3.52e-29
# Out:   xavier_normal_            6.26e-01  2.24e-01  1.58e-01  1.19e-01
# Out:   xavier_normal_(gain=5/3)  7.57e-01  6.50e-01  6.49e-01  6.43e-01
# --8<-- [end:deep-stack]

# --8<-- [start:deep-stack-plot]
colours = {
    "normal_(std=0.01)": "tab:blue",
    "PyTorch default": "tab:orange",
    "xavier_normal_": "tab:green",
    "kaiming_normal_(relu)": "tab:red",
    "xavier_normal_(gain=5/3)": "tab:purple",
}
figure, (left, right) = plt.subplots(1, 2, figsize=(11, 4.2), sharey=True)
for ax, runs, title in ((left, relu_runs, "Linear + ReLU"), (right, tanh_runs, "Linear + Tanh")):
    for name, stds in runs.items():
        ax.plot(range(1, len(stds) + 1), stds, marker=".", color=colours[name], label=name)
    ax.set_yscale("log")
    ax.set_title(f"30 × ({title}), width 128")
    ax.set_xlabel("layer")
    ax.grid(alpha=0.3)
    ax.legend(fontsize=8)
left.set_ylabel("std of activations (log scale)")
figure.tight_layout()
figure
# --8<-- [end:deep-stack-plot]

# --8<-- [start:defaults]
torch.manual_seed(0)
# zh: 线性层：kaiming_uniform_(a=√5)，增益为 √(2/(1+5)) = 1/√3
# en: a linear layer: kaiming_uniform_(a=√5), whose gain is √(2/(1+5)) = 1/√3
assert math.isclose(nn.init.calculate_gain("leaky_relu", math.sqrt(5)), 1 / math.sqrt(3))
# zh: 边界 gain·√(3/fan_in) 因此化简为 1/√fan_in
# en: so the bound gain·√(3/fan_in) reduces to 1/√fan_in
linear = nn.Linear(400, 300)
bound = 1 / math.sqrt(400)
assert linear.weight.abs().max() <= bound and linear.bias.abs().max() <= bound
assert math.isclose(linear.weight.var().item(), bound**2 / 3, rel_tol=0.02)
# zh: 卷积层同理，只是 fan_in = in_channels·kH·kW = 16·3·3 = 144
# en: the same for a convolution, with fan_in = in_channels·kH·kW = 16·3·3 = 144
conv = nn.Conv2d(16, 32, kernel_size=3)
bound = 1 / math.sqrt(16 * 3 * 3)
assert conv.weight.abs().max() <= bound and conv.bias.abs().max() <= bound
print(f"Linear: largest |w| {linear.weight.abs().max().item():.4f}, 1/√400 = {1 / 20:.4f}")
print(f"Conv2d: largest |w| {conv.weight.abs().max().item():.4f}, 1/√144 = {bound:.4f}")
# zh: 其他层各有各的默认值
# en: other layers have defaults of their own
embedding = nn.Embedding(1000, 64)
assert math.isclose(embedding.weight.std().item(), 1, rel_tol=0.02)
norm = nn.LayerNorm(64)
assert (norm.weight == 1).all() and (norm.bias == 0).all()
# Out: Linear: largest |w| 0.0500, 1/√400 = 0.0500
# Out: Conv2d: largest |w| 0.0833, 1/√144 = 0.0833
# --8<-- [end:defaults]

# --8<-- [start:reset]
torch.manual_seed(0)
layer = nn.Linear(3, 2)
first = layer.weight.clone()
# zh: reset_parameters() 按默认方式重新抽取权重与偏置
# en: reset_parameters() draws the weight and bias afresh, the default way
layer.reset_parameters()
assert not torch.equal(layer.weight, first)
assert layer.weight.abs().max() <= 1 / math.sqrt(3)
# zh: 构造函数本身就是调用它：同一个种子，重新抽取得到与新建时相同的权重
# en: the constructor calls it too: with the same seed, a redraw gives the original weights
torch.manual_seed(0)
layer.reset_parameters()
assert torch.equal(layer.weight, first)
layer.weight
# Out: Parameter containing:
# Out: tensor([[-0.0043,  0.3097, -0.4752],
# Out:         [-0.4249, -0.2224,  0.1548]], requires_grad=True)
# --8<-- [end:reset]


# --8<-- [start:apply]
def init_weights(module):
    # zh: apply 会把每个子模块都交给这个函数：只处理线性层
    # en: apply hands every submodule to this function: handle the linear layers only
    if isinstance(module, nn.Linear):
        nn.init.kaiming_normal_(module.weight, nonlinearity="relu")
        nn.init.zeros_(module.bias)


torch.manual_seed(0)
model = nn.Sequential(
    nn.Linear(256, 512),
    nn.ReLU(),
    nn.Linear(512, 512),
    nn.ReLU(),
    nn.Linear(512, 10),
)
# zh: apply 返回模型本身
# en: apply returns the model itself
assert model.apply(init_weights) is model
for module in model:
    if isinstance(module, nn.Linear):
        assert (module.bias == 0).all()
        expected = 2 / module.in_features
        assert math.isclose(module.weight.var().item(), expected, rel_tol=0.05)
        print(f"{module}: variance {module.weight.var().item():.5f}, 2/fan_in {expected:.5f}")
# zh: 访问顺序：先子模块，最后才是容器本身
# en: the visiting order: the children first, the container itself last
visited = []
model.apply(lambda module: visited.append(type(module).__name__))
print(visited)
# Out: Linear(in_features=256, out_features=512, bias=True): variance 0.00782, 2/fan_in 0.00781
# Out: Linear(in_features=512, out_features=512, bias=True): variance 0.00391, 2/fan_in 0.00391
# Out: Linear(in_features=512, out_features=10, bias=True): variance 0.00389, 2/fan_in 0.00391
# Out: ['Linear', 'ReLU', 'Linear', 'ReLU', 'Linear', 'Sequential']
# --8<-- [end:apply]

# --8<-- [start:no-grad]
layer = nn.Linear(3, 2)
# zh: 参数需要梯度：直接原地修改会被自动求导拒绝
# en: parameters require gradients, so autograd refuses a direct in-place change
try:
    layer.weight.fill_(0.1)
except RuntimeError as error:
    print(str(error).split(" is being")[0])
else:
    raise AssertionError("an in-place change to a parameter went through")
# zh: 在 torch.no_grad() 中修改就可以，而且不会被记进计算图
# en: inside torch.no_grad() it is allowed, and nothing is recorded in the graph
with torch.no_grad():
    layer.weight.copy_(torch.tensor([[1.0, 0.0, 0.0], [0.0, 1.0, 0.0]]))
    layer.bias.zero_()
assert layer.weight.requires_grad and layer.weight.grad_fn is None
# zh: nn.init 的函数自己关掉了梯度记录，可以直接用在参数上
# en: the nn.init functions turn off gradient recording themselves: use them on parameters directly
nn.init.normal_(layer.weight)
assert layer.weight.grad_fn is None
with torch.no_grad():
    layer.weight.copy_(torch.tensor([[1.0, 0.0, 0.0], [0.0, 1.0, 0.0]]))
layer(torch.tensor([5.0, 6.0, 7.0]))
# Out: a leaf Variable that requires grad
# Out: tensor([5., 6.], grad_fn=<ViewBackward0>)
# --8<-- [end:no-grad]

# --8<-- [start:weight-norm]
torch.manual_seed(0)
layer = nn.Linear(4, 3)
before = layer.weight.detach().clone()
parametrizations.weight_norm(layer)
# zh: weight 不再是参数，而是每次访问时由 g 和 v 算出来的
# en: weight is no longer a parameter: it is computed from g and v each time it is read
for name, parameter in layer.named_parameters():
    print(name, tuple(parameter.shape))
g = layer.parametrizations.weight.original0
v = layer.parametrizations.weight.original1
# zh: 默认 dim=0：每个输出（每一行）各有一个长度 g
# en: dim=0 by default: one length g per output, that is, per row
assert torch.allclose(layer.weight, g * v / v.norm(dim=1, keepdim=True))
# zh: 注册时取 g = ‖W‖、v = W，权重的值不变
# en: registering sets g = ‖W‖ and v = W, so the weight keeps its value
assert torch.allclose(layer.weight, before)
assert parametrize.is_parametrized(layer, "weight")
assert not parametrize.is_parametrized(layer, "bias")
type(layer).__name__
# Out: bias (3,)
# Out: parametrizations.weight.original0 (3, 1)
# Out: parametrizations.weight.original1 (3, 4)
# Out: 'ParametrizedLinear'
# --8<-- [end:weight-norm]

# --8<-- [start:spectral-norm]
torch.manual_seed(0)
layer = parametrizations.spectral_norm(nn.Linear(8, 6))
# zh: 换上一个最大奇异值约为 12 的新矩阵
# en: put in a new matrix whose largest singular value is about 12
with torch.no_grad():
    layer.parametrizations.weight.original.copy_(3 * torch.randn(6, 8))
original = layer.parametrizations.weight.original
print(f"original: {torch.linalg.matrix_norm(original, ord=2).item():.2f}")
# zh: 评估模式不做幂迭代：估计值过时，谱范数不是 1
# en: evaluation mode does no power iteration: the estimate is stale and the norm is not 1
layer.eval()
print(f"eval:     {torch.linalg.matrix_norm(layer.weight, ord=2).item():.2f}")
# zh: 训练模式下每读一次 weight 就做一次幂迭代，几次之后收敛到 1
# en: in training mode every read of weight runs one power iteration; a few of them reach 1
layer.train()
norms = [torch.linalg.matrix_norm(layer.weight, ord=2).item() for _ in range(8)]
print("train:   ", " ".join(f"{n:.4f}" for n in norms))
assert abs(norms[-1] - 1) < 0.01
# Out: original: 12.45
# Out: eval:     9.76
# Out: train:    1.1130 1.0387 1.0185 1.0090 1.0043 1.0020 1.0010 1.0005
# --8<-- [end:spectral-norm]

# --8<-- [start:orthogonal-parametrization]
torch.manual_seed(0)
layer = parametrizations.orthogonal(nn.Linear(4, 4))
start = layer.weight.detach().clone()
optimizer = torch.optim.SGD(layer.parameters(), lr=0.1)
for _ in range(3):
    optimizer.zero_grad()
    layer(torch.randn(16, 4)).pow(2).mean().backward()
    optimizer.step()
W = layer.weight
# zh: 权重确实变了
# en: the weight did change
assert not torch.allclose(W, start, atol=1e-3)
# zh: 经过三步优化，权重仍然是正交矩阵
# en: after three optimizer steps the weight is still an orthogonal matrix
assert torch.allclose(W.T @ W, torch.eye(4), atol=1e-5)
(W.T @ W).detach().round(decimals=4)
# Out: tensor([[1., 0., 0., 0.],
# Out:         [0., 1., 0., 0.],
# Out:         [0., 0., 1., 0.],
# Out:         [0., 0., 0., 1.]])
# --8<-- [end:orthogonal-parametrization]


# --8<-- [start:symmetric]
class Symmetric(nn.Module):
    def forward(self, X):
        # zh: 取上三角（含对角线），再把严格上三角翻到下面
        # en: the upper triangle with the diagonal, plus the strict upper triangle mirrored below
        return X.triu() + X.triu(1).transpose(-1, -2)


torch.manual_seed(0)
layer = nn.Linear(3, 3)
parametrize.register_parametrization(layer, "weight", Symmetric())
assert torch.equal(layer.weight, layer.weight.T)
optimizer = torch.optim.SGD(layer.parameters(), lr=0.1)
layer(torch.randn(5, 3)).sum().backward()
optimizer.step()
# zh: 优化器更新的是 original，读出的 weight 始终对称
# en: the optimizer updates original; the weight read from it is always symmetric
assert torch.equal(layer.weight, layer.weight.T)
layer.weight
# Out: tensor([[ 0.1583,  0.5457, -0.2261],
# Out:         [ 0.5457, -0.1490,  0.3147],
# Out:         [-0.2261,  0.3147,  0.0353]], grad_fn=<AddBackward0>)
# --8<-- [end:symmetric]

# --8<-- [start:remove]
# zh: 去掉参数化：leave_parametrized=True（默认）把当前的值留作普通参数
# en: remove the parametrization: leave_parametrized=True (the default) keeps the current value
value = layer.weight.detach().clone()
parametrize.remove_parametrizations(layer, "weight")
assert not parametrize.is_parametrized(layer)
assert isinstance(layer.weight, nn.Parameter)
assert torch.equal(layer.weight, value)
layer
# Out: Linear(in_features=3, out_features=3, bias=True)
# --8<-- [end:remove]

# --8<-- [start:legacy]
# zh: 旧接口 torch.nn.utils.weight_norm 已弃用，调用时发出 FutureWarning
# en: the old torch.nn.utils.weight_norm is deprecated and warns with a FutureWarning
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    old = torch.nn.utils.weight_norm(nn.Linear(4, 3))
assert caught[0].category is FutureWarning
print(caught[0].message)
# zh: 旧接口把参数命名为 weight_g 与 weight_v：旧的检查点里能见到它们
# en: the old hook names its parameters weight_g and weight_v, as old checkpoints show
print([name for name, _ in old.named_parameters()])
# zh: 旧的 torch.nn.utils.spectral_norm 目前还不发警告，参数名为 weight_orig
# en: the old torch.nn.utils.spectral_norm does not warn yet; its parameter is weight_orig
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    old = torch.nn.utils.spectral_norm(nn.Linear(4, 3))
assert not caught
print([name for name, _ in old.named_parameters()])
# Out: `torch.nn.utils.weight_norm` is deprecated in favor of `torch.nn.utils.parametrizations.weight_norm`.
# Out: ['bias', 'weight_g', 'weight_v']
# Out: ['bias', 'weight_orig']
# --8<-- [end:legacy]
