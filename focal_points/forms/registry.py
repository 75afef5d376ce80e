import json

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from focal_points.models import (
    AwardResult,
    Decree,
    DecreeType,
    IssuerType,
    PokjaMembership,
    PokjaRole,
    Sex,
    TeamRole,
    Unit,
    UnitType,
    today,
)
from pug_portal.forms import PortalFormMixin
from pug_portal.imports.forms import (
    ChoiceCellField,
    DateCellField,
    FlagCellField,
    ImportFormMixin,
    LookupCellField,
)
from pug_portal.models import Role, User
from pug_portal.nip import NipField, nip_sex_error


class UnitForm(PortalFormMixin, forms.ModelForm):
    class Meta:
        model = Unit
        fields = [
            "name",
            "short_name",
            "code",
            "unit_type",
            "parent",
            "is_coordinator",
            "is_planning_agency",
            "head_name",
            "head_title",
            "head_nip",
            "head_rank",
            "head_user",
            "address",
            "valid_from",
            "note",
        ]
        widgets = {
            "address": forms.Textarea(attrs={"rows": 2}),
            "note": forms.Textarea(attrs={"rows": 2}),
        }
        field_classes = {"head_nip": NipField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if isinstance(self.fields.get("parent"), forms.ModelChoiceField):
            parents = Unit.objects.active().filter(
                unit_type__in=[UnitType.SETDA, UnitType.KECAMATAN]
            )
            if self.instance.pk:
                parents = parents.exclude(pk=self.instance.pk)
            self.fields["parent"].queryset = parents


class UnitImportForm(ImportFormMixin, UnitForm):
    """One row of the unit import: the unit page's form, with the type by its code
    or name, yes/no flags as spreadsheets write them, and the parent named by its
    short name among `parents` (lower-cased name → short name: units already saved
    and units of the same file, which the importer creates first)."""

    unit_type = ChoiceCellField(choices=UnitType.choices)
    is_coordinator = FlagCellField(empty=False)
    is_planning_agency = FlagCellField(empty=False)
    parent = LookupCellField(
        options={},
        message=lambda text: _("induk %(p)s tidak dikenal") % {"p": text},
        required=False,
    )

    def __init__(self, *args, parents: dict[str, str], **kwargs):
        super().__init__(*args, **kwargs)
        if "parent" in self.fields:
            self.fields["parent"].options = parents


class UnitRenameForm(PortalFormMixin, forms.Form):
    submit_label = _("Ganti nama")
    name = forms.CharField(label=_("Nama baru"), max_length=255)
    short_name = forms.CharField(label=_("Singkatan baru"), max_length=60)
    code = forms.CharField(label=_("Kode baru"), max_length=30, required=False)
    on = forms.DateField(label=_("Berlaku sejak"))

    def clean_short_name(self):
        short_name = self.cleaned_data["short_name"]
        if Unit.objects.filter(short_name__iexact=short_name).exists():
            raise forms.ValidationError(_("Singkatan ini sudah dipakai."))
        return short_name


class UnitDeactivateForm(PortalFormMixin, forms.Form):
    submit_label = _("Nonaktifkan")
    on = forms.DateField(label=_("Tidak berlaku lagi sejak"))


class DecreeForm(PortalFormMixin, forms.ModelForm):
    download_urls = {"file": "focal_points:decree_file"}

    class Meta:
        model = Decree
        fields = [
            "decree_type",
            "number",
            "date",
            "title",
            "issuer_type",
            "unit",
            "fiscal_year",
            "valid_from",
            "valid_to",
            "file",
        ]

    def __init__(self, *args, unit: Unit | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.active().order_by("name")
        if unit is not None:
            self.fields["unit"].initial = unit.pk
        self.fields["file"].widget.attrs["accept"] = "application/pdf,.pdf"
        # A form (or script) that does not send the type keeps the decree's, and a
        # new decree is a focal-point team's, as every decree was before types.
        self.fields["decree_type"].required = False
        # An SK Pokja PUG is a Keputusan Wali Kota of the whole city: choosing the
        # type fills "ditetapkan oleh" and empties the unit in the browser (script),
        # and a blank "ditetapkan oleh" becomes the Wali Kota on the server (`clean`).
        issuer = self.fields["issuer_type"]
        issuer.required = False
        issuer.choices = [
            (value, IssuerType.label_of(value) if value else label)
            for value, label in issuer.choices
        ]
        self.fields["decree_type"].widget.attrs["data-presets"] = json.dumps(
            {DecreeType.POKJA: {"issuer_type": IssuerType.WALI_KOTA, "unit": ""}}
        )

    def clean_decree_type(self):
        return self.cleaned_data.get("decree_type") or self.instance.decree_type

    def clean_issuer_type(self):
        issuer = self.cleaned_data.get("issuer_type")
        # decree_type is cleaned first (field order): the posted type or the decree's
        if not issuer and self.cleaned_data.get("decree_type") == DecreeType.POKJA:
            return IssuerType.WALI_KOTA
        if not issuer:
            raise forms.ValidationError(
                self.fields["issuer_type"].error_messages["required"], code="required"
            )
        return issuer

    def clean(self):
        data = super().clean()
        start, end = data.get("valid_from"), data.get("valid_to")
        if start and end and end < start:
            self.add_error("valid_to", _("Tanggal akhir sebelum tanggal mulai."))
        return data


class PersonFieldsMixin(forms.Form):
    name = forms.CharField(label=_("Nama lengkap"), max_length=150)
    nip = NipField(empty_value=None)
    # Radio buttons with nothing checked: the person's sex is asked, never assumed.
    sex = forms.ChoiceField(
        label=_("Jenis kelamin"), choices=Sex.choices, widget=forms.RadioSelect
    )
    phone = forms.CharField(label=_("Telepon"), max_length=30, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)

    def clean(self):
        data = super().clean()
        if message := nip_sex_error(data.get("nip"), data.get("sex")):
            self.add_error("nip", message)
        return data

    def person_data(self) -> dict:
        return {
            name: self.cleaned_data[name]
            for name in ("name", "nip", "sex", "phone", "email")
        }


class AppointmentForm(PortalFormMixin, PersonFieldsMixin):
    submit_label = _("Tetapkan focal point")
    position = forms.CharField(label=_("Jabatan"), max_length=255, required=False)
    rank = forms.CharField(label=_("Pangkat/golongan"), max_length=100, required=False)
    team_role = forms.ChoiceField(
        label=_("Peran dalam tim"), choices=[("", "—"), *TeamRole.choices]
    )
    decree = forms.ModelChoiceField(label=_("SK"), queryset=Decree.objects.none())
    start_date = forms.DateField(label=_("Mulai"))
    end_date = forms.DateField(label=_("Selesai"), required=False)
    user = forms.ModelChoiceField(
        label=_("Akun pengguna yang sudah ada"),
        queryset=User.objects.none(),
        required=False,
        help_text=_("Hubungkan dengan akun yang ada, atau centang undangan di bawah."),
    )
    invite = forms.BooleanField(
        label=_("Buat akun dan kirim undangan ke e-mail di atas"), required=False
    )

    def __init__(self, *args, unit: Unit | None, **kwargs):
        super().__init__(*args, **kwargs)
        # (The import form has no unit here: it finds the SK by its number, and has
        # no account to link.)
        if unit is not None:
            self._offer_decrees(unit)
        if "user" in self.fields:
            self.fields["user"].queryset = User.objects.filter(
                role=Role.FOCAL_POINT, is_active=True
            ).order_by("username")

    def _offer_decrees(self, unit: Unit) -> None:
        """The SKs of the unit (or of the unit it was renamed from) and the city-wide
        ones that have not expired, newest first; the unit's own SK in force today
        comes chosen."""
        on = today()
        issued_to = Q(unit=unit) | Q(unit__isnull=True)
        if unit.predecessor_id:
            issued_to |= Q(unit_id=unit.predecessor_id)
        decrees = (
            Decree.objects.focal_point()
            .filter(issued_to)
            .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=on))
            .order_by("-date", "-pk")
        )
        self.fields["decree"].queryset = decrees
        if not self.is_bound and "decree" not in self.initial:
            in_force = [d for d in decrees if d.valid_from <= on]
            own = [d for d in in_force if d.unit_id is not None]
            if own or in_force:
                self.initial["decree"] = (own or in_force)[0].pk

    def clean(self):
        data = super().clean()
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("Tanggal selesai sebelum tanggal mulai."))
        if data.get("user") and data.get("invite"):
            self.add_error(
                "invite", _("Pilih akun yang ada atau undangan, bukan keduanya.")
            )
        return data


