"""What the browser tests share: Debian's Chromium, its flags, the screenshot folder and the axe check.

The browser itself is one per test session (`chromium` in tests/conftest.py), each test gets a fresh
context (`browser_page`), so cookies and storage never leak from one test into the next.
"""

import json
import os
from pathlib import Path

from axe_playwright_python.sync_playwright import Axe

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
SCREENSHOTS = Path(__file__).resolve().parents[1] / "var" / "screenshots"
# As this machine's closed network needs: no background connections, no sandbox as root.
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
]


def serious_violations(page) -> list[dict]:
    """axe-core's serious and critical violations on the page (every run is appended to axe-report.jsonl)."""
    results = Axe().run(page)
    violations = results.response["violations"]
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    report = SCREENSHOTS / "axe-report.jsonl"
    with report.open("a", encoding="utf-8") as handle:
        handle.write(json.dumps({"url": page.url, "violations": [
            {"id": v["id"], "impact": v["impact"], "nodes": len(v["nodes"])} for v in violations]}) + "\n")
    return [
        {"id": v["id"], "impact": v["impact"], "help": v["help"], "targets": [n["target"] for n in v["nodes"]][:5]}
        for v in violations
        if v["impact"] in ("serious", "critical")
    ]


PASSWORD = "browser-test-password-2020"


def log_in(page, base: str, username: str, password: str = PASSWORD) -> None:
    """Log in through the bokmål login page, as a person would."""
    page.goto(f"{base}/login/")
    page.get_by_label("Brukernavn").fill(username)
    page.get_by_label("Passord").fill(password)
    page.get_by_role("button", name="Logg inn").click()
