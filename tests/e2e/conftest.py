"""Browser tests: Playwright driving Debian's chromium against a live server, with axe-core."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator

import pytest

# Playwright's sync API runs an event loop in this thread; Django's ORM calls from the
# test body are still synchronous and safe here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PHONE = {"width": 360, "height": 780}
DESKTOP = {"width": 1280, "height": 900}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser() -> Iterator:
    if not os.path.exists(CHROMIUM):
        pytest.fail(
            f"Browser tests need Debian's chromium at {CHROMIUM} (apt-get install chromium)"
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def new_page(browser):
    """new_page(viewport=PHONE, lang="vi") -> a page in a fresh context (own cookies)."""
    contexts = []

    def make(viewport: dict | None = None, lang: str = "vi"):
        context = browser.new_context(
            viewport=viewport or DESKTOP, locale="vi-VN" if lang == "vi" else "en-US"
        )
        context.set_default_timeout(15_000)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


@pytest.fixture(scope="session")
def axe():
    from axe_playwright_python.sync_playwright import Axe

    return Axe()


@pytest.fixture
def assert_accessible(axe):
    """Run axe-core on the page; fail listing every violation (WCAG 2.1 A/AA and best practices)."""

    def check(page, context: str = "") -> None:
        results = axe.run(page)
        violations = results.response.get("violations", [])
        if violations:
            lines = [
                f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:5]}"
                for v in violations
            ]
            pytest.fail(
                f"axe found {len(violations)} violation(s) on {page.url} {context}:\n"
                + "\n".join(lines)
            )

    return check


def switch_language(page, to: str) -> None:
    """Use the header's language switch, as a person would."""
    label = "English" if to == "en" else "Tiếng Việt"
    page.get_by_role("button", name=label).click()
    page.wait_for_load_state()
