"""Word lists (data) for bot.actions.parsing; a package only so the YAML ships with it."""
