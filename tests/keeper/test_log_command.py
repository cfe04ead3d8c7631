"""`rapport log`: an interaction logged from a terminal, in one line, or a clear error."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
import time_machine
from django.core.management import call_command
from django.core.management.base import CommandError

from rapport.keeper.models import Interaction, Person
from rapport.keeper.services import person_create

NOW = dt.datetime(2026, 6, 1, 12, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def ana(make_member):
    return make_member("Ana Ruiz", username="ana")


@pytest.fixture
def keeper(ana):
    """Ana's keeper: two Bens, one José, one Grace."""
    return {
        name: person_create(owner=ana, name=name, organisation=organisation)
        for name, organisation in [
            ("José Álvarez", "Transit Lab"),
            ("Ben Okafor", "Acme"),
            ("Ben Adeyemi", ""),
            ("Grace Mensah", ""),
        ]
    }


def log(*args: str, **options) -> str:
    out = StringIO()
    call_command("log", *args, stdout=out, **options)
    return out.getvalue()


def test_coffee_with_a_full_name_logs_a_gift_of_advice(ana, keeper):
    printed = log("coffee with jose alvarez", "--gave", "advice", "--member", "ana")

    assert printed == "Logged coffee with José Álvarez on 2026-06-01; you gave advice.\n"
    interaction = Interaction.objects.get()
    assert (interaction.owner, interaction.kind, interaction.direction, interaction.favour) == (
        ana,
        "coffee",
        "gave",
        "advice",
    )
    assert list(interaction.people.all()) == [keeper["José Álvarez"]]
    assert (interaction.note, interaction.occurred_at) == ("coffee with jose alvarez", NOW)
    assert Person.objects.get(pk=keeper["José Álvarez"].pk).last_contact_at == NOW


def test_several_people_a_past_date_a_note_and_the_member_from_the_environment(
    ana, keeper, monkeypatch
):
    monkeypatch.setenv("RAPPORT_MEMBER", "ana")

    printed = log(
        "Lunch with Grace and Ben Okafor about the grant",
        "--received",
        "help",
        "--date",
        "2026-05-20",
        "--note",
        "They read the draft",
    )

    assert printed == (
        "Logged conversation with Grace Mensah and Ben Okafor on 2026-05-20; you received help.\n"
    )
    interaction = Interaction.objects.get()
    assert (interaction.kind, interaction.direction, interaction.note) == (
        "conversation",
        "received",
        "They read the draft",
    )
    assert interaction.occurred_at.date() == dt.date(2026, 5, 20)
    assert set(interaction.people.all()) == {keeper["Grace Mensah"], keeper["Ben Okafor"]}


def test_with_names_people_and_a_call_is_mutual(ana, keeper):
    printed = log(
        "call", "--with", "grace", "--with", f"#{keeper['Ben Adeyemi'].pk}", "--member", "ana"
    )

    assert printed == "Logged call with Grace Mensah and Ben Adeyemi on 2026-06-01.\n"
    assert Interaction.objects.get().direction == "mutual"


def test_an_ambiguous_first_name_lists_the_candidates_and_writes_nothing(ana, keeper):
    with pytest.raises(CommandError) as error:
        log("coffee with Ben", "--member", "ana")

    message = str(error.value)
    assert message.startswith("\"with Ben\" in your text: 'Ben' could be ")
    assert "Ben Adeyemi" in message and "Ben Okafor" in message and "Acme" in message
    assert not Interaction.objects.exists()


def test_an_unknown_name_suggests_close_ones_and_writes_nothing(ana, keeper):
    with pytest.raises(CommandError, match=r"nobody called 'Grace Mensa' .*Grace Mensah"):
        log("coffee with Grace Mensa", "--member", "ana")

    assert not Interaction.objects.exists()


def test_someone_elses_keeper_is_out_of_reach(make_member, keeper):
    make_member("Ben Okafor", username="ben")

    with pytest.raises(CommandError, match="nobody called 'Grace'"):
        log("coffee with Grace", "--member", "ben")

    assert not Interaction.objects.exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["coffee with Grace", "--kind", "cofee"],
            "--kind: unknown kind 'cofee'; choose one of conversation, meeting, call,",
        ),
        (["coffee with Grace", "--date", "2026-06-02"], "--date: 2026-06-02 is in the future"),
        (["coffee with Grace", "--date", "1 June"], "--date: '1 June' is not a date"),
        (["coffee with Grace", "--gave", "money"], "--gave: 'money' is not a favour"),
        (["coffee with Grace", "--gave", "help", "--received", "advice"], "--gave, --received"),
        (["a quiet day"], "--with: say who it was with"),
        (["coffee with Grace", "--note", "n" * 4001], "--note: the note is 4,001 characters"),
        (["coffee with Grace", "--member", "nobody"], "--member: no member has the username"),
    ],
)
def test_bad_options_are_named_and_nothing_is_written(ana, keeper, args, message):
    arguments = args if "--member" in args else [*args, "--member", "ana"]

    with pytest.raises(CommandError) as error:
        log(*arguments)

    assert str(error.value).startswith(message)
    assert not Interaction.objects.exists()


def test_without_a_member_it_says_how_to_give_one(keeper, monkeypatch):
    monkeypatch.delenv("RAPPORT_MEMBER", raising=False)

    with pytest.raises(CommandError, match=r"--member: .*RAPPORT_MEMBER"):
        log("coffee with Grace")


# --- Archived people ("contacts, not connections", set aside by the network audit) ---


def _archive(*people: Person) -> None:
    Person.objects.filter(pk__in=[person.pk for person in people]).update(archived_at=NOW)


