"""The dossier pages as a focal point and a reviewer use them."""

import re
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from evaluations.models import ActionPlanRow, Dossier, Evidence, ReviewComment
from evaluations.services.review import dossier_return
from evaluations.workflow import Status
from tests.factories import DossierFactory

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def edit_payload(dossier, **overrides):
    """The edit form as the browser posts it: every field, both formsets."""
    data = {
        "version": dossier.version,
        "gap_policy": dossier.gap_policy,
        "gap_insight": dossier.gap_insight,
        "gap_access": dossier.gap_access,
        "gap_participation": dossier.gap_participation,
        "gap_control": dossier.gap_control,
        "gap_benefit": dossier.gap_benefit,
        "gap_internal": dossier.gap_internal,
        "gap_external": dossier.gap_external,
        "gap_reformulated": dossier.gap_reformulated,
        "gap_action_note": dossier.gap_action_note,
        "gap_baseline": dossier.gap_baseline,
        "gap_output_indicator": dossier.gap_output_indicator,
        "gap_outcome_indicator": dossier.gap_outcome_indicator,
        "gbs_amount": dossier.gbs_amount or "",
        "gbs_sign_place": "Tangerang Selatan",
        "actions-TOTAL_FORMS": "0",
        "actions-INITIAL_FORMS": "0",
        "data-TOTAL_FORMS": "0",
        "data-INITIAL_FORMS": "0",
    }
    data.update(overrides)
    return data


@pytest.fixture
def draft_a(unit_a, cycle):
    return DossierFactory(unit=unit_a, cycle=cycle)


def test_the_edit_page_shows_the_nine_official_gap_labels(client_for, focal_a, draft_a):
    response = client_for(focal_a).get(
        reverse("evaluations:dossier_edit", args=[draft_a.pk])
    )
    assert response.status_code == 200
    html = response.content.decode()
    for label in (
        "Pilih Kebijakan/Program/Kegiatan yang akan dianalisis",
        "Data Pembuka Wawasan",
        "Faktor Kesenjangan",
        "Sebab Kesenjangan Internal",
        "Sebab Kesenjangan Eksternal",
        "Reformulasi Tujuan",
        "Rencana Aksi",
        "Data Dasar (Base-line)",
        "Indikator Gender",
    ):
        assert label in html
    assert 'hx-post="' in html


