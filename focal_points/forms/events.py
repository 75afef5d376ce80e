"""Forms for capacity-building events, invitations and attendance."""

from django import forms
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from focal_points.models import (
    CapacityEvent,
    FocalPointAppointment,
    Sex,
    Unit,
    UnitType,
)
from focal_points.services.events import parse_score, score_error
from pug_portal.forms import PortalFormMixin
from pug_portal.imports.forms import (
    CellField,
    FlagCellField,
    ImportFormMixin,
    LookupCellField,
)
from pug_portal.imports.reading import CellError
from pug_portal.nip import NipField, format_nip, nip_sex_error


class DateTimeInput(forms.DateTimeInput):
    """The browser's own date-and-time picker; the value travels as ISO."""

    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%dT%H:%M")


class EventForm(PortalFormMixin, forms.ModelForm):
    download_urls = {
        "materials": "focal_points:event_materials",
        "report_file": "focal_points:event_report_file",
    }

    class Meta:
        model = CapacityEvent
        fields = [
            "title",
            "event_type",
            "starts_at",
            "ends_at",
            "venue",
            "mode",
            "organiser",
            "opened_by",
            "target_participants",
            "funding_reference",
            "description",
            "materials",
            "report_file",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("starts_at", "ends_at"):
            # (keeping the year range PortalFormMixin gave the picker)
            self.fields[name].widget = DateTimeInput(self.fields[name].widget.attrs)
            self.fields[name].input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]
        self.fields["organiser"].queryset = Unit.objects.active().order_by("name")
        if not self.instance.pk:
            self.fields["organiser"].initial = (
                Unit.objects.active().filter(is_coordinator=True).first()
            )
        self.fields["report_file"].widget.attrs["accept"] = "application/pdf,.pdf"
        self.fields["materials"].widget.attrs["accept"] = ".pdf,.docx"

    def clean(self):
        data = super().clean()
        start, end = data.get("starts_at"), data.get("ends_at")
        if start and end and end < start:
            self.add_error(
                "ends_at",
                _("Waktu selesai sebelum waktu mulai. Periksa kedua tanggal."),
            )
        return data


class SpeakerForm(PortalFormMixin, forms.Form):
    submit_label = _("Tambah narasumber")
    name = forms.CharField(label=_("Nama"), max_length=150)
    institution = forms.CharField(label=_("Instansi"), max_length=255, required=False)
    topic = forms.CharField(label=_("Materi"), max_length=255, required=False)


