from tortoise import fields, migrations
from tortoise.migrations import operations as ops


class Migration(migrations.Migration):
    dependencies = [('models', '0018_routing_rules')]

    initial = False

    # Every host of an existing link has the middle priority: the order is the weights' alone.
    operations = [
        ops.AddField(
            model_name='LinkHost',
            name='priority',
            field=fields.IntField(default=3, db_default=3),
        ),
    ]
