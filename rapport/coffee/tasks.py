"""Background work for coffee rounds, run by `rapport worker`."""

from __future__ import annotations

import logging

from django.utils import timezone
from django_tasks import task

from rapport.coffee.models import CoffeeRound
from rapport.coffee.schedule import ROUND_WEEKDAY
from rapport.coffee.services import coffee_round_run
from rapport.errors import Conflict

log = logging.getLogger(__name__)


@task()
def run_coffee_round() -> int | None:
    """Hold today's round when today is the round day and it has not run yet; returns
    the round's id, or None. The schedule enqueues this hourly, so a worker that was
    down at midnight still holds the round later that day."""
    today = timezone.localdate()
    if today.weekday() != ROUND_WEEKDAY or CoffeeRound.objects.filter(held_on=today).exists():
        return None
    try:
        coffee_round = coffee_round_run(held_on=today)
    except Conflict:  # another worker held it a moment ago
        return None
    log.info("coffee round %s held on %s", coffee_round.pk, today)
    return coffee_round.pk
