"""Answers for whole notifications, keyed by the field the bot asks (`asks`).

Each answer is (how, what): "type" words in the box, "choose" a picture button by its
value, "choose_many" several, "date" (day, month, year) with the date picker.
"""

from __future__ import annotations

import datetime as dt

FAMILY_BY_KEYBOARD = {
    "person_name": ("type", "Thomas Edward Smith"),
    "notifier_name": ("type", "Jo Bloggs"),
    "notifier_relationship": ("choose", "parent"),
    "date_of_death": ("type", "yesterday"),  # words in the box, not the date picker
    # The date picker, typed with the keys. Day = month: Chromium orders the parts by its
    # own interface language (d/m/y or m/d/y), which a page cannot choose.
    "date_of_birth": ("date", (3, 3, 1958)),
    "place_of_death": ("choose", "hospital"),
    "home_postcode": ("type", "ls1 4dy"),
    "gp_practice": ("type", "Park Lane Surgery"),
    "nhs_number": ("type", "943 476 5919"),
    "learning_disability": ("choose", "yes"),
    "autistic": ("choose", "no"),
    "ethnicity": ("choose", "black_caribbean"),
    # Markup in an answer must come back in the read-back as the very same text.
    "concerns": ("type", "The ward did not listen to us <b>at all</b>"),
    "life_story": ("type", "He loved trains"),
    "family_requests_focused_review": ("choose", "yes"),
    "wants_review_copy": ("choose", "yes"),
    "review_copy_format": ("choose", "easy_read"),
    "consent_to_contact": ("choose", "yes"),
    "preferred_contact": ("choose", "email"),
    "notifier_email": ("type", "jo@example.org"),
    "communication_needs": ("choose_many", ["easy_read", "large_print"]),
}

A_WEEK_AGO = dt.date.today() - dt.timedelta(days=7)
CARER_BY_CLICKS = {
    "person_name": ("type", "Amrit Kaur"),
    "notifier_name": ("type", "Sam Jones"),
    "notifier_relationship": ("choose", "paid_carer"),
    "date_of_death": ("date", (A_WEEK_AGO.day, A_WEEK_AGO.month, A_WEEK_AGO.year)),
    "date_of_birth": ("date", (14, 2, 1970)),
    "place_of_death": ("choose", "care_home"),
    "home_postcode": ("type", "I do not know"),
    "gp_practice": ("type", "I do not know"),
    "nhs_number": ("type", "I do not know"),
    "learning_disability": ("choose", "yes"),
    "autistic": ("choose", "not_sure"),
    "ethnicity": ("choose", "asian_indian"),
    "concerns": ("type", "no"),
    "life_story": ("type", "no"),
    "family_requests_focused_review": ("choose", "no"),
    "wants_review_copy": ("choose", "no"),
    "family_contact_name": ("type", "Priya Kaur"),
    "family_contact_relationship": ("type", "her sister"),
    "family_contact_phone": ("type", "I do not know"),
    "consent_to_contact": ("choose", "yes"),
    "preferred_contact": ("choose", "phone"),
    "notifier_phone": ("type", "07700 900123"),
    "communication_needs": ("choose_many", ["none"]),
}
