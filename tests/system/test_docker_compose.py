"""The production shape (docker-compose.yml and Dockerfile) names things that really exist.

Docker is not needed: the files are read as data, and every module, app and management
command they name is looked up in this project.
"""

import importlib
import json
import re
import shlex
from pathlib import Path

import pytest
import yaml
from celery.app.utils import find_app
from django.core.management import get_commands

from tests import ROOT

COMPOSE_FILE = ROOT / "docker-compose.yml"
DOCKERFILE = ROOT / "Dockerfile"

SERVICES = ["db", "redis", "web", "worker", "beat"]
APP_SERVICES = ("web", "worker")
WSGI_SPEC = re.compile(r"^[A-Za-z_][\w.]*:[A-Za-z_]\w*$")


@pytest.fixture(scope="module")
def services():
    return yaml.safe_load(COMPOSE_FILE.read_text())["services"]


def command_words(command) -> list[str]:
    """The words of a compose command or Dockerfile CMD, looking inside `sh -c "..."`."""
    words = shlex.split(command) if isinstance(command, str) else [str(w) for w in command]
    if len(words) >= 3 and words[0] in {"sh", "/bin/sh", "bash"} and words[1] == "-c":
        return shlex.split(words[2])
    return words


def wsgi_app_named(words: list[str]) -> str:
    """The `module:attribute` that a gunicorn command line serves."""
    after_gunicorn = words[words.index("gunicorn") + 1 :]
    specs = [word for word in after_gunicorn if WSGI_SPEC.match(word)]
    assert len(specs) == 1, f"expected one module:attribute after gunicorn in {words}"
    return specs[0]


def dockerfile_cmd() -> list[str]:
    cmd_lines = [
        line.strip()[len("CMD") :].strip()
        for line in DOCKERFILE.read_text().splitlines()
        if line.strip().upper().startswith("CMD ")
    ]
    assert cmd_lines, "the Dockerfile has no CMD"
    last = cmd_lines[-1]  # only the last CMD takes effect
    return command_words(json.loads(last) if last.startswith("[") else last)


def assert_waits_for_healthy_db_and_redis(service: dict) -> None:
    depends_on = service.get("depends_on")
    assert isinstance(depends_on, dict), "depends_on must be the long form, with conditions"
    for dependency in ("db", "redis"):
        assert depends_on.get(dependency, {}).get("condition") == "service_healthy", dependency


def test_compose_defines_the_database_redis_web_and_worker_services(services):
    assert set(SERVICES) <= set(services)


@pytest.mark.parametrize("name", SERVICES)
def test_every_service_has_a_healthcheck(services, name):
    healthcheck = services[name].get("healthcheck") or {}
    assert not healthcheck.get("disable", False)
    assert healthcheck.get("test") not in (None, [], ["NONE"])


def test_the_web_healthcheck_asks_the_portals_health_address(services, client):
    """The check runs inside the container, by plain http: it must reach a page that answers
    200 without a database query, whatever the HTTPS redirect."""
    test = " ".join(str(word) for word in services["web"]["healthcheck"]["test"])
    found = re.search(r"http://127\.0\.0\.1:8000(/[^'\"]*)", test)
    assert found, test
    assert found.group(1) == "/health/"
    assert client.get(found.group(1)).status_code == 200


def test_web_waits_for_a_healthy_database_and_redis(services):
    assert_waits_for_healthy_db_and_redis(services["web"])


def test_worker_waits_for_a_healthy_database_and_redis(services):
    assert_waits_for_healthy_db_and_redis(services["worker"])


def test_web_and_worker_share_the_media_volume(services):
    for name in APP_SERVICES:
        assert "media:/data/media" in services[name].get("volumes", []), name
        assert services[name]["environment"]["MEDIA_ROOT"] == "/data/media", name


def test_web_serves_a_wsgi_application_that_imports(services):
    spec = wsgi_app_named(command_words(services["web"]["command"]))
    module_name, attribute = spec.split(":")

    module = importlib.import_module(module_name)

    assert spec == "sscportal.wsgi:application"
    assert callable(getattr(module, attribute))


def test_beat_schedules_tasks_that_exist(services):
    words = command_words(services["beat"]["command"])
    celery_app = find_app(words[words.index("-A") + 1])
    celery_app.loader.import_default_modules()

    scheduled = {entry["task"] for entry in celery_app.conf.beat_schedule.values()}

    assert words[words.index("-A") + 2] == "beat"
    assert scheduled and scheduled <= set(celery_app.tasks)


def test_worker_runs_the_projects_celery_app(services):
    words = command_words(services["worker"]["command"])
    app_name = words[words.index("-A") + 1]

    celery_app = importlib.import_module(app_name).celery_app

    assert app_name == "sscportal"
    assert find_app(app_name) is celery_app  # what `celery -A sscportal` resolves to


def test_dockerfile_serves_the_same_wsgi_application_as_compose(services):
    web = wsgi_app_named(command_words(services["web"]["command"]))

    assert wsgi_app_named(dockerfile_cmd()) == web


def test_web_runs_a_real_management_command_before_serving(services):
    words = command_words(services["web"]["command"])
    subcommand = words[words.index("manage.py") + 1]

    assert subcommand == "migrate"
    assert subcommand in get_commands()
    assert words.index("manage.py") < words.index("gunicorn")


def _mounted_folders(service: dict) -> set[str]:
    return {volume.split(":")[1] for volume in service.get("volumes", [])}


def test_the_workers_hold_the_signing_key_and_certificate_they_are_told_of(services):
    environment = services["worker"]["environment"]
    folders = _mounted_folders(services["worker"])
    for name in ("HEADLINES_SIGNING_KEY", "HEADLINES_SIGNING_CERT"):
        assert str(Path(environment[name]).parent) in folders, name


def test_the_web_servers_publish_the_certificate_without_holding_the_signing_key(services):
    environment = services["web"]["environment"]
    folders = _mounted_folders(services["web"])
    assert str(Path(environment["HEADLINES_SIGNING_CERT"]).parent) in folders
    assert str(Path(environment["HEADLINES_SIGNING_KEY"]).parent) not in folders
