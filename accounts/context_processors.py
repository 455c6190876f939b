import functools

from django.conf import settings

from classification.visibility import (
    committee_standing,
    has_second_factor,
    needs_second_factor,
    second_factor_ok,
)


def second_factor_next_step(request):
    """What a signed-in session should do for the second factor its account needs, if anything.

    `second_factor_next_step` is "verify" when the account has a second factor this session has
    not passed, "ask_for_enrolment_link" when it has none yet (its first authenticator comes
    only through an enrolment link), or None. Setting one up is never offered to a session
    that may not do it (accounts.services.authenticator_setup_refusal).
    """
    user = request.user
    step = None
    if (
        settings.OTP_REQUIRED
        and user.is_authenticated
        and not second_factor_ok(user)
        and needs_second_factor(user)
    ):
        step = "verify" if has_second_factor(user) else "ask_for_enrolment_link"
    return {"second_factor_next_step": step}


def secretariat_navigation(request):
    """`is_secretariat`: whether to show the secretariat's pages (of any of its committees).

    Asked only where a template shows such a link; what a page shows or changes is still
    decided for each committee (`classification.visibility.is_secretariat_of`).
    """

    @functools.cache
    def answer() -> bool:
        user = request.user
        verified = user.is_authenticated and user.is_active and second_factor_ok(user)
        return verified and any(row[0] == "secretariat" for row in committee_standing(user))

    return {"is_secretariat": answer}
