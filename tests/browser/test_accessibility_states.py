"""axe-core finds nothing on the page in each state of a conversation, at desktop and
phone width; a screenshot of each state is kept so a person can look."""

from __future__ import annotations

import pytest

from tests.browser.journeys import FAMILY_BY_KEYBOARD
from tests.browser.widget import DESKTOP, MENU_NOTIFY, PHONE

pytestmark = [pytest.mark.browser, pytest.mark.e2e]

# Answer by mouse what the keyboard journey answers by keys: the states are the same.
ANSWERS = FAMILY_BY_KEYBOARD
STATES = ("empty", "choices", "date", "summary", "strong_colours", "voice_warning",
          "confirmation")


def _summary(violations: list[dict]) -> list[str]:
    return [f"{v['id']} ({v['impact']}): {v['help']} -> "
            f"{[n['target'] for n in v['nodes']][:5]}" for v in violations]


def test_no_axe_violations_in_any_state(widget, gateway_url, axe_violations, artifacts_dir,
                                        record_figure) -> None:
    chat = widget()
    page = chat.page
    shots = artifacts_dir / "widget"
    shots.mkdir(exist_ok=True)
    found: dict[str, list[str]] = {}
    enhanced: dict[str, list[str]] = {}

    def check(state: str) -> None:
        for size_name, size in (("desktop", DESKTOP), ("phone", PHONE)):
            page.set_viewport_size(size)
            page.evaluate("window.scrollTo(0, 0)")
            found[f"{state}/{size_name}"] = _summary(axe_violations(page))
            # Text contrast at AAA (7:1) too: it is practical on this page, so it is kept.
            enhanced[f"{state}/{size_name}"] = _summary(
                axe_violations(page, ["color-contrast-enhanced"]))
            # On a desktop the transcript scrolls inside the window; a phone shows it all.
            page.screenshot(path=str(shots / f"{state}-{size_name}.png"),
                            full_page=size is PHONE)
        page.set_viewport_size(DESKTOP)

    chat.open(gateway_url)
    check("empty")
    chat.choose(MENU_NOTIFY)

    def at_question(asks: str) -> None:
        if asks == "notifier_relationship":
            check("choices")
        elif asks == "date_of_death":
            assert page.locator("#date-picker").is_visible()
            check("date")

    chat.answer_until(ANSWERS, on_question=at_question)
    check("summary")

    page.get_by_role("button", name="Strong colours").click()
    assert page.evaluate("document.documentElement.classList.contains('strong-colours')")
    check("strong_colours")
    page.get_by_role("button", name="Strong colours").click()

    page.get_by_role("button", name="Voice mode", exact=True).click()
    assert page.locator("#voice-panel").is_visible()
    check("voice_warning")
    page.locator("#voice-cancel").click()

    chat.choose(chat.last["choices"][0]["value"])
    chat.reference()
    check("confirmation")

    assert sorted({key.split("/")[0] for key in found}) == sorted(STATES)
    record_figure("axe_violations_per_state", {key: len(v) for key, v in found.items()})
    record_figure("axe_aaa_contrast_violations", sum(len(v) for v in enhanced.values()))
    assert {key: v for key, v in found.items() if v} == {}
    assert {key: v for key, v in enhanced.items() if v} == {}
