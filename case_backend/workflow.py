"""The case status workflow: new -> triaged -> allocated -> in_review -> closed."""

from __future__ import annotations

STATUSES = ("new", "triaged", "allocated", "in_review", "closed")

# Allowed moves. Back-steps exist for real corrections (a reviewer hands a case back);
# a closed case stays closed, and nothing skips a step forward.
TRANSITIONS: dict[str, tuple[str, ...]] = {
    "new": ("triaged",),
    "triaged": ("allocated", "closed"),
    "allocated": ("in_review", "triaged"),
    "in_review": ("closed", "allocated"),
    "closed": (),
}

# Moves a reviewer may make on a case allocated to them; the others need a local area contact.
REVIEWER_MOVES = {("allocated", "in_review"), ("in_review", "closed")}


class TransitionError(ValueError):
    """The move is not allowed from the case's current status."""


def check_transition(current: str, wanted: str, *, role: str, is_assignee: bool,
                     has_assignee: bool) -> None:
    if wanted not in TRANSITIONS.get(current, ()):
        raise TransitionError(f"a case cannot move from {current} to {wanted}")
    if wanted == "allocated" and not has_assignee:
        raise TransitionError("choose who the case is allocated to")
    if role == "reviewer" and not (is_assignee and (current, wanted) in REVIEWER_MOVES):
        raise TransitionError("reviewers can only start and close reviews allocated to them")
