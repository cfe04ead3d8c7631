"""The home page's "Also waiting for you": the introductions, invitations, asks and
people due that wait for the member, each gone from a kept page on the next visit once
answered wherever it was answered, across a block exactly what the pages that answer
them show, for a fixed number of queries (rapport/web/waiting_for_you.py, migration
web 0002)."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable

import pytest
from django.db import connection
from django.db.models import Q
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from rapport.asks.models import Ask
from rapport.asks.services import ask_answer, ask_post, ask_withdraw
from rapport.conversations.models import Conversation
from rapport.gatherings.models import Attendance, Gathering
from rapport.gatherings.selectors import gatherings_of, mine
from rapport.gatherings.services import (
    gathering_cancel,
    gathering_create,
    gathering_invite,
    gathering_rsvp,
    gathering_update,
)
from rapport.imports.services import import_job_create, import_job_run
from rapport.introductions.selectors import introductions_received
from rapport.introductions.services import introduction_decline, introduction_make
from rapport.keeper.models import Person
from rapport.keeper.selectors import keep_in_touch
from rapport.keeper.services import (
    interaction_log,
    person_create,
    person_set_circle,
    person_update,
)
from rapport.keeper.vocabulary import Circle
from rapport.members.services import member_update_profile
from rapport.safety.models import Block
from rapport.safety.services import block_create, block_delete
from rapport.web.models import HomeVersion
from rapport.web.selectors import home_overview
from rapport.web.views import HOME_WAITING
from tests.conftest import new_member, pair_connect
from tests.imports.conftest import linkedin_files, zipped
from tests.migrating import migrate_to, migrate_to_latest
from tests.races import at_once
from tests.web.page_text import main_text

NOW = dt.datetime(2026, 6, 1, 12, 0, tzinfo=dt.UTC)
WHY = "You both care about public transport data and would enjoy comparing notes."
# The session with its member and version; after a change, the one round trip.
HOME_QUERIES = 2
HOME_KEPT_QUERIES = 1


def _main(client) -> str:
    response = client.get(reverse("home"))
    assert response.status_code == 200
    page = response.content.decode()
    return page[page.index("<main") : page.index("</main>")]


def _reads(client) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(reverse("home")).status_code == 200
    return len(captured)


def _introduce(introducer, first, second, connect):
    connect(introducer, first)
    connect(introducer, second)
    return introduction_make(
        introducer=introducer,
        first_id=first.pk,
        second_id=second.pk,
        why_first=WHY,
        why_second=WHY,
    )


def _invite(host, guest, title, *, starts_in=dt.timedelta(days=5)):
    starts = NOW + starts_in
    gathering = gathering_create(
        host=host,
        title=title,
        starts_at=starts,
        ends_at=starts + dt.timedelta(hours=2),
        place="Café Central",
        no_agenda=True,
    )
    gathering_invite(host=host, gathering_id=gathering.pk, member_ids=[guest.pk])
    return gathering


@pytest.fixture
def world(make_member, connect, signed_in, time_machine):
    """Ana, for whom one of each kind waits: Ivo introduces her to Zoe, Hal invites her
    to a breakfast, Pia (a connection) asks for help, and Rui, in her keeper's inner
    circle, has never been contacted. Her page is kept when the fixture hands it over."""
    time_machine.move_to(NOW, tick=False)
    ana = make_member("Ana Lima")
    ivo, zoe = make_member("Ivo Introducer"), make_member("Zoe Other")
    hal, pia = make_member("Hal Host"), make_member("Pia Poster")
    introduction = _introduce(ivo, ana, zoe, connect)
    connect(hal, ana)
    gathering = _invite(hal, ana, "Transit breakfast")
    connect(pia, ana)
    ask = ask_post(poster=pia, kind="ask", title="Looking for a GTFS validator")
    rui = person_create(owner=ana, name="Rui Keeper", circle="5")
    client = signed_in(ana)
    page = _main(client)
    assert _reads(client) == HOME_KEPT_QUERIES
    return {
        "ana": ana,
        "ivo": ivo,
        "zoe": zoe,
        "hal": hal,
        "pia": pia,
        "introduction": introduction,
        "gathering": gathering,
        "ask": ask,
        "rui": rui,
        "client": client,
        "page": page,
        "time": time_machine,
    }


def test_the_section_shows_each_kind_linking_to_where_it_is_answered(world):
    page = world["page"]
    assert "Also waiting for you" in page
    assert "Ivo Introducer would like to introduce you to someone" in page
    assert f"{reverse('introductions')}#introduction-{world['introduction'].pk}" in page
    assert "Transit breakfast" in page and "Hal Host invited you" in page
    assert reverse("gathering", args=[world["gathering"].pk]) in page
    assert "Looking for a GTFS validator" in page and "asked by Pia Poster" in page
    assert reverse("ask", args=[world["ask"].pk]) in page
    assert "Rui Keeper" in page and "due today" in page
    assert reverse("keeper_person", args=[world["rui"].pk]) in page
    # The other person of an introduction is not named until both said yes.
    assert "Zoe" not in page


def test_nothing_waiting_says_so(make_member, signed_in, time_machine):
    time_machine.move_to(NOW, tick=False)
    page = _main(signed_in(make_member("Quiet Member")))
    assert "Nothing else is waiting for you" in page


def _introduction_answered(w):
    response = w["client"].post(reverse("introduction_accept", args=[w["introduction"].pk]))
    assert response.status_code == 302
    w["client"].get(response.url)  # where its flash message is shown
    return "would like to introduce you"


def _invitation_answered(w):
    gathering_rsvp(member=w["ana"], gathering_id=w["gathering"].pk, answer="maybe")
    return "Transit breakfast"


def _invitation_answered_in_bulk(w):
    Attendance.objects.filter(member=w["ana"]).update(rsvp="no")
    return "Transit breakfast"


def _gathering_cancelled(w):
    gathering_cancel(host=w["hal"], gathering_id=w["gathering"].pk)
    return "Transit breakfast"


def _ask_answered(w):
    ask_answer(author=w["ana"], ask_id=w["ask"].pk, body="Try the MobilityData validator.")
    return "GTFS validator"


def _ask_withdrawn(w):
    ask_withdraw(poster=w["pia"], ask_id=w["ask"].pk)
    return "GTFS validator"


def _ask_closed_in_bulk(w):
    Ask.objects.filter(pk=w["ask"].pk).update(state="expired")
    return "GTFS validator"


def _kept_in_touch(w):
    interaction_log(owner=w["ana"], person_ids=[w["rui"].pk], kind="call")
    return "Rui Keeper"


def _moved_out_of_the_circles(w):
    Person.objects.filter(pk=w["rui"].pk).update(circle="acquaintance")
    return "Rui Keeper"


ANSWERED: dict[str, Callable] = {
    "the introduction answered on its page": _introduction_answered,
    "the invitation answered": _invitation_answered,
    "the invitation answered by a bulk update": _invitation_answered_in_bulk,
    "the gathering cancelled": _gathering_cancelled,
    "the ask answered": _ask_answered,
    "the ask withdrawn": _ask_withdrawn,
    "the ask lapsed by a bulk update": _ask_closed_in_bulk,
    "the person kept in touch with": _kept_in_touch,
    "the person moved out of the circles in bulk": _moved_out_of_the_circles,
}


@pytest.mark.parametrize("answer", ANSWERED.values(), ids=ANSWERED.keys())
def test_what_is_answered_elsewhere_leaves_the_kept_page(world, answer):
    text = answer(world)
    assert text in world["page"]
    page = _main(world["client"])
    assert text not in page
    assert "Also waiting for you" in page
    assert _reads(world["client"]) == HOME_KEPT_QUERIES  # the new page is kept in turn


def _moved_into(circle: str) -> Callable:
    def move(owner, person):
        person_set_circle(owner=owner, person_id=person.pk, circle=circle)

    return move


def _given_a_cadence(owner, person):
    person_update(owner=owner, person_id=person.pk, cadence_days=30)


# Every circle the due list reads: web 0003 writes them out in its triggers' condition,
# which a circle added to ``Circle.layered`` must join.
BECOMING_DUE: dict[str, Callable] = {
    **{f"moved into the {circle}": _moved_into(circle) for circle in Circle.layered},
    "given their own cadence": _given_a_cadence,
}


@pytest.mark.parametrize("become_due", BECOMING_DUE.values(), ids=BECOMING_DUE.keys())
def test_an_acquaintance_who_becomes_due_shows_on_the_next_visit(world, become_due):
    """An acquaintance is on no list of the page: adding one keeps the page as it was
    (migration web 0003), and the first change that could make them due moves it."""
    client = world["client"]
    dee = person_create(owner=world["ana"], name="Dee Acquaintance")
    assert _reads(client) == HOME_KEPT_QUERIES
    become_due(world["ana"], dee)
    assert "Dee Acquaintance" in _section(_main(client))


def test_an_import_of_plain_people_leaves_the_kept_page_kept(world, tmp_path):
    """An import adds people in no circle and with no cadence, none of whom the page
    lists: the page stays kept, and the import's every row is spared a version write."""
    ana = world["ana"]
    version = HomeVersion.objects.get(member_id=ana.pk).version
    path = tmp_path / "export.zip"
    path.write_bytes(zipped(linkedin_files("new")))
    job = import_job_create(owner=ana, source="linkedin", path=path)
    assert import_job_run(job_id=job.pk).state == "done"
    assert Person.objects.filter(owner=ana, circle="acquaintance").count() > 1
    assert HomeVersion.objects.get(member_id=ana.pk).version == version
    assert _reads(world["client"]) == HOME_KEPT_QUERIES
    assert "Rui Keeper" in _main(world["client"])


