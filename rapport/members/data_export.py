"""A member's personal data, as one JSON document they can take away.

The export is built by walking every model that points at the member, so a new app's
rows join it without anyone remembering to add them. What the walk finds is of two
kinds. Rows that are the member's own, or shared with them (their profile, keeper,
requests, conversations, introductions, gatherings...), are exported. Rows where the
member is named in *someone else's* private record (another member's keeper entry
about them, a block or a report against them) are withheld: the export may not tell
them what the rest of Rapport hides from them. ``WITHHELD`` lists those relations,
each with the reason, and the export names them without their content.
"""

from __future__ import annotations

import base64
import datetime as dt
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

from django.apps import apps
from django.conf import settings
from django.db import models
from django.utils import timezone

from rapport.members.models import Member, MemberSession

if TYPE_CHECKING:
    from rapport.coffee.models import Pairing
    from rapport.introductions.models import Introduction
    from rapport.network.models import ConnectionRequest

EXPORT_FORMAT = "rapport-member-export"
EXPORT_VERSION = 1

# "app_label.Model.field" -> why the member may not see those rows.
WITHHELD: dict[str, str] = {
    "keeper.Person.member": "Another member's private keeper entry that links to you.",
    "network.PastConnection.other": "Another member's private list of past connections.",
    "network.ConnectionRequest.introducer": (
        "A request between two other members that named you as their introducer."
    ),
    "safety.Block.blocked": "A block another member made: nobody is told they were blocked.",
    "safety.Report.reported": "A report about you: only the moderators read reports.",
    "admin.LogEntry.user": "The admin site's own journal of staff actions.",
    "network.ConnectionRequest.moderated_by": (
        "Requests between other members that you moderated: theirs, not yours."
    ),
}

# Rows reached through an exported row rather than through a member field:
# "app_label.Model" -> (the foreign key to follow, the exported model it points at).
CHILDREN: dict[str, tuple[str, str]] = {
    # Both sides of a conversation are shared with each participant.
    "conversations.Message": ("conversation", "conversations.Conversation"),
    # A keeper entry's birthdays and other dates are the owner's, as the entry is.
    "keeper.PersonDate": ("person", "keeper.Person"),
}

# Columns that hold secrets or digests of secrets: never exported, even to their owner.
# A session's data holds a digest of the password it signed in with.
SECRET_NAMES = ("password", "digest", "secret", "session_data")

# Columns that tell where the server keeps things, not anything of the member's:
# "app_label.Model" -> the columns left out. An import job is exported by the file's
# name as the member gave it; where the upload waited on the server is not their data.
SERVER_COLUMNS: dict[str, tuple[str, ...]] = {
    "imports.ImportJob": ("path",),
}


def _request_as_seen(row: ConnectionRequest, member: Member) -> dict[str, Any] | None:
    """A decline, a hold and a moderator's decision are never told to the sender, and a
    held request has not reached its recipient at all. An accepted request's note became
    the conversation's first message: once its sender deleted that message, the
    recipient's export no longer carries the note either (the sender's own still does:
    the request keeps it, for the moderators and the budget rules)."""
    from rapport.conversations.selectors import request_note_deleted
    from rapport.network.selectors import visible_state
    from rapport.network.states import HIDDEN_FROM_RECIPIENT

    private = {"hold_reason": "", "moderated_by_id": None, "moderated_at": None}
    state = visible_state(row, viewer_id=member.pk)
    seen = {**private, "state": state, "decided_at": _decided_at_as_seen(row, state)}
    if row.sender_id == member.pk:
        return {**seen, "decline_reason": ""}
    if row.state in HIDDEN_FROM_RECIPIENT:
        return None
    if row.state == "accepted" and request_note_deleted(request=row):
        seen["note"] = ""
    return seen


