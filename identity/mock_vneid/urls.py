app_name = "mock_vneid"
urlpatterns: list = []
