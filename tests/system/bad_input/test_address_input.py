"""Bad input: junk in addresses and query strings never gets a 500, for anyone."""

from urllib.parse import quote

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse
from hypothesis import example, given
from hypothesis import strategies as st

from tests.factories import MeetingFactory
from tests.system.bad_input.helpers import budget, texts

pytestmark = pytest.mark.django_db


@pytest.fixture
def clients(db, member, secretariat):
    anonymous, as_member, as_secretariat = Client(), Client(), Client()
    as_member.force_login(member)
    as_secretariat.force_login(secretariat)
    MeetingFactory(number=89)
    return anonymous, as_member, as_secretariat


JUNK = st.one_of(
    texts(20), st.sampled_from(["²", "\x00", "a\x00b", "9" * 5000, "..", "2019", "SSC"])
)


@budget(40)
@given(junk=JUNK)
@example(junk="²")
@example(junk="\x00")
def test_junk_in_addresses_and_query_strings_never_gets_a_500(clients, junk):
    anonymous, as_member, as_secretariat = clients
    segment = quote(junk, safe="")
    requests = [
        (anonymous, reverse("headlines:headlines_index"), {"committee": junk, "year": junk}),
        (anonymous, reverse("headlines:headlines_search"), {"q": junk}),
        (as_member, reverse("assessments:assessment_register"), {"q": junk, "role": junk}),
        (as_member, f"/meetings/{segment}/89/", {}),
        (as_member, f"/actions/{segment}/", {}),
        (as_secretariat, f"/meetings/{segment}/89/agenda/", {}),
        (as_secretariat, reverse("audit:audit_export"), {"kind": junk, "object_id": junk}),
        (as_secretariat, reverse("audit:audit_export"), {"from": junk}),
    ]
    failures = []
    for client, url, params in requests:
        try:
            with transaction.atomic():
                status = client.get(url, params).status_code
        except Exception as error:
            failures.append(f"{url} {params!r}: {type(error).__name__}: {error}")
        else:
            if status >= 500:
                failures.append(f"{url} {params!r}: {status}")
    assert not failures, "\n".join(failures)
