"""Every query is scoped to the user's ICB: another ICB's case is a 404 on every route."""

from __future__ import annotations

import csv
import io

import pytest

from tests.case_backend.conftest import ICB_A, ICB_B, POSTCODE_B, Staff, csrf_token


@pytest.fixture
def two_icbs(staff: Staff) -> dict[str, dict]:
    staff.user("a@example.org", icb=ICB_A)
    staff.user("b@example.org", icb=ICB_B)
    staff.user("admin@example.org", role="admin", icb=None)
    mine = staff.notify(name="Alice Ashworth", nhs_number="9434765919")
    theirs = staff.notify(postcode=POSTCODE_B, name="Bobby Brennan", nhs_number="4010232137",
                          date_of_birth="1970-05-05")
    return {"mine": mine, "theirs": theirs}


def test_cases_are_assigned_to_the_icb_of_the_home_postcode(staff: Staff,
                                                            two_icbs: dict) -> None:
    for key, icb in (("mine", ICB_A), ("theirs", ICB_B)):
        doc = staff.app.test_client().get(
            f"/api/v1/notifications/{two_icbs[key]['reference']}",
            headers={"Authorization": "Bearer " + staff.app.config["CASE_BACKEND_API_TOKENS"][0]})
        assert doc.get_json()["icb"] == icb


def test_other_icbs_case_is_not_listed_searched_or_exported(staff: Staff,
                                                            two_icbs: dict) -> None:
    client = staff.client("a@example.org")
    queue = client.get("/").get_data(as_text=True)
    assert two_icbs["mine"]["reference"] in queue and "Alice Ashworth" in queue
    assert two_icbs["theirs"]["reference"] not in queue and "Bobby Brennan" not in queue
    for query in ("Bobby Brennan", "Brennan", "4010232137", two_icbs["theirs"]["reference"]):
        page = client.get("/", query_string={"q": query, "status": "all"}).get_data(
            as_text=True)
        assert f"/cases/{two_icbs['theirs']['reference']}" not in page, query
        assert "0 cases" in page, query
    exported = client.get("/export.csv", query_string={"status": "all"}).get_data(as_text=True)
    references = [row["reference"] for row in csv.DictReader(io.StringIO(exported))]
    assert references == [two_icbs["mine"]["reference"]]


def test_other_icbs_case_is_404_on_every_route(staff: Staff, two_icbs: dict) -> None:
    client = staff.client("a@example.org")
    mine, theirs = two_icbs["mine"]["reference"], two_icbs["theirs"]["reference"]
    token = csrf_token(client.get(f"/cases/{mine}").get_data(as_text=True))
    mark = staff.audit_mark()
    gets = [f"/cases/{theirs}", f"/cases/{mine}/compare/{theirs}",
            f"/cases/{theirs}/compare/{mine}"]
    posts = {
        f"/cases/{theirs}/status": {"status": "triaged"},
        f"/cases/{theirs}/notes": {"note": "hello"},
        f"/cases/{theirs}/merge": {"other": mine},
        f"/cases/{mine}/merge": {"other": theirs},
    }
    for url in gets:
        assert client.get(url).status_code == 404, url
    for url, data in posts.items():
        assert client.post(url, data={**data, "csrf_token": token}).status_code == 404, url
    # Exactly like a reference that does not exist at all.
    assert client.get("/cases/LDR-AAAA-AAAA").status_code == 404
    refused = [e for e in staff.audit_since(mark) if e.action == "access_refused"]
    assert len(refused) >= len(gets) + len(posts)
    assert theirs in {e.reference for e in refused}
    # Nothing changed on the other ICB's case.
    other = staff.client("b@example.org").get(f"/cases/{theirs}").get_data(as_text=True)
    assert "Status</dt><dd>New" in other and "hello" not in other


def test_only_admins_assign_icbs_and_read_the_audit_log(staff: Staff, two_icbs: dict) -> None:
    staff.user("reviewer@example.org", role="reviewer", icb=ICB_A)
    mine = two_icbs["mine"]["reference"]
    for email in ("a@example.org", "reviewer@example.org"):
        client = staff.client(email)
        assert client.get("/audit").status_code == 403
        response = staff.post_form(client, f"/cases/{mine}", f"/cases/{mine}/icb",
                                   {"icb": ICB_B})
        assert response.status_code == 403
    reviewer = staff.client("reviewer@example.org")
    assert reviewer.get("/export.csv").status_code == 403
    admin = staff.client("admin@example.org")
    assert admin.get("/audit").status_code == 200


def test_admin_sees_every_icb_and_the_unassigned_queue(staff: Staff, two_icbs: dict) -> None:
    nowhere = staff.notify(postcode=None, name="Carla Nowhere", gp_practice=None)
    admin = staff.client("admin@example.org")
    everything = admin.get("/").get_data(as_text=True)
    for doc in (two_icbs["mine"], two_icbs["theirs"], nowhere):
        assert doc["reference"] in everything
    unassigned = admin.get("/", query_string={"icb": "unassigned"}).get_data(as_text=True)
    assert nowhere["reference"] in unassigned
    assert two_icbs["mine"]["reference"] not in unassigned
    # Nobody in an ICB sees it until an admin assigns it.
    a = staff.client("a@example.org")
    assert a.get(f"/cases/{nowhere['reference']}").status_code == 404
    mark = staff.audit_mark()
    response = staff.post_form(admin, f"/cases/{nowhere['reference']}",
                               f"/cases/{nowhere['reference']}/icb", {"icb": ICB_A})
    assert response.status_code == 302
    assert a.get(f"/cases/{nowhere['reference']}").status_code == 200
    assert any(e.action == "icb_assigned" and e.detail["icb_to"] == ICB_A
               for e in staff.audit_since(mark))