def _section(page: str) -> str:
    start = page.index('id="others-title"')
    return page[start : page.index("</section>", start)]


def test_a_renamed_introducer_host_or_poster_shows_on_the_next_visit(world):
    # Without their threads with Ana, only the names in this section tie her page to them.
    Conversation.objects.filter(Q(member_low=world["ana"]) | Q(member_high=world["ana"])).delete()
    client = world["client"]
    _main(client)
    for who, name in (("ivo", "Ivo Novo"), ("hal", "Hal Novo"), ("pia", "Pia Nova")):
        assert _reads(client) == HOME_KEPT_QUERIES
        member_update_profile(member=world[who], name=name)
        assert name in _section(_main(client))


BLOCKS = {
    "the other person blocks Ana": ("zoe", "ana", "would like to introduce you"),
    "Ana blocks the other person": ("ana", "zoe", "would like to introduce you"),
    "the poster blocks Ana": ("pia", "ana", "GTFS validator"),
}


@pytest.mark.parametrize(("blocker", "blocked", "text"), BLOCKS.values(), ids=BLOCKS.keys())
def test_what_a_block_hides_on_its_page_it_hides_here(world, blocker, blocked, text):
    block_create(blocker=world[blocker], blocked_id=world[blocked].pk)
    page = _main(world["client"])
    assert text not in page
    assert "Rui Keeper" in page  # the rest is still there
    if blocker == "pia":
        return  # the block ended the connection: the ask is gone for good
    its_page = world["client"].get(reverse("introductions")).content.decode()
    assert f"introduction-{world['introduction'].pk}" not in its_page
    block_delete(blocker=world[blocker], blocked_id=world[blocked].pk)
    assert text in _main(world["client"])