def _decided_at_as_seen(row: ConnectionRequest | Introduction, state: str) -> Any:
    """The time of the state the viewer is shown, not of one hidden from them: a
    decline's time beside "pending" would tell it. A wait that ran out ended at its
    expiry, whatever happened out of sight before."""
    if state == row.state:
        return row.decided_at if state != "expired" else row.expires_at
    if state in ("pending", "waiting", "waiting_for_you", "waiting_for_other"):
        return None
    if state in ("expired", "not_accepted", "not_going_ahead"):
        return row.expires_at
    return None  # "declined_by_you": when the other side decided is theirs


def _introduction_as_seen(row: Introduction, member: Member) -> dict[str, Any] | None:
    """As rapport/introductions/selectors.py shows it: the introducer never learns which
    side said no; each side learns who the other is only once both said yes."""
    from rapport.introductions.selectors import visible_state
    from rapport.safety.selectors import blocked_ids

    now = timezone.now()
    state = visible_state(row, viewer_id=member.pk, now=now)
    decided_at = _decided_at_as_seen(row, state)
    if row.introducer_id == member.pk:
        return {
            "state": state,
            "decided_at": decided_at,
            "first_answer": "",
            "second_answer": "",
            "conversation_id": None,
        }
    side = row.side_of(member.pk)
    other = "second" if side == "first" else "first"
    other_id = getattr(row, f"{other}_id")
    if row.withheld or other_id in blocked_ids(member.pk):
        return None
    seen: dict[str, Any] = {
        "state": state,
        "decided_at": decided_at,
        f"why_{other}": "",
        f"{other}_answer": "",
    }
    if state != "accepted":
        seen.update({f"{other}_id": None, "member_low_id": None, "member_high_id": None})
    return seen


def _pairing_as_seen(row: Pairing, member: Member) -> dict[str, Any] | None:
    """Each side's suggested opener and reasons are written for that side alone."""
    other = "high" if row.member_low_id == member.pk else "low"
    return {f"opener_{other}": "", f"{other}_gets": []}


def _session_as_seen(row: MemberSession, member: Member) -> dict[str, Any] | None:
    """A session by its public id, as on the Account page, never by its key."""
    from rapport.members.sessions import session_public_id

    return {"id": session_public_id(row.pk)}


# Rows more than one member appears in, and what each of them may see of one:
# "app_label.Model" -> the columns to overwrite for ``member``, or None to leave it out.
# Each view is given the rows of the model it is listed under (hence ``Any``).
ROW_VIEWS: dict[str, Callable[[Any, Member], dict[str, Any] | None]] = {
    # Not shared, but its id is its key, which signs in whoever reads it.
    "members.MemberSession": _session_as_seen,
    "network.ConnectionRequest": _request_as_seen,
    "introductions.Introduction": _introduction_as_seen,
    "coffee.Pairing": _pairing_as_seen,
}
# Rows more than one member appears in that each of them may see whole.
SHARED_AS_IS = {"network.Connection", "conversations.Conversation"}


def member_relations() -> Iterator[tuple[type[models.Model], models.Field[Any, Any]]]:
    """Every concrete field, in every installed model, that points at a member."""
    member_model = apps.get_model(settings.AUTH_USER_MODEL)
    for model in apps.get_models():
        if model._meta.proxy:
            continue  # the same rows as the model it stands for
        for field in model._meta.get_fields():
            if (
                isinstance(field, models.Field)  # not the reverse side of a relation
                and field.concrete
                and field.is_relation
                and field.related_model is member_model
            ):
                yield model, field


def undeclared_shared_models() -> set[str]:
    """Models whose rows several members may appear in, with no word on what each sees.

    Their rows are withheld rather than guessed at: a raw row can tell one member what
    the feature hides from them (who declined, who the other side is, a private note).
    """
    exported: dict[str, int] = {}
    for model, field in member_relations():
        if model is not Member and relation_key(model, field) not in WITHHELD:
            exported[model._meta.label] = exported.get(model._meta.label, 0) + 1
    return {
        label
        for label, relations in exported.items()
        if relations > 1 and label not in ROW_VIEWS and label not in SHARED_AS_IS
    }


def relation_key(model: type[models.Model], field: models.Field[Any, Any]) -> str:
    return f"{model._meta.label}.{field.name}"


