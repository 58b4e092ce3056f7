import importlib

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction


class Command(BaseCommand):
    help = "Load demo accounts and content (development only; safe to run again)."

    def handle(self, *args, **options):
        if not settings.DEMO_DATA_ALLOWED:
            raise CommandError("Demo data is disabled in these settings (DEMO_DATA_ALLOWED=False).")
        # Each app may ship a `demo` module with a `load()`; apps load in INSTALLED_APPS order so
        # content can build on reference data and accounts from the apps before it.
        with transaction.atomic():
            for config in apps.get_app_configs():
                try:
                    module = importlib.import_module(f"{config.name}.demo")
                except ModuleNotFoundError as error:
                    if error.name != f"{config.name}.demo":
                        raise
                    continue
                module.load()
                self.stdout.write(f"Demo content loaded: {config.label}")
