"""ICB assignment: the 42 ICBs, the postcode directory loader, GP practices, the commands."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import func, select

from case_backend.icb import (
    SAMPLE_POSTCODES,
    LookupFileError,
    all_icbs,
    import_gp_practices,
    import_postcodes,
    lookup_icb,
    normalise_postcode,
)
from case_backend.models import LookupSource, PostcodeIcb
from tests.case_backend.conftest import TEST_KEYS, Staff, engine_of

REPO = Path(__file__).resolve().parents[2]


def test_there_are_42_icbs_with_unique_codes_and_names() -> None:
    icbs = all_icbs()
    assert len(icbs) == 42
    assert len({icb.name for icb in icbs.values()}) == 42
    assert all(len(code) == 3 and code.startswith("Q") for code in icbs)
    gss = [icb.gss_code for icb in icbs.values() if icb.gss_code]
    assert len(gss) == len(set(gss)) and all(code.startswith("E54") for code in gss)
    assert icbs["QWO"].name == "NHS West Yorkshire Integrated Care Board"


@pytest.mark.parametrize(("typed", "normal"), [
    ("ls14dy", "LS1 4DY"), (" LS1   4DY ", "LS1 4DY"), ("SW1A1AA", "SW1A 1AA"),
    ("not a postcode", None), ("", None), (None, None)])
def test_postcodes_are_normalised(typed: str | None, normal: str | None) -> None:
    assert normalise_postcode(typed) == normal


def test_sample_import_records_its_source_and_skips_terminated(staff: Staff) -> None:
    with engine_of(staff.app).connect() as conn:
        source = conn.execute(select(LookupSource)).one()
        assert source.kind == "postcode" and source.published == "sample"
        assert "sample_postcodes.csv" in source.source
        assert source.rows == conn.execute(
            select(func.count()).select_from(PostcodeIcb)).scalar_one() == 8
    with staff.app.app_context():
        assert lookup_icb(staff.db, "ls1 4dy", None) == ("QWO", "postcode")
        assert lookup_icb(staff.db, "EX1 1AA", None) == (None, None)  # terminated in 2019
        assert lookup_icb(staff.db, "ZZ9 9ZZ", None) == (None, None)


def test_ons_codes_are_mapped_and_unknown_codes_counted(staff: Staff, tmp_path: Path) -> None:
    extract = tmp_path / "nspl.csv"
    extract.write_text("pcds,doterm,icb\nBS1 4DJ,,E54000039\nLS1 4DY,,E54999999\n"
                       "LS2 9JT,,E54000777\nbad,,QWO\n")
    code_map = tmp_path / "icb_names_and_codes.csv"
    code_map.write_text("ICB23CD,ICB23CDH,ICB23NM\nE54000777,QWO,NHS West Yorkshire ICB\n")
    with staff.app.app_context():
        result = import_postcodes(staff.db, extract, source="test", published="2026-08",
                                  code_map=code_map)
        assert (result.rows, result.unknown_icb, result.bad_postcode) == (2, 1, 1)
        assert lookup_icb(staff.db, "BS1 4DJ", None)[0] == "QUY"
        assert lookup_icb(staff.db, "LS2 9JT", None)[0] == "QWO"
        assert lookup_icb(staff.db, "LS1 4DY", None)[0] is None  # replaced by the new file


def test_a_file_without_the_columns_is_refused(staff: Staff, tmp_path: Path) -> None:
    wrong = tmp_path / "wrong.csv"
    wrong.write_text("a,b\n1,2\n")
    with staff.app.app_context(), pytest.raises(LookupFileError, match="postcode"):
        import_postcodes(staff.db, wrong, source="x", published="y")


def test_gp_practice_is_used_when_the_postcode_is_unknown(staff: Staff, tmp_path: Path) -> None:
    practices = tmp_path / "practices.csv"
    practices.write_text("practice_code,practice_name,icb\nB86001,Park Lane Surgery,QWO\n"
                         "P84001,Same Name Surgery,QOP\nY01234,Same Name Surgery,QWO\n")
    with staff.app.app_context():
        result = import_gp_practices(staff.db, practices, source="test", published="2026-08")
        assert result.rows == 1  # the ambiguous name is left out
    doc = staff.notify(postcode=None, gp_practice="park lane surgery")
    receipt = staff.post(doc)
    assert receipt["icb"] == "QWO"
    ambiguous = staff.notify(postcode=None, gp_practice="Same Name Surgery")
    assert staff.post(ambiguous)["icb"] is None


def _command(database_url: str, *args: str, stdin: str = "") -> subprocess.CompletedProcess:
    env = {**os.environ, "DATABASE_URL": database_url,
           "CASE_BACKEND_SECRET_KEY": TEST_KEYS["SECRET_KEY"],
           "CASE_BACKEND_ENCRYPTION_KEYS": TEST_KEYS["ENCRYPTION_KEYS"],
           "CASE_BACKEND_INDEX_KEY": TEST_KEYS["INDEX_KEY"]}
    return subprocess.run([sys.executable, "-m", "case_backend", *args], cwd=REPO, env=env,
                          input=stdin, capture_output=True, text=True, timeout=120, check=False)


def test_commands_import_postcodes_and_create_users(staff: Staff, database_url: str) -> None:
    result = _command(database_url, "import-postcodes", str(SAMPLE_POSTCODES),
                      "--source", "ONS Postcode Directory sample", "--published", "2026-08")
    assert result.returncode == 0, result.stderr
    assert "imported 8 postcodes (1 terminated" in result.stdout
    weak = _command(database_url, "create-user", "--email", "x@example.org", "--name", "X",
                    "--role", "reviewer", "--icb", "QWO", "--password-stdin", stdin="short\n")
    assert weak.returncode == 2 and "at least 12 characters" in weak.stderr
    no_icb = _command(database_url, "create-user", "--email", "x@example.org", "--name", "X",
                      "--role", "reviewer", "--password-stdin", stdin="long enough pass 1\n")
    assert no_icb.returncode == 2 and "ICB" in no_icb.stderr
    made = _command(database_url, "create-user", "--email", "X@Example.org", "--name", "Xavi",
                    "--role", "reviewer", "--icb", "QWO", "--password-stdin",
                    stdin="long enough pass 1\n")
    assert made.returncode == 0, made.stderr
    assert staff.login(staff.client(), "x@example.org", "long enough pass 1").status_code == 302
    reset = _command(database_url, "set-password", "--email", "x@example.org",
                     "--password-stdin", stdin="another long pass 2\n")
    assert reset.returncode == 0, reset.stderr
    assert staff.login(staff.client(), "x@example.org", "another long pass 2").status_code == 302
    purge = _command(database_url, "purge-transcripts", "--days", "30")
    assert purge.returncode == 0 and "purged 0 transcripts older than 30 days" in purge.stdout
