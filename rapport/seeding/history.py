"""What happened between the members over the years: requests, conversations, the keeper.

Every tie began as a request that was accepted, and accepting opened a conversation
whose first message is the request's note: that is how Rapport works, so the seed
does the same. Most conversations stop there; some go on for years, in bursts.
Some ties have ended since (they sit in one member's past connections, and their
thread is closed). Requests still wait in inboxes, a few from members who write
leaflets; older ones were declined, withdrawn or expired. A sample of members keep
their keeper: an entry for each connection, a message interaction for each day
they wrote, and coffees, calls and favours logged by hand.

Pure numpy and plain data: no Django here. Members are indexes from 0; every id in
the output is the row id to write (index + 1). Times are int64 microseconds (UTC).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from rapport.seeding import vocabulary as words
from rapport.seeding.people import DAY_US, People
from rapport.seeding.sentences import Voices, choose, templates_fill
from rapport.seeding.ties import INTEREST, ORGANISATION, PLACE, WIDER, Ties, common_neighbour

HOUR_US = 3_600 * 1_000_000
EXPIRES_AFTER_US = 30 * DAY_US  # rapport.network.states.REQUEST_EXPIRES_AFTER
WEEK_US = 7 * DAY_US

ENDED_SHARE = 0.02  # ties one member has since ended
PENDING_PER_MEMBER = 0.3
PAST_REQUESTS_PER_MEMBER = 0.15
LEAFLET_WRITER_SHARE = 0.03
INTRODUCED_SHARE = 0.6  # of the wider ties where a common connection exists
# How often a conversation goes on after the note, by the block that made the tie.
CONTINUES = {ORGANISATION: 0.45, PLACE: 0.35, INTEREST: 0.3, WIDER: 0.25}
MESSAGES_MAX = 300
REPLY_SHARE = 0.65  # the next message is by the other member
UNREAD_RECENT_US = 21 * DAY_US
UNREAD_SHARE = 0.5  # of recent threads, those whose last message waits to be read
KEEPER_SHARE = 0.05
KEEPER_CONTACTS_MEAN = 25  # people outside Rapport in a keeper
# Interactions logged by hand per year, by circle.
LOGGED_PER_YEAR = {"5": 12.0, "15": 5.0, "50": 2.0, "150": 0.5, "acquaintance": 0.3}
LOGGED_KINDS = ("coffee", "call", "meeting", "conversation", "advice", "introduction", "help")
FAVOURS = {"advice", "introduction", "help", "referral"}


@dataclass(frozen=True)
class Budgets:
    cap: int
    pending: int
    week: int


def _day_text(times: np.ndarray) -> list[str]:
    days: list[str] = np.datetime_as_string(times.astype("datetime64[us]"), unit="D").tolist()
    return days


def _group_index(keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Members sorted by ``keys`` and where each key's run starts (keys >= 0)."""
    order = np.argsort(keys, kind="stable")
    ptr = np.concatenate([[0], np.cumsum(np.bincount(keys[keys >= 0], minlength=keys.max() + 1))])
    offset = (keys < 0).sum()  # negative keys sort first
    return order[offset:], ptr


def _pick_in_group(
    rng: np.random.Generator, keys: np.ndarray, of: np.ndarray, order: np.ndarray, ptr: np.ndarray
) -> np.ndarray:
    """For each member in ``of``, a random member sharing their key (maybe themselves)."""
    group = keys[of]
    size = ptr[group + 1] - ptr[group]
    picked: np.ndarray = order[ptr[group] + (rng.random(len(of)) * size).astype(np.int64)]
    return picked


# --- Requests ----------------------------------------------------------------------


@dataclass
class Requests:
    sender: np.ndarray
    recipient: np.ndarray
    context: list[str]
    detail: list[str]
    introducer: np.ndarray  # member index, -1 for none
    note: list[str]
    offer: list[str]
    state: list[str]
    created: np.ndarray
    decided: np.ndarray  # NULL_TIME-free: pending rows are masked by state

    def __len__(self) -> int:
        return len(self.sender)


