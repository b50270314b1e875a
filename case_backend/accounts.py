"""Staff accounts: made by command only (no default passwords), hashed with Argon2id."""

from __future__ import annotations

import datetime as dt

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from case_backend.icb import all_icbs
from case_backend.models import StaffSession, StaffUser

ROLES = ("admin", "local_area_contact", "reviewer")
MIN_PASSWORD_LENGTH = 12

# Argon2id with the library's defaults (64 MiB, 3 passes): memory-hard, about 50 ms here.
hasher = PasswordHasher()
# Verified when the email is unknown, so a wrong email takes as long as a wrong password.
_DUMMY_HASH = hasher.hash("not a real password, only for timing")


class AccountError(ValueError):
    """The account cannot be made or changed as asked (the message says why)."""


def now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def check_password_strength(password: str, email: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError(f"the password must have at least {MIN_PASSWORD_LENGTH} characters")
    if password.strip().lower() in {email.lower(), email.split("@")[0].lower()}:
        raise AccountError("the password must not be the email address")


def hash_password(password: str) -> str:
    return hasher.hash(password)


def verify_password(user: StaffUser | None, password: str) -> bool:
    """Constant work whether or not the user exists."""
    try:
        return hasher.verify(user.password_hash if user else _DUMMY_HASH, password) and bool(user)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def find_user(session: Session, email: str) -> StaffUser | None:
    return session.scalar(
        select(StaffUser).where(func.lower(StaffUser.email) == email.strip().lower()))


def create_user(session: Session, *, email: str, display_name: str, role: str,
                icb: str | None, password: str) -> StaffUser:
    email = email.strip().lower()
    if "@" not in email or len(email) > 254:
        raise AccountError("give a valid email address")
    if role not in ROLES:
        raise AccountError(f"role must be one of {', '.join(ROLES)}")
    if role != "admin" and icb not in all_icbs():
        raise AccountError("local area contacts and reviewers need the ODS code of their ICB")
    if icb is not None and icb not in all_icbs():
        raise AccountError(f"unknown ICB code {icb!r}")
    if find_user(session, email) is not None:
        raise AccountError("an account with this email already exists")
    check_password_strength(password, email)
    moment = now()
    user = StaffUser(email=email, display_name=display_name.strip()[:200] or email, role=role,
                     icb=icb, password_hash=hash_password(password), failed_logins=0,
                     locked_until=None, active=True, created_at=moment,
                     password_changed_at=moment)
    session.add(user)
    session.commit()
    return user


def set_password(session: Session, user: StaffUser, password: str) -> None:
    """New password; every session of the user ends (a stolen session dies with the old one)."""
    check_password_strength(password, user.email)
    user.password_hash = hash_password(password)
    user.password_changed_at = now()
    user.failed_logins = 0
    user.locked_until = None
    end_all_sessions(session, user.id)
    session.commit()


def end_all_sessions(session: Session, user_id: int) -> None:
    session.execute(update(StaffSession)
                    .where(StaffSession.user_id == user_id, StaffSession.ended_at.is_(None))
                    .values(ended_at=now()))
