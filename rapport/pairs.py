"""Unordered pairs of members, stored as (low id, high id) so uniqueness is one index."""


def ordered_pair(a: int, b: int) -> tuple[int, int]:
    return (a, b) if a < b else (b, a)
