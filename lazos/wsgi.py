import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lazos.settings")
# Requests served through this entry point get the web limits (settings: statement timeout).
os.environ.setdefault("LAZOS_PROCESS", "web")

application = get_wsgi_application()

# What is loaded now (Django, the apps, their models, forms and settings) lives as long as the
# process: the garbage collector's full collections need not walk it on every request that
# triggers one (#15: 319 ms of collection over 21 requests of the action list, 29 ms after).
# gunicorn imports this module in each worker, after the fork (no --preload).
gc.collect()
gc.freeze()
