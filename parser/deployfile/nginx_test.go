package deployfile

import (
	"fmt"
	"slices"
	"strings"
	"testing"
)

const nginxConf = `user nginx;
events { worker_connections 1024; }
http {
    # the Flask app behind gunicorn
    client_max_body_size 10m;
    limit_req_zone $binary_remote_addr zone=one:10m rate=1r/s;
    server {
        listen 80;
        server_name example.com "www.example.com";
        location / {
            proxy_pass http://app:8000;
            proxy_set_header X-Forwarded-Proto $scheme;
            add_header Strict-Transport-Security "max-age=31536000; includeSubDomains" always;
            limit_req zone=one burst=5;
        }
        location ~ \.php$ { return 404; }
        if ($http_x_forwarded_proto != 'https') {
            return 301 https://${host}$request_uri;
        }
        add_header X-Note "a \"quoted\" word\tand tab";
    }
}
`

// walkStrings renders every directive with its arguments, line and parent
// chain.
func walkStrings(c *NginxConf) []string {
	var out []string
	c.Walk(func(d *Directive, parents []*Directive) {
		var chain []string
		for _, p := range parents {
			chain = append(chain, p.Name)
		}
		block := ""
		if d.Block {
			block = " {"
		}
		out = append(out, fmt.Sprintf("%d %s%s %q%s", d.Line, strings.Join(chain, "/"),
			"/"+d.Name, d.Args, block))
	})
	return out
}

func TestParseNginx(t *testing.T) {
	src := []byte(nginxConf)
	c, err := ParseNginx("nginx.conf", src)
	if err != nil {
		t.Fatalf("unexpected error: %v", err)
	}

	want := []string{
		`1 /user ["nginx"]`,
		`2 /events [] {`,
		`2 events/worker_connections ["1024"]`,
		`3 /http [] {`,
		`5 http/client_max_body_size ["10m"]`,
		`6 http/limit_req_zone ["$binary_remote_addr" "zone=one:10m" "rate=1r/s"]`,
		`7 http/server [] {`,
		`8 http/server/listen ["80"]`,
		`9 http/server/server_name ["example.com" "www.example.com"]`,
		`10 http/server/location ["/"] {`,
		`11 http/server/location/proxy_pass ["http://app:8000"]`,
		`12 http/server/location/proxy_set_header ["X-Forwarded-Proto" "$scheme"]`,
		`13 http/server/location/add_header ["Strict-Transport-Security" ` +
			`"max-age=31536000; includeSubDomains" "always"]`,
		`14 http/server/location/limit_req ["zone=one" "burst=5"]`,
		`16 http/server/location ["~" "\\.php$"] {`,
		`16 http/server/location/return ["404"]`,
		`17 http/server/if ["($http_x_forwarded_proto" "!=" "https" ")"] {`,
		`18 http/server/if/return ["301" "https://${host}$request_uri"]`,
		`20 http/server/add_header ["X-Note" "a \"quoted\" word\tand tab"]`,
	}
	if got := walkStrings(c); !slices.Equal(got, want) {
		t.Errorf("directives:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}

	proxy := c.Directives[2].Children[2].Children[2].Children[0]
	checkOffset(t, src, proxy.Offset, "proxy_pass http://app:8000;")
}

func TestParseNginxMalformed(t *testing.T) {
	tests := []struct {
		name     string
		src      string
		want     []string
		wantErrs []int
	}{
		{"missing semicolon before brace", "server {\n listen 80\n}\n",
			[]string{`1 /server [] {`, `2 server/listen ["80"]`}, []int{2}},
		{"unclosed block", "http {\n server {\n listen 80;\n",
			[]string{`1 /http [] {`, `2 http/server [] {`, `3 http/server/listen ["80"]`},
			[]int{2, 1}},
		{"extra closing brace", "a 1;\n}\nb 2;\n",
			[]string{`1 /a ["1"]`, `3 /b ["2"]`}, []int{2}},
		{"stray semicolon", ";\na 1;\n", []string{`2 /a ["1"]`}, []int{1}},
		{"brace without a name", "{ a 1; }\n", []string{`1 / [] {`, `1 /a ["1"]`}, []int{1}},
		{"unterminated quote", "a \"b;\n", []string{`1 /a ["b;\n"]`}, []int{1, 1}},
		{"missing semicolon at end of file", "a 1", []string{`1 /a ["1"]`}, []int{1}},
		{"brace glued to a word", "location /x{ return 1; }\n",
			[]string{`1 /location ["/x"] {`, `1 location/return ["1"]`}, nil},
		{"binary", "a\x00;", nil, []int{0}},
		{"empty", "", nil, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c, err := ParseNginx("nginx.conf", []byte(tc.src))
			checkErrorLines(t, err, tc.wantErrs)
			if got := walkStrings(c); !slices.Equal(got, tc.want) {
				t.Errorf("directives = %q, want %q", got, tc.want)
			}
		})
	}
}

func TestParseNginxDeepNesting(t *testing.T) {
	src := strings.Repeat("a {", 100000)
	c, err := ParseNginx("nginx.conf", []byte(src))
	if err == nil || !strings.Contains(err.Error(), "nested more than") {
		t.Errorf("error = %v, want one about nesting", err)
	}

	depth := 0
	c.Walk(func(_ *Directive, parents []*Directive) { depth = max(depth, len(parents)) })
	if depth != maxNginxDepth {
		t.Errorf("deepest directive has %d parents, want %d", depth, maxNginxDepth)
	}
}
