"""Staff URLs: queue."""

urlpatterns: list = []
