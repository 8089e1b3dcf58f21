"""The dashboard's pages, one module per page or group of pages.

Each module has a `router` and a `NAV` entry (or None). A new page (the analysis issue's alerts
and claims, say) is a module added to `VIEWS`; its NAV order slots it into the bar (alerts 25,
claims 55 are left free for them).
"""

from __future__ import annotations

from fastapi import FastAPI

from ..pages import add_nav
from . import actors, alerts, apidoc, articles, claims, events, overview, pairs, quotes

VIEWS = (overview, pairs, alerts, actors, quotes, events, claims, articles, apidoc)


def register(app: FastAPI) -> None:
    """Add every page's routes to the app and its entry to the navigation bar."""
    for view in VIEWS:
        app.include_router(view.router)
        if view.NAV is not None:
            add_nav(view.NAV)
