"""The API page: the endpoints and their parameters, read from the app's own OpenAPI document."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from ..pages import NavItem, render

router = APIRouter(include_in_schema=False)
NAV = NavItem("API", "/api-docs", 90)


def endpoints(spec: dict[str, Any]) -> list[dict[str, Any]]:
    """Each GET endpoint of an OpenAPI document with its summary and parameters."""
    out = []
    for path, methods in spec.get("paths", {}).items():
        op = methods.get("get")
        if not op:
            continue
        params = [
            {"name": p["name"], "in": p["in"], "required": p.get("required", False), "description": p.get("description") or p.get("schema", {}).get("description", "")}
            for p in op.get("parameters", [])
        ]
        out.append({"path": path, "summary": op.get("summary", ""), "description": op.get("description", ""), "params": params})
    return out


@router.get("/api-docs", response_class=HTMLResponse)
def api_docs(request: Request) -> HTMLResponse:
    """The HTTP API's endpoints; the machine-readable document is /openapi.json."""
    return render(request, "apidoc.html", title="API · crisisdesk", endpoints=endpoints(request.app.openapi()))