CONTEXTS = tuple(words.REQUEST_NOTES)
_NOTE_TEMPLATES = [t for c in CONTEXTS for t in words.REQUEST_NOTES[c]]
_NOTE_OFFSET = dict(
    zip(CONTEXTS, np.cumsum([0] + [len(words.REQUEST_NOTES[c]) for c in CONTEXTS]), strict=False)
)
_EVENTS = np.array(words.GATHERINGS, dtype=object)
_EVENTS_CAPITALISED = np.array([e[:1].upper() + e[1:] for e in words.GATHERINGS], dtype=object)
# What a request's context detail says, by code; ``{Event}`` is the capitalised event.
DETAILS = (
    "",
    "At {org}",
    "{Event}, {city}",
    "We are both in the {topic} group",
    "{school}",
    "We kept meeting at {event}",
    "We are in the same industry",
    "I read your notes on {topic}",
)
NO_DETAIL, AT_ORG, AT_EVENT, SAME_GROUP, SCHOOL, KEPT_MEETING, INDUSTRY, READ_NOTES = range(8)
_SCHOOLS = np.array(words.UNIVERSITIES, dtype=object)


def _sentences(
    rng: np.random.Generator,
    voices: Voices,
    *,
    sender: np.ndarray,
    recipient: np.ndarray,
    context: np.ndarray,
    detail: np.ndarray,
    offer_share: float,
    topic: np.ndarray | None = None,
) -> tuple[list[str], list[str], list[str]]:
    """Notes, details and offers for requests whose context is already chosen; ``detail``
    holds codes into ``DETAILS``, templates over the same fields as the notes."""
    count = len(sender)
    event = rng.integers(0, len(_EVENTS), count)
    values = {
        "name": voices.first[recipient],
        "org": np.where(
            voices.organisation[sender] == "", "my last job", voices.organisation[sender]
        ),
        "city": voices.city[recipient],
        "topic": voices.topic[recipient] if topic is None else topic,
        "event": _EVENTS[event],
        "Event": _EVENTS_CAPITALISED[event],
        "school": _SCHOOLS[rng.integers(0, len(_SCHOOLS), count)],
    }
    draw = rng.random(count)
    pick = np.zeros(count, dtype=np.int64)
    for name in CONTEXTS:
        rows = context == name
        pick[rows] = _NOTE_OFFSET[name] + choose(len(words.REQUEST_NOTES[name]), draw[rows])
    notes = templates_fill(_NOTE_TEMPLATES, pick, values)
    details = templates_fill(DETAILS, detail, values)
    offered = rng.random(count) < offer_share
    offer_pick = np.where(offered, choose(len(words.OFFERS), rng.random(count)), 0)
    offers = templates_fill(words.OFFERS, offer_pick, values)
    return notes.tolist(), [d[:200] for d in details.tolist()], offers.tolist()


