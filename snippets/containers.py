# Containers: the code of docs/zh/containers.md and docs/en/containers.md.
# Run it from the repository root: python snippets/containers.py

# --8<-- [start:imports]
import io
from collections import OrderedDict
from itertools import pairwise

import torch
from torch import nn

# --8<-- [end:imports]

# --8<-- [start:sequential]
torch.manual_seed(0)
net = nn.Sequential(
    nn.Conv2d(3, 3, 3),
    nn.BatchNorm2d(3),
    nn.ReLU(),
)
print(net)
# Out: Sequential(
# Out:   (0): Conv2d(3, 3, kernel_size=(3, 3), stride=(1, 1))
# Out: ...
# Out:   (2): ReLU()
# Out: )
# --8<-- [end:sequential]

# --8<-- [start:index]
# zh: 按序号取出子层；切片得到一个新的 Sequential
# en: take a sublayer by position; a slice is a new Sequential
assert isinstance(net[2], nn.ReLU)
assert isinstance(net[:2], nn.Sequential) and len(net[:2]) == 2
net[2]
# Out: ReLU()
# --8<-- [end:index]

# --8<-- [start:forward]
# zh: 随机数种子已在上面固定：网络的权重和这个输入每次运行都一样
# en: the seed was set above: the network's weights and this input are the same on every run
x = torch.randn(1, 3, 4, 4)
y = net(x)
# zh: 3×3 卷积、没有填充：4×4 变为 2×2；ReLU 之后没有负数
# en: a 3×3 convolution without padding: 4×4 becomes 2×2; no negatives after the ReLU
assert y.shape == (1, 3, 2, 2)
assert (y >= 0).all()
# zh: Sequential 的前向传播就是依次调用每一层
# en: a Sequential's forward pass calls each layer in turn
assert torch.equal(y, net[2](net[1](net[0](x))))
y
# --8<-- [end:forward]

# --8<-- [start:named]
torch.manual_seed(0)
named = nn.Sequential(
    OrderedDict(
        [
            ("conv", nn.Conv2d(3, 3, 3)),
            ("bn", nn.BatchNorm2d(3)),
            ("relu", nn.ReLU()),
        ]
    )
)
# zh: 按名字或序号取出的是同一个子层
# en: by name or by position, it is the same sublayer
assert named.conv is named[0]
print(named)
# zh: 参数的名字随之改变：state_dict 的键是 conv.weight 而不是 0.weight
# en: parameter names follow: state_dict keys read conv.weight instead of 0.weight
print([name for name, _ in named.named_parameters()])
# Out: Sequential(
# Out:   (conv): Conv2d(3, 3, kernel_size=(3, 3), stride=(1, 1))
# Out: ...
# Out:   (relu): ReLU()
# Out: )
# Out: ['conv.weight', 'conv.bias', 'bn.weight', 'bn.bias']
# --8<-- [end:named]

# --8<-- [start:add-module]
# zh: 也可以先建一个空的 Sequential，再用 add_module 逐个加入有名字的子层
# en: or start from an empty Sequential and add named sublayers one by one with add_module
torch.manual_seed(0)
built = nn.Sequential()
built.add_module("conv", nn.Conv2d(3, 3, 3))
built.add_module("bn", nn.BatchNorm2d(3))
built.add_module("relu", nn.ReLU())
# zh: 种子相同，结构相同：与上面的 named 完全一样
# en: same seed, same structure: identical to named above
assert str(built) == str(named)
assert torch.equal(built(x), named(x))
# --8<-- [end:add-module]


# --8<-- [start:modulelist]
class Residual(nn.Module):
    """Several same-sized Linear layers, each added back onto its input."""

    def __init__(self, width, depth):
        super().__init__()
        self.layers = nn.ModuleList(nn.Linear(width, width) for _ in range(depth))

    def forward(self, x):
        # zh: ModuleList 本身没有 forward：由我们在循环中决定数据怎么流动
        # en: a ModuleList has no forward of its own: our loop decides how data flows
        for layer in self.layers:
            x = x + torch.relu(layer(x))
        return x


