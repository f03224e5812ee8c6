from tortoise import fields, migrations
from tortoise.fields.base import OnDelete
from tortoise.indexes import Index
from tortoise.migrations import operations as ops


class Migration(migrations.Migration):
    dependencies = [('models', '0019_host_priority')]

    initial = False

    # Events already in the outbox are marked notified: nobody is mailed about the past.
    operations = [
        ops.AddField(
            model_name='Booking',
            name='sealed_manage_token',
            field=fields.CharField(max_length=200, default='', db_default=''),
        ),
        ops.AddField(
            model_name='WebhookEvent',
            name='notified',
            field=fields.BooleanField(default=True, db_default=True),
        ),
        ops.AddIndex(
            model_name='WebhookEvent',
            index=Index(fields=['notified', 'id']),
        ),
        ops.CreateModel(
            name='Notification',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('event', fields.ForeignKeyField('models.WebhookEvent', source_field='event_id', db_constraint=True, to_field='id', related_name='notifications', on_delete=OnDelete.CASCADE)),
                ('channel', fields.CharField(max_length=16)),
                ('recipient', fields.CharField(max_length=320)),
                ('booking_id', fields.IntField()),
                ('content', fields.TextField(default='')),
                ('status', fields.CharField(max_length=16, default='PENDING')),
                ('attempts', fields.IntField(default=0)),
                ('next_attempt_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('last_error', fields.CharField(max_length=500, default='')),
                ('sent_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={
                'table': 'notifications',
                'app': 'models',
                'pk_attr': 'id',
                'unique_together': (('event_id', 'channel', 'recipient'),),
                'indexes': [Index(fields=['status', 'next_attempt_at']), Index(fields=['booking_id', 'id'])],
            },
            bases=['Model'],
        ),
        ops.CreateModel(
            name='HostCalendar',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('user', fields.OneToOneField('models.User', source_field='user_id', db_constraint=True, to_field='id', related_name='calendar', on_delete=OnDelete.CASCADE)),
                ('url', fields.CharField(max_length=2000)),
                ('username', fields.CharField(max_length=320)),
                ('sealed_password', fields.TextField()),
                ('write_meetings', fields.BooleanField(default=False)),
                ('status', fields.CharField(max_length=16, default='OK')),
                ('last_error', fields.CharField(max_length=500, default='')),
                ('synced_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('trusted_until', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('next_sync_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={
                'table': 'host_calendars',
                'app': 'models',
                'pk_attr': 'id',
                'indexes': [Index(fields=['next_sync_at'])],
            },
            bases=['Model'],
        ),
        ops.CreateModel(
            name='CalendarBusy',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('calendar', fields.ForeignKeyField('models.HostCalendar', source_field='calendar_id', db_constraint=True, to_field='id', related_name='busy', on_delete=OnDelete.CASCADE)),
                ('user_id', fields.IntField()),
                ('start_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('end_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={
                'table': 'calendar_busy',
                'app': 'models',
                'pk_attr': 'id',
                'indexes': [Index(fields=['user_id', 'start_at'])],
            },
            bases=['Model'],
        ),
    ]
