#!/usr/bin/python3
"""The product's dense net and CNN in PyTorch: the baseline of bench/train.sh.

    /usr/bin/python3 bench/train_torch.py --data DIR [--arch dense,cnn] [--threads 2]
                                          [--variants product,network-only]
    /usr/bin/python3 bench/train_torch.py --versions

DIR holds what TrainThroughput (model/src/test/java/io/stockpipe/model/bench) exported for each
architecture: every row's 35 features and label, scaled as the product's InputScaler scales them
(<arch>-features.f32, <arch>-labels.f32, float32 little-endian), the training rows of every epoch
in the order Trainer visits them (<arch>-orders.i32, warm-up epochs first), the validation and
inference rows, and <arch>-meta.txt (the NetworkConfig, counts, a checksum of the first batch).

The networks are those of io.stockpipe.model.network.Networks, layer for layer:

  dense  35 -> [dropout] 64 relu -> [dropout] 32 relu -> 1 identity, MSE
  cnn    35 channels x 20 days -> conv1d 32 k3 same relu -> maxpool 2/2 -> conv1d 32 k3 same relu
         -> global max over days -> [dropout] 16 relu -> 1 identity, MSE

* Dropout sits where DL4J puts it: a layer's dropOut acts on that layer's *input*, so the dense
  net drops input features too, and the output layer has none. p = 0.1 (DL4J's dropOut(0.9) is
  the probability of keeping a unit).
* Weights Xavier normal (DL4J's XAVIER: N(0, 2 / (fan_in + fan_out)), fans times the kernel for
  a convolution), biases zero.
* Adam (lr 1e-3, betas 0.9/0.999, eps 1e-8) with l2 1e-4 as weight_decay on the weights only:
  DL4J's l2 is added to the gradient before the updater and skips biases (l2Bias is separate).
* Same batch size (256), same epochs, the same rows in each batch in the same order.
* A batch is gathered from the row matrix per step, as the product's BatchBuilder does (for the
  CNN, the 20 rows ending at the sample's row, as channels x days); "network-only" gathers every
  batch of the epoch before the clock starts, as TrainThroughput's variant of that name does.
* Inference: eval mode, no autograd, batches of 4096 (FittedNetwork's), predictions unscaled.

Prints one "RESULT key=value ..." line per architecture and variant, as TrainThroughput does.
"""

import argparse
import os
import sys
import time

from debian_packages import require


require("python3-torch", "numpy", "torch")
import numpy as np  # noqa: E402
import torch  # noqa: E402
from torch import nn  # noqa: E402


def read_meta(path):
    meta = {}
    with open(path) as lines:
        for line in lines:
            key, _, value = line.strip().partition("=")
            meta[key] = value
    return meta


def int_list(text):
    return [int(v) for v in text.strip("[]").split(",") if v]


class Samples:
    """One architecture's exported data, as tensors, and the batch gathering of BatchBuilder."""

    def __init__(self, directory, arch):
        prefix = os.path.join(directory, arch + "-")
        self.meta = read_meta(prefix + "meta.txt")
        self.rows = int(self.meta["rows"])
        self.feature_count = int(self.meta["features"])
        self.window_days = int(self.meta["window_days"]) if "window_days" in self.meta else 1
        self.features = torch.from_numpy(
            np.fromfile(prefix + "features.f32", dtype="<f4").reshape(self.rows, self.feature_count)
        )
        self.labels = torch.from_numpy(np.fromfile(prefix + "labels.f32", dtype="<f4"))
        training = int(self.meta["training_samples"])
        self.orders = torch.from_numpy(
            np.fromfile(prefix + "orders.i32", dtype="<i4").astype(np.int64).reshape(-1, training)
        )
        self.validation = torch.from_numpy(
            np.fromfile(prefix + "validation.i32", dtype="<i4").astype(np.int64)
        )
        self.inference = torch.from_numpy(
            np.fromfile(prefix + "inference.i32", dtype="<i4").astype(np.int64)
        )
        # Days of a window relative to its last row: -(W-1) .. 0.
        self.offsets = torch.arange(-(self.window_days - 1), 1, dtype=torch.int64)

    def batch_features(self, rows):
        if self.window_days == 1:
            return self.features.index_select(0, rows)
        # [batch, days, features] -> [batch, features, days]: DL4J's NCW, torch's Conv1d layout.
        return self.features[rows.unsqueeze(1) + self.offsets].transpose(1, 2)

    def batch_labels(self, rows):
        return self.labels.index_select(0, rows).unsqueeze(1)

    def check_first_batch(self, batch_size):
        """The first training batch must be the one TrainThroughput's BatchBuilder built."""
        first = self.batch_features(self.orders[0][:batch_size]).double()
        expected_sum = float(self.meta["first_batch_sum"])
        expected_norm = float(self.meta["first_batch_norm2"])
        got_sum, got_norm = float(first.sum()), float(first.norm())
        if abs(got_sum - expected_sum) > 1e-3 * max(1.0, abs(expected_sum)) or abs(
            got_norm - expected_norm
        ) > 1e-4 * max(1.0, expected_norm):
            sys.exit(
                f"first batch differs from BatchBuilder's: sum {got_sum} vs {expected_sum}, "
                f"norm {got_norm} vs {expected_norm}"
            )


