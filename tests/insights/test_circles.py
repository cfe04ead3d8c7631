"""Circles found from contact frequency: Ckmeans is optimal (checked against brute
force), synthetic egos with known layers are recovered, the observation window
and the activity threshold behave as the studies define them."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rapport.insights.circles import SECONDS_PER_YEAR, find_circles
from rapport.insights.clustering_1d import ckmeans
from rapport.insights.synthetic import layered_contact_log

"""Alters per ring and contacts per year: Dunbar's 5 / 15 / 50 / 150."""


def within_ss(values: list[float], labels: list[int] | tuple[int, ...]) -> float:
    total = 0.0
    for label in set(labels):
        group = [v for v, lab in zip(values, labels, strict=True) if lab == label]
        mean = sum(group) / len(group)
        total += sum((v - mean) ** 2 for v in group)
    return total


@given(
    st.lists(st.integers(min_value=-50, max_value=50), min_size=1, max_size=7),
    st.integers(min_value=1, max_value=3),
)
def test_ckmeans_finds_the_least_within_cluster_sum_of_squares(integers, k):
    values = [float(v) for v in integers]
    result = ckmeans(values, k)
    k = len(result.sizes)
    best = min(
        within_ss(values, labels)
        for labels in itertools.product(range(k), repeat=len(values))
        if len(set(labels)) == k
    )
    assert result.withinss == pytest.approx(best, abs=1e-6)
    assert within_ss(values, result.labels) == pytest.approx(best, abs=1e-6)
    assert sorted(result.centres) == result.centres


@pytest.mark.parametrize("seed", range(5))
def test_known_layers_are_recovered_over_five_years(seed):
    log, layer_of = layered_contact_log(seed, years=5)
    circles = find_circles(log, start=0, end=5 * SECONDS_PER_YEAR)
    assert circles.n_circles == 4
    assert circles.sizes[:2] == [5, 15]
    assert 45 <= circles.sizes[2] <= 62
    # Alters seen 1.2 times a year fall below one a year about 3 times in 10.
    assert 105 <= circles.sizes[3] <= 135
    agree = sum(1 for alter, circle in circles.membership.items() if circle == layer_of[alter])
    assert agree / len(circles.membership) >= 0.8
    assert circles.mean_frequency[0] == pytest.approx(50, rel=0.15)
    assert circles.mean_frequency[1] == pytest.approx(12, rel=0.2)
    assert circles.size_ratios == [s / r for r, s in itertools.pairwise(circles.sizes)]


def test_results_do_not_depend_on_the_order_of_the_log():
    log, _ = layered_contact_log(7, years=3)
    assert find_circles(log) == find_circles(sorted(log, key=lambda c: (c[1], c[0])))


def test_inactive_alters_have_a_frequency_but_no_circle():
    log = [("often", t * SECONDS_PER_YEAR / 20) for t in range(40)] + [
        ("once", 0.5 * SECONDS_PER_YEAR)
    ]
    circles = find_circles(log, start=0, end=2 * SECONDS_PER_YEAR)
    assert circles.frequencies["once"] == pytest.approx(0.5)
    assert "once" not in circles.membership
    assert circles.membership == {"often": 0}
    assert circles.sizes == [1]


def test_the_window_counts_only_its_contacts_over_its_length():
    log = [("a", t * SECONDS_PER_YEAR / 10) for t in range(30)]  # ten a year for three years
    whole = find_circles(log)
    assert whole.frequencies["a"] == pytest.approx(30 / 2.9)
    window = find_circles(log, start=1 * SECONDS_PER_YEAR, end=2 * SECONDS_PER_YEAR)
    assert window.frequencies["a"] == pytest.approx(11)  # 1.0, 1.1, ... 2.0 inclusive
    late = find_circles(
        [*log, ("b", 1.9 * SECONDS_PER_YEAR)], start=1 * SECONDS_PER_YEAR, end=2 * SECONDS_PER_YEAR
    )
    assert late.frequencies["b"] == pytest.approx(1.0)  # the window's length, not since met


def test_a_very_new_relationship_counts_as_half_a_year_long():
    log = [
        ("old", 0.0),
        ("old", SECONDS_PER_YEAR),
        ("new", SECONDS_PER_YEAR - 86_400),
        ("new", SECONDS_PER_YEAR),
    ]
    circles = find_circles(log)
    assert circles.frequencies["new"] == pytest.approx(4.0)


def test_a_chosen_number_of_circles_is_kept_and_circles_are_inclusive():
    log, _ = layered_contact_log(3, years=2)
    circles = find_circles(log, start=0, end=2 * SECONDS_PER_YEAR, n_circles=3)
    assert circles.n_circles == 3
    assert circles.sizes == sorted(circles.sizes)
    for index, size in enumerate(circles.sizes):
        assert sum(1 for c in circles.membership.values() if c <= index) == size
    inner = [circles.frequencies[a] for a, c in circles.membership.items() if c == 0]
    outer = [circles.frequencies[a] for a, c in circles.membership.items() if c == 1]
    assert min(inner) > max(outer)


def test_no_active_alter_means_no_circles():
    circles = find_circles([("x", 0.0)], start=0, end=3 * SECONDS_PER_YEAR)
    assert (circles.n_circles, circles.sizes, circles.membership) == (0, [], {})
    assert find_circles([]).frequencies == {}
