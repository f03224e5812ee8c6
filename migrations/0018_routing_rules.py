from orjson import loads
from tortoise import fields, migrations
from tortoise.fields.data import JSON_DUMPS
from tortoise.migrations import operations as ops


class Migration(migrations.Migration):
    dependencies = [('models', '0017_assignment')]

    initial = False

    # Existing links ask nothing and route nowhere; existing bookings and single-use links
    # carry no answers.
    operations = [
        ops.AddField(
            model_name='Link',
            name='questions',
            field=fields.JSONField(default=list, db_default='[]', encoder=JSON_DUMPS, decoder=loads),
        ),
        ops.AddField(
            model_name='Link',
            name='routing_rules',
            field=fields.JSONField(default=list, db_default='[]', encoder=JSON_DUMPS, decoder=loads),
        ),
        ops.AddField(
            model_name='Booking',
            name='answers',
            field=fields.JSONField(default=dict, db_default='{}', encoder=JSON_DUMPS, decoder=loads),
        ),
        ops.AddField(
            model_name='SingleUseLink',
            name='answers',
            field=fields.JSONField(default=dict, db_default='{}', encoder=JSON_DUMPS, decoder=loads),
        ),
    ]
