"""The stand-in's background worker: sends due reports to the portal, retried with backoff.

Its work is rows (reports pending), claimed with conditional updates, so a restart picks up
where the last process stopped.
"""

from __future__ import annotations

import logging
import threading

from django.db import close_old_connections, connection

from training_institution import conf, services

log = logging.getLogger("training_institution")


class Dispatcher:
    def __init__(self, *, poll_interval: float | None = None) -> None:
        self.poll_interval = poll_interval or conf.get("POLL_INTERVAL")
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="reports", daemon=True)

    def start(self) -> None:
        services.reports_recover()
        self._thread.start()

    def stop(self, timeout: float = 10.0) -> None:
        self._stop.set()
        self._thread.join(timeout)

    def _run(self) -> None:
        while not self._stop.is_set():
            busy = False
            try:
                for report_id in services.reports_claim():
                    if self._stop.is_set():
                        break
                    services.report_deliver(report_id=report_id)
                    busy = True
            except Exception:  # a database hiccup must not kill the dispatcher
                log.exception("report dispatch failed")
            finally:
                close_old_connections()
            if not busy:
                self._stop.wait(self.poll_interval)
        connection.close()
