"""What a note says, measured: the features the leaflet score weighs.

Each feature is a number in [0, 1] read off the text with word lists and a few
patterns; no model, no download. The lists come from reading leaflet-like
requests (the essays in ``seeds/``, the demo community's collectors) beside notes
that start a relationship, and were checked against the labelled set in
``tests/data/notes/`` (see docs/notes.md). Matching is on lower-cased text with
accents and curly apostrophes folded, so "João" matches "Joao" and "I\u2019m" matches
"I'm".

Counted features saturate: ``1 - 0.5 ** hits``, so one hit is half marks, two are
three quarters. That keeps one ordinary use of a sales word ("your old clients")
from counting like a paragraph of them.

Features that depend on the recipient (their name, organisation, interests) only
ever *fall* when the note mentions the recipient more: adding a reference can
never raise the score.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")

FIRST_PERSON = frozenset({"i", "me", "my", "mine", "myself", "i'm", "i've", "i'd", "i'll", "im"})
SECOND_PERSON = frozenset(
    {"you", "your", "yours", "yourself", "you're", "you've", "you'd", "you'll", "ya"}
)

# The sender advertising themselves or their business ("I am a growth consultant
# with twenty years of experience", "we offer", "our platform").
SELF_PROMOTION = (
    r"i(?:'m| am) an? (?:\w+ ){0,3}(?:consultant|expert|specialist|coach|recruiter|headhunter|"
    r"founder|ceo|cto|leader|influencer|entrepreneur|evangelist|investor|speaker|author|"
    r"advisor|broker|developer|professional|partner|visionary|engineer at)",
    r"i(?:'m| am) the (?:founder|ceo|cto|owner|creator|author)",
    r"i (?:help|helped) (?:\w+ ){0,2}(?:companies|businesses|teams|clients|founders|graduates|"
    r"professionals|institutions|engineers|pubs|bakeries|people|organisations|organizations)",
    r"i (?:run|own|lead) (?:a|an|my)\b",
    r"i (?:specialise|specialize) in",
    r"i work with (?:several|the best|leading|top|all|many)",
    r"(?:\d+|one|two|three|five|ten|twelve|fifteen|twenty|thirty) years of experience",
    r"track record",
    r"featured in",
    r"best-?selling",
    r"award-winning",
    r"keynote",
    r"thought leader(?:ship)?",
    r"top voice",
    r"serial entrepreneur",
    r"personal brand",
    r"visionary",
    r"(?:founder|ceo|cto) of",
    r"my name is",
    r"tell you (?:a little )?more about (?:myself|me|us|our|my)",
    r"my (?:clients|mission|portfolio|firm|agency|company|startup|programme|program|course|"
    r"newsletter|team and i|speaker kit|day rate|new book|book|podcast|community|fund|"
    r"next cohort|next venture|fourth venture|clients get)",
    r"we are (?:a|an|the) (?:\w+ ){0,2}(?:leading|premier|award-winning|certified|supplier|"
    r"company|agency|studio|marketplace|platform|team)",
    r"we (?:offer|provide|deliver|supply|sell|rent|resell|manufacture|specialise|specialize|"
    r"develop|place|run ticketed|help (?:pubs|companies|businesses|teams|open-source)|pay a|"
    r"build (?:chatbots|ordering|apps))",
    r"(?:our|my) (?:products?|services?|platform|solutions?|software|agency|firm|company|"
    r"clients|customers|team of|prices|rates|catalogue|website|range|programme|partners)",
    r"i(?:'m| am) (?:always )?(?:looking|keen|on the lookout) (?:for|to) (?:\w+ ){0,2}"
    r"(?:clients|partners|investors|advisors|sponsors|deals|expand|grow|meet|resellers|"
    r"ambassadors)",
    r"i(?:'m| am) (?:now )?(?:building|growing|expanding|launching|raising|hiring|recruiting|"
    r"consulting|exploring my)",
    r"(?:\d[\d,.]*k?|thousands of|hundreds of) (?:followers|members|clients|readers|engineers|"
    r"nurses|investors|founders|annotators|lives)",
    r"(?:our|my) (?:\w+ ){0,2}(?:app|platform|software|service|marketplace|agency|bureau|tool|"
    r"product|fund|solutions?|engine|system|systems|company)",
    r"i (?:sell|represent|coach|resell|supply)",
    r"i(?:'ve| have) built (?:a|an|the)",
    r"we (?:run|sell|launch)",
    r"ours is used by",
    r"(?:is|are) used by (?:\d+|over|more than|leading|top)",
    r"we(?:'ve| have) (?:supplied|processed|worked with|helped|placed|raised|delivered)",
    r"we can (?:probably )?(?:halve|cut|save|double|triple|reduce)",
    r"i'd welcome the chance",
    r"i'd like to offer you",
)

# Selling: prices, demos, commissions, procurement, investment, hiring.
PITCH = (
    r"services?",
    r"demos?(?! (?:night|day))",
    r"free (?:trial|audit|consultation|guide|pilot|copy|discovery call|growth consultation)",
    r"discovery call",
    r"consultation",
    r"pricing",
    r"price list",
    r"(?:our|best|lowest|wholesale|factory-direct|competitive|unbeatable|great) (?:prices?|rates?)",
    r"quote",
    r"rate card",
    r"day rate",
    r"discount(?:ed)?",
    r"\d+ ?% (?:off|lower|commission|of|on)",
    r"commissions?",
    r"(?:referral|listing) fee",
    r"wholesale",
    r"resell(?:er|ers)?",
    r"in bulk",
    r"bulk discount",
    r"procurements?",
    r"tender",
    r"(?:certified )?supplier",
    r"clients?",
    r"customers?",
    r"revenue",
    r"roi",
    r"(?:more|new|qualified|sales|generate|generating|triple their|double their) leads",
    r"sales",
    r"cap table",
    r"investors?",
    r"angel",
    r"deck",
    r"seed round",
    r"monetis(?:e|ing)|monetiz(?:e|ing)",
    r"premium",
    r"subscriptions?",
    r"webinars?",
    r"masterclass(?:es)?",
    r"sign up",
    r"book (?:a|you in for a) (?:call|demo|chat)",
    r"(?:quick|short) (?:call|chat|demo)",
    r"\d+-minute",
    r"(?:schedule|set up|arrange) a (?:call|chat|presentation|demo)",
    r"brochure",
    r"case study",
    r"proposal",
    r"partnerships?",
    r"partner with",
    r"sponsor(?:s|ed|ship)?",
    r"onboarding",
    r"opportunit(?:y|ies)",
    r"hiring",
    r"open roles|new roles|open to new|exciting roles",
    r"cvs?",
    r"recruit(?:ing|er|ment)?",
    r"placement",
    r"salary",
    r"equity",
    r"guarantee(?:d|s)?",
    r"save (?:up to )?\d+",
    r"\d+x",
    r"[£€$] ?\d",
    r"per month|a month",
    r"catalogue",
    r"franchise",
    r"passive income",
    r"shop for you",
    r"portfolio",
    r"interested\?",
    r"would you be open to",
    r"have you (?:considered|thought about)",
    r"are you (?:happy|satisfied) with (?:your|the) current",
    r"how are you currently",
    r"(?:be interested in|benefit from)",
    r"(?:do|does) (?:\w+ ){0,3}struggle with",
    r"looking for (?:investors|funding|billing|new clients|resellers)",
    r"perfect (?:ambassador|fit|partner)",
    r"ambassadors?",
    r"upcoming (?:\w+ )?needs",
    r"(?:free|a|your) pilot",
    r"on sale",
    r"press release",
    r"ads",
    r"bookings",
    r"stock your",
    r"half the cost",
    r"save your team",
)

# Asking the recipient to open their network, promote or buy for the sender.
REFERRAL = (
    r"refer(?:ral|rals|ring)?",
    r"recommend (?:me|us)",
    r"introduce (?:me|us) to",
    r"introductions? to (?:any|the|your)",
    r"put (?:me|us) forward",
    r"put me in touch",
    r"point me",
    r"send (?:them|anyone|people) my way",
    r"forward my",
    r"share my (?:\w+ ){0,2}(?:profile|details|post|link|book|page|deck)",
    r"with your followers",
    r"write a feature about (?:my|our)",
    r"share (?:it|this) with your",
    r"(?:know|of) (?:anyone|others|anybody) (?:who|on)",
    r"anyone (?:in your network|on your team|you know)",
    r"your network",
    r"who (?:is|would be) (?:responsible|the right person|the best person)",
    r"who should i (?:speak|talk)",
    r"(?:right|best) person to (?:talk|speak)",
    r"relating me to",
    r"promote (?:it|my|our)",
    r"like and share",
    r"vote for",
    r"follow (?:me|my|our)",
    r"subscribe",
    r"cvs of",
    r"your founders",
    r"buy it",
)

# Collecting contacts: the phrases everybody writes.
COLLECTING = (
    r"add you to my (?:professional )?network",
    r"(?:expand|expanding|grow|growing|build|building|broaden|widen|strong) (?:my|our|a) "
    r"(?:\w+ )?network",
    r"wide network",
    r"(?:to|in|into|of) my (?:professional )?network",
    r"adding you",
    r"join (?:my|your) (?:professional )?network",
    r"(?:let's|lets|let us) (?:connect|stay connected|grow|collaborate)",
    r"stay(?:ing)? connected",
    r"accept my (?:invite|invitation|request)",
    r"please accept",
    r"accept and",
    r"thanks? (?:you )?for accepting",
    r"(?:happy|love|like|great|good|keen|honoured|honored) to connect",
    r"(?:connect|connecting) with (?:\w+ )?(?:professionals|fellow|like-minded|other|as many|"
    r"everyone|engineers|people|creatives|leaders|you to broaden)",
    r"came across your profile",
    r"your profile (?:came up|looks|is impressive)",
    r"(?:in|from) my search",
    r"mutual connections",
    r"\d+ connections",
    r"like-minded",
    r"mutually beneficial",
    r"synerg(?:y|ies)",
    r"mutual opportunities",
    r"future (?:opportunities|collaborations?)",
    r"you never know",
    r"together we can",
    r"reaching out to (?:everyone|professionals|people|all)",
    r"hope this (?:message|note) finds you well",
    r"great profile",
    r"talented professionals",
    r"fellow (?:entrepreneurs|creatives|data leaders|professionals)",
    r"keep you updated",
    r"(?:include|add) you (?:in|to) my",
    r"each other's journey",
    r"connecting with everyone",
    r"making (?:new )?contacts",
    r"in your field",
    r"(?:have|has) a lot in common",
)

HYPE = (
    r"!",
    r"\b(?:best|leading|top|top-tier|world-class|cutting-edge|revolutionis\w*|revolutioniz\w*|"
    r"disrupt\w*|unbeatable|proven|fast-growing|exciting|premium|next level)\b",
    r"\b\d+ ?%",
    r"\b\d+x\b",
    r"[£€$] ?\d",
)

GENERIC_GREETING = re.compile(
    r"^\s*(?:(?:hi|hello|hey|greetings|dear)(?:\s+(?:there|all|everyone|friend|sir|madam|"
    r"colleague|professional|team))?\s*[!,.]|dear (?:sir|madam|colleague|professional|friend)|"
    r"greetings\b)",
)
NAMED_GREETING = re.compile(
    r"^\s*(?:(?:hi|hello|hey|dear|ola|olá|bonjour|hallo|hola)\s+)?([A-ZÀ-Ý][\w'-]+)\s*[,!]"
)
NOT_NAMES = frozenset(
    {
        "there",
        "all",
        "everyone",
        "friend",
        "sir",
        "madam",
        "colleague",
        "professional",
        "team",
        "hi",
        "hello",
        "hey",
        "dear",
        "greetings",
        "thanks",
        "congratulations",
        "good",
        "great",
    }
)

INVITATION = (
    r"i'd love to hear",
    r"would love to hear",
    r"love to know",
    r"tell me",
    r"i wonder",
    r"curious (?:how|what|whether|if|to)",
    r"(?:let's|lets) (?:meet|talk|catch up|keep talking|compare)",
    r"shall we",
)

# Words that show the note refers to something the two share or the recipient did.
SHARED_GENERIC = (
    r"we met",
    r"met you",
    r"we spoke",
    r"spoke (?:to|with) you",
    r"we talked",
    r"talked (?:to|with) you",
    r"our (?:chat|conversation|call|thread|time|exchange|talk|session|sessions|study|project|"
    r"work|old|first|clinic|study group)",
    r"your (?:talk|lecture|session|presentation|keynote|demo|post|paper|papers|article|blog|"
    r"book|piece|write-up|writeup|thread|question|answer|answers|reply|advice|suggestion|tour|"
    r"course|workshop|panel|work on|map|maps|chart|slides|research|interview|study|photos|"
    r"video|students|team's|project|report|newsletter|podcast|comment|point|idea|tips?|"
    r"drawing|install|ward|glazes|bowls|ceramics|letterpress|typesetting|conflict|fix|"
    r"pull request|issue|dissertation|thesis|viva|graduation|radio|wheel|derailleur|"
    r"campaign|profile of)",
    r"you (?:said|mentioned|asked|showed|told|fixed|described|suggested|explained|wrote|gave|"
    r"shared|helped|answered|replied|recommended|taught|introduced|spoke|talked|presented|"
    r"hosted|organised|organized|ran|led|built|made|did|trued|demoed|read)",
    r"thank you|thanks",
    r"(?:introduced|suggested|thought) (?:us|we|that we|i should)",
    r"put us in touch",
    r"(?:says|said|mentioned|told me) (?:that )?you",
    r"together",
    r"last (?:week|month|year|time|night|saturday|sunday|monday|tuesday|wednesday|thursday|"
    r"friday)",
    r"remember",
    r"since (?:we|our|the|your)",
    r"after (?:your|the|our)",
    r"(?:at|in) (?:your|the) (?:\w+ ){0,3}(?:talk|meetup|event|conference|workshop|session|"
    r"festival|forum|gathering|evening|night|panel|open day|pop-up|demo|congress|lecture|"
    r"seminar|course|module|library|lab|triennale|biennale|breakfast|queue)",
    r"i (?:was|sat) (?:at|in|the|behind|next)",
    r"i'm the (?:one|person|founder who|engineer)",
)
SHARED_BY_CONTEXT: dict[str, tuple[str, ...]] = {
    "gathering": (
        r"meetup",
        r"conference",
        r"talk",
        r"lecture",
        r"panel",
        r"session",
        r"festival",
        r"forum",
        r"workshop",
        r"event",
        r"gathering",
        r"evening",
        r"congress",
        r"expo",
        r"summit",
        r"open day",
        r"pop-up",
        r"front row",
        r"audience",
        r"demo night",
    ),
    "worked_together": (
        r"worked",
        r"colleagues?",
        r"team",
        r"project",
        r"shipped",
        r"launch(?:ed)?",
        r"pair(?:ed)?",
        r"side by side",
        r"our time at",
        r"back at",
        r"when we were",
        r"the office",
        r"we did",
    ),
    "studied_together": (
        r"course",
        r"class",
        r"seminar",
        r"module",
        r"lecture",
        r"library",
        r"studied",
        r"degree",
        r"thesis",
        r"viva",
        r"msc",
        r"phd",
        r"exams?",
        r"assignment",
        r"study group",
        r"university",
        r"school",
        r"graduation",
        r"degree show",
    ),
    "introduced": (
        r"introduced",
        r"suggested",
        r"put us in touch",
        r"said you",
        r"says you",
        r"mentioned you",
        r"thought we",
        r"told me",
        r"gave me your name",
    ),
    "coffee": (r"coffee", r"paired", r"pairing", r"round"),
    "conversation": (
        r"our (?:chat|conversation|thread|call|exchange)",
        r"following up",
        r"follow(?:ing)? up",
        r"as promised",
        r"you replied",
        r"replying",
        r"on the phone",
        r"your (?:message|reply|answer|issue)",
        r"we spoke",
    ),
}

ORGANISATION_FILLER = frozenset(
    {
        "the",
        "of",
        "and",
        "co",
        "op",
        "co-op",
        "ltd",
        "inc",
        "university",
        "hospital",
        "council",
        "city",
        "bank",
        "lab",
        "labs",
        "health",
        "energy",
        "ai",
        "studio",
        "union",
        "centre",
        "center",
        "academy",
        "hub",
        "trust",
        "weekly",
        "company",
        "group",
        "freelance",
        "st",
        "mary's",
        "open",
        "analytics",
        "daughters",
        "house",
        "school",
        "institute",
        "foundation",
        "partners",
        "new",
    }
)
INTEREST_FILLER = frozenset(
    {
        "and",
        "the",
        "of",
        "data",
        "design",
        "research",
        "engineering",
        "management",
        "business",
        "small",
        "open",
        "source",
        "go",
        "ai",
        "iot",
        "hpc",
        "it",
        "web",
        "tech",
        "in",
        "for",
        "on",
    }
)


def fold(text: str) -> str:
    """Lower case, accents removed, curly quotes straightened, spaces collapsed."""
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("\u2013", "-")
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.lower().split())


def words(folded: str) -> list[str]:
    return WORD.findall(folded)


def stem(word: str) -> str:
    """A crude fold of plurals and -ing: "diaries" matches "diary", "mentoring" "mentor"."""
    if word.endswith("'s"):
        word = word[:-2]
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    if len(word) > 5 and word.endswith("ing"):
        return word[:-3]
    return word


def _compile(patterns: Iterable[str]) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in patterns))


def _bounded(patterns: Iterable[str]) -> re.Pattern[str]:
    return re.compile("|".join(rf"(?<![\w'])(?:{p})(?![\w'])" for p in patterns))


SELF_PROMOTION_RE = _bounded(SELF_PROMOTION)
PITCH_RE = _bounded(PITCH)
REFERRAL_RE = _bounded(REFERRAL)
COLLECTING_RE = _bounded(COLLECTING)
HYPE_RE = _compile(HYPE)
INVITATION_RE = _bounded(INVITATION)
SHARED_GENERIC_RE = _bounded(SHARED_GENERIC)
SHARED_BY_CONTEXT_RE = {code: _bounded(found) for code, found in SHARED_BY_CONTEXT.items()}
SHARED_ANY_CONTEXT_RE = _bounded(p for found in SHARED_BY_CONTEXT.values() for p in found)


def saturate(hits: int) -> float:
    """``1 - 0.5 ** hits``: 0 for none, 0.5 for one, 0.75 for two, approaching 1."""
    return 1.0 - 0.5**hits


@dataclass(frozen=True)
class Recipient:
    """Who the note is for, as the scorer needs it; any part may be unknown."""

    name: str = ""
    organisation: str = ""
    interests: tuple[str, ...] = ()

    @property
    def first_name(self) -> str:
        parts = self.name.split()
        return parts[0] if parts else ""

    @classmethod
    def from_mapping(cls, mapping: Mapping[str, object] | None) -> Recipient | None:
        """Read ``name``, ``organisation`` and ``interests`` (a list or "a, b, c")."""
        if mapping is None:
            return None
        interests = mapping.get("interests") or ()
        if isinstance(interests, str):
            listed = [part.strip() for part in interests.split(",")]
        elif isinstance(interests, Iterable):
            listed = [str(part).strip() for part in interests]
        else:
            listed = []
        return cls(
            name=str(mapping.get("name") or "").strip(),
            organisation=str(mapping.get("organisation") or "").strip(),
            interests=tuple(part for part in listed if part),
        )

    def name_words(self) -> frozenset[str]:
        """The recipient's name as folded words of two letters or more."""
        return frozenset(word for word in words(fold(self.name)) if len(word) >= 2)