# What its own page keeps across a block with the one who sent it: an introduction
# outlives a block with its introducer, an invitation one with its host (their
# vanishing would tell the blocked side of the block; docs/security.md).
OUTLIVES_A_BLOCK = {
    "Ana blocks the introducer": ("ana", "ivo", "would like to introduce you"),
    "the introducer blocks Ana": ("ivo", "ana", "would like to introduce you"),
    "Ana blocks the host": ("ana", "hal", "Transit breakfast"),
    "the host blocks Ana": ("hal", "ana", "Transit breakfast"),
}


@pytest.mark.parametrize(
    ("blocker", "blocked", "text"), OUTLIVES_A_BLOCK.values(), ids=OUTLIVES_A_BLOCK.keys()
)
def test_what_outlives_a_block_on_its_page_stays_here(world, blocker, blocked, text):
    client = world["client"]
    block_create(blocker=world[blocker], blocked_id=world[blocked].pk)
    assert text in _section(_main(client))
    assert _reads(client) == HOME_KEPT_QUERIES
    if "introduce" in text:
        its_page = client.get(reverse("introductions")).content.decode()
        assert f"introduction-{world['introduction'].pk}" in its_page
    else:
        its_page = client.get(reverse("gatherings")).content.decode()
        assert "Transit breakfast" in its_page


