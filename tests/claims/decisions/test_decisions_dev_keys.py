"""`manage.py dev_keys` creates the development CA once, and never in production unless forced."""

from __future__ import annotations

import io

from django.core.management import call_command

from claims.decisions import signing


def run(**options) -> str:
    out = io.StringIO()
    call_command("dev_keys", stdout=out, **options)
    return out.getvalue()


def test_the_development_ca_is_created_once_and_only_forced_in_production(settings, tmp_path):
    settings.MOCK_VNEID_ENABLED = False
    settings.DECISION_KEYS_DIR = tmp_path
    settings.DECISION_SIGNING_PKCS12 = settings.DECISION_SIGNING_KEY = ""
    settings.PRODUCTION = False
    assert "Development CA and decision signing certificate created" in run()
    assert "Development CA and decision signing certificate kept" in run()
    assert all((tmp_path / name).exists() for name in signing.DEV_FILES.values())

    settings.PRODUCTION = True
    assert "Production without DECISION_SIGNING_PKCS12" in run()
    assert "Development CA (forced) kept" in run(development_ca=True)
    settings.DECISION_SIGNING_KEY = str(tmp_path / signing.DEV_FILES["key"])
    assert "Decision signing key configured" in run()
