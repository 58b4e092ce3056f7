"""The tables of the shared database cache (production without CACHE_URL, see
portal/settings/production.py), created by `migrate` so that no extra step can be forgotten."""

from django.core.management.commands.createcachetable import Command as CreateCacheTable
from django.db import migrations

TABLES = ("portal_cache", "portal_page_cache")


def create_tables(apps, schema_editor):
    command = CreateCacheTable()
    command.verbosity = 0
    for table in TABLES:
        command.create_table(schema_editor.connection.alias, table, dry_run=False)


def drop_tables(apps, schema_editor):
    for table in TABLES:
        schema_editor.execute(f"DROP TABLE IF EXISTS {schema_editor.quote_name(table)}")


class Migration(migrations.Migration):
    dependencies = [("home", "0003_sitesettings_logo")]

    operations = [migrations.RunPython(create_tables, drop_tables)]
