#!/usr/bin/python3
"""Train the Fashion-MNIST networks that `ffp8 eval` runs, and export them to dnn/models/.

Reproducible: fixed seeds, CPU only, two threads (the build machine is shared). Trained on the
first 55,000 training images: the last 5,000 are the calibration split of `ffp8 eval`. Run with
Debian's python (python3-torch, python3-numpy):

    /usr/bin/python3 dnn/train.py [--models mlp,lenet,resnet-dw,mobile-res21] [--out dnn/models] [--threads N]

Each model is exported as dnn/models/<name>/model.json (the layer graph, batch norm already
folded into the conv weights) plus one float32 .npy file per weight and bias tensor, and
reference.json: the logits of the exported graph, computed here by PyTorch in float32, for the
first test images, and its predictions on the first 200 test images. The C++ engine's FP32 run is
tested against those. See dnn/README.md for the format.
"""
import argparse
import gzip
import json
import os
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

DATA_DIR = "/usr/share/datasets/fashion-mnist"
REFERENCE_LOGIT_IMAGES = 8     # test images 0..7: logits stored for the FP32 engine test
REFERENCE_PREDICTIONS = 200    # test images 0..199: PyTorch's predicted classes
# Training images [CALIBRATION_SPLIT, 60000) are the calibration split: never trained on, so that
# `ffp8 eval` chooses formats on held-out data (dnn/include/ffp8/dnn/fashion_mnist.hpp).
CALIBRATION_SPLIT = 55000


def load_idx(kind):
    """Images as float32 in [0, 1] (pixel / 255), shape (n, 1, 28, 28); labels as int64."""
    with gzip.open(os.path.join(DATA_DIR, f"{kind}-labels-idx1-ubyte.gz"), "rb") as f:
        labels = np.frombuffer(f.read(), dtype=np.uint8, offset=8)
    with gzip.open(os.path.join(DATA_DIR, f"{kind}-images-idx3-ubyte.gz"), "rb") as f:
        images = np.frombuffer(f.read(), dtype=np.uint8, offset=16)
    images = images.reshape(len(labels), 1, 28, 28).astype(np.float32) / np.float32(255)
    return torch.from_numpy(images), torch.from_numpy(labels.astype(np.int64))


# ----------------------------------------------------------------------------------------------
# The networks. Each has export(): a list of layer dicts (model.json "layers") and the tensors.


class Exporter:
    def __init__(self):
        self.layers = []
        self.tensors = {}

    def conv(self, name, src, weight, bias, stride, padding, groups):
        self.tensors[f"{name}.weight"] = weight
        self.tensors[f"{name}.bias"] = bias
        self.layers.append({"name": name, "type": "conv2d", "input": src,
                            "in_channels": weight.shape[1] * groups, "out_channels": weight.shape[0],
                            "kernel": weight.shape[2], "stride": stride, "padding": padding,
                            "groups": groups, "weight": f"{name}.weight.npy", "bias": f"{name}.bias.npy"})
        return name

    def linear(self, name, src, weight, bias):
        self.tensors[f"{name}.weight"] = weight
        self.tensors[f"{name}.bias"] = bias
        self.layers.append({"name": name, "type": "linear", "input": src,
                            "in_features": weight.shape[1], "out_features": weight.shape[0],
                            "weight": f"{name}.weight.npy", "bias": f"{name}.bias.npy"})
        return name

    def simple(self, name, kind, src, **attrs):
        self.layers.append({"name": name, "type": kind, "input": src, **attrs})
        return name

    def add(self, name, a, b):
        self.layers.append({"name": name, "type": "add", "inputs": [a, b]})
        return name


def fold_bn(conv, bn):
    """Conv followed by eval-mode batch norm -> one conv with weight and bias (float32)."""
    scale = bn.weight.detach() / torch.sqrt(bn.running_var + bn.eps)
    w = conv.weight.detach() * scale.reshape(-1, 1, 1, 1)
    b0 = conv.bias.detach() if conv.bias is not None else torch.zeros_like(bn.running_mean)
    b = bn.bias.detach() + (b0 - bn.running_mean) * scale
    return w, b


class Mlp(nn.Module):
    description = "MLP 784-128-64-10, ReLU"

    def __init__(self):
        super().__init__()
        self.fc1, self.fc2, self.fc3 = nn.Linear(784, 128), nn.Linear(128, 64), nn.Linear(64, 10)

    def forward(self, x):
        x = x.flatten(1)
        return self.fc3(F.relu(self.fc2(F.relu(self.fc1(x)))))

    def export(self, ex):
        s = "input"
        for i, fc in enumerate([self.fc1, self.fc2, self.fc3], 1):
            s = ex.linear(f"fc{i}", s, fc.weight.detach(), fc.bias.detach())
            if i < 3:
                s = ex.simple(f"relu{i}", "relu", s)
        return s


