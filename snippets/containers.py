# Containers: the code of docs/zh/containers.md and docs/en/containers.md.
# Run it from the repository root: python snippets/containers.py

# --8<-- [start:imports]
from collections import OrderedDict

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
