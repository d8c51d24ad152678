# The home page: the code of docs/zh/index.md and docs/en/index.md.
# Run it from the repository root: python snippets/index.py

# --8<-- [start:versions]
import platform

import torch
import torchvision

print("Python     ", platform.python_version())
print("torch      ", torch.__version__)
print("torchvision", torchvision.__version__)
# --8<-- [end:versions]

# --8<-- [start:imports]
import torch
import torch.nn.functional as F
from torch import nn

# --8<-- [end:imports]

# --8<-- [start:batch]
# zh: 固定随机种子，每次运行得到同样的数
# en: fix the seed, so that every run gives the same numbers
torch.manual_seed(0)
# zh: 一张灰度图：(C, H, W) = (1, 28, 28)
# en: one greyscale image: (C, H, W) = (1, 28, 28)
image = torch.rand(1, 28, 28)
conv = nn.Conv2d(1, 4, kernel_size=3)
norm = nn.BatchNorm2d(4)

# zh: unsqueeze(0) 在最前面加一个长度为 1 的批维度
# en: unsqueeze(0) puts a batch dimension of length 1 in front
batch = image.unsqueeze(0)
assert batch.shape == (1, 1, 28, 28)
norm(conv(batch)).shape
# --8<-- [end:batch]

# --8<-- [start:unbatched]
# zh: Conv2d 把三维输入当作“没有批维度”的单个样本
# en: Conv2d reads a 3-D input as one sample without a batch dimension
print(conv(image).shape)
# zh: BatchNorm2d 却只接受四维输入
# en: but BatchNorm2d takes 4-D input only
try:
    norm(conv(image))
except ValueError as err:
    print("ValueError:", err)
    assert "expected 4D input" in str(err)
# --8<-- [end:unbatched]

# --8<-- [start:functional]
x = torch.tensor([-1.0, 0.0, 2.0])
# zh: 模块与函数两种写法，结果相同
# en: the module and the function give the same result
assert torch.equal(nn.ReLU()(x), F.relu(x))
F.relu(x)
# --8<-- [end:functional]
