"""Sales imports from the web: upload, preview with the detected mapping, import, roll back."""

from __future__ import annotations

import hashlib
import itertools
import tempfile
from pathlib import Path
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from firstchoice.sales import actions, tasks
from firstchoice.sales.forms import MasterForm, StartForm, UploadForm
from firstchoice.sales.importer import (
    NO_INVOICE_NUMBERS,
    ImportOptions,
    ImportRefused,
    covered_months,
)
from firstchoice.sales.master import import_customers
from firstchoice.sales.models import ImportBatch
from firstchoice.sales.parsing.dates import detect_day_first
from firstchoice.sales.parsing.encoding import LABELS, AmbiguousEncoding, label
from firstchoice.sales.parsing.errors import MappingError, RowError
from firstchoice.sales.parsing.headers import CANONICAL, REQUIRED, detect_mapping
from firstchoice.sales.parsing.readers import open_table
from firstchoice.sales.parsing.rows import parse_row
from firstchoice.sales.queries import lines_in_months
from firstchoice.teams.http import user_of
from firstchoice.teams.models import User

PREVIEW_ROWS = 10


def _admin(request: HttpRequest) -> User:
    """Imports change company-wide figures: administrators only (others see nothing)."""
    user = user_of(request)
    if not user.is_administrator:
        raise Http404("No such page")
    return user


def _batch(request: HttpRequest, batch_id: int) -> ImportBatch:
    _admin(request)
    batch = (
        ImportBatch.objects.select_related("imported_by", "rolled_back_by")
        .filter(pk=batch_id)
        .first()
    )
    if batch is None:
        raise Http404("No such import")
    return batch


def _list_page(request: HttpRequest, **context: Any) -> dict[str, Any]:
    page = Paginator(ImportBatch.objects.select_related("imported_by"), 25).get_page(
        request.GET.get("page")
    )
    return {"page": page, "form": UploadForm(), "master_form": MasterForm(), **context}


@login_required
@require_GET
def import_list(request: HttpRequest) -> HttpResponse:
    _admin(request)
    return render(request, "sales/imports.html", _list_page(request))


@login_required
@require_POST
def customers_upload(request: HttpRequest) -> HttpResponse:
    """The customer master, imported at once (a master is thousands of rows, not millions)."""
    user = _admin(request)
    form = MasterForm(request.POST, request.FILES)
    if not form.is_valid():
        context = _list_page(request, master_form=form)
        return render(request, "sales/imports.html", context, status=422)
    upload = form.cleaned_data["file"]
    suffix = Path(upload.name).suffix.lower()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"master{suffix}"
        with open(path, "wb") as target:
            for block in upload.chunks():
                target.write(block)
        try:
            result = import_customers(
                path,
                actor=user,
                encoding=form.cleaned_data["encoding"] or None,
                dry_run=form.cleaned_data["dry_run"],
            )
        except ImportRefused as exc:
            context = _list_page(request, master_form=form, master_refused=exc)
            return render(request, "sales/imports.html", context, status=422)
    context = _list_page(request, master_result=result, master_file=upload.name)
    return render(request, "sales/imports.html", context)


@login_required
@require_POST
def upload(request: HttpRequest) -> HttpResponse:
    user = _admin(request)
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return render(request, "sales/imports.html", _list_page(request, form=form), status=422)
    upload = form.cleaned_data["file"]
    digest = hashlib.sha256()
    batch = actions.create_batch(actor=user, file_name=upload.name)
    with open(tasks.upload_path(batch), "wb") as target:
        for block in upload.chunks():
            digest.update(block)
            target.write(block)
    actions.set_batch_checksum(batch=batch, checksum=digest.hexdigest())
    return redirect("import", batch_id=batch.pk)


def _overrides(request: HttpRequest, header: list[str]) -> dict[str, str]:
    """Field → column choices from the preview form, as ERP column → field overrides."""
    chosen = {}
    for name in CANONICAL:
        column = request.GET.get(f"map_{name}") or request.POST.get(f"map_{name}")
        if column and column in header:
            chosen[column] = name
    return chosen


def _preview(request: HttpRequest, batch: ImportBatch) -> dict[str, Any]:
    path = tasks.upload_path(batch)
    if not path.exists():
        return {"preview_error": _("The uploaded file is gone; upload it again.")}
    sheet = request.GET.get("sheet") or None
    chosen = request.GET.get("encoding") or None
    if chosen not in LABELS:
        chosen = None
    try:
        with open_table(path, sheet=sheet, encoding=chosen) as table:
            header = table.header
            overrides = _overrides(request, header)
            context: dict[str, Any] = {
                "header": header,
                "format": table.format,
                "encoding": label(table.encoding) if table.encoding else None,
                "encoding_chosen": chosen or "",
                "encodings": LABELS,
                "delimiter": {"\t": "TAB"}.get(table.delimiter or "", table.delimiter),
                "fields": CANONICAL,
                "required": REQUIRED,
                "overrides": overrides,
            }
            try:
                mapping = detect_mapping(header, overrides)
            except MappingError as exc:
                context["mapping_error"] = str(exc)
                mapping = {}
            context["mapping"] = {name: header[i] for name, i in mapping.items()}
            context["columns"] = [
                (column, [name for name, i in mapping.items() if i == index])
                for index, column in enumerate(header)
            ]
            context["no_invoice_numbers"] = bool(mapping) and "invoice_no" not in mapping
            rows = list(itertools.islice(table.rows(), PREVIEW_ROWS))
    except AmbiguousEncoding as exc:
        return {
            "preview_error": str(exc),
            "encodings": LABELS,
            "encoding_candidates": [label(c) for c in exc.candidates],
        }
    except (ValueError, OSError) as exc:
        return {"preview_error": str(exc), "encodings": LABELS}
    day_first = None
    if mapping:
        index = mapping["invoice_date"]
        day_first = detect_day_first(c[index] for _n, c in rows if index < len(c))
        context["parsed"] = [
            (
                number,
                cells,
                _row_errors(cells, mapping, header, number, day_first),
            )
            for number, cells in rows
        ]
    context["day_first"] = day_first
    context["replace"] = request.GET.get("replace") == "1"
    if mapping and context["replace"]:
        options = ImportOptions(sheet=sheet, encoding=chosen, day_first=day_first)
        try:
            months = covered_months(path, options, mapping, day_first)
        except (ValueError, OSError) as exc:
            return {"preview_error": str(exc), "encodings": LABELS}
        context["covered"] = sorted(f"{m:%Y-%m}" for m in months)
        context["replaces"] = lines_in_months(months)
    return context


