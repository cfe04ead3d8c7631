"""Does a note read as a leaflet or as the start of a relationship? A score in [0, 1].

One of the essays Rapport grew from puts it plainly: a request that only tells
what *I* do is a leaflet; one that asks how I can help is a relationship. This
module scores connection-request notes, introduction notes and first messages
for leaflet-ness, and says, in sentences the sender can act on, what makes a note
read that way and how to turn it round.

The score is a weighted sum of features (``rapport.insights.note_features``, and
near-duplicates from ``rapport.insights.note_duplicates``), each in [0, 1],
clipped to [0, 1]:

==================  =====================================================  ======
feature             what it measures                                       weight
==================  =====================================================  ======
self_promotion      the sender advertising themselves: "I am a growth        0.32
                    consultant", "twenty years of experience", "we offer",
                    "our platform" (saturating count)
pitch               selling: services, demo, prices, discount, commission,   0.30
                    clients, investors, hiring, "15-minute call"
referral            asking the recipient to open their network: refer me,    0.30
                    introduce me to, "who should I speak to", "vote for"
collecting          the phrases everybody writes: "add you to my             0.36
                    professional network", "let's connect", "came across
                    your profile", "mutually beneficial"
near_duplicate      the sender sent (nearly) this note before: MinHash       0.25
                    Jaccard >= 0.5 on three-word shingles
self_focus          I/me/my (and "we offer"/"our services") against          0.15
                    you/your: ``self / (self + you + 2)``
hype                exclamation marks beyond the first, "best", "leading",   0.08
                    "3x", "40%", prices (saturating count)
generic_greeting    "Hi there!", "Dear Sir", "Greetings": nobody in          0.08
                    particular
no_question         no question mark and no invitation ("I'd love to         0.10
                    hear ..."): nothing for the recipient to answer
no_recipient        neither the recipient's name, organisation nor one of    0.12
                    their interests appears
no_shared_context   no reference to what the two share or what the           0.12
                    recipient did ("we met", "your talk", "Ingrid
                    suggested", words that fit the request's context)
==================  =====================================================  ======

``is_leaflet`` is ``leaflet_score >= LEAFLET_THRESHOLD`` (0.43). The weights and
the threshold were set on the tuning part of the labelled set
(``tests/data/notes/labelled.jsonl``, 345 notes) and then measured on all of it;
docs/notes.md has the table and the command that measures it.

Design choices, and why:

- **A copy alone is not a leaflet.** A note sent before, name changed, costs 0.25:
  a copied friendly note is lazy, not a leaflet, but a copy that also sells,
  collects or advertises the sender is one.
- **Absence alone is not a leaflet.** The four "missing" features together weigh
  0.42, under the threshold: a short friendly note with no question, no name and
  no shared context ("Lovely to meet you, keep in touch") is not a leaflet; it
  only becomes one when it also sells, collects, advertises the sender or repeats
  an earlier note. Warm notes that say "I" a lot are safe for the same reason:
  self_focus alone is worth at most 0.15.
- **Monotone in the recipient.** Mentioning the recipient's name, organisation or
  an interest only ever removes weight (no_recipient, generic_greeting), and
  near-duplicates are measured without the recipient's name, so adding a
  reference to the recipient never raises the score.
- **Reasons name the fix.** Each feature that contributes at least
  ``REASON_MIN`` gives one sentence, most weighty first, using the recipient's
  name and organisation when they are known.

Limits: English word lists; a determined writer can avoid the listed phrases; the
labelled set was written by the same hands as the lists (see docs/notes.md).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from rapport.insights.note_duplicates import NEAR_DUPLICATE_JACCARD, near_duplicates
from rapport.insights.note_features import Features, Recipient, measure

WEIGHTS: dict[str, float] = {
    "self_promotion": 0.32,
    "pitch": 0.30,
    "referral": 0.30,
    "collecting": 0.36,
    "near_duplicate": 0.25,
    "self_focus": 0.15,
    "hype": 0.08,
    "generic_greeting": 0.08,
    "no_question": 0.10,
    "no_recipient": 0.12,
    "no_shared_context": 0.12,
}
"""The weight of each feature; a feature's contribution is ``weight * value``."""

LEAFLET_THRESHOLD = 0.43
"""At or above this score a note reads as a leaflet and cannot be sent as it is."""

