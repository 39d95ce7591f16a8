from django.urls import path

from hearth.reports.dhis2 import views

app_name = "dhis2"
urlpatterns = [
    path("", views.home, name="home"),
    path("mappings/", views.mapping_list, name="mappings"),
    path("mappings/new/", views.mapping_new, name="mapping_new"),
    path("mappings/<uuid:pk>/", views.mapping_edit, name="mapping_edit"),
    path("mappings/<uuid:pk>/void/", views.mapping_void, name="mapping_void"),
    path("org-units/", views.org_unit_list, name="org_units"),
    path("org-units/new/", views.org_unit_new, name="org_unit_new"),
    path("org-units/<uuid:pk>/", views.org_unit_edit, name="org_unit_edit"),
    path("org-units/<uuid:pk>/void/", views.org_unit_void, name="org_unit_void"),
    path("mappings/import/", views.import_file, {"what": "mappings"}, name="mapping_import"),
    path("org-units/import/", views.import_file, {"what": "org-units"}, name="org_unit_import"),
    path("server/", views.server_settings, name="server"),
    path("prepare/", views.prepare, name="prepare"),
    path("prepare/download/", views.download, name="download"),
    path("send/", views.send, name="send"),
    path("submissions/", views.submission_list, name="submissions"),
    path("submissions/<uuid:pk>/", views.submission_detail, name="submission"),
]
