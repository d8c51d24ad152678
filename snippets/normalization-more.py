# More normalization layers: the code of docs/zh/normalization-more.md and
# docs/en/normalization-more.md.
# Run it from the repository root: python snippets/normalization-more.py

# --8<-- [start:imports]
import tempfile

import torch
import torch.distributed as dist
from torch import nn

# --8<-- [end:imports]

# --8<-- [start:sync-convert]
model = nn.Sequential(
    nn.Conv2d(3, 8, kernel_size=3, padding=1, bias=False),
    nn.BatchNorm2d(8),
    nn.ReLU(),
    nn.Conv2d(8, 8, kernel_size=3, padding=1, bias=False),
    nn.BatchNorm2d(8),
    nn.ReLU(),
)
weight_before = model[1].weight
# zh: 把模型里的每个 BatchNorm*d 换成 SyncBatchNorm，其余层不动
# en: every BatchNorm*d in the model becomes a SyncBatchNorm; the other layers stay
model = nn.SyncBatchNorm.convert_sync_batchnorm(model)
print([type(layer).__name__ for layer in model])
# zh: 参数与滑动统计量原样保留：还是同一个 Parameter 对象
# en: the parameters and running statistics are kept: it is the very same Parameter
assert model[1].weight is weight_before
assert torch.equal(model[4].running_var, torch.ones(8))
# Out: ['Conv2d', 'SyncBatchNorm', 'ReLU', 'Conv2d', 'SyncBatchNorm', 'ReLU']
# --8<-- [end:sync-convert]

# --8<-- [start:sync-forward]
torch.manual_seed(0)
images = torch.randn(4, 3, 8, 8)
sync = nn.SyncBatchNorm(3)
plain = nn.BatchNorm2d(3)
# zh: 没有初始化进程组：训练模式退化为普通批归一化，只用本进程的这一批
# en: no process group: in training mode it falls back to plain batch normalization
# en: over this process's batch
assert not dist.is_initialized()
assert torch.allclose(sync(images), plain(images), atol=1e-6)
# zh: 初始化一个只有 1 个进程的进程组（gloo 后端，CPU），它就要同步，而同步需要 GPU
# en: with a process group of 1 process (gloo backend, CPU) it tries to synchronize,
# en: which needs a GPU
with tempfile.TemporaryDirectory() as folder:
    dist.init_process_group("gloo", init_method=f"file://{folder}/store", rank=0, world_size=1)
    try:
        try:
            sync(images)
        except ValueError as error:
            print(error)
        # zh: 评估模式不同步，直接用滑动平均，在 CPU 上照常工作
        # en: evaluation mode does not synchronize: it uses the running averages,
        # en: and works on the CPU
        sync.eval()
        assert torch.allclose(sync(images), plain.eval()(images), atol=1e-6)
    finally:
        dist.destroy_process_group()
# Out: SyncBatchNorm expected input tensor to be on GPU or XPU or privateuseone
# --8<-- [end:sync-forward]

# --8<-- [start:group-norm]
torch.manual_seed(0)
# zh: 2 张图像，6 个通道，4×4 大小
# en: 2 images, 6 channels, 4×4 in size
maps = torch.randn(2, 6, 4, 4) * 3 + 1
group_norm = nn.GroupNorm(num_groups=2, num_channels=6)
out = group_norm(maps)
# zh: 手算：每张图像的 6 个通道分成 2 组，每组 3 × 4 × 4 = 48 个值
# en: by hand: each image's 6 channels in 2 groups of 3 × 4 × 4 = 48 values
groups = maps.reshape(2, 2, 48)
mean = groups.mean(dim=-1, keepdim=True)
variance = groups.var(dim=-1, correction=0, keepdim=True)
by_hand = (groups - mean) / torch.sqrt(variance + group_norm.eps)
assert torch.allclose(out, by_hand.reshape(maps.shape), atol=1e-5)
# zh: 与批里的其他图像无关：单独一张图像，结果不变
# en: the other images of the batch do not matter: one image alone gives the same result
assert torch.allclose(group_norm(maps[:1]), out[:1], atol=1e-5)
print("means per image and group", mean.squeeze(-1))
print("weight", tuple(group_norm.weight.shape))
# zh: 通道数必须能被组数整除
# en: the number of channels must be divisible by the number of groups
try:
    nn.GroupNorm(4, 6)
except ValueError as error:
    print(error)
