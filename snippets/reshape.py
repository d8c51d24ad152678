# Layers that reshape (Flatten, Unflatten, Identity, Unfold, Fold): the code of
# docs/zh/reshape.md and docs/en/reshape.md.
# Run it from the repository root: python snippets/reshape.py

# --8<-- [start:imports]
import matplotlib.pyplot as plt
import torch
from matplotlib.patches import Rectangle
from torch import nn
from torchvision.models import resnet18

# --8<-- [end:imports]

# --8<-- [start:flatten]
# zh: 一批 2 个样本，每个样本是 3 个通道的 2×2 特征图
# en: a batch of 2 samples, each a 3-channel 2×2 feature map
x = torch.arange(24.0).reshape(2, 3, 2, 2)
flatten = nn.Flatten()
# zh: 默认从第 1 维展平到最后一维，第 0 维（批维度）保持不动
# en: by default it flattens dimensions 1 to the last and leaves dimension 0, the batch
assert (flatten.start_dim, flatten.end_dim) == (1, -1)
print("nn.Flatten()   :", flatten(x).shape)
# zh: 函数 torch.flatten 的默认值却是 start_dim=0：连批维度一起压成一个向量
# en: the function torch.flatten defaults to start_dim=0: the batch is squashed in too
print("torch.flatten  :", torch.flatten(x).shape)
# zh: 要与层的结果一致，须写明 start_dim=1
# en: to match the layer, pass start_dim=1 explicitly
print("torch.flatten 1:", torch.flatten(x, start_dim=1).shape)
assert torch.equal(flatten(x), torch.flatten(x, 1))
# zh: 旧代码里常见的写法，效果相同
# en: the spelling common in older code, with the same result
assert torch.equal(flatten(x), x.view(x.size(0), -1))
flatten
# Out: nn.Flatten()   : torch.Size([2, 12])
# Out: torch.flatten  : torch.Size([24])
# Out: torch.flatten 1: torch.Size([2, 12])
# Out: Flatten(start_dim=1, end_dim=-1)
# --8<-- [end:flatten]

# --8<-- [start:flatten-mistake]
# zh: 用错默认值的后果：批里的 2 个样本被接成了一个长向量
# en: what the wrong default does: the 2 samples of the batch become one long vector
linear = nn.Linear(12, 5)
try:
    linear(torch.flatten(x))
except RuntimeError as error:
    print("RuntimeError:", error)
else:
    raise AssertionError("a (24,) vector should not fit Linear(12, 5)")
# zh: 展平后第 0 行正好是第一个样本的全部 12 个数
# en: after flattening, row 0 holds exactly the 12 numbers of the first sample
assert torch.equal(flatten(x)[0], x[0].reshape(-1))
# Out: RuntimeError: mat1 and mat2 shapes cannot be multiplied (1x24 and 12x5)
# --8<-- [end:flatten-mistake]

# --8<-- [start:flatten-range]
# zh: 只展平后两维：(N, C, H, W) → (N, C, H·W)，每个通道变成一行
# en: flatten only the last two dimensions: (N, C, H, W) → (N, C, H·W)
assert nn.Flatten(start_dim=2)(x).shape == (2, 3, 4)
# zh: nn.Flatten 总认为第 0 维是批维度：一个不带批维度的 (C, H, W) 样本展不成向量
# en: nn.Flatten always takes dimension 0 for the batch:
# en: an unbatched (C, H, W) sample does not become a vector
sample = x[0]
print(flatten(sample).shape)
print(flatten(sample.unsqueeze(0)).shape)
# Out: torch.Size([3, 4])
# Out: torch.Size([1, 12])
# --8<-- [end:flatten-range]

# --8<-- [start:unflatten]
flat = flatten(x)
# zh: Unflatten(dim, unflattened_size)：把第 dim 维拆回指定的几个维度
# en: Unflatten(dim, unflattened_size) splits dimension dim into the given sizes
unflatten = nn.Unflatten(dim=1, unflattened_size=(3, 2, 2))
assert torch.equal(unflatten(flat), x)
# zh: 与 reshape 一样，可以有一个维度写成 -1，由其余维度推算出来
# en: as with reshape, one of the sizes may be -1 and is worked out from the others
assert torch.equal(nn.Unflatten(1, (3, -1, 2))(flat), x)
# zh: 各维度之积必须等于被拆的那一维的长度
# en: the sizes must multiply up to the length of the dimension being split
try:
    nn.Unflatten(1, (5, 2))(flat)
