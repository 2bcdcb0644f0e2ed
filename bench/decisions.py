"""Time decision PDFs: `python bench/decisions.py [--count 50] [--keys DIR]`.

Renders (WeasyPrint) and signs (pyHanko, PAdES B-B) `--count` sample approval decisions in
one process, as one worker does: the demo's clean worker, each with its own number and code
(claims.decisions.sample). Signing uses the configured key, or a development CA created in
--keys (default: a temporary folder). The first decision is a warm-up (fonts, templates) and
is not counted. Prints decisions per second and the median (and 95th percentile) milliseconds
per decision for rendering, signing and both. It asserts nothing about time.
"""

from __future__ import annotations

import sys
from pathlib import Path

# Run as a script, bench/ comes first on the path, and bench/queue.py would shadow the
# standard library's queue: put the project root there instead.
ROOT = Path(__file__).resolve().parent.parent
sys.path[:] = [str(ROOT)] + [p for p in sys.path if Path(p or ".").resolve() != ROOT / "bench"]

import argparse  # noqa: E402
import os  # noqa: E402
import statistics  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=50)
    parser.add_argument("--keys", default="")
    args = parser.parse_args()

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
    import django

    django.setup()
    from django.conf import settings

    from claims.decisions import signing
    from claims.decisions.pdf import pdf_render
    from claims.decisions.sample import sample_document

    if not signing.production_configured():
        settings.DECISION_KEYS_DIR = Path(args.keys or tempfile.mkdtemp(prefix="trocap-bench-"))
    documents = [sample_document(number=n + 1) for n in range(args.count + 1)]

    render_ms: list[float] = []
    sign_ms: list[float] = []
    started = None
    for index, document in enumerate(documents):
        if index == 1:
            started = time.perf_counter()
        t0 = time.perf_counter()
        pdf = pdf_render(document)
        t1 = time.perf_counter()
        signed = signing.pdf_sign(
            pdf=pdf, reason=document.number, location=document.place, signer_name="bench"
        )
        t2 = time.perf_counter()
        if index:  # the first one warms fonts, templates and the key up
            render_ms.append((t1 - t0) * 1000)
            sign_ms.append((t2 - t1) * 1000)
    assert started is not None  # noqa: S101 - a bench script
    elapsed = time.perf_counter() - started
    total_ms = [r + s for r, s in zip(render_ms, sign_ms, strict=True)]

    def p95(values: list[float]) -> float:
        return sorted(values)[max(0, int(len(values) * 0.95) - 1)]

    print(f"decisions rendered+signed: {args.count} in {elapsed:.2f} s")
    print(f"decisions per second:      {args.count / elapsed:.1f}")
    for label, values in (("render", render_ms), ("sign", sign_ms), ("render+sign", total_ms)):
        print(f"{label:<12} median {statistics.median(values):7.1f} ms   p95 {p95(values):7.1f} ms")
    print(f"last file: {len(signed.data)} bytes, sha256 {signed.sha256[:16]}…")
    check = signing.pdf_validate(signed.data)
    print(f"last signature valid and trusted: {check.ok}")


if __name__ == "__main__":
    main()
