from django.urls import path

from hearth.accounts import views

app_name = "accounts"
urlpatterns = [
    path("login/", views.login, name="login"),
    path("logout/", views.logout, name="logout"),
    path("password/", views.password_change, name="password_change"),
    path("me/", views.profile, name="profile"),
    path("me/tokens/new/", views.token_create, name="token_create"),
    path("me/tokens/<uuid:pk>/revoke/", views.token_revoke, name="token_revoke"),
]
