"""Generator steps for the registry side: units (the real Tangsel list, then
generated kelurahan past it), user accounts, decrees with their focal-point teams
over the years, and capacity-building events with invitations, speakers and
attendance."""

from __future__ import annotations

import csv
import datetime
import random

from django.contrib.auth.hashers import make_password

from evaluations.scale.context import ScaleContext, aware, spread
from focal_points.demo import UNITS_CSV
from focal_points.models import (
    TRAINING_TYPES,
    Attendance,
    CapacityEvent,
    Decree,
    EventInvitation,
    EventMode,
    EventSpeaker,
    EventType,
    FocalPointAppointment,
    IssuerType,
    Person,
    TeamRole,
    Unit,
    UnitType,
)
from pug_portal.models import Role, User

# Every generated account has this password (the command refuses DEBUG=0).
PASSWORD = "Scale#PUG2026"
USERNAME_PREFIX = "scale_"
SK_YEARS = 2  # a unit issues a new focal-point SK every two years
TEAM = (TeamRole.KETUA, TeamRole.SEKRETARIS, TeamRole.ANGGOTA, TeamRole.ANGGOTA)

FIRST_NAMES_P = ("Siti", "Dewi", "Rina", "Nur", "Ayu", "Fitri", "Lestari", "Yuni")
FIRST_NAMES_L = ("Ahmad", "Budi", "Dedi", "Eko", "Hendra", "Rudi", "Agus", "Iwan")
LAST_NAMES = (
    "Rahmawati",
    "Hidayat",
    "Setiawan",
    "Kurniasih",
    "Pratama",
    "Wulandari",
    "Saputra",
    "Maulana",
    "Permatasari",
    "Nugroho",
    "Handayani",
    "Firmansyah",
)
PLACE_PARTS = ("Suka", "Jati", "Pondok", "Rawa", "Bojong", "Pasir", "Kebon", "Ranca")
PLACE_ENDS = ("mulya", "jaya", "baru", "indah", "sari", "asih", "makmur", "raya")


def person_name(rng: random.Random, sex: str) -> str:
    first = FIRST_NAMES_L if sex == "L" else FIRST_NAMES_P
    return f"{rng.choice(first)} {rng.choice(LAST_NAMES)}"


def nip(rng: random.Random, sex: str, serial: int) -> str:
    """18 digits: birth date, start of service (year, month), sex, serial."""
    born = datetime.date(1965, 1, 1) + datetime.timedelta(days=rng.randrange(12_000))
    start = born.year + rng.randrange(22, 30)
    return f"{born:%Y%m%d}{start}{rng.randrange(1, 13):02d}{1 if sex == 'L' else 2}{serial % 1000:03d}"


def units(ctx: ScaleContext) -> None:
    """The real unit list first (parents linked), then generated kelurahan under
    the real kecamatan until there are `units` of them."""
    rng = ctx.rng("units")
    with UNITS_CSV.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))[: ctx.config.units]
    made = [
        Unit(
            short_name=row["short_name"],
            name=row["name"],
            unit_type=row["unit_type"],
            is_coordinator=row["is_coordinator"] == "1",
            is_planning_agency=row["is_planning_agency"] == "1",
            note="[seed_scale]",
        )
        for row in rows
    ]
    for i in range(len(made), ctx.config.units):
        place = f"{rng.choice(PLACE_PARTS)}{rng.choice(PLACE_ENDS)}"
        made.append(
            Unit(
                short_name=f"Kel. {place} {i + 1}",
                name=f"Kelurahan {place} {i + 1}",
                unit_type=UnitType.KELURAHAN,
                note="[seed_scale] generated past the real list",
            )
        )
    for serial, unit in enumerate(made):
        sex = rng.choice("LP")
        unit.head_name = person_name(rng, sex)
        unit.head_title = f"{'Plt. ' if rng.random() < 0.1 else ''}Kepala {unit.name}"
        unit.head_nip = nip(rng, sex, serial)
        unit.head_rank = "Pembina Utama Muda (IV/c)"
        unit.address = f"Jl. Maruga Raya No. {rng.randrange(1, 200)}, Ciputat"
    ctx.units = ctx.bulk(made)
    by_short = {u.short_name: u for u in ctx.units}
    kecamatan = [u for u in ctx.units if u.unit_type == UnitType.KECAMATAN]
    for unit, row in zip(ctx.units, rows + [None] * len(ctx.units), strict=False):
        parent = by_short.get(row["parent_short_name"]) if row else None
        if row is None and kecamatan:
            parent = rng.choice(kecamatan)
        unit.parent = parent
    Unit.objects.bulk_update([u for u in ctx.units if u.parent], ["parent"])


