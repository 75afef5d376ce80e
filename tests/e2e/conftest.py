"""Browser tests: Playwright for Python driving the system Chromium (/usr/bin/chromium)
against pytest-django's live server. `playwright install` is never needed.

Without Chromium the tests are skipped locally, but with CI=true a missing browser is a
failure, so CI can never pass by skipping them."""

import os
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in this thread; Django's ORM refuses to run
# inside one unless told that this test process knows what it is doing.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
E2E_PASSWORD = "secret-pass-123"  # the password tests/factories.UserFactory sets


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not CHROMIUM.exists():
        message = f"Chromium not found at {CHROMIUM} (apt-get install chromium)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return {
        **browser_type_launch_args,
        "executable_path": str(CHROMIUM),
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "id-ID", "timezone_id": "Asia/Jakarta"}


@pytest.fixture(autouse=True)
def _e2e_settings(settings):
    # Static files are served by whitenoise from the finders in the live server.
    settings.WHITENOISE_USE_FINDERS = True
    settings.WHITENOISE_AUTOREFRESH = True


@pytest.fixture
def page(page, request):
    """Every browser test fails on a console error, an uncaught script error or a
    Content-Security-Policy violation on any page it visits. A test that visits an
    error page on purpose marks itself `allow_console_errors` ("Failed to load
    resource" for the page's own 403/404 is then expected)."""
    problems: list[str] = []
    page.on(
        "console",
        lambda message: (
            problems.append(f"console: {message.text} ({page.url})")
            if message.type == "error"
            else None
        ),
    )
    page.on("pageerror", lambda error: problems.append(f"script: {error} ({page.url})"))
    # CSP violations are console errors in Chromium too; the event names the rule.
    page.add_init_script(
        "document.addEventListener('securitypolicyviolation', e => console.error("
        "'CSP violation: ' + e.violatedDirective + ' ' + (e.blockedURI || 'inline')));"
    )
    yield page
    if request.node.get_closest_marker("allow_console_errors") is None:
        assert not problems, "\n".join(problems)


def login(page, live_server, username: str, password: str = E2E_PASSWORD) -> None:
    """Sign in through the real login form, as a person would."""
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")


def logout(page, live_server) -> None:
    page.context.clear_cookies()
