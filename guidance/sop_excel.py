"""SOPs to and from Excel workbooks, in the layout offices already keep them in.

Layout (documented in docs/guidance.md):
- sheet ``Identitas``: column A a label, column B its value; labels are matched without regard
  to case, spacing and punctuation. List fields hold one item per line of the cell; the kop
  (``Instansi``) one line per level.
- every other sheet is one procedure, titled by the sheet name. Row 1: ``No``,
  ``Uraian Kegiatan``, one column per actor (its header is the actor's name), ``Kelengkapan``,
  ``Waktu``, ``Output``, ``Keterangan``, optionally ``Jika Ya`` and ``Jika Tidak``. Each later
  row is a step: in the column of each actor who performs it, ``mulai``, ``proses``,
  ``keputusan`` or ``selesai``.

``read_workbook`` returns an ``SopDocument`` and the list of every cell it could not read, with
sheet and row; it also applies ``sop_rules``, so a document without errors can be saved as it
is. ``write_workbook`` writes the same layout, so export then import gives an equal document.
"""

import datetime
import io
import re
import zipfile
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException

from .sop_rules import (
    DECISION,
    END,
    IDENTITY_SHEET,
    PROCESS,
    START,
    ProcedureData,
    StepData,
    key,
    procedure_problems,
)
from .sop_values import format_nip, format_partial_date, parse_duration, parse_nip
from .sop_values import parse_partial_date as _parse_date

MAX_ROWS = 500
MAX_BYTES = 5 * 1024 * 1024

# (field, label as written in the workbook, kind)
IDENTITY_FIELDS = [
    ("agency", "Instansi", "lines"),
    ("sop_number", "Nomor SOP", "text"),
    ("date_made", "Tanggal Pembuatan", "date"),
    ("date_revised", "Tanggal Revisi", "date"),
    ("date_effective", "Tanggal Efektif", "date"),
    ("approver_position", "Disahkan Oleh", "text"),
    ("approver_name", "Nama", "text"),
    ("approver_nip", "NIP", "nip"),
    ("title", "Nama SOP", "text"),
    ("legal_basis", "Dasar Hukum", "lines"),
    ("qualifications", "Kualifikasi Pelaksana", "lines"),
    ("related_sops", "Keterkaitan", "lines"),
    ("equipment", "Peralatan/Perlengkapan", "lines"),
    ("warnings", "Peringatan", "lines"),
    ("records", "Pencatatan dan Pendataan", "lines"),
    ("summary", "Ringkasan", "text"),  # optional; the portal's one-line summary
]
REQUIRED_IDENTITY = ("title", "approver_position", "legal_basis")
TEXT_LIMITS = {"sop_number": 100, "approver_position": 150, "approver_name": 150, "title": 255}
SUMMARY_LIMIT = 300

SYMBOL_WORDS = {"mulai": START, "proses": PROCESS, "keputusan": DECISION, "selesai": END}
KIND_WORDS = {kind: word for word, kind in SYMBOL_WORDS.items()}
LEADING = ["No", "Uraian Kegiatan"]
TRAILING = ["Kelengkapan", "Waktu", "Output", "Keterangan"]
BRANCHES = ["Jika Ya", "Jika Tidak"]


def label_key(text):
    """Labels match without regard to case, spacing and punctuation."""
    return re.sub(r"[\W_]+", "", str(text or "")).casefold()


_IDENTITY_BY_LABEL = {label_key(label): (name, kind) for name, label, kind in IDENTITY_FIELDS}


@dataclass
class SopDocument:
    identity: dict
    actors: list
    procedures: list = field(default_factory=list)


@dataclass
class CellError:
    sheet: str
    row: int | None
    message: str
    column: str = ""

    def __str__(self):
        where = _("sheet “%(sheet)s”") % {"sheet": self.sheet}
        if self.row:
            where += ", " + _("row %(row)d") % {"row": self.row}
        if self.column:
            where += ", " + _("column %(column)s") % {"column": self.column}
        return f"{where}: {self.message}"


def _text(value):
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return "\n".join(line.strip() for line in str(value).strip().splitlines()).strip()


def _lines(value):
    return "\n".join(line for line in _text(value).splitlines() if line)


def _cell_date(cell):
    value = cell.value
    if isinstance(value, datetime.datetime | datetime.date):
        # A date cell formatted without its day ("mmmm yyyy") means the month only.
        iso = _parse_date(value)
        if "d" not in (cell.number_format or "").lower():
            return iso[:7]
        return iso
    return _parse_date(_text(value))


def _cell_nip(value):
    if isinstance(value, float):
        raise ValueError(
            _(
                "Excel stored this NIP as a number and lost digits; format the cell as text "
                "and type it again."
            )
        )
    return parse_nip(_text(value))


