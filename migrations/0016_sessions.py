from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise import fields
from tortoise.fields.base import OnDelete


class Migration(migrations.Migration):
    dependencies = [('models', '0015_event_notifications')]

    initial = False

    operations = [
        ops.CreateModel(
            name='Session',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('token_hash', fields.CharField(max_length=64, unique=True)),
                ('api_key', fields.ForeignKeyField('models.ApiKey', source_field='api_key_id', db_constraint=True, to_field='id', related_name='sessions', on_delete=OnDelete.CASCADE)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('expires_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('ended_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'sessions', 'app': 'models', 'pk_attr': 'id'},
            bases=['Model'],
        ),
    ]
