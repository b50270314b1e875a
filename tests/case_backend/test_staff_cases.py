"""Queue, case page, workflow, duplicates and merge, linked requests, export, audit, XSS."""

from __future__ import annotations

import csv
import datetime as dt
import io
from typing import Any

import pytest
from sqlalchemy import text, update
from sqlalchemy.exc import DatabaseError

from case_backend.models import Notification
from contract.reference import new_reference
from tests.case_backend.conftest import ICB_A, Staff, engine_of

XSS_NAME = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def request_doc(flow: str, **extra: Any) -> dict[str, Any]:
    doc = {"schema_version": "1.0", "reference": new_reference(), "flow": flow,
           "channel": "web", "language": "en", "submitted_at": "2026-11-21T09:00:00Z",
           "safeguarding": {"urgent": False, "what_was_said": []},
           "request": {"reason": "We want to know what happened"}}
    doc.update(extra)
    return doc


@pytest.fixture
def lac(staff: Staff) -> Any:
    staff.user("lac@example.org", name="Lee Contact")
    staff.user("rev@example.org", role="reviewer", name="Rita Reviewer")
    staff.user("admin@example.org", role="admin", icb=None)
    return staff.client("lac@example.org")


def test_case_page_shows_own_words_transcript_and_communication_needs(staff: Staff,
                                                                       lac: Any) -> None:
    doc = staff.notify()
    page = lac.get(f"/cases/{doc['reference']}").get_data(as_text=True)
    assert "2026-11-17" in page and "last Tuesday" in page  # parsed value beside own words
    assert "my brother Daniel Okafor" in page
    assert "How to contact this family" in page and "Easy read" in page
    assert "When did Daniel die?" in page  # transcript
    assert "LeDeR review" in page  # route
    assert "From an ethnic minority group" in page and "Concerns were raised" in page
    assert "NHS West Yorkshire Integrated Care Board" in page
    assert "Black Caribbean" in page and "Brother or sister" in page  # coded answers labelled


def test_queue_puts_urgent_first_then_focused_review(staff: Staff, lac: Any) -> None:
    plain = staff.notify(name="Plain Case", ethnicity="white_british",
                         learning_disability="yes", autistic="no", top={"concerns": None})
    review = staff.notify(name="Review Case")
    urgent = staff.notify(name="Urgent Case", ethnicity="white_british",
                          top={"concerns": None})
    with engine_of(staff.app).begin() as conn:
        conn.execute(update(Notification).where(Notification.reference == urgent["reference"])
                     .values(urgent=True))
    page = lac.get("/").get_data(as_text=True)
    positions = [page.index(f"/cases/{d['reference']}") for d in (urgent, review, plain)]
    assert positions == sorted(positions)


def test_safeguarding_is_shown_first_on_the_case_page(staff: Staff, lac: Any) -> None:
    doc = staff.notify()
    doc["reference"] = new_reference()
    doc["safeguarding"] = {"urgent": True, "what_was_said": ["his brother is not safe"]}
    staff.post(doc)
    page = lac.get(f"/cases/{doc['reference']}").get_data(as_text=True)
    assert "Urgent: safeguarding" in page and "his brother is not safe" in page
    queue = lac.get("/").get_data(as_text=True)
    assert queue.index(f"/cases/{doc['reference']}") < queue.index("Focused review</span>")


def test_filters(staff: Staff, lac: Any) -> None:
    notify = staff.notify()
    child = staff.notify(date_of_birth="2015-01-01")
    human = request_doc("human", notifier={"name": "Pat", "phone": "+447700900123"},
                        person={"name": "Someone", "home_postcode": "LS2 9JT"})
    staff.post(human)
    def refs(**args: Any) -> set[str]:
        page = lac.get("/", query_string=args).get_data(as_text=True)
        return {r for r in (notify["reference"], child["reference"], human["reference"])
                if f"/cases/{r}" in page}

    assert refs() == {notify["reference"], child["reference"], human["reference"]}
    assert refs(flow="human") == {human["reference"]}
    assert refs(route="child_death_review") == {child["reference"]}
    assert refs(status="triaged") == set()
    today = dt.date.today()
    assert len(refs(**{"from": today.isoformat()})) == 3
    assert refs(**{"to": (today - dt.timedelta(days=2)).isoformat()}) == set()
    assert lac.get("/", query_string={"from": "not a date", "page": "x"}).status_code == 200