# Out: means per image and group tensor([[1.0776, 1.4007],
# Out:         [0.7801, 0.8848]])
# Out: weight (6,)
# Out: num_channels (6) must be divisible by num_groups (4)
# --8<-- [end:group-norm]

# --8<-- [start:group-extremes]
# zh: 只有 1 组：每张图像在 (C, H, W) 上统计，就是层归一化
# en: a single group: each image over (C, H, W), which is layer normalization
one_group = nn.GroupNorm(1, 6)
layer_norm = nn.LayerNorm((6, 4, 4))
assert torch.allclose(one_group(maps), layer_norm(maps), atol=1e-5)
# zh: 每个通道一组：每张图像的每个通道在 (H, W) 上统计，就是实例归一化
# en: one group per channel: each channel of each image over (H, W), which is instance
# en: normalization
per_channel = nn.GroupNorm(6, 6)
instance_norm = nn.InstanceNorm2d(6)
assert torch.allclose(per_channel(maps), instance_norm(maps), atol=1e-5)
# zh: 可学习参数却不同：GroupNorm 每个通道一对，LayerNorm 每个元素一对
# en: the learnable parameters differ: GroupNorm has a pair per channel,
# en: LayerNorm a pair per element
print("GroupNorm(1, 6)      ", tuple(one_group.weight.shape))
print("LayerNorm((6, 4, 4)) ", tuple(layer_norm.weight.shape))
print("GroupNorm(6, 6)      ", tuple(per_channel.weight.shape))
print("InstanceNorm2d(6)    ", instance_norm.weight)
# Out: GroupNorm(1, 6)       (6,)
# Out: LayerNorm((6, 4, 4))  (6, 4, 4)
# Out: GroupNorm(6, 6)       (6,)
# Out: InstanceNorm2d(6)     None
# --8<-- [end:group-extremes]

# --8<-- [start:rms-norm]
rms_norm = nn.RMSNorm(4)
print(rms_norm)
# zh: eps=None：用输入数据类型的机器精度
# en: eps=None: the machine epsilon of the input's dtype
eps = torch.finfo(torch.float32).eps
print("eps", eps)
x = torch.tensor([[1.0, 2.0, 3.0, 4.0], [11.0, 12.0, 13.0, 14.0]])
with torch.no_grad():
    out = rms_norm(x)
# zh: 手算第一行：平方的均值为 (1 + 4 + 9 + 16) / 4 = 7.5，均方根为 √7.5 ≈ 2.7386
# en: the first row by hand: the mean square is (1 + 4 + 9 + 16) / 4 = 7.5,
# en: the root mean square √7.5 ≈ 2.7386
assert torch.isclose(out[0, 0], 1 / torch.sqrt(torch.tensor(7.5 + eps)))
by_hand = x / torch.sqrt(x.pow(2).mean(dim=-1, keepdim=True) + eps)
assert torch.allclose(out, by_hand)
# zh: 只有缩放 weight，没有平移 bias
# en: a scale (weight) only, no shift (bias)
assert [name for name, _ in rms_norm.named_parameters()] == ["weight"]
out
# Out: RMSNorm((4,), eps=None, elementwise_affine=True)
# Out: eps 1.1920928955078125e-07
# Out: tensor([[0.3651, 0.7303, 1.0954, 1.4606],
# Out:         [0.8765, 0.9562, 1.0359, 1.1155]])
# --8<-- [end:rms-norm]

# --8<-- [start:rms-no-mean]
# zh: 第二行就是第一行加 10：LayerNorm 先减均值，两行结果相同；RMSNorm 不减，结果不同
# en: the second row is the first plus 10: LayerNorm subtracts the mean, so the rows come
# en: out equal; RMSNorm does not, and they differ
with torch.no_grad():
    centred = nn.LayerNorm(4, elementwise_affine=False)(x)
assert torch.allclose(centred[0], centred[1], atol=1e-5)
assert not torch.allclose(out[0], out[1], atol=0.1)
# zh: 对均值为 0 的输入，两者几乎一样
# en: on an input whose mean is 0 the two nearly agree
zero_mean = x - x.mean(dim=-1, keepdim=True)
with torch.no_grad():
    assert torch.allclose(rms_norm(zero_mean), centred, atol=1e-4)
print("RMSNorm output means", out.mean(dim=-1))
# Out: RMSNorm output means tensor([0.9129, 0.9960])
# --8<-- [end:rms-no-mean]

