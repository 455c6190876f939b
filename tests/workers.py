"""Real Celery workers and a real Redis for the tests that need them (CI has both)."""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from tests import ROOT

REDIS_START = [
    "redis-server", "--daemonize", "yes", "--bind", "127.0.0.1", "-::1", "--port", "6379",
    "--save", "", "--appendonly", "no", "--dir", "/var/lib/redis",
    "--logfile", "/var/log/redis/ci.log",
]  # fmt: skip


def require_postgresql_and_redis():
    if connection.vendor != "postgresql" or not settings.REDIS_URL:
        pytest.skip("needs DATABASE_URL on PostgreSQL and REDIS_URL")


def _database_url() -> str:
    db = connection.settings_dict
    user = db["USER"] or "postgres"
    password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
    host = f"{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}"
    return f"postgres://{user}{password}@{host}/{db['NAME']}"


def start_worker(log: Path, **env) -> subprocess.Popen:
    """A Celery worker process on the test database, media folder, signing key and broker."""
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.settings",
        "DATABASE_URL": _database_url(),
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "HEADLINES_SIGNING_KEY": settings.HEADLINES_SIGNING_KEY,
        "HEADLINES_SIGNING_CERT": settings.HEADLINES_SIGNING_CERT,
        "HEADLINES_SIGNING_KEY_PASSPHRASE": settings.HEADLINES_SIGNING_KEY_PASSPHRASE,
        **env,
    }
    command = [sys.executable, "-m", "celery", "-A", "sscportal", "worker", "--pool=solo"]
    command += ["--without-gossip", "--without-mingle", "--loglevel=INFO"]
    with log.open("a") as output:
        return subprocess.Popen(command, cwd=ROOT, env=environment, stdout=output, stderr=output)


def stop(process: subprocess.Popen, *, kill=False) -> None:
    process.kill() if kill else process.terminate()
    process.wait(timeout=30)


def wait_for(predicate, seconds=60) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.2)
    return False


def redis_up() -> bool:
    result = subprocess.run(["redis-cli", "-h", "127.0.0.1", "ping"], capture_output=True)
    return result.returncode == 0


def stop_redis() -> None:
    subprocess.run(["redis-cli", "-h", "127.0.0.1", "shutdown", "nosave"], capture_output=True)
    assert wait_for(lambda: not redis_up(), 15), "Redis did not stop"


def start_redis() -> None:
    if not redis_up():
        Path("/var/lib/redis").mkdir(parents=True, exist_ok=True)
        Path("/var/log/redis").mkdir(parents=True, exist_ok=True)
        subprocess.run(REDIS_START, check=True)
    assert wait_for(redis_up, 15), "Redis did not start"