class LeNet(nn.Module):
    description = "LeNet-5 style: conv5x5(6)-maxpool-conv5x5(16)-maxpool-fc120-fc84-fc10, ReLU"

    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 6, 5, padding=2)
        self.conv2 = nn.Conv2d(6, 16, 5)
        self.fc1, self.fc2, self.fc3 = nn.Linear(400, 120), nn.Linear(120, 84), nn.Linear(84, 10)

    def forward(self, x):
        x = F.max_pool2d(F.relu(self.conv1(x)), 2)
        x = F.max_pool2d(F.relu(self.conv2(x)), 2)
        x = F.relu(self.fc1(x.flatten(1)))
        return self.fc3(F.relu(self.fc2(x)))

    def export(self, ex):
        s = ex.conv("conv1", "input", self.conv1.weight.detach(), self.conv1.bias.detach(), 1, 2, 1)
        s = ex.simple("relu1", "relu", s)
        s = ex.simple("pool1", "maxpool", s, kernel=2, stride=2)
        s = ex.conv("conv2", s, self.conv2.weight.detach(), self.conv2.bias.detach(), 1, 0, 1)
        s = ex.simple("relu2", "relu", s)
        s = ex.simple("pool2", "maxpool", s, kernel=2, stride=2)
        s = ex.linear("fc1", s, self.fc1.weight.detach(), self.fc1.bias.detach())
        s = ex.simple("relu3", "relu", s)
        s = ex.linear("fc2", s, self.fc2.weight.detach(), self.fc2.bias.detach())
        s = ex.simple("relu4", "relu", s)
        return ex.linear("fc3", s, self.fc3.weight.detach(), self.fc3.bias.detach())


def export_conv_bn(ex, name, src, seq, relu):
    """Exports a conv_bn() pair as one conv2d (batch norm folded in), optionally followed by ReLU."""
    conv, bn = seq[0], seq[1]
    w, b = fold_bn(conv, bn)
    s = ex.conv(name, src, w, b, conv.stride[0], conv.padding[0], conv.groups)
    return ex.simple(f"{name}_relu", "relu", s) if relu else s