REASON_MIN = 0.06
"""A feature contributing less than this gives no reason: it is not worth the sender's time."""

EARLIER_NOTES_COMPARED = 50
"""Only the newest 50 earlier notes are compared (the caller passes them newest first)."""


@dataclass(frozen=True)
class NoteAssessment:
    """How a note reads. ``reasons`` are sentences for the sender, weightiest first."""

    leaflet_score: float
    is_leaflet: bool
    reasons: tuple[str, ...]
    contributions: Mapping[str, float] = field(default_factory=dict)
    phrases: tuple[str, ...] = ()
    near_duplicates: int = 0


def assess_note(
    note: str,
    *,
    recipient: Mapping[str, object] | None = None,
    context: str | None = None,
    detail: str = "",
    introducer: str = "",
    earlier_notes: Iterable[str] = (),
) -> NoteAssessment:
    """Score ``note`` for reading as a leaflet, with reasons the sender can act on.

    ``recipient`` is a mapping with ``name``, ``organisation`` and ``interests``
    (a list, or a comma-separated string), any of them optional; ``context`` the
    request's context code (``gathering``, ``introduced``, ...); ``detail`` the
    request's answer to that context's question ("Where, and when?", "Which
    gathering?"), which the recipient reads beside the note: the reasons do not ask
    the note for it again, but the score is the note's alone; ``introducer`` the
    name of the member the request says introduced the two (context ``introduced``),
    whom the note is not asked to name either; ``earlier_notes`` the sender's previous
    notes, newest first (only the first 50 are compared).
    """
    person = Recipient.from_mapping(recipient)
    features = measure(note, recipient=person, context=context)
    earlier = [text for _, text in zip(range(EARLIER_NOTES_COMPARED), earlier_notes, strict=False)]
    drop = person.name_words() if person else frozenset()
    copies = near_duplicates(note, earlier, drop=drop, threshold=NEAR_DUPLICATE_JACCARD)
    values = _values(features, near_duplicate=1.0 if copies else 0.0)
    contributions = {name: WEIGHTS[name] * value for name, value in values.items()}
    score = min(1.0, max(0.0, sum(contributions.values())))
    score = round(score, 4)
    is_leaflet = score >= LEAFLET_THRESHOLD
    told = contributions if is_leaflet else _lone_words_forgiven(contributions, features)
    return NoteAssessment(
        leaflet_score=score,
        is_leaflet=is_leaflet,
        reasons=_reasons(
            told,
            features,
            person,
            context,
            detail=bool(detail.strip()),
            introducer=introducer,
            copies=len(copies),
        ),
        contributions=contributions,
        phrases=tuple(
            phrase
            for kind in ("collecting", "self_promotion", "pitch", "referral")
            for phrase in features.phrases[kind]
        ),
        near_duplicates=len(copies),
    )


def _values(features: Features, *, near_duplicate: float) -> dict[str, float]:
    return {
        "self_promotion": features.self_promotion,
        "pitch": features.pitch,
        "referral": features.referral,
        "collecting": features.collecting,
        "near_duplicate": near_duplicate,
        "self_focus": features.self_focus,
        "hype": features.hype,
        "generic_greeting": features.generic_greeting,
        "no_question": features.no_question,
        "no_recipient": features.no_recipient,
        "no_shared_context": features.no_shared_context,
    }


ACCUSING = ("self_promotion", "pitch", "referral")
"""Features whose reason says the note sells, advertises or asks for a network."""


def _lone_words_forgiven(
    contributions: Mapping[str, float], features: Features
) -> dict[str, float]:
    """A note that passes is not told it "reads as a sales pitch" for one word.

    "Your talk on public service design" or "your customer research" are the start
    of a conversation; one such word is worth its weight in the score (a leaflet
    that also says it is still judged so), but saying it reads as selling would be
    false about a note that as a whole does not. Two phrases, or one of several
    words ("our prices", "book a call"), still earn the sentence.
    """
    kept = dict(contributions)
    for name in ACCUSING:
        phrases = features.phrases[name]
        if len(phrases) == 1 and " " not in phrases[0].strip():
            kept[name] = 0.0
    return kept


def _quoted(phrases: tuple[str, ...], limit: int = 2) -> str:
    return ", ".join(f"“{phrase}”" for phrase in phrases[:limit])