def users(ctx: ScaleContext) -> None:
    """One administrator, reviewers, planners, and per unit a focal point (linked to
    the unit's current ketua by the appointments step) and a unit head. One password
    hash for all: hashing a few hundred passwords would take longer than the data."""
    password = make_password(PASSWORD)
    joined = aware(datetime.date(ctx.years[0], 1, 2))

    def user(name: str, role: str, first: str) -> User:
        return User(
            username=f"{USERNAME_PREFIX}{name}",
            role=role,
            first_name=first,
            password=password,
            is_staff=role == Role.ADMIN,
            is_superuser=False,
            date_joined=joined,
        )

    plan: dict[str, list[User]] = {
        "admin": [user("admin", Role.ADMIN, "Admin")],
        "reviewer": [user(f"reviewer{i}", Role.REVIEWER, "Reviewer") for i in range(5)],
        "planner": [user(f"planner{i}", Role.PLANNER, "Perencana") for i in range(2)],
        "focal_point": [
            user(f"fp_{i}", Role.FOCAL_POINT, "Focal Point")
            for i in range(len(ctx.units))
        ],
        "unit_head": [
            user(f"head_{i}", Role.UNIT_HEAD, "Kepala") for i in range(len(ctx.units))
        ],
    }
    for role, accounts in plan.items():
        ctx.users[role] = ctx.bulk(accounts)
    ctx.focal_user_by_unit = dict(
        zip((u.pk for u in ctx.units), ctx.users["focal_point"], strict=True)
    )
    for unit, head in zip(ctx.units, ctx.users["unit_head"], strict=True):
        unit.head_user = head
    Unit.objects.bulk_update(ctx.units, ["head_user"])


def appointments(ctx: ScaleContext) -> None:
    """Per unit a focal-point SK every two years with a team of four; most members
    stay on (a new appointment whose `previous` is the old one), some are replaced.
    One unit in twenty lets its last SK lapse (the 'no valid SK' alert)."""
    rng = ctx.rng("appointments")
    starts = ctx.years[::SK_YEARS]
    teams: dict[int, list[FocalPointAppointment | None]] = {
        u.pk: [None] * len(TEAM) for u in ctx.units
    }
    for wave, year in enumerate(starts):
        following = starts[wave + 1] if wave + 1 < len(starts) else None
        decrees = ctx.bulk(_decrees(ctx, wave, year, following))
        _team_wave(ctx, rng, decrees, teams, serial=10_000 + wave * 1_000)
    _link_focal_users(ctx, teams)


def _decrees(ctx, wave: int, year: int, following: int | None) -> list[Decree]:
    valid_from = datetime.date(year, 1, 10)
    valid_to = datetime.date(following, 1, 9) if following else None
    lapsed = _lapsed(valid_from, ctx.config.reference_date)
    return [
        Decree(
            number=f"800/{100 + wave}/SK-FP/{unit.short_name[:10]}/{year}",
            date=valid_from,
            title=f"tentang Tim Focal Point PUG {unit.name}",
            issuer_type=IssuerType.KEPALA_PD,
            unit=unit,
            fiscal_year=year,
            valid_from=valid_from,
            valid_to=lapsed if following is None and i % 20 == 7 else valid_to,
            created_at=aware(valid_from),
        )
        for i, unit in enumerate(ctx.units)
    ]


def _team_wave(ctx, rng, decrees: list[Decree], teams, serial: int) -> None:
    """The teams appointed by one wave of SKs: who stays on, who is new."""
    people, made = [], []
    for unit, decree in zip(ctx.units, decrees, strict=True):
        for seat, role in enumerate(TEAM):
            before = teams[unit.pk][seat]
            if before is not None and rng.random() < 0.6:
                person = before.person
            else:
                before, serial = None, serial + 1
                sex = "P" if rng.random() < 0.55 else "L"
                person = Person(
                    name=person_name(rng, sex),
                    nip=nip(rng, sex, serial) if rng.random() < 0.9 else None,
                    sex=sex,
                    email=f"fp{serial}@seed-scale.invalid",
                )
                people.append(person)
            made.append(
                FocalPointAppointment(
                    person=person,
                    unit=unit,
                    decree=decree,
                    team_role=role,
                    position="Kepala Subbagian Perencanaan" if seat < 2 else "Analis",
                    rank="Penata (III/c)",
                    start_date=decree.valid_from,
                    end_date=decree.valid_to,
                    end_reason="" if decree.valid_to is None else "SK baru",
                    previous=before,
                    created_at=aware(decree.valid_from),
                )
            )
    _unique_nips(people)
    ctx.bulk(people)
    today = ctx.config.reference_date
    ctx.bulk(made)
    for i, appointment in enumerate(made):
        unit, decree = appointment.unit, appointment.decree
        teams[unit.pk][i % len(TEAM)] = appointment
        for year in range(decree.valid_from.year, (decree.valid_to or today).year + 1):
            ctx.persons_by_unit_year.setdefault((unit.pk, year), []).append(
                appointment.person
            )


