"""An imported interaction's key carries its time, so keys rise as an import writes
them; keys from before the change get theirs (migration 0005, a keeper file), and a
file imported before still adds nothing after."""

from __future__ import annotations

import datetime as dt
import importlib
import re
from types import SimpleNamespace

from django.apps import apps
from django.db import connection

from rapport.keeper.external_keys import import_key, timed_key
from rapport.keeper.models import Interaction
from rapport.keeper.portable import keeper_export, keeper_import
from tests.imports.conftest import linkedin_files, sample, zipped
from tests.imports.test_importing import run_file

migration = importlib.import_module("rapport.keeper.migrations.0005_imported_keys_carry_their_time")
TIMED = re.compile(r"^(linkedin:[a-z-]+:|mbox:)(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d):([0-9a-f]{40})$")


def _keys(owner) -> dict[int, str]:
    return dict(Interaction.objects.filter(owner=owner).values_list("pk", "external_key"))


def _import_both(owner, tmp_path):
    export = tmp_path / "export.zip"
    export.write_bytes(zipped(linkedin_files("new")))
    linkedin = run_file(owner, "linkedin", export)
    mail = run_file(owner, "mbox", sample("mbox", "sample.mbox"), me=["ana@example.org"])
    return export, linkedin, mail


def _run_migration(function) -> None:
    # The migration's functions ask the schema editor only for its connection.
    function(apps, SimpleNamespace(connection=connection))


def test_each_key_names_its_kind_then_its_own_time_then_its_digest(ana, tmp_path):
    _export, linkedin, mail = _import_both(ana, tmp_path)

    assert linkedin.state == mail.state == "done"
    interactions = list(Interaction.objects.filter(owner=ana))
    prefixes = set()
    for interaction in interactions:
        match = TIMED.match(interaction.external_key)
        assert match, interaction.external_key
        when = interaction.occurred_at.astimezone(dt.UTC).replace(microsecond=0, tzinfo=None)
        assert match[2] == when.isoformat()
        prefixes.add(match[1])
    assert {"linkedin:message:", "linkedin:invitation:", "mbox:"} <= prefixes


def test_the_migration_gives_old_keys_their_time_and_a_reimport_adds_nothing(
    ana, make_member, tmp_path
):
    export, _linkedin, _mail = _import_both(ana, tmp_path)
    written = _keys(ana)
    by_hand = Interaction.objects.create(
        owner=ana,
        occurred_at=dt.datetime(2024, 1, 2, tzinfo=dt.UTC),
        kind="coffee",
        source="rapport",
        external_key="rapport-coffee:" + "a" * 40,
        created_at=dt.datetime(2024, 1, 2, tzinfo=dt.UTC),
    )

    # As the importers wrote them before: no time.
    _run_migration(migration.take_their_time_away)
    untimed = _keys(ana)
    assert untimed[by_hand.pk] == by_hand.external_key
    del untimed[by_hand.pk]
    assert untimed == {pk: TIMED.sub(r"\1\3", key) for pk, key in written.items()}

    _run_migration(migration.give_keys_their_time)

    after = _keys(ana)
    assert after.pop(by_hand.pk) == by_hand.external_key
    assert after == written
    again = run_file(ana, "linkedin", export)
    assert again.summary["interactions_added"] == 0
    assert again.summary["interactions_already_there"] > 0


def test_a_keeper_file_from_before_gets_its_times_and_the_export_adds_nothing(
    ana, make_member, tmp_path
):
    export, _linkedin, _mail = _import_both(ana, tmp_path)
    document = keeper_export(owner=ana)
    for interaction in document["interactions"]:
        interaction["external_key"] = TIMED.sub(r"\1\3", interaction["external_key"])
    moved = make_member("Ana Ruiz", username="ana-moved")

    keeper_import(owner=moved, document=document)

    assert sorted(_keys(moved).values()) == sorted(_keys(ana).values())
    job = run_file(moved, "linkedin", export)
    assert job.summary["interactions_added"] == 0


def test_only_an_imported_key_of_the_old_shape_changes():
    when = dt.datetime(2023, 6, 11, 17, 33, 58, 250, tzinfo=dt.timezone(dt.timedelta(hours=2)))
    digest = "0123456789abcdef0123456789abcdef01234567"

    assert (
        timed_key(f"linkedin:message:{digest}", source="import", when=when)
        == f"linkedin:message:2023-06-11T15:33:58:{digest}"
        == import_key("linkedin:message:", when.astimezone(dt.UTC), digest)
    )
    for key, source in [
        (f"linkedin:message:{digest}", "manual"),
        (f"linkedin:message:2023-06-11T15:33:58:{digest}", "import"),
        ("rapport-coffee:12", "import"),
        ("linkedin:message:demo-1", "import"),
        ("", "import"),
    ]:
        assert timed_key(key, source=source, when=when) == key
