"""The queue of cases and its CSV export."""

from __future__ import annotations

import csv
import io
from typing import Any

from flask import Response, render_template, request
from flask_login import current_user, login_required
from sqlalchemy import select

from case_backend import audit
from case_backend.icb import all_icbs
from case_backend.models import Notification, StaffUser
from case_backend.notifications import iso_utc
from case_backend.staff import bp
from case_backend.staff.common import db, keys, roles_required
from case_backend.staff.queries import (
    FLOWS,
    PAGE_SIZE,
    ROUTES,
    QueueFilters,
    count,
    filtered,
    queue_order,
)
from case_backend.workflow import STATUSES

EXPORT_LIMIT = 50_000
# A spreadsheet runs a cell starting with one of these as a formula.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _names(rows: list[Notification]) -> dict[int, str | None]:
    cipher = keys().cipher
    return {row.id: cipher.decrypt(row.person_name_enc) for row in rows}


def _assignees(rows: list[Notification]) -> dict[int, str]:
    ids = {row.assignee_id for row in rows if row.assignee_id}
    if not ids:
        return {}
    users = db().scalars(select(StaffUser).where(StaffUser.id.in_(ids)))
    return {user.id: user.display_name for user in users}


@bp.get("/")
@login_required
def queue() -> str:
    filters = QueueFilters.from_args(request.args)
    database = db()
    query = filtered(current_user, filters, keys().index)
    total = count(database, query)
    rows = list(database.scalars(
        queue_order(query).offset((filters.page - 1) * PAGE_SIZE).limit(PAGE_SIZE)))
    audit.record(database, "queue_view", page=filters.page, **filters.audit_detail())
    return render_template(
        "queue.html", rows=rows, names=_names(rows), assignees=_assignees(rows),
        filters=filters, total=total, page_size=PAGE_SIZE,
        statuses=STATUSES, routes=ROUTES, flows=FLOWS, icbs=all_icbs(),
        args={k: v for k, v in request.args.items() if k != "page"},
    )


def _safe_cell(value: Any) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


@bp.get("/export.csv")
@login_required
@roles_required("admin", "local_area_contact")
def export_csv() -> Response:
    filters = QueueFilters.from_args(request.args)
    database = db()
    rows = list(database.scalars(
        queue_order(filtered(current_user, filters, keys().index)).limit(EXPORT_LIMIT)))
    names, assignees = _names(rows), _assignees(rows)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["reference", "received_at", "flow", "route", "urgent",
                     "focused_review_required", "status", "icb", "person_name", "assignee"])
    for row in rows:
        writer.writerow([_safe_cell(v) for v in (
            row.reference, iso_utc(row.received_at), row.flow, row.route or "", row.urgent,
            row.focused_review_required, row.status, row.icb or "", names[row.id],
            assignees.get(row.assignee_id or 0, ""))])
    audit.record(database, "export", rows=len(rows), **filters.audit_detail())
    return Response(out.getvalue(), mimetype="text/csv", headers={
        "Content-Disposition": "attachment; filename=tell-leder-cases.csv"})
