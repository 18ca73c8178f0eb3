package deployfile

import (
	"fmt"
	"slices"
	"strings"
	"testing"
)

const composeYAML = `x-env: &default-env
  LOG_LEVEL: info
  FLASK_DEBUG: "1"

services:
  web:
    build:
      context: .
      dockerfile: docker/Dockerfile
      args:
        - GIT_SHA
    image: myorg/web:latest
    command: gunicorn -b 0.0.0.0:8000 "app:create_app()"
    environment:
      <<: *default-env
      FLASK_DEBUG: "0"
      SECRET_KEY:
      WORKERS: 4
    env_file:
      - .env
      - path: .env.prod
        required: false
    ports:
      - "8000:8000"
      - target: 80
        published: 8080
        protocol: tcp
  worker:
    image: myorg/web:latest
    entrypoint: ["celery", "-A", "app.celery"]
    command: [worker, --loglevel=info]
    environment:
      - FLASK_ENV=production
      - DATABASE_URL
      - EMPTY=
    env_file: .env
  db:
    image: postgres:16
`

// varStrings renders vars for comparison.
func varStrings(vars []Var) []string {
	var out []string
	for _, v := range vars {
		val := "<unset>"
		if v.HasValue {
			val = fmt.Sprintf("%q", v.Value)
		}
		out = append(out, fmt.Sprintf("%d %s=%s", v.Line, v.Key, val))
	}
	return out
}

// itemStrings renders items for comparison.
func itemStrings(items []Item) []string {
	var out []string
	for _, it := range items {
		out = append(out, fmt.Sprintf("%d %s", it.Line, it.Text))
	}
	return out
}

func TestParseComposeServices(t *testing.T) {
	src := []byte(composeYAML)
	c, err := ParseCompose("docker-compose.yml", src)
	if err != nil {
		t.Fatalf("unexpected error: %v", err)
	}

	var names []string
	for _, s := range c.Services {
		names = append(names, fmt.Sprintf("%s@%d", s.Name, s.Line))
	}
	if want := []string{"web@6", "worker@28", "db@37"}; !slices.Equal(names, want) {
		t.Fatalf("services = %q, want %q", names, want)
	}
	web := c.Service("web")
	checkOffset(t, src, web.Offset, "web:")
	checkOffset(t, src, c.Service("db").Image.Offset, "postgres:16")
	if c.Service("nope") != nil {
		t.Errorf("Service(nope) found a service that is not there")
	}
}

func TestParseComposeWeb(t *testing.T) {
	src := []byte(composeYAML)
	c, _ := ParseCompose("docker-compose.yml", src)
	web := c.Service("web")

	if web.Image.Text != "myorg/web:latest" || web.Image.Line != 12 {
		t.Errorf("image = %+v", web.Image)
	}
	b := web.Build
	if b == nil || b.Context.Text != "." || b.Dockerfile.Text != "docker/Dockerfile" ||
		b.Line != 8 {
		t.Errorf("build = %+v", b)
	} else if got := varStrings(b.Args); !slices.Equal(got, []string{"11 GIT_SHA=<unset>"}) {
		t.Errorf("build args = %q", got)
	}

	cmd := web.Command
	wantArgv := []string{"gunicorn", "-b", "0.0.0.0:8000", "app:create_app()"}
	if cmd == nil || cmd.Exec || !slices.Equal(cmd.Argv, wantArgv) || cmd.Line != 13 {
		t.Errorf("command = %+v", cmd)
	} else {
		checkOffset(t, src, cmd.Offset, "gunicorn -b")
	}

	wantEnv := []string{
		`16 FLASK_DEBUG="0"`,
		`17 SECRET_KEY=<unset>`,
		`18 WORKERS="4"`,
		`2 LOG_LEVEL="info"`,
	}
	if got := varStrings(web.Environment); !slices.Equal(got, wantEnv) {
		t.Errorf("environment = %q, want %q", got, wantEnv)
	}
	checkOffset(t, src, web.Environment[1].Offset, "SECRET_KEY:")

	if got := itemStrings(web.EnvFiles); !slices.Equal(got, []string{"20 .env", "21 .env.prod"}) {
		t.Errorf("env_file = %q", got)
	}
	wantPorts := []string{"24 8000:8000", "25 8080:80/tcp"}
	if got := itemStrings(web.Ports); !slices.Equal(got, wantPorts) {
		t.Errorf("ports = %q, want %q", got, wantPorts)
	}
}

