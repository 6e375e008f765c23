app_name = "solidarity"

urlpatterns: list = []
