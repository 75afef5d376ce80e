"""Form pieces shared by every app."""

from decimal import Decimal

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.functional import cached_property
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from pug_portal.imports.reading import CellError, parse_amount
from pug_portal.validation import DOCUMENT_YEARS, YearRangeValidator


class LongSelect(forms.Select):
    """A select for long lists (every unit: 100 options), written in Python instead
    of one template render per option; the same HTML as Django's Select. Django's
    per-option templates made the unit filter 13 ms of the dossier list's 80 ms."""

    def render(self, name, value, attrs=None, renderer=None) -> str:
        widget = self.get_context(name, value, attrs)["widget"]
        parts = [format_html('<select name="{}"{}>', widget["name"], _attrs(widget))]
        for group_name, options, _index in widget["optgroups"]:
            if group_name:
                parts.append(format_html('\n  <optgroup label="{}">', group_name))
            for option in options:  # Django's option template ends with a newline
                parts.append(
                    format_html(
                        '\n  <option value="{}"{}>{}</option>\n',
                        str(option["value"]),
                        _attrs(option),
                        option["label"],
                    )
                )
            if group_name:
                parts.append("\n  </optgroup>")
        parts.append("\n</select>")
        return mark_safe("".join(parts))  # noqa: S308 - every part escaped above


def _attrs(widget: dict) -> str:
    """A widget's attributes as django/forms/widgets/attrs.html writes them."""
    return format_html_join(
        "",
        "{}",
        (
            (
                format_html(" {}", key)
                if value is True
                else format_html(' {}="{}"', key, str(value)),
            )
            for key, value in widget["attrs"].items()
            if value is not False
        ),
    )


