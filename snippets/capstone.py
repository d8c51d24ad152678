# Capstone: the code of docs/zh/capstone.md and docs/en/capstone.md.
# Run it from the repository root: python snippets/capstone.py

# --8<-- [start:imports]
import math
from collections import OrderedDict

import matplotlib.pyplot as plt
import torch
from torch import nn

# --8<-- [end:imports]

# --8<-- [start:data]
CLASSES = ["horizontal", "vertical", "cross"]


def make_shapes(n, generator):
    """n noisy 28×28 images of a horizontal bar, a vertical bar or a cross."""
    # zh: 三类轮流出现，每类的图片一样多
    # en: the three classes take turns, so each has the same number of images
    labels = torch.arange(n) % 3
    images = torch.zeros(n, 1, 28, 28)
    # zh: 每张图的中心随机；线条从中心向两端各伸出 4 到 9 个像素，长短随机
    # en: each image gets a random centre; each bar reaches 4 to 9 pixels out from it on
    # en: either side, at random
    centres = torch.randint(10, 19, (n, 2), generator=generator)
    arms = torch.randint(4, 10, (n, 4), generator=generator)
    for i in range(n):
        r, c = centres[i]
        left, right, up, down = arms[i]
        if labels[i] in (0, 2):
            images[i, 0, r - 1 : r + 2, c - left : c + right + 1] = 1.0
        if labels[i] in (1, 2):
            images[i, 0, r - up : r + down + 1, c - 1 : c + 2] = 1.0
    # zh: 再加上高斯噪声
    # en: then Gaussian noise on top
    images += 0.3 * torch.randn(images.shape, generator=generator)
    return images, labels


generator = torch.Generator().manual_seed(0)
train_x, train_y = make_shapes(300, generator)
test_x, test_y = make_shapes(150, generator)
assert torch.equal(torch.bincount(test_y), torch.tensor([50, 50, 50]))
train_x.shape, test_x.shape
# Out: (torch.Size([300, 1, 28, 28]), torch.Size([150, 1, 28, 28]))
# --8<-- [end:data]

# --8<-- [start:data-figure]
figure, axes = plt.subplots(3, 6, figsize=(9, 4.8))
for row, name in enumerate(CLASSES):
    # zh: 每类取训练集中的前 6 张
    # en: the first 6 training images of each class
    examples = train_x[train_y == row][:6]
    for col, ax in enumerate(axes[row]):
        # zh: matplotlib 需要 numpy 数组
        # en: matplotlib wants numpy arrays
        ax.imshow(examples[col, 0].numpy(), cmap="gray", vmin=-1, vmax=2)
        ax.set_xticks([])
        ax.set_yticks([])
    axes[row, 0].set_ylabel(name, fontsize=12)
figure.suptitle("training images: class = row")
figure.tight_layout()
figure
# --8<-- [end:data-figure]

# --8<-- [start:model]
torch.manual_seed(0)
model = nn.Sequential(
    OrderedDict(
        [
            # zh: 批归一化紧跟在后，卷积的偏置是多余的
            # en: batch normalization follows, so the convolution needs no bias
            ("conv1", nn.Conv2d(1, 6, kernel_size=5, padding=2, bias=False)),
            ("bn1", nn.BatchNorm2d(6)),
            ("relu1", nn.ReLU()),
            ("pool1", nn.MaxPool2d(2)),
            ("conv2", nn.Conv2d(6, 16, kernel_size=5)),
            ("relu2", nn.ReLU()),
            ("pool2", nn.MaxPool2d(2)),
            ("flatten", nn.Flatten()),
            ("fc1", nn.Linear(16 * 5 * 5, 64)),
            ("relu3", nn.ReLU()),
            ("dropout", nn.Dropout(p=0.5)),
            # zh: 最后一层输出 3 个原始分数（logits），不加 softmax
            # en: the last layer gives 3 raw scores (logits), with no softmax
            ("fc2", nn.Linear(64, 3)),
        ]
    )
)
# --8<-- [end:model]

# --8<-- [start:shapes]
# zh: 一个样本逐层穿过模型；只看形状，不需要梯度，也不该改动批归一化的统计量
# en: one sample goes through the model layer by layer; only shapes matter, so no
# en: gradients, and the batch-norm statistics must not change
model.eval()
x = train_x[:1]
print(f"{'input':8} {'':11} {tuple(x.shape)}")
with torch.no_grad():
    for name, layer in model.named_children():
        x = layer(x)
        print(f"{name:8} {type(layer).__name__:11} {tuple(x.shape)}")
assert x.shape == (1, 3)
# Out: input                (1, 1, 28, 28)
# Out: conv1    Conv2d      (1, 6, 28, 28)
# Out: bn1      BatchNorm2d (1, 6, 28, 28)
# Out: relu1    ReLU        (1, 6, 28, 28)
# Out: pool1    MaxPool2d   (1, 6, 14, 14)
# Out: conv2    Conv2d      (1, 16, 10, 10)
# Out: relu2    ReLU        (1, 16, 10, 10)
# Out: pool2    MaxPool2d   (1, 16, 5, 5)
# Out: flatten  Flatten     (1, 400)
# Out: fc1      Linear      (1, 64)
# Out: relu3    ReLU        (1, 64)
# Out: dropout  Dropout     (1, 64)
# Out: fc2      Linear      (1, 3)
# --8<-- [end:shapes]

# --8<-- [start:parameters]
counts = {}
for name, layer in model.named_children():
    count = sum(p.numel() for p in layer.parameters())
    if count:
        counts[name] = count
        print(f"{name:6} {count:6,}")
