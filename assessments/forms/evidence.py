"""The evidence library's upload form."""

from django import forms
from django.utils.translation import gettext_lazy as _

from assessments.models import EvidenceFile
from pug_portal.forms import PortalFormMixin


class LibraryUploadForm(PortalFormMixin, forms.ModelForm):
    submit_label = _("Unggah ke pustaka")

    class Meta:
        model = EvidenceFile
        fields = ["unit", "kind", "title", "document_date", "file"]

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["unit"].empty_label = None if len(units) == 1 else "—"
        self.fields["file"].widget.attrs["accept"] = ".pdf,.docx,.xlsx,.jpg,.jpeg,.png"
        self.fields["document_date"].help_text = _(
            "Tanggal yang tertera pada dokumen (tanggal SK, tanggal laporan …)."
        )

    def _post_clean(self):
        """The service validates the model (content, size) and saves."""
