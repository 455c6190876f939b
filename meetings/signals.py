"""Keep RED grants in step with attendance, whichever way attendance is recorded."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from classification.grants import grant_red, revoke_red

from .models import Attendance


@receiver(post_save, sender=Attendance)
def grant_red_to_attendee(sender, instance, **kwargs):
    grant_red(user=instance.user, meeting=instance.meeting)


@receiver(post_delete, sender=Attendance)
def revoke_red_from_former_attendee(sender, instance, **kwargs):
    revoke_red(user=instance.user, meeting=instance.meeting)
