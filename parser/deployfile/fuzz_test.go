package deployfile

import (
	"strings"
	"testing"
	"time"
)

// The fuzz targets below feed arbitrary bytes to each reader. Beyond not
// panicking, every reader must return a value and keep its positions
// inside the file, and every error must be a *ParseError (errorLines
// fails otherwise).

// addSeeds adds the realistic samples and a few hostile inputs.
func addSeeds(f *testing.F, samples ...string) {
	for _, s := range samples {
		f.Add([]byte(s))
	}
	f.Add([]byte{})
	f.Add([]byte("\xff\xfe\xfd\n\x00"))
	f.Add([]byte("\uFEFF\r\n\\\n\"'`{[;#"))
}

func FuzzParseDockerfile(f *testing.F) {
	addSeeds(f, multiStageDockerfile, "# escape=`\nFROM a\nRUN b `\n c\n",
		"FROM a AS b\nFROM b\nENTRYPOINT x\nRUN <<-A <<B\n\tx\nA\ny\nB\n")
	f.Fuzz(func(t *testing.T, src []byte) {
		df, err := ParseDockerfile("Dockerfile", src)
		if df == nil {
			t.Fatal("nil Dockerfile")
		}
		errorLines(t, err)
		for _, ins := range df.Instructions {
			checkPos(t, src, ins.Keyword, ins.Line, ins.Offset)
			checkPos(t, src, ins.Keyword+" end", ins.EndLine, ins.Offset)
			if ins.Stage < -1 || ins.Stage >= len(df.Stages) {
				t.Fatalf("stage %d of %d", ins.Stage, len(df.Stages))
			}
		}
		for _, c := range df.Cmds() {
			IdentifyCommand(c.Argv)
		}
		df.RunCommand()
	})
}

func FuzzParseProcfile(f *testing.F) {
	addSeeds(f, "web: gunicorn 'app:create_app()'\nrelease: flask db upgrade\n", "web:\n:x\n")
	f.Fuzz(func(t *testing.T, src []byte) {
		pf, err := ParseProcfile("Procfile", src)
		if pf == nil {
			t.Fatal("nil Procfile")
		}
		errorLines(t, err)
		for _, p := range pf.Processes {
			checkPos(t, src, p.Type, p.Line, p.Offset)
			checkPos(t, src, p.Type+" command", p.Command.Line, p.Command.Offset)
		}
	})
}

func FuzzParseCompose(f *testing.F) {
	addSeeds(f, composeYAML, "services:\n  web:\n    image: [b\n",
		"a: &a {<<: *a}\nservices: {web: {<<: *a}}\n")
	f.Fuzz(func(t *testing.T, src []byte) {
		c, err := ParseCompose("compose.yml", src)
		if c == nil {
			t.Fatal("nil Compose")
		}
		errorLines(t, err)
		for _, s := range c.Services {
			// YAML also breaks lines at a lone CR, so only offsets are
			// bounded by the newline count here.
			checkOffsetRange(t, src, s.Name, s.Offset)
			for _, v := range s.Environment {
				checkOffsetRange(t, src, v.Key, v.Offset)
			}
			if s.Command != nil {
				IdentifyCommand(s.Command.Argv)
			}
		}
	})
}

// checkOffsetRange fails when an offset falls outside src.
func checkOffsetRange(t *testing.T, src []byte, what string, off int) {
	t.Helper()
	if off < 0 || off > len(src) {
		t.Fatalf("%s: offset %d outside 0..%d", what, off, len(src))
	}
}

func FuzzParseNginx(f *testing.F) {
	addSeeds(f, nginxConf, "a {{{ b 'c\n", "x ${a}{ } } ;")
	f.Fuzz(func(t *testing.T, src []byte) {
		c, err := ParseNginx("nginx.conf", src)
		if c == nil {
			t.Fatal("nil NginxConf")
		}
		errorLines(t, err)
		c.Walk(func(d *Directive, parents []*Directive) {
			checkPos(t, src, d.Name, d.Line, d.Offset)
			if len(parents) > maxNginxDepth {
				t.Fatalf("%d parents", len(parents))
			}
		})
	})
}

