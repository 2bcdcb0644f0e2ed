"""The embedded broker's candidates under concurrent producers and one consumer (docs/adr/0001).

    python bench/broker.py --transport redis --messages 5000 --producers 4
    python bench/broker.py --transport sqlalchemy ...   # needs SQLAlchemy installed
    python bench/broker.py --transport filesystem ...   # the transport make run used before

Producers (separate processes) publish JSON messages through kombu while a consumer process
drains the queue, as web, beat and a worker do. Prints messages/s end to end, the latency from
publish to receipt (p50/p95), CPU per 1,000 messages (this process and its children, from
getrusage), and how many messages were lost, duplicated or unreadable. Everything lives in a
temporary directory; the Redis candidate is the project's embedded server on a Unix socket.
"""

from __future__ import annotations

import sys
from pathlib import Path

# The project's root instead of bench/ first on the path: a bench module must never shadow the
# standard library's (bench/queue.py did).
sys.path[0] = str(Path(__file__).resolve().parent.parent)

import argparse  # noqa: E402
import multiprocessing  # noqa: E402
import os  # noqa: E402
import queue  # noqa: E402
import resource  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402

from portal import embedded_redis  # noqa: E402

QUEUE = "bench"


def connection_for(transport: str, workdir: Path):  # type: ignore[no-untyped-def]
    from kombu import Connection

    if transport == "redis":
        return Connection(embedded_redis.broker_url(workdir))
    if transport == "sqlalchemy":
        return Connection(f"sqla+sqlite:///{workdir / 'broker.sqlite3'}")
    folder = workdir / "broker"
    folder.mkdir(exist_ok=True)
    return Connection(
        "filesystem://",
        transport_options={
            "data_folder_in": str(folder),
            "data_folder_out": str(folder),
            "store_processed": False,
        },
    )


def produce(transport: str, workdir: str, first: int, count: int) -> None:
    with connection_for(transport, Path(workdir)) as conn:
        outbox = conn.SimpleQueue(QUEUE)
        for i in range(first, first + count):
            outbox.put({"i": i, "t": time.time()})
        outbox.close()


def consume(transport: str, workdir: str, expected: int, limit: float, out) -> None:  # type: ignore[no-untyped-def]
    seen: dict[int, int] = {}
    latencies: list[float] = []
    errors = 0
    deadline = time.monotonic() + limit
    with connection_for(transport, Path(workdir)) as conn:
        inbox = conn.SimpleQueue(QUEUE)
        while len(seen) < expected and time.monotonic() < deadline:
            try:
                message = inbox.get(block=True, timeout=1)
            except queue.Empty:
                continue
            except Exception:  # a corrupt message: the failure this bench looks for
                errors += 1
                continue
            try:
                body = message.payload
                seen[body["i"]] = seen.get(body["i"], 0) + 1
                latencies.append(time.time() - body["t"])
            except Exception:
                errors += 1
            message.ack()
        inbox.close()
    out.put((seen, latencies, errors))


def run(transport: str, messages: int, producers: int, limit: float) -> dict[str, float]:
    with tempfile.TemporaryDirectory(prefix="trocap-broker-") as tmp:
        workdir = Path(tmp)
        server = None
        if transport == "redis":
            server = subprocess.Popen(  # noqa: S603 - the project's own redis-server
                embedded_redis.server_command(workdir), stdout=subprocess.DEVNULL
            )
            if not embedded_redis.server_wait(workdir):
                raise SystemExit("embedded Redis did not start")
        try:
            ctx = multiprocessing.get_context("spawn")
            out = ctx.Queue()
            consumer = ctx.Process(target=consume, args=(transport, tmp, messages, limit, out))
            consumer.start()
            started = time.monotonic()
            share = messages // producers
            workers = [
                ctx.Process(
                    target=produce,
                    args=(
                        transport,
                        tmp,
                        p * share,
                        share if p < producers - 1 else messages - p * share,
                    ),
                )
                for p in range(producers)
            ]
            for w in workers:
                w.start()
            for w in workers:
                w.join()
            seen, latencies, errors = out.get(timeout=limit + 30)
            elapsed = time.monotonic() - started
            consumer.join(timeout=10)
        finally:
            if server is not None:
                server.terminate()
                server.wait(timeout=10)
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = usage.ru_utime + usage.ru_stime
    received = sum(seen.values())
    return {
        "received": received,
        "lost": messages - len(seen),
        "duplicated": received - len(seen),
        "unreadable": errors,
        "elapsed": elapsed,
        "rate": len(seen) / elapsed if elapsed else 0.0,
        "p50_ms": statistics.median(latencies) * 1000 if latencies else 0.0,
        "p95_ms": (statistics.quantiles(latencies, n=20)[-1] * 1000)
        if len(latencies) >= 20
        else 0.0,
        "cpu_ms_per_1000": cpu * 1000 / max(len(seen), 1) * 1000,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--transport", choices=["redis", "sqlalchemy", "filesystem"], default="redis"
    )
    parser.add_argument("--messages", type=int, default=5000)
    parser.add_argument("--producers", type=int, default=4)
    parser.add_argument("--limit", type=float, default=120.0, help="seconds to wait at most")
    options = parser.parse_args()
    os.environ.setdefault("PYTHONHASHSEED", "0")
    r = run(options.transport, options.messages, options.producers, options.limit)
    print(
        f"transport: {options.transport}, {options.messages} messages from {options.producers} producers"
    )
    print(f"received {r['received']:.0f} in {r['elapsed']:.1f} s: {r['rate']:.0f} messages/s")
    print(f"latency publish -> receipt: p50 {r['p50_ms']:.1f} ms, p95 {r['p95_ms']:.1f} ms")
    print(f"CPU: {r['cpu_ms_per_1000']:.0f} ms per 1,000 messages (all processes)")
    print(
        f"not received within the limit {r['lost']:.0f}, duplicated {r['duplicated']:.0f}, "
        f"unreadable {r['unreadable']:.0f}"
    )
    bad = r["lost"] + r["duplicated"] + r["unreadable"]
    print(
        f"broker messages lost, duplicated or unreadable: {bad:.0f} messages (goal <= 0 messages)"
    )


if __name__ == "__main__":
    main()
