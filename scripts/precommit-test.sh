#!/usr/bin/env bash
# Proves the pre-commit hook in .pre-commit-hooks.yaml with the real
# pre-commit: a small Flask project in a temporary git repository, checked
# with `pre-commit try-repo`, must fail while its login view redirects to
# ?next= unchecked and pass once the view is fixed.
#
#   scripts/precommit-test.sh [REPO]
#
# REPO is the flasklint repository to install the hook from (default: the
# one holding this script). try-repo builds the hook from REPO's HEAD plus
# its uncommitted changes to tracked files, with `go install ./...`; files
# not yet added to git are not part of it.
#
# Needs git, pre-commit, Go and a C compiler (cgo). Go's module and build
# caches are shared with the caller's, so nothing is downloaded twice.
set -euo pipefail

repo=$(cd "${1:-$(dirname "$0")/..}" && pwd)
for tool in git go pre-commit; do
	command -v "$tool" >/dev/null || { echo "precommit-test: $tool is not installed" >&2; exit 1; }
done

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# pre-commit installs golang hooks with GOPATH set to its own folder;
# pointing the module and build caches at the usual ones keeps the
# install quick and offline after the first build.
GOMODCACHE=$(go env GOMODCACHE)
GOCACHE=$(go env GOCACHE)
export GOMODCACHE GOCACHE CGO_ENABLED=1
export PRE_COMMIT_HOME="$work/pre-commit-home"
export GIT_AUTHOR_NAME=precommit-test GIT_AUTHOR_EMAIL=precommit-test@example.invalid
export GIT_COMMITTER_NAME=precommit-test GIT_COMMITTER_EMAIL=precommit-test@example.invalid

say() { printf '\n== %s\n' "$*"; }


# run_hook WANT RULE ARGS...: runs the hook through try-repo and checks
# that it exits with WANT (0 or 1) and, when it fails, reports RULE.
run_hook() {
	local want=$1 rule=$2 got=0
	shift 2
	echo "\$ pre-commit try-repo $repo flasklint $*"
	(cd "$work/shop" && pre-commit try-repo "$repo" flasklint "$@") >"$work/out" 2>&1 || got=$?
	sed 's/^/    /' "$work/out"
	if [ "$got" != "$want" ]; then
		echo "precommit-test: FAIL: exit status $got, want $want" >&2
		exit 1
	fi
	if [ "$want" = 1 ] && ! grep -q "$rule" "$work/out"; then
		echo "precommit-test: FAIL: the hook failed without reporting $rule" >&2
		exit 1
	fi
}

# write_factory [insecure]: the app factory, with the session cookie
# settings unless "insecure" is given.
write_factory() {
	{
		printf 'from flask import Flask\n\n\ndef create_app():\n'
		printf '    app = Flask(__name__)\n'
		if [ "${1:-}" != insecure ]; then
			printf '    app.config.update(\n'
			printf '        SESSION_COOKIE_SECURE=True,\n'
			printf '        SESSION_COOKIE_HTTPONLY=True,\n'
			printf '        SESSION_COOKIE_SAMESITE="Lax",\n'
			printf '    )\n'
		fi
		printf '    from .auth import bp\n\n'
		printf '    app.register_blueprint(bp)\n'
		printf '    return app\n'
	} >shop/__init__.py
}

say "sample project: $work/shop"
mkdir -p "$work/shop/shop"
cd "$work/shop"
git init -q .
printf 'flask\ngunicorn\n' >requirements.txt
# The two rules the sample is about, so that rules added to flasklint
# later cannot change the outcome; it also shows the hook reads the
# project's configuration.
printf 'select = ["HC-FLASK-008", "HC-FLASK-022"]\n' >.flasklint.toml
write_factory
cat >shop/auth.py <<'EOF'
from flask import Blueprint, redirect, request, session, url_for

bp = Blueprint("auth", __name__)


@bp.route("/login", methods=["POST"])
def login():
    session["user"] = request.form["user"]
    return redirect(request.args.get("next") or url_for("index"))
EOF
git add -A
git commit -q -m "login view"

say "bad commit: the login view redirects to ?next= unchecked; the hook must fail"
run_hook 1 HC-FLASK-022 --files shop/auth.py

say "fixed commit: the hook must pass on the whole project"
cat >shop/auth.py <<'EOF'
from urllib.parse import urlsplit

from flask import Blueprint, redirect, request, session, url_for

bp = Blueprint("auth", __name__)


@bp.route("/login", methods=["POST"])
def login():
    session["user"] = request.form["user"]
    target = request.args.get("next", "")
    if not target or urlsplit(target).netloc or "\\" in target:
        target = url_for("index")
    return redirect(target)
EOF
git add -A
git commit -q -m "validate next"
run_hook 0 - --all-files

say "a commit of the factory alone is checked against the whole project: the
session is used in shop/auth.py, which pre-commit does not pass; the hook must fail"
write_factory insecure
git add -A
run_hook 1 HC-FLASK-008 --files shop/__init__.py

say "precommit-test: ok"