except RuntimeError as error:
    print("RuntimeError:", error)
unflatten
# Out: RuntimeError: unflatten: Provided sizes [5, 2] don't multiply up to the size of dim 1 (12) in the input tensor
# Out: Unflatten(dim=1, unflattened_size=(3, 2, 2))
# --8<-- [end:unflatten]

# --8<-- [start:conv-to-linear]
torch.manual_seed(0)
# zh: 卷积与池化输出 (N, C, H, W)，全连接层要的是 (N, 特征数)：中间用 Flatten 衔接
# en: convolution and pooling give (N, C, H, W), a linear layer wants (N, features):
# en: Flatten joins the two
net = nn.Sequential(
    nn.Conv2d(1, 4, kernel_size=3, padding=1),
    nn.ReLU(),
    nn.MaxPool2d(2),
    nn.Flatten(),
    nn.Linear(4 * 4 * 4, 10),
)
h = torch.rand(2, 1, 8, 8)
print(f"{'input':10} {tuple(h.shape)}")
for layer in net:
    h = layer(h)
    print(f"{type(layer).__name__:10} {tuple(h.shape)}")
# Out: input      (2, 1, 8, 8)
# Out: Conv2d     (2, 4, 8, 8)
# Out: ReLU       (2, 4, 8, 8)
# Out: MaxPool2d  (2, 4, 4, 4)
# Out: Flatten    (2, 64)
# Out: Linear     (2, 10)
# --8<-- [end:conv-to-linear]

# --8<-- [start:identity]
# zh: Identity 原样返回输入：连张量对象都是同一个
# en: Identity hands back its input untouched: the very same tensor object
identity = nn.Identity()
assert identity(x) is x
# zh: 构造参数一概忽略，不报错，也不留下任何痕迹
# en: constructor arguments are all ignored, with no error and no trace
ignored = nn.Identity(512, bias=False)
# zh: 与本页其他层一样，它没有参数
# en: like every other layer on this page, it has no parameters
for layer in (ignored, flatten, unflatten, nn.Unfold(2), nn.Fold((4, 4), 2)):
    assert list(layer.parameters()) == []
ignored
# Out: Identity()
# --8<-- [end:identity]

# --8<-- [start:resnet-features]
torch.manual_seed(0)
# zh: torchvision 的 ResNet-18，随机权重（默认 weights=None，不下载任何文件）
# en: torchvision's ResNet-18 with random weights
# en: (the default weights=None downloads nothing)
resnet = resnet18()
print(resnet.fc)
before = sum(p.numel() for p in resnet.parameters())
# zh: 用 Identity 替换最后的全连接层，网络就输出池化后的 512 维特征
# en: swap the final linear layer for Identity,
# en: and the network outputs its pooled 512-d features
resnet.fc = nn.Identity()
after = sum(p.numel() for p in resnet.parameters())
assert before - after == 512 * 1000 + 1000
resnet.eval()
with torch.no_grad():
    features = resnet(torch.rand(2, 3, 64, 64))
features.shape
# Out: Linear(in_features=512, out_features=1000, bias=True)
# Out: torch.Size([2, 512])
# --8<-- [end:resnet-features]


# --8<-- [start:optional-head]
# zh: 可选的层写成“要么是层，要么是 Identity”，forward 里就不需要 if
# en: an optional layer is either the layer or Identity, so forward needs no if
def make_model(num_classes, normalize=True):
    return nn.Sequential(
        nn.Conv2d(3, 8, kernel_size=3, padding=1),
        nn.BatchNorm2d(8) if normalize else nn.Identity(),
        nn.ReLU(),
        nn.AdaptiveAvgPool2d(1),
        nn.Flatten(),
        # zh: num_classes=0 表示不要分类头：模型输出特征
        # en: num_classes=0 means no classifier head: the model outputs features
        nn.Linear(8, num_classes) if num_classes > 0 else nn.Identity(),
    )


