"""The HTTP session of the portal's calls to VNeID, reading the process's environment once.

With `trust_env` on (requests' default), every call reads the environment again: each variable
is scanned for proxies and no_proxy, ~/.netrc is looked up, the CA-bundle variables are read.
That was about a tenth of the OIDC callback's CPU (two calls per login: token and userinfo;
bench/filing_profile.py --profile callback, issue 11). The environment of a running process
does not change, so the proxies are read once per origin and the CA bundle once per process;
what the calls honour stays the same (HTTP(S)_PROXY, NO_PROXY, REQUESTS_CA_BUNDLE,
CURL_CA_BUNDLE). ~/.netrc is not read: the portal authenticates to VNeID with its client
secret, never with a password from a file.

The connections are kept too: allauth makes a new session for each call (discovery, token,
userinfo, JWKS), and each new session opened a new TCP connection to VNeID and closed it, two
per login. Every session of a process mounts the same connection pool (`connection_pool`), so
a login reuses the kept-alive connections of the logins before it; the pool outlives a session's
`close()`. Only the pool is shared: cookies and headers stay each session's own, so nothing one
login received can go with another's calls.

A kept-alive connection has a race: VNeID's server closes one that has been idle a while
(gunicorn's keepalive: 5 s) and the portal may send a call on it at that very moment. The call
then fails before any answer, and the login ended on the error page (one callback in 2,600 in
bench/surge.py on 3 December 2026). Such a call is sent once more on a new connection
(`KeptAliveAdapter`).
"""

from __future__ import annotations

import functools
import logging
import os
from typing import Any
from urllib.parse import urlsplit

import requests
from requests.adapters import HTTPAdapter
from requests.utils import get_environ_proxies
from urllib3.exceptions import ProtocolError

logger = logging.getLogger(__name__)

#: Kept-alive connections per origin: a web process's threads (gunicorn's gthread, 4 by default)
#: each hold at most one call to VNeID at a time.
POOL_MAXSIZE = 10


class KeptAliveAdapter(HTTPAdapter):
    """requests' adapter, sending a call once more when its connection was closed under it.

    Only for a connection dropped before any answer (urllib3's ProtocolError, "Connection
    aborted": the server hung up or reset it), the signature of the keep-alive race. Never
    after a timeout: a call VNeID received and is still working on is not sent twice. Nor when
    VNeID refuses connections or cannot be reached (urllib3 gives up with MaxRetryError then):
    the login-error page says so at once. If VNeID had received the token call and hung up
    without answering, the second call finds the code used and the login ends on the error
    page, as it did without the retry.
    """

    def send(self, request: requests.PreparedRequest, *args: Any, **kwargs: Any) -> Any:
        try:
            return super().send(request, *args, **kwargs)
        except requests.ConnectionError as exc:
            if not (exc.args and isinstance(exc.args[0], ProtocolError)):
                raise
            logger.info("VNeID call sent again: its connection was closed (%s)", exc.args[0])
            return super().send(request, *args, **kwargs)


def connection_pool() -> HTTPAdapter:
    """This process's pool of connections to VNeID (a forked worker never uses its parent's)."""
    return _connection_pool(os.getpid())


@functools.cache
def _connection_pool(pid: int) -> HTTPAdapter:
    # Keyed by the process: a forked worker makes its own. Two threads racing on the first
    # call may each build one; the cache keeps one and every later call gets it.
    return KeptAliveAdapter(pool_maxsize=POOL_MAXSIZE)


@functools.cache
def environment_proxies(origin: str) -> dict[str, str]:
    """The proxies the environment names for `origin` (scheme://host:port), read once."""
    return dict(get_environ_proxies(origin))


@functools.cache
def environment_ca_bundle() -> str | bool:
    return os.environ.get("REQUESTS_CA_BUNDLE") or os.environ.get("CURL_CA_BUNDLE") or True


class EnvironmentOnceSession(requests.Session):
    def __init__(self) -> None:
        super().__init__()
        self.trust_env = False
        self.verify = environment_ca_bundle()
        pool = connection_pool()
        self.mount("https://", pool)
        self.mount("http://", pool)

    def close(self) -> None:
        # The shared pool stays open for the next session; any other adapter is closed.
        pool = connection_pool()
        for adapter in self.adapters.values():
            if adapter is not pool:
                adapter.close()

    def request(self, method: str | bytes, url: str | bytes, *args: Any, **kwargs: Any) -> Any:
        if kwargs.get("proxies") is None:
            parts = urlsplit(url.decode() if isinstance(url, bytes) else url)
            kwargs["proxies"] = dict(environment_proxies(f"{parts.scheme}://{parts.netloc}"))
        return super().request(method, url, *args, **kwargs)
