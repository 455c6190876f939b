# Notifications of every handoff, and each person's choice of how to be told. The agenda
# notices sent so far become notifications (so that nobody is told of them again), then the
# agenda-only records go: AgendaNotice, and AgendaPublication's dispatch timestamps.
# Publications whose notices were still unsent when this runs are not announced afterwards.

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


def agenda_notices_carry_over(apps, schema_editor):
    AgendaNotice = apps.get_model("notifications", "AgendaNotice")
    Notification = apps.get_model("notifications", "Notification")
    site = settings.SITE_URL.rstrip("/")
    notices = AgendaNotice.objects.select_related("publication__meeting__committee")
    Notification.objects.bulk_create(
        (
            Notification(
                recipient_id=notice.user_id,
                kind="agenda_published",
                event_key=f"agenda_publication:{notice.publication_id}",
                subject=f"{meeting.committee.code} {meeting.number}_{meeting.date:%d%m}: "
                "agenda and papers published",
                link=f"{site}/meetings/{meeting.committee.code}/{meeting.number}/",
                delivery="immediately",
                created_at=notice.sent_at,
                dispatched_at=notice.sent_at,
                sent_at=notice.sent_at,
            )
            for notice in notices.iterator()
            for meeting in [notice.publication.meeting]
        ),
        ignore_conflicts=True,
    )


class Migration(migrations.Migration):

    dependencies = [
        ('notifications', '0002_tables'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='Notification',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(choices=[('agenda_published', 'Agenda and papers published'), ('paper_added_after_publication', 'A paper added or replaced after the agenda was published'), ('headlines_submitted', "Headlines submitted for the chair's approval"), ('headlines_returned', 'Headlines returned by the chair'), ('headlines_published', 'Headlines published'), ('minutes_circulated', 'Draft minutes circulated'), ('minutes_approved', 'Minutes approved'), ('minutes_returned', 'Minutes returned by the chair'), ('action_assigned', 'An action assigned to you'), ('action_due_soon', 'An action of yours due in three days'), ('action_overdue', 'An action of yours overdue'), ('meeting_reminder', 'A meeting you attend in two days')], max_length=40)),
                ('event_key', models.CharField(help_text='Names the event, e.g. "headlines_submitted:12".', max_length=200)),
                ('subject', models.CharField(max_length=200)),
                ('body_line', models.CharField(blank=True, max_length=500)),
                ('link', models.URLField(max_length=500)),
                ('delivery', models.CharField(choices=[('immediately', 'Immediately'), ('digest', 'In a daily digest'), ('off', 'Off')], max_length=20)),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now)),
                ('dispatched_at', models.DateTimeField(blank=True, null=True)),
                ('sent_at', models.DateTimeField(blank=True, null=True)),
                ('recipient', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='notifications', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'ordering': ['-created_at', '-pk'],
            },
        ),
        migrations.CreateModel(
            name='NotificationPreference',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(choices=[('agenda_published', 'Agenda and papers published'), ('paper_added_after_publication', 'A paper added or replaced after the agenda was published'), ('headlines_submitted', "Headlines submitted for the chair's approval"), ('headlines_returned', 'Headlines returned by the chair'), ('headlines_published', 'Headlines published'), ('minutes_circulated', 'Draft minutes circulated'), ('minutes_approved', 'Minutes approved'), ('minutes_returned', 'Minutes returned by the chair'), ('action_assigned', 'An action assigned to you'), ('action_due_soon', 'An action of yours due in three days'), ('action_overdue', 'An action of yours overdue'), ('meeting_reminder', 'A meeting you attend in two days')], max_length=40)),
                ('delivery', models.CharField(choices=[('immediately', 'Immediately'), ('digest', 'In a daily digest'), ('off', 'Off')], default='immediately', max_length=20)),
                ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='notification_preferences', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'ordering': ['user', 'kind'],
            },
        ),
        migrations.AddIndex(
            model_name='notification',
            index=models.Index(fields=['event_key'], name='notification_event_idx'),
        ),
        migrations.AddIndex(
            model_name='notification',
            index=models.Index(condition=models.Q(('sent_at__isnull', True)), fields=['delivery', 'dispatched_at'], name='notification_unsent_idx'),
        ),
        migrations.AddConstraint(
            model_name='notification',
            constraint=models.UniqueConstraint(fields=('recipient', 'event_key'), name='notification_once_per_event'),
        ),
        migrations.AddConstraint(
            model_name='notificationpreference',
            constraint=models.UniqueConstraint(fields=('user', 'kind'), name='notification_preference_once'),
        ),
        migrations.RunPython(agenda_notices_carry_over, migrations.RunPython.noop),
        migrations.DeleteModel(
            name='AgendaNotice',
        ),
        migrations.RemoveField(
            model_name='agendapublication',
            name='dispatched_at',
        ),
        migrations.RemoveField(
            model_name='agendapublication',
            name='notices_sent_at',
        ),
    ]