torch.manual_seed(0)
model = Residual(width=4, depth=3)
print(model)
out = model(torch.randn(2, 4))
assert out.shape == (2, 4)
# Out: Residual(
# Out:   (layers): ModuleList(
# Out:     (0-2): 3 x Linear(in_features=4, out_features=4, bias=True)
# Out:   )
# Out: )
# --8<-- [end:modulelist]

# --8<-- [start:modulelist-call]
# zh: 直接调用 ModuleList 会报错：它只是一个容器，不知道该怎样连接各层
# en: calling a ModuleList directly fails: it is only a container and does not know how to
# en: connect its layers
try:
    model.layers(torch.randn(2, 4))
except NotImplementedError as error:
    print(error)
else:
    raise AssertionError("a ModuleList should not be callable")
# Out: Module [ModuleList] is missing the required "forward" function
# --8<-- [end:modulelist-call]


# --8<-- [start:plain-list]
class PlainList(nn.Module):
    """The same model, with the layers kept in an ordinary Python list: a bug."""

    def __init__(self, width, depth):
        super().__init__()
        # zh: 唯一的改动：用普通列表代替 nn.ModuleList
        # en: the only change: a plain list instead of nn.ModuleList
        self.layers = [nn.Linear(width, width) for _ in range(depth)]

    forward = Residual.forward


torch.manual_seed(0)
broken = PlainList(width=4, depth=3)
# zh: 前向传播照样能跑，看不出任何问题
# en: the forward pass runs as usual and nothing looks wrong
assert broken(torch.randn(2, 4)).shape == (2, 4)
# zh: 但是 PyTorch 不知道这三层的存在：没有参数，也不在打印结果里
# en: but PyTorch does not know the three layers exist: no parameters, not in the printout
print(broken)
print("ModuleList:", len(list(model.parameters())), "parameters")
print("plain list:", len(list(broken.parameters())), "parameters")
assert len(list(model.parameters())) == 6  # 3 × (weight, bias)
assert len(list(broken.parameters())) == 0
# Out: PlainList()
# Out: ModuleList: 6 parameters
# Out: plain list: 0 parameters
# --8<-- [end:plain-list]

# --8<-- [start:plain-list-consequences]
# zh: 优化器拿不到任何参数
# en: the optimizer gets no parameters
try:
    torch.optim.SGD(broken.parameters(), lr=0.1)
except ValueError as error:
    print(error)
# zh: state_dict 是空的：保存的检查点里没有这三层的权重
# en: state_dict is empty: a saved checkpoint holds none of the three layers' weights
print(list(broken.state_dict()))
print(list(model.state_dict()))
assert len(broken.state_dict()) == 0
assert len(model.state_dict()) == 6
# zh: .to() 也管不到它们：模型转成 float64，这三层还是 float32
# en: .to() misses them too: the model goes to float64, the three layers stay float32
broken.to(torch.float64)
model.to(torch.float64)
print("ModuleList:", model.layers[0].weight.dtype, " plain list:", broken.layers[0].weight.dtype)
assert model.layers[0].weight.dtype == torch.float64
assert broken.layers[0].weight.dtype == torch.float32
# Out: optimizer got an empty parameter list
# Out: []
# Out: ['layers.0.weight', 'layers.0.bias', 'layers.1.weight', 'layers.1.bias',
# Out:  'layers.2.weight', 'layers.2.bias']
# Out: ModuleList: torch.float64  plain list: torch.float32
# --8<-- [end:plain-list-consequences]


# --8<-- [start:moduledict]
class Head(nn.Module):
    """One shared layer, then an activation chosen by name at call time."""

    def __init__(self):
        super().__init__()
        self.linear = nn.Linear(4, 4)
        self.activations = nn.ModuleDict({"relu": nn.ReLU(), "tanh": nn.Tanh()})

    def forward(self, x, activation="relu"):
        return self.activations[activation](self.linear(x))


torch.manual_seed(0)
head = Head()
x = torch.randn(1, 4)
assert (head(x) >= 0).all()
assert (head(x, "tanh").abs() < 1).all()
# zh: ModuleDict 里的层和 ModuleList 里的一样会被注册
# en: layers in a ModuleDict are registered just like those in a ModuleList
head
# Out: Head(
# Out:   (linear): Linear(in_features=4, out_features=4, bias=True)
# Out:   (activations): ModuleDict(
# Out:     (relu): ReLU()
# Out:     (tanh): Tanh()
# Out:   )
# Out: )
# --8<-- [end:moduledict]


