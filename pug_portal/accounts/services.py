"""Account services: create, change, deactivate and invite users.

Each checks the permission of `by` itself (accounts are not unit-scoped: whoever may
manage accounts manages all of them)."""

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from pug_portal.activity import changed_fields, log_activity
from pug_portal.middleware import absolute_url
from pug_portal.models import Role, User
from pug_portal.permissions import require_perm


def user_create(
    *,
    by: User,
    username: str,
    email: str,
    role: str,
    first_name: str = "",
    last_name: str = "",
    invite: bool = True,
    permission: str = "accounts:manage",
) -> User:
    """Create an account without a usable password; with `invite`, mail a link to set one.

    `permission` is what `by` must hold: the accounts page's "accounts:manage", or
    the permission of a service that creates accounts as part of its own work
    (`appointment_create` inviting a focal point under "focal_points:manage")."""
    require_perm(by, permission)
    with transaction.atomic():
        user = User(
            username=username,
            email=email,
            role=role,
            first_name=first_name,
            last_name=last_name,
        )
        user.set_unusable_password()
        user.full_clean(exclude=["password"])
        user.save()
        log_activity(actor=by, action="user.create", target=user, data={"role": role})
        if invite and email:
            transaction.on_commit(lambda: send_invitation(user=user))
    return user


def user_update(*, user: User, by: User, data: dict) -> User:
    """Change name, e-mail, role or active flag; logs what changed."""
    require_perm(by, "accounts:manage")
    with transaction.atomic():
        changes = changed_fields(user, data)
        if not changes:
            return user
        user.full_clean(exclude=["password"])
        user.save(update_fields=list(changes))
        log_activity(actor=by, action="user.update", target=user, data=changes)
    return user


def send_invitation(*, user: User) -> None:
    """Mail `user` a one-time link to choose a password (Django's reset token)."""
    link = absolute_url(
        reverse(
            "password_reset_confirm",
            kwargs={
                "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
                "token": default_token_generator.make_token(user),
            },
        )
    )
    context = {"user": user, "link": link, "role": Role(user.role).label}
    send_mail(
        subject=_("Undangan ke Portal PUG %(city)s") % {"city": settings.PUG_CITY_NAME},
        message=render_to_string("registration/invitation_email.txt", context),
        from_email=None,
        recipient_list=[user.email],
    )