@dataclass(frozen=True)
class Features:
    """The measured features, each in [0, 1], and the phrases that triggered them."""

    self_promotion: float
    pitch: float
    referral: float
    collecting: float
    self_focus: float
    hype: float
    generic_greeting: float
    no_question: float
    no_recipient: float
    no_shared_context: float
    phrases: dict[str, tuple[str, ...]]
    mentions: str


def _found(pattern: re.Pattern[str], folded: str) -> list[str]:
    return [match.group(0) for match in pattern.finditer(folded)]


def _mentions(folded: str, original: str, recipient: Recipient | None) -> str:
    """What of the recipient the note mentions ("name", "organisation", "interest"), or ""."""
    tokens = words(folded)
    token_set = set(tokens)
    if recipient is None:
        greeting = NAMED_GREETING.match(original)
        if greeting and greeting.group(1).lower() not in NOT_NAMES:
            return "name"
        return ""
    if recipient.name_words() & token_set:
        return "name"
    organisation = fold(recipient.organisation)
    if organisation and len(organisation) >= 3:
        if re.search(rf"(?<!\w){re.escape(organisation)}(?!\w)", folded):
            return "organisation"
        distinctive = {
            word
            for word in words(organisation)
            if len(word) >= 4 and word not in ORGANISATION_FILLER
        }
        if distinctive & token_set:
            return "organisation"
    stems = {stem(token) for token in tokens}
    for interest in recipient.interests:
        interest_folded = fold(interest)
        if len(interest_folded) >= 3 and re.search(
            rf"(?<!\w){re.escape(interest_folded)}(?!\w)", folded
        ):
            return "interest"
        content = [
            stem(word)
            for word in words(interest_folded)
            if len(word) >= 4 and word not in INTEREST_FILLER
        ]
        if content and all(word in stems for word in content):
            return "interest"
    return ""


