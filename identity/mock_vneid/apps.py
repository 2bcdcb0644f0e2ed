from django.apps import AppConfig


class MockVneidConfig(AppConfig):
    name = "identity.mock_vneid"
    label = "mock_vneid"
    verbose_name = "Mock VNeID (Cơ sở dữ liệu quốc gia về dân cư — giả lập)"

    def ready(self) -> None:
        # DOT reads OIDC_RSA_PRIVATE_KEY from settings; the mock's key lives in a file that is
        # generated on first start (docs/adr/0002), so it is loaded here rather than in settings.
        from identity.mock_vneid.keys import signing_key_install

        signing_key_install()
