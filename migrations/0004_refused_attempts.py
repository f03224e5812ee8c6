from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise.fields.base import OnDelete
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('models', '0003_bookings')]

    initial = False

    operations = [
        ops.CreateModel(
            name='RefusedAttempt',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('organization', fields.ForeignKeyField('models.Organization', source_field='organization_id', db_constraint=True, to_field='id', related_name='refused_attempts', on_delete=OnDelete.CASCADE)),
                ('link', fields.ForeignKeyField('models.Link', source_field='link_id', db_constraint=True, to_field='id', related_name='refused_attempts', on_delete=OnDelete.CASCADE)),
                ('single_use_link', fields.ForeignKeyField('models.SingleUseLink', source_field='single_use_link_id', db_constraint=True, to_field='id', related_name='refused_attempts', on_delete=OnDelete.CASCADE)),
                ('reason', fields.CharField(max_length=16)),
                ('invitee_email', fields.CharField(max_length=320)),
                ('occurred_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'refused_attempts', 'app': 'models', 'indexes': [Index(fields=['organization_id', 'occurred_at'])], 'pk_attr': 'id'},
            bases=['Model'],
        ),
    ]
