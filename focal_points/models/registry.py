"""Units (Perangkat Daerah), decrees (SK) and focal-point appointments.

A focal point's access to a unit is derived from a *current* appointment: one whose
dates include today and whose SK is in force. There is no separate access list.
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pug_portal.models import Role
from pug_portal.permissions import sees_all_units
from pug_portal.uploads import FileContentValidator
from pug_portal.validation import DOCUMENT_YEARS, NOTE_TEXT, LimitedTextField

nip_validator = RegexValidator(
    r"^\d{18}$", _("NIP harus terdiri dari 18 angka tanpa spasi."), code="nip"
)


def today() -> datetime.date:
    return timezone.localdate()


def fiscal_year_bounds(year: int) -> tuple[datetime.date, datetime.date]:
    """The first and last day of fiscal year `year` (the calendar year)."""
    return datetime.date(year, 1, 1), datetime.date(year, 12, 31)


def as_of_year(year: int, on: datetime.date | None = None) -> datetime.date:
    """The day the registry's figures of fiscal year `year` are taken on: the
    year's last day once it is over, else `on` (today). A recap of a past year then
    shows the team and the trained people of that year, whatever changed since."""
    return min(on or today(), fiscal_year_bounds(year)[1])


class UnitType(models.TextChoices):
    SETDA = "SETDA", _("Sekretariat Daerah")
    BAGIAN_SETDA = "BAGIAN_SETDA", _("Bagian Setda")
    SETWAN = "SETWAN", _("Sekretariat DPRD")
    INSPEKTORAT = "INSPEKTORAT", _("Inspektorat")
    BADAN = "BADAN", _("Badan")
    DINAS = "DINAS", _("Dinas")
    SATPOL_PP = "SATPOL_PP", _("Satpol PP")
    RSUD = "RSUD", _("Rumah Sakit Umum Daerah")
    KECAMATAN = "KECAMATAN", _("Kecamatan")
    KELURAHAN = "KELURAHAN", _("Kelurahan")

    @classmethod
    def perangkat_daerah(cls) -> frozenset[str]:
        """The types counted as Perangkat Daerah in the compliance figures
        (settings.PUG_PERANGKAT_DAERAH_TYPES): not kelurahan or bagian, which belong
        to a kecamatan or the Setda, nor a UPTD such as the RSUD unless configured."""
        return frozenset(settings.PUG_PERANGKAT_DAERAH_TYPES)


class UnitQuerySet(models.QuerySet):
    def visible_to(self, user) -> "UnitQuerySet":
        """The units `user` may see at all; anything else is a 404 for them."""
        if sees_all_units(user):
            return self
        if not getattr(user, "is_authenticated", False) or not user.is_active:
            return self.none()
        if user.role == Role.FOCAL_POINT:
            current = FocalPointAppointment.objects.current().filter(person__user=user)
            return self.filter(pk__in=current.values("unit_id"))
        if user.role == Role.UNIT_HEAD:
            return self.filter(head_user=user)
        return self.none()

    def active(self) -> "UnitQuerySet":
        return self.filter(is_active=True)

    def perangkat_daerah(self) -> "UnitQuerySet":
        """Units of the types counted as Perangkat Daerah (UnitType.perangkat_daerah)."""
        return self.filter(unit_type__in=UnitType.perangkat_daerah())

    def with_focal_point_status(
        self, on: datetime.date | None = None
    ) -> "UnitQuerySet":
        """Annotate `has_valid_focal_point` (one EXISTS subquery, no per-row query)."""
        current = FocalPointAppointment.objects.current(on).filter(unit=OuterRef("pk"))
        return self.annotate(has_valid_focal_point=Exists(current))

    def with_year_focal_point(self, year: int) -> "UnitQuerySet":
        """Annotate `has_year_focal_point`, "SK focal point tahun berjalan"
        (AppointmentQuerySet.covering_year): the figures' rule, one EXISTS subquery."""
        covering = FocalPointAppointment.objects.covering_year(year)
        return self.annotate(
            has_year_focal_point=Exists(covering.filter(unit=OuterRef("pk")))
        )

    def without_valid_focal_point(
        self, on: datetime.date | None = None
    ) -> "UnitQuerySet":
        return self.with_focal_point_status(on).filter(has_valid_focal_point=False)