def accepted_requests(
    rng: np.random.Generator, people: People, ties: Ties, *, now_us: int, voices: Voices
) -> tuple[Requests, np.ndarray]:
    """The request behind each tie, and the time each tie formed; ties must be in time
    order already (see ``ties_in_time_order``)."""
    n = len(ties)
    flip = rng.random(n) < 0.5
    sender = np.where(flip, ties.low, ties.high)
    recipient = np.where(flip, ties.high, ties.low)
    start = np.maximum(people.joined[ties.low], people.joined[ties.high]) + HOUR_US
    span = np.maximum(now_us - start, 2 * HOUR_US)
    delay = np.minimum(rng.exponential(2 * DAY_US, n), np.minimum(29 * DAY_US, span / 2))
    delay = np.maximum(delay, 60_000_000).astype(np.int64)
    created = start + ((span - delay) * rng.beta(1.0, 2.5, n)).astype(np.int64)
    connected = created + delay

    introducer = common_neighbour(rng, ties, people.count)
    roll = rng.random(n)
    kind = ties.kind
    introduced = (kind == WIDER) & (introducer >= 0) & (roll < INTRODUCED_SHARE)
    at_gathering = (kind == PLACE) & (roll < 0.75)
    studied = (kind == WIDER) & ~introduced & (roll < 0.8)
    context = np.select(
        [
            kind == ORGANISATION,
            at_gathering,
            kind == PLACE,
            kind == INTEREST,
            introduced,
            studied,
        ],
        ["worked_together", "gathering", "conversation", "other", "introduced", "studied_together"],
        default="other",
    ).astype(object)
    detail = np.select(
        [
            (kind == ORGANISATION) & (roll < 0.6),
            at_gathering,
            kind == INTEREST,
            studied,
            (context == "other"),
        ],
        [AT_ORG, AT_EVENT, SAME_GROUP, SCHOOL, KEPT_MEETING],
        default=NO_DETAIL,
    )
    # Interest ties talk about the niche they share.
    topic = np.where(kind == INTEREST, voices.niche[recipient], voices.topic[recipient])
    notes, details, offers = _sentences(
        rng,
        voices,
        sender=sender,
        recipient=recipient,
        context=context,
        detail=detail,
        offer_share=0.4,
        topic=topic,
    )
    requests = Requests(
        sender=sender,
        recipient=recipient,
        context=context.tolist(),
        detail=details,
        introducer=np.where(introduced, introducer, -1),
        note=notes,
        offer=offers,
        state=["accepted"] * n,
        created=created,
        decided=connected,
    )
    return requests, connected


def ties_in_time_order(rng: np.random.Generator, people: People, ties: Ties) -> Ties:
    """Ties sorted by when they could first form, so ids grow with time like real rows."""
    start = np.maximum(people.joined[ties.low], people.joined[ties.high])
    order = np.argsort(start, kind="stable")
    return Ties(low=ties.low[order], high=ties.high[order], kind=ties.kind[order])


def _pair_key(a: np.ndarray, b: np.ndarray, members: int) -> np.ndarray:
    key: np.ndarray = np.minimum(a, b).astype(np.int64) * members + np.maximum(a, b)
    return key


