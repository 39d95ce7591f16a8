from django.urls import path

from hearth.reports.dashboards import views

app_name = "dashboards"
urlpatterns = [
    path("", views.index, name="index"),
    path("caseload/", views.worker, name="worker"),
    path("team/", views.supervisor, name="supervisor"),
    path("area/", views.manager, name="manager"),
    path("indicators/", views.indicator_list, name="indicators"),
    path("indicators/<str:code>/", views.indicator_detail, name="indicator"),
    path("records/", views.records, name="records"),
]
