package deployfile

import (
	"slices"
	"testing"
)

func TestSplitCommand(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []string
	}{
		{"plain", "gunicorn -w 4 wsgi:app", []string{"gunicorn", "-w", "4", "wsgi:app"}},
		{"single quotes keep parentheses", "gunicorn 'app:create_app()'",
			[]string{"gunicorn", "app:create_app()"}},
		{"double quotes hold an inner command",
			`sh -c "flask db upgrade && gunicorn app:app"`,
			[]string{"sh", "-c", "flask db upgrade && gunicorn app:app"}},
		{"escapes inside double quotes", `echo "a \"b\" \$HOME $X \n"`,
			[]string{"echo", `a "b" $HOME $X \n`}},
		{"backslash outside quotes", `a\ b c`, []string{"a b", "c"}},
		{"quote joined to word", `--bind="0.0.0.0:8000"`, []string{"--bind=0.0.0.0:8000"}},
		{"empty quoted word", `a '' b`, []string{"a", "", "b"}},
		{"shell idiom for a quote", `'it'\''s'`, []string{"it's"}},
		{"operators without blanks", "flask db upgrade&&gunicorn x;echo|tee",
			[]string{"flask", "db", "upgrade", "&&", "gunicorn", "x", ";", "echo", "|", "tee"}},
		{"redirection keeps its ampersand", "gunicorn app:app 2>&1 &",
			[]string{"gunicorn", "app:app", "2>&1", "&"}},
		{"comment", "gunicorn app:app # serve", []string{"gunicorn", "app:app"}},
		{"hash inside a word", "a#b", []string{"a#b"}},
		{"newline separates commands", "flask db upgrade\n\ngunicorn app:app\n",
			[]string{"flask", "db", "upgrade", ";", "gunicorn", "app:app"}},
		{"backslash newline joins", "gunicorn \\\n  app:app", []string{"gunicorn", "app:app"}},
		{"unterminated double quote", `echo "abc`, []string{"echo", "abc"}},
		{"unterminated single quote", `echo 'abc`, []string{"echo", "abc"}},
		{"trailing backslash", `echo \`, []string{"echo", `\`}},
		{"empty", "", nil},
		{"only blanks", " \t ", nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := SplitCommand(tc.in); !slices.Equal(got, tc.want) {
				t.Errorf("SplitCommand(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

func TestShellUnquote(t *testing.T) {
	tests := []struct{ in, want string }{
		{`some value  here`, "some value  here"},
		{`"quoted value"`, "quoted value"},
		{`it\'s`, "it's"},
		{`'a  b' c`, "a  b c"},
	}
	for _, tc := range tests {
		if got := shellUnquote(tc.in); got != tc.want {
			t.Errorf("shellUnquote(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}
