import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lazos.settings")
# Requests served through this entry point get the web limits (settings: statement timeout).
os.environ.setdefault("LAZOS_PROCESS", "web")

application = get_asgi_application()
