from django.utils import translation

from hearth.core import config


class UserLanguageMiddleware:
    """A signed-in user's chosen language wins over the browser's (J2)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.language:
            translation.activate(user.language)
            request.LANGUAGE_CODE = user.language
        return None


class ReadSettingsOnceMiddleware:
    """A page that only reads (GET, HEAD) reads each deployment setting once: the
    task list asks the same answer-by days for each kind of task."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in ("GET", "HEAD"):
            return self.get_response(request)
        with config.remembering():
            return self.get_response(request)


class HearthErrorMiddleware:
    """Turns a service's refusal that no view handled into the right page:
    NotFound -> 404, Forbidden -> 403 (and an audit event), others -> 400 with the
    message. Views that show forms catch these themselves to show them in place."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        from django.shortcuts import render

        from hearth.access.denials import record_denial
        from hearth.core.errors import Forbidden, HearthError, NotFound

        if request.path.startswith("/api/"):
            return None
        if isinstance(exception, NotFound):
            return render(request, "404.html", status=404)
        if isinstance(exception, Forbidden):
            record_denial(request.user, "", request.path)
            return render(request, "403.html", {"message": exception.message}, status=403)
        if isinstance(exception, HearthError):
            return render(
                request, "web/refused.html", {"message": exception.message}, status=exception.status
            )
        return None