def open_requests(
    rng: np.random.Generator,
    people: People,
    ties: Ties,
    *,
    now_us: int,
    budgets: Budgets,
    accepted: Requests,
    voices: Voices,
) -> Requests:
    """Requests still waiting for an answer: mostly from colleagues and neighbours, some
    from strangers, a few leaflets. One per pair, never between connected members, and
    never more than a sender's pending budget."""
    n = people.count
    wanted = int(n * PENDING_PER_MEMBER)
    degree = ties.degrees(n)
    recipient = rng.choice(n, size=wanted, p=(degree + 3) / (degree + 3).sum())
    org_order, org_ptr = _group_index(people.organisation)
    place_order, place_ptr = _group_index(people.place)
    how = rng.random(wanted)
    sender = rng.integers(0, n, wanted)
    same_place = how < 0.8
    sender[same_place] = _pick_in_group(
        rng, people.place, recipient[same_place], place_order, place_ptr
    )
    same_org = (how < 0.5) & (people.organisation[recipient] >= 0)
    sender[same_org] = _pick_in_group(
        rng, people.organisation, recipient[same_org], org_order, org_ptr
    )
    kind = np.where(same_org, ORGANISATION, np.where(same_place, PLACE, WIDER))

    tied = np.sort(_pair_key(ties.low, ties.high, n))
    key = _pair_key(sender, recipient, n)
    at = np.minimum(np.searchsorted(tied, key), max(len(tied) - 1, 0))
    connected = (tied[at] == key) if len(tied) else np.zeros(wanted, dtype=bool)
    valid = (sender != recipient) & ~connected
    _, first = np.unique(np.where(valid, key, -1), return_index=True)
    keep = np.zeros(wanted, dtype=bool)
    keep[first] = True
    keep &= valid
    # The pending budget, counted per sender in draw order.
    idx = np.flatnonzero(keep)
    order = idx[np.argsort(sender[idx], kind="stable")]
    s = sender[order]
    run_start = np.r_[True, s[1:] != s[:-1]]
    starts = np.flatnonzero(run_start)
    rank = np.arange(len(s)) - np.repeat(starts, np.diff(np.r_[starts, len(s)]))
    keep[order[rank >= budgets.pending]] = False

    idx = np.flatnonzero(keep)
    sender, recipient, kind = sender[idx], recipient[idx], kind[idx]
    start = np.maximum(
        np.maximum(people.joined[sender], people.joined[recipient]), now_us - 29 * DAY_US
    )
    created = start + ((now_us - HOUR_US - start) * rng.random(len(idx))).astype(np.int64)
    created = np.minimum(np.maximum(created, start), now_us - 60_000_000)

    # The weekly budget: a sender's requests in the last seven days, accepted ones first.
    recent = accepted.created > now_us - WEEK_US
    all_sender = np.concatenate([accepted.sender[recent], sender])
    all_created = np.concatenate([accepted.created[recent], created])
    is_open = np.r_[np.zeros(recent.sum(), dtype=bool), np.ones(len(sender), dtype=bool)]
    order = np.lexsort((all_created, all_sender))
    s = all_sender[order]
    starts = np.flatnonzero(np.r_[True, s[1:] != s[:-1]]) if len(s) else np.array([], int)
    rank = np.arange(len(s)) - np.repeat(starts, np.diff(np.r_[starts, len(s)]))
    in_week = all_created[order] > now_us - WEEK_US
    over = np.zeros(len(s), dtype=bool)
    over[order] = (rank >= budgets.week) & in_week
    keep_open = ~over[is_open]
    sender, recipient, kind, created = (
        sender[keep_open],
        recipient[keep_open],
        kind[keep_open],
        created[keep_open],
    )

    leaflet = (rng.random(n) < LEAFLET_WRITER_SHARE)[sender]
    context = np.select(
        [leaflet, kind == ORGANISATION, kind == PLACE],
        ["other", "worked_together", "gathering"],
        default="other",
    ).astype(object)
    detail = np.select(
        [leaflet, kind == ORGANISATION, kind == PLACE],
        [INDUSTRY, NO_DETAIL, AT_EVENT],
        default=READ_NOTES,
    )
    notes, details, offers = _sentences(
        rng,
        voices,
        sender=sender,
        recipient=recipient,
        context=context,
        detail=detail,
        offer_share=0.3,
    )
    leaflets = templates_fill(
        words.LEAFLET_NOTES, choose(len(words.LEAFLET_NOTES), rng.random(len(sender))), {}
    )
    for k in np.flatnonzero(leaflet).tolist():
        notes[k] = leaflets[k]
        offers[k] = ""
    return Requests(
        sender=sender,
        recipient=recipient,
        context=context.tolist(),
        detail=details,
        introducer=np.full(len(sender), -1, dtype=np.int64),
        note=notes,
        offer=offers,
        state=["pending"] * len(sender),
        created=created,
        decided=created,
    )


