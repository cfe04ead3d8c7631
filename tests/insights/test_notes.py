"""The leaflet score: what a sender is told before a note goes out.

The labelled set (tests/data/notes/labelled.jsonl) holds the floor; the properties
hold whatever the text; the named cases are the ones a reader would check first.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rapport.insights.note_calibration import load, main, measure, scored_set
from rapport.insights.note_duplicates import (
    NEAR_DUPLICATE_JACCARD,
    near_duplicates,
    similarity,
    template_reuse,
)
from rapport.insights.notes import LEAFLET_THRESHOLD, WEIGHTS, assess_note
from tests.conftest import GOOD_NOTE

REPOSITORY = Path(__file__).resolve().parents[2]
LABELLED_PATH = REPOSITORY / "tests" / "data" / "notes" / "labelled.jsonl"
LABELLED = load(LABELLED_PATH)
SCORED = scored_set(LABELLED)
GRACE = {
    "name": "Grace Mensah",
    "organisation": "Transit Lab",
    "interests": ["transit data", "accessibility"],
}
NAMES = ["Grace Mensah", "João Silva", "Ana Lima", "Ben Okafor", "Siobhan Kelly", "Wei Chen"]

# Measured 2026-12-01 on the set as committed (docs/notes.md): precision 0.994 and recall
# 0.970 on all 345 notes; 0.986 and 0.958 on the 150 held out from tuning. The floors
# sit just below, so a change that costs a note or two fails here and is looked at.
FLOOR_ALL = {"precision": 0.98, "recall": 0.95}
FLOOR_HELD_OUT = {"precision": 0.97, "recall": 0.94}


# --- The labelled set ----------------------------------------------------------------


def test_the_labelled_set_is_large_balanced_varied_and_explained():
    labels = Counter(item.label for item in LABELLED)
    kinds = Counter(item.kind for item in LABELLED)

    assert len(LABELLED) >= 300
    assert 0.4 <= labels["leaflet"] / len(LABELLED) <= 0.6
    assert len(kinds) >= 12
    # The hard cases the scorer must get right are there in numbers.
    for kind in ("warm_many_i", "short_no_question", "polite_pitch_with_question"):
        assert kinds[kind] >= 20, kind
    assert all(item.reasoning and item.recipient.get("name") for item in LABELLED)
    assert len({item.note for item in LABELLED}) == len(LABELLED)
    parts = Counter(item.part for item in LABELLED)
    assert parts["tune"] > parts["holdout"] > 100


def test_precision_and_recall_for_leaflets_stay_above_their_floors():
    overall = measure(SCORED)
    held_out = measure(pair for pair in SCORED if pair[0].part == "holdout")

    assert overall.precision >= FLOOR_ALL["precision"], overall
    assert overall.recall >= FLOOR_ALL["recall"], overall
    assert held_out.precision >= FLOOR_HELD_OUT["precision"], held_out
    assert held_out.recall >= FLOOR_HELD_OUT["recall"], held_out


def test_the_measuring_command_prints_the_table_and_the_misread_notes(capsys):
    main([str(LABELLED_PATH)])
    printed = capsys.readouterr().out

    assert f"threshold {LEAFLET_THRESHOLD}" in printed
    for part in ("tune", "holdout", "all"):
        assert f"\n{part} " in printed
    assert "misread notes" in printed


def test_a_broken_line_in_a_labelled_set_is_named(tmp_path):
    path = tmp_path / "bad.jsonl"
    path.write_text('{"id": 1, "note": "x", "label": "spam", "reasoning": "?"}\n')
    with pytest.raises(ValueError, match=r"bad.jsonl:1: label must be one of"):
        load(path)


# --- What the sender is told ---------------------------------------------------------


def test_the_boilerplate_request_is_a_leaflet_and_the_reasons_say_how_to_fix_it():
    assessment = assess_note(
        "I'd like to add you to my professional network. Looking forward to connecting.",
        recipient=GRACE,
        context="other",
    )

    assert assessment.is_leaflet
    assert "add you to my professional network" in assessment.phrases
    assert (
        "Say why them: mention Grace's work at Transit Lab or what you share, such as transit "
        "data." in assessment.reasons
    )
    assert any("Ask Grace something" in reason for reason in assessment.reasons)
    # Weightiest first: the boilerplate itself.
    assert assessment.reasons[0].startswith("“add you to my professional network”")


@pytest.mark.parametrize(
    "note",
    [
        GOOD_NOTE.format(name="Grace"),
        # Warm and full of "I": about what the recipient did.
        "I have to say I've been thinking about your bus bunching chart ever since the meetup. "
        "I went home and I tried it on our tram data, and I found the same pattern.",
        # Short, friendly, no question.
        "Grace, lovely to meet you at the Open Transport meetup. Your map was the best thing "
        "there. Let's keep in touch.",
        # Nothing in it at all: not a leaflet, only empty.
        "n" * 40,
    ],
)
def test_relationship_notes_pass(note):
    assessment = assess_note(note, recipient=GRACE, context="gathering")
    assert not assessment.is_leaflet, (assessment.leaflet_score, assessment.reasons)


@pytest.mark.parametrize(
    "note",
    [
        # A polite pitch that names her and asks a question is still a pitch.
        "Hi Grace, I noticed Transit Lab works with transport data. Would you be open to a quick "
        "15-minute call to see how our analytics platform could save your team hours every week?",
        "I am a business growth consultant with twenty years of experience. If you have need of "
        "any of my services, I hope I can help you. Please refer me to others who could benefit.",
        "Hi there! I'm always looking to expand my network with talented professionals. Accept "
        "my invite and let's stay connected!",
    ],
)
def test_leaflets_are_flagged_with_reasons(note):
    assessment = assess_note(note, recipient=GRACE, context="other")
    assert assessment.is_leaflet
    assert assessment.reasons
    assert assessment.phrases


def test_a_note_that_passes_is_not_called_a_pitch_for_one_word():
    """ "Public service" and "customer research" are what people talk about; a note
    that passes is told how to improve, not that it sells."""
    fine = assess_note(
        "Hi Grace, I loved your talk on public service design at the meetup. "
        "How did the council take it?",
        recipient=GRACE,
        context="gathering",
    )
    selling = assess_note(
        "Hi Grace, loved your talk. Our prices beat anyone's; how did the council take it?",
        recipient=GRACE,
        context="gathering",
    )

    assert not fine.is_leaflet
    assert fine.phrases == ("service",)
    assert fine.contributions["pitch"] == pytest.approx(WEIGHTS["pitch"] / 2)
    assert not any("sales pitch" in reason for reason in fine.reasons)
    assert any("sales pitch (“our prices”)" in reason for reason in selling.reasons)


def test_a_note_sent_before_to_someone_else_reads_as_a_copy():
    earlier = [
        "Hi Tom, great to see your profile here. I help teams get more from their data and "
        "would love to stay in touch with you."
    ]
    note = earlier[0].replace("Tom", "Grace")

    alone = assess_note(note, recipient=GRACE)
    copied = assess_note(note, recipient=GRACE, earlier_notes=earlier)

    assert copied.near_duplicates == 1
    assert copied.leaflet_score == pytest.approx(alone.leaflet_score + WEIGHTS["near_duplicate"])
    assert any("almost the same note before (1 time)" in reason for reason in copied.reasons)


def test_near_duplicates_use_the_documented_jaccard_threshold():
    template = "Hi {}, it was great meeting you at the expo last week. Let's stay in touch soon."
    assert NEAR_DUPLICATE_JACCARD == 0.5
    assert similarity(template.format("Ana"), template.format("Ben")) >= 0.5
    assert similarity(GOOD_NOTE, "Your tram depot rails set into the floor were lovely.") < 0.1
    assert near_duplicates(template.format("Ana"), [template.format("Cy"), "Other words."]) != []
    assert template_reuse([template.format(n) for n in ("A1", "B2", "C3")] + ["Fresh note."]) == 2


def test_only_the_newest_fifty_earlier_notes_are_compared():
    copy = GOOD_NOTE.format(name="Grace")
    others = [f"Note number {n} about a different subject entirely." for n in range(50)]
    assert assess_note(copy, earlier_notes=[*others, copy]).near_duplicates == 0
    assert assess_note(copy, earlier_notes=[copy, *others]).near_duplicates == 1


# The request's detail answers its context's question; the note is not asked it again.
ASKS_AGAIN = {
    "gathering": "name the gathering",
    "worked_together": "where you worked",
    "studied_together": "where you studied",
    "introduced": "who introduced you",
    "other": "where you met",
}
NO_CONTEXT_YET = "Hi Grace, hope the new job treats you well. I would love to hear about it."


@pytest.mark.parametrize("context", sorted(ASKS_AGAIN))
def test_what_the_detail_already_says_is_not_asked_for_again(context):
    without = assess_note(NO_CONTEXT_YET, recipient=GRACE, context=context)
    given = assess_note(
        NO_CONTEXT_YET, recipient=GRACE, context=context, detail="Transit Lab, 2019-2021"
    )

    assert any(ASKS_AGAIN[context] in reason for reason in without.reasons)
    assert not any(ASKS_AGAIN[context] in reason for reason in given.reasons), given.reasons
    assert not any("Say how you know each other" in reason for reason in given.reasons)
    # The note is what is scored; the detail only changes what the sender is told.
    assert given.leaflet_score == without.leaflet_score


def test_worked_together_with_where_and_when_still_asks_on_what():
    given = assess_note(
        NO_CONTEXT_YET, recipient=GRACE, context="worked_together", detail="Transit Lab, 2019-21"
    )
    assert "You said where and when; now say what you worked on together." in given.reasons


def test_a_blank_detail_is_no_detail():
    blank = assess_note(NO_CONTEXT_YET, recipient=GRACE, context="worked_together", detail="  ")
    assert any("say where you worked together and on what" in r for r in blank.reasons)


# "A member introduced us" names the member in its own field: the note is not asked who.
@pytest.mark.parametrize("detail", ["", "At her leaving drinks"])
def test_a_named_introducer_is_not_asked_for_again(detail):
    asked = assess_note(NO_CONTEXT_YET, recipient=GRACE, context="introduced", detail=detail)
    named = assess_note(
        NO_CONTEXT_YET,
        recipient=GRACE,
        context="introduced",
        detail=detail,
        introducer="Ana Ruiz",
    )

    assert not any("who introduced you" in reason for reason in named.reasons), named.reasons
    assert not any("how you were introduced" in reason for reason in named.reasons)
    assert (
        "Ana introduced you; now say what Ana told you about Grace, and why you two should talk."
        in named.reasons
    )
    assert named.leaflet_score == asked.leaflet_score


def test_an_introducer_without_the_introduced_context_changes_nothing():
    plain = assess_note(NO_CONTEXT_YET, recipient=GRACE, context="worked_together")
    named = assess_note(
        NO_CONTEXT_YET, recipient=GRACE, context="worked_together", introducer="Ana Ruiz"
    )
    assert named.reasons == plain.reasons
    unnamed = assess_note(NO_CONTEXT_YET, context="introduced", introducer="Ana Ruiz")
    assert "now say what Ana told you about them" in " ".join(unnamed.reasons)


# --- Properties ----------------------------------------------------------------------

notes = st.sampled_from([item.note for item in LABELLED]) | st.text(max_size=300)
recipients = st.sampled_from(NAMES).map(
    lambda name: {"name": name, "organisation": "Transit Lab", "interests": ["maps"]}
)
contexts = st.sampled_from([None, "gathering", "introduced", "other", "coffee"])
earlier = st.lists(st.sampled_from([item.note for item in LABELLED]), max_size=4)


@settings(max_examples=200, deadline=None)
@given(note=notes, recipient=recipients | st.none(), context=contexts, before=earlier)
def test_the_score_lies_in_zero_one_and_a_leaflet_always_says_why(note, recipient, context, before):
    assessment = assess_note(note, recipient=recipient, context=context, earlier_notes=before)
    assert 0.0 <= assessment.leaflet_score <= 1.0
    assert assessment.is_leaflet == (assessment.leaflet_score >= LEAFLET_THRESHOLD)
    if assessment.is_leaflet:
        assert assessment.reasons


@settings(max_examples=200, deadline=None)
@given(
    note=notes,
    recipient=recipients,
    context=contexts,
    before=earlier,
    where=st.sampled_from(["{first}, {note}", "{note} {first}", "{note} ({full})"]),
)
def test_naming_the_recipient_never_raises_the_score(note, recipient, context, before, where):
    """Only the name is added: a greeting's other words would be a different change."""
    first = recipient["name"].split()[0]
    named = where.format(first=first, full=recipient["name"], note=note)

    plain = assess_note(note, recipient=recipient, context=context, earlier_notes=before)
    with_name = assess_note(named, recipient=recipient, context=context, earlier_notes=before)

    assert with_name.leaflet_score <= plain.leaflet_score


@settings(max_examples=100, deadline=None)
@given(note=notes, recipient=recipients, context=contexts, before=earlier)
def test_more_earlier_notes_never_lower_the_score(note, recipient, context, before):
    fewer = assess_note(note, recipient=recipient, context=context, earlier_notes=before[:1])
    more = assess_note(note, recipient=recipient, context=context, earlier_notes=before)
    assert more.leaflet_score >= fewer.leaflet_score


def test_the_documented_weights_and_threshold_are_the_ones_in_use():
    doc = (REPOSITORY / "docs" / "notes.md").read_text(encoding="utf-8")
    for name, weight in WEIGHTS.items():
        row = next(line for line in doc.splitlines() if line.startswith(f"| {name} |"))
        assert row.endswith(f"| {weight:.2f} |"), row
    assert f"threshold {LEAFLET_THRESHOLD}" in doc
    absences = ("no_question", "no_recipient", "no_shared_context", "generic_greeting")
    assert sum(WEIGHTS[name] for name in absences) < LEAFLET_THRESHOLD
