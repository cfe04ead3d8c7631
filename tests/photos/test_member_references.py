"""Faces wherever a member is named. Every member the API names carries their photo's
addresses, or null: the introducer
and the two introduced, a request's introducer, a gathering's host, guests and those
who came, a coffee partner, an ask's poster, answers and helpers, the members you
blocked, the bridges your insights suggest. Null without a photo, null for a member
who blocked you, null for the other side of an introduction until both said yes; and
never a query per member. The last pages that named members without a face show one
too: the insights, the blocked list, "Introduced by" in a request, the invite boxes."""

from __future__ import annotations

import datetime as dt
import itertools
import json
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone

import rapport
from rapport.asks.services import ask_answer, ask_close, ask_post
from rapport.coffee.services import coffee_opt_in, coffee_opt_out, coffee_round_run
from rapport.gatherings.services import (
    gathering_confirm_attendance,
    gathering_create,
    gathering_invite,
    gathering_rsvp,
)
from rapport.introductions.services import introduction_accept, introduction_make
from rapport.photos.services import photo_set
from rapport.safety.services import block_create
from tests.conftest import built_once, new_member, pair_connect, request_send
from tests.introductions.conftest import WHY_BEN, WHY_CY
from tests.photos.images import png
from tests.web.page_queries import page_queries

WHY = {"why_first": WHY_BEN, "why_second": WHY_CY}
_sides = itertools.count()
_names = itertools.count(1)


def _photo(member) -> str:
    side = 100 + next(_sides) % 300  # a fresh picture each time
    return photo_set(member=member, data=png(side, side)).content_hash


def _times(*, days_from_now: int) -> dict:
    """A two-hour gathering starting ``days_from_now``, planned three days before it."""
    starts = timezone.now() + dt.timedelta(days=days_from_now)
    return {
        "starts_at": starts,
        "ends_at": starts + dt.timedelta(hours=2),
        "now": starts - dt.timedelta(days=3),
        "no_agenda": True,
    }