def _row_errors(
    cells: list[object],
    mapping: dict[str, int],
    header: list[str],
    row: int,
    day_first: bool | None,
) -> list[RowError]:
    result = parse_row(cells, mapping, header, row=row, day_first=day_first)
    return result if isinstance(result, list) else []


@login_required
@require_GET
def import_detail(request: HttpRequest, batch_id: int) -> HttpResponse:
    batch = _batch(request, batch_id)
    context: dict[str, Any] = {"batch": batch, "progress": tasks.watch(batch)}
    if batch.status in (ImportBatch.Status.PENDING, ImportBatch.Status.FAILED):
        context |= _preview(request, batch)
        context["start_form"] = StartForm(
            initial={
                "sheet": request.GET.get("sheet", ""),
                "encoding": context.get("encoding_chosen", ""),
                "replace_period": context.get("replace", False),
            }
        )
        context["earlier"] = (
            ImportBatch.objects.filter(checksum=batch.checksum, status=ImportBatch.Status.DONE)
            .exclude(pk=batch.pk)
            .first()
        )
    if request.headers.get("HX-Request") == "true":
        return render(request, "sales/_status.html", context)
    return render(request, "sales/import.html", context)


@login_required
@require_POST
def import_start(request: HttpRequest, batch_id: int) -> HttpResponse:
    batch = _batch(request, batch_id)
    user = _admin(request)
    if batch.status in (ImportBatch.Status.QUEUED, ImportBatch.Status.RUNNING):
        messages.error(request, _("This import has already started."))
        return redirect("import", batch_id=batch.pk)
    if batch.status not in (ImportBatch.Status.PENDING, ImportBatch.Status.FAILED):
        messages.error(request, _("This import has already run."))
        return redirect("import", batch_id=batch.pk)
    form = StartForm(request.POST)
    if not form.is_valid():
        return redirect("import", batch_id=batch.pk)
    header: list[str] = []
    encoding = form.cleaned_data["encoding"] or None
    try:
        with open_table(
            tasks.upload_path(batch), sheet=form.cleaned_data["sheet"] or None, encoding=encoding
        ) as table:
            header = table.header
    except (ValueError, OSError) as exc:
        messages.error(request, str(exc))
        return redirect("import", batch_id=batch.pk)
    overrides = _overrides(request, header)
    try:
        mapped = detect_mapping(header, overrides)
    except MappingError:
        mapped = {"invoice_no": -1}  # the job fails with the reason, shown on the page
    if (
        "invoice_no" not in mapped
        and not form.cleaned_data["without_invoice_numbers"]
        and not form.cleaned_data["replace_period"]
    ):
        messages.error(request, str(NO_INVOICE_NUMBERS))
        return redirect("import", batch_id=batch.pk)
    options = ImportOptions(
        overrides=overrides,
        sheet=form.cleaned_data["sheet"] or None,
        encoding=encoding,
        replace_period=form.cleaned_data["replace_period"],
        without_invoice_numbers=form.cleaned_data["without_invoice_numbers"],
        day_first=form.day_first,
        force=form.cleaned_data["force"],
        rejects_path=tasks.upload_dir() / f"rejects-{batch.pk}.csv"
        if form.cleaned_data["skip_invalid"]
        else None,
    )
    if not tasks.start(batch, user, options):  # a second click, or another tab
        messages.error(request, _("This import has already started."))
    return redirect("import", batch_id=batch.pk)


@login_required
@require_POST
def import_rollback(request: HttpRequest, batch_id: int) -> HttpResponse:
    batch = _batch(request, batch_id)
    try:
        removed = actions.rollback_batch(actor=_admin(request), batch=batch)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            _("Import #%(id)d rolled back: %(n)s lines removed.")
            % {"id": batch.pk, "n": f"{removed:,}"},
        )
    return redirect("import", batch_id=batch.pk)


@login_required
@require_GET
def import_rejects(request: HttpRequest, batch_id: int) -> FileResponse:
    batch = _batch(request, batch_id)
    path = tasks.upload_dir() / f"rejects-{batch.pk}.csv"
    if not path.exists():
        raise Http404("No rejected rows")
    return FileResponse(open(path, "rb"), as_attachment=True, filename=f"rejects-{batch.pk}.csv")