def conv_bn(cin, cout, k, stride=1, groups=1):
    return nn.Sequential(nn.Conv2d(cin, cout, k, stride=stride, padding=k // 2, groups=groups, bias=False),
                         nn.BatchNorm2d(cout))


class ResNetDw(nn.Module):
    """Small residual CNN with batch norm and depthwise-separable blocks (MobileNet/ResNet style)."""
    description = ("ResNet style with batch norm: conv3x3(16)-maxpool, two residual depthwise-separable "
                   "blocks (dw3x3+pw1x1, 16 and 32 channels, stride-2 dw+pw between), global avgpool, fc10")

    def __init__(self):
        super().__init__()
        self.stem = conv_bn(1, 16, 3)
        self.b1_dw, self.b1_pw = conv_bn(16, 16, 3, groups=16), conv_bn(16, 16, 1)
        self.down_dw, self.down_pw = conv_bn(16, 16, 3, stride=2, groups=16), conv_bn(16, 32, 1)
        self.b2_dw, self.b2_pw = conv_bn(32, 32, 3, groups=32), conv_bn(32, 32, 1)
        self.fc = nn.Linear(32, 10)

    def forward(self, x):
        x = F.max_pool2d(F.relu(self.stem(x)), 2)                    # 16 x 14 x 14
        x = F.relu(x + self.b1_pw(F.relu(self.b1_dw(x))))            # residual block 1
        x = F.relu(self.down_pw(F.relu(self.down_dw(x))))            # 32 x 7 x 7
        x = F.relu(x + self.b2_pw(F.relu(self.b2_dw(x))))            # residual block 2
        return self.fc(F.adaptive_avg_pool2d(x, 1).flatten(1))

    def export(self, ex):
        def cb(name, src, seq, relu):
            return export_conv_bn(ex, name, src, seq, relu)

        s = cb("stem", "input", self.stem, True)
        s = ex.simple("pool", "maxpool", s, kernel=2, stride=2)
        t = cb("b1_pw", cb("b1_dw", s, self.b1_dw, True), self.b1_pw, False)
        s = ex.simple("b1_relu", "relu", ex.add("b1_add", s, t))
        s = cb("down_pw", cb("down_dw", s, self.down_dw, True), self.down_pw, True)
        t = cb("b2_pw", cb("b2_dw", s, self.b2_dw, True), self.b2_pw, False)
        s = ex.simple("b2_relu", "relu", ex.add("b2_add", s, t))
        s = ex.simple("gap", "avgpool", s, kernel=7, stride=7)
        return ex.linear("fc", s, self.fc.weight.detach(), self.fc.bias.detach())


class MobileRes21(nn.Module):
    """21 conv layers, MobileNet-style depthwise-separable residual blocks at full resolution first.

    stem conv3x3 (16 @ 28x28); stage 0: one residual block (dw3x3 + pw1x1) of 16 @ 28x28; then three
    stages, each a stride-2 transition (dw3x3/2 + pw1x1 widening, ReLU) and two residual blocks:
    32 @ 14x14, 64 @ 7x7, 128 @ 4x4; global average pooling, fc 128-10. About 2.34 M MACs per image.
    (mobile-res15, its predecessor, downsampled in the stem and plateaued at 89.3%: the 28x28
    stage is what lifts it past 91%.)
    """
    description = ("MobileNet/ResNet style, 21 conv layers with batch norm: conv3x3(16) @ 28x28, residual "
                   "depthwise-separable blocks (dw3x3+pw1x1) 1 x 16 @ 28x28, 2 x 32 @ 14x14, 2 x 64 @ 7x7, "
                   "2 x 128 @ 4x4 with stride-2 dw+pw transitions, global avgpool, fc 128-10")
    widths, blocks_per_stage = (16, 32, 64, 128), (1, 2, 2, 2)

    def __init__(self):
        super().__init__()
        self.stem = conv_bn(1, self.widths[0], 3)
        self.blocks = nn.ModuleDict()
        cin = self.widths[0]
        for stage, (width, n) in enumerate(zip(self.widths, self.blocks_per_stage)):
            if stage > 0:
                self.blocks[f"down{stage}"] = nn.ModuleList([conv_bn(cin, cin, 3, stride=2, groups=cin), conv_bn(cin, width, 1)])
            for i in range(n):
                self.blocks[f"s{stage}b{i + 1}"] = nn.ModuleList([conv_bn(width, width, 3, groups=width), conv_bn(width, width, 1)])
            cin = width
        self.fc = nn.Linear(cin, 10)

    def forward(self, x):
        x = F.relu(self.stem(x))
        for key, (dw, pw) in self.blocks.items():
            t = pw(F.relu(dw(x)))
            x = F.relu(t) if key.startswith("down") else F.relu(x + t)
        return self.fc(F.adaptive_avg_pool2d(x, 1).flatten(1))

    def export(self, ex):
        def cb(name, src, seq, relu):
            return export_conv_bn(ex, name, src, seq, relu)

        s = cb("stem", "input", self.stem, True)
        for key, (dw, pw) in self.blocks.items():
            t = cb(f"{key}_pw", cb(f"{key}_dw", s, dw, True), pw, key.startswith("down"))
            s = t if key.startswith("down") else ex.simple(f"{key}_relu", "relu", ex.add(f"{key}_add", s, t))
        s = ex.simple("gap", "avgpool", s, kernel=4, stride=4)
        return ex.linear("fc", s, self.fc.weight.detach(), self.fc.bias.detach())


# name: (class, epochs, horizontal-flip augmentation, cosine schedule stepped per batch, random shift
# of up to this many pixels)
MODELS = {"mlp": (Mlp, 8, False, False, 0), "lenet": (LeNet, 8, False, False, 0),
          "resnet-dw": (ResNetDw, 6, False, False, 0), "mobile-res21": (MobileRes21, 15, True, True, 2)}


# ----------------------------------------------------------------------------------------------
# An independent float32 interpreter of the exported graph (the C++ FP32 engine is tested
# against its logits), also used to check that the export matches the trained module.


def run_exported(layers, tensors, output, x):
    values = {"input": x}
    for L in layers:
        t = L["type"]
        if t == "conv2d":
            n = L["name"]
            y = F.conv2d(values[L["input"]], tensors[f"{n}.weight"], tensors[f"{n}.bias"],
                         stride=L["stride"], padding=L["padding"], groups=L["groups"])
        elif t == "linear":
            n = L["name"]
            y = F.linear(values[L["input"]].flatten(1), tensors[f"{n}.weight"], tensors[f"{n}.bias"])
        elif t == "relu":
            y = F.relu(values[L["input"]])
        elif t == "maxpool":
            y = F.max_pool2d(values[L["input"]], L["kernel"], L["stride"])
        elif t == "avgpool":
            y = F.avg_pool2d(values[L["input"]], L["kernel"], L["stride"])
        elif t == "add":
            y = values[L["inputs"][0]] + values[L["inputs"][1]]
        else:
            raise ValueError(t)
        values[L["name"]] = y
    return values[output]


def accuracy(fn, images, labels, batch=1000):
    correct = 0
    with torch.no_grad():
        for i in range(0, len(labels), batch):
            correct += (fn(images[i:i + batch]).argmax(1) == labels[i:i + batch]).sum().item()
    return correct / len(labels)


def save_npy(path, tensor):
    arr = np.ascontiguousarray(tensor.detach().numpy().astype("<f4"))
    with open(path + ".tmp", "wb") as f:
        np.save(f, arr)
    os.replace(path + ".tmp", path)


def save_text(path, text):
    with open(path + ".tmp", "w") as f:
        f.write(text)
    os.replace(path + ".tmp", path)


def train_and_export(name, out_dir, train, test):
    cls, epochs, flip, per_batch, shift = MODELS[name]
    torch.manual_seed(20210 + sum(map(ord, name)))
    model = cls()
    opt = torch.optim.Adam(model.parameters(), lr=2e-3)
    steps = epochs * ((len(train[1]) + 127) // 128) if per_batch else epochs
    sched = torch.optim.lr_scheduler.CosineAnnealingLR(opt, steps)
    gen = torch.Generator().manual_seed(7)
    images, labels = train
    t0 = time.time()
    for epoch in range(epochs):
        model.train()
        perm = torch.randperm(len(labels), generator=gen)
        for i in range(0, len(labels), 128):
            idx = perm[i:i + 128]
            x = images[idx]
            if flip:  # garments are left-right symmetric: mirror half of each batch
                x = torch.where(torch.rand(len(idx), generator=gen)[:, None, None, None] < 0.5, x.flip(3), x)
            if shift:  # the whole batch moved by the same random offset, zeros shifted in
                dx, dy = torch.randint(-shift, shift + 1, (2,), generator=gen).tolist()
                x = torch.roll(F.pad(x, (shift,) * 4), (dy, dx), (2, 3))[:, :, shift:shift + 28, shift:shift + 28]
            loss = F.cross_entropy(model(x), labels[idx])
            opt.zero_grad()
            loss.backward()
            opt.step()
            if per_batch:
                sched.step()
        if not per_batch:
            sched.step()
        model.eval()
        print(f"{name}: epoch {epoch + 1}/{epochs} loss {loss.item():.3f} "
              f"test top-1 {accuracy(model, *test):.4f} ({time.time() - t0:.0f} s)", flush=True)

    model.eval()
    ex = Exporter()
    output = model.export(ex)
    tensors = {k: v.detach().float().contiguous() for k, v in ex.tensors.items()}
    graph = lambda x: run_exported(ex.layers, tensors, output, x)
    test_images, test_labels = test
    with torch.no_grad():
        diff = (graph(test_images[:500]) - model(test_images[:500])).abs().max().item()
    assert diff < 1e-3, f"{name}: exported graph differs from the trained module by {diff}"
    top1 = accuracy(graph, *test)
    print(f"{name}: exported graph test top-1 {top1:.4f} (max |logit diff| vs module {diff:.2e})")

    d = os.path.join(out_dir, name)
    os.makedirs(d, exist_ok=True)
    for k, v in tensors.items():
        save_npy(os.path.join(d, f"{k}.npy"), v)
    meta = {"name": name, "description": cls.description, "format_version": 1,
            "input": {"shape": [1, 28, 28], "preprocessing": "pixel / 255 (float32)"},
            "classes": 10, "output": output, "layers": ex.layers,
            "pytorch_fp32_test_top1": top1}
    save_text(os.path.join(d, "model.json"), json.dumps(meta, indent=1) + "\n")
    with torch.no_grad():
        logits = graph(test_images[:REFERENCE_LOGIT_IMAGES])
        preds = graph(test_images[:REFERENCE_PREDICTIONS]).argmax(1)
    ref = {"comment": "float32 PyTorch run of the exported graph on the first Fashion-MNIST test images",
           "logits_test_images": list(range(REFERENCE_LOGIT_IMAGES)),
           "logits": [[float(v) for v in row] for row in logits],
           "predictions_first_test_images": [int(p) for p in preds],
           "labels_first_test_images": [int(v) for v in test_labels[:REFERENCE_PREDICTIONS]]}
    save_text(os.path.join(d, "reference.json"), json.dumps(ref, indent=1) + "\n")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--models", default=",".join(MODELS), help="comma-separated subset of " + ",".join(MODELS))
    ap.add_argument("--out", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "models"))
    ap.add_argument("--threads", type=int, default=2, help="torch threads (the build machine is shared)")
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    torch.use_deterministic_algorithms(True)
    images, labels = load_idx("train")
    train = images[:CALIBRATION_SPLIT], labels[:CALIBRATION_SPLIT]
    test = load_idx("t10k")
    for name in args.models.split(","):
        if name not in MODELS:
            raise SystemExit(f"train.py: unknown model {name!r}; known: {', '.join(MODELS)}")
        train_and_export(name, args.out, train, test)


if __name__ == "__main__":
    main()
