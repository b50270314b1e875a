"""The buttons of the menus (pure data; SPEC section 5 choices "menu:<name>")."""

from __future__ import annotations

from bot.actions.about_topics import topics

MENU = ["menu:notify", "menu:focused_review", "menu:feedback", "menu:human", "menu:help"]
RESUME_MENU = ["menu:resume", "menu:start_again"]
HELP_TOPICS = [f"about:{topic}" for topic in topics()]
