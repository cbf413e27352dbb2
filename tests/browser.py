"""Pytest fixtures for tests that open rendered files in a real headless Chromium.

Registered from ``tests/conftest.py``. The system's Chromium is used (Debian's ``chromium``
package, driven by the ``playwright`` Python package — no browser download):

* ``chromium_path``: ``/usr/bin/chromium`` or ``chromium`` on ``PATH``; failing that, when
  running as root with ``apt-get``, ``chromium`` and ``fonts-noto-cjk`` are installed once per
  session (``apt-get update`` and a retry if the first install fails); otherwise the test is
  skipped with the reason.
* ``chromium``: a launched browser (session-wide), skipped with the reason if playwright is
  missing or cannot start it.
* ``cjk_font_families``: the font families fontconfig says cover Chinese; installs
  ``fonts-noto-cjk`` the same way if there are none, else skips.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
APT_PACKAGES = ("chromium", "fonts-noto-cjk")
INSTALL_TIMEOUT = 900  # seconds for one apt-get run
_install_log: list[str] = []  # what apt-get said this session (one attempt per session)


def find_chromium() -> str | None:
    """The system Chromium's executable, if there is one."""
    for candidate in ("/usr/bin/chromium", shutil.which("chromium"), shutil.which("chromium-browser")):
        if candidate and os.access(candidate, os.X_OK):
            return candidate
    return None


def can_apt_install() -> bool:
    """Whether this process may install Debian packages itself (root with apt-get)."""
    return hasattr(os, "geteuid") and os.geteuid() == 0 and shutil.which("apt-get") is not None


def _apt(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    # Wait for a concurrent apt/dpkg run instead of failing on its lock.
    command = ["apt-get", "-o", "DPkg::Lock::Timeout=600", *args]
    return subprocess.run(command, env=env, capture_output=True, text=True,
                          timeout=INSTALL_TIMEOUT, check=False)


def apt_install(packages: tuple[str, ...] = APT_PACKAGES) -> str:
    """Install ``packages`` (``apt-get update`` and one retry if needed), at most once per
    session; returns "" on success or the tail of apt-get's complaint."""
    if _install_log:
        return _install_log[-1]
    try:
        result = _apt("install", "-y", *packages)
        if result.returncode != 0:
            _apt("update")
            result = _apt("install", "-y", *packages)
        message = "" if result.returncode == 0 else (result.stderr or result.stdout)[-500:]
    except (OSError, subprocess.TimeoutExpired) as exc:
        message = f"{type(exc).__name__}: {exc}"
    _install_log.append(message)
    return message


@pytest.fixture(scope="session")
def chromium_path() -> str:
    """Path of the system Chromium, installed with apt-get if possible, else the test skips."""
    path = find_chromium()
    if path:
        return path
    if not can_apt_install():
        pytest.skip("browser test skipped: no chromium executable (/usr/bin/chromium or on PATH) "
                    "and not root with apt-get to install it — apt-get install chromium "
                    "fonts-noto-cjk")
    error = apt_install()
    path = find_chromium()
    if not path:
        pytest.skip(f"browser test skipped: apt-get could not install chromium: {error.strip()}")
    return path


@pytest.fixture(scope="session")
def chromium(chromium_path: str) -> Iterator[Any]:
    """A headless Chromium launched through playwright (a ``playwright.sync_api.Browser``)."""
    sync_api = pytest.importorskip("playwright.sync_api",
                                   reason="browser test skipped: playwright is not installed")
    manager = sync_api.sync_playwright().start()
    try:
        browser = manager.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS)
    except Exception as exc:
        manager.stop()
        pytest.skip(f"browser test skipped: playwright cannot launch {chromium_path}: {exc}")
    try:
        yield browser
    finally:
        browser.close()
        manager.stop()


def chinese_font_families() -> set[str]:
    """Every family name fontconfig lists as covering Chinese (empty without fc-list)."""
    if not shutil.which("fc-list"):
        return set()
    out = subprocess.run(["fc-list", ":lang=zh", "family"], capture_output=True, text=True,
                         timeout=60, check=False).stdout
    return {name.strip() for line in out.splitlines() for name in line.split(",") if name.strip()}


@pytest.fixture(scope="session")
def cjk_font_families(chromium_path: str) -> set[str]:
    """Installed font families covering Chinese; installs fonts-noto-cjk if none (as root)."""
    families = chinese_font_families()
    if not families and shutil.which("fc-list") and can_apt_install():
        apt_install(("fonts-noto-cjk",))
        families = chinese_font_families()
    if not families and shutil.which("fc-list"):
        pytest.skip("browser font test skipped: no font covering Chinese is installed "
                    "(apt-get install fonts-noto-cjk)")
    return families


def file_url(path: Path) -> str:
    """``file://`` URL of a local file."""
    return path.resolve().as_uri()


# --- checks on an opened page -------------------------------------------------------------------

CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef]")
CJK_FAMILY = re.compile(r"CJK|Han|Hei|Song|Kai|Fang|Ming|WenQuanYi|YaHei|PingFang|SimSun", re.I)
TOFU_SELECTORS = "h1, h2, h3, h4, p, li, dt, dd, td, th, caption, figcaption, svg text"


def font_report(page: Any, selectors: str) -> list[tuple[str, dict[str, int]]]:
    """For each element matching ``selectors`` that contains CJK text: its text and the
    platform fonts Chromium used to draw it (family → glyph count), via the DevTools protocol."""
    texts: list[str] = page.eval_on_selector_all(selectors, "els => els.map(e => e.textContent)")
    cdp = page.context.new_cdp_session(page)
    try:
        cdp.send("DOM.enable")
        cdp.send("CSS.enable")
        root = cdp.send("DOM.getDocument", {"depth": -1})["root"]["nodeId"]
        node_ids = cdp.send("DOM.querySelectorAll", {"nodeId": root, "selector": selectors})["nodeIds"]
        assert len(node_ids) == len(texts)
        out = []
        for node_id, text in zip(node_ids, texts, strict=True):
            if not CJK.search(text):
                continue
            fonts = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node_id})["fonts"]
            out.append((text, {f["familyName"]: f["glyphCount"] for f in fonts}))
        return out
    finally:
        cdp.detach()


def non_cjk_fonts(report: list[tuple[str, dict[str, int]]], cjk_families: set[str]) -> list[str]:
    """Elements drawn (partly) with a font that is not a Chinese font: tofu, or mixed glyphs."""
    bad = []
    for text, fonts in report:
        if not fonts:
            bad.append(f"{text[:30]!r}: no font reported")
        for family in fonts:
            if not (CJK_FAMILY.search(family) or family in cjk_families):
                bad.append(f"{text[:30]!r}: {family}")
    return bad


def open_offline(chromium: Any, path: Path, width: int = 1200) -> tuple[Any, list[str], list[str]]:
    """A new page showing the file ``path`` with every non-file request aborted.

    Returns the page, the list the page's non-file requests go into and the list its console
    errors and page errors go into (both filled as the page runs); the caller closes the page.
    """
    page = chromium.new_page(viewport={"width": width, "height": 900})
    blocked: list[str] = []
    errors: list[str] = []

    def guard(route: Any, request: Any) -> None:
        if request.url.startswith("file://"):
            route.continue_()
        else:
            blocked.append(request.url)
            route.abort()

    page.route("**/*", guard)
    page.on("request", lambda r: None if r.url.startswith("file://") else blocked.append(r.url))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(file_url(path), wait_until="load")
    page.evaluate("document.fonts.ready.then(() => true)")
    return page, blocked, errors
