from __future__ import annotations

import pytest

from tests.e2e.chat import Chat


@pytest.fixture
def chat(stack) -> Chat:
    c = Chat(gateway=f"http://127.0.0.1:{stack.ports.gateway}")
    c.start()
    return c


