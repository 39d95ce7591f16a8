from django.urls import path

from hearth.accounts import views, views_security, views_signin, views_two_factor

app_name = "accounts"
urlpatterns = [
    path("login/", views_signin.login, name="login"),
    path("login/code/", views_signin.login_code, name="login_code"),
    path("logout/", views_signin.logout, name="logout"),
    path("password/", views_signin.password_change, name="password_change"),
    path("me/", views.profile, name="profile"),
    path("me/tokens/new/", views.token_create, name="token_create"),
    path("me/tokens/<uuid:pk>/revoke/", views.token_revoke, name="token_revoke"),
    path("me/two-factor/", views_two_factor.two_factor_page, name="two_factor"),
    path("me/two-factor/set-up/", views_two_factor.two_factor_enrol, name="two_factor_enrol"),
    path("me/two-factor/off/", views_two_factor.two_factor_disable, name="two_factor_disable"),
    path(
        "me/two-factor/recovery-codes/",
        views_two_factor.recovery_codes_renew,
        name="recovery_codes_renew",
    ),
    path("locked/", views_security.locked_list, name="locked_list"),
    path("users/<uuid:pk>/security/", views_security.user_security, name="user_security"),
    path("users/<uuid:pk>/unlock/", views_security.user_unlock, name="user_unlock"),
    path(
        "users/<uuid:pk>/two-factor/reset/",
        views_security.user_two_factor_reset,
        name="user_two_factor_reset",
    ),
]
