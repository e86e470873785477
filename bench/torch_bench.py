# The workloads of bench/workloads.ts in PyTorch, float32, timed the same way as the TypeScript
# engines: warm-up batches, then batches in file order, epoch after epoch, until the time budget
# runs out, in three windows (the best one counts). Two ways to write the step, both
# measured, so the peer is PyTorch at its fastest: autograd (what most code does) and backprop
# written by hand in torch ops (no graph, in-place updates; about 3x faster on small networks).
# Prints one JSON line per workload and variant.
# Run by bench/run.ts as
#   OPENBLAS_CORETYPE=SkylakeX OPENBLAS_NUM_THREADS=2 python3 bench/torch_bench.py '<json>'
# where <json> is {"workloads": [...], "budgetSeconds": s}.
import json
import math
import sys
import time

import torch

torch.set_num_threads(1)
torch.manual_seed(20240605)


def parameters(topology):
    params = []
    for l in range(len(topology) - 1):
        bound = 1 / math.sqrt(topology[l])
        W = (torch.rand(topology[l], topology[l + 1]) * 2 - 1) * bound
        theta = (torch.rand(topology[l + 1]) * 2 - 1) * bound
        params += [W, theta]
    return params


def autograd_step(X, Y, params, lr):
    params = [p.requires_grad_() for p in params]
    opt = torch.optim.SGD(params, lr=lr)

    def step(s, rows):
        a = X[s : s + rows]
        for l in range(0, len(params), 2):
            a = torch.sigmoid(torch.addmm(params[l + 1], a, params[l]))
        loss = 0.5 * torch.nn.functional.mse_loss(a, Y[s : s + rows], reduction="sum") / rows
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()

    return step


def manual_step(X, Y, params, lr):
    L = len(params) // 2

    @torch.no_grad()
    def step(s, rows):
        a = [X[s : s + rows]]
        for l in range(L):
            # z = a W + theta, a = sigmoid(z)
            a.append(torch.addmm(params[2 * l + 1], a[-1], params[2 * l]).sigmoid_())
        # delta = (a - y) * a (1 - a)
        delta = (a[L] - Y[s : s + rows]).mul_(a[L]).mul_(1 - a[L])
        for l in reversed(range(L)):
            W = params[2 * l]
            below = torch.mm(delta, W.t()).mul_(a[l]).mul_(1 - a[l]) if l > 0 else None
            # W -= lr/m a^T delta, theta -= lr/m sum(delta)
            W.addmm_(a[l].t(), delta, alpha=-lr / rows)
            params[2 * l + 1].add_(delta.sum(0), alpha=-lr / rows)
            delta = below

    return step


VARIANTS = {"pytorch": autograd_step, "pytorch-manual": manual_step}


WARM_BATCHES = 20  # as measure.ts
WARM_SECONDS = 0.5


def run(w, budget, variant):
    topology = w["topology"]
    n, batch, lr = w["samples"], w["batchSize"], w["learningRate"]
    X = torch.rand(n, topology[0]) * 2 - 1
    Y = torch.zeros(n, topology[-1])
    Y[torch.arange(n), torch.randint(0, topology[-1], (n,))] = 1
    step = VARIANTS[variant](X, Y, parameters(topology), lr)
    batches = [(s, min(batch, n - s)) for s in range(0, n, batch)]

    # Warm-up as in measure.ts: WARM_BATCHES batches and WARM_SECONDS, at most half the budget.
    warm_start = time.perf_counter()
    warm_end = min(WARM_SECONDS, budget / 2)
    i = 0
    while True:
        elapsed = time.perf_counter() - warm_start
        if elapsed >= budget / 2 or (i >= WARM_BATCHES and elapsed >= warm_end):
            break
        step(*batches[i % len(batches)])
        i += 1
    # Timed windows of a third of the budget; the best window's rate counts (as in measure.ts).
    window = budget / 3
    start = window_start = time.perf_counter()
    best = 0.0
    window_samples = total = 0
    done = False
    # Epoch after epoch until the budget is spent (past the workload's own epochs if need be).
    while not done:
        for s, rows in batches:
            step(s, rows)
            window_samples += rows
            total += rows
            now = time.perf_counter()
            if now - window_start >= window:
                best = max(best, window_samples / (now - window_start))
                window_start, window_samples = now, 0
            if now - start >= budget:
                done = True
                break
    if best == 0:
        best = total / (time.perf_counter() - start)
    return best


def main():
    config = json.loads(sys.argv[1])
    for w in config["workloads"]:
        for variant in VARIANTS:
            sps = run(w, config["budgetSeconds"], variant)
            print(
                json.dumps({"workload": w["name"], "engine": variant, "samplesPerSecond": sps}),
                flush=True,
            )


main()
