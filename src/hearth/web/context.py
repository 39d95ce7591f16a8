from django.conf import settings

from hearth.web import navigation as menu


def navigation(request):
    user = getattr(request, "user", None)
    context = {"demo_mode": settings.DEMO_MODE}
    if user is not None and user.is_authenticated:
        context["nav"] = menu.for_user(user, request.path)
    return context
