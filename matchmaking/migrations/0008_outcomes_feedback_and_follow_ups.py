"""Outcomes move to their own area: per-side meeting feedback, 3- and 6-month follow-ups,
and outcomes that link to mission, match and meeting with a value in its currency."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def link_existing_outcomes(apps, schema_editor):
    """Outcomes recorded before this change hang off a meeting and were valued in euros."""
    Outcome = apps.get_model("matchmaking", "Outcome")
    for outcome in Outcome.objects.select_related("meeting"):
        meeting = outcome.meeting
        outcome.mission_id = meeting.mission_id
        outcome.sme_id = meeting.sme_id
        outcome.buyer_id = meeting.buyer_id
        outcome.demand_id = meeting.demand_id
        outcome.organisation_id = meeting.sme_id
        outcome.currency = "EUR" if outcome.value is not None else ""
        outcome.save()


class Migration(migrations.Migration):

    dependencies = [
        ('companies', '0008_invitation_one_pending_per_email'),
        ('matchmaking', '0007_score_stage_kept_pairs'),
        ('missions', '0002_application_submitted_by_and_constraints'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='MeetingFeedback',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('took_place', models.CharField(choices=[('held', 'It took place'), ('no_show', 'No-show')], max_length=10, verbose_name='did the meeting take place?')),
                ('rating', models.CharField(blank=True, choices=[('not_useful', 'Not useful'), ('useful', 'Useful'), ('follow_up', 'Follow-up agreed'), ('deal_expected', 'Deal expected')], max_length=14, verbose_name='how useful was it?')),
                ('next_step', models.TextField(blank=True, verbose_name='next step (optional)')),
                ('answered_at', models.DateTimeField(auto_now=True)),
            ],
            options={
                'verbose_name': 'meeting feedback',
                'verbose_name_plural': 'meeting feedback',
            },
        ),
        migrations.RenameField(model_name='outcome', old_name='value_eur', new_name='value'),
        migrations.AddField(
            model_name='outcome',
            name='buyer',
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='companies.organisation'),
        ),
        migrations.AddField(
            model_name='outcome',
            name='currency',
            field=models.CharField(blank=True, choices=[('EUR', 'EUR'), ('USD', 'USD'), ('CNY', 'CNY'), ('SEK', 'SEK'), ('DKK', 'DKK'), ('GBP', 'GBP'), ('CHF', 'CHF')], max_length=3, verbose_name='currency'),
        ),
        migrations.AddField(
            model_name='outcome',
            name='demand',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='missions.demandproject'),
        ),
        migrations.AddField(
            model_name='outcome',
            name='mission',
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.CASCADE, related_name='outcomes', to='missions.mission'),
        ),
        migrations.AddField(
            model_name='outcome',
            name='occurred_on',
            field=models.DateField(blank=True, null=True, verbose_name='date'),
        ),
        migrations.AddField(
            model_name='outcome',
            name='organisation',
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='companies.organisation', verbose_name='reported by'),
        ),
        migrations.AddField(
            model_name='outcome',
            name='sme',
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='companies.organisation'),
        ),
        migrations.AlterField(
            model_name='outboxmessage',
            name='kind',
            field=models.CharField(choices=[('invitation', 'Invitation'), ('update', 'Update'), ('cancellation', 'Cancellation'), ('reminder', 'Reminder'), ('decision', 'Decision'), ('feedback', 'Feedback request'), ('follow_up', 'Follow-up questionnaire')], max_length=14),
        ),
        migrations.AlterField(
            model_name='outcome',
            name='kind',
            field=models.CharField(choices=[('contact', 'Contact continued'), ('loi', 'Letter of intent'), ('pilot', 'Pilot project'), ('contract', 'Contract'), ('joint_venture', 'Joint venture'), ('investment', 'Investment')], max_length=14, verbose_name='outcome'),
        ),
        migrations.AlterField(
            model_name='outcome',
            name='meeting',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='outcomes', to='matchmaking.meeting'),
        ),
        migrations.CreateModel(
            name='FollowUp',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('months', models.PositiveSmallIntegerField(choices=[(3, '3 months'), (6, '6 months')], verbose_name='after')),
                ('due_on', models.DateField(verbose_name='due')),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('answered_at', models.DateTimeField(blank=True, null=True, verbose_name='answered')),
                ('contact_continued', models.BooleanField(blank=True, null=True, verbose_name='contact continued')),
                ('answered_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('meeting', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='follow_ups', to='matchmaking.meeting')),
                ('organisation', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='companies.organisation')),
            ],
            options={
                'verbose_name': 'follow-up',
                'verbose_name_plural': 'follow-ups',
            },
        ),
        migrations.AddField(
            model_name='outcome',
            name='follow_up',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='outcomes', to='matchmaking.followup'),
        ),
        migrations.RunPython(link_existing_outcomes, migrations.RunPython.noop),
        migrations.AlterField(
            model_name='outcome',
            name='value',
            field=models.PositiveBigIntegerField(blank=True, null=True, verbose_name='value'),
        ),
        migrations.AlterField(
            model_name='outcome',
            name='buyer',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='companies.organisation'),
        ),
        migrations.AlterField(
            model_name='outcome',
            name='mission',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='outcomes', to='missions.mission'),
        ),
        migrations.AlterField(
            model_name='outcome',
            name='organisation',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='companies.organisation', verbose_name='reported by'),
        ),
        migrations.AlterField(
            model_name='outcome',
            name='sme',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='companies.organisation'),
        ),
        migrations.AddIndex(
            model_name='outcome',
            index=models.Index(fields=['mission', 'kind'], name='matchmaking_mission_3518b0_idx'),
        ),
        migrations.AddConstraint(
            model_name='outcome',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('value__isnull', True), ('currency', '')), models.Q(('value__isnull', False), models.Q(('currency', ''), _negated=True)), _connector='OR'), name='outcome_value_has_currency'),
        ),
        migrations.AddField(
            model_name='meetingfeedback',
            name='answered_by',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddField(
            model_name='meetingfeedback',
            name='meeting',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='feedback', to='matchmaking.meeting'),
        ),
        migrations.AddField(
            model_name='meetingfeedback',
            name='organisation',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='companies.organisation'),
        ),
        migrations.AddConstraint(
            model_name='followup',
            constraint=models.UniqueConstraint(fields=('meeting', 'organisation', 'months'), name='follow_up_once_per_meeting_side_and_stage'),
        ),
        migrations.AddConstraint(
            model_name='meetingfeedback',
            constraint=models.UniqueConstraint(fields=('meeting', 'organisation'), name='feedback_once_per_meeting_and_side'),
        ),
        migrations.AddConstraint(
            model_name='meetingfeedback',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('took_place', 'no_show'), ('rating', '')), models.Q(('took_place', 'held'), models.Q(('rating', ''), _negated=True)), _connector='OR'), name='feedback_rating_only_when_held'),
        ),
    ]
