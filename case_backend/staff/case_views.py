"""A case: every field beside the person's own words, workflow, notes, duplicates, merge."""

from __future__ import annotations

from typing import Any

from flask import abort, redirect, render_template, url_for
from flask_login import current_user, login_required
from sqlalchemy import or_, select
from werkzeug.wrappers import Response

from case_backend import audit
from case_backend.icb import all_icbs
from case_backend.models import CaseNote, Notification, StaffUser
from case_backend.notifications import stored_document
from case_backend.staff import bp
from case_backend.staff.common import db, keys, roles_required
from case_backend.staff.forms import IcbForm, MergeForm, NoteForm, StatusForm
from case_backend.staff.queries import case_or_404, colleagues, scoped
from case_backend.workflow import TRANSITIONS, TransitionError, check_transition

# Contract field id -> where its value is in the notification (SPEC section 4), in page order.
FIELDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("person_name", ("person", "name")),
    ("date_of_birth", ("person", "date_of_birth")),
    ("age_at_death", ("person", "age_at_death")),
    ("date_of_death", ("person", "date_of_death")),
    ("place_of_death", ("person", "place_of_death")),
    ("home_postcode", ("person", "home_postcode")),
    ("gp_practice", ("person", "gp_practice")),
    ("nhs_number", ("person", "nhs_number")),
    ("learning_disability", ("person", "learning_disability")),
    ("autistic", ("person", "autistic")),
    ("ethnicity", ("person", "ethnicity")),
    ("notifier_name", ("notifier", "name")),
    ("notifier_relationship", ("notifier", "relationship")),
    ("notifier_phone", ("notifier", "phone")),
    ("notifier_email", ("notifier", "email")),
    ("preferred_contact", ("notifier", "preferred_contact")),
    ("family_contact_name", ("family_contact", "name")),
    ("family_contact_relationship", ("family_contact", "relationship")),
    ("family_contact_phone", ("family_contact", "phone")),
    ("concerns", ("concerns",)),
    ("life_story", ("life_story",)),
    ("family_requests_focused_review", ("family_requests_focused_review",)),
    ("wants_review_copy", ("wants_review_copy",)),
    ("review_copy_format", ("review_copy_format",)),
    ("consent_to_contact", ("consent_to_contact",)),
)
# Fields whose values are codes from the contract's value sets (shown with their labels).
CODED_FIELDS = frozenset({
    "place_of_death", "learning_disability", "autistic", "ethnicity", "notifier_relationship",
    "preferred_contact", "family_requests_focused_review", "wants_review_copy",
    "review_copy_format"})
REQUEST_FIELDS = ("reason", "feedback_about", "rating", "what_was_important", "what_went_well",
                  "what_went_wrong", "comments", "best_time")


def _value(doc: dict[str, Any], path: tuple[str, ...]) -> Any:
    value: Any = doc
    for part in path:
        value = value.get(part) if isinstance(value, dict) else None
    return value


def field_rows(doc: dict[str, Any]) -> list[dict[str, Any]]:
    said = doc.get("as_said") or {}
    rows = []
    for field_id, path in FIELDS:
        value, as_said = _value(doc, path), said.get(field_id)
        if value is None and as_said is None:
            continue
        rows.append({"id": field_id, "value": value, "as_said": as_said,
                     "coded": field_id in CODED_FIELDS})
    return rows


def _visible(references: list[str]) -> list[Notification]:
    if not references:
        return []
    return list(db().scalars(scoped(current_user).where(
        Notification.reference.in_(references)).order_by(Notification.received_at)))


def _linked_requests(row: Notification) -> list[Notification]:
    return list(db().scalars(scoped(current_user).where(
        Notification.related_reference == row.reference).order_by(Notification.received_at)))


def _notes(row: Notification) -> list[dict[str, Any]]:
    cipher, database = keys().cipher, db()
    notes = database.scalars(select(CaseNote).where(CaseNote.notification_id == row.id)
                             .order_by(CaseNote.at, CaseNote.id))
    authors = {u.id: u.display_name for u in database.scalars(select(StaffUser))}
    return [{"at": n.at, "author": authors.get(n.author_id, "?"), "from": n.status_from,
             "to": n.status_to, "text": cipher.decrypt(n.text_enc)} for n in notes]


def _status_form(row: Notification) -> StatusForm:
    form = StatusForm()
    form.status.choices = [(s, s) for s in TRANSITIONS.get(row.status, ())]
    people = colleagues(db(), current_user, row.icb)
    form.assignee.choices = [("", "")] + [(str(p.id), p.display_name) for p in people]
    return form


def _icb_form() -> IcbForm:
    form = IcbForm()
    form.icb.choices = [(code, icb.name) for code, icb in sorted(
        all_icbs().items(), key=lambda item: item[1].name)]
    return form


@bp.get("/cases/<reference>")
@login_required
def case(reference: str) -> str:
    database = db()
    row = case_or_404(database, current_user, reference)
    doc = stored_document(row, keys())
    related = _visible([row.related_reference]) if row.related_reference else []
    merged_into = database.get(Notification, row.merged_into_id) if row.merged_into_id else None
    merged_here = list(database.scalars(scoped(current_user).where(
        Notification.merged_into_id == row.id)))
    audit.record(database, "case_view", reference=row.reference)
    assignee = database.get(StaffUser, row.assignee_id) if row.assignee_id else None
    return render_template(
        "case.html", row=row, doc=doc, fields=field_rows(doc),
        request_fields=REQUEST_FIELDS, request_doc=doc.get("request") or {},
        duplicates=_visible(list(row.possible_duplicates)),
        later_duplicates=_later_duplicates(row), related=related,
        linked=_linked_requests(row), merged_into=merged_into, merged_here=merged_here,
        notes=_notes(row), status_form=_status_form(row), note_form=NoteForm(),
        icb_form=_icb_form(), icbs=all_icbs(), assignee=assignee,
    )


