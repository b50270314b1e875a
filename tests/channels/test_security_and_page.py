"""Security headers, static files and the chat page."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import pytest

WIDGET_DIR = Path(__file__).resolve().parents[2] / "web_widget"


def csp_directives(response) -> dict[str, str]:
    policy = response.headers["Content-Security-Policy"]
    return {
        part.split()[0]: " ".join(part.split()[1:])
        for part in (p.strip() for p in policy.split(";"))
        if part
    }


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "/"),
        ("get", "/healthz"),
        ("get", "/widget/chat.js"),
        ("get", "/widget/chat.css"),
        ("get", "/no/such/page"),
        ("post", "/api/chat/conversations"),
        ("get", "/api/chat/conversations/forged"),
    ],
)
def test_every_response_has_the_security_headers(client, method, path):
    response = getattr(client, method)(path, json={} if method == "post" else None)

    directives = csp_directives(response)
    assert directives["default-src"] == "'self'"
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["object-src"] == "'none'"
    assert directives["base-uri"] == "'none'"
    assert directives["frame-ancestors"] == "'self'"
    assert "unsafe-inline" not in response.headers["Content-Security-Policy"]
    assert "unsafe-eval" not in response.headers["Content-Security-Policy"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "no-referrer"


def test_api_answers_are_never_cached_but_the_page_is_revalidated(client):
    assert client.post("/api/chat/conversations", json={}).headers["Cache-Control"] == "no-store"
    assert client.get("/api/chat/conversations/x").headers["Cache-Control"] == "no-store"
    assert "no-store" not in client.get("/").headers["Cache-Control"]


def test_frame_ancestors_can_be_configured(make_app, fake_rasa):
    client = make_app(
        fake_rasa.url, GATEWAY_FRAME_ANCESTORS="'self' https://www.example.nhs.uk"
    ).test_client()
    response = client.get("/")

    assert csp_directives(response)["frame-ancestors"] == "'self' https://www.example.nhs.uk"
    assert "X-Frame-Options" not in response.headers


def test_static_files_are_served_with_their_type(client):
    script = client.get("/widget/chat.js")
    style = client.get("/widget/chat.css")

    assert script.status_code == 200 and script.mimetype == "text/javascript"
    assert style.status_code == 200 and style.mimetype == "text/css"
    assert script.get_data() == (WIDGET_DIR / "chat.js").read_bytes()


@pytest.mark.parametrize(
    "path",
    [
        "/widget/../channels/__init__.py",
        "/widget/..%2fchannels%2f__init__.py",
        "/widget/%2e%2e/%2e%2e/etc/passwd",
        "/widget/..%2F..%2Fpyproject.toml",
        "/widget//etc/passwd",
        "/widget/%2fetc%2fpasswd",
        "/widget/....//....//etc/passwd",
        "/widget/..\\..\\pyproject.toml",
        "/widget/chat.js%00.css",
        "/widget/",
        "/widget",
        "/widget/.",
        "/widget/index.html",  # the page template is only served, rendered, at /
        "/widget/.hidden.js",
    ],
)
def test_static_paths_outside_the_widget_or_not_assets_are_refused(client, path):
    # "//" is first merged by a redirect within /widget/; what it leads to is refused too.
    response = client.get(path, follow_redirects=True)

    assert response.status_code == 404
    assert response.is_json
    assert b"root:" not in response.get_data()
    assert b"[project]" not in response.get_data()


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []
        self.inline_scripts: list[str] = []
        self.style_elements = 0
        self.event_handlers: list[str] = []
        self.style_attributes = 0
        self.ids: set[str] = set()
        self._script_type: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.add(attrs["id"])
        for name in ("src", "href", "action", "data-api", "poster"):
            if attrs.get(name):
                self.urls.append(attrs[name])
        self.event_handlers += [name for name in attrs if name.startswith("on")]
        self.style_attributes += "style" in attrs
        if tag == "style":
            self.style_elements += 1
        if tag == "script":
            self._script_type = "src" if "src" in attrs else attrs.get("type", "text/javascript")

    def handle_endtag(self, tag):
        if tag == "script":
            self._script_type = None

    def handle_data(self, data):
        if self._script_type not in (None, "src", "application/json") and data.strip():
            self.inline_scripts.append(data)


def test_the_page_uses_only_same_origin_assets_and_no_inline_code(client):
    response = client.get("/")
    assert response.status_code == 200
    assert response.mimetype == "text/html"
    page = _Page()
    page.feed(response.get_data(as_text=True))

    assert page.urls, "the page should load its script and style"
    for url in page.urls:
        assert url.startswith("/") and not url.startswith("//"), url
        assert ":" not in url, url
    assert page.inline_scripts == []
    assert page.style_elements == 0
    assert page.style_attributes == 0
    assert page.event_handlers == []
    for url in page.urls:
        if url.startswith("/widget/"):
            assert client.get(url).status_code == 200, url


def test_the_page_has_the_parts_the_script_needs(client):
    page = _Page()
    page.feed(client.get("/").get_data(as_text=True))

    for element_id in (
        "chat", "chat-texts", "transcript", "progress", "status", "problem",
        "problem-text", "retry", "composer", "message", "send", "start-again",
    ):  # fmt: skip
        assert element_id in page.ids, element_id
        assert f'getElementById("{element_id}")' in (WIDGET_DIR / "chat.js").read_text()


def test_the_transcript_is_a_polite_live_log(client):
    html = client.get("/").get_data(as_text=True)
    assert 'role="log"' in html and 'aria-live="polite"' in html


def test_the_page_texts_come_from_the_locale_file(client):
    html = client.get("/").get_data(as_text=True)
    assert ">Send</button>" in html
    assert "Question {step} of {of}" in html  # the script fills in the numbers
    assert "Start again" in html


def test_the_script_never_writes_html_from_strings():
    script = (WIDGET_DIR / "chat.js").read_text()
    for forbidden in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval("):
        assert forbidden not in script
    assert "http://" not in script and "https://" not in script


def test_the_stylesheet_loads_nothing_from_elsewhere():
    css = (WIDGET_DIR / "chat.css").read_text()
    assert "@import" not in css and "url(" not in css
