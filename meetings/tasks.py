"""Celery tasks: thin wrappers that call a service."""

from celery import shared_task

from .services import notices


@shared_task(acks_late=True)
def reminders_task() -> int:
    """Remind attendees of meetings two days away, and owners of actions due soon or overdue."""
    return notices.meeting_reminders() + notices.action_reminders()
