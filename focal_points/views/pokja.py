"""A Pokja PUG member's pages: correct, end, hand the role over. The membership is
fetched through its SK's scope (→ 404: an SK Pokja PUG is the city's), then the
permission (→ 403); every change goes through focal_points.services.pokja."""

from django.utils.translation import gettext_lazy as _

from focal_points.forms.registry import (
    PokjaMemberEndForm,
    PokjaMemberTransferForm,
    PokjaMemberUpdateForm,
)
from focal_points.models import PokjaMembership, PokjaRole, Unit, today
from focal_points.services import pokja as services
from pug_portal.permissions import scoped_object
from pug_portal.views import ServiceFormView, ServiceUpdateView, query_int


def member_presets() -> dict:
    return {
        "by_role": services.role_suggestions(),
        "by_unit": services.unit_suggestions(),
    }


def suggested_initial(request, role: str = "") -> dict:
    """Without the script: ?unit= suggests that unit's head, ?role= the usual
    holder of a role (ketua: head of the planning agency; sekretaris: head of
    DPMPPPAKB)."""
    if unit_id := query_int(request, "unit"):
        unit = Unit.objects.active().filter(pk=unit_id).exclude(head_name="").first()
        if unit is not None:
            return services.head_suggestion(unit)
    role = request.GET.get("role", "") or role
    if role in PokjaRole.values:
        return {"pokja_role": role, **services.role_suggestions().get(role, {})}
    return {}


class MemberMixin:
    permission = "decrees:manage"
    # headed "person — role", Cancel back to the SK (PokjaMembership's page)
    subject_attr = "member"

    def load_object(self):
        self.member = scoped_object(
            PokjaMembership,
            self.request.user,
            self.kwargs["pk"],
            query=lambda q: q.select_related("person", "unit", "decree"),
        )

    def get_success_url(self):
        return self.member.decree.get_absolute_url()


class PokjaMemberUpdateView(MemberMixin, ServiceUpdateView):
    form_class = PokjaMemberUpdateForm
    title = _("Ubah keanggotaan Pokja PUG")
    success_message = _("Keanggotaan Pokja PUG diperbarui.")
    edited_attr = "member"

    def perform(self, form):
        return services.pokja_member_update(
            member=self.member, by=self.request.user, data=form.cleaned_data
        )


class PokjaMemberEndView(MemberMixin, ServiceFormView):
    form_class = PokjaMemberEndForm
    title = _("Akhiri keanggotaan Pokja PUG")
    success_message = _("Keanggotaan berakhir; riwayatnya tetap tersimpan.")

    def get_initial(self):
        return {"on": today()}

    def perform(self, form):
        return services.pokja_member_end(
            member=self.member, by=self.request.user, **form.cleaned_data
        )


class PokjaMemberTransferView(MemberMixin, ServiceFormView):
    form_class = PokjaMemberTransferForm
    title = _("Alihkan peran kepada orang lain")
    success_message = _(
        "Peran dialihkan: keanggotaan lama berakhir sehari sebelumnya, riwayatnya "
        "tetap tersimpan."
    )

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "presets": member_presets()}

    def get_initial(self):
        initial = {"on": today(), "position": self.member.position}
        if self.member.unit_id:
            initial["unit"] = self.member.unit_id
            # the unit's head now, when another than the member (a new head)
            head = services.head_suggestion(self.member.unit)
            if head["name"] and head["nip"] != (self.member.person.nip or ""):
                initial.update(head)
        initial.update(suggested_initial(self.request))
        initial.pop("pokja_role", None)
        return initial

    def perform(self, form):
        data = form.cleaned_data
        return services.pokja_member_transfer(
            member=self.member,
            by=self.request.user,
            person_data=form.person_data(),
            on=data["on"],
            reason=data["reason"],
            unit=data["unit"],
            position=data["position"],
        )
