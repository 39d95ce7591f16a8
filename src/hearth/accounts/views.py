from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse_lazy
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hearth.access import policy
from hearth.access.decorators import public, requires, signed_in
from hearth.accounts import tokens
from hearth.accounts.forms import TokenForm
from hearth.accounts.models import ApiToken
from hearth.core.errors import HearthError
from hearth.web.forms import show_errors


@method_decorator(public, name="dispatch")
class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    redirect_authenticated_user = True


login = public(LoginView.as_view())
logout = public(auth_views.LogoutView.as_view())
password_change = signed_in(
    auth_views.PasswordChangeView.as_view(
        template_name="accounts/password_change.html",
        success_url=reverse_lazy("accounts:profile"),
    )
)


@signed_in
def profile(request):
    user = request.user
    context = {
        "roles": policy.roles_of(user),
        "can_use_api": policy.has_perm(user, "api.use"),
        "tokens": user.api_tokens.all(),
        "form": TokenForm(),
    }
    return render(request, "accounts/profile.html", context)


@requires("api.use")
def token_create(request):
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            token, raw = tokens.token_create(actor=request.user, **form.cleaned_data)
        except HearthError as error:
            show_errors(form, error)
        else:
            return render(request, "accounts/token_created.html", {"token": token, "raw": raw})
    return render(request, "accounts/token_form.html", {"form": form})


@requires("api.use")
@require_POST
def token_revoke(request, pk):
    token = get_object_or_404(ApiToken, pk=pk, user=request.user)
    tokens.token_revoke(actor=request.user, token=token)
    messages.success(request, _("The token “%(name)s” was revoked.") % {"name": token.name})
    return redirect("accounts:profile")
