from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from home.villages import DEFAULT_FILE, PARINGIN_SELATAN, import_villages


class Command(BaseCommand):
    help = "Import or update a kecamatan's villages from a Kemendagri region-code CSV file."

    def add_arguments(self, parser):
        parser.add_argument(
            "--file",
            type=Path,
            default=DEFAULT_FILE,
            help="CSV with kode,nama or kode_kemendagri,nama_kemendagri columns.",
        )
        parser.add_argument(
            "--kecamatan",
            default=PARINGIN_SELATAN,
            help="Kemendagri code of the kecamatan, e.g. 63.11.07.",
        )

    def handle(self, *args, file, kecamatan, **options):
        if not file.exists():
            raise CommandError(f"File not found: {file}")
        try:
            created, updated, seen = import_villages(path=file, kecamatan_code=kecamatan)
        except ValueError as error:
            raise CommandError(str(error)) from error
        if not seen:
            raise CommandError(f"No villages for kecamatan {kecamatan} in {file}")
        self.stdout.write(f"Villages: {created} created, {updated} updated, {seen} in the file.")
