"""One benchmark measurement with PyTorch, as tools/bench/src/child.ts does for the JS implementations.

Reads a JSON job on argv[1]: {"workload": {...}, "threads": N, "warmupSec", "repSec", "reps"}; prints
"@@result {...}" with one rate per repetition in the workload's unit. Models, batches and steps are the
same as the TF.js and Descent rows (tools/bench/src/workloads.ts): the same sizes, PyTorch's default
init, the same LCG-generated inputs and labels, float32, eager mode as a user writes it.
"""
import json
import resource
import sys
import time

import torch


def lcg(seed):
    s = seed & 0xFFFFFFFF
    def nxt():
        nonlocal s
        s = (s * 1664525 + 1013904223) & 0xFFFFFFFF
        return s / 2**32
    return nxt


def make_batches(spec, count=4):
    r = lcg(12345)
    in_f, out_f, b = spec["sizes"][0], spec["sizes"][-1], spec["batch"]
    out = []
    for _ in range(count):
        x = torch.tensor([2 * r() - 1 for _ in range(b * in_f)], dtype=torch.float32).reshape(b, in_f)
        labels = torch.tensor([int(r() * out_f) for _ in range(b)], dtype=torch.int64)
        if spec["loss"] == "mse":
            y = torch.tensor([2 * r() - 1 for _ in range(b * out_f)], dtype=torch.float32).reshape(b, out_f)
        else:
            y = labels
        out.append((x, y))
    return out


def prepare(w):
    kind = w["kind"]
    if kind == "matmul":
        n = w["n"]
        r = lcg(n)
        a = torch.tensor([r() - 0.5 for _ in range(n * n)], dtype=torch.float32).reshape(n, n)
        b = torch.tensor([r() - 0.5 for _ in range(n * n)], dtype=torch.float32).reshape(n, n)
        ta, tb = w["transA"], w["transB"]
        return lambda: torch.matmul(a.t() if ta else a, b.t() if tb else b)
    if kind == "op":
        a, b = torch.full((w["size"],), 1.0), torch.full((w["size"],), 2.0)
        return lambda: torch.add(a, b)
    spec = w["spec"]
    torch.manual_seed(7)
    layers = []
    sizes = spec["sizes"]
    for i in range(len(sizes) - 1):
        layers.append(torch.nn.Linear(sizes[i], sizes[i + 1]))
        if i + 2 < len(sizes):
            layers.append(torch.nn.Tanh() if spec["activation"] == "tanh" else torch.nn.ReLU())
    model = torch.nn.Sequential(*layers)
    opt = torch.optim.SGD(model.parameters(), lr=spec["lr"]) if spec["optimizer"] == "sgd" else torch.optim.Adam(model.parameters(), lr=spec["lr"])
    loss_fn = torch.nn.MSELoss() if spec["loss"] == "mse" else torch.nn.CrossEntropyLoss()
    batches = make_batches(spec)
    state = {"i": 0}

    def step():
        x, y = batches[state["i"] % len(batches)]
        state["i"] += 1
        opt.zero_grad()
        loss = loss_fn(model(x), y)
        loss.backward()
        opt.step()
        loss.item()  # as the JS rows read the loss back
    return step


def rate(w, iterations, seconds):
    if w["kind"] == "mlp":
        return iterations * w["spec"]["batch"] / seconds
    if w["kind"] == "matmul":
        return iterations * 2 * w["n"] ** 3 / seconds / 1e9
    return seconds / iterations * 1e6


def measure(w, step, warmup, rep, reps):
    # The same protocol as tools/bench/src/measure.ts: warm up, then chunked timed repetitions.
    iters, t0 = 0, time.perf_counter()
    while True:
        step()
        iters += 1
        if time.perf_counter() - t0 >= warmup:
            break
    per_iter = (time.perf_counter() - t0) / iters
    chunk = max(1, int(0.0005 / max(per_iter, 1e-9)))
    out = []
    for _ in range(reps):
        n, t0 = 0, time.perf_counter()
        while True:
            for _ in range(chunk):
                step()
            n += chunk
            dt = time.perf_counter() - t0
            if dt >= rep:
                break
        out.append(rate(w, n, dt))
    return out


def blas():
    """Which BLAS library this process really loaded (LD_LIBRARY_PATH can swap Debian's reference BLAS)."""
    try:
        with open("/proc/self/maps") as f:
            paths = {line.split()[-1] for line in f if "blas" in line.lower() and "/" in line}
        names = sorted({p.rsplit("/", 1)[-1] for p in paths})
        for n in names:
            if "openblas" in n.lower():
                return "openblas"
        if any("mkl" in n.lower() for n in names):
            return "mkl"
        return "reference-blas" if names else "none"
    except OSError:
        return "unknown"


def main():
    job = json.loads(sys.argv[1])
    torch.set_num_threads(job["threads"])
    torch.set_grad_enabled(True)
    w = job["workload"]
    step = prepare(w)
    samples = measure(w, step, job["warmupSec"], job["repSec"], job["reps"])
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print("@@result " + json.dumps({
        "threads": torch.get_num_threads(),
        "backend": f"torch {torch.__version__.split('+')[0]} {blas()}",
        "workload": w["id"],
        "samples": samples,
        "peakMemoryMB": peak,
    }))


if __name__ == "__main__":
    main()
