"""Swagger UI at /api/docs renders in Chromium from our own static files, with no CSP violation."""

import pytest
from playwright.sync_api import expect


pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_api_docs_render_under_our_content_security_policy(live_server, browser_page):
    page = browser_page
    violations, outside = [], []
    page.on("console", lambda message: violations.append(message.text)
            if "Content Security Policy" in message.text else None)
    page.on("request", lambda request: outside.append(request.url)
            if not request.url.startswith((live_server.url, "data:")) else None)
    page.goto(f"{live_server.url}/api/docs")
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("nyinorge API")
    expect(page.locator(".opblock-summary-path").first).to_be_visible()
    assert page.locator(".opblock-summary-path").count() == 14  # 8 settlement, 2 grants, 4 public interpreter register
    assert violations == [] and outside == []
