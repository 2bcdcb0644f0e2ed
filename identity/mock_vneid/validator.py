from oauth2_provider.oauth2_validators import OAuth2Validator


class MockVneidValidator(OAuth2Validator):
    pass
