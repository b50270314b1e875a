"""Sign-in (rate-limited, lockout), sign-out and password change."""

from __future__ import annotations

import datetime as dt

from flask import current_app, flash, redirect, render_template, session, url_for
from flask_login import current_user, login_required, login_user, logout_user
from sqlalchemy import func, select
from werkzeug.wrappers import Response

from case_backend import accounts, audit
from case_backend.audit import client_ip
from case_backend.models import LoginAttempt
from case_backend.staff import bp
from case_backend.staff.common import db
from case_backend.staff.forms import ActionForm, LoginForm, PasswordChangeForm
from case_backend.staff.security import end_session, start_session


def _too_many_attempts(ip: str) -> bool:
    config = current_app.config
    since = accounts.now() - dt.timedelta(minutes=config["LOGIN_WINDOW_MINUTES"])
    attempts = db().scalar(select(func.count()).select_from(LoginAttempt).where(
        LoginAttempt.ip == ip, LoginAttempt.at >= since, LoginAttempt.success.is_(False)))
    return int(attempts or 0) >= config["LOGIN_RATE_LIMIT"]


@bp.route("/login", methods=["GET", "POST"])
def login() -> str | Response | tuple[str, int]:
    if current_user.is_authenticated:
        return redirect(url_for("staff.queue"))
    form = LoginForm()
    if not form.validate_on_submit():
        return render_template("login.html", form=form), 400 if form.is_submitted() else 200
    database, ip = db(), client_ip() or "unknown"
    if _too_many_attempts(ip):
        audit.record(database, "login_rate_limited", actor=form.email.data[:254])
        return render_template("login.html", form=form, error="rate_limited"), 429
    user = accounts.find_user(database, form.email.data)
    moment = accounts.now()
    locked = bool(user and user.locked_until and user.locked_until > moment)
    # The hash is always checked, so a locked or unknown account answers as slowly as any other.
    good = accounts.verify_password(user, form.password.data)
    ok = good and not locked and user is not None and user.active
    database.add(LoginAttempt(at=moment, ip=ip[:45], success=ok))
    if not ok:
        error = "failed"
        if user is not None and locked:
            audit.record(database, "login_refused_locked", user=user, commit=False)
            error = "locked"
        elif user is not None:
            user.failed_logins += 1
            if user.failed_logins >= current_app.config["LOGIN_MAX_FAILURES"]:
                user.locked_until = moment + dt.timedelta(
                    minutes=current_app.config["LOGIN_LOCKOUT_MINUTES"])
                user.failed_logins = 0
                audit.record(database, "account_locked", user=user, commit=False)
                error = "locked"
        audit.record(database, "login_failed", user=user, actor=form.email.data[:254])
        return render_template("login.html", form=form, error=error), 401
    assert user is not None
    user.failed_logins = 0
    user.locked_until = None
    if accounts.hasher.check_needs_rehash(user.password_hash):
        user.password_hash = accounts.hash_password(form.password.data)
    database.commit()
    # A new session at every sign-in: nothing from before (a planted cookie) carries over.
    session.clear()
    session.permanent = True
    login_user(start_session(database, user))
    audit.record(database, "login", user=user)
    return redirect(url_for("staff.queue"))


@bp.post("/logout")
@login_required
def logout() -> Response:
    form = ActionForm()
    if form.validate_on_submit():
        audit.record(db(), "logout")
        end_session(db(), current_user.get_id())
        logout_user()
        session.clear()
    return redirect(url_for("staff.login"))


@bp.route("/password", methods=["GET", "POST"])
@login_required
def change_password() -> str | Response | tuple[str, int]:
    form = PasswordChangeForm()
    if not form.validate_on_submit():
        return render_template("password.html", form=form), 400 if form.is_submitted() else 200
    database = db()
    user = accounts.find_user(database, current_user.email)
    if not accounts.verify_password(user, form.current.data):
        audit.record(database, "password_change_failed")
        return render_template("password.html", form=form, error="wrong_current"), 400
    assert user is not None
    try:
        accounts.set_password(database, user, form.new.data)
    except accounts.AccountError as error:
        return render_template("password.html", form=form, error=str(error)), 400
    audit.record(database, "password_changed", user=user)
    logout_user()
    session.clear()
    flash("password_changed")
    return redirect(url_for("staff.login"))