def _message(error):
    messages = getattr(error, "messages", None)
    return " ".join(messages) if messages else str(error)


def _read_identity(sheet, errors):
    identity = {}
    rows = sheet.iter_rows(min_row=1, max_col=2, max_row=MAX_ROWS + 1)
    for number, (label_cell, value_cell) in enumerate(_pairs(rows), start=1):
        label, value = label_cell.value, value_cell.value if value_cell is not None else None
        if number > MAX_ROWS:
            errors.append(CellError(sheet.title, number, _("Too many rows.")))
            break
        if label in (None, "") and value in (None, ""):
            continue
        found = _IDENTITY_BY_LABEL.get(label_key(label))
        if found is None:
            known = ", ".join(lbl for _n, lbl, _k in IDENTITY_FIELDS)
            errors.append(
                CellError(
                    sheet.title,
                    number,
                    _("Unknown label “%(label)s”. The labels are: %(known)s.")
                    % {"label": _text(label), "known": known},
                    "A",
                )
            )
            continue
        name, kind = found
        if name in identity:
            errors.append(
                CellError(
                    sheet.title, number, _("“%(label)s” appears twice.") % {"label": label}, "A"
                )
            )
            continue
        try:
            if kind == "date":
                identity[name] = _cell_date(value_cell)
            elif kind == "nip":
                identity[name] = _cell_nip(value)
            elif kind == "lines":
                identity[name] = _lines(value)
            else:
                identity[name] = " ".join(_text(value).split())
        except (ValueError, TypeError, ValidationError) as error:
            errors.append(CellError(sheet.title, number, _message(error), "B"))
            continue
        limit = TEXT_LIMITS.get(name)
        if limit and len(identity[name]) > limit:
            errors.append(
                CellError(
                    sheet.title,
                    number,
                    _("At most %(limit)d characters; this has %(count)d.")
                    % {"limit": limit, "count": len(identity[name])},
                    "B",
                )
            )
    for name in REQUIRED_IDENTITY:
        if not identity.get(name):
            label = next(lbl for n, lbl, _k in IDENTITY_FIELDS if n == name)
            errors.append(
                CellError(sheet.title, None, _("“%(label)s” is missing.") % {"label": label})
            )
    return identity


def _pairs(rows):
    for row in rows:
        cells = list(row) + [None, None]
        yield cells[0], cells[1]


def _header(sheet, errors):
    """Column positions of the known headers and the actors' names, from row 1."""
    first = next(sheet.iter_rows(min_row=1, max_row=1), ())
    titles = [_text(cell.value) for cell in first]
    while titles and not titles[-1]:
        titles.pop()
    keys = [label_key(title) for title in titles]
    positions = {}
    for name in LEADING + TRAILING + BRANCHES:
        if label_key(name) in keys:
            positions[name] = keys.index(label_key(name))
    missing = [name for name in LEADING + TRAILING if name not in positions]
    if missing:
        errors.append(
            CellError(
                sheet.title,
                1,
                _("The header lacks %(columns)s. Row 1 must read: %(layout)s.")
                % {
                    "columns": ", ".join(missing),
                    "layout": "No, Uraian Kegiatan, "
                    + _("one column per actor")
                    + ", Kelengkapan, Waktu, Output, Keterangan, (Jika Ya, Jika Tidak)",
                },
            )
        )
        return None
    first_actor, after_actors = positions["Uraian Kegiatan"] + 1, positions["Kelengkapan"]
    if not (positions["No"] < positions["Uraian Kegiatan"] < after_actors):
        errors.append(
            CellError(
                sheet.title,
                1,
                _("No, Uraian Kegiatan and the actors must come before Kelengkapan."),
            )
        )
        return None
    actors = []
    for position in range(first_actor, after_actors):
        name = " ".join(titles[position].split())
        if not name:
            errors.append(
                CellError(sheet.title, 1, _("An actor column has no name."), _column(position))
            )
        elif key(name) in {key(a) for _p, a in actors}:
            errors.append(
                CellError(
                    sheet.title,
                    1,
                    _("The actor “%(name)s” has two columns.") % {"name": name},
                    _column(position),
                )
            )
        else:
            actors.append((position, name))
    if not actors:
        errors.append(
            CellError(
                sheet.title, 1, _("No actor columns between Uraian Kegiatan and Kelengkapan.")
            )
        )
    return positions, actors


def _column(position):
    return get_column_letter(position + 1)


def _step_number(value):
    text = _text(value)
    if not text:
        return None
    if not text.isdigit():
        raise ValueError(_("Write a step number, such as 3."))
    return int(text)


