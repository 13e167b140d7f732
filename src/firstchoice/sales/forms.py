from __future__ import annotations

from pathlib import Path

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

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


class StartForm(forms.Form):
    DATE_ORDER = [
        ("", _("detect")),
        ("day", _("day first (31/01/2026)")),
        ("month", _("month first (01/31/2026)")),
    ]

    sheet = forms.CharField(required=False, max_length=100, label=_("Sheet"))
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
