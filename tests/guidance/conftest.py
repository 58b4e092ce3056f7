import pytest
from django.core.cache import cache

from guidance.models import (
    GuidanceIndexPage,
    GuidancePage,
    SopActor,
    SopPage,
    SopProcedure,
    SopStep,
)
from home.models import ProblemCategory


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()  # the feedback rate limit counts in the cache
    yield
    cache.clear()


@pytest.fixture
def index(db):
    """The /panduan/ index that the migration creates under the home page."""
    return GuidanceIndexPage.objects.get(slug="panduan")


@pytest.fixture
def categories(db):
    return list(ProblemCategory.objects.order_by("order"))


def make_guidance(index, title, *, slug=None, categories=(), summary=None, body=None, **extra):
    page = GuidancePage(
        title=title,
        slug=slug or None,
        summary=summary or f"Ringkasan {title}",
        body=body or [("text", f"<p>Isi {title}</p>")],
        **extra,
    )
    index.add_child(instance=page)
    if categories:
        page.categories.set(categories)
        page.save()
    return page


def make_sop(
    index, *, actors=("Operator Desa", "Staf Seksi", "Camat"), steps=None, procedures=(), **extra
):
    """An SOP page; each step is (activity, actor name or list of names, kind, no_step[, more
    SopStep fields as a dict])."""
    steps = steps or [
        ("Mengajukan permohonan", "Operator Desa", "start", None),
        ("Memeriksa berkas", "Staf Seksi", "process", None),
        ("Menyetujui?", "Camat", "decision", 2),
        ("Menyusun jadwal", "Staf Seksi", "process", None),
        ("Selesai", "Operator Desa", "end", None),
    ]
    fields = {
        "title": "SOP Uji",
        "summary": "Ringkasan SOP uji",
        "sop_number": "001/SOP/2026",
        "date_made": "2026-01-02",
        "date_effective": "2026-01-05",
        "approver_position": "Camat",
        "approver_name": "Nama Camat",
        "approver_nip": "197001012000031001",
        "legal_basis": "UU No. 6 Tahun 2014 tentang Desa",
        **extra,
    }
    sop = SopPage(**fields)
    for position, name in enumerate(actors):
        sop.actors.add(SopActor(name=name, sort_order=position))
    for position, title in enumerate(procedures):
        sop.procedures.add(SopProcedure(title=title, sort_order=position))
    for position, (activity, actor, kind, no_step, *more) in enumerate(steps):
        sop.steps.add(
            SopStep(
                activity=activity,
                actors=[actor] if isinstance(actor, str) else list(actor),
                kind=kind,
                no_step=no_step,
                sort_order=position,
                **(more[0] if more else {}),
            )
        )
    index.add_child(instance=sop)
    return sop
