from tortoise import fields, migrations
from tortoise.migrations import operations as ops

from models.links.assignment import Assignment


class Migration(migrations.Migration):
    dependencies = [('models', '0016_sessions')]

    initial = False

    operations = [
        ops.AddField(
            model_name='Link',
            name='assignment',
            field=fields.CharEnumField(
                Assignment, max_length=16, default=Assignment.COLLECTIVE, db_default='COLLECTIVE'
            ),
        ),
        ops.AddField(
            model_name='Link',
            name='single_use_cutoff_at',
            field=fields.DatetimeField(null=True, auto_now=False, auto_now_add=False),
        ),
        ops.AddField(
            model_name='LinkHost',
            name='weight',
            field=fields.IntField(default=1, db_default=1),
        ),
    ]
