"""What a reported member sent the member who reported them, for the moderators.

A moderator cannot judge "a sales pitch" or "harassment" from the reporter's words
alone, so a report's page shows what the reported member sent the reporter on
Rapport: their requests to connect, their messages in the two members' thread, what
they wrote to the reporter in an introduction, and their answers to the reporter's
asks. Nothing they sent anyone else, not even the other half of an introduction
(written to the third member): the reporter is told on the report form that the
moderators will see what this member sent them, and nothing more is shown. A message
its sender deleted shows only that it was deleted, and when: deletion erases.

The latest ``EVIDENCE_SHOWN`` items, read in one query over the four sources (a
``UNION ALL`` with its ``LIMIT``), and how many there are in all in one more.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Case, CharField, F, Q, QuerySet, TextField, Value, When

from rapport.asks.models import AskAnswer
from rapport.conversations.models import Message
from rapport.introductions.models import Introduction
from rapport.introductions.states import INTRODUCTION_GRAPH
from rapport.network.models import ConnectionRequest
from rapport.network.states import HIDDEN_FROM_RECIPIENT, REQUEST_GRAPH
from rapport.pairs import ordered_pair
from rapport.safety.models import Report

EVIDENCE_SHOWN = 20

REQUEST, MESSAGE, INTRODUCTION, ANSWER = "request", "message", "introduction", "answer"
COLUMNS = ("kind", "at", "text", "about", "extra")


@dataclass(frozen=True)
class SentItem:
    kind: str  # REQUEST, MESSAGE, INTRODUCTION or ANSWER
    at: dt.datetime
    text: str  # empty for a message its sender deleted
    about: str  # a request's or an introduction's state; the title of the ask answered
    extra: str  # what a request offered

    @property
    def deleted(self) -> bool:
        """Only a deleted message is empty: every other text is refused empty."""
        return self.kind == MESSAGE and not self.text

    @property
    def heading(self) -> str:
        """What the item was, in a moderator's words."""
        if self.kind == REQUEST:
            state = REQUEST_GRAPH.labels.get(self.about, self.about).lower()
            if self.about in HIDDEN_FROM_RECIPIENT:
                state += "; never shown to the reporter"
            elif self.about == "accepted":
                state += ": its note became their thread's first message"
            return f"Request to connect ({state})"
        if self.kind == MESSAGE:
            return "Message (deleted by its sender)" if self.deleted else "Message"
        if self.kind == INTRODUCTION:
            state = INTRODUCTION_GRAPH.labels.get(self.about, self.about).lower()
            return f"Introduction, their note to the reporter ({state})"
        return f"Answer to the reporter's ask “{self.about}”"


@dataclass(frozen=True)
class SentToReporter:
    items: list[SentItem]  # oldest first
    earlier: int  # how many older ones there are beyond ``items``


def _text(value: str) -> Value:
    return Value(value, output_field=CharField())


def _rows(queryset: QuerySet[Any], **columns: Any) -> QuerySet[Any]:
    """``queryset`` as rows of ``COLUMNS``, in that order, to stand in a union."""
    annotated: QuerySet[Any] = queryset.order_by().annotate(
        **{f"sent_{name}": columns[name] for name in COLUMNS}
    )
    return annotated


def _sent(report: Report) -> QuerySet[Any]:
    reporter, reported = report.reporter_id, report.reported_id
    low, high = ordered_pair(reporter, reported)
    requests = _rows(
        ConnectionRequest.objects.filter(sender_id=reported, recipient_id=reporter),
        kind=_text(REQUEST),
        at=F("created_at"),
        text=F("note"),
        about=F("state"),
        extra=F("offer"),
    )
    messages = _rows(
        Message.objects.filter(
            conversation__member_low_id=low, conversation__member_high_id=high, sender_id=reported
        ),
        kind=_text(MESSAGE),
        at=F("created_at"),
        text=F("body"),
        about=_text(""),
        extra=_text(""),
    )
    # Only the half written to the reporter; one withheld (a block between the two
    # introduced) was never shown to them.
    introductions = _rows(
        Introduction.objects.filter(introducer_id=reported, withheld=False).filter(
            Q(first_id=reporter) | Q(second_id=reporter)
        ),
        kind=_text(INTRODUCTION),
        at=F("created_at"),
        text=Case(
            When(first_id=reporter, then=F("why_first")),
            default=F("why_second"),
            output_field=TextField(),
        ),
        about=F("state"),
        extra=_text(""),
    )
    answers = _rows(
        AskAnswer.objects.filter(author_id=reported, ask__poster_id=reporter),
        kind=_text(ANSWER),
        at=F("created_at"),
        text=F("body"),
        about=F("ask__title"),
        extra=_text(""),
    )
    names = [f"sent_{name}" for name in COLUMNS]
    return (
        requests.values_list(*names)
        .union(
            messages.values_list(*names),
            introductions.values_list(*names),
            answers.values_list(*names),
            all=True,
        )
        .order_by("-sent_at")
    )


def sent_to_reporter(*, report: Report, limit: int = EVIDENCE_SHOWN) -> SentToReporter:
    """The latest ``limit`` things the reported member sent the reporter, oldest first,
    and how many earlier ones are left out. Two queries, however many there are."""
    sent = _sent(report)
    latest = [SentItem(*row) for row in sent[:limit]]
    earlier = sent.count() - len(latest) if len(latest) == limit else 0
    return SentToReporter(items=latest[::-1], earlier=earlier)