def _is_secret(field: models.Field[Any, Any]) -> bool:
    return any(part in field.name for part in SECRET_NAMES)


def _row(obj: models.Model) -> dict[str, Any]:
    """Every column of the row by name (foreign keys as ids), many-to-many as id lists;
    bytes (a profile photo's images) as base64 text, which JSON can carry."""
    opts = obj._meta
    out: dict[str, Any] = {"id": obj.pk}
    for field in opts.concrete_fields:
        if field.primary_key or _is_secret(field):
            continue
        value = field.value_from_object(obj)
        if isinstance(field, models.BinaryField) and value is not None:
            value = base64.b64encode(bytes(value)).decode("ascii")
        out[field.attname] = value
    for field in opts.many_to_many:
        out[field.name] = sorted(related.pk for related in getattr(obj, field.name).all())
    return out


def _member_ids(rows: list[dict[str, Any]], model: type[models.Model]) -> set[int]:
    member_model = apps.get_model(settings.AUTH_USER_MODEL)
    ids: set[int] = set()
    for field in model._meta.get_fields():
        if not (field.concrete and field.is_relation and field.related_model is member_model):
            continue
        for row in rows:
            value = row.get(field.attname) if not field.many_to_many else row.get(field.name)
            if isinstance(value, list):
                ids.update(value)
            elif value is not None:
                ids.add(value)
    return ids


def member_data_export(*, member: Member, now: dt.datetime | None = None) -> dict[str, Any]:
    """Everything Rapport holds about ``member`` that they may see, as JSON-ready data.

    ``records`` has one list per model that can point at a member (empty when none of
    its rows does), so a reader sees what kinds of data exist as well as the rows.
    """
    undeclared = undeclared_shared_models()
    withheld = dict(WITHHELD)
    for label in sorted(undeclared):
        withheld[label] = "Shared with other members; its app has not said what each may see."
    by_model: dict[str, dict[int, models.Model]] = {}
    for model, field in member_relations():
        if model is Member:
            continue  # the profile, below
        label = model._meta.label
        by_model.setdefault(label, {})
        if relation_key(model, field) in WITHHELD or label in undeclared:
            continue
        queryset = model._default_manager.filter(**{field.name: member.pk})
        if model._meta.many_to_many:
            queryset = queryset.prefetch_related(*(f.name for f in model._meta.many_to_many))
        by_model[label].update((obj.pk, obj) for obj in queryset)
    for label, (fk_name, parent) in CHILDREN.items():
        model = apps.get_model(label)
        parents = list(by_model.get(parent, {}))
        by_model[label] = {
            obj.pk: obj for obj in model._default_manager.filter(**{f"{fk_name}__in": parents})
        }

    records: dict[str, list[dict[str, Any]]] = {}
    mentioned: set[int] = set()
    for label in sorted(by_model):
        view = ROW_VIEWS.get(label)
        rows = []
        for obj in sorted(by_model[label].values(), key=lambda obj: obj.pk):
            row = _row(obj)
            for column in SERVER_COLUMNS.get(label, ()):
                row.pop(column, None)
            if view is not None:
                seen = view(obj, member)
                if seen is None:
                    continue
                row.update({column: value for column, value in seen.items() if column in row})
            rows.append(row)
        records[label] = rows
        mentioned |= _member_ids(rows, apps.get_model(label))

    profile = _row(member)
    # The staff flags are the site's business; the search's fold of name, organisation
    # and interests is theirs already, written again for the database.
    for private in ("is_superuser", "is_staff", "groups", "user_permissions", "search_folded"):
        profile.pop(private, None)
    mentioned.discard(member.pk)
    names = dict(Member.objects.filter(pk__in=mentioned).values_list("pk", "name"))
    return {
        "format": EXPORT_FORMAT,
        "version": EXPORT_VERSION,
        "exported_at": (now or timezone.now()).isoformat(),
        "member": profile,
        "records": records,
        "withheld": dict(sorted(withheld.items())),
        "members": {str(pk): name for pk, name in sorted(names.items())},
    }