# --8<-- [start:parameterlist]
class HandMLP(nn.Module):
    """A multilayer perceptron written by hand: one weight and one bias per layer."""

    def __init__(self, sizes, container=nn.ParameterList):
        super().__init__()
        # zh: 层数由 sizes 决定，每层的权重形状也各不相同
        # en: sizes decides how many layers there are, and each weight has its own shape
        pairs = list(pairwise(sizes))
        weights = [torch.randn(m, n) / n**0.5 for n, m in pairs]
        biases = [torch.zeros(m) for _, m in pairs]
        self.weights = container(nn.Parameter(w) for w in weights)
        self.biases = nn.ParameterList(nn.Parameter(b) for b in biases)

    def forward(self, x):
        last = len(self.weights) - 1
        for i, weight in enumerate(self.weights):
            x = x @ weight.T + self.biases[i]
            if i < last:
                x = torch.relu(x)
        return x


torch.manual_seed(0)
mlp = HandMLP([4, 8, 3])
print(mlp)
for name, parameter in mlp.named_parameters():
    print(name, tuple(parameter.shape))
assert mlp(torch.randn(2, 4)).shape == (2, 3)
# Out: HandMLP(
# Out:   (weights): ParameterList(
# Out:       (0): Parameter containing: [torch.float32 of size 8x4]
# Out:       (1): Parameter containing: [torch.float32 of size 3x8]
# Out:   )
# Out:   (biases): ParameterList(
# Out:       (0): Parameter containing: [torch.float32 of size 8]
# Out:       (1): Parameter containing: [torch.float32 of size 3]
# Out:   )
# Out: )
# Out: weights.0 (8, 4)
# Out: weights.1 (3, 8)
# Out: biases.0 (8,)
# Out: biases.1 (3,)
# --8<-- [end:parameterlist]

# --8<-- [start:parameterlist-plain]
# zh: 同一个种子、同样的数值，只是权重放在普通列表里（列表中的元素仍是 nn.Parameter）
# en: the same seed and the same numbers, only the weights sit in a plain list (whose
# en: items are still nn.Parameter)
torch.manual_seed(0)
plain_mlp = HandMLP([4, 8, 3], container=list)
x = torch.randn(2, 4)
assert torch.equal(plain_mlp(x), mlp(x))
# zh: parameters() 只看得到偏置：4 个张量变成了 2 个
# en: parameters() sees only the biases: 2 tensors instead of 4
print("ParameterList:", [name for name, _ in mlp.named_parameters()])
print("plain list:   ", [name for name, _ in plain_mlp.named_parameters()])
# zh: 两个模型各训练一步
# en: one training step for each model
for network in (mlp, plain_mlp):
    optimizer = torch.optim.SGD(network.parameters(), lr=0.1)
    network(x).square().mean().backward()
    optimizer.step()
# zh: 普通列表里的权重算出了梯度，优化器却不知道它们，所以一点没变
# en: the weights in the plain list got gradients, but the optimizer never heard of them,
# en: so they did not move
assert plain_mlp.weights[0].grad is not None
assert not torch.equal(mlp.weights[0], plain_mlp.weights[0])
assert not torch.equal(mlp.biases[0], torch.zeros(8))
assert not torch.equal(plain_mlp.biases[0], torch.zeros(8))
torch.manual_seed(0)
untrained = HandMLP([4, 8, 3])
assert torch.equal(plain_mlp.weights[0], untrained.weights[0])
# Out: ParameterList: ['weights.0', 'weights.1', 'biases.0', 'biases.1']
# Out: plain list:    ['biases.0', 'biases.1']
# --8<-- [end:parameterlist-plain]


# --8<-- [start:parameterdict]
class Calibrate(nn.Module):
    """One learnable gain per data source, picked by name at call time."""

    def __init__(self, sources, width):
        super().__init__()
        # zh: 普通张量放进 ParameterDict 时会自动变成 nn.Parameter
        # en: plain tensors put into a ParameterDict become nn.Parameter automatically
        gains = {name: torch.ones(width) for name in sources}
        self.gains = nn.ParameterDict(gains)

    def forward(self, x, source):
        return x * self.gains[source]


