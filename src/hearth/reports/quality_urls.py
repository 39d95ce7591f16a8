from django.urls import path

from hearth.reports import quality_views

app_name = "quality"
urlpatterns = [
    path("", quality_views.quality_report, name="report"),
    path("cases/", quality_views.quality_cases, name="cases"),
]
