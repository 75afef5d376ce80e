"""Forms of the account administration pages."""

from django import forms
from django.contrib.auth.forms import UsernameField
from django.utils.translation import gettext_lazy as _

from pug_portal.forms import PortalFormMixin
from pug_portal.models import User


class UserCreateForm(PortalFormMixin, forms.ModelForm):
    submit_label = _("Buat akun")
    invite = forms.BooleanField(
        label=_("Kirim undangan lewat e-mail untuk membuat kata sandi"),
        required=False,
        initial=True,
    )

    class Meta:
        model = User
        fields = ["username", "first_name", "last_name", "email", "role"]
        field_classes = {"username": UsernameField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].required = True


class UserUpdateForm(PortalFormMixin, forms.ModelForm):
    class Meta:
        model = User
        fields = ["first_name", "last_name", "email", "role", "is_active"]
