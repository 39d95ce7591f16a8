from django.urls import path

from hearth.access import views

app_name = "access"
urlpatterns = [
    path("roles/", views.role_list, name="role_list"),
    path("roles/new/", views.role_create, name="role_create"),
    path("roles/<slug:code>/", views.role_edit, name="role_edit"),
    path("sensitivity/", views.sensitivity_list, name="sensitivity_list"),
    path("sensitivity/edit/", views.sensitivity_edit, name="sensitivity_edit"),
]
