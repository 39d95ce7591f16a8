"""`hearth serve`: the web server (waitress) and the background job worker (huey)
in one process - enough for an office or a demo. Larger deployments run
`waitress-serve hearth.wsgi:application` (or gunicorn) and `hearth run_huey` apart."""

import threading

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _


class Command(BaseCommand):
    help = _("Serve Hearth on http://HOST:PORT with a background job worker.")

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--threads", type=int, default=8)
        parser.add_argument("--no-jobs", action="store_true", help=_("Do not run jobs here."))
        parser.add_argument("--demo", action="store_true", help=_("Print the demo sign-ins."))

    def handle(self, *args, host, port, threads, no_jobs, demo, **options):
        from waitress import serve

        from hearth.wsgi import application

        if not no_jobs and not settings.HUEY.get("immediate"):
            threading.Thread(target=self._jobs, daemon=True, name="jobs").start()
        if demo:
            from hearth.demo.people import print_sign_ins

            print_sign_ins(self.stdout)
        self.stdout.write(
            _("Hearth is running on http://%(host)s:%(port)s/ (Ctrl+C to stop)")
            % {"host": host, "port": port}
        )
        serve(application, host=host, port=port, threads=threads, ident="Hearth")

    def _jobs(self):
        from huey.consumer import Consumer
        from huey.contrib.djhuey import HUEY

        # Signals can only be installed by the main thread; the web server owns it.
        consumer = Consumer(HUEY, workers=2, worker_type="thread")
        consumer._set_signal_handlers = lambda: None
        consumer.run()
