package model

import (
	"slices"
	"strings"
	"testing"
)

// TestAppScopesInherited checks add_header inheritance into proxied blocks.
func TestAppScopesInherited(t *testing.T) {
	p := projectWithFiles(t, map[string]string{
		"deploy/nginx.conf": `http {
    add_header X-Content-Type-Options nosniff;
    server {
        listen 443 ssl;
        add_header Strict-Transport-Security "max-age=63072000" always;
        add_header X-Frame-Options DENY;
        location / {
            proxy_pass http://web:8000;
        }
        location /api/ {
            add_header Cache-Control no-store;
            proxy_pass http://web:8000;
        }
        location /static/ {
            alias /srv/static/;
        }
    }
}
`,
		"deploy/nginx.dev.conf": `server {
    location / { proxy_pass http://localhost:5000; }
}
`,
	})
	scopes := p.Deployment().AppScopes()
	var got []string
	for _, s := range scopes {
		var names []string
		for _, d := range s.Inherited("add_header") {
			names = append(names, d.Args[0])
		}
		got = append(got, strings.Join(s.Block().Args, " ")+": "+strings.Join(names, ","))
	}
	want := []string{
		"/: Strict-Transport-Security,X-Frame-Options",
		"/api/: Cache-Control",
	}
	if !slices.Equal(got, want) {
		t.Errorf("scopes:\n got %q\nwant %q", got, want)
	}
}