class UnitCellField(LookupCellField):
    """An import's unit cell: a unit by its short name among the importer's units
    (those in the user's scope; the form sets `options`). An unknown unit and one
    outside the scope read the same."""

    def __init__(self, **kwargs):
        super().__init__(
            options={},
            message=lambda text: (
                _("perangkat daerah %(unit)s tidak dikenal") % {"unit": text}
            ),
            **kwargs,
        )


class AppointmentImportForm(ImportFormMixin, AppointmentForm):
    """One row of the focal-point import: the appointment page's form, plus the unit
    named by its short name among `units` (the importer's, in the user's scope) and
    the SK by its number among `decrees` (lower-cased number → decrees with that
    number). Choices by code or label, dates as spreadsheets write them."""

    sex = ChoiceCellField(choices=Sex.choices)
    team_role = ChoiceCellField(choices=TeamRole.choices)
    decree = forms.CharField(max_length=120)  # the SK number
    start_date = DateCellField()
    end_date = DateCellField(required=False)

    unit = UnitCellField(label=_("Perangkat daerah"))

    def __init__(self, *args, units: dict[str, Unit], decrees: dict, **kwargs):
        super().__init__(*args, unit=None, **kwargs)
        self.fields["unit"].options = units
        self.decrees = decrees

    def clean(self):
        data = super().clean()
        if "decree" in data:
            data["decree"] = self._decree(data["decree"], data.get("unit"))
        return data

    def _decree(self, number: str, unit: Unit | None) -> Decree | None:
        """The SK with this number: the unit's own, else the city's, else another
        unit's (which `appointment_create` refuses with its own words)."""
        candidates = sorted(
            self.decrees.get(number.lower(), []),
            key=lambda d: (unit is None or d.unit_id != unit.pk, d.unit_id is not None),
        )
        if not candidates:
            self.add_error(
                "decree",
                _(
                    "SK nomor %(number)s belum tercatat; catat SK-nya dulu di menu SK, "
                    "lalu impor lagi"
                )
                % {"number": number},
            )
            return None
        return candidates[0]