def _build() -> dict:
    """Ana, who asks. Her connections: Ben (photo), Cy (none), Hal (photo), Ivy (photo).
    Ivy introduced her to Jo (both said yes) and to Lu (who has not answered); Ana
    introduced Ben and Cy. Max asked Ana to connect, introduced by Ivy; Ana asked Oz,
    introduced by Ben. Hal hosted a gathering Ana, Ben and Cy came to; Ana hosts one
    with Ben and Cy invited. Coffee paired her with Kim. Ana's open ask has answers from
    Ben and Cy; her closed one credits both; Ben offers help on the board. Ana blocked
    Pat (photo), Quin (none) and Rae (photo), who blocked her too."""
    ana = new_member("Ana Ruiz", organisation="Transit Lab", location="Leeds")
    names = ("ben", "cy", "hal", "ivy", "jo", "kim", "lu", "max", "oz", "pat", "quin", "rae")
    people = {name: new_member(f"{name.title()} Example") for name in names}
    ben, cy, hal, ivy = (people[name] for name in ("ben", "cy", "hal", "ivy"))
    for friend in (ben, cy, hal, ivy):
        pair_connect(ana, friend)
    for friend in (people["jo"], people["lu"], people["max"]):
        pair_connect(ivy, friend)

    met = introduction_make(introducer=ivy, first_id=ana.pk, second_id=people["jo"].pk, **WHY)
    introduction_accept(member=ana, introduction_id=met.pk)
    introduction_accept(member=people["jo"], introduction_id=met.pk)
    waiting = introduction_make(introducer=ivy, first_id=ana.pk, second_id=people["lu"].pk, **WHY)
    made = introduction_make(introducer=ana, first_id=ben.pk, second_id=cy.pk, **WHY)

    request_send(people["max"], ana, context="introduced", introducer_id=ivy.pk)
    request_send(ana, people["oz"], context="introduced", introducer_id=ben.pk)

    hals = gathering_create(
        host=hal,
        title="Harbour walk",
        place="The quay",
        visibility="community",
        **_times(days_from_now=-2),
    )
    # Guests who are not Ana's connections: the first came; the tests that add people
    # who came confirm the others. Hal invites Ana, his connection; the others, not his,
    # found it open to the community and answered.
    spares = [new_member(f"Spare {n}") for n in range(4)]
    the_day_before = hals.starts_at - dt.timedelta(days=1)
    gathering_invite(host=hal, gathering_id=hals.pk, member_ids=[ana.pk], now=the_day_before)
    for guest in (ben, cy, *spares):
        gathering_rsvp(member=guest, gathering_id=hals.pk, answer="yes", now=the_day_before)
    gathering_confirm_attendance(
        host=hal, gathering_id=hals.pk, attended_ids=[ana.pk, ben.pk, cy.pk, spares[0].pk]
    )
    anas = gathering_create(
        host=ana, title="Map breakfast", place="The Anchor", **_times(days_from_now=5)
    )
    gathering_invite(host=ana, gathering_id=anas.pk, member_ids=[ben.pk, cy.pk])
    gathering_rsvp(member=ben, gathering_id=anas.pk, answer="yes")

    for member in (ana, people["kim"]):
        coffee_opt_in(member=member, frequency="weekly")
    coffee_round_run()
    coffee_opt_out(member=people["kim"])

    open_ask = ask_post(poster=ana, kind="ask", title="Advice on moving into product")
    closed_ask = ask_post(poster=ana, kind="ask", title="Who knows the tram depot people?")
    for helper in (ben, cy):
        ask_answer(author=helper, ask_id=open_ask.pk, body="Glad to talk it through.")
        ask_answer(author=helper, ask_id=closed_ask.pk, body="I do, I will write to them.")
    ask_close(poster=ana, ask_id=closed_ask.pk, helper_ids=[ben.pk, cy.pk])
    ask_post(poster=ben, kind="offer", title="Happy to review CVs")

    for name in ("pat", "quin", "rae"):
        block_create(blocker=ana, blocked_id=people[name].pk)
    block_create(blocker=people["rae"], blocked_id=ana.pk)

    with_photo = ("ben", "hal", "ivy", "jo", "kim", "lu", "max", "oz", "pat", "rae")
    photos = {people[name].pk: _photo(people[name]) for name in with_photo}
    photos.update({spare.pk: _photo(spare) for spare in spares})
    return {
        "ana": ana,
        **people,
        "spares": spares,
        "photos": photos,
        "introductions": {"met": met.pk, "waiting": waiting.pk, "made": made.pk},
        "gatherings": {"hals": hals.pk, "anas": anas.pk},
        "asks": {"open": open_ask.pk, "closed": closed_ask.pk},
    }


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    yield from built_once(django_db_blocker, _build)


@pytest.fixture
def ana_api(world, db, api_as):
    return api_as(world["ana"])


def _large(world, member) -> str:
    return f"/members/{member.pk}/photo/{world['photos'][member.pk]}.webp"


def _faces(world, member) -> dict:
    """The two addresses ``member`` shows with: their photo's, or null without one."""
    digest = world["photos"].get(member.pk)
    if digest is None:
        return {"photo_url": None, "photo_small_url": None}
    base = f"/members/{member.pk}/photo/{digest}"
    return {"photo_url": f"{base}.webp", "photo_small_url": f"{base}-64.webp"}


def _face_of(row: dict) -> dict:
    return {"photo_url": row["photo_url"], "photo_small_url": row["photo_small_url"]}


def _introduction(api, introduction_id: int) -> dict:
    return api.get(f"/introductions/{introduction_id}").json()


# --- Who shows with which face --------------------------------------------------------


def test_an_introduction_shows_the_introducer_and_once_both_said_yes_the_other(world, ana_api):
    ivy, jo = world["ivy"], world["jo"]
    met = _introduction(ana_api, world["introductions"]["met"])
    assert met["state"] == "accepted"
    assert met["introducer"] == {"id": ivy.pk, "name": ivy.name, **_faces(world, ivy)}
    assert met["other"] == {"id": jo.pk, "name": jo.name, **_faces(world, jo)}

    listed = {row["id"]: row for row in ana_api.get("/introductions").json()}
    assert listed[met["id"]] == met


