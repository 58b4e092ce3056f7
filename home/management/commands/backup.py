"""`manage.py backup`: database dump, public and private media, manifest of checksums."""

import os

from django.core.management.base import BaseCommand, CommandError

from home.backup import BackupError, make_backup, read_manifest, summary


class Command(BaseCommand):
    help = "Write a backup (database, media, private media, checksums) into a new folder."

    def add_arguments(self, parser):
        parser.add_argument(
            "--to",
            default=os.environ.get("BACKUP_DIR", "backups"),
            help="Folder that receives the backup folders (default: $BACKUP_DIR or backups/).",
        )
        parser.add_argument(
            "--keep",
            type=int,
            default=int(os.environ.get("BACKUP_KEEP", "0")),
            help="Keep only this many newest backups in the folder (default: $BACKUP_KEEP, "
            "0 keeps all).",
        )

    def handle(self, *, to, keep, **options):
        try:
            target = make_backup(to, keep=keep or None)
            manifest = read_manifest(target)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"{target}\n{summary(manifest)}")