def _later_duplicates(row: Notification) -> list[Notification]:
    """Later notifications that listed this one as a possible duplicate (visible ones)."""
    if row.flow != "notify":
        return []
    rules = [column == value for column, value in (
        (Notification.nhs_index, row.nhs_index), (Notification.name_dob_index, row.name_dob_index),
        (Notification.name_dod_index, row.name_dod_index)) if value]
    if not rules:
        return []
    return list(db().scalars(scoped(current_user).where(
        Notification.flow == "notify", Notification.id > row.id,
        Notification.merged_into_id.is_(None), or_(*rules)).order_by(Notification.id).limit(20)))


@bp.post("/cases/<reference>/status")
@login_required
def change_status(reference: str) -> Response | tuple[str, int]:
    database = db()
    row = case_or_404(database, current_user, reference)
    form = _status_form(row)
    if not form.validate_on_submit():
        abort(400)
    wanted = form.status.data
    assignee_id = int(form.assignee.data) if (form.assignee.data or "").isdigit() else None
    if assignee_id is not None and assignee_id not in {
            p.id for p in colleagues(database, current_user, row.icb)}:
        abort(400)
    new_assignee = assignee_id if wanted == "allocated" else row.assignee_id
    try:
        check_transition(row.status, wanted, role=current_user.role,
                         is_assignee=row.assignee_id == current_user.id,
                         has_assignee=new_assignee is not None)
    except TransitionError as error:
        audit.record(database, "status_refused", reference=row.reference,
                     status_from=row.status, status_to=wanted)
        return render_template("refused.html", message=str(error), row=row), 409
    note = (form.note.data or "").strip()
    database.add(CaseNote(notification_id=row.id, author_id=current_user.id,
                          at=audit_now(), status_from=row.status, status_to=wanted,
                          text_enc=keys().cipher.encrypt(note) if note else None))
    audit.record(database, "status_changed", reference=row.reference, commit=False,
                 status_from=row.status, status_to=wanted, assignee_id=new_assignee)
    row.status, row.assignee_id = wanted, new_assignee
    database.commit()
    return redirect(url_for("staff.case", reference=row.reference))


def audit_now() -> Any:
    from case_backend.accounts import now

    return now()


@bp.post("/cases/<reference>/notes")
@login_required
def add_note(reference: str) -> Response:
    database = db()
    row = case_or_404(database, current_user, reference)
    form = NoteForm()
    if not form.validate_on_submit():
        abort(400)
    database.add(CaseNote(notification_id=row.id, author_id=current_user.id, at=audit_now(),
                          status_from=None, status_to=None,
                          text_enc=keys().cipher.encrypt(form.note.data.strip())))
    audit.record(database, "note_added", reference=row.reference, commit=False)
    database.commit()
    return redirect(url_for("staff.case", reference=row.reference))


@bp.post("/cases/<reference>/icb")
@login_required
@roles_required("admin")
def assign_icb(reference: str) -> Response:
    database = db()
    row = case_or_404(database, current_user, reference)
    form = _icb_form()
    if not form.validate_on_submit() or form.icb.data not in all_icbs():
        abort(400)
    audit.record(database, "icb_assigned", reference=row.reference, commit=False,
                 icb_from=row.icb, icb_to=form.icb.data)
    row.icb, row.icb_source = form.icb.data, "admin"
    database.commit()
    return redirect(url_for("staff.case", reference=row.reference))


@bp.get("/cases/<reference>/compare/<other>")
@login_required
def compare(reference: str, other: str) -> str:
    database = db()
    left = case_or_404(database, current_user, reference)
    right = case_or_404(database, current_user, other)
    left_doc, right_doc = stored_document(left, keys()), stored_document(right, keys())
    left_rows = {r["id"]: r for r in field_rows(left_doc)}
    right_rows = {r["id"]: r for r in field_rows(right_doc)}
    ids = [f for f, _ in FIELDS if f in left_rows or f in right_rows]
    audit.record(database, "case_compare", reference=left.reference, other=right.reference)
    return render_template("compare.html", left=left, right=right, ids=ids,
                           left_rows=left_rows, right_rows=right_rows, form=MergeForm(),
                           can_merge=current_user.role in ("admin", "local_area_contact"))


@bp.post("/cases/<reference>/merge")
@login_required
@roles_required("admin", "local_area_contact")
def merge(reference: str) -> Response:
    """'Same person': the other case is merged into this one (kept, linked, out of the queue)."""
    database = db()
    primary = case_or_404(database, current_user, reference)
    form = MergeForm()
    if not form.validate_on_submit():
        abort(400)
    other = case_or_404(database, current_user, form.other.data)
    if other.id == primary.id or other.merged_into_id or primary.merged_into_id:
        abort(409)
    other.merged_into_id = primary.id
    audit.record(database, "merged", reference=other.reference, commit=False,
                 merged_into=primary.reference)
    database.commit()
    return redirect(url_for("staff.case", reference=primary.reference))

