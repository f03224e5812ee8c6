from tortoise import migrations
from tortoise.migrations import operations as ops
from models.db.tables import LocationKind
from orjson import loads
from tortoise.fields.base import OnDelete
from tortoise.fields.data import JSON_DUMPS
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('models', '0001_initial')]

    initial = False

    operations = [
        ops.CreateModel(
            name='MeetingType',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('organization', fields.ForeignKeyField('models.Organization', source_field='organization_id', db_constraint=True, to_field='id', related_name='meeting_types', on_delete=OnDelete.CASCADE)),
                ('name', fields.CharField(max_length=200)),
                ('duration_minutes', fields.IntField()),
                ('location_kind', fields.CharEnumField(description='VIDEO: VIDEO\nPHONE: PHONE\nIN_PERSON: IN_PERSON\nCUSTOM: CUSTOM', enum_type=LocationKind, max_length=16)),
                ('location_details', fields.CharField(default='', max_length=500)),
                ('description', fields.TextField(default='', unique=False)),
                ('buffer_before_minutes', fields.IntField(default=0)),
                ('buffer_after_minutes', fields.IntField(default=0)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={'table': 'meeting_types', 'app': 'models', 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Link',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('organization', fields.ForeignKeyField('models.Organization', source_field='organization_id', db_constraint=True, to_field='id', related_name='links', on_delete=OnDelete.CASCADE)),
                ('owner', fields.ForeignKeyField('models.User', source_field='owner_id', db_constraint=True, to_field='id', related_name='owned_links', on_delete=OnDelete.RESTRICT)),
                ('meeting_type', fields.ForeignKeyField('models.MeetingType', source_field='meeting_type_id', db_constraint=True, to_field='id', related_name='links', on_delete=OnDelete.RESTRICT)),
                ('slug', fields.CharField(max_length=64)),
                ('name', fields.CharField(max_length=200)),
                ('expires_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('minimum_notice_minutes', fields.IntField(default=240)),
                ('booking_horizon_days', fields.IntField(default=60)),
                ('slot_interval_minutes', fields.IntField(default=30)),
                ('is_active', fields.BooleanField(default=True)),
                ('archived_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('managed', fields.BooleanField(default=False)),
                ('metadata', fields.JSONField(default=dict, encoder=JSON_DUMPS, decoder=loads)),
                ('created_by', fields.ForeignKeyField('models.User', source_field='created_by_id', db_constraint=True, to_field='id', related_name='created_links', on_delete=OnDelete.RESTRICT)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={'table': 'links', 'app': 'models', 'unique_together': (('organization', 'slug'),), 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='LinkHost',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('link', fields.ForeignKeyField('models.Link', source_field='link_id', db_constraint=True, to_field='id', related_name='host_rows', on_delete=OnDelete.CASCADE)),
                ('user', fields.ForeignKeyField('models.User', source_field='user_id', db_constraint=True, to_field='id', related_name='hosted_link_rows', on_delete=OnDelete.RESTRICT)),
                ('position', fields.IntField(default=0)),
            ],
            options={'table': 'link_hosts', 'app': 'models', 'unique_together': (('link', 'user'),), 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='SingleUseLink',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('link', fields.ForeignKeyField('models.Link', source_field='link_id', db_constraint=True, to_field='id', related_name='single_use_links', on_delete=OnDelete.CASCADE)),
                ('created_by', fields.ForeignKeyField('models.User', source_field='created_by_id', db_constraint=True, to_field='id', related_name='minted_single_use_links', on_delete=OnDelete.RESTRICT)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('token_hash', fields.CharField(unique=True, max_length=64)),
                ('token_prefix', fields.CharField(max_length=16)),
                ('label', fields.CharField(default='', max_length=200)),
                ('expires_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('max_uses', fields.IntField(default=1)),
                ('uses', fields.IntField(default=0)),
                ('invitee_name', fields.CharField(null=True, max_length=200)),
                ('invitee_email', fields.CharField(null=True, max_length=320)),
                ('skip_form', fields.BooleanField(default=False)),
                ('lock_to_invitee', fields.BooleanField(default=False)),
                ('metadata', fields.JSONField(default=dict, encoder=JSON_DUMPS, decoder=loads)),
                ('revoked_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'single_use_links', 'app': 'models', 'pk_attr': 'id'},
            bases=['Model'],
        ),
    ]
