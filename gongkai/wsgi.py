import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.settings")
application = get_wsgi_application()

# 三员分立: a production server does not start while a superuser exists (gongkai.security.checks).
from gongkai.security.checks import run_startup_checks  # noqa: E402

run_startup_checks()
