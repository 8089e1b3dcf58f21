"""Run the CLI as `python -m crisisdesk`."""

from .cli import app

app()
