"""Time decision PDFs: `python bench/decisions.py [--count 50] [--processes 2] [--keys DIR]`.

Renders (WeasyPrint) and signs (pyHanko, PAdES B-B) `--count` sample approval decisions, as
the Celery workers do: the demo's clean worker, each with its own number and code
(demo.sample_decision), shared out over `--processes` worker processes (default: one per
core). Signing uses the configured key, or a development CA created in --keys (default: a
temporary folder). Each process first renders and signs one decision that is not counted (fonts,
templates, the key). Prints decisions per second, the median and 95th percentile per decision
(wall and CPU milliseconds, render and sign), the CPU time per decision, and the time 2,600
decisions (a factory closure's) take: measured throughput, and from CPU time on the given
processes (the figure that holds on a shared, busy machine). Asserts nothing about time.
"""

from __future__ import annotations

import sys
from pathlib import Path

# Run as a script, bench/ comes first on the path, and bench/queue.py would shadow the
# standard library's queue: put the project root there instead.
ROOT = Path(__file__).resolve().parent.parent
sys.path[:] = [str(ROOT)] + [p for p in sys.path if Path(p or ".").resolve() != ROOT / "bench"]

import argparse  # noqa: E402
import gc  # noqa: E402
import multiprocessing  # noqa: E402
import os  # noqa: E402
import statistics  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from concurrent.futures import ProcessPoolExecutor  # noqa: E402

#: A factory closure's decisions, and the issue's goal for signing them all (seconds).
CLOSURE_DECISIONS = 2600
GOAL_SECONDS = 180


def _setup(keys: str) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
    import django

    django.setup()
    from django.conf import settings

    from claims.decisions import signing

    if not signing.production_configured():
        settings.DECISION_KEYS_DIR = Path(keys)
        signing.dev_keys_ensure(directory=Path(keys))


def _work(numbers: list[int]) -> tuple[list[tuple[float, float, float, float]], float, int]:
    """Render and sign the sample decisions `numbers` (the first one only warms up).

    Returns (render wall, render CPU, sign wall, sign CPU) in ms for each counted decision, and
    the CPU ms and count of the full (generation 2) garbage collections among them."""
    from claims.decisions import signing
    from claims.decisions.pdf import pdf_render
    from demo.sample_decision import sample_document

    timings = []
    full: list[float] = []
    started = [0.0]
    counting = False  # the warm-up decision's collections are not counted either

    def collected(phase: str, info: dict[str, int]) -> None:
        if info["generation"] != 2:
            return
        if phase == "start":
            started[0] = time.process_time()
        elif counting:
            full.append((time.process_time() - started[0]) * 1e3)

    gc.callbacks.append(collected)
    for index, number in enumerate(numbers):
        counting = index > 0
        document = sample_document(number=number)
        w0, c0 = time.perf_counter(), time.process_time()
        pdf = pdf_render(document)
        w1, c1 = time.perf_counter(), time.process_time()
        signing.pdf_sign(
            pdf=pdf, reason=document.number, location=document.place, signer_name="bench"
        )
        w2, c2 = time.perf_counter(), time.process_time()
        if index:
            timings.append(((w1 - w0) * 1e3, (c1 - c0) * 1e3, (w2 - w1) * 1e3, (c2 - c1) * 1e3))
    gc.callbacks.remove(collected)
    return timings, sum(full), len(full)


def _load() -> str:
    return " ".join(f"{value:.1f}" for value in os.getloadavg())


def _ready(_index: int) -> bool:
    """A no-op task: once every process has answered one, they are all set up."""
    return True


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=50)
    parser.add_argument("--processes", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--keys", default="")
    args = parser.parse_args()
    keys = args.keys or tempfile.mkdtemp(prefix="trocap-bench-")
    _setup(keys)
    from claims.decisions.pdf import font_subsetter

    # fontTools instead of HarfBuzz-Subset makes each decision about ten times dearer.
    print(f"font subsetter: {font_subsetter()}; load average at start: {_load()}")
    processes = max(1, min(args.processes, args.count))
    # Each process gets its share of the numbers plus one uncounted warm-up decision.
    shares = [list(range(1 + i, args.count + 1, processes)) for i in range(processes)]
    shares = [[1_000_000 + i, *share] for i, share in enumerate(shares)]
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(
        processes, mp_context=context, initializer=_setup, initargs=(keys,)
    ) as pool:
        list(pool.map(_ready, range(processes)))
        started = time.perf_counter()
        results = list(pool.map(_work, shares))
        elapsed = time.perf_counter() - started
    timings = [t for share, _ms, _n in results for t in share]
    full_ms, full_count = sum(r[1] for r in results), sum(r[2] for r in results)
    render_wall, render_cpu, sign_wall, sign_cpu = (
        list(column) for column in zip(*timings, strict=True)
    )
    cpu = [r + s for r, s in zip(render_cpu, sign_cpu, strict=True)]
    wall = [r + s for r, s in zip(render_wall, sign_wall, strict=True)]

    def p95(values: list[float]) -> float:
        return sorted(values)[max(0, int(len(values) * 0.95) - 1)]

    # Each process's warm-up is inside `elapsed`: the throughput is a little pessimistic.
    rate = len(timings) / elapsed
    cpu_per_decision = statistics.mean(cpu)
    print(f"decisions rendered+signed: {len(timings)} in {elapsed:.2f} s on {processes} processes")
    print(f"load average at the end: {_load()}")
    print(f"decisions per second:      {rate:.1f}")
    for label, values in (
        ("render wall", render_wall),
        ("render CPU", render_cpu),
        ("sign wall", sign_wall),
        ("sign CPU", sign_cpu),
        ("total wall", wall),
        ("total CPU", cpu),
    ):
        print(f"{label:<12} median {statistics.median(values):7.1f} ms   p95 {p95(values):7.1f} ms")
    print(f"CPU time per decision: {cpu_per_decision:.1f} ms (mean)")
    # What lifts the mean above the median: a full collection lands in one decision's time.
    print(
        f"full garbage collections: {full_count}, {full_ms:.0f} ms CPU, "
        f"{full_ms / len(timings):.1f} ms per decision"
    )
    print(f"2,600 at the measured rate: {CLOSURE_DECISIONS / rate:.0f} s")
    from claims.decisions import signing
    from claims.decisions.pdf import pdf_render
    from demo.sample_decision import sample_document

    last = sample_document(number=args.count)
    signed = signing.pdf_sign(
        pdf=pdf_render(last), reason=last.number, location=last.place, signer_name="bench"
    )
    print(
        f"a file: {len(signed.data)} bytes, signature valid and trusted: "
        f"{signing.pdf_validate(signed.data).ok}"
    )
    projected = CLOSURE_DECISIONS * cpu_per_decision / 1000 / processes
    print(
        f"2,600 signed decisions on {processes} processes (from CPU time): {projected:.0f} s "
        f"(goal <= {GOAL_SECONDS} s)"
    )


if __name__ == "__main__":
    main()
