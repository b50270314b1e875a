"""Which questions are asked, and when: the conditional questions of issue 2."""

from __future__ import annotations

from bot.actions.plan import UNKNOWN, load_plan

PLAN = load_plan("notify")


def test_age_at_death_is_asked_only_when_date_of_birth_is_unknown() -> None:
    assert "age_at_death" not in PLAN.applicable({"date_of_birth": "1958-03-03"})
    assert "age_at_death" not in PLAN.applicable({})
    assert "age_at_death" in PLAN.applicable({"date_of_birth": UNKNOWN})


def test_family_contact_is_asked_when_the_notifier_is_not_family() -> None:
    for rel in ("paid_carer", "friend", "health_professional", "social_care_professional"):
        assert "family_contact_name" in PLAN.applicable({"notifier_relationship": rel})
    for rel in ("parent", "child", "sibling", "partner", "other_family"):
        assert "family_contact_name" not in PLAN.applicable({"notifier_relationship": rel})
    answers = {"notifier_relationship": "paid_carer", "family_contact_name": UNKNOWN}
    assert "family_contact_phone" not in PLAN.applicable(answers)


def test_phone_or_email_by_preferred_contact() -> None:
    base = {"consent_to_contact": True}
    assert "notifier_phone" in PLAN.applicable({**base, "preferred_contact": "text"})
    assert "notifier_email" not in PLAN.applicable({**base, "preferred_contact": "text"})
    assert "notifier_email" in PLAN.applicable({**base, "preferred_contact": "email"})
    no_contact = PLAN.applicable({"consent_to_contact": False})
    assert "preferred_contact" not in no_contact and "notifier_phone" not in no_contact


def test_copy_format_only_when_a_copy_is_wanted() -> None:
    assert "review_copy_format" in PLAN.applicable({"wants_review_copy": "yes"})
    assert "review_copy_format" not in PLAN.applicable({"wants_review_copy": "no"})


def test_progress_counts_the_questions_that_apply_now() -> None:
    answers = {"person_name": "Tom"}
    first = PLAN.progress(answers, "person_name")
    assert first["step"] == 1
    assert PLAN.progress(answers, "notifier_name")["step"] == 2
    later = PLAN.progress({**answers, "date_of_birth": UNKNOWN}, "person_name")
    assert later["of"] == first["of"] + 1  # age at death now applies too
    assert PLAN.progress(answers, "confirm")["step"] == first["of"]


def test_next_question_skips_answers_already_given() -> None:
    answers = {f: None for f in PLAN.fields}
    answers.update(person_name="Tom Smith", notifier_name="Jo", notifier_relationship="parent")
    assert PLAN.next_field(answers) == "date_of_death"
