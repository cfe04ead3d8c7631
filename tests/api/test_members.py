"""Your own profile and numbers; other members' public profiles, without a single count."""

from __future__ import annotations

from rapport.members.models import Member
from tests.api.public_shape import MEMBER_KEYS, assert_no_private_keys


def test_me_shows_my_profile_my_capacity_and_my_pending_requests(
    make_member, api_as, connect, send_request, settings
):
    settings.RAPPORT_CONNECTION_CAP = 150
    ada = make_member("Ada Lovelace", headline="Engines")
    connect(ada, make_member("Ben Okafor"))
    send_request(make_member("Cy Tran"), ada)

    body = api_as(ada).get("/me").json()

    assert set(body) == MEMBER_KEYS | {"capacity", "pending_incoming", "time_zone"}
    assert body["headline"] == "Engines"
    assert body["capacity"] == {"connections": 1, "cap": 150}
    assert body["pending_incoming"] == 1
    assert body["time_zone"] == "UTC"


def test_patch_me_changes_only_the_fields_sent(make_member, api_as):
    ada = make_member("Ada Lovelace", organisation="Analytical Engines")

    response = api_as(ada).patch("/me", {"headline": "Poet of science", "interests": "Maths,LOOMS"})

    assert response.status_code == 200
    assert response.json()["headline"] == "Poet of science"
    assert response.json()["interests"] == ["maths", "looms"]
    ada.refresh_from_db()
    assert (ada.headline, ada.organisation) == ("Poet of science", "Analytical Engines")


def test_patch_me_names_the_field_at_fault(make_member, api_as):
    ada = make_member("Ada Lovelace")
    api = api_as(ada)

    empty_name = api.patch("/me", {"name": "   "})
    long_headline = api.patch("/me", {"headline": "x" * 161})

    assert (empty_name.status_code, empty_name.json()["field"]) == (422, "name")
    assert (long_headline.status_code, long_headline.json()["field"]) == (422, "headline")
    ada.refresh_from_db()
    assert (ada.name, ada.headline) == ("Ada Lovelace", "")


def test_search_finds_by_name_organisation_and_interest(make_member, api_as):
    viewer = make_member("Vera Viewer")
    ada = make_member("Ada Lovelace", organisation="Analytical Engines", interests="looms")
    make_member("Ben Okafor", organisation="Transit Lab", interests="buses")
    api = api_as(viewer)

    def names(query: str) -> list[str]:
        response = api.get("/members", {"q": query})
        assert response.status_code == 200
        return [row["name"] for row in response.json()]

    assert names("lovelace") == ["Ada Lovelace"]
    assert names("analytical") == ["Ada Lovelace"]
    assert names("looms") == ["Ada Lovelace"]
    assert names("transit") == ["Ben Okafor"]
    assert names("ada transit") == []
    assert names("") == []
    assert ada.pk in {row["id"] for row in api.get("/members", {"q": "ada"}).json()}


def test_search_results_show_public_fields_and_whether_we_are_connected(
    make_member, api_as, connect
):
    viewer = make_member("Vera Viewer")
    friend = make_member("Ada Friend", email="ada@example.org")
    make_member("Ada Stranger")
    connect(viewer, friend)
    connect(friend, make_member("Someone Else"))  # friend has connections; none are shown

    results = api_as(viewer).get("/members", {"q": "ada"}).json()

    assert {row["name"]: row["connected"] for row in results} == {
        "Ada Friend": True,
        "Ada Stranger": False,
    }
    assert all(set(row) == MEMBER_KEYS | {"connected"} for row in results)
    assert_no_private_keys(results)


def test_a_profile_shows_public_fields_only(make_member, api_as, connect):
    viewer = make_member("Vera Viewer")
    ada = make_member("Ada Lovelace", email="ada@example.org", bio="Notes on engines.")
    connect(ada, make_member("Ben Okafor"))

    response = api_as(viewer).get(f"/members/{ada.pk}")

    assert response.status_code == 200
    body = response.json()
    assert set(body) == MEMBER_KEYS | {"connected"}
    assert (body["bio"], body["connected"]) == ("Notes on engines.", False)
    assert "ada@example.org" not in response.content.decode()
    assert_no_private_keys(body)


def test_an_unknown_member_is_404(make_member, api_as):
    viewer = make_member("Vera Viewer")
    missing = Member.objects.order_by("-pk").first().pk + 1

    response = api_as(viewer).get(f"/members/{missing}")

    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_search_costs_the_same_queries_for_3_or_10_results(make_member, api_as, connect):
    viewer = make_member("Vera Viewer")
    api = api_as(viewer)
    for n in range(3):
        connect(viewer, make_member(f"Ada Number{n}", interests="looms"))
    with_three = api.queries("/members", {"q": "looms"})
    for n in range(3, 10):
        make_member(f"Ada Number{n}", interests="looms")

    assert len(api.get("/members", {"q": "looms"}).json()) == 10
    assert api.queries("/members", {"q": "looms"}) == with_three <= 4
