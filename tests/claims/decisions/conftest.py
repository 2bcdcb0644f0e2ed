"""Every decision test signs with the session's development CA (and trusts only it)."""

from tests.claims.decisions.helpers import _decision_keys, dev_ca_dir  # noqa: F401 - fixtures
