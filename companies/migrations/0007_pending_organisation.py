"""The organisation named at sign-up waits here until the e-mail address is verified."""

import django.db.models.deletion
import django_countries.fields
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('companies', '0006_organisation_country_index'),
    ]

    operations = [
        migrations.CreateModel(
            name='PendingOrganisation',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(max_length=200, verbose_name='name')),
                ('kind', models.CharField(choices=[('sme', 'SME'), ('buyer', 'Buyer'), ('cluster', 'Cluster'), ('investor', 'Investor')], max_length=10, verbose_name='kind')),
                ('country', django_countries.fields.CountryField(max_length=2, verbose_name='country')),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('user', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='pending_organisation', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'organisation awaiting e-mail verification',
                'verbose_name_plural': 'organisations awaiting e-mail verification',
            },
        ),
    ]
