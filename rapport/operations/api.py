"""Operational endpoints of the JSON API (health)."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["operations"])
