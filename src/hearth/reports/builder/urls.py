from django.urls import path

from hearth.reports.builder import views

app_name = "report_builder"
urlpatterns = [
    path("builder/", views.builder, name="build"),
    path("builder/export.csv", views.builder_export, {"fmt": "csv"}, name="export_csv"),
    path("builder/export.xlsx", views.builder_export, {"fmt": "xlsx"}, name="export_xlsx"),
    path("saved/", views.saved_list, name="list"),
    path("saved/<uuid:pk>/", views.saved_report, name="saved"),
    path("saved/<uuid:pk>/export.csv", views.saved_export, {"fmt": "csv"}, name="saved_csv"),
    path("saved/<uuid:pk>/export.xlsx", views.saved_export, {"fmt": "xlsx"}, name="saved_xlsx"),
    path("saved/<uuid:pk>/share/", views.saved_share, name="share"),
    path("saved/<uuid:pk>/schedule/", views.saved_schedule, name="schedule"),
    path("saved/<uuid:pk>/remove/", views.saved_void, name="void"),
]