torch.manual_seed(0)
images = torch.rand(2, 3, 16, 16)
classifier, backbone = make_model(10), make_model(0, normalize=False)
print(classifier(images).shape, backbone(images).shape)
backbone[-1]
# Out: torch.Size([2, 10]) torch.Size([2, 8])
# Out: Identity()
# --8<-- [end:optional-head]

# --8<-- [start:unfold]
# zh: 一张 1 通道的 4×4 图像，像素值 0 到 15
# en: a 1-channel 4×4 image holding the values 0 to 15
image = torch.arange(16.0).reshape(1, 1, 4, 4)
unfold = nn.Unfold(kernel_size=2)
columns = unfold(image)
# zh: (N, C·kH·kW, L)：每个 2×2 窗口展平成一列，共 L = 3 × 3 = 9 列
# en: (N, C·kH·kW, L): each 2×2 window becomes a column, L = 3 × 3 = 9 of them
assert columns.shape == (1, 1 * 2 * 2, 9)
# zh: 第 0 列是左上角的窗口
# en: column 0 is the top-left window
assert torch.equal(columns[0, :, 0], image[0, 0, :2, :2].reshape(-1))
print(unfold)
columns[0]
# Out: Unfold(kernel_size=2, dilation=1, padding=0, stride=1)
# Out: tensor([[ 0.,  1.,  2.,  4.,  5.,  6.,  8.,  9., 10.],
# Out:         [ 1.,  2.,  3.,  5.,  6.,  7.,  9., 10., 11.],
# Out:         [ 4.,  5.,  6.,  8.,  9., 10., 12., 13., 14.],
# Out:         [ 5.,  6.,  7.,  9., 10., 11., 13., 14., 15.]])
# --8<-- [end:unfold]

# --8<-- [start:unfold-figure]
figure, (left, right) = plt.subplots(
    1, 2, figsize=(11, 3.6), gridspec_kw={"width_ratios": [1, 2.2]}
)
# zh: matplotlib 需要 numpy 数组
# en: matplotlib wants numpy arrays
pixels, matrix = image[0, 0].numpy(), columns[0].numpy()
for ax, values in ((left, pixels), (right, matrix)):
    ax.imshow(values, cmap="Greys", vmin=-8, vmax=24)
    rows, cols = values.shape
    ax.set_xticks(range(cols))
    ax.set_yticks(range(rows))
    for row in range(rows):
        for col in range(cols):
            value = f"{values[row, col]:.0f}"
            ax.text(col, row, value, ha="center", va="center", fontsize=12)
# zh: 三个窗口及其对应的列，用同一种颜色框出
# en: three windows and their columns, outlined in matching colours
for window, colour in ((0, "tab:blue"), (5, "tab:orange"), (7, "tab:green")):
    top, first = divmod(window, 3)
    box = {"fill": False, "edgecolor": colour, "linewidth": 3}
    left.add_patch(Rectangle((first - 0.42, top - 0.42), 1.84, 1.84, **box))
    right.add_patch(Rectangle((window - 0.42, -0.42), 0.84, 3.84, **box))
left.set_title("input 4×4, kernel 2×2")
left.set_xlabel("column")
left.set_ylabel("row")
right.set_title("unfolded: one column per window (4 × 9)")
right.set_xlabel("window l")
right.set_ylabel("position in window")
figure.tight_layout()
figure
# --8<-- [end:unfold-figure]

# --8<-- [start:unfold-length]
# zh: 2 个通道的 7×9 输入；3×2 的窗口，填充 1，步幅 2
# en: a 2-channel 7×9 input; a 3×2 window, padding 1, stride 2
sizes, kernel, padding, stride, dilation = (7, 9), (3, 2), 1, 2, 1
unfold = nn.Unfold(kernel_size=kernel, padding=padding, stride=stride)
columns = unfold(torch.rand(1, 2, *sizes))
# zh: 每一维可以放下几个窗口，与卷积的输出尺寸公式相同
# en: how many windows fit along each dimension:
# en: the same formula as a convolution's output size
positions = [
    (n + 2 * padding - dilation * (k - 1) - 1) // stride + 1
    for n, k in zip(sizes, kernel, strict=True)
]
print(positions)
assert columns.shape == (1, 2 * 3 * 2, positions[0] * positions[1])
columns.shape
# Out: [4, 5]
# Out: torch.Size([1, 12, 20])
# --8<-- [end:unfold-length]

