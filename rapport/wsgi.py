import os

from django.core.wsgi import get_wsgi_application

from rapport.operations.site_path import site_path_stripped

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rapport.settings")
application = site_path_stripped(get_wsgi_application())
