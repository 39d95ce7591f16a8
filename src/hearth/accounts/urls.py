from django.urls import path

from hearth.accounts import views, views_security, views_signin, views_two_factor, views_users

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
    path("users/", views_users.user_list, name="user_list"),
    path("users/new/", views_users.user_create, name="user_create"),
    path("users/<uuid:pk>/", views_users.user_detail, name="user_detail"),
    path("users/<uuid:pk>/edit/", views_users.user_edit, name="user_edit"),
    path("users/<uuid:pk>/deactivate/", views_users.user_deactivate, name="user_deactivate"),
    path("users/<uuid:pk>/reactivate/", views_users.user_reactivate, name="user_reactivate"),
    path("users/<uuid:pk>/password/", views_users.user_password_reset, name="user_password"),
    path("locked/", views_security.locked_list, name="locked_list"),
    path("users/<uuid:pk>/security/", views_security.user_security, name="user_security"),
    path("users/<uuid:pk>/unlock/", views_security.user_unlock, name="user_unlock"),
    path(
        "users/<uuid:pk>/two-factor/reset/",
        views_security.user_two_factor_reset,
        name="user_two_factor_reset",
    ),
]
