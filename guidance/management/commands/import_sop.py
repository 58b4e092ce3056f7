"""manage.py import_sop FILE.xlsx [--parent SLUG]: a draft SOP from an Excel workbook.

Reads the layout documented in docs/guidance.md. Every cell that cannot be read is reported with
its sheet and row, and then nothing is created."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from guidance.models import GuidanceIndexPage
from guidance.services import sop_import
from guidance.sop_excel import read_workbook


class Command(BaseCommand):
    help = "Create a draft SOP from an Excel workbook (sheet Identitas plus one per procedure)."

    def add_arguments(self, parser):
        parser.add_argument("file", help="the .xlsx workbook")
        parser.add_argument(
            "--parent", default=None, help="slug of the guidance index (default: the only one)"
        )

    def handle(self, *args, file, parent, **options):
        parents = GuidanceIndexPage.objects.all()
        if parent:
            parents = parents.filter(slug=parent)
        parent_page = parents.first()
        if parent_page is None:
            raise CommandError(_("There is no guidance index with the slug “%s”.") % parent)
        try:
            with open(file, "rb") as handle:
                document, errors = read_workbook(handle)
        except OSError as error:
            raise CommandError(str(error)) from error
        if errors:
            for error in errors:
                self.stderr.write(str(error))
            raise CommandError(
                _("%(count)d problem(s) found; no SOP was created.") % {"count": len(errors)}
            )
        page = sop_import(document=document, parent=parent_page)
        self.stdout.write(
            _("Draft SOP “%(title)s” created (page %(id)d); publish it through the workflow.")
            % {"title": page.title, "id": page.pk}
        )
