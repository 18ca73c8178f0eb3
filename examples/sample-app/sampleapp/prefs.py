"""User preferences kept in cookies."""
from flask import Blueprint, abort, make_response, redirect, request, url_for

bp = Blueprint("prefs", __name__)

ONE_YEAR = 365 * 24 * 3600


@bp.route("/consent", methods=["POST"])
def consent():
    choice = request.form.get("analytics")
    if choice not in {"yes", "no"}:
        abort(400)
    resp = make_response(redirect(url_for("files.index")))
    # Careful: every flag is set.
    resp.set_cookie(
        "consent",
        choice,
        max_age=ONE_YEAR,
        secure=True,
        httponly=True,
        samesite="Lax",
    )
    return resp