def test_status_workflow_and_illegal_moves(staff: Staff, lac: Any) -> None:
    doc = staff.notify()
    ref = doc["reference"]
    case_url, status_url = f"/cases/{ref}", f"/cases/{ref}/status"

    def move(client: Any, status: str, **extra: Any) -> int:
        return staff.post_form(client, case_url, status_url,
                               {"status": status, **extra}).status_code

    assert move(lac, "closed") == 409  # new -> closed skips triage
    assert move(lac, "allocated") == 409
    assert move(lac, "bogus") == 409
    assert move(lac, "triaged", note="Checked eligibility") == 302
    assert move(lac, "allocated") == 409  # allocation needs an assignee
    reviewer = staff.client("rev@example.org")
    assert move(reviewer, "allocated") == 409  # reviewers do not allocate
    with staff.app.app_context():
        from case_backend.accounts import find_user

        rita = find_user(staff.db, "rev@example.org")
        assert rita is not None
        rita_id = rita.id
    assert move(lac, "allocated", assignee=str(rita_id)) == 302
    assert move(reviewer, "in_review") == 302
    assert move(reviewer, "closed", note="Review finished") == 302
    assert move(lac, "new") == 409  # closed stays closed
    page = lac.get(case_url).get_data(as_text=True)
    assert "Status</dt><dd>Closed, allocated to Rita Reviewer" in page
    assert "Checked eligibility" in page and "Review finished" in page
    # Closed cases leave the default (open) queue.
    assert f"/cases/{ref}" not in lac.get("/").get_data(as_text=True)
    assert f"/cases/{ref}" in lac.get("/?status=closed").get_data(as_text=True)


def test_assignee_must_work_in_the_cases_icb(staff: Staff, lac: Any) -> None:
    other = staff.user("b@example.org", icb="QOP")
    doc = staff.notify()
    ref = doc["reference"]
    staff.post_form(lac, f"/cases/{ref}", f"/cases/{ref}/status", {"status": "triaged"})
    response = staff.post_form(lac, f"/cases/{ref}", f"/cases/{ref}/status",
                               {"status": "allocated", "assignee": str(other.id)})
    assert response.status_code == 400


def test_duplicates_compare_and_merge(staff: Staff, lac: Any) -> None:
    first = staff.notify(name="Daniel Okafor")
    second = staff.notify(name="daniel okafor", date_of_birth=None, nhs_number=None)
    unrelated = staff.notify(name="Someone Else", nhs_number=None)
    page = lac.get(f"/cases/{second['reference']}").get_data(as_text=True)
    compare_url = f"/cases/{second['reference']}/compare/{first['reference']}"
    assert compare_url in page
    assert unrelated["reference"] not in page
    # The earlier case links to the later one too.
    assert first["reference"] in lac.get(f"/cases/{first['reference']}").get_data(as_text=True)
    compare = lac.get(f"/cases/{first['reference']}/compare/{second['reference']}")
    text_ = compare.get_data(as_text=True)
    assert "Daniel Okafor" in text_ and "daniel okafor" in text_ and "(different)" in text_
    mark = staff.audit_mark()
    merged = staff.post_form(lac, f"/cases/{first['reference']}/compare/{second['reference']}",
                             f"/cases/{first['reference']}/merge",
                             {"other": second["reference"]})
    assert merged.status_code == 302
    queue = lac.get("/").get_data(as_text=True)
    assert f"/cases/{second['reference']}\"" not in queue
    assert f"/cases/{first['reference']}\"" in queue
    primary = lac.get(f"/cases/{first['reference']}").get_data(as_text=True)
    assert f"{second['reference']}</a> was merged into this case" in primary
    assert "Merged as the same person" in lac.get(
        f"/cases/{second['reference']}").get_data(as_text=True)
    assert [e.action for e in staff.audit_since(mark)].count("merged") == 1
    again = staff.post_form(lac, f"/cases/{first['reference']}",
                            f"/cases/{first['reference']}/merge", {"other": second["reference"]})
    assert again.status_code == 409
    reviewer = staff.client("rev@example.org")
    assert staff.post_form(reviewer, f"/cases/{first['reference']}",
                           f"/cases/{first['reference']}/merge",
                           {"other": unrelated["reference"]}).status_code == 403


def test_linked_requests_show_on_the_notification(staff: Staff, lac: Any) -> None:
    notify = staff.notify()
    review = request_doc("focused_review", related_reference=notify["reference"],
                         notifier={"name": "Grace", "phone": "+447700900123"})
    feedback = request_doc("feedback", related_reference=notify["reference"],
                           request={"feedback_about": "person", "rating": "good",
                                    "comments": "They were lovely"})
    receipts = [staff.post(review), staff.post(feedback)]
    assert receipts[0]["focused_review"]["required"] is True
    assert receipts[0]["route"] is None and receipts[0]["icb"] == ICB_A
    page = lac.get(f"/cases/{notify['reference']}").get_data(as_text=True)
    assert f"/cases/{review['reference']}" in page and f"/cases/{feedback['reference']}" in page
    feedback_page = lac.get(f"/cases/{feedback['reference']}").get_data(as_text=True)
    assert "They were lovely" in feedback_page and f"/cases/{notify['reference']}" in (
        feedback_page)


