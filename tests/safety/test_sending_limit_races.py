"""The sending limits hold when the sends arrive at the same moment.

Each thread has its own database connection, as each web worker would, and all of
them fire at once behind a barrier (tests/races.py). Without the lock taken before
the count (``sending_lock``, or the sender's row), thirty messages sent at once would
all read "19 so far" and all be sent. Here many sends at once never make more than
the limit: exactly the limit goes through, and every other one is refused with when.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections import Counter
from collections.abc import Callable
from dataclasses import replace

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from rapport.asks import services as ask_services
from rapport.asks.models import Ask, AskAnswer
from rapport.conversations.models import Conversation, Message
from rapport.errors import BudgetExceeded
from rapport.gatherings import services as gathering_services
from rapport.gatherings.models import Attendance
from rapport.imports import services as import_services
from rapport.imports.models import ImportJob
from rapport.introductions import services as introduction_services
from rapport.introductions.models import Introduction
from rapport.members.services import api_token_create
from rapport.photos import services as photo_services
from rapport.photos.models import PhotoUpload
from rapport.safety import sending_limits
from rapport.safety import services as safety_services
from rapport.safety.models import Report
from tests.introductions.conftest import WHY_BEN, WHY_CY
from tests.photos.images import png
from tests.races import at_once

RACERS = 20
LIMIT = 5


def _outcomes(outcomes: list[object]) -> tuple[int, list[BudgetExceeded]]:
    refused = [o for o in outcomes if isinstance(o, BudgetExceeded)]
    others = [o for o in outcomes if isinstance(o, Exception) and not isinstance(o, BudgetExceeded)]
    assert not others, others
    return len(outcomes) - len(refused), refused


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_thirty_messages_at_once_send_exactly_the_minutes_twenty(
    postgres_only, make_member, connect
):
    ana, ben = make_member("Ana Ruiz"), make_member("Ben Okafor")
    connect(ben, ana)
    conversation = Conversation.objects.get()
    already = Message.objects.filter(sender=ana).count()
    _token, raw = api_token_create(member=ana, label="race")
    limit = sending_limits.MESSAGES_PER_MINUTE.limit

    def send(n: int) -> int:
        return (
            Client(headers={"Authorization": f"Bearer {raw}"})
            .post(
                f"/api/conversations/{conversation.pk}/messages",
                {"body": f"Thought number {n} about the pilot."},
                content_type="application/json",
            )
            .status_code
        )

    statuses = at_once([functools.partial(send, n) for n in range(limit + 10)])

    assert Counter(statuses) == {201: limit - already, 429: 10 + already}, statuses
    assert Message.objects.filter(sender=ana).count() == limit


def _people(make_member, connect, count: int) -> list:
    """Ana, and ``count`` members connected to her (each asked her: her budget is hers)."""
    ana = make_member("Ana Ruiz")
    others = [make_member(f"Zora{n} Quist") for n in range(count)]
    for other in others:
        connect(other, ana)
    return [ana, *others]


def _reports(make_member, connect, monkeypatch, tmp_path) -> tuple[list[Callable], Callable]:
    ana, *others = _people(make_member, connect, 3)
    monkeypatch.setattr(
        safety_services, "REPORTS_PER_DAY", replace(sending_limits.REPORTS_PER_DAY, limit=LIMIT)
    )
    calls = [
        functools.partial(
            safety_services.report_create,
            reporter=ana,
            reported_id=others[n % 3].pk,
            reason="spam",
        )
        for n in range(RACERS)
    ]
    return calls, lambda: Report.objects.filter(reporter=ana).count()


def _asks(make_member, connect, monkeypatch, tmp_path) -> tuple[list[Callable], Callable]:
    ana, *_ = _people(make_member, connect, 1)
    monkeypatch.setattr(ask_services, "OPEN_MAX", RACERS)  # the day's limit here
    monkeypatch.setattr(
        ask_services, "ASKS_PER_DAY", replace(sending_limits.ASKS_PER_DAY, limit=LIMIT)
    )
    calls = [
        functools.partial(
            ask_services.ask_post, poster=ana, kind="ask", title=f"Advice on topic {n}"
        )
        for n in range(RACERS)
    ]
    return calls, lambda: Ask.objects.filter(poster=ana).count()


def _answers(make_member, connect, monkeypatch, tmp_path) -> tuple[list[Callable], Callable]:
    ana, ben = _people(make_member, connect, 1)
    ask = ask_services.ask_post(poster=ben, kind="ask", title="Advice on moving to product")
    monkeypatch.setattr(
        ask_services,
        "ASK_ANSWERS_PER_DAY",
        replace(sending_limits.ASK_ANSWERS_PER_DAY, limit=LIMIT),
    )
    calls = [
        functools.partial(
            ask_services.ask_answer, author=ana, ask_id=ask.pk, body=f"Thought number {n}."
        )
        for n in range(RACERS)
    ]
    return calls, lambda: AskAnswer.objects.filter(author=ana).count()


def _introductions(make_member, connect, monkeypatch, tmp_path) -> tuple[list[Callable], Callable]:
    ana, *others = _people(make_member, connect, 7)  # 21 pairs among seven
    monkeypatch.setattr(
        introduction_services,
        "INTRODUCTIONS_PER_DAY",
        replace(sending_limits.INTRODUCTIONS_PER_DAY, limit=LIMIT),
    )
    pairs = [(a, b) for i, a in enumerate(others) for b in others[i + 1 :]][:RACERS]
    calls = [
        functools.partial(
            introduction_services.introduction_make,
            introducer=ana,
            first_id=a.pk,
            second_id=b.pk,
            why_first=WHY_BEN,
            why_second=WHY_CY,
        )
        for a, b in pairs
    ]
    return calls, lambda: Introduction.objects.filter(introducer=ana).count()


def _invitations(make_member, connect, monkeypatch, tmp_path) -> tuple[list[Callable], Callable]:
    ana, *others = _people(make_member, connect, RACERS)
    start = dt.datetime.now(dt.UTC).replace(microsecond=0) + dt.timedelta(days=7)
    gathering = gathering_services.gathering_create(
        host=ana,
        title="Coffee and maps",
        starts_at=start,
        ends_at=start + dt.timedelta(hours=1),
        place="Café Lumen, Leeds",
        no_agenda=True,
    )
    monkeypatch.setattr(
        gathering_services,
        "INVITATIONS_PER_DAY",
        replace(sending_limits.INVITATIONS_PER_DAY, limit=LIMIT),
    )
    calls = [
        functools.partial(
            gathering_services.gathering_invite,
            host=ana,
            gathering_id=gathering.pk,
            member_ids=[other.pk],
        )
        for other in others
    ]
    return calls, lambda: Attendance.objects.filter(gathering=gathering, invited=True).count()


def _imports(make_member, connect, monkeypatch, tmp_path) -> tuple[list[Callable], Callable]:
    ana, *_ = _people(make_member, connect, 0)
    from django.conf import settings

    monkeypatch.setattr(settings, "DATA_DIR", tmp_path / "data")
    monkeypatch.setattr(import_services, "IMPORTS_AT_ONCE", RACERS)  # the day's limit here
    monkeypatch.setattr(
        import_services, "IMPORTS_PER_DAY", replace(sending_limits.IMPORTS_PER_DAY, limit=LIMIT)
    )
    vcard = b"BEGIN:VCARD\nVERSION:3.0\nFN:Grace Hopper\nEND:VCARD\n"
    calls = [
        lambda: import_services.import_job_create(
            owner=ana, source="vcard", upload=SimpleUploadedFile("c.vcf", vcard)
        )
        for _ in range(RACERS)
    ]
    return calls, lambda: ImportJob.objects.filter(owner=ana).count()


def _photos(make_member, connect, monkeypatch, tmp_path) -> tuple[list[Callable], Callable]:
    ana, *_ = _people(make_member, connect, 0)
    monkeypatch.setattr(
        photo_services,
        "PHOTO_UPLOADS_PER_DAY",
        replace(sending_limits.PHOTO_UPLOADS_PER_DAY, limit=LIMIT),
    )
    calls = [
        functools.partial(photo_services.photo_set, member=ana, data=png(80 + n, 80 + n))
        for n in range(RACERS)
    ]
    return calls, lambda: PhotoUpload.objects.filter(member=ana).count()


KINDS = {
    "reports": _reports,
    "asks": _asks,
    "answers": _answers,
    "introductions": _introductions,
    "invitations": _invitations,
    "imports": _imports,
    "photos": _photos,
}


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("kind", sorted(KINDS))
def test_every_sending_limit_lets_exactly_its_limit_through_when_raced(
    postgres_only, make_member, connect, monkeypatch, tmp_path, kind
):
    calls, made = KINDS[kind](make_member, connect, monkeypatch, tmp_path)

    outcomes = at_once(calls)

    through, refused = _outcomes(outcomes)
    assert through == LIMIT, outcomes
    assert len(refused) == len(calls) - LIMIT, outcomes
    assert made() == LIMIT
    assert all(r.code == refused[0].code for r in refused)
