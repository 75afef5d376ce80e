"""Capacity-building events (kegiatan peningkatan kapasitas): speakers, invited units
and attendance. Attendance at training-type events decides who counts as trained —
see `trained_exists`, the one place that rule lives."""

import datetime

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from focal_points.models.registry import Person, Sex, Unit, nip_validator
from pug_portal.permissions import sees_all_units
from pug_portal.uploads import FileContentValidator
from pug_portal.validation import EVENT_YEARS, REASON_TEXT, LimitedTextField


class EventType(models.TextChoices):
    SOSIALISASI = "SOSIALISASI", _("Sosialisasi")
    ADVOKASI = "ADVOKASI", _("Advokasi")
    BIMTEK = "BIMTEK", _("Bimbingan Teknis")
    PELATIHAN_PPRG = "PELATIHAN_PPRG", _("Pelatihan PPRG")
    PENGUATAN_FOCAL_POINT = "PENGUATAN_FOCAL_POINT", _("Penguatan Focal Point")
    RAKOR_POKJA = "RAKOR_POKJA", _("Rapat Koordinasi Pokja PUG")
    PENDAMPINGAN = "PENDAMPINGAN", _("Pendampingan")


# Events whose attendance makes a person "trained" (terlatih): technical guidance,
# PPRG training and focal-point strengthening teach the analysis tools. Socialisation,
# advocacy, coordination meetings and mentoring do not.
TRAINING_TYPES: frozenset[str] = frozenset(
    {EventType.BIMTEK, EventType.PELATIHAN_PPRG, EventType.PENGUATAN_FOCAL_POINT}
)


def trained_exists(person_ref, *, by: datetime.date | None = None) -> Exists:
    """The trained-status rule, as an EXISTS expression over `person_ref` (usually
    `OuterRef("pk")` on Person or `OuterRef("person_id")` on an appointment).

    A person is trained when they are marked as attended (`attended=True`) at any
    event of a type in TRAINING_TYPES: BIMTEK, PELATIHAN_PPRG or
    PENGUATAN_FOCAL_POINT. Registration without attendance does not count. With
    `by` before today, only events that started on or before that day count: the
    trained people of a past year stay those of that year."""
    attended = Attendance.objects.filter(
        person_id=person_ref, attended=True, event__event_type__in=TRAINING_TYPES
    )
    # Today's figures take every attendance recorded, as the directory does (an
    # attendance may be entered ahead of the event's date); a past day only the
    # events held by then.
    if by is not None and by < timezone.localdate():
        attended = attended.filter(event__starts_at__date__lte=by)
    return Exists(attended)


class EventMode(models.TextChoices):
    LURING = "LURING", _("Luring")
    DARING = "DARING", _("Daring")
    HYBRID = "HYBRID", _("Hybrid")


class CapacityEventQuerySet(models.QuerySet):
    def visible_to(self, user) -> "CapacityEventQuerySet":
        """City readers see every event; others only events their units were invited
        to or organise. Anything else is a 404 for them."""
        if sees_all_units(user):
            return self
        units = Unit.objects.visible_to(user)
        invited = EventInvitation.objects.filter(event=OuterRef("pk"), unit__in=units)
        return self.filter(Q(Exists(invited)) | Q(organiser__in=units))

    def upcoming(self, now=None) -> "CapacityEventQuerySet":
        """Events that have not ended yet, soonest first."""
        return self.filter(ends_at__gte=now or timezone.now()).order_by("starts_at")

    def in_year(self, year: int) -> "CapacityEventQuerySet":
        return self.filter(starts_at__year=year)


