"""Near-duplicate notes: the same text sent to many people with the name changed.

A note is cut into word shingles (runs of ``SHINGLE_WORDS`` consecutive words,
after folding case and accents) and summarised by a MinHash signature
(Broder, 1997; datasketch's ``MinHash`` with ``PERMUTATIONS`` permutations), whose
agreement estimates the Jaccard similarity of two notes' shingle sets with a
standard error of about ``sqrt(J (1 - J) / 128)``, under 0.045. Two notes are
near-duplicates when the estimate reaches ``NEAR_DUPLICATE_JACCARD`` (0.5).

Why 0.5: a 30-word template sent to two people differs in the two or three
shingles around the name, so its copies score 0.8 to 0.9; two notes by one
person to different people about different things share almost no three-word
runs (below 0.1 in the labelled set). Half the runs in common means most of the
text was copied, and leaves room for a template with a changed sentence.

The recipient's own name words are dropped before shingling, so greeting the
recipient by name never changes whether a note reads as a copy.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import TYPE_CHECKING

from rapport.insights.note_features import fold, words

if TYPE_CHECKING:
    from datasketch import LeanMinHash

SHINGLE_WORDS = 3
PERMUTATIONS = 128
SEED = 20_250_301
NEAR_DUPLICATE_JACCARD = 0.5


def shingles(text: str, *, drop: frozenset[str] = frozenset()) -> frozenset[str]:
    """The note's runs of three words; a note shorter than that is one shingle."""
    tokens = [token for token in words(fold(text)) if token not in drop]
    if len(tokens) < SHINGLE_WORDS:
        return frozenset({" ".join(tokens)}) if tokens else frozenset()
    return frozenset(
        " ".join(tokens[i : i + SHINGLE_WORDS]) for i in range(len(tokens) - SHINGLE_WORDS + 1)
    )


@lru_cache(maxsize=4096)
def _signature(text: str, drop: frozenset[str]) -> LeanMinHash | None:
    grams = shingles(text, drop=drop)
    if not grams:
        return None
    # Imported here: datasketch's package imports scipy.integrate (a second of start-up
    # for every `rapport` command) and only scoring a note needs it.
    from datasketch import LeanMinHash, MinHash

    minhash = MinHash(num_perm=PERMUTATIONS, seed=SEED)
    minhash.update_batch([gram.encode("utf-8") for gram in sorted(grams)])
    return LeanMinHash(minhash)


def similarity(a: str, b: str, *, drop: frozenset[str] = frozenset()) -> float:
    """Estimated Jaccard similarity of two notes' shingle sets, in [0, 1]."""
    left, right = _signature(a, drop), _signature(b, frozenset())
    if left is None or right is None:
        return 0.0
    return float(left.jaccard(right))


def near_duplicates(
    note: str,
    earlier: Iterable[str],
    *,
    drop: frozenset[str] = frozenset(),
    threshold: float = NEAR_DUPLICATE_JACCARD,
) -> list[float]:
    """The similarity of ``note`` to each earlier note at or above ``threshold``, highest first.

    ``drop`` holds the recipient's name words, left out of ``note`` before comparing.
    """
    found = [similarity(note, other, drop=drop) for other in earlier]
    return sorted((score for score in found if score >= threshold), reverse=True)


def template_reuse(notes: Sequence[str], *, threshold: float = NEAR_DUPLICATE_JACCARD) -> int:
    """How many notes, in the order given, nearly repeat an earlier note of the sequence.

    Ten copies of one template count nine; ten different notes count zero. The
    signatures are compared all at once (a MinHash estimate is the share of equal
    hash values), so a sender's whole window of notes costs milliseconds.
    """
    signatures = [_signature(note, frozenset()) for note in notes]
    present = [signature.hashvalues for signature in signatures if signature is not None]
    if len(present) < 2:
        return 0
    # Imported here, as datasketch is: the admin loads this module at every start, and
    # numpy alone was a fifth of a second of it for commands that never score a note.
    import numpy as np

    table = np.vstack(present)
    reused = 0
    for position in range(1, len(table)):
        agreement = (table[:position] == table[position]).mean(axis=1)
        if float(agreement.max()) >= threshold:
            reused += 1
    return reused
