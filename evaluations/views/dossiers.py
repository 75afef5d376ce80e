"""The focal point's side of a dossier: list, start, fill in (with autosave), evidence,
comments and submission. Every object is fetched through a scoped queryset first
(outside scope → 404), then the permission is checked (→ 403)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from evaluations import extensions
from evaluations.filters import DossierFilter
from evaluations.forms.budget import ConfirmForm
from evaluations.forms.dossiers import (
    ActionRowFormSet,
    DataRowFormSet,
    DossierCreateForm,
    DossierForm,
    EvidenceForm,
    editor_sections,
    error_summary,
    formset_rows,
)
from evaluations.forms.review import RubricForm
from evaluations.gap import GAP_STEPS, GBS_ROWS
from evaluations.models import Dossier, Evidence, ReviewComment, ScoreKind
from evaluations.selectors import dossiers as selectors
from evaluations.services import dossiers as dossier_service
from evaluations.services import review as review_service
from evaluations.services.dossiers import DOSSIER_WORKFLOW
from evaluations.views.arg import realisation_context
from pug_portal.forms import add_service_errors
from pug_portal.models import ActivityLog
from pug_portal.permissions import (
    permission_required,
    scoped,
    scoped_object,
    user_has_perm,
)
from pug_portal.uploads import serve_file
from pug_portal.views import ServiceFormView, list_page, query_int


def for_page(dossiers):
    """What the dossier pages show with a dossier: its unit, cycle, budget line and
    rows."""
    return dossiers.select_related("unit", "cycle", "budget_line").prefetch_related(
        "action_rows", "data_rows"
    )


def get_dossier(request, pk: int) -> Dossier:
    """The dossier if `request.user` may see it, else 404 (for the class views;
    function views use `@scoped(Dossier, …, query=for_page)`)."""
    return scoped_object(Dossier, request.user, pk, query=for_page)


@permission_required("dossiers:view")
def dossier_list(request):
    dossiers = DossierFilter(
        request.GET, selectors.dossier_list(user=request.user), request=request
    )
    return list_page(
        request,
        "evaluations/dossier_list.html",
        dossiers,
        seek=True,
        can_start=user_has_perm(request.user, "dossiers:edit"),
    )


class DossierCreateView(ServiceFormView):
    permission = "dossiers:edit"
    form_class = DossierCreateForm
    title = _("Mulai dokumen PPRG")
    success_message = _("Dokumen PPRG dibuat. Isi GAP langkah demi langkah.")

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "lines": selectors.lines_without_dossier(user=self.request.user),
        }

    def get_initial(self):
        if line := query_int(self.request, "budget_line"):
            return {"budget_line": line}
        return {}

    def perform(self, form):
        return dossier_service.dossier_create(
            by=self.request.user, budget_line=form.cleaned_data["budget_line"]
        )

    def get_success_url(self):
        return self.object.get_absolute_url() + "edit/"


def _detail_context(request, dossier: Dossier) -> dict:
    scores = {s.kind: s for s in dossier.scores.all()}
    user = request.user
    gbs = dossier.gbs_values()
    can_edit = user_has_perm(user, "dossiers:edit", dossier)
    return {
        "dossier": dossier,
        "line": dossier.budget_line,
        "gap_steps": [
            (
                step,
                [
                    (dossier._meta.get_field(f), getattr(dossier, f))
                    for f in step.fields
                ],
            )
            for step in GAP_STEPS
        ],
        "gbs_rows": [(row, gbs[row.key]) for row in GBS_ROWS],
        "actions": dossier.action_rows.all(),
        "data_rows": dossier.data_rows.all(),
        "evidence": dossier.evidence.select_related("uploaded_by"),
        # files linked from the unit's library (the assessments app)
        "evidence_panels": extensions.dossier_evidence(request, dossier, can_edit),
        "comments": dossier.comments.select_related("author", "resolved_by"),
        "open_comments": selectors.comments_by_target(dossier),
        "score_pairs": [
            (scores.get(ScoreKind.REVIEWER), _("Nilai verifikator (yang dilaporkan)")),
            (scores.get(ScoreKind.SELF), _("Penilaian mandiri focal point")),
        ],
        "reviewer_score": scores.get(ScoreKind.REVIEWER),
        "self_score": scores.get(ScoreKind.SELF),
        "amount_warning": dossier.amount_warning(),
        "can_edit": can_edit,
        "can_review": user_has_perm(user, "dossiers:review", dossier),
        "can_submit": DOSSIER_WORKFLOW.can(user, dossier, "submit"),
        "log": ActivityLog.objects.for_object(dossier).select_related("actor")[:30],
        **realisation_context(user, dossier),
    }


@scoped(Dossier, "dossiers:view", query=for_page)
def dossier_detail(request, dossier: Dossier):
    return render(
        request, "evaluations/dossier_detail.html", _detail_context(request, dossier)
    )


def _locked_redirect(request, dossier: Dossier):
    try:
        dossier_service.require_editable(dossier, request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.warning(request, message)
        return redirect(dossier.get_absolute_url())
    return None


def _with_added_row(post, prefix: str):
    """The posted editor with one more blank row in table `prefix` (the "add row"
    button without JavaScript: nothing is saved, everything typed stays)."""
    data = post.copy()
    key = f"{prefix}-TOTAL_FORMS"
    if prefix in ("actions", "data") and data.get(key, "").isdecimal():
        data[key] = str(int(data[key]) + 1)
    return data


@scoped(Dossier, "dossiers:edit", query=for_page)
def dossier_edit(request, dossier: Dossier):
    # A POST to a dossier locked meanwhile is refused by the service below and the
    # page shows the typed text again with the reason, so nothing typed is lost.
    if request.method != "POST" and (response := _locked_redirect(request, dossier)):
        return response
    data = request.POST if request.method == "POST" else None
    adding_row = data is not None and "add_row" in data
    if adding_row:
        data = _with_added_row(data, data["add_row"])
    form = DossierForm(data, instance=dossier)
    actions = ActionRowFormSet(data, instance=dossier, prefix="actions")
    data_rows = DataRowFormSet(data, instance=dossier, prefix="data")
    errors = []
    if data is not None and not adding_row:
        if form.is_valid() and actions.is_valid() and data_rows.is_valid():
            fields = form.content_data()
            try:
                dossier_service.dossier_update(
                    dossier=Dossier.objects.select_related("cycle").get(pk=dossier.pk),
                    by=request.user,
                    version=form.cleaned_data["version"],
                    edit_token=form.cleaned_data["edit_token"],
                    edit_seq=form.cleaned_data["edit_seq"] or 0,
                    data=fields,
                    action_rows=formset_rows(actions),
                    data_rows=formset_rows(data_rows),
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Dokumen PPRG tersimpan."))
                if request.POST.get("then") == "submit":
                    return redirect("evaluations:dossier_submit", pk=dossier.pk)
                return redirect("evaluations:dossier_edit", pk=dossier.pk)
        errors = error_summary(form, [actions, data_rows])
    context = _detail_context(request, dossier)
    context.update(
        {
            "form": form,
            "actions_formset": actions,
            "data_formset": data_rows,
            "error_summary": errors,
            "sections": editor_sections(
                dossier,
                errors,
                files=len(context["evidence"])
                + sum(panel.count for panel in context["evidence_panels"]),
            ),
            "evidence_form": EvidenceForm(),
        }
    )
    return render(request, "evaluations/dossier_edit.html", context)


@scoped(Dossier, "dossiers:edit", query=for_page)
@require_POST
def dossier_autosave(request, dossier: Dossier):
    """htmx: save the text fields of a draft every few seconds of typing. The same
    version and page-order check as a full save; rows are saved with the Save
    button."""
    form = DossierForm(request.POST, instance=Dossier.objects.get(pk=dossier.pk))
    context = {"dossier": dossier, "saved_at": None, "errors": []}
    if form.is_valid():
        fields = form.content_data()
        try:
            saved = dossier_service.dossier_update(
                dossier=dossier,
                by=request.user,
                version=form.cleaned_data["version"],
                edit_token=form.cleaned_data["edit_token"],
                edit_seq=form.cleaned_data["edit_seq"] or 0,
                data=fields,
            )
        except ValidationError as error:
            # An autosave overtaken by a newer save of this page: nothing is lost,
            # and the status says so instead of a second "tersimpan".
            context["superseded"] = any(
                e.code == "superseded" for e in getattr(error, "error_list", [])
            )
            context["errors"] = error.messages
        else:
            context["saved_at"] = timezone.localtime(saved.updated_at)
            context["version"] = saved.version
    else:
        context["errors"] = _error_lines(form)
    return render(request, "evaluations/includes/autosave_status.html", context)


def _error_lines(form) -> list[str]:
    """'Label: message' per field for the autosave status; the message alone for
    errors of the whole form, and one plain instruction when the page's own hidden
    fields (version, page token) are wrong, never 'None: …'."""
    lines = []
    for name, errors in form.errors.items():
        field = form.fields.get(name)
        if field is not None and field.widget.is_hidden:
            line = _("Halaman ini tidak lengkap; muat ulang halaman lalu coba lagi.")
        elif field is not None and field.label:
            line = f"{field.label}: {' '.join(errors)}"
        else:
            line = " ".join(errors)
        if line not in lines:
            lines.append(line)
    return lines


@scoped(Dossier, "dossiers:edit", query=for_page, object_rules=True)
def dossier_submit(request, dossier: Dossier):
    form = ConfirmForm(
        request.POST if request.method == "POST" else None,
        submit_label=_("Ajukan ke DPMPPPAKB"),
    )
    if request.method == "POST" and form.is_valid():
        try:
            dossier_service.dossier_submit(dossier=dossier, by=request.user)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("Dokumen PPRG diajukan. Verifikator DPMPPPAKB telah diberi tahu."),
            )
            return redirect(dossier.get_absolute_url())
    return render(
        request,
        "evaluations/dossier_submit.html",
        {
            "dossier": dossier,
            "form": form,
            "checklist": dossier.completeness(),
            "amount_warning": dossier.amount_warning(),
            "open_comment_count": dossier.comments.filter(resolved=False).count(),
        },
    )


class DossierSelfScoreView(ServiceFormView):
    permission = "dossiers:edit"
    form_class = RubricForm
    title = _("Penilaian mandiri (rubrik C1–C10)")
    success_message = _("Penilaian mandiri tersimpan.")

    subject_attr = "dossier"

    def load_object(self):
        self.dossier = get_dossier(self.request, self.kwargs["pk"])

    def get_form_kwargs(self):
        instance = self.dossier.scores.filter(kind=ScoreKind.SELF).first()
        return {**super().get_form_kwargs(), "instance": instance}

    def perform(self, form):
        data = form.cleaned_data
        review_service.dossier_score(
            dossier=self.dossier,
            by=self.request.user,
            kind=ScoreKind.SELF,
            scores=data,
            note=data.get("note", ""),
        )
        return self.dossier


# --- evidence ----------------------------------------------------------------------


class EvidenceUploadView(ServiceFormView):
    permission = "dossiers:edit"
    form_class = EvidenceForm
    title = _("Unggah bukti dukung")
    success_message = _("Bukti dukung terunggah.")

    subject_attr = "dossier"

    def load_object(self):
        self.dossier = get_dossier(self.request, self.kwargs["pk"])

    def perform(self, form):
        dossier_service.evidence_add(
            dossier=self.dossier,
            by=self.request.user,
            kind=form.cleaned_data["kind"],
            file=form.cleaned_data["file"],
            description=form.cleaned_data["description"],
        )
        return self.dossier

    def get_success_url(self):
        return self.dossier.get_absolute_url() + "edit/#section-bukti"


def _with_dossier(evidence_or_comments):
    return evidence_or_comments.select_related("dossier__cycle")


@scoped(Evidence, "dossiers:view")
def evidence_download(request, evidence: Evidence):
    return serve_file(evidence.file, download_name=evidence.original_name)


class EvidenceDeleteView(ServiceFormView):
    permission = "dossiers:edit"
    form_class = ConfirmForm
    title = _("Hapus bukti dukung")
    success_message = _("Bukti dukung dihapus.")

    def load_object(self):
        self.evidence = scoped_object(
            Evidence, self.request.user, self.kwargs["pk"], query=_with_dossier
        )

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "submit_label": _("Hapus")}

    def get_context_data(self, **kwargs):
        kwargs.setdefault("subject", self.evidence)
        kwargs.setdefault("cancel_url", self.evidence.dossier.get_absolute_url())
        return super().get_context_data(**kwargs)

    def perform(self, form):
        dossier = self.evidence.dossier
        dossier_service.evidence_delete(evidence=self.evidence, by=self.request.user)
        return dossier


# --- comments ----------------------------------------------------------------------


@scoped(ReviewComment, "comments:resolve", query=_with_dossier)
@require_POST
def comment_resolve(request, comment: ReviewComment):
    dossier = comment.dossier
    errors = []
    try:
        with transaction.atomic():
            review_service.comment_resolve(comment=comment, by=request.user)
    except ValidationError as error:
        errors = error.messages
    if request.htmx:
        # Marked from the page without reloading it: what is typed there stays.
        return render(
            request,
            "evaluations/includes/comment_resolved.html",
            {"comment": comment, "errors": errors},
        )
    for message in errors:
        messages.error(request, message)
    if not errors:
        messages.success(request, _("Catatan ditandai sudah ditindaklanjuti."))
    if request.POST.get("next") == "edit":
        return redirect("evaluations:dossier_edit", pk=dossier.pk)
    return redirect(dossier.get_absolute_url())
