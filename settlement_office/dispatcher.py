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
            for order_id in due:
                if self._stop.is_set():
                    return False
                services.order_settle(order_id=order_id, cfg=cfg)
        with self._lock:
            free = self.workers * 2 - self._in_flight
        claimed = services.callbacks_claim(limit=free)
        for callback_id in claimed:
            with self._lock:
                self._in_flight += 1
            self._pool.submit(self._deliver, callback_id)
        return bool(due or claimed)

    def _deliver(self, callback_id: int) -> None:
        try:
            services.callback_deliver(callback_id=callback_id)
        except Exception:
            log.exception(
                "callback %s delivery crashed; it is retried after its lease", callback_id
            )
        finally:
            with self._lock:
                self._in_flight -= 1
            connection.close()
