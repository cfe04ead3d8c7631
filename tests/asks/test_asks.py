"""Asks and offers through the API: who sees them, who answers, what closing records."""

from __future__ import annotations

import datetime as dt

from django.core import mail

from rapport.asks.models import Ask
from rapport.asks.tasks import expire_and_remind_asks
from rapport.keeper.models import Interaction
from rapport.members.models import Member
from rapport.network.services import connection_end
from tests.api.public_shape import NO_PHOTO, assert_no_private_keys
from tests.asks.conftest import ASK


def _post(api, **overrides) -> dict:
    response = api.post("/asks", {**ASK, **overrides})
    assert response.status_code == 201, response.json()
    return response.json()


def test_an_ask_is_seen_by_the_posters_connections_and_nobody_else(people, api_as):
    ana, ben, cy, _dee = people
    ask = _post(api_as(ana))

    board = api_as(ben).get("/asks").json()
    detail = api_as(ben).get(f"/asks/{ask['id']}")

    assert [item["id"] for item in board] == [ask["id"]]
    assert board[0]["poster"] == {"id": ana.pk, "name": "Ana Ruiz", **NO_PHOTO}
    assert detail.status_code == 200
    assert api_as(cy).get("/asks").json() == []
    assert api_as(cy).get(f"/asks/{ask['id']}").status_code == 404
    assert_no_private_keys(board)


def test_ending_the_connection_ends_the_view(people, api_as):
    ana, ben, _cy, _dee = people
    ask = _post(api_as(ana))

    connection_end(member=ana, other_id=ben.pk)

    assert api_as(ben).get("/asks").json() == []
    assert api_as(ben).get(f"/asks/{ask['id']}").status_code == 404


def test_answers_are_private_between_the_poster_and_each_author(people, api_as):
    ana, ben, _cy, dee = people
    ask = _post(api_as(ana))

    for author, body in ((ben, "I made that move in 2021."), (dee, "Talk to my old manager.")):
        assert api_as(author).post(f"/asks/{ask['id']}/answers", {"body": body}).status_code == 201

    seen_by = {m.name: api_as(m).get(f"/asks/{ask['id']}").json()["answers"] for m in (ana, ben)}
    assert [a["author"]["name"] for a in seen_by["Ana Ruiz"]] == ["Ben Okafor", "Dee Park"]
    assert [a["body"] for a in seen_by["Ben Okafor"]] == ["I made that move in 2021."]
    assert seen_by["Ben Okafor"][0]["mine"] is True


def test_the_poster_does_not_answer_their_own_ask(people, api_as):
    ana, *_ = people
    ask = _post(api_as(ana))

    response = api_as(ana).post(f"/asks/{ask['id']}/answers", {"body": "Anyone?"})

    assert (response.status_code, response.json()["code"]) == (403, "own_ask")


def test_closing_an_ask_records_received_for_the_asker_and_gave_for_each_helper(people, api_as):
    ana, ben, _cy, dee = people
    ask = _post(api_as(ana))
    api_as(ben).post(f"/asks/{ask['id']}/answers", {"body": "Happy to talk it through."})

    closed = api_as(ana).post(
        f"/asks/{ask['id']}/close", {"helper_ids": [ben.pk, dee.pk], "favour": "advice"}
    )

    assert closed.status_code == 200
    assert (closed.json()["state"], closed.json()["favour"]) == ("closed", "advice")
    assert {h["name"] for h in closed.json()["helpers"]} == {"Ben Okafor", "Dee Park"}
    received = Interaction.objects.get(owner=ana, source="rapport", kind="advice")
    assert (received.direction, received.favour) == ("received", "advice")
    assert {p.member_id for p in received.people.all()} == {ben.pk, dee.pk}
    for helper in (ben, dee):
        gave = Interaction.objects.get(owner=helper, source="rapport", kind="advice")
        assert gave.direction == "gave"
        assert [p.member_id for p in gave.people.all()] == [ana.pk]
        assert "Advice on moving into product management" in gave.note
    # Helpers are the poster's to know: Ben sees the ask closed, not who helped.
    assert api_as(ben).get(f"/asks/{ask['id']}").json()["helpers"] == []


def test_closing_an_offer_records_it_the_other_way_round(people, api_as):
    ana, ben, _cy, _dee = people
    offer = _post(api_as(ana), kind="offer", title="Happy to review CVs for design roles")

    api_as(ana).post(f"/asks/{offer['id']}/close", {"helper_ids": [ben.pk], "favour": "help"})

    assert Interaction.objects.get(owner=ana, kind="help").direction == "gave"
    assert Interaction.objects.get(owner=ben, kind="help").direction == "received"


def test_helpers_are_your_connections_or_those_who_answered(people, api_as):
    ana, ben, cy, _dee = people
    ask = _post(api_as(ana))

    stranger = api_as(ana).post(f"/asks/{ask['id']}/close", {"helper_ids": [cy.pk]})
    yourself = api_as(ana).post(f"/asks/{ask['id']}/close", {"helper_ids": [ana.pk]})
    by_ben = api_as(ben).post(f"/asks/{ask['id']}/close", {"helper_ids": [ben.pk]})

    assert (stranger.status_code, stranger.json()["code"]) == (422, "helper_unknown")
    assert (yourself.status_code, yourself.json()["code"]) == (422, "helper_self")
    assert by_ben.status_code == 404
    assert not Interaction.objects.filter(source="rapport").exclude(kind="message").exists()


