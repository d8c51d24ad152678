# Regression losses: the code of docs/zh/loss-regression.md and docs/en/loss-regression.md.
# Run it from the repository root: python snippets/loss-regression.py

# --8<-- [start:imports]
import math
import warnings

import matplotlib.pyplot as plt
import torch
import torch.nn.functional as F
from torch import nn

# --8<-- [end:imports]

# --8<-- [start:l1-mse]
prediction = torch.tensor([2.5, 0.0, 2.0, 8.0])
target = torch.tensor([3.0, -0.5, 2.0, 7.0])
error = prediction - target
l1 = nn.L1Loss()(prediction, target)
mse = nn.MSELoss()(prediction, target)
# zh: 默认 reduction='mean'：对所有元素取平均
# en: the default reduction='mean' averages over all elements
assert nn.L1Loss().reduction == nn.MSELoss().reduction == "mean"
assert torch.allclose(l1, error.abs().mean())
assert torch.allclose(mse, (error**2).mean())
# zh: 误差为 1 的元素在 L1 中占总和的一半，在 MSE 中占三分之二
# en: the element with error 1 is half of the L1 total and two thirds of the MSE total
assert error.abs()[3] / error.abs().sum() == 0.5
assert torch.isclose((error**2)[3] / (error**2).sum(), torch.tensor(2 / 3))
print(error)
l1, mse
# Out: tensor([-0.5000,  0.5000,  0.0000,  1.0000])
# Out: (tensor(0.5000), tensor(0.3750))
# --8<-- [end:l1-mse]

# --8<-- [start:outlier]
# zh: 用一个常数去拟合 5 个数，其中 100 是离群值
# en: fit a single constant to 5 numbers, one of them (100) an outlier
data = torch.tensor([1.0, 2.0, 3.0, 4.0, 100.0])
candidates = torch.linspace(0, 30, 3001)
guesses = candidates.unsqueeze(1).expand(-1, 5)
observed = data.expand(3001, 5)
# zh: reduction='none' 保留每个元素的损失，再对每个候选值取平均
# en: reduction='none' keeps every element's loss; then average per candidate
l1_curve = nn.L1Loss(reduction="none")(guesses, observed).mean(dim=1)
mse_curve = nn.MSELoss(reduction="none")(guesses, observed).mean(dim=1)
best_l1 = candidates[l1_curve.argmin()]
best_mse = candidates[mse_curve.argmin()]
# zh: L1 的最优常数是中位数，MSE 的最优常数是平均值
# en: the best constant under L1 is the median, under MSE the mean
assert torch.isclose(best_l1, data.median()) and torch.isclose(best_mse, data.mean())
print(f"L1: {best_l1.item():.2f}, MSE: {best_mse.item():.2f}")
# Out: L1: 3.00, MSE: 22.00
# --8<-- [end:outlier]

# --8<-- [start:huber]
errors = torch.tensor([0.2, -0.8, 1.5, -3.0])
zeros = torch.zeros(4)
huber = nn.HuberLoss(delta=2.0, reduction="none")(errors, zeros)
smooth = nn.SmoothL1Loss(beta=2.0, reduction="none")(errors, zeros)
# zh: 按定义手算 Huber（δ = 2）：|e| ≤ δ 时为 e²/2，否则为 δ(|e| − δ/2)
# en: Huber (δ = 2) by hand: e²/2 where |e| ≤ δ, δ(|e| − δ/2) beyond
delta = 2.0
by_hand = torch.where(errors.abs() <= delta, errors**2 / 2, delta * (errors.abs() - delta / 2))
assert torch.allclose(huber, by_hand)
# zh: SmoothL1Loss(beta=β) 就是 HuberLoss(delta=β) 除以 β
# en: SmoothL1Loss(beta=β) is HuberLoss(delta=β) divided by β
assert torch.allclose(smooth, huber / delta)
# zh: 两者的默认值都是 1，这时完全相同
# en: both default to 1, and there they are identical
assert nn.HuberLoss().delta == nn.SmoothL1Loss().beta == 1.0
assert nn.HuberLoss().reduction == nn.SmoothL1Loss().reduction == "mean"
assert torch.equal(nn.HuberLoss()(errors, zeros), nn.SmoothL1Loss()(errors, zeros))
huber, smooth
# Out: (tensor([0.0200, 0.3200, 1.1250, 4.0000]), tensor([0.0100, 0.1600, 0.5625, 2.0000]))
# --8<-- [end:huber]

# --8<-- [start:huber-grad]
# zh: 远离 0 时的斜率：Huber 为 δ，SmoothL1 恒为 1
# en: the slope far from 0: δ for Huber, always 1 for SmoothL1
far = torch.tensor([10.0], requires_grad=True)
slopes = {}
for name, loss_fn in {
    "Huber(delta=2)": nn.HuberLoss(delta=2.0),
    "SmoothL1(beta=2)": nn.SmoothL1Loss(beta=2.0),
    "SmoothL1(beta=0.1)": nn.SmoothL1Loss(beta=0.1),
    "MSE": nn.MSELoss(),
}.items():
    (slope,) = torch.autograd.grad(loss_fn(far, torch.zeros(1)), far)
    slopes[name] = slope.item()
