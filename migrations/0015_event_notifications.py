from tortoise import migrations
from tortoise.migrations import operations as ops

# Live updates wake on this: NOTIFY is delivered at commit, and not at all after a rollback.
POSTGRES_NOTIFY = """
CREATE OR REPLACE FUNCTION slotlink_notify_events() RETURNS trigger AS $$
BEGIN
    PERFORM pg_notify('slotlink_events', '');
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER webhook_events_notify AFTER INSERT ON webhook_events
FOR EACH STATEMENT EXECUTE FUNCTION slotlink_notify_events();
"""


async def notify_on_events(apps, schema_editor) -> None:
    # SQLite has no notifications: its readers poll.
    if schema_editor.DIALECT == "postgres":
        await schema_editor.client.execute_script(POSTGRES_NOTIFY)


class Migration(migrations.Migration):
    dependencies = [('models', '0014_persisted_documents')]

    initial = False

    operations = [
        ops.RunPython(notify_on_events, reverse_code=ops.RunPython.noop),
    ]
