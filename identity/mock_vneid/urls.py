"""The mock VNeID's URLs, mounted at /mock-vneid/.

The namespace is "oauth2_provider" because django-oauth-toolkit reverses its own endpoints
(authorize, token, jwks-info, user-info) by that name when it writes the discovery document.
"""

from django.urls import path, re_path
from oauth2_provider import views as dot_views

from identity.mock_vneid import views

app_name = "oauth2_provider"
urlpatterns = [
    path("", views.index, name="mock_index"),
    path("dang-nhap/", views.login, name="mock_login"),
    path("to-chuc/dang-nhap/", views.organisation_login, name="mock_organisation_login"),
    path("dang-xuat/", views.logout, name="mock_logout"),
    path("authorize/", views.ConsentView.as_view(), name="authorize"),
    path("token/", dot_views.TokenView.as_view(), name="token"),
    path("revoke_token/", dot_views.RevokeTokenView.as_view(), name="revoke-token"),
    re_path(
        r"^\.well-known/openid-configuration/?$",
        dot_views.ConnectDiscoveryInfoView.as_view(),
        name="oidc-connect-discovery-info",
    ),
    path(".well-known/jwks.json", dot_views.JwksInfoView.as_view(), name="jwks-info"),
    path("userinfo/", dot_views.UserInfoView.as_view(), name="user-info"),
    # RP-Initiated Logout: discovery names it end_session_endpoint (issue 12).
    path("dang-xuat-phien/", views.EndSessionView.as_view(), name="rp-initiated-logout"),
]