# zh: δ 很大时，Huber 损失就是均方误差的一半
# en: with a large δ, the Huber loss is half the mean squared error
assert torch.allclose(nn.HuberLoss(delta=100.0)(errors, zeros), nn.MSELoss()(errors, zeros) / 2)
slopes
# Out: {'Huber(delta=2)': 2.0, 'SmoothL1(beta=2)': 1.0, 'SmoothL1(beta=0.1)': 1.0, 'MSE': 20.0}
# --8<-- [end:huber-grad]

# --8<-- [start:plot]
e = torch.linspace(-3, 3, 601)
zero = torch.zeros_like(e)
curves = {
    "L1": nn.L1Loss(reduction="none")(e, zero),
    "MSE": nn.MSELoss(reduction="none")(e, zero),
    "Huber (delta=1)": nn.HuberLoss(delta=1.0, reduction="none")(e, zero),
    "SmoothL1 (beta=0.5)": nn.SmoothL1Loss(beta=0.5, reduction="none")(e, zero),
}
figure, ax = plt.subplots(figsize=(7, 4.5))
for name, curve in curves.items():
    style = "--" if name.startswith("SmoothL1") else "-"
    ax.plot(e, curve, label=name, linestyle=style)
ax.set_xlabel("error: prediction − target")
ax.set_ylabel("loss")
ax.set_title("Regression losses against the error")
ax.set_ylim(-0.1, 4.5)
ax.axvline(0, color="grey", linewidth=0.5)
ax.grid(alpha=0.3)
ax.legend()
figure
# --8<-- [end:plot]

# --8<-- [start:plot-check]
at = {x: round((x + 3) * 100) for x in (0.4, 1.0, 3.0)}
assert torch.isclose(e[at[3.0]], torch.tensor(3.0))
# zh: 误差为 3 时：MSE 9，L1 3，Huber 2.5，SmoothL1 2.75
# en: at an error of 3: MSE 9, L1 3, Huber 2.5, SmoothL1 2.75
for name, curve in curves.items():
    values = "  ".join(f"e={x}: {curve[i].item():.4f}" for x, i in at.items())
    print(f"{name:20} {values}")
# Out: L1                   e=0.4: 0.4000  e=1.0: 1.0000  e=3.0: 3.0000
# Out: MSE                  e=0.4: 0.1600  e=1.0: 1.0000  e=3.0: 9.0000
# Out: Huber (delta=1)      e=0.4: 0.0800  e=1.0: 0.5000  e=3.0: 2.5000
# Out: SmoothL1 (beta=0.5)  e=0.4: 0.1600  e=1.0: 0.7500  e=3.0: 2.7500
# --8<-- [end:plot-check]

# --8<-- [start:kl-div]
# zh: 两个样本，每个样本是 3 个类别上的概率分布
# en: two samples, each a probability distribution over 3 classes
p = torch.tensor([[0.3, 0.3, 0.4], [0.2, 0.2, 0.6]])
q = torch.tensor([[0.2, 0.3, 0.5], [0.1, 0.1, 0.8]])
# zh: 输入是模型分布的对数概率 log q，目标是概率 p：算的是 KL(p ‖ q)
# en: the input is the model's log-probabilities log q, the target the probabilities p:
# en: the result is KL(p ‖ q)
kl = nn.KLDivLoss(reduction="batchmean")
per_row = (p * (p.log() - q.log())).sum(dim=1)
assert torch.allclose(kl(q.log(), p), per_row.mean())
exact = torch.distributions.kl_divergence(
    torch.distributions.Categorical(probs=p), torch.distributions.Categorical(probs=q)
)
assert torch.allclose(per_row, exact)
# zh: KL 散度不对称：交换两个分布，结果不同
# en: KL divergence is not symmetric: swap the distributions and the value changes
swapped = kl(p.log(), q)
print(per_row)
kl(q.log(), p), swapped
# Out: tensor([0.0324, 0.1046])
# Out: (tensor(0.0685), tensor(0.0610))
# --8<-- [end:kl-div]

# --8<-- [start:kl-mean]
# zh: 默认的 reduction='mean' 除以全部元素数（2 × 3），调用时会发出警告
# en: the default reduction='mean' divides by every element (2 × 3), and warns when called
default = nn.KLDivLoss()
assert default.reduction == "mean"
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    too_small = default(q.log(), p)
assert len(caught) == 1 and caught[0].category is UserWarning
assert "'mean' will be changed" in str(caught[0].message)
# zh: 比真正的 KL 散度小了类别数（3）倍
# en: smaller than the true KL divergence by the number of classes (3)
assert torch.allclose(too_small * 3, kl(q.log(), p))
# zh: log_target=True：目标也以对数概率给出，结果相同
# en: log_target=True: the target is given as log-probabilities too, with the same result
log_kl = nn.KLDivLoss(reduction="batchmean", log_target=True)
assert torch.allclose(log_kl(q.log(), p.log()), kl(q.log(), p))
too_small
# Out: tensor(0.0228)
# --8<-- [end:kl-mean]

