from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('notifications', '0003_notification_and_preferences'),
    ]

    operations = [
        migrations.AlterField(
            model_name='notification',
            name='kind',
            field=models.CharField(choices=[('agenda_published', 'Agenda and papers published'), ('paper_added_after_publication', 'A paper added or replaced after the agenda was published'), ('headlines_submitted', "Headlines submitted for the chair's approval"), ('headlines_returned', 'Headlines returned by the chair'), ('headlines_published', 'Headlines published'), ('minutes_circulated', 'Draft minutes circulated'), ('minutes_approved', 'Minutes approved'), ('minutes_returned', 'Minutes returned by the chair'), ('action_assigned', 'An action assigned to you'), ('action_due_soon', 'An action of yours due in three days'), ('action_overdue', 'An action of yours overdue'), ('meeting_reminder', 'A meeting you attend in two days'), ('question_asked', 'A question for the presenter of an item you answer for'), ('question_answered', 'An answer to a question you asked')], max_length=40),
        ),
        migrations.AlterField(
            model_name='notificationpreference',
            name='kind',
            field=models.CharField(choices=[('agenda_published', 'Agenda and papers published'), ('paper_added_after_publication', 'A paper added or replaced after the agenda was published'), ('headlines_submitted', "Headlines submitted for the chair's approval"), ('headlines_returned', 'Headlines returned by the chair'), ('headlines_published', 'Headlines published'), ('minutes_circulated', 'Draft minutes circulated'), ('minutes_approved', 'Minutes approved'), ('minutes_returned', 'Minutes returned by the chair'), ('action_assigned', 'An action assigned to you'), ('action_due_soon', 'An action of yours due in three days'), ('action_overdue', 'An action of yours overdue'), ('meeting_reminder', 'A meeting you attend in two days'), ('question_asked', 'A question for the presenter of an item you answer for'), ('question_answered', 'An answer to a question you asked')], max_length=40),
        ),
    ]
