"""The assessment register: parties, their assessments and their decisions across meetings.

What a user sees comes from classification; only the secretariat changes the register.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import F, Prefetch
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.views.decorators.cache import never_cache

from classification.access import secretariat_required, signed_in_required
from classification.visibility import get_visible_or_404
from meetings.models import Decision

from . import services
from .forms import AssessmentForm, PartyForm, RegisterFilterForm
from .models import Assessment, Organisation, UserRole

_ROLE_LABELS = dict(UserRole.choices)


def role_labels(roles) -> list[str]:
    """The labels of the user role values `roles`, in the order given."""
    return [_ROLE_LABELS.get(role, role) for role in roles]


def _decisions(user):
    return Decision.objects.visible_to(user).select_related("kind", "item__meeting__committee")


@never_cache
@signed_in_required
def register(request):
    """The parties the user may see, with their roles and their latest decision."""
    form = RegisterFilterForm(request.GET)
    form.is_valid()  # an invalid filter is reported and left out; the valid ones apply
    query = form.cleaned_data.get("q", "")
    role = form.cleaned_data.get("role", "")
    newest_first = ("-item__meeting__date", "-item__number", "-kind__order", "-pk")
    parties = Organisation.objects.visible_to(request.user).prefetch_related(
        Prefetch(
            "decisions",
            queryset=_decisions(request.user).order_by(*newest_first)[:1],
            to_attr="latest_decisions",
        )
    )
    if query:
        parties = parties.filter(name__icontains=query)
    if role:
        # Roles are stored as a JSON list of known values: match the quoted value.
        parties = parties.filter(user_roles__icontains=f'"{role}"')
    parties = list(parties)
    for party in parties:
        party.role_labels = role_labels(party.user_roles)
        party.latest_decision = party.latest_decisions[0] if party.latest_decisions else None
    return TemplateResponse(
        request,
        "assessments/register.html",
        {"form": form, "parties": parties, "filtered": bool(query or role)},
    )


@never_cache
@signed_in_required
def party_detail(request, party_id):
    """One party: its details, its assessments and its decisions across meetings."""
    party = get_visible_or_404(Organisation, request.user, pk=party_id)
    party.role_labels = role_labels(party.user_roles)
    assessments = list(
        Assessment.objects.visible_to(request.user)
        .filter(party=party)
        .order_by(F("fieldwork_start").asc(nulls_last=True), "pk")
    )
    for assessment in assessments:
        assessment.role_labels = role_labels(assessment.user_roles)
    decisions = (
        _decisions(request.user)
        .filter(party=party)
        .order_by("item__meeting__date", "item__number", "kind__order", "pk")
    )
    return TemplateResponse(
        request,
        "assessments/party_detail.html",
        {"party": party, "assessments": assessments, "decisions": decisions},
    )


def _data(request):
    return request.POST if request.method == "POST" else None


@never_cache
@secretariat_required
def party_add(request):
    """The secretariat adds a party to the register (RED unless said otherwise)."""
    form = PartyForm(_data(request))
    if form.is_bound and form.is_valid():
        try:
            party = services.party_save(party=form.instance, by=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"{party.name} was added to the register.")
            return redirect("assessments:party_detail", party.pk)
    return TemplateResponse(
        request, "assessments/party_form.html", {"form": form, "title": "Add a party"}
    )


@never_cache
@secretariat_required
def party_edit(request, party_id):
    """The secretariat changes a party's details or level."""
    party = get_visible_or_404(Organisation, request.user, pk=party_id)
    title = f"Edit {party.name}"  # before the form writes the submitted values on `party`
    form = PartyForm(_data(request), instance=party)
    if form.is_bound and form.is_valid():
        try:
            services.party_save(party=party, by=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"{party.name} was saved.")
            return redirect("assessments:party_detail", party.pk)
    return TemplateResponse(
        request,
        "assessments/party_form.html",
        {"form": form, "title": title, "party_id": party.pk},
    )


def _assessment_page(request, assessment, title):
    party = assessment.party
    form = AssessmentForm(_data(request), instance=assessment, user=request.user)
    if form.is_bound and form.is_valid():
        try:
            services.assessment_save(assessment=assessment, by=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"The {assessment.get_kind_display()} was saved.")
            return redirect("assessments:party_detail", party.pk)
    return TemplateResponse(
        request,
        "assessments/assessment_form.html",
        {"form": form, "party": party, "title": title},
    )


@never_cache
@secretariat_required
def assessment_add(request, party_id):
    """The secretariat records an assessment of a party."""
    party = get_visible_or_404(Organisation, request.user, pk=party_id)
    return _assessment_page(request, Assessment(party=party), f"Add an assessment of {party}")


@never_cache
@secretariat_required
def assessment_edit(request, party_id, assessment_id):
    """The secretariat changes an assessment of a party."""
    assessment = get_visible_or_404(
        Assessment.objects.select_related("party"),
        request.user,
        pk=assessment_id,
        party_id=party_id,
    )
    return _assessment_page(request, assessment, f"Edit the {assessment}")