def test_a_focal_point_saves_text_and_rows_in_one_post(client_for, focal_a, draft_a):
    payload = edit_payload(
        draft_a,
        gap_policy="Meningkatnya cakupan imunisasi",
        **{
            "actions-TOTAL_FORMS": "1",
            "actions-0-description": "Posyandu malam hari",
            "actions-0-input_amount": "25000000",
            "actions-0-output": "12 posyandu",
            "actions-0-outcome": "Ayah ikut membawa anak",
            "data-TOTAL_FORMS": "1",
            "data-0-label": "Balita diimunisasi",
            "data-0-kind": "BASELINE",
            "data-0-male": "510",
            "data-0-female": "498",
            "data-0-total": "1008",
            "data-0-unit_of_measure": "anak",
        },
    )
    response = client_for(focal_a).post(
        reverse("evaluations:dossier_edit", args=[draft_a.pk]), payload
    )
    assert response.status_code == 302
    draft_a.refresh_from_db()
    assert draft_a.gap_policy == "Meningkatnya cakupan imunisasi"
    assert draft_a.version == 2
    assert draft_a.action_rows.get().input_amount == Decimal("25000000")
    assert draft_a.data_rows.get().total == Decimal("1008")


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("data-0-male", "-3", "tidak boleh negatif"),
        ("data-0-total", "999", "tidak sama dengan L + P"),
    ],
)
def test_bad_l_p_figures_are_refused_and_the_typed_text_kept(
    client_for, focal_a, draft_a, field, value, message
):
    payload = edit_payload(
        draft_a,
        gap_policy="Teks yang tidak boleh hilang",
        **{
            "data-TOTAL_FORMS": "1",
            "data-0-label": "Balita",
            "data-0-kind": "BASELINE",
            "data-0-male": "510",
            "data-0-female": "498",
            "data-0-unit_of_measure": "anak",
            field: value,
        },
    )
    response = client_for(focal_a).post(
        reverse("evaluations:dossier_edit", args=[draft_a.pk]), payload
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert "Teks yang tidak boleh hilang" in response.content.decode()
    draft_a.refresh_from_db()
    assert draft_a.version == 1 and draft_a.gap_policy == ""


def test_a_non_numeric_gbs_amount_gets_a_clear_error(client_for, focal_a, draft_a):
    response = client_for(focal_a).post(
        reverse("evaluations:dossier_edit", args=[draft_a.pk]),
        edit_payload(draft_a, gbs_amount="seratus juta"),
    )
    assert response.status_code == 200
    assert "Masukkan angka Rupiah, misalnya 125.000.000." in response.content.decode()


@pytest.mark.parametrize(
    "typed", ["Rp 1.500.000", "1.500.000", "1500000", "1.500.000,00", "1500000.00"]
)
def test_money_is_typed_and_shown_the_indonesian_way(
    client_for, focal_a, draft_a, typed
):
    client = client_for(focal_a)
    url = reverse("evaluations:dossier_edit", args=[draft_a.pk])
    payload = edit_payload(
        draft_a,
        gbs_amount=typed,
        **{
            "actions-TOTAL_FORMS": "1",
            "actions-0-description": "Posyandu malam hari",
            "actions-0-input_amount": typed,
            "actions-0-output": "12 posyandu",
            "actions-0-outcome": "Ayah ikut",
            "data-TOTAL_FORMS": "1",
            "data-0-label": "Balita",
            "data-0-kind": "BASELINE",
            "data-0-male": "1.198",
            "data-0-female": "18,5",
            "data-0-unit_of_measure": "anak",
        },
    )
    assert client.post(url, payload).status_code == 302
    draft_a.refresh_from_db()
    assert draft_a.gbs_amount == Decimal("1500000")
    assert draft_a.action_rows.get().input_amount == Decimal("1500000")
    row = draft_a.data_rows.get()
    assert (row.male, row.female) == (Decimal("1198"), Decimal("18.5"))
    html = client.get(url).content.decode()
    assert 'name="gbs_amount" value="1.500.000"' in html
    assert 'name="actions-0-input_amount" value="1.500.000"' in html
    assert 'name="data-0-male" value="1.198"' in html
    assert 'name="data-0-female" value="18,5"' in html
    assert not re.search(r'value="[\d.,]*[.,]\d\d"', html)  # no "…,00" anywhere


def test_a_stale_save_is_refused_and_the_other_change_kept(
    client_for, focal_a, admin, draft_a
):
    first = edit_payload(draft_a, gap_policy="Versi rekan")
    second = edit_payload(draft_a, gap_policy="Versi saya")  # loaded at version 1 too
    url = reverse("evaluations:dossier_edit", args=[draft_a.pk])
    assert client_for(admin).post(url, first).status_code == 302
    response = client_for(focal_a).post(url, second)
    assert response.status_code == 200
    assert "sudah diubah orang lain" in response.content.decode()
    draft_a.refresh_from_db()
    assert draft_a.gap_policy == "Versi rekan"


def test_autosave_answers_saved_time_and_the_new_version(client_for, focal_a, draft_a):
    response = client_for(focal_a).post(
        reverse("evaluations:dossier_autosave", args=[draft_a.pk]),
        edit_payload(draft_a, gap_internal="Jam layanan terbatas"),
        HTTP_HX_REQUEST="true",
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "tersimpan" in html
    assert 'name="version" value="2"' in html and "hx-swap-oob" in html
    draft_a.refresh_from_db()
    assert draft_a.gap_internal == "Jam layanan terbatas"


def test_autosave_respects_the_version_check(client_for, focal_a, draft_a):
    Dossier.objects.filter(pk=draft_a.pk).update(version=5, gap_internal="Lain")
    response = client_for(focal_a).post(
        reverse("evaluations:dossier_autosave", args=[draft_a.pk]),
        edit_payload(draft_a, gap_internal="Basi"),
    )
    assert "sudah diubah orang lain" in response.content.decode()
    draft_a.refresh_from_db()
    assert draft_a.gap_internal == "Lain"


def test_the_autosave_status_never_shows_a_raw_none(client_for, focal_a, draft_a):
    payload = edit_payload(draft_a, kak_beneficiaries_male="banyak")
    del payload["version"]
    response = client_for(focal_a).post(
        reverse("evaluations:dossier_autosave", args=[draft_a.pk]), payload
    )
    html = response.content.decode()
    assert "Belum tersimpan" in html
    assert "None" not in html
    assert "muat ulang halaman lalu coba lagi" in html
    assert "target penerima manfaat laki-laki: " in html.lower()


def test_an_autosave_overtaken_by_the_pages_full_save_says_so(
    client_for, focal_a, draft_a
):
    client = client_for(focal_a)
    page = {"edit_token": "a" * 32}
    full = edit_payload(draft_a, gap_internal="Baru", edit_seq=2, **page)
    old = edit_payload(draft_a, gap_internal="Lama", edit_seq=1, **page)
    saved = client.post(reverse("evaluations:dossier_edit", args=[draft_a.pk]), full)
    assert saved.status_code == 302
    late = client.post(
        reverse("evaluations:dossier_autosave", args=[draft_a.pk]),
        old,
        HTTP_HX_REQUEST="true",
    )
    html = late.content.decode()
    assert late.status_code == 200
    assert "lebih lama diabaikan" in html and "tersimpan " not in html
    draft_a.refresh_from_db()
    assert draft_a.gap_internal == "Baru"


def test_submit_lists_what_is_missing(client_for, focal_a, draft_a):
    response = client_for(focal_a).post(
        reverse("evaluations:dossier_submit", args=[draft_a.pk]), {}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Belum lengkap: GAP langkah 1" in html
    assert "Sekurang-kurangnya satu baris rencana aksi" in html
    draft_a.refresh_from_db()
    assert draft_a.status == Status.DRAFT


def test_the_whole_loop_through_the_pages(client_for, focal_a, reviewer, dossier_a):
    focal, rev = client_for(focal_a), client_for(reviewer)
    pk = dossier_a.pk
    assert (
        focal.post(reverse("evaluations:dossier_submit", args=[pk]), {}).status_code
        == 302
    )
    assert rev.get(reverse("evaluations:review_queue")).context["page"].object_list[
        0
    ] == Dossier.objects.get(pk=pk)
    rev.post(reverse("evaluations:review_start", args=[pk]))
    response = rev.post(
        reverse("evaluations:review_return", args=[pk]),
        {
            "reason": "",
            "comments-TOTAL_FORMS": "1",
            "comments-INITIAL_FORMS": "0",
            "comments-0-target": "gap_2",
            "comments-0-text": "Tambahkan sumber data",
        },
    )
    assert response.status_code == 400  # the reason is required
    rev.post(
        reverse("evaluations:review_return", args=[pk]),
        {
            "reason": "Data pembuka wawasan belum bersumber",
            "comments-TOTAL_FORMS": "1",
            "comments-INITIAL_FORMS": "0",
            "comments-0-target": "gap_2",
            "comments-0-text": "Tambahkan sumber data",
        },
    )
    dossier = Dossier.objects.get(pk=pk)
    assert dossier.status == Status.REVISION_REQUESTED
    comment = ReviewComment.objects.get(dossier=dossier)
    page = focal.get(reverse("evaluations:dossier_edit", args=[pk])).content.decode()
    assert "Tambahkan sumber data" in page

    payload = edit_payload(dossier, gap_insight="Data baru (Dinkes, 2025)")
    payload.update(
        {
            "actions-TOTAL_FORMS": "1",
            "actions-INITIAL_FORMS": "1",
            "actions-0-id": str(dossier.action_rows.get().pk),
            "actions-0-dossier": str(pk),
            "actions-0-description": "Kelas ibu hamil akhir pekan bersama suami",
            "actions-0-input_amount": "45000000",
            "actions-0-output": "58 kelas",
            "actions-0-outcome": "Keterlibatan suami meningkat",
            "data-TOTAL_FORMS": "2",
            "data-INITIAL_FORMS": "2",
            "data-0-id": str(dossier.data_rows.get(kind="BASELINE").pk),
            "data-0-dossier": str(pk),
            "data-0-label": "Pendamping K1",
            "data-0-kind": "BASELINE",
            "data-0-male": "420",
            "data-0-female": "0",
            "data-0-unit_of_measure": "orang",
            "data-1-id": str(dossier.data_rows.get(kind="PEMBUKA_WAWASAN").pk),
            "data-1-dossier": str(pk),
            "data-1-label": "Kunjungan K1 didampingi suami",
            "data-1-kind": "PEMBUKA_WAWASAN",
            "data-1-male": "3860",
            "data-1-female": "17570",
            "data-1-unit_of_measure": "kunjungan",
        }
    )
    assert (
        focal.post(reverse("evaluations:dossier_edit", args=[pk]), payload).status_code
        == 302
    )
    focal.post(reverse("evaluations:comment_resolve", args=[comment.pk]))
    comment.refresh_from_db()
    assert comment.resolved
    focal.post(reverse("evaluations:dossier_submit", args=[pk]), {})
    rev.post(reverse("evaluations:review_start", args=[pk]))
    review_page = rev.get(reverse("evaluations:dossier_review", args=[pk]))
    changes = review_page.context["changes"]
    assert [c.label for c in changes] == ["GAP 2 · data pembuka wawasan"]
    assert "Data baru (Dinkes, 2025)" in review_page.content.decode()

    score = {f"c{i}": "2" for i in range(1, 11)} | {"note": ""}
    rev.post(reverse("evaluations:review_score", args=[pk]), score)
    rev.post(reverse("evaluations:review_approve", args=[pk]))
    dossier.refresh_from_db()
    assert dossier.status == Status.APPROVED
    assert dossier.scores.get().classification == "BAIK"
    # locked: the edit page sends the focal point back with the reason
    response = focal.get(reverse("evaluations:dossier_edit", args=[pk]))
    assert response.status_code == 302
    assert ActionPlanRow.objects.filter(dossier=dossier).count() == 1


def test_evidence_that_is_not_what_its_name_says_is_refused(
    client_for, focal_a, draft_a
):
    response = client_for(focal_a).post(
        reverse("evaluations:evidence_upload", args=[draft_a.pk]),
        {
            "kind": "SK",
            "file": SimpleUploadedFile("sk.pdf", b"MZ not a pdf at all"),
        },
    )
    assert response.status_code == 200
    assert "Isi berkas bukan PDF" in response.content.decode()
    assert not Evidence.objects.exists()


def test_evidence_too_large_is_refused(client_for, focal_a, draft_a, settings):
    settings.MAX_UPLOAD_MB = 1
    big = PDF + b"0" * (1024 * 1024 + 10)
    response = client_for(focal_a).post(
        reverse("evaluations:evidence_upload", args=[draft_a.pk]),
        {"kind": "SK", "file": SimpleUploadedFile("sk.pdf", big)},
    )
    assert "Berkas terlalu besar (1,0 MB). Batas 1 MB." in response.content.decode()


def test_evidence_is_uploaded_and_downloaded_only_in_scope(
    client_for, focal_a, focal_b, draft_a
):
    client = client_for(focal_a)
    response = client.post(
        reverse("evaluations:evidence_upload", args=[draft_a.pk]),
        {"kind": "SK", "file": SimpleUploadedFile("sk.pdf", PDF)},
    )
    assert response.status_code == 302
    evidence = Evidence.objects.get()
    url = reverse("evaluations:evidence_download", args=[evidence.pk])
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert client_for(focal_b).get(url).status_code == 404


def test_a_budget_line_with_a_bad_code_is_kept_with_a_warning(
    client_for, focal_a, unit_a, cycle
):
    response = client_for(focal_a).post(
        reverse("evaluations:budget_line_create"),
        {
            "unit": unit_a.pk,
            "year": 2026,
            "program_code": "1.02.02",
            "program_name": "Program Pemenuhan Upaya Kesehatan",
            "kegiatan_code": "1.02.02.2.02",
            "kegiatan_name": "Penyediaan Layanan Kesehatan",
            "sub_kegiatan_code": "1.2.2.2.2.1",
            "sub_kegiatan_name": "Pengelolaan Pelayanan Kesehatan Ibu Hamil",
            "pagu": "350000000",
            "is_arg": "on",
            "arg_category": "KHUSUS",
        },
        follow=True,
    )
    html = response.content.decode()
    assert "tidak sesuai pola kode" in html
    assert "1.2.2.2.2.1" in html


@pytest.mark.parametrize("pagu", ["-5", "satu juta"])
def test_a_negative_or_non_numeric_pagu_is_refused(client_for, focal_a, unit_a, pagu):
    response = client_for(focal_a).post(
        reverse("evaluations:budget_line_create"),
        {
            "unit": unit_a.pk,
            "year": 2026,
            "program_code": "1.02.02",
            "program_name": "P",
            "kegiatan_code": "1.02.02.2.02",
            "kegiatan_name": "K",
            "sub_kegiatan_code": "1.02.02.2.02.01",
            "sub_kegiatan_name": "S",
            "pagu": pagu,
        },
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "tidak boleh negatif" in html or "Masukkan angka Rupiah" in html


def test_open_comments_can_be_marked_addressed_from_the_detail_page(
    client_for, focal_a, dossier_a
):
    Dossier.objects.filter(pk=dossier_a.pk).update(status=Status.REVISION_REQUESTED)
    comment = ReviewComment.objects.create(
        dossier=dossier_a, target="gbs_amount", text="Cocokkan dengan DPA"
    )
    client = client_for(focal_a)
    html = client.get(dossier_a.get_absolute_url()).content.decode()
    assert "Cocokkan dengan DPA" in html
    assert f'id="resolve-{comment.pk}"' in html
    assert f'form="resolve-{comment.pk}"' in html
    response = client.post(reverse("evaluations:comment_resolve", args=[comment.pk]))
    assert response["Location"] == dossier_a.get_absolute_url()
    comment.refresh_from_db()
    assert comment.resolved


def test_the_diff_does_not_depend_on_the_language_it_was_returned_in(
    reviewer, dossier_a
):
    from django.utils import translation

    from evaluations.selectors import dossiers as selectors

    Dossier.objects.filter(pk=dossier_a.pk).update(status=Status.IN_REVIEW)
    dossier = Dossier.objects.get(pk=dossier_a.pk)
    with translation.override("en"):
        dossier_return(dossier=dossier, by=reviewer, reason="Perbaiki", comments=[])
    Dossier.objects.filter(pk=dossier.pk).update(gap_baseline="Data dasar baru")
    dossier.refresh_from_db()
    with translation.override("id"):
        changes = selectors.changes_since_return(dossier)
    assert [(c.label, c.new) for c in changes] == [
        ("GAP 8 · data dasar (base-line)", "Data dasar baru")
    ]


def test_the_changes_since_return_show_labels_and_formatted_numbers(
    client_for, reviewer, dossier_a
):
    Dossier.objects.filter(pk=dossier_a.pk).update(status=Status.IN_REVIEW)
    dossier = Dossier.objects.get(pk=dossier_a.pk)
    dossier_return(dossier=dossier, by=reviewer, reason="Perbaiki", comments=[])
    dossier.data_rows.filter(kind="BASELINE").update(
        male=Decimal("31900"), female=Decimal("1250.5")
    )
    dossier.action_rows.update(input_amount=Decimal("47500000"))
    Dossier.objects.filter(pk=dossier.pk).update(
        gbs_amount=Decimal("160000000"), status=Status.IN_REVIEW
    )

    response = client_for(reviewer).get(
        reverse("evaluations:dossier_review", args=[dossier.pk])
    )

    changes = {c.label: c for c in response.context["changes"]}
    insight = (
        "Data pembuka wawasan · Kunjungan K1 didampingi suami: L 3.860, P 17.570 "
        "kunjungan"
    )
    assert changes["Data terpilah"].old.splitlines() == [
        "Data dasar · Pendamping K1: L 420, P 0 orang",
        insight,
    ]
    assert changes["Data terpilah"].new.splitlines() == [
        "Data dasar · Pendamping K1: L 31.900, P 1.250,50 orang",
        insight,
    ]
    assert changes["Rencana aksi"].new == (
        "Kelas ibu hamil akhir pekan bersama suami: Masukan Rp\u00a047.500.000; "
        "Keluaran 58 kelas; Hasil Keterlibatan suami meningkat"
    )
    assert changes["GBS · jumlah anggaran (Rp)"].old == "Rp\u00a0150.000.000"
    assert changes["GBS · jumlah anggaran (Rp)"].new == "Rp\u00a0160.000.000"
    html = response.content.decode()
    for raw in ("BASELINE", "31900.00", "47500000", "| L "):
        assert raw not in html


def test_a_save_to_a_dossier_submitted_meanwhile_keeps_the_typed_text(
    client_for, focal_a, dossier_a
):
    payload = edit_payload(dossier_a, gap_policy="Teks yang baru saja diketik")
    Dossier.objects.filter(pk=dossier_a.pk).update(status=Status.SUBMITTED)
    response = client_for(focal_a).post(
        reverse("evaluations:dossier_edit", args=[dossier_a.pk]), payload
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "tidak dapat diubah" in html
    assert "Teks yang baru saja diketik" in html
    dossier_a.refresh_from_db()
    assert dossier_a.gap_policy != "Teks yang baru saja diketik"


def test_general_and_signature_comments_show_on_the_edit_page(
    client_for, focal_a, dossier_a
):
    Dossier.objects.filter(pk=dossier_a.pk).update(status=Status.REVISION_REQUESTED)
    ReviewComment.objects.create(dossier=dossier_a, target="general", text="Umum A")
    ReviewComment.objects.create(
        dossier=dossier_a, target="gbs_signature", text="NIP kepala salah"
    )
    html = client_for(focal_a).get(
        reverse("evaluations:dossier_edit", args=[dossier_a.pk])
    )
    assert "Umum A" in html.content.decode()
    assert "NIP kepala salah" in html.content.decode()


def test_fractional_l_p_figures_are_shown_as_typed(client_for, focal_a, dossier_a):
    row = dossier_a.data_rows.get(kind="BASELINE")
    row.male, row.female, row.total = Decimal("18.5"), Decimal("1198"), None
    row.save()
    html = client_for(focal_a).get(dossier_a.get_absolute_url()).content.decode()
    assert "18,5" in html and "1.198" in html


def test_step_9_says_keluaran_once_whether_or_not_the_user_typed_it(dossier_a):
    from evaluations.gap import GAP_STEPS

    assert "Keluaran:" not in str(GAP_STEPS[8].guidance)
    Dossier.objects.filter(pk=dossier_a.pk).update(
        gap_output_indicator="Keluaran: 58 kelas (kelas)",
        gap_outcome_indicator="hasil:  K1 35% (persen)",
    )
    dossier_a.refresh_from_db()
    assert dossier_a.gap_indicator_text() == (
        "Keluaran: 58 kelas (kelas)\nHasil: K1 35% (persen)"
    )


def test_the_dossier_list_opens_on_the_current_cycle(client_for, focal_a, unit_a):
    from evaluations.models import CycleState
    from tests.factories import CycleFactory

    old = CycleFactory(year=2025, state=CycleState.CLOSED)
    now = CycleFactory(year=2026, state=CycleState.OPEN)
    DossierFactory(unit=unit_a, cycle=old, budget_line__sub_kegiatan_name="Lama")
    DossierFactory(unit=unit_a, cycle=now, budget_line__sub_kegiatan_name="Kini")
    client = client_for(focal_a)
    url = reverse("evaluations:dossier_list")
    html = client.get(url).content.decode()
    assert "Kini" in html and "Lama" not in html
    assert f'<option value="{now.pk}" selected>' in html
    # "Semua siklus" is an empty choice: every year
    html = client.get(url, {"cycle": ""}).content.decode()
    assert "Kini" in html and "Lama" in html
