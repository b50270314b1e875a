"""Figures of the chat page: size of its JavaScript and CSS, and the time from page load
to the first bot message in real Chromium against the whole product.

    .venv/bin/python -m scripts.bench_widget            # sizes, and starts everything to time
    .venv/bin/python -m scripts.bench_widget --sizes    # sizes only
    .venv/bin/python -m scripts.bench_widget --url http://127.0.0.1:8080/   # a running gateway
"""

from __future__ import annotations

import argparse
import gzip
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
WIDGET = REPO / "web_widget"
PAGE_FILES = ("chat.js", "chat.css")  # what the page loads (index.html is its template)
EMBED_FILES = ("embed.js",)
LOADS = 5
FIRST_MESSAGE_CLOCK = """
new MutationObserver((changes, observer) => {
  if (document.querySelector('.msg--bot')) {
    window.firstBotMessageAt = performance.now();
    observer.disconnect();
  }
}).observe(document, {childList: true, subtree: true});
"""


def sizes() -> list[tuple[str, int, int]]:
    rows = []
    for name in PAGE_FILES + EMBED_FILES:
        data = (WIDGET / name).read_bytes()
        rows.append((name, len(data), len(gzip.compress(data, 9))))
    return rows


def first_message_times(url: str, loads: int = LOADS) -> list[float]:
    from playwright.sync_api import sync_playwright

    times = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=shutil.which("chromium"), args=["--no-sandbox", "--disable-gpu"])
        try:
            for _ in range(loads):
                context = browser.new_context()  # fresh storage: a new conversation each time
                page = context.new_page()
                page.add_init_script(FIRST_MESSAGE_CLOCK)
                page.goto(url)
                page.wait_for_selector(".msg--bot", timeout=60_000)
                times.append(page.evaluate("window.firstBotMessageAt"))
                context.close()
        finally:
            browser.close()
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", action="store_true", help="only the file sizes")
    parser.add_argument("--url", help="a running chat page (otherwise everything is started)")
    args = parser.parse_args()

    page_raw = page_gzip = 0
    print(f"{'file':<10} {'bytes':>8} {'gzip':>8}")
    for name, raw, packed in sizes():
        print(f"{name:<10} {raw:>8} {packed:>8}")
        if name in PAGE_FILES:
            page_raw, page_gzip = page_raw + raw, page_gzip + packed
    print(f"{'page JS+CSS':<10} {page_raw:>8} {page_gzip:>8}")
    if args.sizes:
        return

    if args.url:
        times = first_message_times(args.url)
    else:
        from scripts.services import Ports, Services, free_port

        var = Path(tempfile.mkdtemp(prefix="bench-widget-"))
        ports = Ports(backend=free_port(), actions=free_port(), rasa=free_port(),
                      gateway=free_port())
        services = Services(var=var, ports=ports)
        try:
            services.start_all()
            url = f"http://127.0.0.1:{ports.gateway}/"
            first_message_times(url, loads=1)  # warm-up: the first answer loads the model
            times = first_message_times(url)
        finally:
            services.stop_all()
            shutil.rmtree(var, ignore_errors=True)
    print(f"page load -> first bot message: median {statistics.median(times):.0f} ms, "
          f"min {min(times):.0f} ms, max {max(times):.0f} ms ({len(times)} loads)")


if __name__ == "__main__":
    sys.exit(main())