def past_requests(
    rng: np.random.Generator, people: People, ties: Ties, *, now_us: int, voices: Voices
) -> Requests:
    """Requests answered long ago without a connection: declined (silently), withdrawn,
    or left to expire. All older than a month, so none still counts against a budget."""
    n = people.count
    wanted = int(n * PAST_REQUESTS_PER_MEMBER)
    sender = rng.integers(0, n, wanted)
    recipient = rng.integers(0, n, wanted)
    tied = np.sort(_pair_key(ties.low, ties.high, n))
    key = _pair_key(sender, recipient, n)
    at = np.minimum(np.searchsorted(tied, key), max(len(tied) - 1, 0))
    connected = (tied[at] == key) if len(tied) else np.zeros(wanted, dtype=bool)
    start = np.maximum(people.joined[sender], people.joined[recipient])
    latest = now_us - EXPIRES_AFTER_US - DAY_US
    valid = (sender != recipient) & ~connected & (start < latest)
    sender, recipient, start = sender[valid], recipient[valid], start[valid]
    created = start + ((latest - start) * rng.random(len(sender))).astype(np.int64)
    roll = rng.random(len(sender))
    state = np.where(roll < 0.5, "expired", np.where(roll < 0.8, "declined", "withdrawn"))
    answered = created + (rng.random(len(sender)) * 29 * DAY_US).astype(np.int64)
    decided = np.where(state == "expired", created + EXPIRES_AFTER_US, answered)
    context = np.full(len(sender), "gathering", dtype=object)
    notes, details, _ = _sentences(
        rng,
        voices,
        sender=sender,
        recipient=recipient,
        context=context,
        detail=np.full(len(sender), AT_EVENT),
        offer_share=0.0,
    )
    return Requests(
        sender=sender,
        recipient=recipient,
        context=context.tolist(),
        detail=details,
        introducer=np.full(len(sender), -1, dtype=np.int64),
        note=notes,
        offer=[""] * len(sender),
        state=state.tolist(),
        created=created,
        decided=decided,
    )


def requests_concat(parts: list[Requests]) -> tuple[Requests, np.ndarray]:
    """All requests in one list ordered by creation (so ids grow with time), and where
    each input row landed."""
    created = np.concatenate([p.created for p in parts])
    order = np.argsort(created, kind="stable")
    position = np.empty(len(order), dtype=np.int64)
    position[order] = np.arange(len(order))

    def pick(values: list[str]) -> list[str]:
        return [values[k] for k in order.tolist()]

    merged = Requests(
        sender=np.concatenate([p.sender for p in parts])[order],
        recipient=np.concatenate([p.recipient for p in parts])[order],
        context=pick([c for p in parts for c in p.context]),
        detail=pick([d for p in parts for d in p.detail]),
        introducer=np.concatenate([p.introducer for p in parts])[order],
        note=pick([t for p in parts for t in p.note]),
        offer=pick([o for p in parts for o in p.offer]),
        state=pick([s for p in parts for s in p.state]),
        created=created[order],
        decided=np.concatenate([p.decided for p in parts])[order],
    )
    return merged, position


# --- Conversations -------------------------------------------------------------------


@dataclass(frozen=True)
class Messages:
    conversation: np.ndarray  # tie index (conversation id - 1)
    sender: np.ndarray
    created: np.ndarray
    body: list[str]

    def __len__(self) -> int:
        return len(self.sender)


