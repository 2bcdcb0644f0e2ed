"""Staff URLs: review."""

urlpatterns: list = []
