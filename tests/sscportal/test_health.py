"""/health/: says the web process answers, for docker-compose's healthcheck and the bench's
bare baseline; it reads nothing of the database and tells nothing of who asks."""

import pytest
from django.test import override_settings

from tests.factories import UserFactory


def test_health_answers_ok_as_plain_text_without_the_database(client):
    # Not marked django_db: a query would fail the test.
    response = client.get("/health/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    assert response.content == b"ok"


@pytest.mark.django_db
def test_health_reads_nothing_for_a_signed_in_visitor(client, django_assert_num_queries):
    client.force_login(UserFactory())
    with django_assert_num_queries(0):
        response = client.get("/health/")
    assert response.content == b"ok"


def test_health_is_not_redirected_to_https_so_the_containers_healthcheck_reaches_it(client):
    with override_settings(SECURE_SSL_REDIRECT=True):
        assert client.get("/health/").status_code == 200
        assert client.get("/accounts/login/").status_code == 301
