"""Migration 0003 keeps every value of SOPs saved before it, in rows and in revisions."""

import datetime
import uuid
from decimal import Decimal

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("guidance", "0002_index_and_workflow")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return MigrationExecutor(connection).loader.project_state(targets).apps


def _latest():
    executor = MigrationExecutor(connection)
    return executor.loader.graph.leaf_nodes()


def _old_sop(apps):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Locale = apps.get_model("wagtailcore", "Locale")
    Page = apps.get_model("wagtailcore", "Page")
    SopPage = apps.get_model("guidance", "SopPage")
    SopActor = apps.get_model("guidance", "SopActor")
    SopStep = apps.get_model("guidance", "SopStep")
    Revision = apps.get_model("wagtailcore", "Revision")
    index = Page.objects.get(slug="panduan")
    sop_type, _ = ContentType.objects.get_or_create(app_label="guidance", model="soppage")
    page_type = ContentType.objects.get(app_label="wagtailcore", model="page")
    sop = SopPage.objects.create(
        title="SOP lama",
        draft_title="SOP lama",
        slug="sop-lama",
        path=index.path + "0099",
        depth=index.depth + 1,
        numchild=0,
        url_path=index.url_path + "sop-lama/",
        content_type=sop_type,
        locale=Locale.objects.first(),
        translation_key=uuid.uuid4(),
        live=True,
        summary="Ringkasan",
        agency="Pemerintah Kabupaten BalanganKecamatan Paringin Selatan",
        sop_number="1/2022",
        date_made=datetime.date(2022, 6, 2),
        date_revised=None,
        date_effective=datetime.date(2022, 6, 6),
        approver_position="Camat",
        approver_name="Nama",
        approver_nip="197001012000031001",
        legal_basis="UU 6/2014",
    )
    Page.objects.filter(pk=index.pk).update(numchild=index.numchild + 1)
    SopActor.objects.create(page=sop, name="Operator Desa", sort_order=0)
    SopActor.objects.create(page=sop, name="Camat", sort_order=1)
    old_steps = [
        ("Mengajukan", "Operator Desa", "start", None, "1 hari", ""),
        ("Menyetujui?", "Camat", "decision", 1, "2,5 jam", ""),
        ("Melaksanakan", "Operator Desa", "end", None, "Sesuai kesepakatan", "Di desa"),
    ]
    for position, (activity, actor, kind, no_step, time, remarks) in enumerate(old_steps):
        SopStep.objects.create(
            page=sop,
            activity=activity,
            actor=actor,
            kind=kind,
            no_step=no_step,
            time=time,
            remarks=remarks,
            sort_order=position,
        )
    draft = {
        "pk": sop.pk,
        "title": "SOP lama",
        "slug": "sop-lama",
        "agency": "Pemerintah Kabupaten BalanganKecamatan Paringin Selatan",
        "date_made": "2022-06-02",
        "steps": [
            {
                "pk": None,
                "page": sop.pk,
                "sort_order": 0,
                "activity": "Draf",
                "actor": "Camat",
                "kind": "start",
                "no_step": None,
                "time": "Triwulanan",
                "remarks": "",
                "requirements": "",
                "output": "",
            },
        ],
        "actors": [{"pk": None, "page": sop.pk, "sort_order": 0, "name": "Camat"}],
    }
    revision = Revision.objects.create(
        content_type=sop_type,
        base_content_type=page_type,
        object_id=str(sop.pk),
        content=draft,
        object_str="SOP lama",
        created_at=datetime.datetime.now(tz=datetime.UTC),
    )
    return sop.pk, revision.pk


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_old_sops_keep_every_value_forward_and_back():
    latest = _latest()
    try:
        old_apps = _migrate(BEFORE)
        page_pk, revision_pk = _old_sop(old_apps)
        new_apps = _migrate(latest)

        SopPage = new_apps.get_model("guidance", "SopPage")
        SopStep = new_apps.get_model("guidance", "SopStep")
        Revision = new_apps.get_model("wagtailcore", "Revision")
        page = SopPage.objects.get(pk=page_pk)
        assert page.agency == "Pemerintah Kabupaten Balangan\nKecamatan Paringin Selatan"
        assert (page.date_made, page.date_revised, page.date_effective) == (
            "2022-06-02",
            "",
            "2022-06-06",
        )
        steps = list(SopStep.objects.filter(page_id=page_pk).order_by("sort_order"))
        assert [s.actors for s in steps] == [["Operator Desa"], ["Camat"], ["Operator Desa"]]
        assert [(s.time_amount, s.time_unit) for s in steps] == [
            (Decimal("1.00"), "hari"),
            (Decimal("2.50"), "jam"),
            (None, ""),
        ]
        assert steps[2].remarks == "Waktu: Sesuai kesepakatan\nDi desa"
        content = Revision.objects.get(pk=revision_pk).content
        assert content["agency"].splitlines() == [
            "Pemerintah Kabupaten Balangan",
            "Kecamatan Paringin Selatan",
        ]
        assert content["steps"][0]["actors"] == ["Camat"]
        assert content["steps"][0]["remarks"] == "Waktu: Triwulanan"
        assert "actor" not in content["steps"][0] and "time" not in content["steps"][0]

        old_apps = _migrate(BEFORE)
        OldStep = old_apps.get_model("guidance", "SopStep")
        back = list(OldStep.objects.filter(page_id=page_pk).order_by("sort_order"))
        assert [(s.actor, s.time, s.remarks) for s in back] == [
            ("Operator Desa", "1 hari", ""),
            ("Camat", "2,5 jam", ""),
            ("Operator Desa", "Sesuai kesepakatan", "Di desa"),
        ]
    finally:
        _migrate(latest)
