"""Account changes: a citizen's details as VNeID asserted them at their last login."""

from __future__ import annotations

import hashlib
import hmac

from django.conf import settings
from django.utils import timezone

from identity.models import User
from identity.vneid import OrganisationIdentity, VneidIdentity


def citizen_username(*, personal_id: str) -> str:
    """A stable username that does not reveal the personal ID (usernames show up in logs)."""
    digest = hmac.new(settings.SECRET_KEY.encode(), personal_id.encode(), hashlib.sha256)
    return f"vneid-{digest.hexdigest()[:20]}"


def citizen_apply_identity(*, user: User, identity: VneidIdentity, save: bool = True) -> User:
    """Copy VNeID's assertions onto the citizen account (at every login, not only the first)."""
    user.role = User.Role.CITIZEN
    user.personal_id = identity.personal_id
    user.identity_level = identity.identity_level
    user.full_name = identity.full_name
    user.birth_date = identity.birth_date
    user.sex = identity.sex
    user.phone = identity.phone
    user.address = identity.address
    user.province_code = identity.province_code
    user.vneid_synced_at = timezone.now()
    user.is_staff = False
    user.is_superuser = False
    if not user.username:
        user.username = citizen_username(personal_id=identity.personal_id)
    if save:
        if user.pk is None:
            user.set_unusable_password()
        user.save()
    return user


def organisation_apply_identity(
    *, user: User, identity: OrganisationIdentity, save: bool = True
) -> User:
    """Copy VNeID's assertions onto an organisation account (role employer, no personal ID)."""
    user.role = User.Role.EMPLOYER
    user.org_tax_code = identity.tax_code
    user.full_name = identity.name
    user.personal_id = None
    user.identity_level = None
    user.vneid_synced_at = timezone.now()
    user.is_staff = False
    user.is_superuser = False
    if not user.username:
        user.username = f"vneid-org-{identity.tax_code}"
    if save:
        if user.pk is None:
            user.set_unusable_password()
        user.save()
    return user
