"""Double opt-in through the API: each side is asked privately, names only when both say yes."""

from __future__ import annotations

import datetime as dt
import json

from rapport.conversations.models import Conversation, Message
from rapport.conversations.selectors import conversation_with
from rapport.introductions.models import Introduction
from rapport.network.selectors import are_connected
from tests.api.public_shape import NO_PHOTO
from tests.introductions.conftest import WHY_BEN, WHY_CY


def _only(api, box="received") -> dict:
    response = api.get("/introductions", {"box": box})
    assert response.status_code == 200
    (item,) = response.json()
    return item


def test_each_side_sees_the_introducer_and_their_sentence_but_not_the_other(people, api_as):
    ana, ben, cy = people
    made = api_as(ana).post(
        "/introductions",
        {"first_id": ben.pk, "why_first": WHY_BEN, "second_id": cy.pk, "why_second": WHY_CY},
    )
    assert made.status_code == 201

    seen_by_ben = _only(api_as(ben))
    assert seen_by_ben["introducer"] == {"id": ana.pk, "name": "Ana Ruiz", **NO_PHOTO}
    assert seen_by_ben["why"] == WHY_BEN
    assert seen_by_ben["state"] == "waiting_for_you"
    assert seen_by_ben["other"] is None
    assert seen_by_ben["conversation_id"] is None
    # Nothing anywhere in Ben's answer names Cy or carries Cy's id or sentence.
    raw = json.dumps(seen_by_ben)
    assert "Cy" not in raw and str(cy.pk) not in raw.replace(str(seen_by_ben["id"]), "")
    assert WHY_CY not in raw
    assert _only(api_as(cy))["why"] == WHY_CY


def test_when_both_say_yes_they_learn_of_each_other_and_a_conversation_opens(
    people, introduce, api_as
):
    ana, ben, cy = people
    introduction = introduce()

    after_ben = api_as(ben).post(f"/introductions/{introduction.pk}/accept")
    assert after_ben.status_code == 200
    assert (after_ben.json()["state"], after_ben.json()["other"]) == ("waiting_for_other", None)
    # Cy cannot tell that Ben said yes.
    assert _only(api_as(cy))["state"] == "waiting_for_you"

    after_cy = api_as(cy).post(f"/introductions/{introduction.pk}/accept").json()

    assert after_cy["state"] == "accepted"
    assert after_cy["other"] == {"id": ben.pk, "name": "Ben Okafor", **NO_PHOTO}
    assert _only(api_as(ben))["other"] == {"id": cy.pk, "name": "Cy Tran", **NO_PHOTO}
    conversation = Conversation.objects.get(pk=after_cy["conversation_id"])
    assert conversation.origin == "introduction"
    (opening,) = Message.objects.filter(conversation=conversation)
    assert opening.sender_id == ana.pk
    assert WHY_BEN in opening.body and WHY_CY in opening.body
    assert _only(api_as(ana), box="made")["state"] == "accepted"


def test_the_two_can_write_to_each_other_without_connecting(people, introduce, api_as):
    ana, ben, cy = people
    introduction = introduce()
    api_as(ben).post(f"/introductions/{introduction.pk}/accept")
    conversation_id = (
        api_as(cy).post(f"/introductions/{introduction.pk}/accept").json()["conversation_id"]
    )

    sent = api_as(cy).post(
        f"/conversations/{conversation_id}/messages",
        {"body": "Ben, thank you for saying yes. Could we talk about the hall roof?"},
    )
    thread = api_as(ben).get(f"/conversations/{conversation_id}/messages").json()

    assert sent.status_code == 201
    assert not are_connected(a=ben.pk, b=cy.pk)
    assert [m["sender_id"] for m in thread] == [ana.pk, cy.pk]
    # Ana is not in their conversation: she cannot read it.
    assert api_as(ana).get(f"/conversations/{conversation_id}/messages").status_code == 404