calibrate = Calibrate(["camera", "scanner"], width=3)
assert isinstance(calibrate.gains["camera"], nn.Parameter)
assert calibrate.gains["camera"].requires_grad
# zh: 之后再加入的参数同样会被注册
# en: a parameter added later is registered too
calibrate.gains["phone"] = torch.ones(3)
print(list(calibrate.state_dict()))
print(sum(p.numel() for p in calibrate.parameters()), "numbers to learn")
# Out: ['gains.camera', 'gains.scanner', 'gains.phone']
# Out: 9 numbers to learn
# --8<-- [end:parameterdict]


# --8<-- [start:buffers]
class Standardize(nn.Module):
    """Subtracts a mean measured once from data, then applies learnable gains."""

    def __init__(self, data):
        super().__init__()
        # zh: 参数：训练时由优化器更新
        # en: a parameter: the optimizer updates it during training
        self.gain = nn.Parameter(torch.ones(3))
        # zh: 持久缓冲区：从数据算出、不参与学习，但要随模型保存
        # en: a persistent buffer: measured from data, not learnt, but saved with the model
        self.register_buffer("mean", data.mean(dim=0))
        # zh: 非持久缓冲区：随时可以从配置重新算出，不必存进检查点
        # en: a non-persistent buffer: easy to recompute from the settings, so not saved
        ramp = torch.linspace(0.5, 1.5, 3)
        self.register_buffer("ramp", ramp, persistent=False)
        # zh: 常见的错误：普通属性，PyTorch 根本不知道它
        # en: a common mistake: a plain attribute, unknown to PyTorch
        self.plain_mean = data.mean(dim=0)

    def forward(self, x):
        return (x - self.mean) * self.ramp * self.gain


torch.manual_seed(0)
standardize = Standardize(torch.randn(100, 3))


def contains(tensors, tensor):
    return any(t is tensor for t in tensors)


state = standardize.state_dict()
print("name        grad   parameters  buffers  state_dict")
for name in ["gain", "mean", "ramp", "plain_mean"]:
    tensor = getattr(standardize, name)
    print(
        f"{name:10}  {tensor.requires_grad!s:5}  "
        f"{contains(standardize.parameters(), tensor)!s:10}  "
        f"{contains(standardize.buffers(), tensor)!s:7}  {name in state}"
    )
# Out: name        grad   parameters  buffers  state_dict
# Out: gain        True   True        False    True
# Out: mean        False  False       True     True
# Out: ramp        False  False       True     False
# Out: plain_mean  False  False       False    False
# --8<-- [end:buffers]

# --8<-- [start:buffers-grad]
# zh: 反向传播之后，只有参数得到梯度
# en: after a backward pass, only the parameter has a gradient
standardize(torch.randn(4, 3)).sum().backward()
assert standardize.gain.grad is not None
assert standardize.mean.grad is None and standardize.ramp.grad is None
# zh: .to() 搬动参数和所有缓冲区（持久与否都一样），普通属性被落下
# en: .to() moves the parameter and every buffer (persistent or not); the plain attribute
# en: is left behind
standardize.to(torch.float64)
for name in ["gain", "mean", "ramp", "plain_mean"]:
    print(f"{name:10}", getattr(standardize, name).dtype)
# zh: 批归一化的滑动平均正是缓冲区
# en: batch normalization keeps its running averages in buffers
bn = nn.BatchNorm1d(3).to(torch.float64)
print([name for name, _ in bn.named_buffers()])
# zh: 改 dtype 时只转换浮点张量：整数的计数器仍是 int64
# en: a change of dtype converts floating-point tensors only: the integer counter stays int64
assert bn.running_mean.dtype == torch.float64
assert bn.num_batches_tracked.dtype == torch.int64
# Out: gain       torch.float64
# Out: mean       torch.float64
# Out: ramp       torch.float64
# Out: plain_mean torch.float32
# Out: ['running_mean', 'running_var', 'num_batches_tracked']
# --8<-- [end:buffers-grad]