def test_until_both_say_yes_the_other_persons_face_is_nowhere(world, ana_api):
    """Lu has a photo, and has not answered: Ana sees Ivy's face, and nothing of Lu's,
    in the introduction itself or in the list: no name, no id, no photo address."""
    lu, ivy = world["lu"], world["ivy"]
    waiting = _introduction(ana_api, world["introductions"]["waiting"])
    listed = ana_api.get("/introductions", {"box": "received"}).json()

    assert waiting["state"] == "waiting_for_you" and waiting["other"] is None
    assert _face_of(waiting["introducer"]) == _faces(world, ivy)
    for answer in (waiting, listed):
        text = json.dumps(answer)
        assert f"/members/{lu.pk}/" not in text and lu.name not in text


def test_the_introducer_sees_both_faces_or_initials(world, ana_api):
    ben, cy = world["ben"], world["cy"]
    made = _introduction(ana_api, world["introductions"]["made"])
    assert made["first"] == {"id": ben.pk, "name": ben.name, **_faces(world, ben)}
    assert made["second"] == {"id": cy.pk, "name": cy.name, **_faces(world, cy)}
    assert made["second"]["photo_url"] is None  # Cy has none


def test_a_requests_introducer_shows_their_face_both_ways(world, ana_api):
    incoming = ana_api.get("/requests", {"box": "incoming"}).json()
    outgoing = ana_api.get("/requests", {"box": "outgoing"}).json()

    assert [_face_of(row["introducer"]) for row in incoming] == [_faces(world, world["ivy"])]
    assert [_face_of(row["sender"]) for row in incoming] == [_faces(world, world["max"])]
    (to_oz,) = [row for row in outgoing if row["recipient"]["id"] == world["oz"].pk]
    assert _face_of(to_oz["introducer"]) == _faces(world, world["ben"])


def test_sending_a_request_answers_with_the_introducers_face(world, db, api_as, settings):
    settings.RAPPORT_REQUEST_BUDGET_PENDING = 100
    max_ = world["max"]
    sent = api_as(world["jo"]).post(
        "/requests",
        {
            "recipient_id": world["hal"].pk,
            "context": "introduced",
            "introducer_id": max_.pk,
            "note": "Hi Hal, Max says you run the harbour walks; how do you pick the routes?",
        },
    )
    assert sent.status_code == 201, sent.json()
    body = sent.json()
    assert _face_of(body["introducer"]) == _faces(world, max_)
    assert _face_of(body["recipient"]) == _faces(world, world["hal"])


def test_gatherings_show_the_host_the_guests_and_who_came(world, ana_api):
    ben, cy, hal = world["ben"], world["cy"], world["hal"]
    hals, anas = world["gatherings"]["hals"], world["gatherings"]["anas"]

    listed = ana_api.get("/gatherings").json()
    hosts = {row["id"]: row["host"] for row in [*listed["upcoming"], *listed["past"]]}
    assert hosts[hals] == {"id": hal.pk, "name": hal.name, **_faces(world, hal)}
    assert _face_of(ana_api.get(f"/gatherings/{hals}").json()["host"]) == _faces(world, hal)
    assert _face_of(hosts[anas]) == _faces(world, world["ana"])  # hers: no photo

    guests = {row["id"]: _face_of(row) for row in ana_api.get(f"/gatherings/{anas}/guests").json()}
    assert guests == {ben.pk: _faces(world, ben), cy.pk: _faces(world, cy)}
    came = {row["id"]: _face_of(row) for row in ana_api.get(f"/gatherings/{hals}/attendees").json()}
    assert came == {
        member.pk: _faces(world, member) for member in (hal, ben, cy, world["spares"][0])
    }

    invited = ana_api.post(f"/gatherings/{anas}/invitations", {"member_ids": [hal.pk]}).json()
    assert [(row["id"], _face_of(row)) for row in invited] == [(hal.pk, _faces(world, hal))]


def test_a_coffee_partner_shows_their_face(world, ana_api):
    kim = world["kim"]
    (pairing,) = ana_api.get("/coffee/pairings").json()
    assert pairing["partner"]["id"] == kim.pk
    assert _face_of(pairing["partner"]) == _faces(world, kim)
    assert _face_of(ana_api.get(f"/coffee/pairings/{pairing['id']}").json()["partner"]) == (
        _faces(world, kim)
    )


