"""Form pieces shared by every app."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.forms.models import BaseInlineFormSet
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _


class DateInput(forms.DateInput):
    """The browser's own date picker; the value travels as ISO (YYYY-MM-DD)."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class PortalFormMixin:
    """Gives a form its crispy helper with one submit button."""

    submit_label = _("Simpan")
    form_method = "post"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.DateField):
                field.widget = DateInput()

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
