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
    nip = factory.Sequence(lambda n: f"{198001012005010000 + n:018d}")
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