# --8<-- [start:conv-as-matmul]
torch.manual_seed(0)
conv = nn.Conv2d(in_channels=2, out_channels=3, kernel_size=3, padding=1)
x = torch.rand(1, 2, 5, 5)
# zh: 第 1 步：展开，每个 3×3×2 的窗口成为一列
# en: step 1: unfold, every 3×3×2 window becomes a column
columns = nn.Unfold(kernel_size=3, padding=1)(x)
# zh: 第 2 步：每个卷积核展平成一行，(3, 2, 3, 3) → (3, 18)
# en: step 2: flatten each kernel into a row, (3, 2, 3, 3) → (3, 18)
kernels = conv.weight.reshape(3, -1)
# zh: 第 3 步：矩阵乘法，每个卷积核与每个窗口做点积，再加偏置
# en: step 3: a matrix product, every kernel dotted with every window, plus the bias
products = kernels @ columns + conv.bias.reshape(3, 1)
# zh: 第 4 步：把 25 个位置拼回 5×5；kernel_size=1 的 Fold 只是改形状
# en: step 4: lay the 25 positions out as 5×5 (Fold with kernel_size=1 only reshapes)
out = nn.Fold(output_size=(5, 5), kernel_size=1)(products)
assert torch.equal(out, products.reshape(1, 3, 5, 5))
assert torch.allclose(out, conv(x), atol=1e-6)
# zh: 展开后的矩阵比输入大得多：一个像素最多出现在 9 个窗口中
# en: the unfolded matrix is much larger than the input:
# en: a pixel appears in up to 9 windows
assert (x.numel(), columns.numel()) == (50, 450)
for name, t in [
    ("x", x),
    ("columns", columns),
    ("kernels", kernels),
    ("products", products),
    ("out", out),
]:
    print(f"{name:9} {tuple(t.shape)}")
# Out: x         (1, 2, 5, 5)
# Out: columns   (1, 18, 25)
# Out: kernels   (3, 18)
# Out: products  (1, 3, 25)
# Out: out       (1, 3, 5, 5)
# --8<-- [end:conv-as-matmul]

# --8<-- [start:fold-overlap]
unfold = nn.Unfold(kernel_size=2)
fold = nn.Fold(output_size=(4, 4), kernel_size=2)
print(fold)
# zh: 折叠是展开的“逆”吗？对 4×4 的图像试一试：结果不等于原图
# en: is fold the inverse of unfold? On the 4×4 image the result is not the image
roundtrip = fold(unfold(image))
assert not torch.equal(roundtrip, image)
# zh: 对全 1 的图像做同样的事，得到的是每个像素被几个窗口覆盖
# en: the same on an all-ones image gives the number of windows covering each pixel
counts = fold(unfold(torch.ones_like(image)))
assert torch.equal(roundtrip, image * counts)
counts[0, 0]
# Out: Fold(output_size=(4, 4), kernel_size=2, dilation=1, padding=0, stride=1)
# Out: tensor([[1., 2., 2., 1.],
# Out:         [2., 4., 4., 2.],
# Out:         [2., 4., 4., 2.],
# Out:         [1., 2., 2., 1.]])
# --8<-- [end:fold-overlap]

# --8<-- [start:fold-inverse]
# zh: 除以覆盖次数，才能还原图像
# en: divide by the counts to get the image back
assert torch.equal(roundtrip / counts, image)
# zh: 窗口互不重叠时（步幅等于窗口大小），每个像素只被覆盖一次，折叠正是展开的逆
# en: with windows that do not overlap (stride equal to the window size),
# en: each pixel is covered once and fold is exactly the inverse of unfold
patches = nn.Unfold(kernel_size=2, stride=2)(image)
assert patches.shape == (1, 4, 4)
fold_patches = nn.Fold(output_size=(4, 4), kernel_size=2, stride=2)
assert torch.equal(fold_patches(patches), image)
# --8<-- [end:fold-inverse]
