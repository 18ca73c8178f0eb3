"""Login and logout."""
from urllib.parse import urlsplit

from flask import (
    Blueprint,
    current_app,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    session,
    url_for,
)

from .extensions import limiter
from .users import authenticate

bp = Blueprint("auth", __name__)

THIRTY_DAYS = 30 * 24 * 3600


# flasklint reports HC-FLASK-023: the limit is kept in each gunicorn worker's
# memory (no storage_uri), so three workers allow three times as many guesses.
@bp.route("/login", methods=["GET", "POST"])
@limiter.limit("5 per minute", methods=["POST"])
def login():
    if request.method == "GET":
        return render_template("auth/login.html")

    user = authenticate(request.form["username"], request.form["password"])
    if user is None:
        current_app.logger.warning(
            "failed login for %r from %s", request.form["username"], request.remote_addr
        )
        flash("Invalid username or password.")
        return render_template("auth/login.html"), 401

    session.clear()
    session["user_id"] = user.id
    next_page = request.args.get("next")
    # flasklint reports HC-FLASK-022: "next" is any URL the link's author chose.
    resp = make_response(redirect(next_page or url_for("files.index")))
    if request.form.get("remember"):
        # flasklint reports HC-FLASK-008: no secure, httponly or samesite flags.
        resp.set_cookie("remember_user", user.username, max_age=THIRTY_DAYS)
    return resp


@bp.route("/logout")
def logout():
    session.clear()
    # Careful: only a path on this site is followed; anything with a scheme,
    # a host, or a backslash that browsers read as "//" goes to the login page.
    target = request.args.get("next", "")
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or "\\" in target:
        target = url_for("auth.login")
    return redirect(target)
