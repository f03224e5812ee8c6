from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise import fields


class Migration(migrations.Migration):
    dependencies = [('models', '0010_bookable_by')]

    initial = False

    # A link's expiry used to cap its meetings' start too; it now governs use only. Existing
    # links keep what they allowed: their expiry becomes their start cutoff as well.
    operations = [
        ops.AddField(
            model_name='Link',
            name='starts_before',
            field=fields.DatetimeField(null=True),
        ),
        ops.AddField(
            model_name='SingleUseLink',
            name='starts_before',
            field=fields.DatetimeField(null=True),
        ),
        ops.RunSQL(
            [
                'UPDATE links SET starts_before = expires_at WHERE expires_at IS NOT NULL',
                'UPDATE single_use_links SET starts_before = expires_at '
                'WHERE expires_at IS NOT NULL',
            ],
            reverse_sql=ops.RunSQL.noop,
        ),
    ]