class AppointmentEndForm(PortalFormMixin, forms.Form):
    submit_label = _("Akhiri penugasan")
    on = forms.DateField(label=_("Hari terakhir bertugas"))
    reason = forms.CharField(label=_("Alasan"), max_length=255, required=False)


class AppointmentTransferForm(PortalFormMixin, forms.Form):
    submit_label = _("Mutasikan")
    to_unit = forms.ModelChoiceField(
        label=_("Ke perangkat daerah"), queryset=Unit.objects.none()
    )
    decree = forms.ModelChoiceField(
        label=_("SK di unit baru"), queryset=Decree.objects.all()
    )
    team_role = forms.ChoiceField(
        label=_("Peran dalam tim"), choices=[("", "—"), *TeamRole.choices]
    )
    position = forms.CharField(label=_("Jabatan baru"), max_length=255, required=False)
    on = forms.DateField(label=_("Mulai di unit baru"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_unit"].queryset = Unit.objects.active().order_by("name")
        self.fields["decree"].queryset = (
            Decree.objects.focal_point().select_related("unit").order_by("-date")
        )


class AwardDeleteForm(PortalFormMixin, forms.Form):
    """The confirm page of a removal: its only input is the button."""

    submit_label = _("Hapus")


class AwardForm(PortalFormMixin, forms.ModelForm):
    download_urls = {"evidence": "focal_points:award_file"}

    class Meta:
        model = AwardResult
        fields = ["year", "framework", "category", "note", "evidence"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["evidence"].widget.attrs["accept"] = (
            "application/pdf,.pdf,image/jpeg,.jpg,.jpeg,image/png,.png"
        )


class PokjaMemberForm(PortalFormMixin, PersonFieldsMixin):
    submit_label = _("Tetapkan anggota")
    pokja_role = forms.ChoiceField(
        label=_("Peran dalam Pokja"), choices=[("", "—"), *PokjaRole.choices]
    )
    position = forms.CharField(label=_("Jabatan"), max_length=255, required=False)
    unit = forms.ModelChoiceField(
        label=_("Perangkat daerah yang dipimpin"),
        queryset=Unit.objects.none(),
        required=False,
    )
    start_date = forms.DateField(label=_("Mulai"))
    end_date = forms.DateField(label=_("Selesai"), required=False)

    def __init__(self, *args, presets: dict | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.active().order_by("name")
        set_presets(self, presets)

    def clean(self):
        data = super().clean()
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("Tanggal selesai sebelum tanggal mulai."))
        return data


def set_presets(form: forms.Form, presets: dict | None) -> None:
    """Suggested members for the page's script (`data-presets`, static/js/portal.js):
    {"by_role": {role: fields}, "by_unit": {unit id: fields}} — choosing a role
    or a unit fills the head's name, NIP, sex and position; the user may change
    them. Without the script the page offers the same through ?role= / ?unit=."""
    if not presets:
        return
    if "pokja_role" in form.fields and presets.get("by_role"):
        form.fields["pokja_role"].widget.attrs["data-presets"] = json.dumps(
            presets["by_role"]
        )
    if "unit" in form.fields and presets.get("by_unit"):
        form.fields["unit"].widget.attrs["data-presets"] = json.dumps(
            {str(pk): row for pk, row in presets["by_unit"].items()}
        )


class PokjaMemberUpdateForm(PortalFormMixin, forms.ModelForm):
    """Correct a membership (the person, and its end, change by ending or handing
    over, which keeps the history)."""

    class Meta:
        model = PokjaMembership
        fields = ["pokja_role", "unit", "position", "start_date"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.active().order_by("name")
        self.fields["unit"].label = _("Perangkat daerah yang dipimpin")

    def _post_clean(self):
        # the service validates the changed row (with the overlap rules) and saves
        pass


class PokjaMemberEndForm(PortalFormMixin, forms.Form):
    submit_label = _("Akhiri keanggotaan")
    on = forms.DateField(label=_("Hari terakhir sebagai anggota"))
    reason = forms.CharField(
        label=_("Alasan"),
        max_length=255,
        help_text=_("Misalnya: pensiun, mutasi jabatan, SK diganti."),
    )


class PokjaMemberTransferForm(PortalFormMixin, PersonFieldsMixin):
    """Hand the role to another person (the old membership ends the day before)."""

    submit_label = _("Alihkan peran")
    on = forms.DateField(label=_("Mulai menjabat (orang baru)"))
    unit = forms.ModelChoiceField(
        label=_("Perangkat daerah yang dipimpin"),
        queryset=Unit.objects.none(),
        required=False,
    )
    position = forms.CharField(label=_("Jabatan"), max_length=255, required=False)
    reason = forms.CharField(
        label=_("Alasan pengalihan"), max_length=255, required=False
    )

    def __init__(self, *args, presets: dict | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.active().order_by("name")
        set_presets(self, presets)
