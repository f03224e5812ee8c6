import base64

import orjson
from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise import fields
from tortoise.indexes import Index

BATCH = 1000


def _link_id(payload: str) -> int | None:
    link = orjson.loads(payload).get("data", {}).get("link") or {}
    type_name, _, pk = base64.b64decode(link.get("id", "")).decode().partition(":")
    return int(pk) if type_name == "Link" and pk.isdigit() else None


async def fill_link_ids(apps, schema_editor) -> None:
    """Every event names its link in its payload; the column makes it a filter."""
    client = schema_editor.client
    postgres = client.capabilities.dialect == "postgres"
    select = (
        "SELECT id, payload FROM webhook_events WHERE id > $1 ORDER BY id LIMIT $2"
        if postgres
        else "SELECT id, payload FROM webhook_events WHERE id > ? ORDER BY id LIMIT ?"
    )
    update = (
        "UPDATE webhook_events SET link_id = $1 WHERE id = $2"
        if postgres
        else "UPDATE webhook_events SET link_id = ? WHERE id = ?"
    )
    last = 0
    while True:
        rows = await client.execute_query_dict(select, [last, BATCH])
        if not rows:
            return
        pairs = [[_link_id(row["payload"]), row["id"]] for row in rows]
        await client.execute_many(update, [pair for pair in pairs if pair[0] is not None])
        last = rows[-1]["id"]


class Migration(migrations.Migration):
    dependencies = [('models', '0012_change_policy')]

    initial = False

    operations = [
        ops.AddField(
            model_name='WebhookEvent',
            name='link_id',
            field=fields.IntField(null=True),
        ),
        ops.RunPython(fill_link_ids, reverse_code=ops.RunPython.noop),
        ops.AddIndex(
            model_name='WebhookEvent',
            index=Index(fields=['organization_id', 'id']),
        ),
        ops.AddIndex(
            model_name='WebhookEvent',
            index=Index(fields=['link_id', 'id']),
        ),
    ]