CONTEXT_HINTS = {
    "gathering": "name the gathering and something {they} said or did there",
    "worked_together": "say where you worked together and on what",
    "studied_together": "say where you studied together",
    "introduced": "say who introduced you and why they thought you should talk",
    "conversation": "pick up the conversation where it left off",
    "coffee": "mention what you talked about when the coffee round paired you",
}
"""How the note can say how the two know each other, by the request's context."""

DETAIL_GIVEN_HINTS = {
    "gathering": "You named the gathering; now say something {they} said or did there.",
    "worked_together": "You said where and when; now say what you worked on together.",
    "studied_together": (
        "You said where and when; now say what you studied, or something from that time."
    ),
    "introduced": "You said how you were introduced; now say why you two should talk.",
    "conversation": "You said where the conversation started; now pick it up where it left off.",
    "coffee": "You said which round paired you; now mention what you talked about.",
}
"""The same, once the request's detail answers its context's question: the member
filled in "Transit Lab, 2019-2021" and is not asked where they worked together again,
only what the detail cannot say."""

INTRODUCER_NAMED_HINT = (
    "{introducer} introduced you; now say what {introducer} told you about {they}, and why "
    "you two should talk."
)
"""For "A member introduced us" with the member named in the request's own field: the
recipient reads "Introduced by Ana" beside the note, so the note is not asked who, but
what Ana said that made the two worth introducing, whatever the detail says."""

DETAIL_GIVEN_OTHERWISE = (
    "You said how you know each other; now say in the note something {they} will remember "
    "from then."
)


def _reasons(
    contributions: Mapping[str, float],
    features: Features,
    person: Recipient | None,
    context: str | None,
    *,
    detail: bool,
    introducer: str,
    copies: int,
) -> tuple[str, ...]:
    first = person.first_name if person and person.first_name else ""
    they = first or "them"
    whom = first or "this person"
    sentences = {
        "collecting": (
            f"{_quoted(features.phrases['collecting'])} is what everyone writes. Say in your "
            f"own words why you want to know {whom}."
        ),
        "self_promotion": (
            f"It advertises you ({_quoted(features.phrases['self_promotion'])}). Keep one line "
            f"about yourself and spend the rest on {whom}."
        ),
        "pitch": (
            f"It reads as a sales pitch ({_quoted(features.phrases['pitch'])}). Leave the offer "
            "out: a request is not the place to sell."
        ),
        "referral": (
            f"It asks {they} to open their network for you "
            f"({_quoted(features.phrases['referral'])}). Get to know {they} first."
        ),
        "near_duplicate": (
            f"You have sent almost the same note before ({copies} "
            f"{'time' if copies == 1 else 'times'}). Write this one for {whom}: a copied note "
            "reads as a leaflet."
        ),
        "self_focus": (
            f"It is mostly about you (I, me, my). Turn one sentence about you into a question "
            f"about {they}."
        ),
        "hype": "Drop the superlatives, percentages and prices: they read as an advert.",
        "generic_greeting": f"Greet {whom} by name, not “Hi there”.",
        "no_question": f"Ask {they} something about their work, so there is a reason to reply.",
        "no_recipient": _why_them(person),
        "no_shared_context": _how_you_know(
            context, they=they, detail=detail, introducer=introducer
        ),
    }
    ranked = sorted(
        (name for name, weight in contributions.items() if weight >= REASON_MIN),
        key=lambda name: (-contributions[name], name),
    )
    return tuple(sentences[name] for name in ranked)


def _how_you_know(context: str | None, *, they: str, detail: bool, introducer: str) -> str:
    named = introducer.split()
    if context == "introduced" and named:
        return INTRODUCER_NAMED_HINT.format(introducer=named[0], they=they)
    if detail:
        return DETAIL_GIVEN_HINTS.get(context or "", DETAIL_GIVEN_OTHERWISE).format(they=they)
    hint = CONTEXT_HINTS.get(context or "", "where you met, or what you did together")
    return f"Say how you know each other: {hint.format(they=they)}."


def _why_them(person: Recipient | None) -> str:
    """ "Say why them: mention Grace's work at Transit Lab or what you share." """
    if person is None or not person.first_name:
        return "Say why them: mention their name, their work or what you share."
    work = f"{person.first_name}'s work"
    if person.organisation:
        work += f" at {person.organisation}"
    share = "what you share"
    if person.interests:
        share += f", such as {person.interests[0]}"
    return f"Say why them: mention {work} or {share}."
