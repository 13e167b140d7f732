from __future__ import annotations

from pathlib import Path

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from firstchoice.sales.parsing.encoding import LABELS

ALLOWED_SUFFIXES = (".csv", ".txt", ".tsv", ".xlsx", ".xlsm")


class UploadForm(forms.Form):
    file = forms.FileField(label=_("ERP export (CSV or XLSX)"))

    def clean_file(self) -> UploadedFile:
        upload = self.cleaned_data["file"]
        if Path(upload.name).suffix.lower() not in ALLOWED_SUFFIXES:
            raise forms.ValidationError(
                _("Upload a CSV or XLSX file (%(allowed)s).")
                % {"allowed": ", ".join(ALLOWED_SUFFIXES)}
            )
        return upload


class MasterForm(UploadForm):
    file = forms.FileField(label=_("Customer master (CSV or XLSX)"))
    encoding = forms.ChoiceField(
        choices=[("", _("detect")), *LABELS.items()], required=False, label=_("Text encoding")
    )
    dry_run = forms.BooleanField(required=False, label=_("Check only, change nothing"))


class StartForm(forms.Form):
    DATE_ORDER = [
        ("", _("detect")),
        ("day", _("day first (31/01/2026)")),
        ("month", _("month first (01/31/2026)")),
    ]

    ENCODINGS = [("", _("detect")), *LABELS.items()]

    sheet = forms.CharField(required=False, max_length=100, label=_("Sheet"))
    encoding = forms.ChoiceField(choices=ENCODINGS, required=False, label=_("Text encoding"))
    replace_period = forms.BooleanField(
        required=False,
        label=_(
            "Replace the months the file covers (a re-export of last month or the year to "
            "date): their lines are taken out and the file's come in; rolling back restores them"
        ),
    )
    without_invoice_numbers = forms.BooleanField(
        required=False,
        label=_("Import without invoice numbers: I know repeated lines cannot be detected"),
    )
    date_order = forms.ChoiceField(choices=DATE_ORDER, required=False, label=_("Dates"))
    skip_invalid = forms.BooleanField(
        required=False, label=_("Import the valid rows and set the invalid ones aside")
    )
    force = forms.BooleanField(
        required=False, label=_("Import even if this file was imported before")
    )

    @property
    def day_first(self) -> bool | None:
        return {"day": True, "month": False}.get(self.cleaned_data.get("date_order") or "")
