from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('models', '0006_webhooks')]

    initial = False

    operations = [
        ops.AddIndex(
            model_name='Booking',
            index=Index(fields=['manage_token_prefix']),
        ),
        ops.AddIndex(
            model_name='SingleUseLink',
            index=Index(fields=['token_prefix']),
        ),
    ]
