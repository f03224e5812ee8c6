from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise import fields

from models.db.tables import BookableBy


class Migration(migrations.Migration):
    dependencies = [('models', '0009_organization_quotas')]

    initial = False

    # Existing links stay bookable by anyone, as they were.
    operations = [
        ops.AddField(
            model_name='Organization',
            name='default_bookable_by',
            field=fields.CharEnumField(
                BookableBy, max_length=16, default=BookableBy.ANYONE, db_default='ANYONE'
            ),
        ),
        ops.AddField(
            model_name='Link',
            name='bookable_by',
            field=fields.CharEnumField(
                BookableBy, max_length=16, default=BookableBy.ANYONE, db_default='ANYONE'
            ),
        ),
    ]
