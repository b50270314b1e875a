from __future__ import annotations

from collections.abc import Callable

import pytest
import requests

from tests.e2e.chat import Chat


@pytest.fixture
def chat(stack) -> Chat:
    c = Chat(gateway=f"http://127.0.0.1:{stack.ports.gateway}")
    c.start()
    return c


@pytest.fixture
def stored(stack) -> Callable[[str], dict]:
    """Fetch a notification from the case backend as an authorised service client."""

    def get(reference: str) -> dict:
        r = requests.get(
            f"http://127.0.0.1:{stack.ports.backend}/api/v1/notifications/{reference}",
            headers={"Authorization": f"Bearer {stack.env['CASE_BACKEND_TOKEN']}"}, timeout=10)
        assert r.status_code == 200, r.text
        return r.json()

    return get