total = sum(p.numel() for p in model.parameters())
assert total == sum(counts.values())
print(f"{'total':6} {total:6,}")
# zh: 卷积：输出通道数 × 输入通道数 × 5 × 5 个权重，加上每个输出通道一个偏置
# en: a convolution: out_channels × in_channels × 5 × 5 weights, plus one bias per
# en: output channel
assert counts["conv2"] == 16 * 6 * 5 * 5 + 16
# zh: 全连接层：输出特征数 × 输入特征数个权重，加上每个输出一个偏置
# en: a linear layer: out_features × in_features weights, plus one bias per output
assert counts["fc1"] == 64 * 400 + 64
# zh: 九成的参数在 fc1 里
# en: nine parameters in ten are in fc1
assert counts["fc1"] / total > 0.9
# Out: conv1     150
# Out: bn1        12
# Out: conv2   2,416
# Out: fc1    25,664
# Out: fc2       195
# Out: total  28,437
# --8<-- [end:parameters]


# --8<-- [start:train]
def accuracy(model, images, labels):
    # zh: 评估：切换到评估模式，并且不记录计算图
    # en: evaluation: switch to evaluation mode, and record no graph
    model.eval()
    with torch.no_grad():
        predictions = model(images).argmax(dim=1)
    model.train()
    return (predictions == labels).float().mean().item()


torch.manual_seed(0)
loss_fn = nn.CrossEntropyLoss()
optimizer = torch.optim.Adam(model.parameters(), lr=3e-3)
losses, test_accuracies = [], []
model.train()
for _ in range(10):
    # zh: 每轮把训练集打乱，切成 10 个 30 张图的小批量
    # en: each epoch shuffles the training set into 10 mini-batches of 30 images
    order = torch.randperm(len(train_x))
    for batch in order.split(30):
        logits = model(train_x[batch])
        loss = loss_fn(logits, train_y[batch])
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
    test_accuracies.append(accuracy(model, test_x, test_y))
print(f"{len(losses)} steps, loss {losses[0]:.2f} -> {losses[-1]:.2f}")
# zh: 未经训练的模型对三类一视同仁，损失约为 ln 3 ≈ 1.10
# en: an untrained model treats the three classes alike, so its loss is about ln 3 ≈ 1.10
assert abs(losses[0] - math.log(3)) < 0.15
# zh: 最后一轮的平均损失远低于第一轮
# en: the mean loss of the last epoch is far below that of the first
assert losses[-1] < losses[0]
assert sum(losses[-10:]) < sum(losses[:10]) / 3
# --8<-- [end:train]

# --8<-- [start:loss-figure]
figure, (left, right) = plt.subplots(1, 2, figsize=(10, 4))
steps = range(1, len(losses) + 1)
epoch_means = torch.tensor(losses).view(10, 10).mean(dim=1).numpy()
left.plot(steps, losses, linewidth=1, label="each mini-batch")
left.plot(steps[9::10], epoch_means, "o-", label="epoch mean")
left.axhline(math.log(3), color="gray", linestyle="--", label="ln 3 (guessing)")
left.set_xlabel("step")
left.set_ylabel("cross-entropy loss")
left.set_title("training loss")
left.legend()
epochs = range(1, len(test_accuracies) + 1)
right.plot(epochs, test_accuracies, "o-", color="tab:green")
right.axhline(1 / 3, color="gray", linestyle="--", label="chance (1/3)")
right.set_xlabel("epoch")
right.set_ylabel("accuracy")
right.set_ylim(0, 1.05)
right.set_title("accuracy on the held-out images")
right.legend(loc="lower right")
for ax in (left, right):
    ax.grid(alpha=0.3)
figure.tight_layout()
figure
# --8<-- [end:loss-figure]

# --8<-- [start:evaluate]
model.eval()
with torch.no_grad():
    predictions = model(test_x).argmax(dim=1)
for index, name in enumerate(CLASSES):
    right_ones = (predictions[test_y == index] == index).float().mean().item()
    print(f"{name:10} {right_ones:.0%}")
final = (predictions == test_y).float().mean().item()
print(f"{'all':10} {final:.0%}")
# zh: 这些图片没有参与训练；随便猜只有 1/3 的正确率
# en: none of these images was used in training; guessing would get 1/3 right
assert final > 0.9
# --8<-- [end:evaluate]

# --8<-- [start:train-eval]
images = test_x[:8]
running_mean = model.bn1.running_mean.clone()
# zh: 训练模式：Dropout 每次丢弃不同的位置，同一批输入两次的输出不同
# en: training mode: Dropout drops different units each time, so the same batch gives
# en: two different outputs
model.train()
with torch.no_grad():
    first, second = model(images), model(images)
print("train mode:", "same" if torch.equal(first, second) else "differ")
assert not torch.equal(first, second)
# zh: torch.no_grad() 挡不住训练模式下批归一化对滑动平均的更新
# en: torch.no_grad() does not stop batch norm updating its running averages in
# en: training mode
assert not torch.equal(model.bn1.running_mean, running_mean)
# zh: 评估模式：结果确定，而且一张图的输出与同批的其他图无关
# en: evaluation mode: the result is fixed, and one image's output does not depend on
# en: the other images of its batch
model.eval()
with torch.no_grad():
    third, fourth = model(images), model(images)
    alone = model(images[:1])
print("eval mode: ", "same" if torch.equal(third, fourth) else "differ")
assert torch.equal(third, fourth)
assert torch.allclose(alone, third[:1], atol=1e-5)
# Out: train mode: differ
# Out: eval mode:  same
# --8<-- [end:train-eval]
