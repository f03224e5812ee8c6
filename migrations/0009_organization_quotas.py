from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('models', '0008_children_page_index')]

    initial = False

    operations = [
        ops.AddField(
            model_name='Organization',
            name='links_created',
            field=fields.IntField(default=0, db_default=0),
        ),
        ops.AddField(
            model_name='Organization',
            name='single_use_links_minted',
            field=fields.BigIntField(default=0, db_default=0),
        ),
        # The counters start at what each organization already holds.
        ops.RunSQL(
            "UPDATE organizations SET links_created = "
            "(SELECT COUNT(*) FROM links l WHERE l.organization_id = organizations.id), "
            "single_use_links_minted = (SELECT COUNT(*) FROM single_use_links c "
            "JOIN links l ON l.id = c.link_id WHERE l.organization_id = organizations.id)",
            reverse_sql="",
        ),
    ]
