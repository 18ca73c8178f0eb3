package model

import (
	"slices"
	"strings"
	"testing"

	"github.com/flasklint/flasklint/parser"
)

// projectWithFiles builds a Project from in-memory files: .py files are
// parsed, the others become Source.Other in path order, as the parser
// analyzer gives them.
func projectWithFiles(t *testing.T, files map[string]string) *Project {
	t.Helper()
	py := map[string]string{}
	var other []string
	for path, src := range files {
		if strings.HasSuffix(path, ".py") {
			py[path] = src
		} else {
			other = append(other, path)
		}
	}
	slices.Sort(other)
	p := buildFromSources(t, py)
	for _, path := range other {
		p.Source.Other = append(p.Source.Other,
			&parser.OtherFile{Path: path, Src: []byte(files[path])})
	}
	return p
}

const composeWithNginx = `services:
  web:
    build: .
    command: gunicorn -w 3 -b 0.0.0.0:8000 wsgi:app
  nginx:
    image: nginx:1.25-alpine
    ports: ["80:80"]
`

func TestBehindProxy(t *testing.T) {
	cases := []struct {
		name     string
		files    map[string]string
		want     string // Desc of the strongest evidence; "" when not behind a proxy
		strength Strength
		line     int
	}{
		{"procfile gunicorn", map[string]string{
			"Procfile": "release: flask db upgrade\nweb: gunicorn wsgi:app\n",
		}, "gunicorn in Procfile", StrengthStrong, 2},
		{"procfile flask run", map[string]string{
			"Procfile": "web: flask run --host 0.0.0.0 --port $PORT\n",
		}, "", 0, 0},
		{"procfile worker only", map[string]string{
			"Procfile": "worker: celery -A tasks worker\n",
		}, "", 0, 0},
		{"dockerfile gunicorn", map[string]string{
			"Dockerfile": "FROM python:3.12-slim\nCOPY . /app\n" +
				`CMD ["gunicorn", "-b", "0.0.0.0:8000", "app:app"]` + "\n",
		}, "gunicorn in Dockerfile", StrengthMedium, 3},
		{"dockerfile entrypoint script hands over to gunicorn", map[string]string{
			"Dockerfile": "FROM python:3.12\n" + `ENTRYPOINT ["./docker-entrypoint.sh"]` +
				"\n" + `CMD ["gunicorn", "app:app"]` + "\n",
		}, "gunicorn in Dockerfile", StrengthMedium, 3},
		{"dockerfile final stage runs the dev server", map[string]string{
			"Dockerfile": "FROM python:3.12 AS prod\nCMD gunicorn app:app\n" +
				"FROM prod AS dev\nCMD python app.py\n",
		}, "", 0, 0},
		{"dev dockerfile", map[string]string{
			"Dockerfile.dev": "FROM python:3.12\nCMD gunicorn --reload app:app\n",
		}, "", 0, 0},
		{"compose nginx service", map[string]string{
			"docker-compose.yml": composeWithNginx,
		}, "nginx service in docker-compose.yml", StrengthStrong, 6},
		{"dev compose file", map[string]string{
			"docker-compose.dev.yml": composeWithNginx,
		}, "", 0, 0},
		{"override compose runs flask run", map[string]string{
			"docker-compose.override.yml": "services:\n  web:\n    command: flask run\n",
		}, "", 0, 0},
		{"nginx proxy_pass beats gunicorn", map[string]string{
			"Dockerfile": "FROM python:3.12\nCMD gunicorn app:app\n",
			"deploy/nginx.conf": "server {\n  listen 80;\n  location / {\n" +
				"    proxy_pass http://127.0.0.1:8000;\n  }\n}\n",
		}, "nginx proxy_pass in deploy/nginx.conf", StrengthStrong, 4},
		{"nginx uwsgi_pass to uwsgi socket", map[string]string{
			"nginx/site.conf": "server {\n  location / {\n    include uwsgi_params;\n" +
				"    uwsgi_pass unix:/run/app.sock;\n  }\n}\n",
			"uwsgi.ini": "[uwsgi]\nmodule = wsgi:app\nsocket = /run/app.sock\n",
		}, "", 0, 0},
		{"compose nginx that only speaks uwsgi", map[string]string{
			"docker-compose.yml": "services:\n  nginx:\n    image: nginx\n" +
				"  app:\n    command: uwsgi --ini uwsgi.ini\n",
			"nginx/default.conf": "server {\n  location / { uwsgi_pass app:3031; }\n}\n",
		}, "", 0, 0},
		{"uwsgi http socket", map[string]string{
			"uwsgi.ini": "[uwsgi]\nmodule = wsgi:app\nhttp-socket = :8000\nmaster = true\n",
		}, "uwsgi in uwsgi.ini", StrengthMedium, 3},
		{"heroku app.json", map[string]string{
			"app.json": `{"name": "shop", "buildpacks": [{"url": "heroku/python"}]}`,
		}, "Heroku app.json", StrengthStrong, 1},
		{"expo app.json is not heroku", map[string]string{
			"mobile/app.json": `{"expo": {"name": "shop", "stack": "x"}}`,
		}, "", 0, 0},
		{"runtime.txt alone", map[string]string{
			"runtime.txt": "python-3.12.3\n",
		}, "", 0, 0},
		{"runtime.txt with a Procfile running the dev server", map[string]string{
			"runtime.txt": "python-3.12.3\n",
			"Procfile":    "web: python app.py\n",
		}, "Heroku runtime.txt and Procfile", StrengthStrong, 1},
		{"fly.toml", map[string]string{
			"fly.toml": "app = \"shop\"\n[http_service]\n  internal_port = 8080\n",
		}, "fly.io fly.toml", StrengthStrong, 1},
		{"app engine", map[string]string{
			"app.yaml": "# App Engine\nruntime: python312\n" +
				"entrypoint: gunicorn -b :$PORT main:app\n",
		}, "App Engine app.yaml", StrengthStrong, 2},
		{"kubernetes ingress", map[string]string{
			"k8s/ingress.yaml": "apiVersion: networking.k8s.io/v1\nkind: Ingress\n",
		}, "Kubernetes Ingress in k8s/ingress.yaml", StrengthStrong, 2},
		{"helm ingress template", map[string]string{
			"chart/templates/ingress.yaml": "{{- if .Values.ingress.enabled -}}\n" +
				"apiVersion: networking.k8s.io/v1\nkind: Ingress\n",
		}, "Kubernetes Ingress in chart/templates/ingress.yaml", StrengthMedium, 3},
		{"nginx exporter sidecar is no proxy", map[string]string{
			"docker-compose.yml": "services:\n  metrics:\n" +
				"    image: nginx/nginx-prometheus-exporter:1.1\n",
		}, "", 0, 0},
		{"gunicorn config module", map[string]string{
			"gunicorn.conf.py": "workers = 4\nbind = '0.0.0.0:8000'\n",
		}, "gunicorn config gunicorn.conf.py", StrengthMedium, 1},
		{"nothing", map[string]string{
			"app.py":           "from flask import Flask\napp = Flask(__name__)\n",
			"requirements.txt": "flask\n",
		}, "", 0, 0},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			d := projectWithFiles(t, tc.files).Deployment()
			ev, ok := d.BehindProxy()
			if tc.want == "" {
				if ok {
					t.Fatalf("BehindProxy = %q (%s), want none", ev.Desc, ev.Path())
				}
				return
			}
			if !ok {
				t.Fatalf("BehindProxy found nothing, want %q", tc.want)
			}
			if ev.Desc != tc.want || ev.Strength != tc.strength || ev.Line != tc.line {
				t.Errorf("BehindProxy = %q strength %d line %d, want %q strength %d line %d",
					ev.Desc, ev.Strength, ev.Line, tc.want, tc.strength, tc.line)
			}
		})
	}
}