def test_closing_with_nobody_records_nothing_and_closes_once(people, api_as):
    ana, *_ = people
    ask = _post(api_as(ana))

    first = api_as(ana).post(f"/asks/{ask['id']}/close", {"helper_ids": []})
    again = api_as(ana).post(f"/asks/{ask['id']}/close", {"helper_ids": []})

    assert (first.json()["state"], first.json()["favour"]) == ("closed", "")
    assert (again.status_code, again.json()["code"]) == (409, "invalid_transition")


def test_at_most_five_open_at_once(people, api_as):
    ana, *_ = people
    for n in range(5):
        _post(api_as(ana), title=f"Advice on topic number {n}")

    sixth = api_as(ana).post("/asks", {**ASK, "title": "One more thing I need help with"})

    assert (sixth.status_code, sixth.json()["code"]) == (409, "asks_open_limit")


def test_the_same_ask_posted_twice_is_refused_naming_the_first(people, api_as):
    """Back, then "Post it" again, once put the same ask on the board twice."""
    ana, *_ = people
    first = _post(api_as(ana))

    again = api_as(ana).post("/asks", {**ASK, "title": ASK["title"].upper()})
    offer = api_as(ana).post("/asks", {**ASK, "kind": "offer"})
    api_as(ana).post(f"/asks/{first['id']}/withdraw")
    after = api_as(ana).post("/asks", ASK)

    assert (again.status_code, again.json()["code"], again.json()["field"]) == (
        409,
        "ask_already_open",
        "title",
    )
    assert f"“{ASK['title']}”" in again.json()["message"]
    assert offer.status_code == 201  # an offer of the same words is another thing
    assert after.status_code == 201  # once the first is withdrawn, it may be asked again


def test_an_ask_lapses_after_thirty_days_and_can_still_be_closed(people, api_as, clock):
    ana, ben, _cy, _dee = people
    ask = _post(api_as(ana))
    clock.shift(dt.timedelta(days=30, seconds=1))

    expire_and_remind_asks.enqueue()

    assert Ask.objects.get().state == "expired"
    assert api_as(ben).get("/asks").json() == []
    late = api_as(ben).post(f"/asks/{ask['id']}/answers", {"body": "Sorry I missed this!"})
    assert (late.status_code, late.json()["code"]) == (409, "ask_expired")
    closed = api_as(ana).post(f"/asks/{ask['id']}/close", {"helper_ids": [ben.pk]})
    assert closed.json()["state"] == "closed"


def test_the_poster_is_reminded_once_three_days_before_it_lapses(people, api_as, clock):
    ana, *_ = people
    _post(api_as(ana))
    clock.shift(dt.timedelta(days=26))
    expire_and_remind_asks.enqueue()
    assert not mail.outbox

    clock.shift(dt.timedelta(days=1, seconds=1))
    expire_and_remind_asks.enqueue()
    expire_and_remind_asks.enqueue()

    (reminder,) = mail.outbox
    assert reminder.to == ["ana@example.org"]
    assert "Advice on moving into product management" in reminder.subject
    assert "Did someone help?" in reminder.body


def test_a_poster_whose_account_was_deactivated_is_not_reminded(people, api_as, clock):
    """Nothing is mailed to an account that cannot sign in to close the ask, as the
    notification mail does; the ask still lapses on its day."""
    ana, *_ = people
    _post(api_as(ana))
    Member.objects.filter(pk=ana.pk).update(is_active=False)
    clock.shift(dt.timedelta(days=27, seconds=1))

    expire_and_remind_asks.enqueue()

    assert not mail.outbox
    clock.shift(dt.timedelta(days=3))
    expire_and_remind_asks.enqueue()
    assert Ask.objects.get().state == "expired"


def test_the_reminder_links_to_the_ask_on_the_site(people, api_as, clock, settings, client):
    settings.RAPPORT_SITE_URL = "https://rapport.example.org"
    ana, *_ = people
    ask = _post(api_as(ana), title='Advice on PM & "growth"')
    clock.shift(dt.timedelta(days=27, seconds=1))
    expire_and_remind_asks.enqueue()

    (reminder,) = mail.outbox
    assert reminder.subject == 'Your ask “Advice on PM & "growth"” closes in three days'
    link = f"https://rapport.example.org/asks/{ask['id']}/"
    assert f"Close it, or withdraw it, on its page: {link}" in reminder.body
    client.force_login(ana)
    page = client.get(link.removeprefix(settings.RAPPORT_SITE_URL))
    assert page.status_code == 200


def test_withdrawing_takes_it_off_the_board(people, api_as):
    ana, ben, *_ = people
    ask = _post(api_as(ana))

    withdrawn = api_as(ana).post(f"/asks/{ask['id']}/withdraw")

    assert withdrawn.json()["state"] == "withdrawn"
    assert api_as(ben).get("/asks").json() == []
    assert api_as(ben).get(f"/asks/{ask['id']}").status_code == 404
    assert [a["state"] for a in api_as(ana).get("/asks", {"box": "mine"}).json()] == ["withdrawn"]


def test_titles_are_one_useful_line(people, api_as):
    ana, *_ = people

    short = api_as(ana).post("/asks", {**ASK, "title": "Help?"})

    assert (short.status_code, short.json()["field"]) == (422, "title")
    assert not Ask.objects.exists()
