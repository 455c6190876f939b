"""Bad input: the secretariat's form for a party of the assessment register."""

import pytest
from django.urls import reverse
from hypothesis import example, given
from hypothesis import strategies as st

from assessments.models import Organisation, UserRole
from classification.levels import Level
from tests.factories import OrganisationFactory
from tests.system.bad_input.helpers import (
    LEVEL_JUNK,
    LEVEL_VALUES,
    RESTRICTION_JUNK,
    RESTRICTION_VALID,
    SCRIPT,
    TODAY,
    assert_escaped,
    budget,
    char_refused,
    database_rows,
    form_data,
    maybe,
    outcome,
    page_text,
    restriction_refusals,
    rolled_back,
    sent,
    stored_text,
    texts,
)

pytestmark = pytest.mark.django_db


PARTY_FIELDS = form_data(
    valid={
        "name": st.text(min_size=1, max_size=60),
        "sec_party_id": st.text(max_size=20),
        "user_roles": st.lists(st.sampled_from(UserRole.values), max_size=3, unique=True),
        "uses_shared_resource_provider": st.sampled_from([None, "on"]),
        "level": st.sampled_from(LEVEL_VALUES),
        **RESTRICTION_VALID,
    },
    junk={
        "name": maybe(st.one_of(texts(40), st.sampled_from(["Demo Gas Ltd", "x" * 201]))),
        "sec_party_id": maybe(st.one_of(texts(20), st.just("x" * 41))),
        "user_roles": st.lists(
            st.one_of(st.sampled_from(UserRole.values), texts(10)), min_size=1, max_size=3
        ),
        "uses_shared_resource_provider": maybe(texts(5)),
        "level": maybe(LEVEL_JUNK),
        **RESTRICTION_JUNK,
    },
)


@pytest.fixture
def register(db):
    return OrganisationFactory(name="Demo Gas Ltd", level=Level.RED, user_roles=["gas_supplier"])


@budget(50)
@given(data=PARTY_FIELDS)
@example(
    data={
        "name": f"{SCRIPT} Energy",
        "sec_party_id": "P-1",
        "user_roles": ["gas_supplier"],
        "uses_shared_resource_provider": "on",
        "level": "3",
        "restriction_reason": "Under security assessment",
        "review_on": str(TODAY),
    }
)
@example(
    data={
        "name": "Demo\x00Gas",
        "sec_party_id": "",
        "user_roles": [],
        "uses_shared_resource_provider": None,
        "level": "3",
        "restriction_reason": "Under security assessment",
        "review_on": str(TODAY),
    }
)
def test_adding_a_party_stores_good_input_and_refuses_bad_naming_the_field(
    secretariat_client, register, data
):
    refused = set()
    # Only a name the form takes is looked up: PostgreSQL refuses a NUL in a query's text.
    if char_refused(data["name"], required=True, max_length=200) or (
        Organisation.objects.filter(name=stored_text(data["name"])).exists()
    ):
        refused.add("name")
    if char_refused(data["sec_party_id"], required=False, max_length=40):
        refused.add("sec_party_id")
    if any(role not in UserRole.values for role in data["user_roles"]):
        refused.add("user_roles")
    if data["level"] not in LEVEL_VALUES:
        refused.add("level")
    refused |= restriction_refusals(data, reason="restriction_reason", review="review_on")
    outcome(refused)
    with rolled_back():
        before = database_rows()
        response = secretariat_client.post(reverse("assessments:party_add"), sent(data))
        if refused:
            assert response.status_code == 200
            errors = response.context["form"].errors
            assert refused <= set(errors), f"{refused} not all named in {errors}"
            assert "Nothing was saved" in page_text(response)
            assert database_rows() == before
            return
        assert response.status_code == 302, response.context["form"].errors
        party = Organisation.objects.get(name=stored_text(data["name"]))
        assert party.sec_party_id == stored_text(data["sec_party_id"])
        assert party.user_roles == data["user_roles"]
        assert party.level == int(data["level"])
        page = secretariat_client.get(reverse("assessments:party_detail", args=[party.pk]))
        assert page.status_code == 200
        assert_escaped(page, party.name)
