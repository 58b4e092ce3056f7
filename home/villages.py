"""Importing villages from Kemendagri region-code files."""

import csv
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction

from .models import Village

DEFAULT_FILE = Path(__file__).resolve().parent.parent / "data" / "wilayah-paringin-selatan.csv"
PARINGIN_SELATAN = "63.11.07"


@dataclass(frozen=True)
class VillageRow:
    code: str
    name: str
    kind: str


def kind_from_code(code):
    """Kemendagri numbers kelurahan from 1001 and desa from 2001 within a kecamatan."""
    return Village.Kind.KELURAHAN if code.rsplit(".", 1)[-1].startswith("1") else Village.Kind.DESA


def read_rows(path, kecamatan_code):
    """Rows of one kecamatan from either the project's own file or the kabupaten file."""
    with open(path, newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        code_column = "kode_kemendagri" if "kode_kemendagri" in reader.fieldnames else "kode"
        name_column = "nama_kemendagri" if "nama_kemendagri" in reader.fieldnames else "nama"
        if code_column not in reader.fieldnames or name_column not in reader.fieldnames:
            raise ValueError(
                f"{path}: expected columns kode,nama or kode_kemendagri,nama_kemendagri"
            )
        prefix = kecamatan_code + "."
        for row in reader:
            code = row[code_column].strip()
            # Village codes have four parts; shorter ones are the kabupaten or a kecamatan.
            if not code.startswith(prefix) or code.count(".") != 3:
                continue
            kind = (row.get("jenis") or "").strip() or kind_from_code(code)
            yield VillageRow(code=code, name=row[name_column].strip(), kind=kind)


@transaction.atomic
def import_villages(*, path=DEFAULT_FILE, kecamatan_code=PARINGIN_SELATAN):
    """Create or update the villages of one kecamatan; returns (created, updated, seen) counts."""
    created = updated = seen = 0
    for row in read_rows(path, kecamatan_code):
        seen += 1
        village, was_created = Village.objects.get_or_create(
            code=row.code, defaults={"name": row.name, "kind": row.kind}
        )
        if was_created:
            created += 1
        elif (village.name, village.kind) != (row.name, row.kind):
            village.name, village.kind = row.name, row.kind
            village.save(update_fields=["name", "kind"])
            updated += 1
    return created, updated, seen
