"""Words about danger, abuse, neglect or ending one's life: found in any message, in any flow."""

from bot.actions.safeguarding.detect import Concern, detect_concern, mentions_death

__all__ = ["Concern", "detect_concern", "mentions_death"]
