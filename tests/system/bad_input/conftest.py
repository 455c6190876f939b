"""The bad-input tests' fixtures: the secretariat signed in, and a draft agenda to change."""

import pytest

from classification.levels import Level
from tests.factories import AgendaItemFactory, MeetingFactory


@pytest.fixture
def secretariat_client(client, secretariat):
    client.force_login(secretariat)
    return client


@pytest.fixture
def draft_agenda(db):
    """A draft meeting: two Matters Arising and two Agenda Items, at different levels."""
    meeting = MeetingFactory(number=90, status="draft")
    for number, section, level in [
        (1, "matters_arising", Level.AMBER),
        (2, "matters_arising", Level.WHITE),
        (3, "agenda", Level.RED),
        (4, "agenda", Level.GREEN),
    ]:
        AgendaItemFactory(
            meeting=meeting, number=number, section=section, level=level, published_at=None
        )
    return meeting
