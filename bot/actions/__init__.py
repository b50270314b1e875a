"""Tell LeDeR's Rasa actions (run by `rasa run actions --actions bot.actions`)."""