class InviteForm(PortalFormMixin, forms.Form):
    """Units to invite: all of them, all of some types, or one by one (any mix);
    units already invited are not offered."""

    submit_label = _("Undang dan kirim e-mail")
    everyone = forms.BooleanField(
        label=_("Semua perangkat daerah yang belum diundang"), required=False
    )
    unit_types = forms.MultipleChoiceField(
        label=_("Semua perangkat daerah dari jenis"),
        choices=(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    units = forms.ModelMultipleChoiceField(
        label=_("Perangkat daerah yang diundang"),
        queryset=Unit.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_(
            "Focal point yang bertugas di perangkat daerah ini menerima e-mail "
            "undangan. Yang sudah diundang tidak dikirimi lagi."
        ),
    )

    def __init__(self, *args, event: CapacityEvent, **kwargs):
        super().__init__(*args, **kwargs)
        remaining = (
            Unit.objects.active()
            .exclude(event_invitations__event=event)
            .order_by("unit_type", "name")
        )
        self.fields["units"].queryset = remaining
        counts = dict(
            remaining.order_by()
            .values_list("unit_type")
            .annotate(n=Count("pk"))
            .values_list("unit_type", "n")
        )
        self.fields["unit_types"].choices = [
            (value, f"{label} ({counts[value]})")
            for value, label in UnitType.choices
            if counts.get(value)
        ]

    def clean(self):
        data = super().clean()
        remaining = self.fields["units"].queryset
        if data.get("everyone"):
            chosen = list(remaining)
        else:
            by_type = remaining.filter(unit_type__in=data.get("unit_types") or [])
            chosen = list(
                {u.pk: u for u in [*by_type, *(data.get("units") or [])]}.values()
            )
        if not chosen and not self.errors:
            raise forms.ValidationError(
                _("Pilih perangkat daerah yang diundang, jenisnya, atau semua.")
            )
        data["units"] = chosen
        return data


class AppointmentChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: FocalPointAppointment) -> str:
        nip = format_nip(obj.person.nip) or "—"
        return f"{obj.person.name} — {obj.unit.short_name} (NIP {nip})"


class AttendanceAddForm(PortalFormMixin, forms.Form):
    """Either pick a focal point from the directory, or fill in a free entry."""

    submit_label = _("Tambah peserta")
    person = AppointmentChoiceField(
        label=_("Dari direktori focal point"),
        queryset=FocalPointAppointment.objects.none(),
        required=False,
        help_text=_(
            "Pilih di sini, atau kosongkan dan isi data peserta lain di bawah."
        ),
    )
    name = forms.CharField(label=_("Nama"), max_length=150, required=False)
    nip = NipField(empty_value=None)
    sex = forms.ChoiceField(
        label=_("Jenis kelamin"), choices=[("", "—"), *Sex.choices], required=False
    )
    unit = forms.ModelChoiceField(
        label=_("Perangkat daerah"), queryset=Unit.objects.none(), required=False
    )
    institution = forms.CharField(
        label=_("Instansi lain (bila bukan perangkat daerah Kota)"),
        max_length=255,
        required=False,
    )
    position = forms.CharField(label=_("Jabatan"), max_length=255, required=False)
    attended = forms.BooleanField(label=_("Hadir"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # (The import form has neither: no directory pick, the unit by its name.)
        if isinstance(self.fields.get("person"), forms.ModelChoiceField):
            self.fields["person"].queryset = (
                FocalPointAppointment.objects.current()
                .select_related("person", "unit")
                .order_by("unit__name", "person__name")
            )
        if isinstance(self.fields.get("unit"), forms.ModelChoiceField):
            self.fields["unit"].queryset = Unit.objects.active().order_by("name")

    def clean(self):
        data = super().clean()
        if message := nip_sex_error(data.get("nip"), data.get("sex")):
            self.add_error("nip", message)
        if not data.get("person"):
            if not data.get("name") and "name" not in self.errors:
                self.add_error(
                    "name", _("Isi nama, atau pilih peserta dari direktori di atas.")
                )
            if not data.get("sex") and "sex" not in self.errors:
                self.add_error("sex", _("Pilih jenis kelamin."))
        return data


class ScoreCellField(CellField):
    """A pre-/post-test score, read by the attendance services' own rule."""

    def parse(self, text: str) -> int | None:
        try:
            return parse_score(text)
        except ValueError:
            raise CellError(score_error()) from None


# How a daftar hadir writes sex and presence.
SEX_WORDS = {"l": Sex.L, "laki-laki": Sex.L, "pria": Sex.L}
SEX_WORDS |= {"p": Sex.P, "perempuan": Sex.P, "wanita": Sex.P}
ATTENDED_WORDS = {"1", "ya", "y", "hadir", "x", "true", "v", "✓"}
ABSENT_WORDS = {"0", "tidak", "t", "n", "false", "-"}


class AttendanceImportForm(ImportFormMixin, AttendanceAddForm):
    """One row of an event's attendance import: the add-participant form, the scores
    and certificate of the checklist, and the unit named by its short name or name
    among `units` (every unit: a participant may come from any)."""

    sex = LookupCellField(
        options=SEX_WORDS,
        message=lambda text: _("isi dengan L atau P"),
    )
    attended = FlagCellField(
        label=_("Hadir"),
        yes=ATTENDED_WORDS,
        no=ABSENT_WORDS,
        message=_("isi dengan ya atau tidak"),
        empty=False,
    )
    pre_test = ScoreCellField(required=False)
    post_test = ScoreCellField(required=False)
    certificate_number = forms.CharField(
        label=_("Nomor sertifikat"), max_length=100, required=False
    )

    unit = LookupCellField(
        options={},
        message=lambda text: (
            _(
                "perangkat daerah %(unit)s tidak dikenal; tulis singkatannya atau isi "
                "kolom instansi"
            )
            % {"unit": text}
        ),
        required=False,
    )

    def __init__(self, *args, units: dict[str, Unit], **kwargs):
        super().__init__(*args, **kwargs)
        if "unit" in self.fields:
            self.fields["unit"].options = units


def _score_field(label) -> forms.IntegerField:
    """A test score typed in the checklist: empty, or 0–100."""
    outside = _("Nilai harus antara 0 dan 100.")
    return forms.IntegerField(
        label=label,
        required=False,
        min_value=0,
        max_value=100,
        error_messages={"min_value": outside, "max_value": outside},
    )


class AttendanceMarkForm(forms.Form):
    """One row of the attendance checklist."""

    id = forms.IntegerField(widget=forms.HiddenInput)
    attended = forms.BooleanField(label=_("Hadir"), required=False)
    pre_test = _score_field(_("Pre-test"))
    post_test = _score_field(_("Post-test"))
    certificate_number = forms.CharField(
        label=_("Nomor sertifikat"), max_length=100, required=False
    )


AttendanceMarkFormSet = forms.formset_factory(AttendanceMarkForm, extra=0)
