from django.urls import path

from hearth.forms import views

app_name = "forms"
urlpatterns = [
    path("", views.definition_list, name="definition_list"),
    path("new/", views.definition_create, name="definition_create"),
    path("lookups/", views.lookup_list, name="lookup_list"),
    path("lookups/new/", views.lookup_create, name="lookup_create"),
    path("lookups/<slug:code>/", views.lookup_detail, name="lookup_detail"),
    path(
        "lookups/<slug:code>/values/<uuid:pk>/edit/",
        views.lookup_value_edit,
        name="lookup_value_edit",
    ),
    path("<slug:code>/", views.definition_detail, name="definition_detail"),
    path("<slug:code>/edit/", views.definition_edit, name="definition_edit"),
    path("<slug:code>/versions/new/", views.version_create, name="version_create"),
    path("<slug:code>/versions/copy/", views.version_copy, name="version_copy"),
    path("<slug:code>/versions/<int:number>/", views.version_detail, name="version_detail"),
    path("<slug:code>/versions/<int:number>/edit/", views.version_edit, name="version_edit"),
    path(
        "<slug:code>/versions/<int:number>/publish/",
        views.version_publish,
        name="version_publish",
    ),
]
