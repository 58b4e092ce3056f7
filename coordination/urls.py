app_name = "coordination"
urlpatterns = []
