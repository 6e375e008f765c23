"""Take the README's screenshot: serve the demo, sign in as the coordinator, capture a page.

Usage: python scripts/screenshot.py OUTPUT.png [PATH]   (needs `make demo` and Chromium)
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

PORT = 8765


def main() -> None:
    output = Path(sys.argv[1] if len(sys.argv) > 1 else "docs/screenshot.png")
    path = sys.argv[2] if len(sys.argv) > 2 else "/activity/"
    chromium = os.environ.get("LAZOS_CHROMIUM") or shutil.which("chromium")
    if not chromium:
        sys.exit("Chromium is needed: apt-get install chromium")
    lazos = Path(sys.executable).with_name("lazos")
    server = subprocess.Popen([str(lazos), "runserver", f"127.0.0.1:{PORT}", "--noreload"])  # noqa: S603
    try:
        for _ in range(50):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{PORT}/healthz", timeout=1)
                break
            except OSError:
                time.sleep(0.2)
        from playwright.sync_api import sync_playwright

        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=chromium,
                args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
            )
            page = browser.new_page(viewport={"width": 1280, "height": 860})
            page.goto(f"http://127.0.0.1:{PORT}/accounts/login/")
            page.fill("#id_username", "coordinator")
            page.fill("#id_password", "lazos-demo")
            page.click("button[type=submit]")
            page.goto(f"http://127.0.0.1:{PORT}{path}")
            output.parent.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(output))
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=10)
    print(f"Wrote {output}")


if __name__ == "__main__":
    main()
