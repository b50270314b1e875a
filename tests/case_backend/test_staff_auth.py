"""Staff sign-in: no default accounts, CSRF, lockout, rate limit, cookies, sessions, headers."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import func, select, update

from case_backend import create_app
from case_backend.config import ConfigError
from case_backend.models import StaffSession, StaffUser
from tests.case_backend.conftest import STAFF_PASSWORD, Staff, csrf_token, engine_of

REPO = Path(__file__).resolve().parents[2]


def test_a_new_database_has_no_accounts_and_no_default_password(staff: Staff) -> None:
    with engine_of(staff.app).connect() as conn:
        assert conn.execute(select(func.count()).select_from(StaffUser)).scalar_one() == 0
    client = staff.client()
    for email, password in [("admin", "admin"), ("admin@example.org", "password")]:
        assert staff.login(client, email, password).status_code in (400, 401)
    assert client.get("/").status_code == 302


def test_pages_need_sign_in(staff: Staff) -> None:
    doc = staff.notify()
    client = staff.client()
    for url in ["/", f"/cases/{doc['reference']}", "/export.csv", "/audit", "/password"]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response.headers["Location"].startswith("/login"), url


def test_sign_in_and_out(staff: Staff) -> None:
    staff.user("lac@example.org", name="Lee Contact")
    client = staff.client("lac@example.org")
    page = client.get("/")
    assert page.status_code == 200
    assert "Lee Contact" in page.get_data(as_text=True)
    token = csrf_token(page.get_data(as_text=True))
    assert client.post("/logout", data={"csrf_token": token}).status_code == 302
    assert client.get("/").status_code == 302


def test_wrong_password_and_unknown_email_get_the_same_answer(staff: Staff) -> None:
    staff.user("lac@example.org")
    client = staff.client()
    wrong = staff.login(client, "lac@example.org", "not the password at all")
    unknown = staff.login(client, "nobody@example.org", "not the password at all")
    assert wrong.status_code == unknown.status_code == 401
    def without_token(html: str) -> str:
        return html.replace(csrf_token(html), "")

    assert without_token(wrong.get_data(as_text=True)) == without_token(
        unknown.get_data(as_text=True)).replace("nobody@example.org", "lac@example.org")


def test_csrf_missing_or_wrong_is_rejected(staff: Staff) -> None:
    staff.user("lac@example.org")
    client = staff.client()
    client.get("/login")
    for token in (None, "wrong-token"):
        data = {"email": "lac@example.org", "password": STAFF_PASSWORD}
        if token:
            data["csrf_token"] = token
        response = client.post("/login", data=data)
        assert response.status_code == 400
        assert client.get("/").status_code == 302  # still signed out

    doc = staff.notify()
    signed_in = staff.client("lac@example.org")
    url = f"/cases/{doc['reference']}/status"
    assert signed_in.post(url, data={"status": "triaged"}).status_code == 400
    assert signed_in.post(url, data={"status": "triaged", "csrf_token": "x"}).status_code == 400
    # A token from another session does not work either.
    other = staff.client("lac@example.org")
    foreign = csrf_token(other.get("/").get_data(as_text=True))
    assert signed_in.post(url, data={"status": "triaged", "csrf_token": foreign}
                          ).status_code == 400
    page = signed_in.get(f"/cases/{doc['reference']}").get_data(as_text=True)
    assert "Status</dt><dd>New" in page
    # The same post with the page's own token works.
    ok = staff.post_form(signed_in, f"/cases/{doc['reference']}", url, {"status": "triaged"})
    assert ok.status_code == 302


def test_lockout_after_repeated_failures(staff: Staff) -> None:
    staff.user("lac@example.org")
    client = staff.client()
    mark = staff.audit_mark()
    for _ in range(5):
        assert staff.login(client, "lac@example.org", "wrong password 123").status_code == 401
    # Locked: even the right password is refused, with a message that says so.
    refused = staff.login(client, "lac@example.org", STAFF_PASSWORD)
    assert refused.status_code == 401
    assert "locked" in refused.get_data(as_text=True)
    actions = [entry.action for entry in staff.audit_since(mark)]
    assert actions.count("login_failed") == 6
    assert "account_locked" in actions and "login_refused_locked" in actions
    # When the lock has run out, the right password works again.
    with engine_of(staff.app).begin() as conn:
        conn.execute(update(StaffUser).values(
            locked_until=dt.datetime.now(dt.timezone.utc) - dt.timedelta(seconds=1)))
    assert staff.login(client, "lac@example.org", STAFF_PASSWORD).status_code == 302


def test_sign_in_is_rate_limited_per_address(make_app: Callable[..., Flask]) -> None:
    app = make_app(LOGIN_RATE_LIMIT=3)
    staff = Staff(app)
    staff.user("lac@example.org")
    client = staff.client()
    for _ in range(3):
        assert staff.login(client, "someone@example.org", "wrong password 123"
                           ).status_code == 401
    limited = staff.login(client, "lac@example.org", STAFF_PASSWORD)
    assert limited.status_code == 429
    assert client.get("/").status_code == 302


def test_session_cookie_flags(staff: Staff) -> None:
    staff.user("lac@example.org")
    client = staff.client()
    response = staff.login(client, "lac@example.org", STAFF_PASSWORD)
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie
    assert "Secure" not in cookie  # plain http on loopback (development)

    secure_client = staff.app.test_client()
    # Over HTTPS the form post must come from our own pages (Referer checked too).
    https = {"base_url": "https://staff.example.org"}
    no_referer = staff.login(secure_client, "lac@example.org", STAFF_PASSWORD, **https)
    assert no_referer.status_code == 400
    response = staff.login(secure_client, "lac@example.org", STAFF_PASSWORD, **https,
                           headers={"Referer": "https://staff.example.org/login"})
    cookie = response.headers["Set-Cookie"]
    assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_session_is_new_at_sign_in_and_ended_at_sign_out(staff: Staff) -> None:
    staff.user("lac@example.org")
    first = staff.client("lac@example.org")
    second = staff.client("lac@example.org")
    with engine_of(staff.app).connect() as conn:
        tokens = conn.execute(select(StaffSession.token_hash)).scalars().all()
    assert len(set(tokens)) == 2
    # A copy of the session cookie stops working once its owner signs out.
    stolen = first.get_cookie("case_backend_session")
    assert stolen is not None
    thief = staff.app.test_client()
    thief.set_cookie("case_backend_session", stolen.value)
    assert thief.get("/").status_code == 200
    token = csrf_token(first.get("/").get_data(as_text=True))
    first.post("/logout", data={"csrf_token": token})
    assert thief.get("/").status_code == 302
    assert second.get("/").status_code == 200


def test_password_change_ends_every_session(staff: Staff) -> None:
    staff.user("lac@example.org")
    here, elsewhere = staff.client("lac@example.org"), staff.client("lac@example.org")
    new_password = "a much better passphrase 2026"
    response = staff.post_form(here, "/password", "/password", {
        "current": STAFF_PASSWORD, "new": new_password, "confirm": new_password})
    assert response.status_code == 302
    assert here.get("/").status_code == 302
    assert elsewhere.get("/").status_code == 302
    assert staff.login(staff.client(), "lac@example.org", STAFF_PASSWORD).status_code == 401
    assert staff.login(staff.client(), "lac@example.org", new_password).status_code == 302


def test_password_change_needs_the_current_password(staff: Staff) -> None:
    staff.user("lac@example.org")
    client = staff.client("lac@example.org")
    response = staff.post_form(client, "/password", "/password", {
        "current": "not my password 1", "new": "another passphrase 1", "confirm":
        "another passphrase 1"})
    assert response.status_code == 400
    assert client.get("/").status_code == 200


def test_idle_session_times_out(staff: Staff) -> None:
    staff.user("lac@example.org")
    client = staff.client("lac@example.org")
    assert client.get("/").status_code == 200
    with engine_of(staff.app).begin() as conn:
        conn.execute(update(StaffSession).values(
            last_seen_at=dt.datetime.now(dt.timezone.utc) - dt.timedelta(minutes=31)))
    response = client.get("/")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login")


def test_security_headers_on_pages_and_api(staff: Staff) -> None:
    staff.user("lac@example.org")
    client = staff.client("lac@example.org")
    doc = staff.notify()
    for url in ["/login", "/", f"/cases/{doc['reference']}", "/api/v1/health", "/nothing"]:
        headers = client.get(url).headers
        csp = headers["Content-Security-Policy"]
        assert "frame-ancestors 'none'" in csp and "default-src 'none'" in csp, url
        assert "script-src" not in csp  # no scripts allowed at all (default-src 'none')
        assert headers["X-Content-Type-Options"] == "nosniff", url
        assert headers["Referrer-Policy"] == "same-origin", url
        assert headers["X-Frame-Options"] == "DENY", url
    assert "no-store" in client.get("/").headers["Cache-Control"]
    https = staff.app.test_client().get("/login", base_url="https://staff.example.org")
    assert "max-age" in https.headers["Strict-Transport-Security"]


def test_production_refuses_to_start_without_keys(database_url: str) -> None:
    for missing in ("SECRET_KEY", "ENCRYPTION_KEYS", "INDEX_KEY"):
        settings = {"ENV": "production", "DATABASE_URL": database_url, "AUTO_MIGRATE": False,
                    "SECRET_KEY": "s" * 40, "INDEX_KEY": "i" * 40,
                    "ENCRYPTION_KEYS": "ZmDfcTF7_60GrrY167zsiPd67pEvs0aGOv2oasOM1Pg="}
        settings[missing] = ""
        with pytest.raises(ConfigError, match=missing):
            create_app(settings)
    with pytest.raises(ConfigError, match="SECRET_KEY"):
        create_app({"ENV": "production", "SECRET_KEY": "short", "INDEX_KEY": "i" * 40,
                    "ENCRYPTION_KEYS": "ZmDfcTF7_60GrrY167zsiPd67pEvs0aGOv2oasOM1Pg=",
                    "AUTO_MIGRATE": False, "DATABASE_URL": database_url})
    env = {key: value for key, value in os.environ.items() if not key.startswith("CASE_BACKEND")}
    env.update({"CASE_BACKEND_ENV": "production", "DATABASE_URL": database_url})
    result = subprocess.run([sys.executable, "-m", "case_backend"], cwd=REPO, env=env,
                            capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 2
    assert "refusing to start in production" in result.stderr


def test_development_keys_are_made_once_and_kept_private(monkeypatch: pytest.MonkeyPatch,
                                                         tmp_path: Path) -> None:
    from case_backend.config import load_config

    for name in ("SECRET_KEY", "ENCRYPTION_KEYS", "INDEX_KEY", "ENV"):
        monkeypatch.delenv(f"CASE_BACKEND_{name}", raising=False)
    monkeypatch.setenv("TELL_LEDER_VAR", str(tmp_path))
    first, second = load_config(), load_config()
    assert first["ENCRYPTION_KEYS"] == second["ENCRYPTION_KEYS"]
    assert first["SECRET_KEY"] == second["SECRET_KEY"] and len(first["SECRET_KEY"]) >= 32
    path = tmp_path / "case_backend_dev_keys.json"
    assert path.stat().st_mode & 0o777 == 0o600


def test_every_staff_form_needs_its_csrf_token(staff: Staff) -> None:
    staff.user("admin@example.org", role="admin", icb=None)
    first, second = staff.notify(), staff.notify()
    ref = first["reference"]
    client = staff.client("admin@example.org")
    posts = {
        "/logout": {},
        "/password": {"current": STAFF_PASSWORD, "new": "x" * 20, "confirm": "x" * 20},
        f"/cases/{ref}/status": {"status": "triaged"},
        f"/cases/{ref}/notes": {"note": "hello"},
        f"/cases/{ref}/icb": {"icb": "QOP"},
        f"/cases/{ref}/merge": {"other": second["reference"]},
    }
    mark = staff.audit_mark()
    for url, data in posts.items():
        assert client.post(url, data=data).status_code == 400, url
    refused = [e for e in staff.audit_since(mark) if e.action == "csrf_refused"]
    assert {e.detail["path"] for e in refused} == set(posts)
    # Nothing happened: still signed in, case unchanged.
    page = client.get(f"/cases/{ref}").get_data(as_text=True)
    assert "Status</dt><dd>New" in page and "hello" not in page and "Merged" not in page
