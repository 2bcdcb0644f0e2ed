"""The background worker of the simulator: pays due orders and delivers callbacks.

All its work is rows in the database (orders received, callbacks pending), claimed with
conditional updates, so a restart picks up exactly where the last process stopped.
"""

from __future__ import annotations

import logging
import threading
from concurrent.futures import ThreadPoolExecutor

from django.db import close_old_connections, connection

from settlement_office import conf, services

log = logging.getLogger("settlement_office")


class Dispatcher:
    def __init__(self, *, workers: int | None = None, poll_interval: float | None = None) -> None:
        self.workers = workers or conf.get("CALLBACK_WORKERS")
        self.poll_interval = poll_interval or conf.get("POLL_INTERVAL")
        self._stop = threading.Event()
        self._in_flight = 0
        self._batches_in_flight = 0
        self._lock = threading.Lock()
        self._pool = ThreadPoolExecutor(self.workers, thread_name_prefix="callback")
        self._thread = threading.Thread(target=self._run, name="dispatcher", daemon=True)

    def start(self) -> None:
        recovered = services.callbacks_recover()
        if recovered:
            log.info("%s callbacks interrupted by the last stop are due again", recovered)
        self._thread.start()

    def stop(self, timeout: float = 10.0) -> None:
        self._stop.set()
        self._thread.join(timeout)
        # Deliveries in progress finish (bounded by the callback timeout); queued ones are
        # still 'sending' rows and are recovered at the next start.
        self._pool.shutdown(wait=True, cancel_futures=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                busy = self._tick()
            except Exception:  # a database hiccup must not kill the dispatcher
                log.exception("dispatcher tick failed")
                busy = False
            finally:
                close_old_connections()
            if not busy:
                self._stop.wait(self.poll_interval)
        connection.close()

    def _tick(self) -> bool:
        due = services.orders_due()
        if due:
            # Read only when there is something to settle: an idle tick (every poll interval)
            # is then two small indexed queries.
            cfg = services.office_settings_get()
            if self._stop.is_set():
                return False
            services.orders_settle(order_ids=due, cfg=cfg)
        with self._lock:
            free = self.workers * 2 - self._in_flight
            free_batches = min(free, conf.get("CALLBACK_BATCH_WORKERS") - self._batches_in_flight)
        # A delivery is one POST: a batch of the callbacks of orders received in batches
        # (ADR 0026), or one callback of an order received on its own. Batches in flight are
        # few: each is a transaction of many events at the portal, and more of them at once
        # only make each wait longer for the portal's cores (and time out).
        batches = services.callbacks_group(
            services.callbacks_claim(
                limit=max(free_batches, 0) * conf.get("CALLBACK_BATCH"), batched=True
            )
        )
        singles = services.callbacks_claim(limit=free - len(batches), batched=False)
        deliveries = [(True, ids) for ids in batches] + [(False, [pk]) for pk in singles]
        for batched, ids in deliveries:
            with self._lock:
                self._in_flight += 1
                self._batches_in_flight += batched
            self._pool.submit(self._deliver, ids, batched)
        return bool(due or deliveries)

    def _deliver(self, callback_ids: list[int], batched: bool) -> None:
        try:
            if batched:
                services.callbacks_deliver_batch(callback_ids=callback_ids)
            else:
                services.callback_deliver(callback_id=callback_ids[0])
        except Exception:
            log.exception("callbacks %s: delivery crashed; retried after the lease", callback_ids)
        finally:
            with self._lock:
                self._in_flight -= 1
                self._batches_in_flight -= batched
            connection.close()