def _read_procedure(sheet, errors):
    header = _header(sheet, errors)
    if header is None:
        return None, [], []
    positions, actors = header
    steps, rows = [], []
    for number, row in enumerate(sheet.iter_rows(min_row=2, max_row=MAX_ROWS + 2), start=2):
        values = [cell.value for cell in row]
        if all(value in (None, "") for value in values):
            continue
        if number > MAX_ROWS + 1:
            errors.append(CellError(sheet.title, number, _("Too many rows.")))
            break
        values += [None] * (max(positions.values(), default=0) + 2 - len(values))

        def at(name, values=values):
            return values[positions[name]] if name in positions else None

        step_errors = []
        expected = len(steps) + 1
        try:
            if _step_number(at("No")) != expected:
                raise ValueError(
                    _("Steps are numbered 1, 2, 3 … in order; this one should be %(n)d.")
                    % {"n": expected}
                )
        except ValueError as error:
            step_errors.append(CellError(sheet.title, number, str(error), "No"))
        activity = _text(at("Uraian Kegiatan"))
        if not activity:
            step_errors.append(
                CellError(sheet.title, number, _("The activity is empty."), "Uraian Kegiatan")
            )
        kinds, performers = set(), []
        for position, name in actors:
            word = _text(values[position]).casefold()
            if not word:
                continue
            if word not in SYMBOL_WORDS:
                step_errors.append(
                    CellError(
                        sheet.title,
                        number,
                        _("“%(word)s” is not a symbol: write mulai, proses, keputusan or selesai.")
                        % {"word": _text(values[position])},
                        name,
                    )
                )
                continue
            kinds.add(SYMBOL_WORDS[word])
            performers.append(name)
        if len(kinds) > 1:
            step_errors.append(
                CellError(
                    sheet.title,
                    number,
                    _("Every actor of one step has the same symbol; this row mixes them."),
                )
            )
        elif not performers and not any(e.column in dict(actors).values() for e in step_errors):
            step_errors.append(
                CellError(
                    sheet.title,
                    number,
                    _("Mark at least one actor's column with mulai, proses, keputusan or selesai."),
                )
            )
        branches = {}
        for name in BRANCHES:
            try:
                branches[name] = _step_number(at(name))
            except ValueError as error:
                step_errors.append(CellError(sheet.title, number, str(error), name))
        try:
            time = parse_duration(at("Waktu"))
        except ValidationError as error:
            time = None
            step_errors.append(CellError(sheet.title, number, _message(error), "Waktu"))
        errors += step_errors
        steps.append(
            StepData(
                activity=activity,
                actors=performers,
                kind=kinds.pop() if len(kinds) == 1 else PROCESS,
                yes_step=branches.get("Jika Ya"),
                no_step=branches.get("Jika Tidak"),
                requirements=_text(at("Kelengkapan")),
                time=time,
                output=_text(at("Output")),
                remarks=_text(at("Keterangan")),
            )
        )
        rows.append(number)
    return ProcedureData(title=sheet.title, steps=steps), rows, [name for _p, name in actors]


def read_workbook(file):
    """(SopDocument or None, errors). With any error the document must not be saved."""
    errors = []
    try:
        if hasattr(file, "size") and file.size > MAX_BYTES:
            raise ValueError(_("The file is larger than 5 MB."))
        workbook = load_workbook(file, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError) as error:
        message = str(error) if isinstance(error, ValueError) and "5 MB" in str(error) else ""
        return None, [
            CellError(
                "-",
                None,
                message or _("This file is not an Excel workbook (.xlsx); save it as .xlsx."),
            )
        ]
    try:
        sheets = {key(name): name for name in workbook.sheetnames}
        if key(IDENTITY_SHEET) not in sheets:
            return None, [
                CellError(
                    IDENTITY_SHEET,
                    None,
                    _("The workbook has no sheet named “Identitas”."),
                )
            ]
        identity = _read_identity(workbook[sheets[key(IDENTITY_SHEET)]], errors)
        actors, procedures, row_numbers = [], [], []
        for name in workbook.sheetnames:
            if key(name) == key(IDENTITY_SHEET):
                continue
            procedure, rows, sheet_actors = _read_procedure(workbook[name], errors)
            if procedure is None:
                continue
            procedures.append(procedure)
            row_numbers.append(rows)
            actors += [a for a in sheet_actors if key(a) not in {key(b) for b in actors}]
        if len(workbook.sheetnames) < 2:
            errors.append(
                CellError(IDENTITY_SHEET, None, _("The workbook has no procedure sheet."))
            )
    finally:
        workbook.close()
    if errors:
        return None, errors
    for problem in procedure_problems(actors, procedures):
        if problem.procedure is None:
            errors.append(CellError(procedures[0].title if procedures else "-", 1, problem.message))
            continue
        sheet = procedures[problem.procedure].title
        if problem.step is None:
            errors.append(CellError(sheet, None, problem.message))
            continue
        column = {"yes_step": "Jika Ya", "no_step": "Jika Tidak"}.get(problem.field, "")
        errors.append(
            CellError(sheet, row_numbers[problem.procedure][problem.step], problem.message, column)
        )
    if errors:
        return None, errors
    identity.setdefault("summary", "")
    if not identity["summary"]:
        identity["summary"] = identity["title"][:SUMMARY_LIMIT]
    for name, _label, _kind in IDENTITY_FIELDS:
        identity.setdefault(name, "")
    return SopDocument(identity=identity, actors=actors, procedures=procedures), []


