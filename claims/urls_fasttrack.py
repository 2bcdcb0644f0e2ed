"""Staff URLs: fasttrack."""

urlpatterns: list = []
