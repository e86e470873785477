# The workloads of bench/workloads.ts in PyTorch, float32, timed the same way as the TypeScript
# engines: warm-up batches, then batches in file order until the workload ends or the time
# budget runs out, in three windows (the best one counts). Prints one JSON line per workload.
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


def run(w, budget):
    topology = w["topology"]
    n, batch, lr = w["samples"], w["batchSize"], w["learningRate"]
    X = torch.rand(n, topology[0]) * 2 - 1
    Y = torch.zeros(n, topology[-1])
    Y[torch.arange(n), torch.randint(0, topology[-1], (n,))] = 1
    params = []
    for l in range(len(topology) - 1):
        bound = 1 / math.sqrt(topology[l])
        W = (torch.rand(topology[l], topology[l + 1]) * 2 - 1) * bound
        theta = (torch.rand(topology[l + 1]) * 2 - 1) * bound
        params += [W.requires_grad_(), theta.requires_grad_()]
    opt = torch.optim.SGD(params, lr=lr)
    batches = [(s, min(batch, n - s)) for s in range(0, n, batch)]

    def step(s, rows):
        a = X[s : s + rows]
        for l in range(0, len(params), 2):
            a = torch.sigmoid(a @ params[l] + params[l + 1])
        loss = 0.5 * ((a - Y[s : s + rows]) ** 2).sum() / rows
        opt.zero_grad()
        loss.backward()
        opt.step()

    warm = max(3, min(20, len(batches)))
    for i in range(warm):
        step(*batches[i % len(batches)])
    # Timed windows of a third of the budget; the best window's rate counts (as in measure.ts).
    window = budget / 3
    start = window_start = time.perf_counter()
    best = 0.0
    window_samples = total = 0
    done = False
    for epoch in range(w["epochs"]):
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
        if done:
            break
    if best == 0:
        best = total / (time.perf_counter() - start)
    return best


def main():
    config = json.loads(sys.argv[1])
    for w in config["workloads"]:
        sps = run(w, config["budgetSeconds"])
        print(json.dumps({"workload": w["name"], "samplesPerSecond": sps}), flush=True)


main()
