from tortoise import migrations
from tortoise.migrations import operations as ops
from models.db.tables import ActorKind, BookingEventKind, BookingStatus
from orjson import loads
from tortoise.fields.base import OnDelete
from tortoise.fields.data import JSON_DUMPS
from tortoise import fields
from tortoise.indexes import Index

# No two confirmed bookings of one host may overlap, whichever links they came through. The
# domain checks it inside the booking transaction; the database refuses it regardless.
POSTGRES_NO_OVERLAP = """
CREATE EXTENSION IF NOT EXISTS btree_gist;
ALTER TABLE booking_hosts ADD CONSTRAINT booking_hosts_no_overlap
    EXCLUDE USING gist (user_id WITH =, tstzrange(start_at, end_at, '[)') WITH &&)
    WHERE (active);
"""

_SQLITE_OVERLAP_CHECK = """
BEGIN
    SELECT RAISE(ABORT, 'booking_hosts_no_overlap')
    WHERE EXISTS (
        SELECT 1 FROM booking_hosts AS other
        WHERE other.user_id = NEW.user_id AND other.active AND other.id IS NOT NEW.id
          AND julianday(other.start_at) < julianday(NEW.end_at)
          AND julianday(other.end_at) > julianday(NEW.start_at)
    );
END;
"""
SQLITE_NO_OVERLAP = (
    "CREATE TRIGGER booking_hosts_no_overlap_insert BEFORE INSERT ON booking_hosts "
    "WHEN NEW.active" + _SQLITE_OVERLAP_CHECK
    + "CREATE TRIGGER booking_hosts_no_overlap_update "
    "BEFORE UPDATE OF user_id, start_at, end_at, active ON booking_hosts "
    "WHEN NEW.active" + _SQLITE_OVERLAP_CHECK
)


async def forbid_overlapping_bookings(apps, schema_editor) -> None:
    if schema_editor.DIALECT == "postgres":
        await schema_editor.client.execute_script(POSTGRES_NO_OVERLAP)
    elif schema_editor.DIALECT == "sqlite":
        await schema_editor.client.execute_script(SQLITE_NO_OVERLAP)
    else:
        raise RuntimeError(f"no overlap guard written for {schema_editor.DIALECT}")


class Migration(migrations.Migration):
    dependencies = [('models', '0002_links')]

    initial = False

    operations = [
        ops.CreateModel(
            name='Booking',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('organization', fields.ForeignKeyField('models.Organization', source_field='organization_id', db_constraint=True, to_field='id', related_name='bookings', on_delete=OnDelete.CASCADE)),
                ('link', fields.ForeignKeyField('models.Link', source_field='link_id', db_constraint=True, to_field='id', related_name='bookings', on_delete=OnDelete.RESTRICT)),
                ('single_use_link', fields.ForeignKeyField('models.SingleUseLink', source_field='single_use_link_id', null=True, db_constraint=True, to_field='id', related_name='bookings', on_delete=OnDelete.RESTRICT)),
                ('start_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('end_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('invitee_name', fields.CharField(max_length=200)),
                ('invitee_email', fields.CharField(max_length=320)),
                ('invitee_time_zone', fields.CharField(max_length=64)),
                ('notes', fields.TextField(default='', unique=False)),
                ('metadata', fields.JSONField(default=dict, encoder=JSON_DUMPS, decoder=loads)),
                ('status', fields.CharEnumField(default=BookingStatus.CONFIRMED, description='CONFIRMED: CONFIRMED\nCANCELLED: CANCELLED', enum_type=BookingStatus, max_length=16)),
                ('manage_token_hash', fields.CharField(unique=True, max_length=64)),
                ('manage_token_prefix', fields.CharField(max_length=16)),
                ('reschedule_count', fields.IntField(default=0)),
                ('cancelled_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('cancel_reason', fields.TextField(default='', unique=False)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={'table': 'bookings', 'app': 'models', 'indexes': [Index(fields=['organization_id', 'start_at'])], 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='BookingEvent',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('booking', fields.ForeignKeyField('models.Booking', source_field='booking_id', db_constraint=True, to_field='id', related_name='events', on_delete=OnDelete.CASCADE)),
                ('kind', fields.CharEnumField(description='BOOKED: BOOKED\nRESCHEDULED: RESCHEDULED\nCANCELLED: CANCELLED', enum_type=BookingEventKind, max_length=16)),
                ('actor_kind', fields.CharEnumField(description='INVITEE: INVITEE\nUSER: USER', enum_type=ActorKind, max_length=16)),
                ('actor_user', fields.ForeignKeyField('models.User', source_field='actor_user_id', null=True, db_constraint=True, to_field='id', related_name='booking_events', on_delete=OnDelete.SET_NULL)),
                ('occurred_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('previous_start_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('previous_end_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('reason', fields.TextField(default='', unique=False)),
            ],
            options={'table': 'booking_events', 'app': 'models', 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='BookingHost',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('booking', fields.ForeignKeyField('models.Booking', source_field='booking_id', db_constraint=True, to_field='id', related_name='host_rows', on_delete=OnDelete.CASCADE)),
                ('user', fields.ForeignKeyField('models.User', source_field='user_id', db_constraint=True, to_field='id', related_name='booking_rows', on_delete=OnDelete.RESTRICT)),
                ('start_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('end_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('blocked_start', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('blocked_end', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('active', fields.BooleanField(default=True)),
            ],
            options={'table': 'booking_hosts', 'app': 'models', 'unique_together': (('booking', 'user'),), 'indexes': [Index(fields=['user_id', 'start_at'])], 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='DateOverride',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('user', fields.ForeignKeyField('models.User', source_field='user_id', db_constraint=True, to_field='id', related_name='date_overrides', on_delete=OnDelete.CASCADE)),
                ('date', fields.DateField()),
                ('ranges', fields.JSONField(default=list, encoder=JSON_DUMPS, decoder=loads)),
            ],
            options={'table': 'date_overrides', 'app': 'models', 'unique_together': (('user', 'date'),), 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='IdempotencyRecord',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('scope_hash', fields.CharField(max_length=64)),
                ('key_hash', fields.CharField(max_length=64)),
                ('request_hash', fields.CharField(max_length=64)),
                ('booking', fields.ForeignKeyField('models.Booking', source_field='booking_id', db_constraint=True, to_field='id', related_name='idempotency_records', on_delete=OnDelete.CASCADE)),
                ('sealed_manage_token', fields.CharField(max_length=200)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'idempotency_records', 'app': 'models', 'unique_together': (('scope_hash', 'key_hash'),), 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.AddField(
            model_name='User',
            name='booking_sequence',
            field=fields.BigIntField(default=0, db_default=0),
        ),
        ops.RunPython(forbid_overlapping_bookings),
    ]