func TestForwardedByServer(t *testing.T) {
	gunicornDocker := "FROM python:3.12\nCMD gunicorn -b 0.0.0.0:8000 app:app\n"
	cases := []struct {
		name         string
		files        map[string]string
		scheme, addr bool
	}{
		{"procfile gunicorn gets FORWARDED_ALLOW_IPS from the buildpack", map[string]string{
			"Procfile": "web: gunicorn app:app\n",
		}, true, false},
		{"heroku.yml builds a container without the buildpack", map[string]string{
			"Procfile":   "web: gunicorn app:app\n",
			"heroku.yml": "build:\n  docker:\n    web: Dockerfile\n",
		}, false, false},
		{"gunicorn behind an nginx container", map[string]string{
			"Dockerfile":         gunicornDocker,
			"docker-compose.yml": composeWithNginx,
		}, false, false},
		{"forwarded-allow-ips flag", map[string]string{
			"Dockerfile": `FROM python:3.12` + "\n" +
				`CMD ["gunicorn", "--forwarded-allow-ips=*", "app:app"]` + "\n",
		}, true, false},
		{"FORWARDED_ALLOW_IPS in the image", map[string]string{
			"Dockerfile": "FROM python:3.12\nENV FORWARDED_ALLOW_IPS=\"*\"\nCMD gunicorn app:app\n",
		}, true, false},
		{"FORWARDED_ALLOW_IPS in a compose environment", map[string]string{
			"Dockerfile": gunicornDocker,
			"docker-compose.yml": "services:\n  web:\n    build: .\n    environment:\n" +
				"      - FORWARDED_ALLOW_IPS=*\n  proxy:\n    image: traefik:v3\n",
		}, true, false},
		{"FORWARDED_ALLOW_IPS only in .env.example", map[string]string{
			"Dockerfile":   gunicornDocker,
			".env.example": "FORWARDED_ALLOW_IPS=*\n",
		}, false, false},
		{"gunicorn config trusts the proxy", map[string]string{
			"gunicorn.conf.py": "forwarded_allow_ips = '*'\nproxy_protocol = True\n",
		}, true, true},
		{"gunicorn behind nginx on localhost", map[string]string{
			"Dockerfile": gunicornDocker,
			"nginx.conf": "server { location / { proxy_pass http://127.0.0.1:8000; } }\n",
		}, true, false},
		{"gunicorn behind nginx on a unix socket upstream", map[string]string{
			"Dockerfile": gunicornDocker,
			"nginx.conf": "http {\n" +
				" upstream app_server { server unix:/tmp/g.sock fail_timeout=0; }\n" +
				" server { location / { proxy_pass http://app_server; } }\n}\n",
		}, true, false},
		{"gunicorn behind nginx in another container", map[string]string{
			"Dockerfile": gunicornDocker,
			"nginx.conf": "upstream app { server web:8000; }\n" +
				"server { location / { proxy_pass http://app; } }\n",
		}, false, false},
		{"gunicorn PROXY protocol", map[string]string{
			"Dockerfile": "FROM python:3.12\nCMD gunicorn --proxy-protocol app:app\n",
		}, false, true},
		{"waitress trusted proxy", map[string]string{
			"Procfile": "web: waitress-serve --trusted-proxy=127.0.0.1 --port=$PORT app:app\n",
		}, true, true},
		{"waitress without trusted proxy", map[string]string{
			"Procfile": "web: waitress-serve --port=$PORT app:app\n",
		}, false, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			d := projectWithFiles(t, tc.files).Deployment()
			scheme, addr := d.ForwardedByServer()
			if (scheme != nil) != tc.scheme || (addr != nil) != tc.addr {
				t.Errorf("ForwardedByServer = scheme %v, addr %v; want %v, %v",
					describe(scheme), describe(addr), tc.scheme, tc.addr)
			}
		})
	}
}