def test_asks_show_their_poster_those_who_answered_and_those_who_helped(world, db, api_as):
    ana, ben, cy = world["ana"], world["ben"], world["cy"]
    ana_api = api_as(ana)
    for viewer, poster in ((ana, ben), (ben, ana), (cy, ana)):
        board = api_as(viewer).get("/asks").json()
        assert {row["poster"]["id"]: _face_of(row["poster"]) for row in board} == {
            poster.pk: _faces(world, poster)
        }
    mine = ana_api.get("/asks", {"box": "mine"}).json()
    assert {_face_of(row["poster"])["photo_url"] for row in mine} == {None}  # she has none

    answered = ana_api.get(f"/asks/{world['asks']['open']}").json()
    assert {row["author"]["id"]: _face_of(row["author"]) for row in answered["answers"]} == {
        ben.pk: _faces(world, ben),
        cy.pk: _faces(world, cy),
    }
    closed = ana_api.get(f"/asks/{world['asks']['closed']}").json()
    assert [(row["id"], _face_of(row)) for row in closed["helpers"]] == [
        (ben.pk, _faces(world, ben)),
        (cy.pk, _faces(world, cy)),
    ]


def test_your_blocks_show_the_faces_of_those_you_blocked_unless_they_blocked_you(world, ana_api):
    blocks = {row["member_id"]: _face_of(row) for row in ana_api.get("/blocks").json()}
    pat, quin, rae = world["pat"], world["quin"], world["rae"]
    assert blocks == {
        pat.pk: _faces(world, pat),
        quin.pk: _faces(world, quin),  # none
        rae.pk: {"photo_url": None, "photo_small_url": None},  # she blocked Ana too
    }
    assert blocks[pat.pk]["photo_url"] == _large(world, pat)


def test_blocking_answers_with_the_blocked_members_face(world, db, api_as):
    jo = world["jo"]
    body = api_as(world["ana"]).post(f"/members/{jo.pk}/block").json()
    assert (body["member_id"], _face_of(body)) == (jo.pk, _faces(world, jo))


def test_the_bridges_your_insights_suggest_show_their_faces(world, ana_api):
    """Ivy's connections (Jo, Lu, Max) are beyond Ana's reach: each bridge with its face."""
    bridges = ana_api.get("/insights").json()["suggestions"]["bridges"]
    assert bridges
    for bridge in bridges:
        member = next(m for m in world.values() if getattr(m, "pk", None) == bridge["member_id"])
        assert _face_of(bridge) == _faces(world, member), member.name
    assert any(bridge["photo_url"] for bridge in bridges)


# --- A member who blocked you shows no face -------------------------------------------


def _introducer_of(world, api, key: str) -> dict:
    return _introduction(api, world["introductions"][key])["introducer"]


# Who blocks Ana -> where she reads them, and what of them she reads there.
BLOCKERS = {
    "introducer": ("ivy", lambda w, api: _introducer_of(w, api, "met")),
    "introduced": (
        "ben",
        lambda w, api: _introduction(api, w["introductions"]["made"])["first"],
    ),
    "request introducer": (
        "ivy",
        lambda w, api: api.get("/requests", {"box": "incoming"}).json()[0]["introducer"],
    ),
    "outgoing request introducer": (
        "ben",
        lambda w, api: next(
            row["introducer"]
            for row in api.get("/requests", {"box": "outgoing"}).json()
            if row["recipient"]["id"] == w["oz"].pk
        ),
    ),
    "host": (
        "hal",
        lambda w, api: api.get(f"/gatherings/{w['gatherings']['hals']}").json()["host"],
    ),
    "hosts in the list": (
        "hal",
        lambda w, api: next(
            row["host"]
            for row in api.get("/gatherings").json()["past"]
            if row["id"] == w["gatherings"]["hals"]
        ),
    ),
    "guest": (
        "ben",
        lambda w, api: api.get(f"/gatherings/{w['gatherings']['anas']}/guests").json()[0],
    ),
    "coffee partner": ("kim", lambda w, api: api.get("/coffee/pairings").json()[0]["partner"]),
    "answer": (
        "ben",
        lambda w, api: api.get(f"/asks/{w['asks']['open']}").json()["answers"][0]["author"],
    ),
    "helper": ("ben", lambda w, api: api.get(f"/asks/{w['asks']['closed']}").json()["helpers"][0]),
}