def document_from_page(page):
    identity = {name: getattr(page, name) or "" for name, _label, _kind in IDENTITY_FIELDS}
    return SopDocument(
        identity=identity, actors=page.actor_names, procedures=page.procedures_data()
    )


def _identity_value(name, kind, value):
    if kind == "date":
        return format_partial_date(value)
    if kind == "nip":
        return format_nip(value)
    return value


def write_workbook(document):
    """The document as .xlsx bytes, in the layout ``read_workbook`` reads."""
    workbook = Workbook()
    identity = workbook.active
    identity.title = IDENTITY_SHEET
    wrap = Alignment(wrap_text=True, vertical="top")
    bold = Font(bold=True)
    for name, label, kind in IDENTITY_FIELDS:
        value = _identity_value(name, kind, document.identity.get(name, ""))
        identity.append([label, value])
        identity.cell(identity.max_row, 1).font = bold
        identity.cell(identity.max_row, 2).alignment = wrap
        identity.cell(identity.max_row, 2).number_format = "@"
    identity.column_dimensions["A"].width = 28
    identity.column_dimensions["B"].width = 90
    for procedure in document.procedures:
        sheet = workbook.create_sheet(procedure.title)
        sheet.append([*LEADING, *document.actors, *TRAILING, *BRANCHES])
        for cell in sheet[1]:
            cell.font = bold
            cell.alignment = Alignment(wrap_text=True, horizontal="center", vertical="center")
        for number, step in enumerate(procedure.steps, start=1):
            marks = {key(name) for name in step.actors}
            sheet.append(
                [
                    number,
                    step.activity,
                    *(KIND_WORDS[step.kind] if key(a) in marks else None for a in document.actors),
                    step.requirements,
                    str(step.time) if step.time else None,
                    step.output,
                    step.remarks,
                    step.yes_step,
                    step.no_step,
                ]
            )
            for cell in sheet[sheet.max_row]:
                cell.alignment = wrap
        sheet.freeze_panes = "C2"
        sheet.column_dimensions["B"].width = 45
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def template_document():
    """The example offered for download in the admin: every label and one short procedure."""
    identity = {
        "agency": "Pemerintah Kabupaten Balangan\nKecamatan Paringin Selatan\nKelurahan …",
        "sop_number": "",
        "date_made": "2025-01",
        "date_revised": "",
        "date_effective": "",
        "approver_position": "Lurah",
        "approver_name": "",
        "approver_nip": "",
        "title": "Pelayanan Surat Pengantar",
        "legal_basis": "Undang-Undang Nomor 6 Tahun 2014 tentang Desa",
        "qualifications": "",
        "related_sops": "",
        "equipment": "Komputer dan printer",
        "warnings": "",
        "records": "Buku register surat",
        "summary": "Alur pelayanan surat pengantar di kantor kelurahan.",
    }
    steps = [
        StepData("Menyerahkan berkas permohonan", ["Pemohon"], START, None, None, "KTP, KK"),
        StepData(
            "Memeriksa kelengkapan berkas",
            ["Petugas Pelayanan"],
            DECISION,
            None,
            1,
            "Berkas permohonan",
            parse_duration("10 menit"),
            "Berkas lengkap",
            "Jika tidak lengkap, dikembalikan",
        ),
        StepData(
            "Menandatangani surat pengantar",
            ["Lurah"],
            PROCESS,
            time=parse_duration("1 jam"),
            output="Surat pengantar",
        ),
        StepData("Menerima surat pengantar", ["Pemohon"], END, output="Surat pengantar"),
    ]
    return SopDocument(
        identity=identity,
        actors=["Pemohon", "Petugas Pelayanan", "Lurah"],
        procedures=[ProcedureData("Prosedur", steps)],
    )
