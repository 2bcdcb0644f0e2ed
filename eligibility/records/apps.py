from django.apps import AppConfig


class SocialSecurityConfig(AppConfig):
    name = "eligibility.records"
    label = "social_security"
    verbose_name = "Cơ sở dữ liệu bảo hiểm xã hội (giả lập)"