def test_across_blocks_the_home_lists_what_the_pages_list(world, make_member, connect):
    """The home's own SQL holds the pages' rule, block by block: the introductions that
    ``introductions_received`` lets the member answer, the invitations ``gatherings_of``
    shows them unanswered."""
    ana = world["ana"]
    made = []
    for n, (blocker, blocked) in enumerate(
        [("ana", "introducer"), ("introducer", "ana"), ("ana", "other"), ("other", "ana")]
    ):
        who = {"introducer": make_member(f"Introducer {n}"), "other": make_member(f"Other {n}")}
        who["ana"] = ana
        made.append(_introduce(who["introducer"], ana, who["other"], connect))
        _invite(who["introducer"], ana, f"Gathering {n}")
        block_create(blocker=who[blocker], blocked_id=who[blocked].pk)
    others = home_overview(
        member_id=ana.pk, waiting=1, recent=1, others=20, today=NOW.date()
    ).others
    answer = [
        view.introduction.pk for view in introductions_received(member=ana) if view.can_answer
    ]
    assert sorted(i.pk for i in others.introductions) == sorted(answer)
    assert len(answer) == 3  # Ivo's, and the two across a block with their introducer
    unanswered = [
        g.pk
        for g in gatherings_of(member=ana, now=NOW).upcoming
        if (row := mine(g)) is not None and row.invited and not row.rsvp
    ]
    assert sorted(i.gathering_id for i in others.invitations) == sorted(unanswered)
    assert len(unanswered) == 5  # Hal's, and the four across a block with their host


def test_the_keeper_day_turns_without_a_write(world):
    """Kept in touch with today: due again in 7 days (the inner circle's cadence), which
    no write announces; the page's key holds the member's day."""
    interaction_log(owner=world["ana"], person_ids=[world["rui"].pk], kind="call", occurred_at=NOW)
    client = world["client"]
    assert "Rui Keeper" not in _main(client)
    world["time"].shift(dt.timedelta(days=6, hours=11))
    assert "Rui Keeper" not in _main(client)
    world["time"].shift(dt.timedelta(hours=1))  # midnight in Ana's zone: day 7
    assert "Rui Keeper" in _main(client)


# A supper at 18:00 at the place, London, on summer time (UTC+1), on Saturday 6 June
# 2026: 13:00 in Toronto, 02:00 the next morning in Tokyo.
SUPPER = dt.datetime(2026, 6, 6, 17, 0, tzinfo=dt.UTC)


def _supper(host, guests, *, title="Canal-side supper", time_zone="Europe/London", **fields):
    values = {
        "starts_at": SUPPER,
        "ends_at": SUPPER + dt.timedelta(hours=2),
        "place": "The Wharf, Castlefield",
        "no_agenda": True,
        **fields,
    }
    gathering = gathering_create(host=host, title=title, time_zone=time_zone, **values)
    gathering_invite(host=host, gathering_id=gathering.pk, member_ids=[g.pk for g in guests])
    return gathering


@pytest.fixture
def priya_invites(make_member, connect, time_machine):
    """Priya, who lives in Kolkata (her zone is hers alone), invites Tom in Toronto,
    Lou in London and Kei in Tokyo."""
    time_machine.move_to(NOW, tick=False)
    priya = make_member("Priya Nair", time_zone="Asia/Kolkata")
    guests = {
        "tom": make_member("Tom Toronto", time_zone="America/Toronto"),
        "lou": make_member("Lou London", time_zone="Europe/London"),
        "kei": make_member("Kei Tokyo", time_zone="Asia/Tokyo"),
    }
    for guest in guests.values():
        connect(priya, guest)
    return priya, guests


def _home_text(client) -> str:
    return main_text(client.get(reverse("home")))


