# The glossary: one list of terms, shown as the same table on the Chinese and English pages.
# Run it from the repository root: python snippets/glossary.py

# --8<-- [start:table]
from dataclasses import dataclass


@dataclass
class Term:
    zh: str
    en: str
    section: str  # page.md#heading-id, the same in both languages


TERMS = [
    Term("卷积", "convolution", "conv.md#convolution"),
    Term("卷积核", "kernel", "conv.md#hand-made-kernel"),
    Term("通道", "channel", "conv.md#photo-to-tensor"),
    Term("批；批大小", "batch; batch size", "index.md#batches"),
    Term("步幅", "stride", "conv.md#output-size"),
    Term("填充", "padding", "conv.md#output-size"),
    Term("空洞（膨胀）", "dilation", "conv.md#output-size"),
    Term("转置卷积", "transposed convolution", "conv.md#output-size"),
    Term("锐化", "sharpening", "conv.md#why-dark"),
    Term("池化", "pooling", "pooling.md#pooling"),
    Term("平均池化", "average pooling", "pooling.md#average-pooling"),
    Term("最大池化", "max pooling", "pooling.md#max-pooling"),
    Term("自适应池化", "adaptive pooling", "pooling.md#adaptive-pooling"),
    Term("全连接层（线性层）", "fully connected (linear) layer", "linear.md#linear"),
    Term("权重", "weight", "linear.md#parameters"),
    Term("偏置", "bias", "linear.md#parameters"),
    Term("批规范化", "batch normalization", "normalization.md#batch-norm"),
    Term("无偏方差", "unbiased variance", "normalization.md#biased-unbiased"),
    Term("训练模式；评估模式", "training mode; evaluation mode", "normalization.md#train-eval"),
    Term("实例规范化", "instance normalization", "normalization.md#instance-norm"),
    Term("层规范化", "layer normalization", "normalization.md#layer-norm"),
    Term("Dropout（随机失活）", "dropout", "dropout.md#dropout"),
    Term("激活函数", "activation function", "activation.md#activation"),
    Term("原地操作", "in-place operation", "activation.md#inplace"),
    Term("容器", "container", "containers.md#containers"),
    Term("循环神经网络", "recurrent neural network (RNN)", "recurrent.md#recurrent"),
    Term("长短期记忆网络", "long short-term memory (LSTM)", "recurrent.md#lstm"),
    Term("门控循环单元", "gated recurrent unit (GRU)", "recurrent.md#gru"),
    Term("损失函数", "loss function", "loss.md#loss"),
    Term("交叉熵", "cross-entropy", "loss.md#cross-entropy"),
    Term("原始分数（logits）", "logits", "loss.md#logits"),
    Term("标签平滑", "label smoothing", "loss.md#soft-labels"),
    Term("均方误差", "mean squared error", "loss.md#mse"),
]


class Glossary:
    """Displays as a Markdown table: the build puts it in the page as it is."""

    def __init__(self, terms):
        self.terms = sorted(terms, key=lambda term: term.en.lower())

    def _repr_markdown_(self):
        rows = [f"| {t.zh} | [{t.en}]({t.section}) |" for t in self.terms]
        return "\n".join(["| 中文 | English |", "|---|---|", *rows])


assert len({t.zh for t in TERMS}) == len({t.en for t in TERMS}) == len(TERMS)
Glossary(TERMS)
# --8<-- [end:table]
