"""Small factories for tests: sensible defaults, override what the test is about."""

import datetime

import factory

from focal_points.models import (
    Attendance,
    CapacityEvent,
    Decree,
    EventInvitation,
    EventSpeaker,
    EventType,
    FocalPointAppointment,
    IssuerType,
    Person,
    Sex,
    TeamRole,
    Unit,
    UnitType,
)
from pug_portal.models import Role, User


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.test")
    role = Role.FOCAL_POINT
    password = factory.PostGenerationMethodCall("set_password", "secret-pass-123")

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit

    name = factory.Sequence(lambda n: f"Dinas Contoh {n}")
    short_name = factory.Sequence(lambda n: f"Dinas{n}")
    unit_type = UnitType.DINAS


class DecreeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Decree

    number = factory.Sequence(lambda n: f"800/{n}/SK/2026")
    date = datetime.date(2026, 1, 5)
    title = "tentang Tim Focal Point PUG"
    issuer_type = IssuerType.KEPALA_PD
    unit = factory.SubFactory(UnitFactory)
    fiscal_year = 2026
    valid_from = datetime.date(2026, 1, 5)
    valid_to = None


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    name = factory.Sequence(lambda n: f"Pegawai {n}")
    # Digit 15 is the sex code: 2, as `sex` below.
    nip = factory.Sequence(
        lambda n: f"198001012{n // 1000 % 100_000:05d}2{n % 1000:03d}"
    )
    sex = Sex.P


class AppointmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FocalPointAppointment

    person = factory.SubFactory(PersonFactory)
    unit = factory.SubFactory(UnitFactory)
    decree = factory.SubFactory(DecreeFactory, unit=factory.SelfAttribute("..unit"))
    team_role = TeamRole.ANGGOTA
    start_date = datetime.date(2026, 1, 5)
    end_date = None


def appoint(user: User, unit: Unit, **kwargs) -> FocalPointAppointment:
    """Make `user` a current focal point of `unit`."""
    person = PersonFactory(user=user, name=user.get_full_name() or user.username)
    return AppointmentFactory(person=person, unit=unit, **kwargs)


# --- capacity-building events --------------------------------------------------------


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CapacityEvent

    title = factory.Sequence(lambda n: f"Bimtek PPRG {n}")
    event_type = EventType.BIMTEK
    starts_at = datetime.datetime(2026, 7, 1, 1, 0, tzinfo=datetime.UTC)  # 08.00 WIB
    ends_at = datetime.datetime(2026, 7, 1, 8, 0, tzinfo=datetime.UTC)  # 15.00 WIB
    venue = "Aula Pusat Pemerintahan"
    organiser = factory.SubFactory(
        UnitFactory, name="Dinas Pemberdayaan Perempuan", is_coordinator=True
    )


class EventSpeakerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EventSpeaker

    event = factory.SubFactory(EventFactory)
    name = factory.Sequence(lambda n: f"Narasumber {n}")
    institution = "Bappeda"


class EventInvitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EventInvitation

    event = factory.SubFactory(EventFactory)
    unit = factory.SubFactory(UnitFactory)


class AttendanceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Attendance

    event = factory.SubFactory(EventFactory)
    name = factory.Sequence(lambda n: f"Peserta {n}")
    sex = Sex.P
    attended = False


# --- evaluations: cycles, budget lines, PPRG dossiers -------------------------------

from decimal import Decimal  # noqa: E402

from evaluations.models import (  # noqa: E402
    ActionPlanRow,
    BudgetLine,
    CycleState,
    DataKind,
    DisaggregatedDataRow,
    Dossier,
    EvaluationCycle,
)


class CycleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EvaluationCycle
        django_get_or_create = ["year"]

    year = 2026
    open_date = datetime.date(2026, 2, 1)
    submission_deadline = datetime.date(2026, 7, 31)
    review_deadline = datetime.date(2026, 9, 30)
    state = CycleState.OPEN


class BudgetLineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BudgetLine

    unit = factory.SubFactory(UnitFactory)
    year = 2026
    program_code = "2.08.02"
    program_name = "Program Pengarusutamaan Gender dan Pemberdayaan Perempuan"
    kegiatan_code = "2.08.02.2.01"
    kegiatan_name = "Pelembagaan PUG pada Lembaga Pemerintah Kewenangan Kabupaten/Kota"
    sub_kegiatan_code = factory.Sequence(lambda n: f"2.08.02.2.01.{n % 10000:04d}")
    sub_kegiatan_name = factory.Sequence(lambda n: f"Koordinasi Pelaksanaan PUG {n}")
    pagu = Decimal("150000000")
    is_arg = True
    arg_category = "PELEMBAGAAN"


class DossierFactory(factory.django.DjangoModelFactory):
    """A fresh draft; `complete_dossier()` fills it so it can be submitted."""

    class Meta:
        model = Dossier

    unit = factory.SubFactory(UnitFactory)
    budget_line = factory.SubFactory(
        BudgetLineFactory,
        unit=factory.SelfAttribute("..unit"),
        year=factory.SelfAttribute("..cycle.year"),
    )
    cycle = factory.SubFactory(CycleFactory)


def complete_dossier(dossier: Dossier) -> Dossier:
    """Fill every GAP step, one action row, the GBS amount, an insight and a
    baseline L/P row."""
    Dossier.objects.filter(pk=dossier.pk).update(
        gap_policy="Meningkatnya cakupan pelayanan kesehatan ibu hamil.",
        gap_insight="Kader posyandu 1.240 orang: 1.198 perempuan, 42 laki-laki.",
        gap_participation="Suami jarang mendampingi kunjungan antenatal (18%).",
        gap_internal="Kelas ibu hamil hanya pada jam kerja.",
        gap_external="Anggapan bahwa kehamilan urusan perempuan saja.",
        gap_reformulated="Meningkatnya pelayanan ibu hamil dengan keterlibatan suami.",
        gap_baseline="Suami yang mendampingi K1: 18% (2025).",
        gap_output_indicator="58 kelas ibu hamil akhir pekan (kelas)",
        gap_outcome_indicator="Suami mendampingi K1 35% (persen)",
        gbs_amount=dossier.budget_line.pagu,
    )
    ActionPlanRow.objects.create(
        dossier=dossier,
        description="Kelas ibu hamil akhir pekan bersama suami",
        input_amount=Decimal("45000000"),
        output="58 kelas",
        outcome="Keterlibatan suami meningkat",
    )
    DisaggregatedDataRow.objects.create(
        dossier=dossier,
        label="Kunjungan K1 didampingi suami",
        kind=DataKind.PEMBUKA_WAWASAN,
        male=Decimal("3860"),
        female=Decimal("17570"),
        unit_of_measure="kunjungan",
    )
    DisaggregatedDataRow.objects.create(
        dossier=dossier,
        label="Pendamping K1",
        kind=DataKind.BASELINE,
        male=Decimal("420"),
        female=Decimal("0"),
        unit_of_measure="orang",
    )
    dossier.refresh_from_db()
    return dossier


# --- imports -------------------------------------------------------------------------


def xlsx_bytes(rows: list[list], *, above: list[list] = ()) -> bytes:
    """A workbook whose first sheet holds `above` (a title block) then `rows`."""
    import io

    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    for row in [*above, *rows]:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def import_batch(user: User, *, importer: str, data: bytes, name: str, **kwargs):
    """An uploaded import file kept for preview, as `batch_create` leaves it."""
    from django.core.files.base import ContentFile

    from pug_portal.models import ImportBatch

    batch = ImportBatch(user=user, importer=importer, original_name=name, **kwargs)
    batch.file.save(name, ContentFile(data), save=False)
    batch.save()
    return batch