def test_an_invitation_tells_the_time_at_the_place_and_yours_when_it_differs(
    priya_invites, signed_in
):
    """As the gatherings list tells it: the time at the place, named for people, and the
    reader's own beside it only when their clock reads otherwise."""
    priya, guests = priya_invites
    _supper(priya, guests.values())
    tom, lou, kei = (signed_in(guests[name]) for name in ("tom", "lou", "kei"))

    assert _reads(tom) == HOME_QUERIES  # the zone comes with the one round trip
    as_tom, as_lou, as_kei = _home_text(tom), _home_text(lou), _home_text(kei)

    invited = "Canal-side supper · Priya Nair invited you · 6 Jun 2026, 18:00 London time"
    assert f"{invited} (13:00 your time)" in as_tom
    assert f"{invited} (7 Jun, 02:00 your time)" in as_kei
    assert invited in as_lou and "your time" not in as_lou
    # The machine-readable time is the place's, with its offset.
    assert 'datetime="2026-06-06T18:00:00+01:00"' in _main(tom)


def test_an_invitation_names_the_hosts_own_zone_only_when_she_chose_it(priya_invites, signed_in):
    """Priya's online call has no zone: Kei reads it in her own time, as before, and
    nothing on her home page tells where Priya lives."""
    priya, guests = priya_invites
    _supper(priya, [guests["kei"]])
    _supper(
        priya,
        [guests["kei"]],
        title="Online call",
        time_zone="",
        place="",
        link="https://meet.example.org/call",
        starts_at=SUPPER + dt.timedelta(days=1),
        ends_at=SUPPER + dt.timedelta(days=1, hours=1),
    )

    as_kei = _home_text(signed_in(guests["kei"]))

    assert "Online call · Priya Nair invited you · 8 Jun 2026, 02:00 JST" in as_kei
    assert as_kei.count("London time") == as_kei.count("your time") == 1
    assert "Kolkata" not in as_kei and "IST" not in as_kei


def test_a_kept_page_follows_the_hosts_change_of_zone(priya_invites, signed_in):
    """In June Lisbon's clock reads as London's: a zone changed alone moves no time,
    and the kept page still tells the new one on the next visit."""
    priya, guests = priya_invites
    supper = _supper(priya, [guests["tom"]])
    tom = signed_in(guests["tom"])
    assert "18:00 London time (13:00 your time)" in _home_text(tom)
    assert _reads(tom) == HOME_KEPT_QUERIES

    gathering_update(host=priya, gathering_id=supper.pk, time_zone="Europe/Lisbon")
    assert "18:00 Lisbon time (13:00 your time)" in _home_text(tom)

    gathering_update(host=priya, gathering_id=supper.pk, time_zone="")
    as_tom = _home_text(tom)
    assert "6 Jun 2026, 13:00 EDT" in as_tom and "Lisbon" not in as_tom


def _version(member) -> int:
    found = HomeVersion.objects.filter(member_id=member.pk).first()
    return found.version if found else 0


@pytest.mark.django_db(transaction=True)
def test_the_watch_on_a_gatherings_zone_can_be_undone(time_machine):
    """web.0004 widens web.0002's trigger on a gathering's update to its zone and end;
    moved back, web.0002's trigger is as it was, and forward again it watches them."""
    time_machine.move_to(NOW, tick=False)
    priya = new_member("Priya Nair", time_zone="Asia/Kolkata")
    tom = new_member("Tom Toronto", time_zone="America/Toronto")
    pair_connect(priya, tom)
    supper = _supper(priya, [tom]).pk

    def moved_by(**change) -> bool:
        before = _version(tom)
        Gathering.objects.filter(pk=supper).update(**change)
        return _version(tom) > before

    try:
        migrate_to(("web", "0003_home_person_could_be_due"))
        assert not moved_by(time_zone="Europe/Lisbon")
        assert moved_by(title="Canal-side supper, moved indoors")
    finally:
        migrate_to_latest()
    assert moved_by(time_zone="Europe/London")
    assert moved_by(ends_at=SUPPER + dt.timedelta(hours=3))
    assert not moved_by(agenda="Whatever comes up.", no_agenda=False)


def test_a_kept_page_ends_when_its_first_invitation_starts(world, signed_in, make_member, connect):
    ana, hal = world["ana"], world["hal"]
    _invite(hal, ana, "Quick coffee", starts_in=dt.timedelta(minutes=2))
    client = world["client"]
    assert "Quick coffee" in _main(client)
    world["time"].shift(dt.timedelta(minutes=1))
    assert _reads(client) == HOME_KEPT_QUERIES
    world["time"].shift(dt.timedelta(minutes=1, seconds=1))
    assert "Quick coffee" not in _main(client)