// describe prints evidence or nil for test messages.
func describe(e *Evidence) string {
	if e == nil {
		return "nil"
	}
	return e.Desc
}

func TestNginxForwardedHeaders(t *testing.T) {
	cases := []struct {
		name                   string
		conf                   string
		proto, forFor, known   bool
		local                  bool
		upstream, wantProtocol string
	}{
		{"explicit headers in the location", `server {
  location / {
    proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
    proxy_set_header x-forwarded-proto $scheme;
    proxy_pass http://web:8000;
  }
}`, true, true, true, false, "http://web:8000", "http"},
		{"a location header hides the server's", `server {
  proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
  proxy_set_header X-Forwarded-Proto $scheme;
  location /api {
    proxy_set_header Host $host;
    proxy_pass http://localhost:5000;
  }
}`, false, false, true, true, "http://localhost:5000", "http"},
		{"inherited from the server block", `server {
  proxy_set_header X-Forwarded-Proto $scheme;
  location / { proxy_pass http://[::1]:8000; }
}`, true, false, true, true, "http://[::1]:8000", "http"},
		{"debian proxy_params", `server { location / {
  include proxy_params;
  proxy_pass http://unix:/run/app.sock;
} }`,
			true, true, true, true, "http://unix:/run/app.sock", "http"},
		{"an included snippet hides the headers", `server {
  location / { include snippets/proxy-headers.conf; proxy_pass http://app; }
}`, false, false, false, false, "http://app", "http"},
		{"no headers at all", `server { location / { proxy_pass http://app:8000; } }`,
			false, false, true, false, "http://app:8000", "http"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			d := projectWithFiles(t, map[string]string{"nginx/app.conf": tc.conf}).Deployment()
			if len(d.Proxies) != 1 {
				t.Fatalf("proxies = %d, want 1", len(d.Proxies))
			}
			px := d.Proxies[0]
			got := []bool{px.SetsProto, px.SetsFor, px.HeadersKnown, px.Local}
			want := []bool{tc.proto, tc.forFor, tc.known, tc.local}
			if !slices.Equal(got, want) || px.Upstream != tc.upstream ||
				px.Protocol != tc.wantProtocol {
				t.Errorf("proto/for/known/local = %v upstream %q %s; want %v %q %s",
					got, px.Upstream, px.Protocol, want, tc.upstream, tc.wantProtocol)
			}
		})
	}
}

