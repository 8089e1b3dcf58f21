"""crisisdesk: who said what and who did what to whom in crisis news, with evidence."""

__version__ = "0.1.0"