def messages_generate(
    rng: np.random.Generator,
    people: People,
    ties: Ties,
    requests: Requests,
    *,
    connected: np.ndarray,
    until: np.ndarray,
    voices: Voices,
) -> Messages:
    """The note as each thread's first message, then bursts of replies in some threads,
    never later than ``until`` (now, or the day the tie ended). In id order."""
    n_ties = len(ties)
    continues = np.array([CONTINUES[k] for k in range(4)])[ties.kind]
    goes_on = rng.random(n_ties) < continues
    extra = np.where(
        goes_on,
        np.minimum(1 + np.floor(rng.lognormal(1.2, 1.0, n_ties)), MESSAGES_MAX - 1),
        0,
    ).astype(np.int64)
    thread = np.repeat(np.arange(n_ties), extra)
    total = len(thread)
    starts = np.concatenate([[0], np.cumsum(extra)[:-1]]) if n_ties else np.array([], int)
    position = np.arange(total) - np.repeat(starts, extra)
    # Within a burst replies come in hours or days; between bursts, months.
    burst = rng.random(total) < 0.82
    gap = np.where(
        burst, rng.exponential(1.5 * DAY_US, total), rng.exponential(120 * DAY_US, total)
    )
    gap[position == 0] = rng.exponential(3 * DAY_US, (position == 0).sum())
    gap = np.maximum(gap, 60_000_000).astype(np.int64)
    cumulative = np.cumsum(gap)
    before = np.concatenate([[0], cumulative])[np.repeat(starts, extra)]
    created = connected[thread] + cumulative - before
    # Who writes: the first reply is usually the recipient's; then turns, mostly.
    switch = (rng.random(total) < REPLY_SHARE).astype(np.int64)
    switch[position == 0] = (rng.random((position == 0).sum()) < 0.75).astype(np.int64)
    turns = np.cumsum(switch)
    turns_before = np.concatenate([[0], turns])[np.repeat(starts, extra)]
    other_writes = ((turns - turns_before) % 2).astype(bool)
    first_sender = requests.sender
    first_recipient = requests.recipient
    sender = np.where(other_writes, first_recipient[thread], first_sender[thread])
    in_time = created <= until[thread]
    thread, sender, created = thread[in_time], sender[in_time], created[in_time]

    addressee = np.where(sender == ties.low[thread], ties.high[thread], ties.low[thread])
    bodies = templates_fill(
        words.MESSAGES,
        choose(len(words.MESSAGES), rng.random(len(thread))),
        {
            "name": voices.first[addressee],
            "topic": voices.topic[sender],
            "city": voices.city[sender],
        },
    ).tolist()
    all_thread = np.concatenate([np.arange(n_ties), thread])
    all_sender = np.concatenate([first_sender, sender])
    all_created = np.concatenate([connected, created])
    all_body = list(requests.note) + bodies
    order = np.lexsort((all_thread, all_created))
    return Messages(
        conversation=all_thread[order],
        sender=all_sender[order],
        created=all_created[order],
        body=[all_body[k] for k in order.tolist()],
    )


