package model

import (
	"strconv"
	"testing"
)

// TestMultipleWorkers checks where worker counts are read from and which count.
func TestMultipleWorkers(t *testing.T) {
	cases := []struct {
		name  string
		files map[string]string
		want  string // "N path:line setting", "" when one worker
	}{
		{"procfile -w", map[string]string{
			"Procfile": "web: gunicorn -w 4 wsgi:app\n",
		}, "4 Procfile:1 workers 4"},
		{"procfile one worker", map[string]string{
			"Procfile": "web: gunicorn --workers=1 wsgi:app\n",
		}, ""},
		{"gunicorn default is one", map[string]string{
			"Dockerfile": "FROM python:3.12\nCMD [\"gunicorn\", \"-b\", \":8000\", \"app:app\"]\n",
		}, ""},
		{"command variable with default", map[string]string{
			"Dockerfile": "FROM python:3.12\nCMD gunicorn -w ${WORKERS:-3} app:app\n",
		}, "3 Dockerfile:2 workers ${WORKERS:-3}"},
		{"command variable from ENV", map[string]string{
			"Dockerfile": "FROM python:3.12\nENV WORKERS=5\nCMD gunicorn -w $WORKERS app:app\n",
		}, "5 Dockerfile:3 workers $WORKERS"},
		{"explicit one beats WEB_CONCURRENCY", map[string]string{
			"Dockerfile": "FROM python:3.12\nENV WEB_CONCURRENCY=4\nCMD gunicorn -w 1 app:app\n",
		}, ""},
		{"WEB_CONCURRENCY in Dockerfile", map[string]string{
			"Dockerfile": "FROM python:3.12\nENV WEB_CONCURRENCY=4\nCMD gunicorn app:app\n",
		}, "4 Dockerfile:2 WEB_CONCURRENCY=4"},
		{"WEB_CONCURRENCY in production env file", map[string]string{
			"Procfile":        "web: gunicorn app:app\n",
			".env.production": "WEB_CONCURRENCY=2\n",
		}, "2 .env.production:1 WEB_CONCURRENCY=2"},
		{"WEB_CONCURRENCY in development env file", map[string]string{
			"Procfile": "web: gunicorn app:app\n",
			".env.dev": "WEB_CONCURRENCY=2\n",
		}, ""},
		{"gunicorn config cpu count", map[string]string{
			"Procfile": "web: gunicorn -c gunicorn.conf.py app:app\n",
			"gunicorn.conf.py": "import multiprocessing\n\nbind = \"0.0.0.0:8000\"\n" +
				"workers = multiprocessing.cpu_count() * 2 + 1\n",
		}, "0 gunicorn.conf.py:4 workers = multiprocessing.cpu_count() * 2 + 1"},
		{"gunicorn config env default", map[string]string{
			"gunicorn.conf.py": "import os\n" +
				"workers = int(os.environ.get(\"GUNICORN_WORKERS\", \"3\"))\n",
		}, `3 gunicorn.conf.py:2 workers = int(os.environ.get("GUNICORN_WORKERS", "3"))`},
		{"uwsgi ini processes", map[string]string{
			"uwsgi.ini": "[uwsgi]\nmodule = wsgi:app\nmaster = true\nprocesses = 5\n",
		}, "5 uwsgi.ini:4 processes = 5"},
		{"development compose", map[string]string{
			"docker-compose.dev.yml": "services:\n  web:\n    build: .\n" +
				"    command: gunicorn -w 4 app:app\n",
		}, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			w, ok := projectWithFiles(t, tc.files).Deployment().MultipleWorkers()
			got := ""
			if ok {
				got = strconv.Itoa(w.N) + " " + w.Path() + ":" + strconv.Itoa(w.Line) + " " +
					w.Setting
			}
			if got != tc.want {
				t.Errorf("MultipleWorkers = %q, want %q", got, tc.want)
			}
		})
	}
}
