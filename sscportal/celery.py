"""The Celery application; tasks are found in each app's tasks.py."""

import gc
import os

from celery import Celery
from celery.signals import worker_process_init

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sscportal.settings")

app = Celery("sscportal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@worker_process_init.connect
def freeze_startup_objects(**kwargs: object) -> None:
    """Leave the objects a worker process starts with out of the garbage collector's rounds.

    Django, the apps and the renderers they import are some 400,000 objects that live as long
    as the process. Python's collector looks at every one of them in each of its full rounds
    (0.15 s on the bench machine), and a PDF render allocates enough to start such rounds:
    about a fifth of a 200-item Headlines render went to them. Frozen, they are skipped, and
    what the tasks allocate is collected as before. Called once, in each worker process as
    it starts (and by the bench, which times the renders as a worker runs them).
    """
    gc.collect()
    gc.freeze()
