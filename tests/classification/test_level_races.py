"""A child saved at the moment its parent is raised: never left below the parent's level.

Each test holds one secretariat user's change of a parent's level open in its transaction,
starts another's write of a child against the old level, and lets the first commit only once
the second has finished or is waiting for a lock: the interleaving that lost the check before
the parents were locked, played the same way every time.
"""

import threading
import time

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction

from assessments.services import party_save
from classification.levels import Level
from meetings import services
from meetings.demo import text_pdf
from meetings.models import Action, Decision, Paper
from reviews.services import level_lower
from tests.factories import (
    AgendaItemFactory,
    OrganisationFactory,
    PaperFactory,
    UserFactory,
    decision_kind,
)

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("postgresql_only"),
]


@pytest.fixture
def secretariat(db):
    return UserFactory(username="sec", clearance=Level.AMBER, is_secretariat=True)


def _waiting_for_a_lock() -> bool:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity "
            "WHERE datname = current_database() AND wait_event_type = 'Lock'"
        )
        return cursor.fetchone()[0] > 0


def _while_raised(raise_parent, write_child) -> list[Exception]:
    """Run `write_child` while `raise_parent` is done but not committed; the child's errors."""
    raised, release, child_done = threading.Event(), threading.Event(), threading.Event()
    errors, child_errors = [], []

    def raising():
        try:
            with transaction.atomic():
                raise_parent()
                raised.set()
                release.wait(timeout=30)
        except Exception as error:  # re-raised in the test's thread
            errors.append(error)
        finally:
            raised.set()
            connection.close()

    def writing():
        try:
            raised.wait(timeout=30)
            write_child()
        except Exception as error:
            child_errors.append(error)
        finally:
            child_done.set()
            connection.close()

    threads = [threading.Thread(target=raising), threading.Thread(target=writing)]
    for thread in threads:
        thread.start()
    raised.wait(timeout=30)
    deadline = time.monotonic() + 30
    while not child_done.is_set() and not _waiting_for_a_lock() and time.monotonic() < deadline:
        time.sleep(0.02)
    release.set()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    return child_errors


def test_a_decision_is_not_saved_below_a_party_raised_to_red_at_the_same_moment(secretariat):
    item = AgendaItemFactory(level=Level.AMBER)
    party = OrganisationFactory(name="Acme Energy Ltd", level=Level.AMBER)

    def raise_party():
        party.level = Level.RED
        party_save(party=party, by=secretariat)

    def record_decision():
        services.decision_record(
            item=item,
            kind=decision_kind("ssa"),
            outcome="Noted",
            party_name="Acme Energy Ltd",
            level=Level.AMBER,
            by=secretariat,
        )

    child_errors = _while_raised(raise_party, record_decision)

    party.refresh_from_db()
    assert party.level == Level.RED
    assert not Decision.objects.filter(party=party, level__lt=Level.RED).exists()
    assert [type(error) for error in child_errors] == [ValidationError]


def test_a_paper_is_not_added_below_an_item_raised_to_red_at_the_same_moment(secretariat):
    item = AgendaItemFactory(level=Level.AMBER)

    def raise_item():
        services.agenda_item_update(
            item=item, expected_version=item.version, by=secretariat, level=Level.RED
        )

    def add_paper():
        services.paper_add(
            item=item, title="Options", level=Level.AMBER, content=text_pdf(["x"]), by=secretariat
        )

    child_errors = _while_raised(raise_item, add_paper)

    item.refresh_from_db()
    assert item.level == Level.RED
    assert not Paper.objects.filter(item=item, level__lt=Level.RED).exists()
    assert [type(error) for error in child_errors] == [ValidationError]


def test_a_decision_is_not_saved_below_an_item_raised_to_red_at_the_same_moment(secretariat):
    item = AgendaItemFactory(level=Level.AMBER)

    def raise_item():
        services.agenda_item_update(
            item=item, expected_version=item.version, by=secretariat, level=Level.RED
        )

    def record_decision():
        services.decision_record(
            item=item, kind=decision_kind("ssa"), outcome="Noted", level=Level.AMBER, by=secretariat
        )

    child_errors = _while_raised(raise_item, record_decision)

    assert not Decision.objects.filter(item=item, level__lt=Level.RED).exists()
    assert [type(error) for error in child_errors] == [ValidationError]


def test_an_action_is_not_raised_below_an_item_raised_to_red_at_the_same_moment(secretariat):
    item = AgendaItemFactory(level=Level.AMBER)

    def raise_item():
        services.agenda_item_update(
            item=item, expected_version=item.version, by=secretariat, level=Level.RED
        )

    def raise_action():
        services.action_raise(
            item=item, description="Report back.", owner="SECAS", level=Level.AMBER, by=secretariat
        )

    child_errors = _while_raised(raise_item, raise_action)

    assert not Action.objects.filter(item=item, level__lt=Level.RED).exists()
    assert [type(error) for error in child_errors] == [ValidationError]


def test_a_paper_is_not_lowered_below_an_item_raised_to_red_at_the_same_moment(secretariat):
    paper = PaperFactory(item=AgendaItemFactory(level=Level.AMBER), level=Level.RED)
    item = paper.item

    def raise_item():
        services.agenda_item_update(
            item=item, expected_version=item.version, by=secretariat, level=Level.RED
        )

    def lower_paper():
        level_lower(paper, level=Level.AMBER, reason="Published since.", by=secretariat)

    child_errors = _while_raised(raise_item, lower_paper)

    assert Paper.objects.get().level == Level.RED
    assert [type(error) for error in child_errors] == [ValidationError]


def test_two_decisions_naming_the_same_new_party_at_once_share_one_party(secretariat):
    from assessments.models import Organisation
    from assessments.services import party_named

    def name_party():
        party_named("Newco Energy Ltd")

    def name_it_again():
        with transaction.atomic():
            party_named("Newco Energy Ltd")

    child_errors = _while_raised(name_party, name_it_again)

    assert child_errors == []
    assert Organisation.objects.filter(name__iexact="Newco Energy Ltd").count() == 1
