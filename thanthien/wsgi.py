"""WSGI entry point for granian or gunicorn: `thanthien.wsgi:application`."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thanthien.settings")
application = get_wsgi_application()
