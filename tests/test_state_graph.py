"""The declared state graphs: the request's life, and graphs that must not be definable."""

from __future__ import annotations

import datetime as dt

import pytest

from rapport.errors import InvalidTransition
from rapport.network.states import REQUEST_EXPIRES_AFTER, REQUEST_GRAPH
from rapport.state_graph import graph

LABELS = {"open": "Open", "done": "Done"}


def test_a_pending_request_can_be_accepted_declined_withdrawn_or_expire():
    for target in ("accepted", "declined", "withdrawn", "expired"):
        REQUEST_GRAPH.check("pending", target)
    assert REQUEST_GRAPH.initial == "pending"


def test_accepted_withdrawn_and_expired_are_final():
    assert REQUEST_GRAPH.terminal == {"accepted", "withdrawn", "expired"}
    for state in REQUEST_GRAPH.terminal:
        for target in REQUEST_GRAPH.states:
            with pytest.raises(InvalidTransition):
                REQUEST_GRAPH.check(state, target)


def test_a_silently_declined_request_can_still_be_withdrawn_and_nothing_else():
    # The sender still sees "pending", so withdrawing must work as it would then.
    REQUEST_GRAPH.check("declined", "withdrawn")
    for target in ("pending", "accepted", "declined", "expired"):
        with pytest.raises(InvalidTransition):
            REQUEST_GRAPH.check("declined", target)


def test_a_pending_request_times_out_into_expired_after_thirty_days():
    assert REQUEST_GRAPH.timeouts == {"pending": (REQUEST_EXPIRES_AFTER, "expired")}
    assert REQUEST_EXPIRES_AFTER.days == 30


def test_the_graph_offers_every_state_with_its_label_as_form_choices():
    assert dict(REQUEST_GRAPH.choices) == {
        "pending": "Pending",
        "accepted": "Accepted",
        "declined": "Declined",
        "withdrawn": "Withdrawn",
        "expired": "Expired",
        "held": "Held for a moderator",
        "rejected": "Rejected by a moderator",
    }


def test_a_wrong_move_names_both_states_in_words():
    with pytest.raises(InvalidTransition) as raised:
        REQUEST_GRAPH.check("accepted", "declined")
    assert raised.value.message == "A request that is accepted cannot become declined."
    assert raised.value.code == "invalid_transition"
    assert raised.value.status == 409


def test_a_move_from_an_unknown_state_is_refused_not_crashed():
    with pytest.raises(InvalidTransition, match="cannot become accepted"):
        REQUEST_GRAPH.check("lost", "accepted")


def test_a_graph_whose_initial_state_is_undeclared_fails_at_definition():
    with pytest.raises(ValueError, match="initial state 'start' is not declared"):
        graph("Thing", initial="start", transitions={"open": ["done"], "done": []}, labels=LABELS)


def test_a_move_to_an_undeclared_state_fails_at_definition():
    with pytest.raises(ValueError, match=r"'open' moves to undeclared \['closed'\]"):
        graph(
            "Thing",
            initial="open",
            transitions={"open": ["done", "closed"], "done": []},
            labels=LABELS,
        )


def test_an_unreachable_state_fails_at_definition():
    with pytest.raises(ValueError, match=r"unreachable states \['orphan'\]"):
        graph(
            "Thing",
            initial="open",
            transitions={"open": ["done"], "done": [], "orphan": ["done"]},
            labels={**LABELS, "orphan": "Orphan"},
        )


def test_a_state_without_a_label_fails_at_definition():
    with pytest.raises(ValueError, match="every state needs a label"):
        graph(
            "Thing",
            initial="open",
            transitions={"open": ["done"], "done": []},
            labels={"open": "Open"},
        )


def test_a_timeout_that_is_not_a_transition_fails_at_definition():
    with pytest.raises(ValueError, match="timeout 'done' -> 'open' is not a transition"):
        graph(
            "Thing",
            initial="open",
            transitions={"open": ["done"], "done": []},
            labels=LABELS,
            timeouts={"done": (dt.timedelta(days=1), "open")},
        )


def test_a_well_formed_graph_checks_its_own_moves():
    thing = graph(
        "Thing",
        initial="open",
        transitions={"open": ["done"], "done": []},
        labels=LABELS,
        timeouts={"open": (dt.timedelta(hours=1), "done")},
    )
    thing.check("open", "done")
    assert thing.terminal == {"done"}
    with pytest.raises(InvalidTransition, match=r"A thing that is done cannot become open\."):
        thing.check("done", "open")


def test_a_name_that_starts_with_a_vowel_takes_an():
    asks = graph(
        "Ask",
        initial="open",
        transitions={"open": ["closed"], "closed": []},
        labels={"open": "Open", "closed": "Closed"},
    )
    with pytest.raises(InvalidTransition, match=r"^An ask that is closed cannot become open\.$"):
        asks.check("closed", "open")
