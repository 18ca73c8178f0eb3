"""Entry point for gunicorn: `gunicorn wsgi:app`."""
from sampleapp import create_app

app = create_app("production")
