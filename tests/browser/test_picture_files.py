"""Every picture the chat can show ships in the repository, with its licence."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from channels import create_app
from channels.web.pictures import PICTURES_DIR, PICTURES_FILE, picture_path

PICTURE_IDS = sorted(set(yaml.safe_load(PICTURES_FILE.read_text(encoding="utf-8")).values()))


@pytest.mark.parametrize("picture_id", PICTURE_IDS)
def test_every_picture_id_has_its_svg_file(picture_id: str) -> None:
    path = picture_path(picture_id)
    assert path is not None, f"{picture_id} is not a <set>:<code points> id"
    file = PICTURES_DIR / path
    assert file.is_file(), f"{picture_id}: {file} is missing"
    assert file.read_text(encoding="utf-8").lstrip().startswith("<svg")


def test_the_licence_and_attribution_ship_with_the_pictures() -> None:
    licence = (PICTURES_DIR / "openmoji" / "LICENSE.txt").read_text(encoding="utf-8")
    attribution = (PICTURES_DIR / "ATTRIBUTION.md").read_text(encoding="utf-8")
    assert "Attribution-ShareAlike 4.0 International" in licence
    assert "OpenMoji" in attribution and "CC BY-SA 4.0" in attribution


def test_no_picture_file_is_unused() -> None:
    used = {picture_path(p) for p in PICTURE_IDS}
    files = {str(f.relative_to(PICTURES_DIR)) for f in PICTURES_DIR.rglob("*.svg")}
    assert files - used == set()


@pytest.fixture
def client(tmp_path: Path):
    app = create_app({"RASA_URLS": "http://127.0.0.1:9", "GATEWAY_VAR_DIR": str(tmp_path),
                      "GATEWAY_SECRET": "picture-test-secret-0123456789-abcdefghij"})
    return app.test_client()


def test_pictures_are_served_as_svg_and_nothing_else_is(client) -> None:
    response = client.get("/pictures/openmoji/1F3E0.svg")
    assert response.status_code == 200
    assert response.mimetype == "image/svg+xml"
    for path in ("/pictures/openmoji/..%2F..%2Fpictures.yml", "/pictures/openmoji/LICENSE.txt",
                 "/pictures/openmoji/1f3e0.svg", "/pictures/other/1F3E0.svg",
                 "/pictures/openmoji/FFFFF.svg"):
        assert client.get(path).status_code == 404, path


def test_the_embed_script_can_be_loaded_by_other_sites(client) -> None:
    response = client.get("/embed.js")
    assert response.status_code == 200
    assert response.mimetype == "text/javascript"
    assert response.headers["Cross-Origin-Resource-Policy"] == "cross-origin"
    body = response.get_data(as_text=True)
    assert "Chat with Tell LeDeR" in body and "{{" not in body
    assert client.get("/widget/embed.js").status_code == 404  # the template itself is not served
