"""The notify form (SPEC section 3, flow "notify"): made from flows/notify.yml.

Modelled on RasaHQ's financial-demo: a ``validate_<slot>`` per slot, the question
explained again after a failed answer, and a read-back with a final confirm before
anything is sent. The machinery is shared with the other flows (bot/actions/forms.py).
"""

from __future__ import annotations

from bot.actions.forms import make_form_actions
from bot.actions.plan import load_plan

PLAN = load_plan("notify")
globals().update(make_form_actions(PLAN))