def _lapsed(valid_from: datetime.date, today: datetime.date) -> datetime.date:
    """The end of an SK that ran out a month ago (not before it started)."""
    return max(valid_from, today - datetime.timedelta(days=30))


def _unique_nips(people: list[Person]) -> None:
    seen = set(Person.objects.exclude(nip=None).values_list("nip", flat=True))
    for person in people:
        if person.nip in seen:
            person.nip = None
        elif person.nip:
            seen.add(person.nip)


def _link_focal_users(ctx: ScaleContext, teams) -> None:
    """The unit's focal-point account is its current ketua's (a Person.user)."""
    persons = []
    for unit in ctx.units:
        ketua = teams[unit.pk][0].person
        ketua.user = ctx.focal_user_by_unit[unit.pk]
        persons.append(ketua)
    Person.objects.bulk_update(persons, ["user"])


EVENT_TYPES = list(EventType.values)


def events(ctx: ScaleContext) -> None:
    """Six events a year by the coordinating unit (or the first unit), about thirty
    units invited to each, two speakers, and forty participants from the invited
    units' teams of that year; most attend."""
    organiser = next((u for u in ctx.units if u.is_coordinator), ctx.units[0])
    for year in ctx.years:
        rng = ctx.rng("events", year)
        start, end = ctx.year_window(year)
        made = []
        for n, when in enumerate(spread(rng, start, end, 6)):
            kind = EVENT_TYPES[(year + n) % len(EVENT_TYPES)]
            made.append(
                CapacityEvent(
                    title=f"{EventType(kind).label} PUG {year} angkatan {n + 1}",
                    event_type=kind,
                    starts_at=when,
                    ends_at=when + datetime.timedelta(hours=7),
                    venue="Aula Gedung Pusat Pemerintahan Kota",
                    mode=rng.choice(EventMode.values),
                    opened_by="Wakil Wali Kota",
                    organiser=organiser,
                    target_participants=40,
                    description=ctx.pool.text(rng, 200, 600),
                    created_at=when - datetime.timedelta(days=14),
                )
            )
        for event in ctx.bulk(made):
            _event_people(ctx, rng, event, year)


def _event_people(ctx: ScaleContext, rng, event: CapacityEvent, year: int) -> None:
    invited = rng.sample(ctx.units, min(30, len(ctx.units)))
    ctx.bulk(
        EventInvitation(event=event, unit=u, notified=True, invited_at=event.created_at)
        for u in invited
    )
    ctx.bulk(
        EventSpeaker(
            event=event,
            name=person_name(rng, rng.choice("LP")),
            institution="Kementerian PPPA",
            topic=rng.choice(("Analisis GAP", "Penyusunan GBS", "Data terpilah")),
            order=i,
        )
        for i in range(2)
    )
    seen: set[int] = set()
    rows = []
    for unit in invited:
        for person in ctx.persons_by_unit_year.get((unit.pk, year), [])[:2]:
            if person.pk in seen or len(rows) >= 40:
                continue
            seen.add(person.pk)
            attended = rng.random() < 0.85
            training = event.event_type in TRAINING_TYPES
            rows.append(
                Attendance(
                    event=event,
                    person=person,
                    name=person.name,
                    nip=person.nip,
                    sex=person.sex,
                    unit=unit,
                    position="Focal Point PUG",
                    attended=attended,
                    pre_test=rng.randrange(30, 80) if training else None,
                    post_test=rng.randrange(60, 100) if training and attended else None,
                    certificate_number=(
                        f"{event.pk}/{len(rows) + 1}/{year}"
                        if training and attended
                        else ""
                    ),
                    created_at=event.created_at,
                )
            )
    ctx.bulk(rows)
