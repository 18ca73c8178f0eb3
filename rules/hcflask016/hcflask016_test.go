package hcflask016

import (
	"testing"

	"github.com/flasklint/flasklint/model"
	"github.com/flasklint/flasklint/parser/deployfile"
	"github.com/flasklint/flasklint/rules/internal/ruletest"
)

func TestFixtures(t *testing.T) {
	ruletest.Run(t, Rule, "../../testdata/rules/hcflask016")
}

func TestNginxSize(t *testing.T) {
	cases := []struct {
		arg  string
		want int64
		ok   bool
	}{
		{"1048576", 1 << 20, true},
		{"512k", 512 << 10, true},
		{"10m", 10 << 20, true},
		{"10M", 10 << 20, true},
		{"2g", 2 << 30, true},
		{"0", 0, true},
		{"1.5m", 0, false},
		{"m", 0, false},
		{"", 0, false},
		{"$limit", 0, false},
	}
	for _, tc := range cases {
		got, ok := nginxSize(tc.arg)
		if got != tc.want || ok != tc.ok {
			t.Errorf("nginxSize(%q) = %d, %v; want %d, %v", tc.arg, got, ok, tc.want, tc.ok)
		}
	}
}

func TestSizeSpelling(t *testing.T) {
	cases := []struct {
		bytes          int64
		format, advice string
	}{
		{16 << 20, "16m", "16m"},
		{16_000_000, "15625k", "16m"},
		{1000, "1000 bytes", "1000"},
		{50<<20 + 1, "52428801 bytes", "51m"},
		{2 << 30, "2g", "2g"},
		{300 << 10, "300k", "300k"},
		{500, "500 bytes", "500"},
	}
	for _, tc := range cases {
		if got := formatSize(tc.bytes); got != tc.format {
			t.Errorf("formatSize(%d) = %q, want %q", tc.bytes, got, tc.format)
		}
		if got := nginxSpelling(tc.bytes); got != tc.advice {
			t.Errorf("nginxSpelling(%d) = %q, want %q", tc.bytes, got, tc.advice)
		}
	}
}

func TestSizerBytes(t *testing.T) {
	cases := []struct {
		expr string
		want int64 // -1 when the size cannot be evaluated
	}{
		{"16 * 1024 * 1024", 16 << 20},
		{"(50 * MB)", 50 << 20},
		{"1 << 20", 1 << 20},
		{"2 ** 20", 1 << 20},
		{"32_000_000", 32_000_000},
		{"int(os.environ.get('MAX_UPLOAD', 8 * 1024 * 1024))", 8 << 20},
		{"int(os.getenv('MAX_UPLOAD', '4096'))", 4096},
		{"os.environ['MAX_UPLOAD']", -1},
		{"10 * 1024 // 2", 5120},
		{"1 / 0", -1},
		{"get_limit()", -1},
	}
	for _, tc := range cases {
		p, _ := ruletest.Module(t, "config.py", "import os\nMB = 1024 * 1024\nLIMIT = "+tc.expr+"\n")
		m := p.Modules[0]
		s := &sizer{p: p, env: map[string]string{}}
		got, ok := s.bytes(m, m.File.Field(m.Defs["LIMIT"], "right"), 0)
		if !ok {
			got = -1
		}
		if got != tc.want {
			t.Errorf("bytes(%s) = %d, want %d", tc.expr, got, tc.want)
		}
	}
}

func TestSelectLocation(t *testing.T) {
	conf, err := deployfile.ParseNginx("site.conf", []byte(`
location / { }
location /api/ { }
location ^~ /static/ { }
location = /api/health { }
location ~ \.(png|jpg)$ { }
location ~* /UPLOAD { }
location @fallback { }
`))
	if err != nil {
		t.Fatal(err)
	}
	cases := map[string]string{
		"/":                   "/",
		"/api/items":          "/api/",
		"/api/health":         "/api/health",
		"/static/logo.png":    "/static/",
		"/media/logo.png":     `\.(png|jpg)$`,
		"/api/files/upload":   "/UPLOAD",
		"/account/avatar.jpg": `\.(png|jpg)$`,
	}
	for path, want := range cases {
		d, ok := selectLocation(conf.Directives, path)
		if !ok || d == nil || d.Args[len(d.Args)-1] != want {
			t.Errorf("selectLocation(%q) = %v, %v; want location %s", path, d, ok, want)
		}
	}
}

func TestSameURI(t *testing.T) {
	loc := &deployfile.Directive{Name: "location", Args: []string{"/api/"}, Block: true}
	sc := model.NginxScope{Chain: []*deployfile.Directive{{Name: "server", Block: true}, loc}}
	cases := map[string]bool{
		"http://backend":                       true,
		"http://127.0.0.1:8000":                true,
		"http://backend/api/":                  true,
		"http://backend/":                      false,
		"http://backend/v2/":                   false,
		"http://unix:/run/app.sock":            true,
		"http://unix:/run/app.sock:/internal/": false,
		"http://$upstream":                     false,
	}
	for target, want := range cases {
		if got := sameURI(target, sc); got != want {
			t.Errorf("sameURI(%q) = %v, want %v", target, got, want)
		}
	}
}

func TestAddressKey(t *testing.T) {
	cases := map[string]string{
		"0.0.0.0:8000":                "8000",
		":5000":                       "5000",
		"api:8000":                    "8000",
		"127.0.0.1:8000/":             "8000",
		"unix:/run/app/gunicorn.sock": "/run/app/gunicorn.sock",
		"unix:/run/app.sock:/prefix":  "/run/app.sock",
		"/tmp/uwsgi.sock":             "/tmp/uwsgi.sock",
		"0.0.0.0:$PORT":               "",
		"backend":                     "",
	}
	for addr, want := range cases {
		if got := addressKey(addr); got != want {
			t.Errorf("addressKey(%q) = %q, want %q", addr, got, want)
		}
	}
}
