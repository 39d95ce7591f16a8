from django.urls import path

from hearth.notify import views

app_name = "notify"
urlpatterns = [
    path("", views.notification_list, name="list"),
    path("badge/", views.badge, name="badge"),
    path("read-all/", views.notification_read_all, name="read_all"),
    path("preferences/", views.preferences, name="preferences"),
    path("<uuid:pk>/open/", views.notification_open, name="open"),
    path("<uuid:pk>/read/", views.notification_read, name="read"),
]
