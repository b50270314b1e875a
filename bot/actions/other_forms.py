"""The forms of the focused_review, feedback and human flows, made from their plan files."""

from __future__ import annotations

from bot.actions.forms import make_form_actions
from bot.actions.plan import load_plan

for _flow in ("focused_review", "feedback", "human"):
    globals().update(make_form_actions(load_plan(_flow)))
