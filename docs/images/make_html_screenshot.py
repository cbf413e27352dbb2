"""Screenshot a rendered HTML report with the system's Chromium (no browser download).

    python docs/images/make_html_screenshot.py report.html report-html.png [--height 2500]
           [--width 1200] [--pdf report.pdf]

Opens the file offline (every non-file request is aborted and reported), takes a screenshot
of the page at the given width limited to the first ``--height`` pixels (0 = the full page),
and optionally prints it to PDF with the print style sheet (A4). Needs ``playwright`` (Python)
and ``chromium`` (Debian: ``apt-get install chromium fonts-noto-cjk``).
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

from playwright.sync_api import FloatRect, Request, Route, sync_playwright

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def chromium() -> str:
    """The system Chromium's path, or exit with a hint."""
    for candidate in ("/usr/bin/chromium", shutil.which("chromium"), shutil.which("chromium-browser")):
        if candidate and Path(candidate).exists():
            return candidate
    sys.exit("chromium not found (Debian: apt-get install chromium fonts-noto-cjk)")


def screenshot(html: Path, png: Path, *, width: int = 1200, height: int = 2500,
               pdf: Path | None = None) -> list[str]:
    """Write ``png`` (and ``pdf`` if given); return the non-file URLs the page tried to load."""
    blocked: list[str] = []

    def guard(route: Route, request: Request) -> None:
        if request.url.startswith("file://"):
            route.continue_()
        else:
            blocked.append(request.url)
            route.abort()

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium(), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": width, "height": min(height or 900, 900)})
            page.route("**/*", guard)
            page.goto(html.resolve().as_uri(), wait_until="load")
            if height:
                full = page.evaluate("document.documentElement.scrollHeight")
                clip: FloatRect = {"x": 0, "y": 0, "width": width, "height": min(height, full)}
                page.screenshot(path=str(png), clip=clip, full_page=True)
            else:
                page.screenshot(path=str(png), full_page=True)
            if pdf is not None:
                page.emulate_media(media="print")
                page.pdf(path=str(pdf), prefer_css_page_size=True, print_background=True)
        finally:
            browser.close()
    return blocked


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("html", type=Path)
    parser.add_argument("png", type=Path)
    parser.add_argument("--width", type=int, default=1200)
    parser.add_argument("--height", type=int, default=2500, help="pixels from the top; 0 = full page")
    parser.add_argument("--pdf", type=Path, default=None, help="also print to this PDF (A4)")
    args = parser.parse_args(argv)
    blocked = screenshot(args.html, args.png, width=args.width, height=args.height, pdf=args.pdf)
    print(f"wrote {args.png} ({args.png.stat().st_size // 1024} KB)")
    for url in blocked:
        print(f"blocked request: {url}", file=sys.stderr)
    return 1 if blocked else 0


if __name__ == "__main__":
    raise SystemExit(main())
