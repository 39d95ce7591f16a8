from django.urls import path

from hearth.places import views

app_name = "places"
urlpatterns = [
    path("", views.location_list, name="location_list"),
    path("import/", views.location_import, name="location_import"),
    path("levels/", views.level_list, name="level_list"),
]
