"""Staff screens for SOP spreadsheets: “Impor SOP dari Excel”, the template and the export.

Import creates a draft only (the moderation workflow publishes it) and only for a user who may
add pages under the chosen guidance index; export reads the latest revision of an SOP the user
may edit."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, View
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from .models import GuidanceIndexPage, SopPage
from .services import sop_import
from .sop_excel import (
    MAX_BYTES,
    document_from_page,
    read_workbook,
    template_document,
    write_workbook,
)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def import_parents(user):
    """The guidance indexes under which the user may add an SOP."""
    return [
        index
        for index in GuidanceIndexPage.objects.order_by("path")
        if index.permissions_for_user(user).can_add_subpage()
    ]


def can_import(user):
    return user.is_active and bool(import_parents(user))


def xlsx_response(content, filename):
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


class SopImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Excel workbook (.xlsx)"),
        help_text=gettext_lazy("Sheet Identitas and one sheet per procedure; at most 5 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
    )
    parent = forms.TypedChoiceField(label=gettext_lazy("Place under"), coerce=int)

    def __init__(self, *args, parents=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.parents = {index.pk: index for index in parents}
        self.fields["parent"].choices = [(index.pk, index.title) for index in parents]

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(_("The file is larger than 5 MB."))
        return upload


class SopImportView(WagtailAdminTemplateMixin, FormView):
    page_title = gettext_lazy("Import SOP from Excel")
    header_icon = "upload"
    template_name = "guidance/admin/sop_import.html"
    form_class = SopImportForm

    def dispatch(self, request, *args, **kwargs):
        self.parents = import_parents(request.user)
        if not self.parents:
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "parents": self.parents}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["template_url"] = reverse("guidance_sop_template")
        context["action_url"] = reverse("guidance_sop_import")
        context.setdefault("import_errors", [])
        return context

    def form_valid(self, form):
        document, errors = read_workbook(form.cleaned_data["file"])
        if errors:
            return self.render_to_response(
                self.get_context_data(form=form, import_errors=[str(e) for e in errors])
            )
        parent = form.parents[form.cleaned_data["parent"]]
        page = sop_import(document=document, parent=parent, by=self.request.user)
        messages.success(
            self.request,
            _("Draft SOP “%(title)s” created from the workbook. Check it, then submit it.")
            % {"title": page.title},
        )
        return redirect("wagtailadmin_pages:edit", page.pk)


class SopTemplateView(View):
    def get(self, request):
        if not can_import(request.user):
            raise PermissionDenied
        return xlsx_response(write_workbook(template_document()), "templat-sop.xlsx")


class SopExportView(View):
    def get(self, request, page_id):
        page = get_object_or_404(SopPage, pk=page_id)
        if not page.permissions_for_user(request.user).can_edit():
            raise PermissionDenied
        latest = page.get_latest_revision_as_object()
        return xlsx_response(write_workbook(document_from_page(latest)), f"{page.slug}.xlsx")
