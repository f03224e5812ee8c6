from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('models', '0004_refused_attempts')]

    initial = False

    operations = [
        ops.CreateModel(
            name='RateLimitCounter',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('bucket', fields.CharField(max_length=200)),
                ('window_start', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('count', fields.IntField(default=0)),
            ],
            options={'table': 'rate_limit_counters', 'app': 'models', 'unique_together': (('bucket', 'window_start'),), 'pk_attr': 'id'},
            bases=['Model'],
        ),
    ]
