from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise import fields


class Migration(migrations.Migration):
    dependencies = [('models', '0011_starts_before')]

    initial = False

    # Existing links keep what they allowed: invitees reschedule and cancel, as often as they
    # like, until the link's minimum notice (the unset notices).
    operations = [
        ops.AddField(
            model_name='Link',
            name='invitee_may_reschedule',
            field=fields.BooleanField(default=True, db_default=True),
        ),
        ops.AddField(
            model_name='Link',
            name='invitee_may_cancel',
            field=fields.BooleanField(default=True, db_default=True),
        ),
        ops.AddField(
            model_name='Link',
            name='reschedule_notice_minutes',
            field=fields.IntField(null=True),
        ),
        ops.AddField(
            model_name='Link',
            name='cancel_notice_minutes',
            field=fields.IntField(null=True),
        ),
        ops.AddField(
            model_name='Link',
            name='max_reschedules',
            field=fields.IntField(null=True),
        ),
    ]
