"""The WSGI application (``gongkai serve``, or any WSGI server pointed at ``gongkai.wsgi``).

Importing it writes nothing: the data dir must have been prepared by a ``gongkai`` command
(``gongkai migrate`` on a new deployment), else the server refuses to start and says so."""
from django.core.exceptions import ImproperlyConfigured
from django.core.wsgi import get_wsgi_application

from gongkai import environment

environment.default_settings_module()
if (_problem := environment.data_dir_problem()) is not None:
    raise ImproperlyConfigured(_problem)
application = get_wsgi_application()

# 三员分立: a production server does not start while a superuser exists (gongkai.security.checks).
from gongkai.security.checks import run_startup_checks  # noqa: E402

run_startup_checks()
