"""A TCP server on 127.0.0.1 that misbehaves like an overloaded identity provider.

"timeout": accepts the connection, reads the request and never answers (the client's timeout
fires); "dropped": reads the request and closes the connection without an answer.
"""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager


class FaultyServer:
    def __init__(self, mode: str) -> None:
        if mode not in {"timeout", "dropped"}:
            raise ValueError(mode)
        self.mode = mode
        self.requests = 0
        self._stop = threading.Event()
        self._held: list[socket.socket] = []
        self._sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._sock.bind(("127.0.0.1", 0))
        self._sock.listen(16)
        self._sock.settimeout(0.1)
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    @property
    def url(self) -> str:
        host, port = self._sock.getsockname()
        return f"http://{host}:{port}"

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _addr = self._sock.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            conn.settimeout(2)
            try:
                conn.recv(65536)
            except OSError:
                pass
            self.requests += 1
            if self.mode == "dropped":
                conn.close()
            else:
                self._held.append(conn)

    def close(self) -> None:
        self._stop.set()
        self._thread.join(timeout=2)
        for conn in self._held:
            conn.close()
        self._sock.close()


@contextmanager
def faulty_server(mode: str) -> Iterator[FaultyServer]:
    server = FaultyServer(mode)
    try:
        yield server
    finally:
        server.close()