@pytest.mark.parametrize("where", list(BLOCKERS))
def test_a_member_who_blocked_you_shows_null(world, ana_api, where):
    name, read = BLOCKERS[where]
    blocker = world[name]
    before = read(world, ana_api)
    assert before["id"] == blocker.pk and _face_of(before) == _faces(world, blocker)

    block_create(blocker=blocker, blocked_id=world["ana"].pk)

    after = read(world, ana_api)
    assert (after["id"], after["name"]) == (blocker.pk, blocker.name)
    assert _face_of(after) == {"photo_url": None, "photo_small_url": None}


# --- No query per member ----------------------------------------------------------------


def _more_introductions(world, n: int) -> None:
    ana = world["ana"]
    for _ in range(n):
        introducer, other = _new_with_photo(), _new_with_photo()
        pair_connect(introducer, ana)
        pair_connect(introducer, other)
        made = introduction_make(introducer=introducer, first_id=ana.pk, second_id=other.pk, **WHY)
        introduction_accept(member=ana, introduction_id=made.pk)
        introduction_accept(member=other, introduction_id=made.pk)
        introduction_make(introducer=ana, first_id=introducer.pk, second_id=world["ben"].pk, **WHY)


def _more_incoming(world, n: int) -> None:
    for _ in range(n):
        request_send(
            _new_with_photo(),
            world["ana"],
            context="introduced",
            introducer_id=_new_with_photo().pk,
        )


def _more_outgoing(world, n: int) -> None:
    for _ in range(n):
        request_send(
            world["ana"],
            _new_with_photo(),
            context="introduced",
            introducer_id=_new_with_photo().pk,
        )


def _more_gatherings(world, n: int) -> None:
    for _ in range(n):
        gathering_create(
            host=_new_with_photo(),
            title="Open evening",
            place="The library",
            visibility="community",
            **_times(days_from_now=4),
        )


def _more_guests(world, n: int) -> None:
    guests = [_new_with_photo() for _ in range(n)]
    for guest in guests:  # a host invites their connections
        pair_connect(world["ana"], guest)
    invited = [guest.pk for guest in guests]
    gathering_invite(
        host=world["ana"], gathering_id=world["gatherings"]["anas"], member_ids=invited
    )


def _more_who_came(world, n: int) -> None:
    """The host corrects who came: more of the spare guests were there."""
    came = [world[name].pk for name in ("ana", "ben", "cy")]
    came += [spare.pk for spare in world["spares"][: 1 + n]]
    gathering_confirm_attendance(
        host=world["hal"], gathering_id=world["gatherings"]["hals"], attended_ids=came
    )


def _more_pairings(world, n: int) -> None:
    """Later rounds, each with one new member opted in beside Ana."""
    today = timezone.localdate()
    for week in range(1, n + 1):
        partner = _new_with_photo()
        coffee_opt_in(member=partner, frequency="weekly")
        coffee_round_run(
            held_on=today + dt.timedelta(weeks=week),
            now=timezone.now() + dt.timedelta(weeks=week),
        )
        coffee_opt_out(member=partner)


def _more_board(world, n: int) -> None:
    for _ in range(n):
        poster = _new_with_photo()
        pair_connect(poster, world["ana"])
        ask_post(poster=poster, kind="offer", title="Happy to read your draft")


def _more_answers(world, n: int) -> None:
    for _ in range(n):
        author = _new_with_photo()
        pair_connect(author, world["ana"])
        ask_answer(author=author, ask_id=world["asks"]["open"], body="Happy to help.")


def _more_blocks(world, n: int) -> None:
    for _ in range(n):
        block_create(blocker=world["ana"], blocked_id=_new_with_photo().pk)


def _more_connections(world, n: int) -> None:
    for _ in range(n):
        friend = _new_with_photo()
        pair_connect(friend, world["ana"])
        pair_connect(friend, _new_with_photo())  # a bridge beyond


def _new_with_photo():
    member = new_member(f"Grown {next(_names)}")
    _photo(member)
    return member