# --8<-- [start:state-dict]
torch.manual_seed(0)
source = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 2))
# zh: 另一个种子：结构相同，权重不同
# en: another seed: the same structure, different weights
torch.manual_seed(1)
target = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 2))
x = torch.randn(3, 4)
assert not torch.allclose(source(x), target(x))
state = source.state_dict()
print({key: tuple(value.shape) for key, value in state.items()})
# zh: 存进文件再读回来（这里用内存中的文件代替磁盘上的文件）
# en: save to a file and read it back (an in-memory file stands in for one on disk)
file = io.BytesIO()
torch.save(state, file)
file.seek(0)
print(target.load_state_dict(torch.load(file)))
# zh: 载入之后，两个模型的输出完全相同
# en: after loading, the two models give exactly the same outputs
assert torch.equal(source(x), target(x))
# zh: 注意：state_dict 中的张量与参数共用内存，不是一份拷贝
# en: beware: the tensors in a state_dict share memory with the parameters; they are not a copy
assert state["0.weight"].data_ptr() == source[0].weight.data_ptr()
# Out: {'0.weight': (8, 4), '0.bias': (8,), '2.weight': (2, 8), '2.bias': (2,)}
# Out: <All keys matched successfully>
# --8<-- [end:state-dict]

# --8<-- [start:load-strict]
# zh: 同样的层，换成有名字的 Sequential：键全都对不上
# en: the same layers in a named Sequential: none of the keys match
torch.manual_seed(1)
renamed = nn.Sequential(
    OrderedDict(
        [
            ("hidden", nn.Linear(4, 8)),
            ("relu", nn.ReLU()),
            ("out", nn.Linear(8, 2)),
        ]
    )
)
before = renamed(x)
try:
    renamed.load_state_dict(state)
except RuntimeError as error:
    for line in str(error).splitlines():
        print(line.strip())
# zh: strict=False 不报错，而是返回缺少的键与多余的键
# en: strict=False raises nothing; it returns the missing and the unexpected keys
result = renamed.load_state_dict(state, strict=False)
print("missing:   ", result.missing_keys)
print("unexpected:", result.unexpected_keys)
# zh: 一个权重也没有载入
# en: not a single weight was loaded
assert torch.equal(renamed(x), before)
# Out: Error(s) in loading state_dict for Sequential:
# Out: Missing key(s) in state_dict: "hidden.weight", "hidden.bias", "out.weight", "out.bias".
# Out: Unexpected key(s) in state_dict: "0.weight", "0.bias", "2.weight", "2.bias".
# Out: missing:    ['hidden.weight', 'hidden.bias', 'out.weight', 'out.bias']
# Out: unexpected: ['0.weight', '0.bias', '2.weight', '2.bias']
# --8<-- [end:load-strict]

# --8<-- [start:new-head]
# zh: 复用训练好的第一层，最后一层换成 5 个输出
# en: reuse the trained first layer, with a new last layer of 5 outputs
torch.manual_seed(1)
five_way = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 5))
# zh: 形状不符的键即使在 strict=False 时也会报错
# en: a key whose shape does not match is an error even with strict=False
try:
    five_way.load_state_dict(state, strict=False)
except RuntimeError as error:
    print(str(error).splitlines()[1].strip())
# zh: 先去掉旧的最后一层，再载入
# en: drop the old last layer first, then load
first_layer_only = {k: v for k, v in state.items() if k.startswith("0.")}
print(five_way.load_state_dict(first_layer_only, strict=False))
assert torch.equal(five_way[0].weight, source[0].weight)
# Out: size mismatch for 2.weight: copying a param with shape torch.Size([2, 8]) from checkpoint,
# Out: the shape in current model is torch.Size([5, 8]).
# Out: _IncompatibleKeys(missing_keys=['2.weight', '2.bias'], unexpected_keys=[])
# --8<-- [end:new-head]

