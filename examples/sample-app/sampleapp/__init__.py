"""A small notes-and-files app, built by an application factory."""
import os

from flask import Flask

from config import config

from .extensions import limiter


def create_app(config_name=None):
    """Create the app with the named configuration (FLASK_CONFIG by default)."""
    config_name = config_name or os.environ.get("FLASK_CONFIG", "default")
    # flasklint reports HC-FLASK-015: gunicorn runs behind a proxy (Procfile, Dockerfile)
    # and nothing applies X-Forwarded-For, so the limiter sees the proxy's address.
    # flasklint reports HC-FLASK-024: the app renders HTML pages, but nothing sets
    # HSTS, X-Content-Type-Options, frame protection or a Content-Security-Policy.
    app = Flask(__name__)
    app.config.from_object(config[config_name])
    limiter.init_app(app)
    os.makedirs(os.path.join(app.config["UPLOAD_FOLDER"], "avatars"), exist_ok=True)

    from .auth import bp as auth_bp
    from .files import bp as files_bp
    from .prefs import bp as prefs_bp

    app.register_blueprint(auth_bp, url_prefix="/auth")
    app.register_blueprint(files_bp, url_prefix="/files")
    app.register_blueprint(prefs_bp)
    return app