# The list -> where it is, and how to give Ana three more rows of it, each with a face.
LISTS = {
    "/introductions": (lambda w: ("/introductions", None), _more_introductions),
    "/requests incoming": (lambda w: ("/requests", {"box": "incoming"}), _more_incoming),
    "/requests outgoing": (lambda w: ("/requests", {"box": "outgoing"}), _more_outgoing),
    "/gatherings": (lambda w: ("/gatherings", None), _more_gatherings),
    "/gatherings/{id}/guests": (
        lambda w: (f"/gatherings/{w['gatherings']['anas']}/guests", None),
        _more_guests,
    ),
    "/gatherings/{id}/attendees": (
        lambda w: (f"/gatherings/{w['gatherings']['hals']}/attendees", None),
        _more_who_came,
    ),
    "/coffee/pairings": (lambda w: ("/coffee/pairings", None), _more_pairings),
    "/asks": (lambda w: ("/asks", None), _more_board),
    "/asks/{id}": (lambda w: (f"/asks/{w['asks']['open']}", None), _more_answers),
    "/blocks": (lambda w: ("/blocks", None), _more_blocks),
    "/insights": (lambda w: ("/insights", None), _more_connections),
}


@pytest.mark.parametrize("name", list(LISTS))
def test_faces_cost_no_query_per_member(world, ana_api, settings, name):
    settings.RAPPORT_REQUEST_BUDGET_PENDING = 100
    settings.RAPPORT_REQUEST_BUDGET_WEEK = 100
    where, grow = LISTS[name]
    path, query = where(world)
    before = ana_api.queries(path, query)
    shown_before = json.dumps(ana_api.get(path, query).json()).count("-64.webp")

    grow(world, 3)

    assert ana_api.queries(path, query) == before
    shown_after = json.dumps(ana_api.get(path, query).json()).count("-64.webp")
    if name != "/insights":  # at most five bridges, whatever grows
        assert shown_after >= shown_before + 3, "the rows grown show their faces"


def test_helpers_cost_no_query_each(world, ana_api, db):
    """One helper or three: the closed ask costs the same."""
    ana = world["ana"]

    def closed_with(helpers: list) -> int:
        ask = ask_post(poster=ana, kind="ask", title=f"Another question {next(_names)}")
        ask_close(poster=ana, ask_id=ask.pk, helper_ids=[helper.pk for helper in helpers])
        return ana_api.queries(f"/asks/{ask.pk}")

    one = closed_with([world["ben"]])
    three = closed_with([world["ben"], world["hal"], world["ivy"]])
    assert one == three


# --- The pages that named members without a face --------------------------------------


def _small_img(world, member) -> str:
    return f'src="/members/{member.pk}/photo/{world["photos"][member.pk]}-64.webp"'


def _initials(member) -> str:
    return f'aria-hidden="true">{"".join(word[0] for word in member.name.split())}</span>'


def _page(world, name: str) -> str:
    return {
        "insights": reverse("insights"),
        "safety": reverse("safety"),
        "requests_inbox": reverse("requests_inbox"),
        "hosting": reverse("gathering", args=[world["gatherings"]["anas"]]),
        "closed_ask": reverse("ask", args=[world["asks"]["closed"]]),
    }[name]


@pytest.fixture
def ana_sees(world, db, signed_in):
    client = signed_in(world["ana"])
    return lambda name: client.get(_page(world, name)).content.decode()


def _section(html: str, start: str, end: str) -> str:
    return html[html.index(start) : html.index(end, html.index(start))]


def test_insights_show_a_face_beside_each_member_named(world, ana_sees):
    """Ana's connections by cluster, and the bridges she might reach, each with their
    photo or their initials."""
    html = ana_sees("insights")
    clusters = _section(html, "<figcaption>", "</figcaption>")
    for name in ("ben", "hal", "ivy"):
        assert _small_img(world, world[name]) in clusters, name
    assert _initials(world["cy"]) in clusters
    bridges = _section(html, 'id="suggestions-title"', "Dormant ties")
    shown = [m for m in (world["jo"], world["lu"]) if f"/members/{m.pk}/" in bridges]
    assert shown and all(_small_img(world, member) in bridges for member in shown)