class DateInput(forms.DateInput):
    """The browser's own date picker; the value travels as ISO (YYYY-MM-DD)."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


# Control characters (C0, DEL, C1) and the bidirectional overrides that make a
# name read differently from what is stored ("\u202egnp.exe"). Tabs and line breaks
# stay in multi-line text only; a single line gets a space for each.
_INVISIBLE = [
    c
    for c in [*range(0x20), *range(0x7F, 0xA0), *range(0x202A, 0x202F)]
    + [*range(0x2066, 0x206A)]
    if chr(c) not in "\t\n\r"
]
_STRIP_TEXT = dict.fromkeys(_INVISIBLE)
_STRIP_LINE = {**_STRIP_TEXT, ord("\t"): " ", ord("\n"): " ", ord("\r"): " "}


def strip_control_characters(text: str, *, multiline: bool = False) -> str:
    """`text` without control characters: a single line gets spaces for tabs and
    line breaks; multi-line text keeps them, as "\n" (a browser counts a line
    break as one character against a textarea's maxlength and sends two)."""
    if multiline:
        return text.replace("\r\n", "\n").translate(_STRIP_TEXT)
    return text.translate(_STRIP_LINE)


class CleanTextMixin:
    """Strips control characters from every text field's input before the form
    validates it, so lengths are counted and values stored without them (they are
    invisible on the page, break exports and can disguise a name)."""

    def full_clean(self):
        if self.is_bound:
            self.data = self._clean_text_data(self.data)
        super().full_clean()

    def _clean_text_data(self, data):
        data = data.copy()  # a QueryDict copy is mutable
        for name, field in self.fields.items():
            if not isinstance(field, forms.CharField):
                continue
            multiline = isinstance(field.widget, forms.Textarea)
            key = self.add_prefix(name)
            if hasattr(data, "setlist"):
                values = data.getlist(key)
                if values:
                    data.setlist(
                        key,
                        [
                            strip_control_characters(v, multiline=multiline)
                            if isinstance(v, str)
                            else v
                            for v in values
                        ],
                    )
            elif isinstance(data.get(key), str):
                data[key] = strip_control_characters(data[key], multiline=multiline)
        return data


class GroupedNumberInput(forms.TextInput):
    """A number shown the way people write it, grouped in the active language
    ("1.500.000", "18,5"; never "1500000.00"): a text box, since a number box takes
    neither grouping nor the Indonesian decimal comma. Phones get the number keypad."""

    def __init__(self, attrs=None):
        super().__init__(attrs={"inputmode": "decimal", **(attrs or {})})

    def format_value(self, value):
        if isinstance(value, int | Decimal) and not isinstance(value, bool):
            value = Decimal(value)
            # whole numbers without ",00"; a fraction as typed (18,5 stays 18,5)
            value = (
                value.quantize(Decimal(1))
                if value == value.to_integral()
                else value.normalize()
            )
            return number_format(value, force_grouping=True)
        return super().format_value(value)


def _grouped_number(text) -> Decimal | None:
    """A typed number, grouped or not, in either language's separators ("1.500.000",
    "Rp 1.500.000", "1,500,000", "1500000.00", "18,5"), or None when empty; a sign is
    kept so the field's own validators name what is wrong with a negative one."""
    text = str(text if text is not None else "").strip()
    if not text:
        return None
    negative = text.startswith("-")
    try:
        number = parse_amount(text.removeprefix("-"))
    except CellError:
        raise ValidationError("invalid") from None
    if number == number.to_integral():
        number = number.quantize(Decimal(1))  # as typed: 1500000, not 1500000.00
    return -number if negative else number


class GroupedDecimalField(forms.DecimalField):
    """Rupiah and L/P figures typed the Indonesian way and shown grouped."""

    widget = GroupedNumberInput

    def to_python(self, value):
        try:
            return _grouped_number(value)
        except ValidationError:
            raise ValidationError(
                self.error_messages["invalid"], code="invalid"
            ) from None


class RupiahField(GroupedDecimalField):
    default_error_messages = {
        "invalid": _("Masukkan angka Rupiah, misalnya 125.000.000."),
    }


class GroupedIntegerField(forms.IntegerField):
    """A count (people, participants): whole, typed with or without grouping."""

    widget = GroupedNumberInput
    default_error_messages = {
        "invalid": _("Masukkan bilangan bulat, misalnya 1.500."),
    }

    def to_python(self, value):
        try:
            number = _grouped_number(value)
        except ValidationError:
            number = Decimal("0.5")  # refused below with the field's message
        if number is None:
            return None
        if number != number.to_integral():
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return int(number)


class PortalFormMixin(CleanTextMixin):
    """Gives a form its crispy helper with one submit button, the browser's date
    picker, clean text input (`CleanTextMixin`), and a year range on every date: the
    model field's (`YearRangeValidator`), else `DOCUMENT_YEARS`, checked here and
    offered to the picker as min/max.

    `download_urls` ({file field: URL name taking the instance's pk}) is where an
    edit page links the saved file: uploads are served only by permission-checked
    views, never under MEDIA_URL, so the file widget links nowhere else."""

    submit_label = _("Simpan")
    form_method = "post"
    download_urls: dict[str, str] = {}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        instance = getattr(self, "instance", None)
        for name, field in self.fields.items():
            if isinstance(field, forms.DateField):
                field.widget = DateInput()
            if isinstance(field, forms.DateField | forms.DateTimeField):
                years = self._year_range(name)
                if years not in field.validators:
                    field.validators.append(years)
                field.widget.attrs.update(
                    years.html_bounds(with_time=isinstance(field, forms.DateTimeField))
                )
            if isinstance(field, forms.FileField):
                url_name = self.download_urls.get(name)
                field.download_url = (
                    reverse(url_name, args=[instance.pk])
                    if url_name and instance is not None and instance.pk
                    else ""
                )

    def _year_range(self, name: str) -> YearRangeValidator:
        model = getattr(getattr(self, "_meta", None), "model", None)
        if model is not None:
            try:
                validators = model._meta.get_field(name).validators
            except LookupError:  # FieldDoesNotExist: a form-only field
                validators = []
            for validator in validators:
                if isinstance(validator, YearRangeValidator):
                    return validator
        return DOCUMENT_YEARS

    @cached_property
    def helper(self) -> FormHelper:
        # Built on first use: an import binds a page form to each of thousands of
        # rows and never renders one.
        helper = FormHelper()
        helper.form_method = self.form_method
        if self.form_method == "post":
            helper.add_input(Submit("submit", self.submit_label))
        return helper


class FilterFormMixin(PortalFormMixin):
    """A GET form for list filters; every field optional."""

    form_method = "get"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        for field in self.fields.values():
            field.required = False

    def value(self, name, default=None):
        if self.is_valid():
            return self.cleaned_data.get(name) or default
        return default


def add_service_errors(form: forms.BaseForm, error) -> None:
    """Show a service's ValidationError on the form: keyed messages next to their field
    when the form has it, everything else at the top of the form."""
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages)
    else:
        form.add_error(None, error.messages)


class TableRowFormSet(BaseInlineFormSet):
    """An inline formset shown as table rows: the column header is the only visible
    label, so every input (the delete box included) also gets an accessible name with
    its row number ("Uraian, baris 2") for screen readers."""

    def add_fields(self, form, index):
        super().add_fields(form, index)
        row = (
            _("baris %(n)s") % {"n": index + 1}
            if index is not None
            else _("baris baru")
        )
        for field in form.fields.values():
            if field.label:
                field.widget.attrs["aria-label"] = f"{field.label}, {row}"
