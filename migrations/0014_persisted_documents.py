from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise import fields
from tortoise.indexes import Index


class Migration(migrations.Migration):
    dependencies = [('models', '0013_event_links')]

    initial = False

    operations = [
        ops.CreateModel(
            name='PersistedDocument',
            fields=[
                ('sha256', fields.CharField(max_length=64, primary_key=True, unique=True, db_index=True)),
                ('document', fields.TextField()),
                ('last_used_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'persisted_documents', 'app': 'models', 'pk_attr': 'sha256'},
            bases=['Model'],
        ),
        ops.AddIndex(
            model_name='PersistedDocument',
            index=Index(fields=['last_used_at']),
        ),
    ]
