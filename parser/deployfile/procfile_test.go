package deployfile

import (
	"fmt"
	"slices"
	"testing"
)

func TestParseProcfile(t *testing.T) {
	tests := []struct {
		name     string
		src      string
		want     []string // type, line, raw command, argv
		wantErrs []int
	}{
		{
			name: "heroku app",
			src: "web: gunicorn 'app:create_app()' --log-file -\n" +
				"release: flask db upgrade\n" +
				"# workers\n\n" +
				"worker:celery -A app.celery worker\n",
			want: []string{
				`web 1 "gunicorn 'app:create_app()' --log-file -" ` +
					`["gunicorn" "app:create_app()" "--log-file" "-"]`,
				`release 2 "flask db upgrade" ["flask" "db" "upgrade"]`,
				`worker 5 "celery -A app.celery worker" ["celery" "-A" "app.celery" "worker"]`,
			},
		},
		{
			name: "CRLF and indentation",
			src:  "  web:   gunicorn app:app  \r\n",
			want: []string{`web 1 "gunicorn app:app" ["gunicorn" "app:app"]`},
		},
		{
			name:     "malformed lines are skipped and reported",
			src:      "just some text\nweb:\nweb: a\nweb: b\nweb app: c\n",
			want:     []string{`web 3 "a" ["a"]`, `web 4 "b" ["b"]`},
			wantErrs: []int{1, 2, 4, 5},
		},
		{name: "binary", src: "web: a\x00", wantErrs: []int{0}},
		{name: "empty", src: ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			pf, err := ParseProcfile("Procfile", []byte(tc.src))
			checkErrorLines(t, err, tc.wantErrs)
			var got []string
			for _, p := range pf.Processes {
				got = append(got, fmt.Sprintf("%s %d %q %q", p.Type, p.Line, p.Command.Raw,
					p.Command.Argv))
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("processes:\n got %q\nwant %q", got, tc.want)
			}
		})
	}
}

func TestProcfileLookupAndOffsets(t *testing.T) {
	src := []byte("web: a\n  web: gunicorn wsgi:app\n")
	pf, _ := ParseProcfile("Procfile", src)

	web := pf.Lookup("web")
	if web == nil || web.Line != 2 {
		t.Fatalf("Lookup(web) = %+v, want the later line", web)
	}
	checkOffset(t, src, web.Offset, "web: gunicorn")
	checkOffset(t, src, web.Command.Offset, "gunicorn wsgi:app")
	if pf.Lookup("worker") != nil {
		t.Errorf("Lookup(worker) found a process that is not there")
	}
}