# --8<-- [start:local-response]
torch.manual_seed(0)
acts = torch.randn(1, 6, 2, 2)
lrn = nn.LocalResponseNorm(size=3, alpha=1.0, beta=0.75, k=1.0)
out = lrn(acts)
# zh: 手算通道 2 在位置 (0, 0) 的输出：窗口是通道 1、2、3
# en: channel 2 at position (0, 0) by hand: the window is channels 1, 2 and 3
window = acts[0, 1:4, 0, 0]
by_hand = acts[0, 2, 0, 0] / (1.0 + 1.0 / 3 * window.pow(2).sum()) ** 0.75
assert torch.isclose(out[0, 2, 0, 0], by_hand)
# zh: 把通道 5 放大 10 倍：只有它自己和相邻的通道 4 受影响
# en: multiply channel 5 by 10: only it and its neighbour, channel 4, change
louder = acts.clone()
louder[:, 5] *= 10
changed = (lrn(louder) / louder - out / acts).abs().amax(dim=(0, 2, 3)) > 1e-6
print("changed channels", changed)
# zh: 它接受三维及以上的输入，默认参数如下
# en: it takes inputs of three or more dimensions; its defaults:
print(tuple(nn.LocalResponseNorm(2)(torch.randn(2, 6, 10)).shape))
print(nn.LocalResponseNorm(2))
# Out: changed channels tensor([False, False, False, False,  True,  True])
# Out: (2, 6, 10)
# Out: LocalResponseNorm(2, alpha=0.0001, beta=0.75, k=1.0)
# --8<-- [end:local-response]

# --8<-- [start:cross-map]
cross_map = nn.CrossMapLRN2d(size=3, alpha=1.0, beta=0.75, k=1)
legacy = cross_map(acts)
# zh: 逐个通道比较两者的输出
# en: compare the two outputs channel by channel
print("agrees", torch.isclose(legacy, out, atol=1e-6).flatten(2).all(dim=-1)[0])
# zh: 通道 4 的窗口里多了通道 0：手算验证
# en: the window of channel 4 has picked up channel 0: checked by hand
window = acts[0, [0, 3, 4, 5], 0, 0]
by_hand = acts[0, 4, 0, 0] / (1 + 1 / 3 * window.pow(2).sum()) ** 0.75
assert torch.isclose(legacy[0, 4, 0, 0], by_hand)
# zh: 通道 0 全为 0 时，两者一致
# en: with channel 0 all zeros the two agree
silent = acts.clone()
silent[:, 0] = 0
assert torch.allclose(cross_map(silent), lrn(silent), atol=1e-6)
# zh: 只接受四维输入
# en: it takes 4-D input only
try:
    cross_map(acts[0])
except ValueError as error:
    print(error)
# Out: agrees tensor([ True,  True, False, False, False, False])
# Out: CrossMapLRN2d: Expected input to be 4D, got 3D instead.
# --8<-- [end:cross-map]

# --8<-- [start:choosing]
torch.manual_seed(0)
batch = torch.randn(4, 6, 4, 4)
layers = {
    "BatchNorm2d": nn.BatchNorm2d(6),
    "GroupNorm": nn.GroupNorm(2, 6),
    "InstanceNorm2d": nn.InstanceNorm2d(6),
    "LayerNorm": nn.LayerNorm((6, 4, 4)),
    "RMSNorm": nn.RMSNorm((6, 4, 4)),
    "LocalResponseNorm": nn.LocalResponseNorm(3),
}
print(f"{'':18} {'batch':6} train ≠ eval")
for name, layer in layers.items():
    with torch.no_grad():
        # zh: 第一张图像：与另外 3 张一起算、单独算、评估模式下算
        # en: the first image: with the other 3, on its own, and in evaluation mode
        together = layer(batch)[:1]
        alone = layer(batch[:1])
        evaluated = layer.eval()(batch)[:1]
    uses_batch = not torch.allclose(together, alone, atol=1e-5)
    differs = not torch.allclose(together, evaluated, atol=1e-5)
    print(f"{name:18} {uses_batch!s:6} {differs}")
# Out:                    batch  train ≠ eval
# Out: BatchNorm2d        True   True
# Out: GroupNorm          False  False
# Out: InstanceNorm2d     False  False
# Out: LayerNorm          False  False
# Out: RMSNorm            False  False
# Out: LocalResponseNorm  False  False
# --8<-- [end:choosing]
