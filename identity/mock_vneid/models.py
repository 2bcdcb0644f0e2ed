"""The mock's population records, and its OAuth/OIDC tables (docs/adr/0002).

django-oauth-toolkit's models are swapped for ones whose `user` is a population
record, not a portal account: the identity provider and the portal it serves keep
separate users, as they would on separate servers.
"""

from __future__ import annotations

from django.core.validators import RegexValidator
from django.db import models
from oauth2_provider.models import (
    AbstractAccessToken,
    AbstractApplication,
    AbstractDeviceGrant,
    AbstractGrant,
    AbstractIDToken,
    AbstractRefreshToken,
)

from common.provinces import PROVINCES
from identity.mock_vneid.hashers import population_password_check, population_password_make

personal_id_validator = RegexValidator(r"^\d{12}$", "Số định danh cá nhân gồm đúng 12 chữ số.")


# django-stubs cannot resolve the "%(app_label)s_%(class)s" related names of the token models.
class PopulationRecord(models.Model):  # type: ignore[django-manager-missing]
    """A person as the national population database knows them, with a VNeID password."""

    personal_id = models.CharField(
        "số định danh cá nhân", max_length=12, unique=True, validators=[personal_id_validator]
    )
    password = models.CharField(max_length=128)
    full_name = models.CharField("họ và tên", max_length=200)
    birth_date = models.DateField("ngày sinh")
    sex = models.CharField("giới tính", max_length=1, choices=[("M", "Nam"), ("F", "Nữ")])
    address = models.CharField("địa chỉ thường trú", max_length=300)
    province_code = models.CharField("tỉnh/thành phố", max_length=2, choices=PROVINCES)
    phone = models.CharField("số điện thoại", max_length=20, blank=True)
    email = models.EmailField("thư điện tử", blank=True)
    identity_level = models.PositiveSmallIntegerField(
        "mức độ định danh", choices=[(1, "Mức 1"), (2, "Mức 2")], default=2
    )
    # When the person last signed in at the mock: the ID token's auth_time (DOT reads last_login).
    last_login = models.DateTimeField("đăng nhập lần cuối", null=True, blank=True)

    # What django-oauth-toolkit's views expect of `request.user`.
    is_authenticated = True
    is_anonymous = False
    is_active = True

    class Meta:
        verbose_name = "công dân (VNeID giả lập)"
        verbose_name_plural = "công dân (VNeID giả lập)"

    def __str__(self) -> str:
        return f"{self.full_name} ({self.personal_id})"

    def set_password(self, raw_password: str) -> None:
        # The mock's own cheap hasher, not settings.PASSWORD_HASHERS (identity.mock_vneid.hashers).
        self.password = population_password_make(raw_password)

    def check_password(self, raw_password: str) -> bool:
        def upgrade(encoded: str) -> None:
            self.password = encoded
            if self.pk:
                PopulationRecord.objects.filter(pk=self.pk).update(password=encoded)

        return population_password_check(raw_password, self.password, setter=upgrade)

    def get_username(self) -> str:
        return self.personal_id


tax_code_validator = RegexValidator(r"^(\d{10}|\d{13})$", "Mã số thuế gồm 10 hoặc 13 chữ số.")


class OrganisationRecord(models.Model):
    """An organisation's VNeID account (Decree 69/2024), held by its legal representative.

    Signing in with the tax code and this password signs the representative in, acting for
    the organisation (identity.mock_vneid.organisations, docs/adr/0017).
    """

    tax_code = models.CharField(
        "mã số thuế", max_length=14, unique=True, validators=[tax_code_validator]
    )
    name = models.CharField("tên tổ chức", max_length=300)
    representative = models.ForeignKey(
        PopulationRecord,
        verbose_name="người đại diện theo pháp luật",
        on_delete=models.CASCADE,
        related_name="organisations",
    )
    password = models.CharField(max_length=128)

    class Meta:
        verbose_name = "tổ chức (VNeID giả lập)"
        verbose_name_plural = "tổ chức (VNeID giả lập)"

    def __str__(self) -> str:
        return f"{self.name} ({self.tax_code})"

    def set_password(self, raw_password: str) -> None:
        self.password = population_password_make(raw_password)

    def check_password(self, raw_password: str) -> bool:
        def upgrade(encoded: str) -> None:
            self.password = encoded
            if self.pk:
                OrganisationRecord.objects.filter(pk=self.pk).update(password=encoded)

        return population_password_check(raw_password, self.password, setter=upgrade)


def _organisation_fk() -> models.ForeignKey[OrganisationRecord | None, OrganisationRecord | None]:
    # Which organisation a grant or token was issued for (the "organisation" scope), so the
    # ID token and userinfo describe the same subject.
    return models.ForeignKey(
        OrganisationRecord, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )


def _subject_fk() -> models.ForeignKey[PopulationRecord | None, PopulationRecord | None]:
    return models.ForeignKey(
        PopulationRecord,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="%(app_label)s_%(class)s",
    )


class Application(AbstractApplication):
    # Client registrations are owned by no one in the mock.
    user: models.ForeignKey[PopulationRecord | None, PopulationRecord | None] = models.ForeignKey(
        PopulationRecord,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="%(app_label)s_%(class)s",
    )

    class Meta(AbstractApplication.Meta):
        swappable = "OAUTH2_PROVIDER_APPLICATION_MODEL"


class Grant(AbstractGrant):
    user: models.ForeignKey[PopulationRecord, PopulationRecord] = models.ForeignKey(
        PopulationRecord, on_delete=models.CASCADE, related_name="%(app_label)s_%(class)s"
    )
    organisation = _organisation_fk()

    class Meta(AbstractGrant.Meta):
        swappable = "OAUTH2_PROVIDER_GRANT_MODEL"


class AccessToken(AbstractAccessToken):
    user = _subject_fk()
    organisation = _organisation_fk()

    class Meta(AbstractAccessToken.Meta):
        swappable = "OAUTH2_PROVIDER_ACCESS_TOKEN_MODEL"


class RefreshToken(AbstractRefreshToken):
    user: models.ForeignKey[PopulationRecord, PopulationRecord] = models.ForeignKey(
        PopulationRecord, on_delete=models.CASCADE, related_name="%(app_label)s_%(class)s"
    )

    class Meta(AbstractRefreshToken.Meta):
        swappable = "OAUTH2_PROVIDER_REFRESH_TOKEN_MODEL"


class IDToken(AbstractIDToken):
    user = _subject_fk()

    class Meta(AbstractIDToken.Meta):
        swappable = "OAUTH2_PROVIDER_ID_TOKEN_MODEL"


class DeviceGrant(AbstractDeviceGrant):
    user = _subject_fk()

    class Meta(AbstractDeviceGrant.Meta):
        swappable = "OAUTH2_PROVIDER_DEVICE_GRANT_MODEL"
