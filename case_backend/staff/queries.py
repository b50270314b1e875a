"""Every staff query starts from `scoped()`: a user sees only their own ICB's cases.

National admins see every ICB and the unassigned queue. A case outside the user's scope is
answered exactly like one that does not exist (404), and the attempt is audited.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from flask import abort
from sqlalchemy import Select, and_, false, func, or_, select
from sqlalchemy.orm import Session

from case_backend import audit
from case_backend.crypto import BlindIndex
from case_backend.models import Notification, SearchToken, StaffUser
from case_backend.workflow import STATUSES
from contract.reference import normalise_reference

PAGE_SIZE = 50
FLOWS = ("notify", "focused_review", "feedback", "human")
ROUTES = ("leder", "child_death_review", "not_eligible", "needs_triage")


def scoped(user: Any) -> Select[tuple[Notification]]:
    query = select(Notification)
    if getattr(user, "role", None) != "admin":
        icb = getattr(user, "icb", None)
        query = query.where(Notification.icb == icb) if icb else query.where(false())
    return query


def case_or_404(db: Session, user: Any, reference: str) -> Notification:
    """The case if this user may see it; otherwise a 404 (and an audit entry)."""
    canonical = normalise_reference(reference)
    row = None
    if canonical:
        row = db.scalar(scoped(user).where(Notification.reference == canonical))
    if row is None:
        audit.record(db, "access_refused", reference=canonical, path_reference=reference[:40])
        abort(404)
    return row


@dataclass
class QueueFilters:
    status: str = "open"
    route: str = ""
    flow: str = ""
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    q: str = ""
    icb: str = ""  # admins only: an ICB code or "unassigned"
    page: int = 1

    @classmethod
    def from_args(cls, args: Any) -> QueueFilters:
        def date(name: str) -> dt.date | None:
            try:
                return dt.date.fromisoformat(args.get(name, ""))
            except ValueError:
                return None

        status = args.get("status", "open")
        try:
            page = max(1, min(int(args.get("page", 1)), 100_000))
        except ValueError:
            page = 1
        return cls(
            status=status if status in (*STATUSES, "open", "all") else "open",
            route=args.get("route", "") if args.get("route") in ROUTES else "",
            flow=args.get("flow", "") if args.get("flow") in FLOWS else "",
            date_from=date("from"), date_to=date("to"),
            q=args.get("q", "")[:200].strip(),
            icb=args.get("icb", "")[:10],
            page=page,
        )

    def audit_detail(self) -> dict[str, Any]:
        """The filters without the search text (it may be a name)."""
        return {"status": self.status, "route": self.route, "flow": self.flow,
                "from": self.date_from.isoformat() if self.date_from else "",
                "to": self.date_to.isoformat() if self.date_to else "",
                "searched": bool(self.q), "icb": self.icb}


def _has_digest(digest: str) -> Any:
    return Notification.id.in_(
        select(SearchToken.notification_id).where(SearchToken.digest == digest))


def search_condition(text: str, index: BlindIndex) -> Any:
    """Reference, NHS number or name (every word must match) through the blind index."""
    conditions = []
    reference = normalise_reference(text)
    if reference:
        conditions.append(Notification.reference == reference)
    nhs = index.nhs_number(text) if text.replace(" ", "").isdigit() else None
    if nhs:
        conditions.append(_has_digest(nhs))
    words = index.name_words(text)
    if words and not nhs:
        conditions.append(and_(*[_has_digest(word) for word in words]))
    if not conditions:
        return false()
    return or_(*conditions)


def _utc_midnight(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(), dt.timezone.utc)


def filtered(user: Any, filters: QueueFilters, index: BlindIndex) -> Select[Any]:
    query = scoped(user).where(Notification.merged_into_id.is_(None))
    if filters.status == "open":
        query = query.where(Notification.status != "closed")
    elif filters.status != "all":
        query = query.where(Notification.status == filters.status)
    if filters.route:
        query = query.where(Notification.route == filters.route)
    if filters.flow:
        query = query.where(Notification.flow == filters.flow)
    if filters.date_from:
        query = query.where(Notification.received_at >= _utc_midnight(filters.date_from))
    if filters.date_to:
        end = _utc_midnight(filters.date_to) + dt.timedelta(days=1)
        query = query.where(Notification.received_at < end)
    if filters.q:
        query = query.where(search_condition(filters.q, index))
    if getattr(user, "role", None) == "admin" and filters.icb:
        query = query.where(Notification.icb.is_(None) if filters.icb == "unassigned"
                            else Notification.icb == filters.icb)
    return query


def queue_order(query: Select[Any]) -> Select[Any]:
    """Urgent (safeguarding) first, then focused review required, then the longest waiting."""
    return query.order_by(Notification.urgent.desc(),
                          Notification.focused_review_required.desc(),
                          Notification.received_at.asc(), Notification.id.asc())


def count(db: Session, query: Select[Any]) -> int:
    return int(db.scalar(select(func.count()).select_from(query.order_by(None).subquery())) or 0)


def colleagues(db: Session, user: Any, icb: str | None) -> list[StaffUser]:
    """Who a case of `icb` can be allocated to: active staff of that ICB."""
    if not icb:
        return []
    return list(db.scalars(select(StaffUser).where(
        StaffUser.icb == icb, StaffUser.active.is_(True), StaffUser.role != "admin")
        .order_by(StaffUser.display_name)))
