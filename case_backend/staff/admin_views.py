"""Admin pages: the audit log and the ICB lookup tables' sources."""

from __future__ import annotations

from flask import render_template, request
from flask_login import login_required

from case_backend import audit
from case_backend.icb import latest_sources
from case_backend.staff import bp
from case_backend.staff.common import db, roles_required
from contract.reference import normalise_reference


@bp.get("/audit")
@login_required
@roles_required("admin")
def audit_log() -> str:
    database = db()
    reference = normalise_reference(request.args.get("reference", "")[:40]) or None
    entries = audit.latest(database, reference=reference)
    audit.record(database, "audit_view", reference=reference)
    return render_template("audit.html", entries=entries, reference=reference or "",
                           sources=latest_sources(database))
