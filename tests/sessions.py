"""Sessions as django-otp's middleware makes them: verified by a second factor, or not."""


def verified_session(user):
    """`user` as seen in a session verified by its second factor."""
    user.is_verified = lambda: True
    return user


def password_only_session(user):
    """`user` as seen in a session signed in with the password alone."""
    user.is_verified = lambda: False
    return user