def test_a_few_of_each_kind_and_a_link_to_all_for_the_same_queries(
    world, make_member, connect, time_machine
):
    ana, client = world["ana"], world["client"]
    assert _reads(client) == HOME_KEPT_QUERIES
    for n in range(HOME_WAITING + 2):
        _introduce(make_member(f"Introducer {n}"), ana, make_member(f"Stranger {n}"), connect)
        _invite(world["hal"], ana, f"Gathering number {n}")
        poster = make_member(f"Poster {n}")
        connect(poster, ana)
        ask_post(poster=poster, kind="ask", title=f"Asking for help number {n}")
        person_create(owner=ana, name=f"Keeper person {n}", circle="5")
    assert _reads(client) == HOME_QUERIES
    page = _main(client)
    assert page.count("would like to introduce you to someone") == HOME_WAITING
    assert page.count("invited you") == HOME_WAITING
    assert page.count("asked by") == HOME_WAITING
    assert page.count("due today") == HOME_WAITING
    assert "See all introductions waiting for you" in page
    assert "See all your gatherings" in page
    assert "See all asks and offers" in page
    assert "And 3 more: see who is due" in page  # Rui and five more are due


def test_the_home_reads_say_what_the_apps_own_selectors_say(world, make_member, connect):
    ana = world["ana"]
    for n in range(2):
        _introduce(make_member(f"Introducer {n}"), ana, make_member(f"Stranger {n}"), connect)
    person_create(
        owner=ana,
        name="Snoozed Person",
        circle="5",
        snoozed_until=NOW.date() + dt.timedelta(days=3),
    )
    old = person_create(owner=ana, name="Old Friend", circle="15")
    interaction_log(
        owner=ana, person_ids=[old.pk], kind="call", occurred_at=NOW - dt.timedelta(days=40)
    )
    others = home_overview(
        member_id=ana.pk, waiting=1, recent=1, others=10, today=NOW.date()
    ).others
    answer = [
        view.introduction.pk for view in introductions_received(member=ana) if view.can_answer
    ]
    assert sorted(i.pk for i in others.introductions) == sorted(answer)
    lists = keep_in_touch(owner=ana, today=NOW.date())
    due = [item.person.pk for item in lists.overdue + lists.due_soon if item.days_overdue >= 0]
    assert [p.pk for p in others.due] == due
    assert [p.name for p in others.due] == ["Old Friend", "Rui Keeper"]


def test_an_introduction_the_other_side_declined_still_waits_here(world):
    """The introductions page still asks Ana to answer once Zoe said no (her answer is
    recorded and changes nothing): were it gone from the home, the home would tell her
    that Zoe declined."""
    introduction_decline(member=world["zoe"], introduction_id=world["introduction"].pk)

    page = _main(world["client"])
    assert "Ivo Introducer would like to introduce you to someone" in page
    assert f"#introduction-{world['introduction'].pk}" in page
    [view] = introductions_received(member=world["ana"])
    assert view.can_answer


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_members_blocking_each_other_at_once_never_deadlock(postgres_only, make_member):
    """A block moves both members' versions, in one statement and before the photos'
    trigger moves the blocked one's (migration web 0002): two members blocking each
    other at the same moment wait in turn, never deadlock."""
    pairs = [(make_member(f"One {n}"), make_member(f"Two {n}")) for n in range(4)]
    writes = [(a, b) for a, b in pairs] + [(b, a) for a, b in pairs]
    outcomes = at_once(
        [
            functools.partial(block_create, blocker=blocker, blocked_id=blocked.pk)
            for blocker, blocked in writes
        ]
    )
    assert [o for o in outcomes if isinstance(o, Exception)] == []
    assert Block.objects.count() == len(writes)


def test_a_separator_never_begins_a_line_when_a_title_wraps(world):
    """Each "·" is held to the word before it by a no-break space, so a long title that
    wraps carries it to the end of its own line, never to the start of the next."""
    page = world["page"]
    start = page.index('id="others-title"')
    section = page[start : page.index("</section>", start)]

    assert section.count("·") >= 4  # an introduction, an invitation, an ask, a person due
    assert section.count("·") == section.count("&nbsp;·")
