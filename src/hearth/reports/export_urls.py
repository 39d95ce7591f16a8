from django.urls import path

from hearth.reports import export_views

app_name = "exports"
urlpatterns = [
    path("", export_views.export_list, name="list"),
    path("new/", export_views.export_new, name="new"),
    path("<uuid:pk>/", export_views.export_job, name="job"),
    path("<uuid:pk>/progress/", export_views.export_progress, name="progress"),
    path("<uuid:pk>/download/", export_views.export_download, name="download"),
    path("casefile/<uuid:pk>.pdf", export_views.casefile_download, name="casefile"),
]
