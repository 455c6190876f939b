from django.conf import settings

from classification.visibility import needs_second_factor, second_factor_ok


def second_factor(request):
    """Tell a signed-in user when a second factor would unlock what their account may see."""
    user = request.user
    missing = (
        settings.OTP_REQUIRED
        and user.is_authenticated
        and not second_factor_ok(user)
        and needs_second_factor(user)
    )
    return {"second_factor_missing": missing}