def read_marks(
    rng: np.random.Generator, ties: Ties, messages: Messages, *, now_us: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Two marks a thread (low member, high member): the last message id each has read.

    Each has read everything, except in some recent threads where the last message
    is still waiting: there the reader has read up to their own last message.
    """
    n_ties = len(ties)
    ids = np.arange(1, len(messages) + 1)
    last = np.zeros(n_ties, dtype=np.int64)
    np.maximum.at(last, messages.conversation, ids)
    first = np.full(n_ties, np.iinfo(np.int64).max)
    np.minimum.at(first, messages.conversation, ids)
    side = (messages.sender == ties.high[messages.conversation]).astype(np.int64)
    sent = np.zeros((n_ties, 2), dtype=np.int64)
    np.maximum.at(sent, (messages.conversation, side), ids)
    last_time = messages.created[last - 1]
    last_side = side[last - 1]
    waiting = (last_time > now_us - UNREAD_RECENT_US) & (rng.random(n_ties) < UNREAD_SHARE)
    mark = np.tile(last[:, None], (1, 2))
    reader = 1 - last_side
    rows = np.flatnonzero(waiting)
    mark[rows, reader[rows]] = np.maximum(sent[rows, reader[rows]], first[rows])
    member = np.stack([ties.low, ties.high], axis=1)
    conversation = np.repeat(np.arange(n_ties), 2)
    return conversation, member.reshape(-1), mark.reshape(-1)


# --- The keeper ----------------------------------------------------------------------


@dataclass
class Keeper:
    """Rows of a sample of members' keepers. ``person_*`` are per person, in id order;
    ``interaction_*`` per interaction; ``link_*`` are the interaction-person pairs."""

    person_owner: np.ndarray
    person_member: np.ndarray  # member index, -1 for someone outside Rapport
    person_name: list[str]
    person_organisation: list[str]
    person_role: list[str]
    person_met_context: list[str]
    person_met_on: np.ndarray  # datetime64[D], NaT for unknown
    person_circle: list[str]
    person_created: np.ndarray
    person_last_contact: np.ndarray  # NULL_TIME-like minimum for never
    interaction_owner: np.ndarray
    interaction_at: np.ndarray
    interaction_kind: list[str]
    interaction_direction: list[str]
    interaction_favour: list[str]
    interaction_source: list[str]
    interaction_key: list[str]
    link_interaction: np.ndarray  # interaction index
    link_person: np.ndarray  # person index


def keeper_generate(
    rng: np.random.Generator,
    people: People,
    ties: Ties,
    requests: Requests,
    messages: Messages,
    *,
    connected: np.ndarray,
    ended: np.ndarray,
    now_us: int,
    never: int,
    voices: Voices,
) -> Keeper:
    n = people.count
    owner_flag = rng.random(n) < KEEPER_SHARE
    # Entries for connections: one per (owner, other) tie.
    ends = [(ties.low, ties.high), (ties.high, ties.low)]
    p_owner, p_member, p_tie = [], [], []
    for mine, theirs in ends:
        rows = np.flatnonzero(owner_flag[mine])
        p_owner.append(mine[rows])
        p_member.append(theirs[rows])
        p_tie.append(rows)
    m_owner = np.concatenate(p_owner)
    m_member = np.concatenate(p_member)
    m_tie = np.concatenate(p_tie)
    # How close: messages exchanged in the thread, worked together counting extra.
    per_thread = np.bincount(messages.conversation, minlength=len(ties))
    strength = per_thread[m_tie] + 3 * (ties.kind[m_tie] == ORGANISATION) + rng.random(len(m_tie))
    order = np.lexsort((-strength, m_owner))
    m_owner, m_member, m_tie = m_owner[order], m_member[order], m_tie[order]
    # Where each owner's run starts; none at all in a community too small for any
    # owner to have a member in their keeper (an empty int array, not a float one).
    run = (
        np.flatnonzero(np.r_[True, m_owner[1:] != m_owner[:-1]])
        if len(m_owner)
        else np.zeros(0, dtype=np.int64)
    )
    rank = np.arange(len(m_owner)) - np.repeat(run, np.diff(np.r_[run, len(m_owner)]))
    circle = np.where(
        rank < 5, "5", np.where(rank < 15, "15", np.where(rank < 50, "50", "150"))
    ).astype(object)
    circle[ended[m_tie]] = "past"

    # People outside Rapport.
    owners = np.flatnonzero(owner_flag)
    contacts = rng.poisson(KEEPER_CONTACTS_MEAN, len(owners))
    c_owner = np.repeat(owners, contacts)
    c_count = len(c_owner)
    c_created = people.joined[c_owner] + (
        (now_us - people.joined[c_owner]) * rng.random(c_count)
    ).astype(np.int64)
    c_circle = np.where(rng.random(c_count) < 0.25, "150", "acquaintance").astype(object)

    person_owner = np.concatenate([m_owner, c_owner])
    person_member = np.concatenate([m_member, np.full(c_count, -1, dtype=np.int64)])
    person_created = np.concatenate([connected[m_tie], c_created])
    circles = np.concatenate([circle, c_circle])
    met_context = [requests.context[t] for t in m_tie.tolist()] + [""] * c_count
    met_on = np.concatenate(
        [
            connected[m_tie].astype("datetime64[us]").astype("datetime64[D]"),
            np.full(c_count, np.datetime64("NaT"), dtype="datetime64[D]"),
        ]
    )
    first = rng.integers(0, len(words.FIRST_NAMES), c_count)
    last = rng.integers(0, len(words.LAST_NAMES), c_count)
    c_org = rng.integers(0, max(len(people.organisations.names), 1), c_count)
    names = voices.full[m_member].tolist() + [
        f"{words.FIRST_NAMES[a]} {words.LAST_NAMES[b]}"
        for a, b in zip(first.tolist(), last.tolist(), strict=True)
    ]
    organisations = voices.organisation[m_member].tolist()
    organisations += [people.organisations.names[k] for k in c_org.tolist()]
    roles = np.array(words.ROLES, dtype=object)
    role = np.concatenate([people.role[m_member], rng.integers(0, len(roles), c_count)])

    # Message days: one interaction per thread per day, in each owner's keeper, saying
    # who wrote that day as the conversation service does: the owner, the other, both.
    person_of = np.full((len(ties), 2), -1, dtype=np.int64)
    person_of[m_tie, (m_owner == ties.high[m_tie]).astype(np.int64)] = np.arange(len(m_tie))
    day = messages.created // DAY_US
    d_thread, d_owner, d_at, d_person, d_direction = [], [], [], [], []
    for side, mine in enumerate((ties.low, ties.high)):
        rows = np.flatnonzero(owner_flag[mine[messages.conversation]])
        thread, when, d = messages.conversation[rows], messages.created[rows], day[rows]
        by_owner = messages.sender[rows] == mine[thread]
        order = np.lexsort((when, d, thread))
        thread, when, d, by_owner = thread[order], when[order], d[order], by_owner[order]
        first_of_day = np.r_[True, (thread[1:] != thread[:-1]) | (d[1:] != d[:-1])]
        first_of_day = first_of_day[: len(thread)]
        starts = np.flatnonzero(first_of_day)
        wrote = np.logical_or.reduceat(by_owner, starts) if len(starts) else by_owner
        answered = np.logical_or.reduceat(~by_owner, starts) if len(starts) else by_owner
        d_direction.append(
            np.where(wrote & answered, "mutual", np.where(wrote, "gave", "received"))
        )
        d_thread.append(thread[first_of_day])
        d_at.append(when[first_of_day])
        d_owner.append(mine[thread[first_of_day]])
        d_person.append(person_of[thread[first_of_day], side])
    day_thread = np.concatenate(d_thread)
    day_at = np.concatenate(d_at)
    day_keys = [
        f"rapport-conversation:{t + 1}:{text}"
        for t, text in zip(day_thread.tolist(), _day_text(day_at), strict=True)
    ]

    # Logged by hand: more often with closer people, since they met.
    rate = np.array([LOGGED_PER_YEAR.get(c, 0.0) for c in circles])
    years = np.maximum(now_us - person_created, 0) / (365 * DAY_US)
    person_index = np.repeat(np.arange(len(person_owner)), rng.poisson(rate * years))
    count = len(person_index)
    logged_at = person_created[person_index] + (
        (now_us - person_created[person_index]) * rng.random(count)
    ).astype(np.int64)
    kinds = np.array(LOGGED_KINDS, dtype=object)[rng.integers(0, len(LOGGED_KINDS), count)]
    is_favour = np.isin(kinds, list(FAVOURS))
    direction = np.where(is_favour, np.where(rng.random(count) < 0.5, "gave", "received"), "mutual")

    days = len(day_thread)
    interaction_at = np.concatenate([day_at, logged_at])
    link_person = np.concatenate([*d_person, person_index])
    last_contact = np.full(len(person_owner), never, dtype=np.int64)
    if len(link_person):
        np.maximum.at(last_contact, link_person, interaction_at)
    i_owner = np.concatenate([*d_owner, person_owner[person_index]])
    i_kind = ["message"] * days + kinds.tolist()
    i_dir = np.concatenate(d_direction).tolist() + direction.tolist()
    i_fav = [""] * days + np.where(is_favour, kinds, "").tolist()
    i_src = ["rapport"] * days + ["manual"] * count
    i_key = day_keys + [""] * count
    return Keeper(
        person_owner=person_owner,
        person_member=person_member,
        person_name=names,
        person_organisation=organisations,
        person_role=roles[role].tolist(),
        person_met_context=met_context,
        person_met_on=met_on,
        person_circle=list(circles),
        person_created=person_created,
        person_last_contact=last_contact,
        interaction_owner=i_owner.astype(np.int64),
        interaction_at=interaction_at,
        interaction_kind=i_kind,
        interaction_direction=i_dir,
        interaction_favour=i_fav,
        interaction_source=i_src,
        interaction_key=i_key,
        link_interaction=np.arange(len(link_person)),
        link_person=link_person,
    )
