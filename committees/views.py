"""The secretariat's pages for its committees' memberships, with their history.

Each page answers 404 to anyone but the committee's secretariat (in a verified session).
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from audit.services import origin_of
from classification.access import secretariat_required
from classification.visibility import secretariat_committees

from . import services
from .forms import MembershipAddForm, MembershipChangeForm, MembershipEndForm
from .models import Committee, Membership


def _committee_or_404(user, code) -> Committee:
    """The committee `code` if `user` is its verified secretariat; 404 otherwise."""
    committees = secretariat_committees(user)
    if committees is None:
        raise Http404("No such page.")
    return get_object_or_404(Committee, code=code, pk__in=committees)


@never_cache
@secretariat_required
def committee_list(request):
    """The committees the user is the secretariat of, with their current memberships."""
    committees = Committee.objects.filter(pk__in=secretariat_committees(request.user))
    return TemplateResponse(request, "committees/committee_list.html", {"committees": committees})


def _members_page(request, committee, add_form, status=200):
    today = timezone.localdate()
    memberships = list(
        Membership.objects.filter(committee=committee)
        .select_related("user", "user__organisation")
        .order_by("user__username", "-starts", "-pk")
    )
    for membership in memberships:
        membership.current = membership.is_current(today)
    return TemplateResponse(
        request,
        "committees/members.html",
        {
            "committee": committee,
            "current": [m for m in memberships if m.current],
            "upcoming": [m for m in memberships if m.starts > today],
            "past": [m for m in memberships if m.ends is not None and m.ends <= today],
            "add_form": add_form,
            "end_form": MembershipEndForm(initial={"ends": today}),
            "change_form": MembershipChangeForm(initial={"on": today}),
        },
        status=status,
    )


@never_cache
@secretariat_required
def members(request, code):
    """The committee's memberships, current, upcoming and past; the secretariat adds one here."""
    committee = _committee_or_404(request.user, code)
    form = MembershipAddForm(request.POST if request.method == "POST" else None)
    if form.is_bound:
        if form.is_valid():
            try:
                membership = services.membership_add(
                    committee=committee,
                    by=request.user,
                    origin=origin_of(request),
                    **form.cleaned_data,
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, f"Added: {membership}.")
                return redirect("committees:members", committee.code)
        return _members_page(request, committee, form, status=400)
    return _members_page(request, committee, form)


def _membership(request, code, membership_id) -> Membership:
    committee = _committee_or_404(request.user, code)
    return get_object_or_404(
        Membership.objects.select_related("user", "committee"),
        committee=committee,
        pk=membership_id,
    )


def _refused(request, membership, form, error=None) -> None:
    if error is not None:
        form.add_error(None, error)
    problems = " ".join(
        (f"{form.fields[name].label or name.capitalize()}: " if name in form.fields else "")
        + " ".join(errors)
        for name, errors in form.errors.items()
    )
    messages.error(request, f"Nothing was changed for {membership}. {problems}")


@require_POST
@secretariat_required
def membership_end(request, code, membership_id):
    """End a membership from a given day (today: at once); it stays in the history."""
    membership = _membership(request, code, membership_id)
    form = MembershipEndForm(request.POST)
    if not form.is_valid():
        _refused(request, membership, form)
    else:
        try:
            services.membership_end(
                membership=membership,
                ends=form.cleaned_data["ends"],
                by=request.user,
                origin=origin_of(request),
            )
        except ValidationError as error:
            _refused(request, membership, form, error)
        else:
            messages.success(request, f"Ended: {membership}.")
    return redirect("committees:members", code)


@require_POST
@secretariat_required
def membership_change(request, code, membership_id):
    """Change a membership's role or level from a day: it ends, and a new one starts."""
    membership = _membership(request, code, membership_id)
    form = MembershipChangeForm(request.POST)
    if not form.is_valid():
        _refused(request, membership, form)
    else:
        try:
            new = services.membership_change(
                membership=membership,
                role=form.cleaned_data["role"],
                level=form.cleaned_data["level"],
                on=form.cleaned_data["on"],
                by=request.user,
                origin=origin_of(request),
            )
        except ValidationError as error:
            _refused(request, membership, form, error)
        else:
            messages.success(request, f"Changed: {new}, from {new.starts:%d %B %Y}.")
    return redirect("committees:members", code)