func TestParseComposeWorker(t *testing.T) {
	c, _ := ParseCompose("compose.yaml", []byte(composeYAML))
	w := c.Service("worker")

	ep := w.Entrypoint
	if ep == nil || !ep.Exec || !slices.Equal(ep.Argv, []string{"celery", "-A", "app.celery"}) {
		t.Errorf("entrypoint = %+v", ep)
	}
	cmd := w.Command
	if cmd == nil || !cmd.Exec || cmd.Raw != "worker --loglevel=info" || cmd.Line != 31 {
		t.Errorf("command = %+v", cmd)
	}

	wantEnv := []string{`33 FLASK_ENV="production"`, `34 DATABASE_URL=<unset>`, `35 EMPTY=""`}
	if got := varStrings(w.Environment); !slices.Equal(got, wantEnv) {
		t.Errorf("environment = %q, want %q", got, wantEnv)
	}
	if got := itemStrings(w.EnvFiles); !slices.Equal(got, []string{"36 .env"}) {
		t.Errorf("env_file = %q", got)
	}
	if db := c.Service("db"); db.Command != nil || db.Build != nil || db.Environment != nil {
		t.Errorf("db has fields it does not declare: %+v", db)
	}
}

func TestParseComposeMalformed(t *testing.T) {
	tests := []struct {
		name     string
		src      string
		want     []string // service names
		wantErrs []int
	}{
		{"broken after two services",
			"services:\n  web:\n    image: a\n  worker:\n    image: b\n  db: x: y\n",
			[]string{"web", "worker"}, []int{6}},
		{"unterminated flow list", // yaml.v3 blames the enclosing mapping's line
			"services:\n  web:\n    image: a\n  worker:\n    image: [b\n",
			[]string{"web"}, []int{4}},
		{"tab indentation", "services:\n\tweb:\n", nil, []int{2}},
		{"top level is a list", "- a\n- b\n", nil, []int{1}},
		{"no services", "version: '3'\n", nil, []int{1}},
		{"services is a list", "services:\n  - web\n", nil, []int{2}},
		{"environment as a string", "services:\n  web:\n    environment: FOO=1\n",
			[]string{"web"}, []int{3}},
		{"nested environment value", "services:\n  web:\n    environment:\n      A: [1]\n",
			[]string{"web"}, []int{4}},
		{"unknown keys ignored", "services:\n  web:\n    healthcheck: {test: x}\n",
			[]string{"web"}, nil},
		{"only a later document has services", "a: 1\n---\nservices: {web: {}}\n",
			nil, []int{1}},
		{"invalid UTF-8", "services:\n  web:\n    image: \xff\n", nil, []int{0}},
		{"binary", "services:\x00", nil, []int{0}},
		{"empty", "", nil, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c, err := ParseCompose("compose.yml", []byte(tc.src))
			checkErrorLines(t, err, tc.wantErrs)
			var got []string
			for _, s := range c.Services {
				got = append(got, s.Name)
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("services = %q, want %q", got, tc.want)
			}
		})
	}
}

func TestParseComposeMergeBomb(t *testing.T) {
	// Each level merges the previous one twice; followed naively this
	// doubles the work per level.
	var b strings.Builder
	b.WriteString("a0: &a0 {k: v}\n")
	for i := 1; i < 40; i++ {
		fmt.Fprintf(&b, "a%d: &a%d {<<: [*a%d, *a%d]}\n", i, i, i-1, i-1)
	}
	b.WriteString("services:\n  web:\n    environment: *a39\n")

	c, err := ParseCompose("compose.yml", []byte(b.String()))
	if err == nil || !strings.Contains(err.Error(), "merge keys nested too deeply") {
		t.Errorf("error = %v, want one about deep merges", err)
	}
	if len(c.Services) != 1 {
		t.Errorf("services = %d, want 1", len(c.Services))
	}
}