def test_a_decline_is_never_shown_to_the_other_side(people, introduce, api_as, clock):
    _ana, ben, cy = people
    introduction = introduce()
    before = _only(api_as(cy))

    declined = api_as(ben).post(f"/introductions/{introduction.pk}/decline")

    assert declined.json()["state"] == "declined_by_you"
    assert _only(api_as(cy)) == before  # byte for byte what Cy saw before
    # Cy may still say yes, and reads "waiting for the other person", as after any yes.
    accepted = api_as(cy).post(f"/introductions/{introduction.pk}/accept")
    assert (accepted.status_code, accepted.json()["state"]) == (200, "waiting_for_other")
    # When the 14 days are over it reads "did not go ahead", exactly as if Ben had never
    # answered; no conversation was opened.
    clock.shift(dt.timedelta(days=14, seconds=1))
    assert _only(api_as(cy))["state"] == "not_going_ahead"
    assert conversation_with(member=ben, other_id=cy.pk) is None


def test_the_introducer_sees_the_outcome_but_not_who_declined(people, introduce, api_as):
    ana, ben, cy = people
    first = introduce()
    api_as(cy).post(f"/introductions/{first.pk}/decline")

    seen = _only(api_as(ana), box="made")

    assert seen["state"] == "declined"
    assert seen["state_label"].startswith("Declined")
    assert "who" in seen["state_label"]  # "Rapport does not say who"
    assert {seen["first"]["id"], seen["second"]["id"]} == {ben.pk, cy.pk}
    assert not {"first_answer", "second_answer", "declined_by"} & set(seen)
    # Had Ben been the one, Ana would read exactly the same.
    Introduction.objects.filter(pk=first.pk).update(
        first_answer="declined", second_answer="waiting"
    )
    assert _only(api_as(ana), box="made") == seen


def test_an_introduction_expires_after_fourteen_days(people, introduce, api_as, clock):
    from rapport.introductions.tasks import expire_and_remind_introductions

    ana, ben, cy = people
    introduction = introduce()
    api_as(ben).post(f"/introductions/{introduction.pk}/accept")
    clock.shift(dt.timedelta(days=14, seconds=1))

    late = api_as(cy).post(f"/introductions/{introduction.pk}/accept")
    expire_and_remind_introductions.enqueue()

    assert (late.status_code, late.json()["code"]) == (409, "introduction_expired")
    introduction.refresh_from_db()
    assert introduction.state == "expired"
    assert _only(api_as(cy))["state"] == "expired"
    assert _only(api_as(ben))["state"] == "not_going_ahead"
    assert _only(api_as(ana), box="made")["state"] == "expired"


def test_the_introducer_may_withdraw_while_it_waits(people, introduce, api_as):
    ana, ben, cy = people
    introduction = introduce()

    withdrawn = api_as(ana).post(f"/introductions/{introduction.pk}/withdraw")
    answer = api_as(ben).post(f"/introductions/{introduction.pk}/accept")

    assert withdrawn.json()["state"] == "withdrawn"
    assert (answer.status_code, answer.json()["code"]) == (409, "introduction_withdrawn")
    assert _only(api_as(cy))["state"] == "withdrawn"


def test_only_the_two_answer_and_only_the_introducer_withdraws(people, introduce, api_as):
    ana, ben, _cy = people
    introduction = introduce()

    by_introducer = api_as(ana).post(f"/introductions/{introduction.pk}/accept")
    by_side = api_as(ben).post(f"/introductions/{introduction.pk}/withdraw")
    twice = [api_as(ben).post(f"/introductions/{introduction.pk}/accept") for _ in range(2)]

    assert (by_introducer.status_code, by_introducer.json()["code"]) == (403, "not_introduced")
    assert (by_side.status_code, by_side.json()["code"]) == (403, "not_introducer")
    assert [r.status_code for r in twice] == [200, 409]
    assert twice[1].json()["code"] == "invalid_transition"


def test_a_member_outside_it_is_told_nothing(people, introduce, api_as, make_member):
    introduction = introduce()
    dee = make_member("Dee Park")

    for path in (f"/introductions/{introduction.pk}",):
        assert api_as(dee).get(path).status_code == 404
    assert api_as(dee).post(f"/introductions/{introduction.pk}/accept").status_code == 404
    assert api_as(dee).get("/introductions").json() == []