def test_the_blocked_list_shows_faces_and_initials(world, ana_sees):
    """Pat's photo; Quin has none; Rae blocked Ana back, so her initials, as for anyone
    who blocked the viewer."""
    blocks = _section(ana_sees("safety"), 'id="blocks"', "</ul>")
    assert _small_img(world, world["pat"]) in blocks
    for name in ("quin", "rae"):
        assert _initials(world[name]) in blocks, name
    assert f"/members/{world['rae'].pk}/photo/" not in blocks


def test_introduced_by_shows_the_introducers_face_or_their_initials_once_they_blocked(
    world, ana_sees
):
    ivy = world["ivy"]
    introduced_by = _section(ana_sees("requests_inbox"), "<dt>Introduced by</dt>", "</dd>")
    assert _small_img(world, ivy) in introduced_by and ivy.name in introduced_by

    block_create(blocker=ivy, blocked_id=world["ana"].pk)

    introduced_by = _section(ana_sees("requests_inbox"), "<dt>Introduced by</dt>", "</dd>")
    assert _initials(ivy) in introduced_by and ivy.name in introduced_by
    assert f"/members/{ivy.pk}/photo/" not in introduced_by


def test_the_invite_boxes_show_each_connections_face(world, ana_sees):
    """Hal and Ivy (photos) are the connections Ana has not invited yet: each tick box's
    label holds the face, then the name; Ben and Cy, invited, are listed as guests."""
    boxes = _section(ana_sees("hosting"), '<div id="id_member_ids">', "</fieldset>")
    for name in ("hal", "ivy"):
        member = world[name]
        label = _section(boxes, f'value="{member.pk}"', "</label>")
        assert _small_img(world, member) in label and label.rstrip().endswith(member.name)
    assert f'value="{world["cy"].pk}"' not in boxes


def test_the_closed_ask_shows_each_helpers_face(world, ana_sees):
    """Ana's closed ask credits Ben (photo) and Cy (none)."""
    page = ana_sees("closed_ask")
    helpers = _section(page, 'class="ask__helpers"', "</p>")
    assert _small_img(world, world["ben"]) in helpers and world["ben"].name in helpers
    assert _initials(world["cy"]) in helpers and world["cy"].name in helpers


def test_the_tick_boxes_are_styled_as_django_renders_them(world, db, signed_in):
    """Django 5 renders a field's tick boxes in a div of divs: the stylesheet's rules for
    who came and whom to invite name that div (a rule for a ``ul`` matched nothing)."""
    css = (Path(rapport.__file__).parent / "web/static/rapport/rapport.css").read_text()
    hal = signed_in(world["hal"])
    pages = {
        "attended_ids": hal.get(
            reverse("gathering_attendance", args=[world["gatherings"]["hals"]])
        ),
        "member_ids": signed_in(world["ana"]).get(_page(world, "hosting")),
    }
    for field, response in pages.items():
        assert f'<div id="id_{field}">' in response.content.decode()
        assert f'.form div[id$="{field}"] {{' in css or f'.form div[id$="{field}"],' in css
        assert f'.form div[id$="{field}"] label' in css
        assert f'ul[id$="{field}"]' not in css


# What each page costs (with faces, from its own queries), whatever it lists.
PAGE_QUERIES = {
    "insights": (_more_connections, 8),
    "safety": (_more_blocks, 2),
    "requests_inbox": (_more_incoming, 3),
    "hosting": (_more_connections, 5),
}


@pytest.mark.parametrize("name", list(PAGE_QUERIES))
def test_pages_cost_no_query_per_face(world, db, signed_in, settings, name):
    settings.RAPPORT_REQUEST_BUDGET_PENDING = 100
    settings.RAPPORT_REQUEST_BUDGET_WEEK = 100
    grow, expected = PAGE_QUERIES[name]
    client = signed_in(world["ana"])
    url = _page(world, name)
    before = page_queries(client, url)
    faces_before = client.get(url).content.decode().count("-64.webp")

    grow(world, 3)

    assert page_queries(client, url) == before == expected
    if name != "insights":  # at most five bridges; the clusters grow by three
        assert client.get(url).content.decode().count("-64.webp") >= faces_before + 3
