from django.apps import AppConfig


class MockVneidConfig(AppConfig):
    name = "identity.mock_vneid"
    label = "mock_vneid"
    verbose_name = "Mock VNeID (Cơ sở dữ liệu quốc gia về dân cư — giả lập)"
