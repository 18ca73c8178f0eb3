package deployfile

import (
	"reflect"
	"slices"
	"testing"
)

func TestIdentifyCommand(t *testing.T) {
	tests := []struct {
		name string
		argv []string
		want CommandInfo // Args is checked separately
	}{
		{"gunicorn exec form", []string{"gunicorn", "-w", "4", "wsgi:app"},
			CommandInfo{Program: "gunicorn", Server: ServerGunicorn, Target: "wsgi:app",
				Workers: "4"}},
		{"gunicorn factory", SplitCommand("gunicorn 'app:create_app()' --log-file -"),
			CommandInfo{Program: "gunicorn", Server: ServerGunicorn,
				Target: "app:create_app()", Factory: true}},
		{"gunicorn options with values and flags", SplitCommand(
			"exec gunicorn --bind 0.0.0.0:$PORT --workers=3 --access-logfile - " +
				"--reload --threads 2 myapp.wsgi:application"),
			CommandInfo{Program: "gunicorn", Server: ServerGunicorn,
				Target: "myapp.wsgi:application", Bind: "0.0.0.0:$PORT", Workers: "3",
				Threads: "2"}},
		{"gunicorn short options glued", SplitCommand(
			"/venv/bin/gunicorn -c gunicorn.conf.py -b :8000 -b :9000 -w4 app:app"),
			CommandInfo{Program: "gunicorn", Server: ServerGunicorn, Target: "app:app",
				Bind: ":8000", Workers: "4", Config: "gunicorn.conf.py"}},
		{"python -m gunicorn", SplitCommand("python -m gunicorn app:app"),
			CommandInfo{Program: "python", Server: ServerGunicorn, Target: "app:app"}},
		{"python script", SplitCommand("python3.12 -u -W ignore app.py --port 80"),
			CommandInfo{Program: "python3.12", Server: ServerPython, Script: "app.py"}},
		{"python -m other module", SplitCommand("python -Bm myapp.cli serve"),
			CommandInfo{Program: "python", Server: ServerPython, Module: "myapp.cli"}},
		{"python -c", SplitCommand(`python -c "import app; app.main()"`),
			CommandInfo{Program: "python", Server: ServerPython}},
		{"python -m waitress", SplitCommand("python -m waitress --port=8080 app:app"),
			CommandInfo{Program: "python", Server: ServerWaitress, Target: "app:app",
				Bind: ":8080"}},
		{"flask run", SplitCommand(
			"flask --app hello --debug run --host=0.0.0.0 --port 5000"),
			CommandInfo{Program: "flask", Server: ServerFlask, Subcommand: "run",
				Target: "hello", Bind: "0.0.0.0:5000"}},
		{"flask task alone", SplitCommand("flask db upgrade"),
			CommandInfo{Program: "flask", Server: ServerFlask, Subcommand: "db"}},
		{"server after a task", SplitCommand("flask db upgrade && gunicorn app:app"),
			CommandInfo{Program: "gunicorn", Server: ServerGunicorn, Target: "app:app"}},
		{"sh -c recursion", []string{"/bin/sh", "-ec",
			"flask db upgrade && exec gunicorn -b 0.0.0.0:8000 'app:create_app()'"},
			CommandInfo{Program: "gunicorn", Server: ServerGunicorn,
				Target: "app:create_app()", Factory: true, Bind: "0.0.0.0:8000"}},
		{"nested sh -c", SplitCommand(`sh -c "bash -c 'hypercorn -b :80 asgi:app'"`),
			CommandInfo{Program: "hypercorn", Server: ServerHypercorn, Target: "asgi:app",
				Bind: ":80"}},
		{"wrappers and assignments", SplitCommand("FLASK_ENV=production env -u X DEBUG=0 " +
			"tini -p SIGTERM -- gosu app waitress-serve --listen=*:8080 --call app:create_app"),
			CommandInfo{Program: "waitress-serve", Server: ServerWaitress,
				Target: "app:create_app", Factory: true, Bind: "*:8080"}},
		{"uwsgi module and callable", SplitCommand(
			"uwsgi --master --http :8000 --module app --callable application --processes 4"),
			CommandInfo{Program: "uwsgi", Server: ServerUWSGI, Target: "app:application",
				Bind: ":8000", Workers: "4"}},
		{"uwsgi wsgi file", SplitCommand("uwsgi --http-socket=:9090 --wsgi-file wsgi.py"),
			CommandInfo{Program: "uwsgi", Server: ServerUWSGI, Target: "wsgi.py",
				Bind: ":9090"}},
		{"uwsgi ini", SplitCommand("uwsgi --ini /etc/uwsgi/app.ini"),
			CommandInfo{Program: "uwsgi", Server: ServerUWSGI,
				Config: "/etc/uwsgi/app.ini"}},
		{"uvicorn factory", SplitCommand(
			"uvicorn --factory app:create_app --host 0.0.0.0 --port 80 --workers 2"),
			CommandInfo{Program: "uvicorn", Server: ServerUvicorn, Target: "app:create_app",
				Factory: true, Bind: "0.0.0.0:80", Workers: "2"}},
		{"tool runner", SplitCommand("poetry run flask run"),
			CommandInfo{Program: "flask", Server: ServerFlask, Subcommand: "run"}},
		{"apm wrapper", SplitCommand("newrelic-admin run-program ddtrace-run gunicorn a:b"),
			CommandInfo{Program: "gunicorn", Server: ServerGunicorn, Target: "a:b"}},
		{"entrypoint script", []string{"./entrypoint.sh"},
			CommandInfo{Program: "entrypoint.sh"}},
		{"shell running a script", []string{"bash", "start.sh"},
			CommandInfo{Program: "bash", Script: "start.sh"}},
		{"shell -c without command", []string{"sh", "-c"}, CommandInfo{Program: "sh"}},
		{"empty", nil, CommandInfo{}},
		{"only assignments", []string{"A=1", "B=2"}, CommandInfo{}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := IdentifyCommand(tc.argv)
			got.Args = nil
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("IdentifyCommand(%q)\n got %+v\nwant %+v", tc.argv, got, tc.want)
			}
		})
	}
}

func TestIdentifyCommandArgsAndFlags(t *testing.T) {
	info := IdentifyCommand(SplitCommand(
		"FLASK_DEBUG=1 exec gunicorn --reload --bind=0.0.0.0:80 app:app"))

	wantArgs := []string{"gunicorn", "--reload", "--bind=0.0.0.0:80", "app:app"}
	if !slices.Equal(info.Args, wantArgs) {
		t.Errorf("Args = %q, want %q", info.Args, wantArgs)
	}
	if !info.HasFlag("--reload") || !info.HasFlag("--bind") {
		t.Errorf("HasFlag misses --reload or --bind in %q", info.Args)
	}
	if info.HasFlag("--preload") {
		t.Errorf("HasFlag(--preload) = true for %q", info.Args)
	}
}
