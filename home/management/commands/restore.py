"""`manage.py restore <folder>`: a backup back into an empty database and media folders."""

from django.core.management.base import BaseCommand, CommandError

from home.backup import BackupError, read_manifest, restore_backup, summary


class Command(BaseCommand):
    help = "Restore a backup folder into an empty database and empty media folders."

    def add_arguments(self, parser):
        parser.add_argument("backup", help="The backup folder (ruko-YYYYMMDD-HHMMSS).")
        parser.add_argument(
            "--check", action="store_true", help="Only check the backup's checksums."
        )

    def handle(self, *, backup, check, **options):
        try:
            manifest = read_manifest(backup) if check else restore_backup(backup)
        except BackupError as error:
            raise CommandError(str(error)) from error
        verb = "Checked" if check else "Restored"
        self.stdout.write(f"{verb} {backup}: {summary(manifest)}")