def test_an_archived_person_is_found_logged_and_restored(ana, keeper):
    grace = keeper["Grace Mensah"]
    _archive(grace)

    printed = log("coffee with Grace Mensah", "--member", "ana")

    assert printed == (
        "Logged coffee with Grace Mensah on 2026-06-01.\n"
        "Grace Mensah was archived: back in your keeper's lists.\n"
    )
    assert list(Interaction.objects.get().people.all()) == [grace]
    grace.refresh_from_db()
    assert grace.archived_at is None
    assert grace.last_contact_at == NOW


def test_keep_archived_logs_and_leaves_them_archived(ana, keeper):
    jose, grace = keeper["José Álvarez"], keeper["Grace Mensah"]
    _archive(jose, grace)

    printed = log(
        "lunch with Jose and Grace", "--date", "2025-03-04", "--keep-archived", "--member", "ana"
    )

    assert printed.endswith("José Álvarez and Grace Mensah stay archived (--keep-archived).\n")
    assert Interaction.objects.get().people.count() == 2
    assert Person.objects.filter(owner=ana, archived_at__isnull=False).count() == 2


def test_the_person_in_your_lists_comes_before_an_archived_namesake(ana, keeper):
    """'Ben' is the Ben you talk to: an archived Ben does not make the name ambiguous."""
    _archive(keeper["Ben Adeyemi"])

    printed = log("call with Ben", "--member", "ana")

    assert printed == "Logged call with Ben Okafor on 2026-06-01.\n"
    assert Person.objects.get(pk=keeper["Ben Adeyemi"].pk).archived_at is not None
    # By full name or number, the archived Ben is still within reach.
    assert log("call with Ben Adeyemi", "--member", "ana").startswith(
        "Logged call with Ben Adeyemi"
    )


def test_two_archived_people_of_one_name_are_ambiguous_and_nothing_is_written(ana, keeper):
    _archive(keeper["Ben Okafor"], keeper["Ben Adeyemi"])

    with pytest.raises(CommandError, match=r"^\"with Ben\" in your text: 'Ben' could be Ben"):
        log("coffee with Ben", "--member", "ana")

    assert not Interaction.objects.exists()
    assert Person.objects.filter(owner=ana, archived_at__isnull=False).count() == 2


def test_a_refused_log_restores_nobody(ana, keeper):
    grace = keeper["Grace Mensah"]
    _archive(grace)

    with pytest.raises(CommandError, match=r"^--note: "):
        log("coffee with Grace", "--note", "n" * 4001, "--member", "ana")

    grace.refresh_from_db()
    assert grace.archived_at is not None


def test_the_help_says_what_happens_to_archived_people():
    from rapport.keeper.management.commands.log import Command

    text = " ".join(Command().create_parser("rapport", "log").format_help().split())
    assert "Someone you archived (network audit) is found" in text
    assert "--keep-archived" in text


# A name nobody answers to: the error says where the name was read (the words of the
# text, or --with when it was given) and how to go on. It said "NobodyNamed: --with:
# ...", an exception's class name blaming an option the user had not given.


def _refusal(*args: str) -> str:
    with pytest.raises(CommandError) as error:
        log(*args, "--member", "ana")
    assert not Interaction.objects.exists()
    return str(error.value)


def test_an_unknown_name_from_the_text_is_quoted_with_the_words_it_came_from(ana, keeper):
    assert _refusal("coffee with Nobody Known") == (
        "\"with Nobody Known\" in your text: nobody called 'Nobody Known' is in your "
        'keeper. Add them to your keeper first ("Add a person"), or say who it was with '
        "--with NAME."
    )
    assert _refusal("Lunch with Grace and Nobody Known about the grant").startswith(
        "\"with Grace and Nobody Known\" in your text: nobody called 'Nobody Known' is in "
        "your keeper."
    )
    assert _refusal("call with #999") == (
        '"with #999" in your text: nobody in your keeper has the number #999.'
    )


def test_an_unknown_name_given_with_the_option_blames_the_option(ana, keeper):
    assert _refusal("coffee", "--with", "Nobody Known") == (
        "--with: nobody called 'Nobody Known' is in your keeper. "
        'Add them to your keeper first ("Add a person").'
    )


def test_a_close_name_is_offered_instead_of_adding_someone(ana, keeper):
    message = _refusal("coffee with Grace Mensa")

    assert message.startswith(
        "\"with Grace Mensa\" in your text: nobody called 'Grace Mensa' is in your keeper. "
        "Did you mean Grace Mensah (#"
    )
    assert "Add them" not in message


def test_the_console_script_prints_one_plain_line_for_an_unknown_name(tmp_path):
    env = {**os.environ, "RAPPORT_DATA_DIR": str(tmp_path)}
    env.pop("DATABASE_URL", None)
    env.pop("RAPPORT_PRODUCTION", None)
    rapport = Path(sys.executable).with_name("rapport")
    subprocess.run([rapport, "migrate", "-v0"], env=env, check=True, timeout=300)
    signup = (
        "from rapport.members.services import member_signup; "
        "member_signup(username='ana', password='a long passphrase 123', name='Ana Ruiz')"
    )
    subprocess.run(
        [rapport, "shell", "-c", signup], env=env, check=True, capture_output=True, timeout=120
    )

    finished = subprocess.run(
        [rapport, "log", "coffee with Nobody Known", "--member", "ana"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )

    assert finished.returncode == 1
    assert finished.stdout == ""
    assert finished.stderr.splitlines() == [
        "CommandError: \"with Nobody Known\" in your text: nobody called 'Nobody Known' is "
        'in your keeper. Add them to your keeper first ("Add a person"), or say who it was '
        "with --with NAME."
    ]
