"""Each signed-in person's choice of how they are told of each kind of event."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.views.decorators.http import require_http_methods

from .forms import PreferencesForm
from .services import preferences_of, preferences_save


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def preferences(request):
    """Show and change, per kind of event: immediately, a daily digest, or off."""
    form = PreferencesForm(request.POST or None, initial=preferences_of(request.user))
    if request.method == "POST" and form.is_valid():
        preferences_save(user=request.user, deliveries=form.cleaned_data)
        messages.success(request, "Your notification choices are saved.")
        return redirect("notifications:preferences")
    return TemplateResponse(request, "notifications/preferences.html", {"form": form})
