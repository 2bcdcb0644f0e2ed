"""The portal's OpenID Connect client for VNeID: allauth's provider with the checks it leaves out.

allauth 65.21's generic OpenID Connect provider sends no `nonce` and, when it fetched the ID
token itself from the token endpoint, does not check the token's signature (OIDC Core allows
that over TLS). For a national identity we want both, so settings name this provider class
(SOCIALACCOUNT_PROVIDERS["openid_connect"]["provider_class"]) and allauth builds its login
and callback URLs from this package.
"""
