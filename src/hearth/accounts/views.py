from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hearth.access import policy
from hearth.access.decorators import requires, signed_in
from hearth.accounts import tokens, two_factor
from hearth.accounts.forms import TokenForm
from hearth.accounts.models import ApiToken
from hearth.core.errors import HearthError
from hearth.web.forms import show_errors


@signed_in
def profile(request):
    user = request.user
    context = {
        "roles": policy.roles_of(user),
        "can_use_api": policy.has_perm(user, "api.use"),
        "tokens": user.api_tokens.all(),
        "form": TokenForm(),
        "two_factor": two_factor.has_two_factor(user),
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