class CapacityEvent(models.Model):
    """A capacity-building event organised for focal points and other staff."""

    title = models.CharField(_("nama kegiatan"), max_length=255)
    event_type = models.CharField(_("jenis"), max_length=30, choices=EventType.choices)
    starts_at = models.DateTimeField(_("mulai"), validators=[EVENT_YEARS])
    ends_at = models.DateTimeField(_("selesai"), validators=[EVENT_YEARS])
    venue = models.CharField(_("tempat"), max_length=255, blank=True)
    mode = models.CharField(
        _("moda"), max_length=10, choices=EventMode.choices, default=EventMode.LURING
    )
    opened_by = models.CharField(
        _("dibuka oleh"),
        max_length=255,
        blank=True,
        help_text=_('Nama dan jabatan, misalnya "Wakil Wali Kota Benyamin Davnie".'),
    )
    organiser = models.ForeignKey(
        Unit,
        verbose_name=_("penyelenggara"),
        on_delete=models.PROTECT,
        related_name="organised_events",
    )
    target_participants = models.PositiveIntegerField(
        _("target peserta"), null=True, blank=True
    )
    funding_reference = models.CharField(
        _("sumber dana (sub kegiatan)"),
        max_length=255,
        blank=True,
        help_text=_('Kode dan nama sub kegiatan, misalnya "2.08.02.2.01.01 …".'),
    )
    description = LimitedTextField(_("keterangan"), blank=True, max_length=REASON_TEXT)
    materials = models.FileField(
        _("bahan/materi (PDF atau DOCX)"),
        upload_to="events/materials/%Y/",
        blank=True,
        validators=[FileContentValidator(["pdf", "docx"])],
    )
    report_file = models.FileField(
        _("laporan kegiatan (PDF)"),
        upload_to="events/reports/%Y/",
        blank=True,
        validators=[FileContentValidator(["pdf"])],
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("dibuat oleh"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CapacityEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("kegiatan peningkatan kapasitas")
        verbose_name_plural = _("kegiatan peningkatan kapasitas")
        ordering = ["-starts_at", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gte=models.F("starts_at")),
                name="event_valid_range",
            )
        ]
        indexes = [models.Index(fields=["starts_at"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("focal_points:event_detail", args=[self.pk])

    @property
    def is_training(self) -> bool:
        return self.event_type in TRAINING_TYPES


class EventSpeaker(models.Model):
    """A speaker (narasumber) at an event."""

    event = models.ForeignKey(
        CapacityEvent,
        verbose_name=_("kegiatan"),
        on_delete=models.CASCADE,
        related_name="speakers",
    )
    name = models.CharField(_("nama"), max_length=150)
    institution = models.CharField(_("instansi"), max_length=255, blank=True)
    topic = models.CharField(_("materi"), max_length=255, blank=True)
    order = models.PositiveSmallIntegerField(_("urutan"), default=0)

    class Meta:
        verbose_name = _("narasumber")
        verbose_name_plural = _("narasumber")
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.name


class EventInvitation(models.Model):
    """A unit invited to an event. Its current focal points are mailed once."""

    event = models.ForeignKey(
        CapacityEvent,
        verbose_name=_("kegiatan"),
        on_delete=models.CASCADE,
        related_name="invitations",
    )
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("perangkat daerah"),
        on_delete=models.PROTECT,
        related_name="event_invitations",
    )
    invited_at = models.DateTimeField(_("diundang pada"), auto_now_add=True)
    notified = models.BooleanField(_("e-mail terkirim"), default=False)

    class Meta:
        verbose_name = _("undangan")
        verbose_name_plural = _("undangan")
        ordering = ["unit__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "unit"], name="invitation_once_per_unit"
            )
        ]

    def __str__(self) -> str:
        return f"{self.event} — {self.unit.short_name}"


class AttendanceQuerySet(models.QuerySet):
    def with_invitation_flag(self) -> "AttendanceQuerySet":
        """Annotate `unit_invited`: False flags a participant whose unit was not
        invited (allowed, but shown)."""
        invited = EventInvitation.objects.filter(
            event=OuterRef("event_id"), unit=OuterRef("unit_id")
        )
        return self.annotate(unit_invited=Exists(invited))


score_validators = [MinValueValidator(0), MaxValueValidator(100)]


class Attendance(models.Model):
    """One participant of an event: a person from the directory, or a free entry.

    Name, NIP, sex, unit and position are copied at registration, so the daftar hadir
    shows what was true on the day even after a transfer."""

    event = models.ForeignKey(
        CapacityEvent,
        verbose_name=_("kegiatan"),
        on_delete=models.CASCADE,
        related_name="attendances",
    )
    person = models.ForeignKey(
        Person,
        verbose_name=_("orang (direktori)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="attendances",
    )
    name = models.CharField(_("nama"), max_length=150)
    nip = models.CharField(
        _("NIP"), max_length=18, null=True, blank=True, validators=[nip_validator]
    )
    sex = models.CharField(_("jenis kelamin"), max_length=1, choices=Sex.choices)
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("perangkat daerah"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="attendances",
    )
    institution = models.CharField(
        _("instansi lain"),
        max_length=255,
        blank=True,
        help_text=_("Untuk peserta dari luar perangkat daerah Kota."),
    )
    position = models.CharField(_("jabatan"), max_length=255, blank=True)
    attended = models.BooleanField(_("hadir"), default=False)
    pre_test = models.PositiveSmallIntegerField(
        _("nilai pre-test"), null=True, blank=True, validators=score_validators
    )
    post_test = models.PositiveSmallIntegerField(
        _("nilai post-test"), null=True, blank=True, validators=score_validators
    )
    certificate_number = models.CharField(
        _("nomor sertifikat"), max_length=100, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = AttendanceQuerySet.as_manager()

    class Meta:
        verbose_name = _("peserta")
        verbose_name_plural = _("peserta")
        ordering = ["unit__name", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "person"],
                condition=Q(person__isnull=False),
                name="attendance_person_once",
            ),
            models.UniqueConstraint(
                fields=["event", "nip"],
                condition=Q(nip__isnull=False),
                name="attendance_nip_once",
            ),
            models.CheckConstraint(
                condition=Q(pre_test__isnull=True) | Q(pre_test__lte=100),
                name="attendance_pre_test_range",
            ),
            models.CheckConstraint(
                condition=Q(post_test__isnull=True) | Q(post_test__lte=100),
                name="attendance_post_test_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} — {self.event}"

    @property
    def unit_label(self) -> str:
        if self.unit_id:
            return self.unit.short_name
        return self.institution