func TestProcessesAndFiles(t *testing.T) {
	p := projectWithFiles(t, map[string]string{
		"docker-compose.prod.yml": `services:
  api:
    build: ./backend
    entrypoint: ["/entrypoint.sh"]
    command: ["gunicorn", "-w", "4", "--bind", "0.0.0.0:8000", "app:create_app()"]
    environment:
      SECRET_KEY: ${SECRET_KEY}
  worker:
    build: ./backend
    command: celery -A app.celery worker
`,
		".env.production": "DATABASE_URL=postgres://db/shop\n",
		".env.example":    "SECRET_KEY=\n",
		".env":            "FLASK_APP=app\n",
		".flaskenv":       "FLASK_DEBUG=1\n",
	})
	d := p.Deployment()
	if d != p.Deployment() {
		t.Error("Deployment is computed again on a second call")
	}
	if len(d.Compose) != 1 || d.Compose[0].Dev || len(d.Processes) != 2 {
		t.Fatalf("compose files %d, processes %d", len(d.Compose), len(d.Processes))
	}
	api, worker := d.Processes[0], d.Processes[1]
	if api.Name != "api" || api.Info.Server != "gunicorn" ||
		api.Info.Target != "app:create_app()" ||
		api.Info.Workers != "4" || api.Line != 5 || len(api.Env) != 1 ||
		api.Strength != StrengthMedium {
		t.Errorf("api process = %+v", api)
	}
	if worker.Info.Program != "celery" || worker.ProductionServer() ||
		worker.Strength != StrengthNone {
		t.Errorf("worker process = %+v", worker)
	}
	if got := d.ProductionProcesses(); len(got) != 1 || got[0] != api {
		t.Errorf("production processes = %v", got)
	}

	envs := map[string]string{}
	for _, ef := range d.EnvFiles {
		envs[ef.File.Path] = ef.Environment.String()
		if ef.Example {
			envs[ef.File.Path] = "example"
		}
	}
	want := map[string]string{".env": "base", ".env.example": "example",
		".env.production": "production", ".flaskenv": "development"}
	for path, env := range want {
		if envs[path] != env {
			t.Errorf("%s: environment %q, want %q", path, envs[path], env)
		}
	}
}

func TestDevPathAndDevServer(t *testing.T) {
	for path, want := range map[string]bool{
		"docker-compose.yml":          false,
		"docker-compose.prod.yml":     false,
		"docker-compose.dev.yml":      true,
		"docker-compose.override.yml": true,
		"compose.local.yaml":          true,
		"tests/fixtures/nginx.conf":   true,
		"deploy/latest/Dockerfile":    false,
		"devops/nginx.conf":           false,
	} {
		if got := isDevPath(path); got != want {
			t.Errorf("isDevPath(%q) = %v, want %v", path, got, want)
		}
	}

	d := projectWithFiles(t, map[string]string{
		"Procfile": "web: python app.py\nadmin: flask run\ntask: flask db upgrade\n",
	}).Deployment()
	var dev []bool
	for _, pr := range d.Processes {
		dev = append(dev, pr.DevServer())
	}
	if !slices.Equal(dev, []bool{true, true, false}) {
		t.Errorf("DevServer per process = %v, want [true true false]", dev)
	}
}
