"""What a reader's browser fetches and waits for: the home page, then a search.

Used by bench_site.py; headless Chromium (Debian's, through Playwright) against a loopback
server over a built site, a fresh browser cache for every measurement.
"""

from __future__ import annotations

import functools
import http.server
import threading
import time
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
#: Two words that every generated corpus holds many times.
QUERY = "consent purpose"
#: The first result, as each search shows it.
FIRST_RESULT = {"pagefind": ".kb-search__result", "material": ".md-search-result__item"}


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


def measure_search(site: Path, engine: str, query: str = QUERY) -> dict[str, float]:
    """Bytes of the home page, bytes a search adds, and seconds from the first key press to
    the first result shown, for ``engine`` ``pagefind`` or ``material``."""
    from playwright.sync_api import sync_playwright

    handler = functools.partial(_Quiet, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/"
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
            result = _measure(browser, url, engine, query)
            browser.close()
    finally:
        server.shutdown()
    return result


def _measure(browser: object, url: str, engine: str, query: str) -> dict[str, float]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})  # type: ignore[attr-defined]
    page = context.new_page()
    fetched: list[int] = []
    page.on("requestfinished", lambda r: fetched.append(_size(r)))
    page.goto(url, wait_until="load")
    page.wait_for_load_state("networkidle", timeout=300_000)
    home = sum(fetched)
    fetched.clear()
    start = time.perf_counter()
    page.keyboard.press("/")  # both searches take the shortcut
    page.keyboard.type(query)
    page.locator(FIRST_RESULT[engine]).first.wait_for(timeout=300_000)
    first = time.perf_counter() - start
    page.wait_for_load_state("networkidle")
    time.sleep(0.5)  # the last excerpts of the first page of results
    searched = sum(fetched)
    context.close()
    return {"home_bytes": home, "search_bytes": searched, "first_result_s": first}


def _size(request: object) -> int:
    sizes = request.sizes()  # type: ignore[attr-defined]
    return int(sizes["responseBodySize"]) + int(sizes["responseHeadersSize"])