def test_call_back_request_without_postcode_goes_to_the_national_queue(staff: Staff,
                                                                       lac: Any) -> None:
    human = request_doc("human", notifier={"name": "Pat", "phone": "+447700900123",
                                           "communication_needs": ["bsl"]},
                        request={"reason": "Please ring me", "best_time": "after 3pm"})
    assert staff.post(human)["icb"] is None
    assert lac.get(f"/cases/{human['reference']}").status_code == 404
    admin = staff.client("admin@example.org")
    page = admin.get(f"/cases/{human['reference']}").get_data(as_text=True)
    assert "after 3pm" in page and "British Sign Language" in page
    assert "Unassigned (national queue)" in page


def test_export_is_audited_and_safe_in_spreadsheets(staff: Staff, lac: Any) -> None:
    doc = staff.notify(name="=HYPERLINK(\"http://evil\")")
    mark = staff.audit_mark()
    response = lac.get("/export.csv")
    assert response.headers["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    assert rows[0]["reference"] == doc["reference"]
    assert rows[0]["person_name"].startswith("'=")
    entries = [e for e in staff.audit_since(mark) if e.action == "export"]
    assert entries and entries[0].detail["rows"] == 1


def test_every_action_is_audited_without_personal_data(staff: Staff, lac: Any) -> None:
    mark = staff.audit_mark()
    client = staff.client()
    staff.login(client, "lac@example.org", "wrong password 123")
    staff.login(client, "lac@example.org", "correct horse battery staple")
    doc = staff.notify(name="Auditable Person")
    ref = doc["reference"]
    client.get("/", query_string={"q": "Auditable"})
    client.get(f"/cases/{ref}")
    staff.post_form(client, f"/cases/{ref}", f"/cases/{ref}/notes", {"note": "A note"})
    staff.post_form(client, f"/cases/{ref}", f"/cases/{ref}/status", {"status": "triaged"})
    client.get("/export.csv")
    client.get("/cases/LDR-AAAA-AAAA")
    entries = staff.audit_since(mark)
    actions = [e.action for e in entries]
    for action in ("login_failed", "login", "queue_view", "case_view", "note_added",
                   "status_changed", "export", "access_refused"):
        assert action in actions, action
    assert all(e.actor == "lac@example.org" for e in entries if e.action != "access_refused"
               or e.actor)
    assert "Auditable" not in " ".join(str(e.detail) for e in entries)
    case_views = [e for e in entries if e.action == "case_view"]
    assert case_views[0].reference == ref
    # Admins read the log; the page lists the entries.
    page = staff.client("admin@example.org").get("/audit", query_string={"reference": ref})
    assert "status_changed" in page.get_data(as_text=True)


def test_audit_log_cannot_be_changed_or_deleted(staff: Staff, lac: Any) -> None:
    lac.get("/")
    engine = engine_of(staff.app)
    for statement in ("UPDATE audit_log SET action = 'nothing'", "DELETE FROM audit_log"):
        with pytest.raises(DatabaseError, match="append-only"), engine.begin() as conn:
            conn.execute(text(statement))
    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM audit_log")).scalar_one() > 0


def test_html_in_submitted_text_is_escaped_on_every_page(staff: Staff, lac: Any) -> None:
    first = staff.notify(name=XSS_NAME, top={"concerns": XSS_NAME})
    second = staff.notify(name=XSS_NAME, top={"concerns": XSS_NAME})
    ref = first["reference"]
    staff.post_form(lac, f"/cases/{ref}", f"/cases/{ref}/notes", {"note": XSS_NAME})
    admin = staff.client("admin@example.org")
    pages = [lac.get("/"), lac.get(f"/cases/{ref}"), lac.get(f"/?q={XSS_NAME}"),
             lac.get(f"/cases/{ref}/compare/{second['reference']}"),
             admin.get("/audit"), admin.get("/")]
    for response in pages:
        html = response.get_data(as_text=True)
        assert response.status_code == 200
        assert "<script>alert" not in html and "<img src=x" not in html
        assert "&lt;script&gt;" in html or "&lt;img" in html or response.request.path == (
            "/audit")


def test_focused_review_without_reference_is_matched_by_the_persons_details(
        staff: Staff, lac: Any) -> None:
    review = request_doc("focused_review", related_reference=None,
                         person={"name": "Mary Jane Holt", "date_of_death": "2026-10-01",
                                 "home_postcode": "LS2 9JT"},
                         notifier={"name": "Sam", "email": "sam@example.org"})
    assert staff.post(review)["icb"] == ICB_A
    page = lac.get("/", query_string={"q": "holt"}).get_data(as_text=True)
    assert f"/cases/{review['reference']}" in page and "Mary Jane Holt" in page
    assert "Focused review</span>" in page