def measure(text: str, *, recipient: Recipient | None, context: str | None) -> Features:
    """Measure one note. ``context`` is the request's context code, or None if unknown."""
    folded = fold(text)
    tokens = words(folded)
    first = sum(1 for token in tokens if token in FIRST_PERSON)
    second = sum(1 for token in tokens if token in SECOND_PERSON)
    promotion = _found(SELF_PROMOTION_RE, folded)
    pitch = _found(PITCH_RE, folded)
    referral = _found(REFERRAL_RE, folded)
    collecting = _found(COLLECTING_RE, folded)
    hype = _found(HYPE_RE, folded)
    # "We offer", "our platform": the business speaking counts as the sender.
    company = sum(1 for phrase in promotion if phrase.startswith(("we ", "our ")))
    self_count = first + company
    self_focus = self_count / (self_count + second + 2)
    asks = "?" in text or bool(INVITATION_RE.search(folded))
    if context is None:
        shared = SHARED_GENERIC_RE.search(folded) or SHARED_ANY_CONTEXT_RE.search(folded)
    else:
        by_context = SHARED_BY_CONTEXT_RE.get(context)
        shared = SHARED_GENERIC_RE.search(folded) or (
            by_context.search(folded) if by_context else None
        )
    mentions = _mentions(folded, text, recipient)
    return Features(
        self_promotion=saturate(len(promotion)),
        pitch=saturate(len(pitch)),
        referral=saturate(len(referral)),
        collecting=saturate(len(collecting)),
        self_focus=self_focus,
        hype=saturate(max(0, len(hype) - 1)),
        generic_greeting=1.0 if GENERIC_GREETING.match(folded) else 0.0,
        no_question=0.0 if asks else 1.0,
        no_recipient=0.0 if mentions else 1.0,
        no_shared_context=0.0 if shared else 1.0,
        phrases={
            "self_promotion": _unique(promotion),
            "pitch": _unique(pitch),
            "referral": _unique(referral),
            "collecting": _unique(collecting),
        },
        mentions=mentions,
    )


def _unique(found: Sequence[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(phrase.strip() for phrase in found if phrase.strip()))