# --8<-- [start:poisson]
# zh: 计数目标 k；输入默认是泊松分布率的对数 log λ
# en: count targets k; by default the input is the log of the Poisson rate, log λ
log_rate = torch.tensor([0.0, 1.0, 2.0])
counts = torch.tensor([1.0, 3.0, 5.0])
rate = log_rate.exp()
poisson = nn.PoissonNLLLoss(reduction="none")
assert nn.PoissonNLLLoss().reduction == "mean" and poisson.log_input and not poisson.full
assert poisson.eps == 1e-8
assert torch.allclose(poisson(log_rate, counts), rate - counts * log_rate)
# zh: log_input=False：直接输入 λ，内部计算 λ − k·log(λ + eps)
# en: log_input=False: pass λ itself; it computes λ − k·log(λ + eps)
direct = nn.PoissonNLLLoss(log_input=False, reduction="none")(rate, counts)
assert torch.allclose(direct, poisson(log_rate, counts))
# zh: full=True 加上 log k! 的 Stirling 近似（只对 k > 1 的位置加）
# en: full=True adds Stirling's approximation of log k! (only where k > 1)
full = nn.PoissonNLLLoss(full=True, reduction="none")(log_rate, counts)
stirling = counts * counts.log() - counts + 0.5 * torch.log(2 * math.pi * counts)
assert torch.allclose(full, poisson(log_rate, counts) + torch.where(counts > 1, stirling, 0.0))
# zh: 真正的负对数似然多一项 log k!
# en: the true negative log-likelihood has log k! on top
exact = -torch.distributions.Poisson(rate).log_prob(counts)
print(poisson(log_rate, counts))
print(full)
print(exact)
# Out: tensor([ 1.0000, -0.2817, -2.6109])
# Out: tensor([1.0000, 1.4824, 2.1599])
# Out: tensor([1.0000, 1.5100, 2.1765])
# --8<-- [end:poisson]

# --8<-- [start:gaussian]
# zh: 模型对每个目标预测均值 μ 与方差 σ²
# en: the model predicts a mean μ and a variance σ² for each target
mean = torch.tensor([1.0, 2.0])
variance = torch.tensor([0.25, 4.0])
observed = torch.tensor([1.5, 0.0])
gaussian = nn.GaussianNLLLoss(reduction="none")
assert nn.GaussianNLLLoss().reduction == "mean" and gaussian.eps == 1e-6
by_hand = 0.5 * (variance.log() + (mean - observed) ** 2 / variance)
assert torch.allclose(gaussian(mean, observed, variance), by_hand)
# zh: full=True 加上常数 ½·log 2π，得到真正的高斯负对数似然
# en: full=True adds the constant ½·log 2π: the true Gaussian negative log-likelihood
full = nn.GaussianNLLLoss(full=True, reduction="none")(mean, observed, variance)
normal = torch.distributions.Normal(mean, variance.sqrt())
assert torch.allclose(full, -normal.log_prob(observed))
gaussian(mean, observed, variance), full
# Out: (tensor([-0.1931,  1.1931]), tensor([0.7258, 2.1121]))
# --8<-- [end:gaussian]

# --8<-- [start:gaussian-var]
torch.manual_seed(0)
means = torch.randn(4, 3)
targets = torch.randn(4, 3)
# zh: 方差可以与均值同形状，也可以每个样本只有一个（形状 (4, 1) 或 (4,)）
# en: one variance per element, or one per sample: shape (4, 1) or (4,)
one_per_sample = torch.full((4, 1), 0.5)
assert torch.allclose(
    gaussian(means, targets, one_per_sample), gaussian(means, targets, torch.full((4, 3), 0.5))
)
assert gaussian(means, targets, torch.full((4,), 0.5)).shape == (4, 3)
# zh: 方差为 0 时按 eps 计算；负的方差直接报错
# en: a variance of 0 is replaced by eps; a negative variance is an error
assert torch.allclose(
    gaussian(mean, observed, torch.zeros(2)), gaussian(mean, observed, torch.full((2,), 1e-6))
)
try:
    gaussian(mean, observed, torch.tensor([-1.0, 1.0]))
except ValueError as error:
    print(error)
# zh: 常见做法：让网络输出任意实数，再用 softplus 变成正的方差
# en: a common recipe: let the network output any real number, and softplus it into a variance
raw = torch.tensor([-3.0, 0.0, 2.0])
F.softplus(raw)
# Out: var has negative entry/entries
# Out: tensor([0.0486, 0.6931, 2.1269])
# --8<-- [end:gaussian-var]
