"""The instrument pages (DPMPPPAKB and the administrators): list, create, an
instrument with its items, item edits, copy for next year, import of items. An edit
of an instrument in use is refused by the services with the way forward."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _

from assessments.filters import InstrumentFilter
from assessments.forms.instruments import InstrumentForm, ItemForm
from assessments.importers.instruments import InstrumentItemImporter
from assessments.models import Instrument, InstrumentItem
from assessments.selectors import instruments as selectors
from assessments.services import instruments as services
from evaluations.forms.budget import ConfirmForm
from pug_portal.imports.views import upload_page
from pug_portal.models import ActivityLog
from pug_portal.permissions import permission_required, scoped, scoped_object
from pug_portal.views import ServiceFormView, ServiceUpdateView, list_page


def _with_instrument(items):
    return items.select_related("instrument")


@permission_required("instruments:view")
def instrument_list(request):
    instruments = InstrumentFilter(
        request.GET, selectors.instrument_list(user=request.user), request=request
    )
    return list_page(request, "assessments/instrument_list.html", instruments)


@scoped(Instrument, "instruments:view")
def instrument_detail(request, instrument: Instrument):
    return render(
        request,
        "assessments/instrument_detail.html",
        {
            "instrument": instrument,
            "items": instrument.items.all(),
            "in_use": instrument.in_use,
            "copies": instrument.copies.all(),
            "log": ActivityLog.objects.for_object(instrument).select_related("actor")[
                :20
            ],
        },
    )


class InstrumentCreateView(ServiceFormView):
    permission = "instruments:manage"
    form_class = InstrumentForm
    title = _("Instrumen evaluasi baru")
    success_message = _("Instrumen dibuat. Tambahkan butirnya atau impor dari Excel.")

    def perform(self, form):
        return services.instrument_create(by=self.request.user, data=form.cleaned_data)


class _OnInstrument:
    """Views acting on one instrument: fetched in scope (→ 404) first."""

    subject_attr = "instrument"

    def load_object(self):
        self.instrument = scoped_object(
            Instrument, self.request.user, self.kwargs["pk"]
        )


class InstrumentUpdateView(_OnInstrument, ServiceUpdateView):
    permission = "instruments:manage"
    form_class = InstrumentForm
    edited_attr = "instrument"
    title = _("Ubah instrumen")
    success_message = _("Instrumen tersimpan.")

    def perform(self, form):
        return services.instrument_update(
            instrument=self.instrument, by=self.request.user, data=form.cleaned_data
        )


class InstrumentCopyView(_OnInstrument, ServiceFormView):
    permission = "instruments:manage"
    form_class = ConfirmForm
    title = _("Salin untuk tahun berikutnya")
    success_message = _("Salinan dibuat; jawaban instrumen lama tidak berubah.")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "submit_label": _("Salin")}

    def perform(self, form):
        return services.instrument_copy(
            instrument=self.instrument, by=self.request.user
        )


class ItemCreateView(_OnInstrument, ServiceFormView):
    permission = "instruments:manage"
    form_class = ItemForm
    title = _("Butir baru")
    success_message = _("Butir ditambahkan.")

    def perform(self, form):
        services.item_create(
            instrument=self.instrument, by=self.request.user, data=form.cleaned_data
        )
        return self.instrument


class _OnItem:
    def load_object(self):
        self.item = scoped_object(
            InstrumentItem, self.request.user, self.kwargs["pk"], query=_with_instrument
        )
        self.instrument = self.item.instrument

    def get_context_data(self, **kwargs):
        kwargs.setdefault("subject", f"{self.instrument} · {self.item.code}")
        kwargs.setdefault("cancel_url", self.instrument.get_absolute_url())
        return super().get_context_data(**kwargs)

    def get_success_url(self):
        return self.instrument.get_absolute_url()


class ItemUpdateView(_OnItem, ServiceUpdateView):
    permission = "instruments:manage"
    form_class = ItemForm
    edited_attr = "item"
    title = _("Ubah butir")
    success_message = _("Butir tersimpan.")

    def perform(self, form):
        return services.item_update(
            item=self.item, by=self.request.user, data=form.cleaned_data
        )


class ItemDeleteView(_OnItem, ServiceFormView):
    permission = "instruments:manage"
    form_class = ConfirmForm
    title = _("Hapus butir")
    success_message = _("Butir dihapus.")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "submit_label": _("Hapus")}

    def perform(self, form):
        services.item_delete(item=self.item, by=self.request.user)
        return self.instrument


@scoped(Instrument, "imports:instruments")
def instrument_import(request, instrument: Instrument):
    """Upload the items of this instrument (XLSX/CSV); the preview, commit and
    result are the import pages, which lead back here."""
    if instrument.in_use:
        messages.warning(
            request,
            _(
                "Instrumen ini sudah dipakai dan tidak dapat diubah: salin untuk tahun "
                "berikutnya lalu impor ke salinannya."
            ),
        )
        return redirect(instrument)
    return upload_page(
        request, InstrumentItemImporter, context={"instrument": instrument.pk}
    )