class Unit(models.Model):
    """A Perangkat Daerah (SKPD/OPD). Renames keep history: the new name is a new row
    whose `predecessor` is the old one, so old documents keep the name they were made
    under."""

    code = models.CharField(_("kode"), max_length=30, blank=True)
    name = models.CharField(_("nama"), max_length=255)
    short_name = models.CharField(_("singkatan"), max_length=60, unique=True)
    unit_type = models.CharField(_("jenis"), max_length=20, choices=UnitType.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("induk"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    head_name = models.CharField(_("nama kepala"), max_length=150, blank=True)
    head_title = models.CharField(
        _("jabatan kepala"),
        max_length=255,
        blank=True,
        help_text=_('Termasuk "Plt." bila pelaksana tugas.'),
    )
    head_nip = models.CharField(
        _("NIP kepala"), max_length=18, blank=True, validators=[nip_validator]
    )
    head_rank = models.CharField(
        _("pangkat/golongan kepala"), max_length=100, blank=True
    )
    head_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("akun kepala"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="headed_units",
        limit_choices_to={"role": Role.UNIT_HEAD},
    )
    address = LimitedTextField(_("alamat"), blank=True, max_length=NOTE_TEXT)
    valid_from = models.DateField(
        _("berlaku sejak"), null=True, blank=True, validators=[DOCUMENT_YEARS]
    )
    valid_to = models.DateField(
        _("berlaku sampai"), null=True, blank=True, validators=[DOCUMENT_YEARS]
    )
    predecessor = models.ForeignKey(
        "self",
        verbose_name=_("pendahulu"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="successors",
    )
    is_coordinator = models.BooleanField(_("koordinator PUG"), default=False)
    is_planning_agency = models.BooleanField(_("badan perencanaan"), default=False)
    is_active = models.BooleanField(_("aktif"), default=True, db_index=True)
    note = LimitedTextField(_("catatan"), blank=True, max_length=NOTE_TEXT)

    objects = UnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("perangkat daerah")
        verbose_name_plural = _("perangkat daerah")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True)
                | Q(valid_from__isnull=True)
                | Q(valid_to__gte=models.F("valid_from")),
                name="unit_valid_range",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("focal_points:unit_detail", args=[self.pk])

    @property
    def is_perangkat_daerah(self) -> bool:
        return self.unit_type in UnitType.perangkat_daerah()

    def head_title_or_default(self) -> str:
        """The head's title as signed: the registry's (with "Plt." when acting), or
        the one the unit's type gives its head — "Camat Setu" for "Kecamatan Setu",
        "Lurah …", "Inspektur …", "Sekretaris Daerah …", "Sekretaris DPRD …",
        "Direktur …" of a hospital, otherwise "Kepala …" and the unit's name."""
        if self.head_title:
            return self.head_title
        title, word = HEAD_TITLES.get(self.unit_type, ("Kepala", ""))
        rest = self.name
        if word and rest.casefold().startswith(word.casefold()):
            rest = rest[len(word) :].strip()
        return f"{title} {rest}".strip()


# The head of a unit by type: (title, the word of the unit's name the title
# replaces). Official titles of office, printed on Indonesian documents and stored
# with an approved GBS: never translated, whatever the reader's language.
HEAD_TITLES = {
    UnitType.KECAMATAN: ("Camat", "Kecamatan"),
    UnitType.KELURAHAN: ("Lurah", "Kelurahan"),
    UnitType.INSPEKTORAT: ("Inspektur", "Inspektorat"),
    UnitType.SETDA: ("Sekretaris Daerah", "Sekretariat Daerah"),
    UnitType.SETWAN: ("Sekretaris DPRD", "Sekretariat DPRD"),
    UnitType.RSUD: ("Direktur", ""),
}


class IssuerType(models.TextChoices):
    KEPALA_PD = "KEPALA_PD", _("Kepala Perangkat Daerah")
    WALI_KOTA = "WALI_KOTA", _("Wali Kota")
    SEKDA = "SEKDA", _("Sekretaris Daerah")

    @classmethod
    def label_of(cls, value: str) -> str:
        """The issuer as officials write it: the Wali Kota with the configured city
        ("Wali Kota Tangerang Selatan" from "Kota Tangerang Selatan")."""
        if value == cls.WALI_KOTA:
            return _("Wali %(city)s") % {"city": settings.PUG_CITY_NAME}
        return str(cls(value).label) if value in cls.values else value


class DecreeType(models.TextChoices):
    """What a decree sets up. Only an SK Tim Focal Point PUG appoints focal points:
    an SK Pokja PUG (Keputusan Wali Kota) appoints the city's Pokja PUG members and
    never counts as focal-point coverage, access or a figure."""

    FOCAL_POINT = "FOCAL_POINT", _("SK Tim Focal Point PUG")
    POKJA = "POKJA", _("SK Pokja PUG")
    OTHER = "OTHER", _("Lainnya")


class DecreeQuerySet(models.QuerySet):
    def focal_point(self) -> "DecreeQuerySet":
        return self.filter(decree_type=DecreeType.FOCAL_POINT)

    def pokja(self) -> "DecreeQuerySet":
        return self.filter(decree_type=DecreeType.POKJA)

    def visible_to(self, user) -> "DecreeQuerySet":
        if sees_all_units(user):
            return self
        units = Unit.objects.visible_to(user)
        return self.filter(
            Q(unit__in=units) | Q(appointments__unit__in=units)
        ).distinct()


class Decree(models.Model):
    """A Surat Keputusan: a focal-point team's, the Pokja PUG's, or another."""

    decree_type = models.CharField(
        _("jenis SK"),
        max_length=20,
        choices=DecreeType.choices,
        default=DecreeType.FOCAL_POINT,
        db_index=True,
    )
    number = models.CharField(_("nomor SK"), max_length=120)
    date = models.DateField(_("tanggal ditetapkan"), validators=[DOCUMENT_YEARS])
    title = models.CharField(
        _("tentang"),
        max_length=500,
        help_text=_('Misalnya "Tim Focal Point PUG Dinas Kesehatan".'),
    )
    issuer_type = models.CharField(
        _("ditetapkan oleh"), max_length=20, choices=IssuerType.choices
    )
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("perangkat daerah"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="decrees",
        help_text=_("Kosongkan untuk SK Wali Kota yang berlaku bagi beberapa PD."),
    )
    fiscal_year = models.PositiveSmallIntegerField(_("tahun anggaran"))
    valid_from = models.DateField(_("berlaku sejak"), validators=[DOCUMENT_YEARS])
    valid_to = models.DateField(
        _("berlaku sampai"), null=True, blank=True, validators=[DOCUMENT_YEARS]
    )
    file = models.FileField(
        _("salinan SK (PDF)"),
        upload_to="decrees/%Y/",
        blank=True,
        validators=[FileContentValidator(["pdf"])],
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = DecreeQuerySet.as_manager()

    class Meta:
        verbose_name = _("SK")
        verbose_name_plural = _("SK")
        ordering = ["-date", "number"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True)
                | Q(valid_to__gte=models.F("valid_from")),
                name="decree_valid_range",
            )
        ]

    def __str__(self) -> str:
        return f"SK {self.number}"

    def get_absolute_url(self) -> str:
        return reverse("focal_points:decree_detail", args=[self.pk])

    def is_in_force(self, on: datetime.date | None = None) -> bool:
        on = on or today()
        return self.valid_from <= on and (self.valid_to is None or self.valid_to >= on)

    @property
    def is_focal_point(self) -> bool:
        return self.decree_type == DecreeType.FOCAL_POINT

    @property
    def issuer_label(self) -> str:
        return IssuerType.label_of(self.issuer_type)

    @property
    def is_pokja(self) -> bool:
        return self.decree_type == DecreeType.POKJA

    def clean(self):
        # The Pokja PUG is the city's, set by Keputusan Wali Kota: never one unit's.
        if self.decree_type == DecreeType.POKJA:
            errors = {}
            if self.issuer_type != IssuerType.WALI_KOTA:
                errors["issuer_type"] = _(
                    "SK Pokja PUG adalah Keputusan Wali Kota: pilih penerbit Wali Kota."
                )
            if self.unit_id:
                errors["unit"] = _(
                    "SK Pokja PUG berlaku bagi seluruh kota: kosongkan perangkat daerah."
                )
            if errors:
                raise ValidationError(errors)


class Sex(models.TextChoices):
    L = "L", _("Laki-laki")
    P = "P", _("Perempuan")


class PersonQuerySet(models.QuerySet):
    def with_training_status(self) -> "PersonQuerySet":
        """Annotate `is_trained` (one EXISTS subquery). The rule itself lives in
        `focal_points.models.events.trained_exists`."""
        from focal_points.models.events import trained_exists

        return self.annotate(is_trained=trained_exists(OuterRef("pk")))


class Person(models.Model):
    """Someone who is or was a focal point. One row per person, found again by NIP, so
    the history of their appointments across units stays together."""

    name = models.CharField(_("nama"), max_length=150)
    nip = models.CharField(
        _("NIP"),
        max_length=18,
        null=True,
        blank=True,
        unique=True,
        validators=[nip_validator],
        help_text=_("18 angka, untuk ASN. Kosongkan bila bukan ASN."),
    )
    sex = models.CharField(_("jenis kelamin"), max_length=1, choices=Sex.choices)
    phone = models.CharField(_("telepon"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("akun pengguna"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="person",
    )

    objects = PersonQuerySet.as_manager()

    class Meta:
        verbose_name = _("orang")
        verbose_name_plural = _("orang")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class TenureQuerySet(models.QuerySet):
    """What focal-point appointments and Pokja PUG memberships share: a period
    under an SK."""

    def in_effect(self, on: datetime.date) -> "TenureQuerySet":
        """Started by `on`, not ended before it, and the SK in force on it."""
        return self.filter(
            Q(end_date__isnull=True) | Q(end_date__gte=on),
            start_date__lte=on,
            decree__valid_from__lte=on,
        ).filter(Q(decree__valid_to__isnull=True) | Q(decree__valid_to__gte=on))

    def overlapping(
        self, start: datetime.date, end: datetime.date | None
    ) -> "TenureQuerySet":
        qs = self.filter(Q(end_date__isnull=True) | Q(end_date__gte=start))
        if end is not None:
            qs = qs.filter(start_date__lte=end)
        return qs


class Tenure(models.Model):
    """A person's period in a role under an SK (a focal-point appointment, a Pokja
    PUG membership): history is kept, so a period is ended, never overwritten.
    Each model keeps its own `valid_range` CheckConstraint (their names predate
    this base)."""

    start_date = models.DateField(_("mulai"), validators=[DOCUMENT_YEARS])
    end_date = models.DateField(
        _("selesai"), null=True, blank=True, validators=[DOCUMENT_YEARS]
    )
    end_reason = models.CharField(_("alasan selesai"), max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True


class TeamRole(models.TextChoices):
    PENANGGUNG_JAWAB = "PENANGGUNG_JAWAB", _("Penanggung Jawab")
    KETUA = "KETUA", _("Ketua")
    SEKRETARIS = "SEKRETARIS", _("Sekretaris")
    ANGGOTA = "ANGGOTA", _("Anggota")


class AppointmentQuerySet(TenureQuerySet):
    def current(self, on: datetime.date | None = None) -> "AppointmentQuerySet":
        """Appointments in effect on `on` (today by default): started, not ended, and
        their SK in force. This one rule decides both access and the 'valid focal
        point' alert."""
        return self.under_focal_point_decree().in_effect(on or today())

    def covering_year(self, year: int) -> "AppointmentQuerySet":
        """Appointments that give their unit an "SK focal point tahun berjalan" for
        fiscal year `year`: under a decree for that year (unless the appointment
        ended before the year began), or in effect — the appointment and its SK
        both valid — on at least one day of the year.

        The figures of a year (dashboards, recaps) use this rule; access and the
        "no valid focal point" alert keep `current()`, today's rule. Three periods
        (appointment, SK validity, the year) share a day exactly when each pair
        overlaps, so the rule is six date comparisons in SQL."""
        first, last = fiscal_year_bounds(year)
        not_ended_before = Q(end_date__isnull=True) | Q(end_date__gte=first)
        decree_for_year = Q(decree__fiscal_year=year) & not_ended_before
        decree_valid_in_year = Q(decree__valid_from__lte=last) & (
            Q(decree__valid_to__isnull=True) | Q(decree__valid_to__gte=first)
        )
        appointment_under_valid_decree = (
            Q(decree__valid_to__isnull=True)
            | Q(start_date__lte=models.F("decree__valid_to"))
        ) & (Q(end_date__isnull=True) | Q(end_date__gte=models.F("decree__valid_from")))
        in_effect_in_year = (
            Q(start_date__lte=last)
            & not_ended_before
            & decree_valid_in_year
            & appointment_under_valid_decree
        )
        return self.under_focal_point_decree().filter(
            decree_for_year | in_effect_in_year
        )

    def under_focal_point_decree(self) -> "AppointmentQuerySet":
        """Services refuse to appoint a focal point under another type of SK; this
        keeps an SK whose type was later corrected out of access and coverage too."""
        return self.filter(decree__decree_type=DecreeType.FOCAL_POINT)

    def visible_to(self, user) -> "AppointmentQuerySet":
        return self.filter(unit__in=Unit.objects.visible_to(user))

    def with_training_status(
        self, by: datetime.date | None = None
    ) -> "AppointmentQuerySet":
        """Annotate `is_trained` for the appointed person (one EXISTS subquery),
        counting only training held by `by` when given. The rule itself lives in
        `focal_points.models.events.trained_exists`."""
        from focal_points.models.events import trained_exists

        return self.annotate(is_trained=trained_exists(OuterRef("person_id"), by=by))


class FocalPointAppointment(Tenure):
    """One person in one unit's focal-point team under one SK, for a period.
    Never overwritten: ending or transferring closes this row and may start another."""

    person = models.ForeignKey(
        Person,
        verbose_name=_("orang"),
        on_delete=models.PROTECT,
        related_name="appointments",
    )
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("perangkat daerah"),
        on_delete=models.PROTECT,
        related_name="appointments",
    )
    decree = models.ForeignKey(
        Decree,
        verbose_name=_("SK"),
        on_delete=models.PROTECT,
        related_name="appointments",
    )
    team_role = models.CharField(
        _("peran dalam tim"), max_length=20, choices=TeamRole.choices
    )
    position = models.CharField(_("jabatan"), max_length=255, blank=True)
    rank = models.CharField(_("pangkat/golongan"), max_length=100, blank=True)
    previous = models.OneToOneField(
        "self",
        verbose_name=_("penugasan sebelumnya"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="next",
    )

    objects = AppointmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("penugasan focal point")
        verbose_name_plural = _("penugasan focal point")
        ordering = ["unit__name", "team_role", "person__name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(end_date__gte=models.F("start_date")),
                name="appointment_valid_range",
            )
        ]
        indexes = [models.Index(fields=["unit", "start_date", "end_date"])]

    def __str__(self) -> str:
        return (
            f"{self.person} — {self.unit.short_name} ({self.get_team_role_display()})"
        )

    def get_absolute_url(self) -> str:
        return reverse("focal_points:appointment_detail", args=[self.pk])

    def is_current(self, on: datetime.date | None = None) -> bool:
        on = on or today()
        return (
            self.start_date <= on
            and (self.end_date is None or self.end_date >= on)
            and self.decree.is_in_force(on)
            and self.decree.is_focal_point
        )

    def clean(self):
        # Every way in (form, transfer, import) meets this: only an SK Tim Focal
        # Point PUG makes anyone a unit's focal point.
        if self.decree_id and not self.decree.is_focal_point:
            raise ValidationError({"decree": not_focal_point_decree_message()})


def not_focal_point_decree_message() -> str:
    return _(
        "SK ini bukan SK Tim Focal Point PUG; focal point hanya ditetapkan dengan "
        "SK Tim Focal Point PUG."
    )


class PokjaRole(models.TextChoices):
    PENGARAH = "PENGARAH", _("Pengarah")
    KETUA = "KETUA", _("Ketua")
    SEKRETARIS = "SEKRETARIS", _("Sekretaris")
    ANGGOTA = "ANGGOTA", _("Anggota")


class PokjaMembershipQuerySet(TenureQuerySet):
    def visible_to(self, user) -> "PokjaMembershipQuerySet":
        """Members of the SKs the user may see (an SK Pokja PUG is the city's:
        the city readers)."""
        return self.filter(decree__in=Decree.objects.visible_to(user))

    def current(self, on: datetime.date | None = None) -> "PokjaMembershipQuerySet":
        """Members on `on` (today by default): started, not ended, SK Pokja in force."""
        return self.filter(decree__decree_type=DecreeType.POKJA).in_effect(
            on or today()
        )


class PokjaMembership(Tenure):
    """One person in the city's Pokja PUG under one SK Pokja PUG, for a period.
    The same `Person` as in focal-point appointments, so a person's history shows
    both; kept apart from `FocalPointAppointment` so that Pokja membership never
    gives access to a unit nor counts as a unit's focal point."""

    person = models.ForeignKey(
        Person,
        verbose_name=_("orang"),
        on_delete=models.PROTECT,
        related_name="pokja_memberships",
    )
    decree = models.ForeignKey(
        Decree,
        verbose_name=_("SK Pokja PUG"),
        on_delete=models.PROTECT,
        related_name="pokja_memberships",
        limit_choices_to={"decree_type": DecreeType.POKJA},
    )
    pokja_role = models.CharField(
        _("peran dalam Pokja"), max_length=20, choices=PokjaRole.choices
    )
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("perangkat daerah"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="pokja_memberships",
        help_text=_("Perangkat daerah yang dipimpin anggota, bila ada."),
    )
    position = models.CharField(_("jabatan"), max_length=255, blank=True)

    objects = PokjaMembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("anggota Pokja PUG")
        verbose_name_plural = _("anggota Pokja PUG")
        ordering = ["decree", "pokja_role", "person__name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(end_date__gte=models.F("start_date")),
                name="pokja_membership_valid_range",
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} — {self.get_pokja_role_display()}"

    def get_absolute_url(self) -> str:
        return self.decree.get_absolute_url()

    def clean(self):
        errors = {}
        if self.decree_id and not self.decree.is_pokja:
            errors["decree"] = _(
                "Anggota Pokja PUG hanya ditetapkan dengan SK Pokja PUG."
            )
        if self.end_date and self.start_date and self.end_date < self.start_date:
            errors["end_date"] = _("Tanggal selesai sebelum tanggal mulai.")
        if errors:
            raise ValidationError(errors)
