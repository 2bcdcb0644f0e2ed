"""The HTTP session of the portal's calls to VNeID, reading the process's environment once.

With `trust_env` on (requests' default), every call reads the environment again: each variable
is scanned for proxies and no_proxy, ~/.netrc is looked up, the CA-bundle variables are read.
That was about a tenth of the OIDC callback's CPU (two calls per login: token and userinfo;
bench/filing_profile.py --profile callback, issue 11). The environment of a running process
does not change, so the proxies are read once per origin and the CA bundle once per process;
what the calls honour stays the same (HTTP(S)_PROXY, NO_PROXY, REQUESTS_CA_BUNDLE,
CURL_CA_BUNDLE). ~/.netrc is not read: the portal authenticates to VNeID with its client
secret, never with a password from a file.
"""

from __future__ import annotations

import functools
import os
from typing import Any
from urllib.parse import urlsplit

import requests
from requests.utils import get_environ_proxies


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

    def request(self, method: str | bytes, url: str | bytes, *args: Any, **kwargs: Any) -> Any:
        if kwargs.get("proxies") is None:
            parts = urlsplit(url.decode() if isinstance(url, bytes) else url)
            kwargs["proxies"] = dict(environment_proxies(f"{parts.scheme}://{parts.netloc}"))
        return super().request(method, url, *args, **kwargs)