# --8<-- [start:traversal]
torch.manual_seed(0)
deep = nn.Sequential(
    nn.Sequential(nn.Linear(4, 8), nn.ReLU()),
    nn.Sequential(nn.Linear(8, 8), nn.ReLU()),
    nn.Linear(8, 2),
)
# zh: children() 只给出直接的子模块
# en: children() yields the direct submodules only
print("children:", [name for name, _ in deep.named_children()])
# zh: modules() 递归地给出所有模块，包括模型本身（名字为空字符串）
# en: modules() yields every module recursively, the model itself included (named "")
print("modules: ", [name for name, _ in deep.named_modules()])
assert len(list(deep.children())) == 3
assert len(list(deep.modules())) == 8
# zh: named_parameters() 同样递归，名字是一路经过的子模块名
# en: named_parameters() recurses too; each name is the path of submodule names
for name, parameter in deep.named_parameters():
    print(f"{name:10} {parameter.numel():3}")
# Out: children: ['0', '1', '2']
# Out: modules:  ['', '0', '0.0', '0.1', '1', '1.0', '1.1', '2']
# Out: 0.0.weight  32
# Out: 0.0.bias     8
# Out: 1.0.weight  64
# Out: 1.0.bias     8
# Out: 2.weight    16
# Out: 2.bias       2
# --8<-- [end:traversal]


# --8<-- [start:apply]
def init_linear(module):
    # zh: apply 对每个模块都调用一次：只处理线性层
    # en: apply calls this once for every module: act on linear layers only
    if isinstance(module, nn.Linear):
        nn.init.xavier_uniform_(module.weight)
        nn.init.zeros_(module.bias)


torch.manual_seed(0)
# zh: apply 返回模型本身，所以可以接在构造之后
# en: apply returns the model itself, so it can follow the constructor
assert deep.apply(init_linear) is deep
linears = [m for m in deep.modules() if isinstance(m, nn.Linear)]
assert len(linears) == 3 and all((m.bias == 0).all() for m in linears)
# zh: 访问顺序：先子模块，后父模块
# en: the order of the visit: children first, then their parent
visited = []
deep.apply(lambda module: visited.append(type(module).__name__))
visited
# Out: ['Linear', 'ReLU', 'Sequential', 'Linear', 'ReLU', 'Sequential', 'Linear', 'Sequential']
# --8<-- [end:apply]

# --8<-- [start:train-eval]
torch.manual_seed(0)
block = nn.Sequential(
    nn.Linear(4, 4),
    nn.Sequential(nn.BatchNorm1d(4), nn.ReLU()),
    nn.Dropout(p=0.5),
)
# zh: 新建的模型处于训练模式
# en: a new model is in training mode
print([module.training for module in block.modules()])
# zh: eval() 递归地改写每个子模块的 training 标志，并返回模型本身
# en: eval() sets the training flag of every submodule, recursively, and returns the model
assert block.eval() is block
print([module.training for module in block.modules()])
# zh: train() 切换回来；eval() 就是 train(False)
# en: train() switches back; eval() is the same as train(False)
block.train()
assert all(module.training for module in block.modules())
block.train(False)
assert not any(module.training for module in block.modules())
# Out: [True, True, True, True, True, True]
# Out: [False, False, False, False, False, False]
# --8<-- [end:train-eval]


# --8<-- [start:train-eval-layers]
def compare(a, b):
    return "same" if torch.allclose(a, b) else "differ"


torch.manual_seed(0)
x = torch.randn(8, 4)
print("layer        train, twice  eval, twice  train vs eval")
for layer in [nn.Linear(4, 4), nn.Dropout(p=0.5), nn.BatchNorm1d(4)]:
    layer.train()
    first, second = layer(x), layer(x)
    layer.eval()
    third, fourth = layer(x), layer(x)
    name = type(layer).__name__
    print(
        f"{name:11}  {compare(first, second):12}  "
        f"{compare(third, fourth):11}  {compare(first, third)}"
    )
# zh: eval() 不关闭自动求导：评估时还要加上 torch.no_grad()
# en: eval() does not turn autograd off: evaluation also wants torch.no_grad()
assert layer(x).requires_grad
with torch.no_grad():
    assert not layer(x).requires_grad
# Out: layer        train, twice  eval, twice  train vs eval
# Out: Linear       same          same         same
# Out: Dropout      differ        same         differ
# Out: BatchNorm1d  same          same         differ
# --8<-- [end:train-eval-layers]
