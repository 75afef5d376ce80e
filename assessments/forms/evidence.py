"""The evidence library's upload form, and the forms that link a library file to a
PPRG dossier."""

from django import forms
from django.utils.translation import gettext_lazy as _

from assessments.models import EvidenceFile
from pug_portal.forms import PortalFormMixin


class LibraryUploadForm(PortalFormMixin, forms.ModelForm):
    submit_label = _("Unggah ke pustaka")

    class Meta:
        model = EvidenceFile
        fields = ["unit", "kind", "title", "document_date", "file"]

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        if "unit" in self.fields:
            self.fields["unit"].queryset = units
            self.fields["unit"].empty_label = None if len(units) == 1 else "—"
        self.fields["file"].widget.attrs["accept"] = ".pdf,.docx,.xlsx,.jpg,.jpeg,.png"
        self.fields["document_date"].help_text = _(
            "Tanggal yang tertera pada dokumen (tanggal SK, tanggal laporan …)."
        )

    def _post_clean(self):
        """The service validates the model (content, size) and saves."""


class DossierUploadForm(LibraryUploadForm):
    """Upload into the dossier's unit's library and link it: the unit is the
    dossier's, never chosen."""

    submit_label = _("Unggah ke pustaka lalu tautkan")

    class Meta(LibraryUploadForm.Meta):
        fields = ["kind", "title", "document_date", "file"]


class DossierLinkForm(forms.Form):
    """The library file a row's "Tautkan" button posts; only the dossier's unit's
    files are choices, so another unit's id is a form error, never a link."""

    library_file = forms.ModelChoiceField(
        label=_("Berkas pustaka"), queryset=EvidenceFile.objects.none()
    )

    def __init__(self, *args, files, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["library_file"].queryset = files