func FuzzParseEnvFile(f *testing.F) {
	addSeeds(f, dotenv, "A=\"x\\\nB='y\nexport\texport=1\n")
	f.Fuzz(func(t *testing.T, src []byte) {
		ef, err := ParseEnvFile(".env", src)
		if ef == nil {
			t.Fatal("nil EnvFile")
		}
		errorLines(t, err)
		for _, v := range ef.Entries {
			checkPos(t, src, v.Key, v.Line, v.Offset)
			if v.Key == "" {
				t.Fatal("entry with an empty key")
			}
		}
	})
}

func FuzzParseRequirements(f *testing.F) {
	addSeeds(f, requirementsTxt, "a[b\\\n]>=1;x\n-r\n")
	f.Fuzz(func(t *testing.T, src []byte) {
		rf, err := ParseRequirements("requirements.txt", src)
		if rf == nil {
			t.Fatal("nil Requirements")
		}
		errorLines(t, err)
		for _, r := range rf.Packages {
			checkPos(t, src, r.Name, r.Line, r.Offset)
			if r.Name == "" || NormalizePackage(r.Name) != r.Name {
				t.Fatalf("name %q is not normalised", r.Name)
			}
		}
	})
}

func FuzzSplitCommand(f *testing.F) {
	for _, s := range []string{
		"gunicorn -w 4 wsgi:app",
		`sh -c "flask db upgrade && exec gunicorn 'app:create_app()'"`,
		`env -u A B=1 tini -- python -Wm gunicorn -b :80 --workers=2 a:b`,
		`uwsgi --module=app --callable app --http :80`,
		`'unterminated "x\`,
		"a;b&&c||d|e&\n#x",
	} {
		f.Add(s)
	}
	f.Fuzz(func(_ *testing.T, s string) {
		argv := SplitCommand(s)
		info := IdentifyCommand(argv)
		info.HasFlag("--reload")
		IdentifyCommand([]string{"sh", "-c", s})
	})
}

// TestLargeInputs feeds each reader inputs shaped to expose work that grows
// faster than the input: one enormous line, many continuations, many
// stages. A quadratic reader would make this test time out.
func TestLargeInputs(t *testing.T) {
	long := strings.Repeat("x", 1<<20)
	stages := strings.Repeat("FROM s AS s\nCMD a\nENTRYPOINT b\n", 50000)
	continued := "RUN a" + strings.Repeat(" \\\n b", 200000) + "\n"
	tests := []struct {
		name  string
		parse func([]byte) error
		src   string
	}{
		{"dockerfile long line", parseDockerfileErr, "FROM a\nRUN " + long},
		{"dockerfile stages", parseDockerfileErr, stages},
		{"dockerfile continuations", parseDockerfileErr, "FROM a\n" + continued},
		{"procfile long line", parseProcfileErr, "web: " + long},
		{"compose long value", parseComposeErr, "services:\n  web:\n    image: " + long},
		{"nginx long word", parseNginxErr, "a " + long + ";"},
		{"env long value", parseEnvErr, "A=\"" + long},
		{"requirements continuations", parseReqErr, "flask" + strings.Repeat("\\\n", 200000)},
		{"requirements long line", parseReqErr, "flask" + long},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			start := time.Now()
			_ = tc.parse([]byte(tc.src))
			if d := time.Since(start); d > 20*time.Second {
				t.Errorf("took %v", d)
			}
		})
	}
	argv := SplitCommand(strings.Repeat("sh -c '", 1000) + long)
	IdentifyCommand(argv)
}

func parseDockerfileErr(src []byte) error {
	df, err := ParseDockerfile("Dockerfile", src)
	df.RunCommand()
	return err
}

func parseProcfileErr(src []byte) error {
	_, err := ParseProcfile("Procfile", src)
	return err
}

func parseComposeErr(src []byte) error {
	_, err := ParseCompose("compose.yml", src)
	return err
}

func parseNginxErr(src []byte) error {
	_, err := ParseNginx("nginx.conf", src)
	return err
}

func parseEnvErr(src []byte) error {
	_, err := ParseEnvFile(".env", src)
	return err
}

func parseReqErr(src []byte) error {
	_, err := ParseRequirements("requirements.txt", src)
	return err
}