def build(meta, feature_count):
    dropout = float(meta["dropout"])
    hidden = int_list(meta["hidden_units"])
    layers = []
    if meta["architecture"] == "cnn":
        kernel = int(meta["kernel_size"])
        channels = int_list(meta["conv_channels"])
        previous = feature_count
        for i, out in enumerate(channels):
            # DL4J's ConvolutionMode.Same with stride 1: (kernel - 1) / 2 days of zeros each side.
            layers += [nn.Conv1d(previous, out, kernel, padding=(kernel - 1) // 2), nn.ReLU()]
            if i < len(channels) - 1:
                layers.append(nn.MaxPool1d(2, 2, ceil_mode=True))  # Same mode rounds up
            previous = out
        layers += [nn.AdaptiveMaxPool1d(1), nn.Flatten()]
    else:
        previous = feature_count
    for units in hidden:
        if dropout > 0:
            layers.append(nn.Dropout(dropout))
        layers += [nn.Linear(previous, units), nn.ReLU()]
        previous = units
    layers.append(nn.Linear(previous, 1))
    model = nn.Sequential(*layers)
    for module in model.modules():
        if isinstance(module, (nn.Linear, nn.Conv1d)):
            nn.init.xavier_normal_(module.weight)
            nn.init.zeros_(module.bias)
    return model


def optimizer(model, meta):
    weights = [p for name, p in model.named_parameters() if name.endswith("weight")]
    biases = [p for name, p in model.named_parameters() if name.endswith("bias")]
    return torch.optim.Adam(
        [
            {"params": weights, "weight_decay": float(meta["l2"])},
            {"params": biases, "weight_decay": 0.0},
        ],
        lr=float(meta["learning_rate"]),
        betas=(0.9, 0.999),
        eps=1e-8,
    )


def train(samples, variant):
    """Trainer's loop; returns (assembly seconds, network seconds) over the measured epochs."""
    meta = samples.meta
    torch.manual_seed(int(meta["seed"]))
    model = build(meta, samples.feature_count)
    adam = optimizer(model, meta)
    loss_function = nn.MSELoss()
    batch_size = int(meta["batch_size"])
    warmup = int(meta["warmup_epochs"])
    assembly = network = 0.0
    model.train()
    for epoch, order in enumerate(samples.orders):
        epoch_assembly = epoch_network = 0.0
        starts = range(0, len(order), batch_size)
        if variant == "network-only":
            start = time.perf_counter()
            prebuilt = [
                (
                    samples.batch_features(order[s : s + batch_size]).contiguous(),
                    samples.batch_labels(order[s : s + batch_size]),
                )
                for s in starts
            ]
            built = time.perf_counter()
            loss_sum = 0.0
            for features, labels in prebuilt:
                adam.zero_grad(set_to_none=True)
                loss = loss_function(model(features), labels)
                loss.backward()
                adam.step()
                loss_sum += loss.item() * len(labels)  # Trainer reads the score every batch
            epoch_assembly, epoch_network = built - start, time.perf_counter() - built
        else:
            loss_sum = 0.0
            for s in starts:
                start = time.perf_counter()
                rows = order[s : s + batch_size]
                features, labels = samples.batch_features(rows), samples.batch_labels(rows)
                built = time.perf_counter()
                adam.zero_grad(set_to_none=True)
                loss = loss_function(model(features), labels)
                loss.backward()
                adam.step()
                loss_sum += loss.item() * len(rows)
                epoch_assembly += built - start
                epoch_network += time.perf_counter() - built
        if epoch >= warmup:
            assembly += epoch_assembly
            network += epoch_network
    return model, assembly, network


def infer(model, samples, variant):
    """FittedNetwork.predict's loop: (assembly seconds, network seconds) over the measured passes."""
    meta = samples.meta
    batch = int(meta["inference_batch"])
    passes = int(meta["inference_passes"])
    label_mean, label_stdev = float(meta["label_mean"]), float(meta["label_stdev"])
    rows = samples.inference
    predictions = np.empty(len(rows))
    assembly = network = 0.0
    model.eval()
    with torch.inference_mode():
        for inference_pass in range(-1, passes):  # -1: warm-up
            pass_assembly = pass_network = 0.0
            prebuilt = []
            if variant == "network-only":
                start = time.perf_counter()
                prebuilt = [
                    samples.batch_features(rows[s : s + batch]).contiguous()
                    for s in range(0, len(rows), batch)
                ]
                pass_assembly = time.perf_counter() - start
            for i, s in enumerate(range(0, len(rows), batch)):
                start = time.perf_counter()
                features = prebuilt[i] if prebuilt else samples.batch_features(rows[s : s + batch])
                built = time.perf_counter()
                output = model(features)[:, 0].numpy()
                predictions[s : s + len(output)] = output * label_stdev + label_mean
                pass_assembly += built - start
                pass_network += time.perf_counter() - built
            if inference_pass >= 0:
                assembly += pass_assembly
                network += pass_network
    if np.isnan(predictions).any():
        sys.exit("the network predicted NaN")
    return assembly, network, passes * len(rows)


def validation_loss(model, samples):
    model.eval()
    with torch.inference_mode():
        rows = samples.validation
        errors = model(samples.batch_features(rows))[:, 0] - samples.labels.index_select(0, rows)
        return float((errors.double() ** 2).mean())


def versions():
    return (
        f"python {sys.version.split()[0]}, torch {torch.__version__}, numpy {np.__version__}"
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", help="directory TrainThroughput --data wrote")
    parser.add_argument("--arch", default="dense,cnn")
    parser.add_argument("--variants", default="product,network-only")
    parser.add_argument("--threads", type=int, default=2, help="torch.set_num_threads")
    parser.add_argument("--versions", action="store_true", help="print versions and exit")
    args = parser.parse_args()
    if args.versions:
        print(versions())
        return
    torch.set_num_threads(args.threads)
    print(f"BACKEND torch={torch.__version__} threads={torch.get_num_threads()}", flush=True)
    for arch in args.arch.split(","):
        samples = Samples(args.data, arch)
        samples.check_first_batch(int(samples.meta["batch_size"]))
        for variant in args.variants.split(","):
            wall = time.perf_counter()
            model, train_assembly, train_network = train(samples, variant)
            trained = int(samples.meta["epochs"]) * samples.orders.shape[1]
            loss = validation_loss(model, samples)
            infer_assembly, infer_network, inferred = infer(model, samples, variant)
            print(
                f"RESULT arch={arch} variant={variant} train_samples={trained}"
                f" train_sps={trained / (train_assembly + train_network):.0f}"
                f" train_assembly_s={train_assembly:.3f} train_network_s={train_network:.3f}"
                f" infer_samples={inferred}"
                f" infer_sps={inferred / (infer_assembly + infer_network):.0f}"
                f" infer_assembly_s={infer_assembly:.3f} infer_network_s={infer_network:.3f}"
                f" val_loss={loss:.5f} wall_s={time.perf_counter() - wall:.1f}",
                flush=True,
            )


if __name__ == "__main__":
    main()
