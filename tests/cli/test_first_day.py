"""The operator's first day (issue 22, 1): from an empty data directory to a
convener who creates a process, with the documented commands and HTTP only —
no ``backchannel shell`` anywhere.

Two paths, each in a fresh data directory and its own server process:
the command line (``organisation create`` + ``createuser``), and the first-run
page opened by ``backchannel setup-token``. The convener then logs in over
HTTP, sets up the second factor the deployment requires, and creates a process.
"""

from __future__ import annotations

import http.cookiejar
import os
import re
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import pytest
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

from tests.cli.test_serve import free_port

pytestmark = pytest.mark.no_db_difference

PASSWORD = "first-day-convener-2026"


def _command() -> list[str]:
    script = shutil.which("backchannel", path=str(Path(sys.executable).parent))
    return [script] if script else [sys.executable, "-m", "backchannel"]


def _env(data_dir: Path) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DATABASE_URL", "TEST_DB_NAME"}
        and not k.startswith(("BACKCHANNEL_", "DJANGO_SETTINGS"))
    }
    env.update(BACKCHANNEL_DATA_DIR=str(data_dir), DEBUG="false", PYTHONUNBUFFERED="1")
    return env


def run(data_dir: Path, *args: str, stdin: str = "") -> str:
    result = subprocess.run(
        [*_command(), *args],
        env=_env(data_dir),
        input=stdin,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert result.returncode == 0, (args, result.stdout, result.stderr)
    return result.stdout


class _Forms(HTMLParser):
    """Every form's action and the default values of its fields."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[dict[str, object]] = []
        self._select: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self.forms.append({"action": a.get("action", ""), "fields": {}})
        elif not self.forms:
            return
        fields: dict[str, str] = self.forms[-1]["fields"]  # type: ignore[assignment]
        if tag == "input" and a.get("name") and a.get("type") != "submit":
            if a.get("type") in ("checkbox", "radio") and "checked" not in a:
                return
            fields[a["name"]] = a.get("value", "")
        elif tag == "textarea" and a.get("name"):
            fields[a["name"]] = ""
        elif tag == "select":
            self._select = a.get("name")
        elif tag == "option" and self._select:
            if self._select not in fields or "selected" in a:
                fields[self._select] = a.get("value", "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "select":
            self._select = None


class Browser:
    """A cookie-keeping HTTP client that fills forms as a browser would."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        )
        self.url = base

    def get(self, path: str) -> tuple[int, str]:
        return self._open(urllib.request.Request(self._abs(path)))  # noqa: S310 - local

    def submit(self, path: str, **values: str) -> tuple[int, str]:
        """GET ``path``, take its form, fill ``values``, POST."""
        status, html = self.get(path)
        assert status == 200, (path, status, html[:2000])
        return self.fill(html, **values)

    def fill(self, html: str, **values: str) -> tuple[int, str]:
        """Fill the form of the page just read (``html``) and POST it."""
        page = self.url
        parser = _Forms()
        parser.feed(html)
        # The form that has every field given (the page also holds the
        # language and logout forms).
        form = next(
            f
            for f in reversed(parser.forms)
            if set(values) <= set(f["fields"])  # type: ignore[arg-type]
        )
        fields = {**form["fields"], **values}  # type: ignore[dict-item]
        action = urllib.parse.urljoin(page, str(form["action"]) or page)
        body = urllib.parse.urlencode(fields).encode()
        request = urllib.request.Request(action, data=body, method="POST")  # noqa: S310
        request.add_header("Referer", page)
        return self._open(request)

    def _abs(self, path: str) -> str:
        return urllib.parse.urljoin(self.base, path)

    def _open(self, request: urllib.request.Request) -> tuple[int, str]:
        try:
            with self.opener.open(request, timeout=60) as response:
                self.url = response.geturl()
                return response.status, response.read().decode()
        except urllib.error.HTTPError as exc:
            self.url = exc.geturl()
            return exc.code, exc.read().decode()


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[Path, str]]:
    """An empty data directory, migrated with the documented command, served."""
    data_dir = tmp_path / "var"
    assert not data_dir.exists()
    run(data_dir, "migrate", "--no-input")
    port = free_port()
    log = (tmp_path / "serve.log").open("w")
    process = subprocess.Popen(
        [*_command(), "serve", "--port", str(port)],
        env=_env(data_dir),
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{base}/healthz", timeout=5):  # noqa: S310
                    break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    pytest.fail((tmp_path / "serve.log").read_text())
                time.sleep(0.3)
        yield data_dir, base
    finally:
        process.terminate()
        process.wait(timeout=20)
        log.close()


def log_in_set_up_totp_and_create_a_process(base: str, username: str) -> None:
    browser = Browser(base)
    status, html = browser.submit("/login/", login=username, password=PASSWORD)
    if "/reauthenticate/" in browser.url:  # allauth asks for the password again
        status, html = browser.fill(html, password=PASSWORD)
    # Conveners need a second factor: the deployment sends them to set one up.
    assert status == 200 and "/2fa/totp/activate" in browser.url, (status, html[:500])
    secret = re.search(r'value="([A-Z2-7]{16,})"', html)
    assert secret, html
    code = format_hotp_value(hotp_value(secret.group(1), int(time.time()) // 30))
    status, html = browser.fill(html, code=code)  # same page: a GET makes a new secret
    assert status == 200 and "/2fa/totp/activate" not in browser.url, html[:2000]
    status, html = browser.submit(
        "/processes/new/",
        title="Kessa Basin Dialogue",
        track="1.5",
        sides="Varnia\nOstrel",
    )
    assert status == 200, re.findall(r"form-errors.*?</ul>", html, re.S)
    assert re.search(r"/processes/[0-9a-f-]{36}/$", browser.url), browser.url
    assert "Kessa Basin Dialogue" in html
    status, html = browser.get("/processes/")
    assert "Kessa Basin Dialogue" in html


def test_from_nothing_to_a_convener_with_the_documented_commands(
    server: tuple[Path, str],
) -> None:
    data_dir, base = server
    out = run(
        data_dir,
        "organisation",
        "create",
        "idm",
        "--name",
        "Institute for Dialogue and Mediation",
    )
    assert "Created organisation idm" in out
    out = run(
        data_dir,
        "createuser",
        "amal",
        "--organisation",
        "idm",
        "--role",
        "convener",
        "--password-stdin",
        stdin=PASSWORD + "\n",
    )
    assert out.strip() == "Created user amal, convener of idm."
    assert "idm\t1 convener\tInstitute for Dialogue" in run(
        data_dir, "organisation", "list"
    )
    log_in_set_up_totp_and_create_a_process(base, "amal")


def test_from_nothing_to_a_convener_on_the_first_run_page(
    server: tuple[Path, str],
) -> None:
    data_dir, base = server
    browser = Browser(base)
    # Never open to the world: no token, no page.
    assert browser.get("/setup/")[0] == 404
    assert browser.get("/setup/guessed-token/")[0] == 404
    link = run(data_dir, "setup-token").splitlines()[0]
    assert link.startswith("/setup/") and link.endswith("/")
    status, html = browser.submit(
        link,
        organisation_name="Institute for Dialogue and Mediation",
        organisation_slug="idm",
        username="amal",
        password1=PASSWORD,
        password2=PASSWORD,
    )
    assert status == 200 and browser.url.endswith("/login/"), html[:2000]
    # Used once: the page is gone, and no new token can open it.
    assert browser.get(link)[0] == 404
    refused = subprocess.run(
        [*_command(), "setup-token"],
        env=_env(data_dir),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert refused.returncode != 0
    assert "already has users" in refused.stderr and "createuser" in refused.stderr
    assert "idm\t1 convener\t" in run(data_dir, "organisation", "list")
    log_in_set_up_totp_and_create_a_process(base, "amal")
