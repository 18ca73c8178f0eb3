package deployfile

import (
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"
)

const multiStageDockerfile = `# syntax=docker/dockerfile:1
ARG PYTHON_VERSION=3.12

FROM python:${PYTHON_VERSION}-slim AS builder
WORKDIR /build
COPY requirements.txt .
RUN pip install --no-cache-dir \
      --prefix=/install \
    # pinned in requirements.txt

      -r requirements.txt

FROM --platform=linux/amd64 python:${PYTHON_VERSION}-slim AS runtime
ENV PYTHONDONTWRITEBYTECODE=1 \
    FLASK_APP="app:create_app" FLASK_DEBUG=0
ENV LEGACY_VAR "some value"  here
ARG GIT_SHA
COPY --from=builder /install /usr/local
RUN <<EOF
set -e
useradd app
EOF
  user app
EXPOSE 8000
CMD ["gunicorn", "-w", "4", "wsgi:app"]
`

func TestParseDockerfileInstructions(t *testing.T) {
	src := []byte(multiStageDockerfile)
	df, err := ParseDockerfile("Dockerfile", src)
	if err != nil {
		t.Fatalf("unexpected error: %v", err)
	}

	var got []string
	for _, ins := range df.Instructions {
		got = append(got, fmt.Sprintf("%d-%d %s stage=%d", ins.Line, ins.EndLine,
			ins.Keyword, ins.Stage))
	}
	want := []string{
		"2-2 ARG stage=-1",
		"4-4 FROM stage=0",
		"5-5 WORKDIR stage=0",
		"6-6 COPY stage=0",
		"7-11 RUN stage=0",
		"13-13 FROM stage=1",
		"14-15 ENV stage=1",
		"16-16 ENV stage=1",
		"17-17 ARG stage=1",
		"18-18 COPY stage=1",
		"19-22 RUN stage=1",
		"23-23 USER stage=1",
		"24-24 EXPOSE stage=1",
		"25-25 CMD stage=1",
	}
	if !slices.Equal(got, want) {
		t.Errorf("instructions:\n%s\nwant:\n%s", strings.Join(got, "\n"),
			strings.Join(want, "\n"))
	}

	run := df.Instructions[4]
	wantArgs := "pip install --no-cache-dir       --prefix=/install       -r requirements.txt"
	if run.Args != wantArgs {
		t.Errorf("joined RUN args = %q, want %q", run.Args, wantArgs)
	}
	if h := df.Instructions[10].Heredocs; !slices.Equal(h, []string{"set -e\nuseradd app"}) {
		t.Errorf("heredocs = %q", h)
	}
	checkOffset(t, src, df.Instructions[11].Offset, "user app")
	checkOffset(t, src, df.Instructions[13].Offset, `CMD ["gunicorn"`)
}

func TestParseDockerfileStagesAndVars(t *testing.T) {
	df, err := ParseDockerfile("Dockerfile", []byte(multiStageDockerfile))
	if err != nil {
		t.Fatalf("unexpected error: %v", err)
	}

	image := "python:${PYTHON_VERSION}-slim"
	wantStages := []Stage{
		{Index: 0, Name: "builder", Image: image, Base: -1, Line: 4},
		{Index: 1, Name: "runtime", Image: image, Base: -1, Line: 13},
	}
	if !reflect.DeepEqual(df.Stages, wantStages) {
		t.Errorf("stages = %+v, want %+v", df.Stages, wantStages)
	}
	if df.FinalStage() != 1 {
		t.Errorf("FinalStage() = %d, want 1", df.FinalStage())
	}

	var env []string
	for _, v := range df.Env() {
		env = append(env, fmt.Sprintf("%s=%q line %d stage %d", v.Key, v.Value, v.Line,
			v.Stage))
	}
	wantEnv := []string{
		`PYTHONDONTWRITEBYTECODE="1" line 14 stage 1`,
		`FLASK_APP="app:create_app" line 14 stage 1`,
		`FLASK_DEBUG="0" line 14 stage 1`,
		`LEGACY_VAR="some value  here" line 16 stage 1`,
	}
	if !slices.Equal(env, wantEnv) {
		t.Errorf("Env() = %q, want %q", env, wantEnv)
	}

	var args []string
	for _, v := range df.Args() {
		args = append(args, fmt.Sprintf("%s=%q has=%v stage %d", v.Key, v.Value,
			v.HasValue, v.Stage))
	}
	wantArgs := []string{
		`PYTHON_VERSION="3.12" has=true stage -1`,
		`GIT_SHA="" has=false stage 1`,
	}
	if !slices.Equal(args, wantArgs) {
		t.Errorf("Args() = %q, want %q", args, wantArgs)
	}
}

func TestDockerfileCmds(t *testing.T) {
	tests := []struct {
		name     string
		src      string
		wantCmds []string // keyword, form, argv, line, stage
		wantEP   int      // line of the effective ENTRYPOINT, 0 for none
		wantCmd  int      // line of the effective CMD, 0 for none
	}{
		{
			name:     "exec form in the last stage",
			src:      multiStageDockerfile,
			wantCmds: []string{`CMD exec ["gunicorn" "-w" "4" "wsgi:app"] 25 1`},
			wantCmd:  25,
		},
		{
			name: "shell form and ENTRYPOINT inherited from a named stage",
			src: "FROM python:3.12 AS base\nENTRYPOINT [\"tini\", \"--\"]\n" +
				"CMD [\"flask\", \"run\"]\nFROM base\nCMD gunicorn 'app:create_app()'\n",
			wantCmds: []string{
				`ENTRYPOINT exec ["tini" "--"] 2 0`,
				`CMD exec ["flask" "run"] 3 0`,
				`CMD shell ["gunicorn" "app:create_app()"] 5 1`,
			},
			wantEP:  2,
			wantCmd: 5,
		},
		{
			name: "ENTRYPOINT drops an inherited CMD",
			src: "FROM python:3.12 AS Base\nCMD [\"flask\", \"run\"]\n" +
				"FROM base AS prod\nENTRYPOINT [\"/entrypoint.sh\"]\n",
			wantCmds: []string{
				`CMD exec ["flask" "run"] 2 0`,
				`ENTRYPOINT exec ["/entrypoint.sh"] 4 1`,
			},
			wantEP: 4,
		},
		{
			name:     "last stage from an image inherits nothing",
			src:      "FROM python:3.12 AS build\nCMD python app.py\nFROM alpine\n",
			wantCmds: []string{`CMD shell ["python" "app.py"] 2 0`},
		},
		{
			name:     "invalid JSON falls back to shell form",
			src:      "FROM python\nCMD [\"gunicorn\", 'app:app']\n",
			wantCmds: []string{`CMD shell ["[gunicorn," "app:app]"] 2 0`},
			wantCmd:  2,
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			df, _ := ParseDockerfile("Dockerfile", []byte(tc.src))
			var got []string
			for _, c := range df.Cmds() {
				form := "shell"
				if c.Exec {
					form = "exec"
				}
				got = append(got, fmt.Sprintf("%s %s %q %d %d", c.Keyword, form, c.Argv,
					c.Line, c.Stage))
			}
			if !slices.Equal(got, tc.wantCmds) {
				t.Errorf("Cmds() = %q, want %q", got, tc.wantCmds)
			}

			ep, cmd := df.RunCommand()
			if line := cmdLine(ep); line != tc.wantEP {
				t.Errorf("effective ENTRYPOINT on line %d, want %d", line, tc.wantEP)
			}
			if line := cmdLine(cmd); line != tc.wantCmd {
				t.Errorf("effective CMD on line %d, want %d", line, tc.wantCmd)
			}
		})
	}
}

// cmdLine is the line of c, or 0 for nil.
func cmdLine(c *DockerCommand) int {
	if c == nil {
		return 0
	}
	return c.Line
}

func TestParseDockerfileMalformed(t *testing.T) {
	tests := []struct {
		name      string
		src       string
		wantErrs  []int
		wantInstr []string // keyword and args
	}{
		{"unknown instruction", "FORM python\nRUN x\n", []int{1, 1, 2},
			[]string{"FORM python", "RUN x"}},
		{"ENV without value", "FROM a\nENV\nENV KEY\nENV A=1 B\n", []int{2, 3, 4},
			[]string{"FROM a", "ENV ", "ENV KEY", "ENV A=1 B"}},
		{"unterminated heredoc", "FROM a\nRUN <<EOF\necho hi\n", []int{2},
			[]string{"FROM a", "RUN <<EOF"}},
		{"continuation at end of file", "FROM a\nRUN echo \\", nil,
			[]string{"FROM a", "RUN echo"}},
		{"FROM without image", "FROM\n", []int{1}, []string{"FROM "}},
		{"windows escape directive", "# escape=`\nFROM w\nRUN dir C:\\ `\n  && echo\n", nil,
			[]string{"FROM w", "RUN dir C:\\   && echo"}},
		{"CRLF line endings", "FROM a\r\nCMD x \\\r\n  y\r\n", nil,
			[]string{"FROM a", "CMD x   y"}},
		{"binary", "FROM a\x00\x01\x02", []int{0}, nil},
		{"invalid UTF-8 kept as bytes", "FROM a\nCMD \xff\xfe\n", nil,
			[]string{"FROM a", "CMD \xff\xfe"}},
		{"empty", "", nil, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			df, err := ParseDockerfile("Dockerfile", []byte(tc.src))
			checkErrorLines(t, err, tc.wantErrs)
			var got []string
			for _, ins := range df.Instructions {
				got = append(got, ins.Keyword+" "+ins.Args)
			}
			if !slices.Equal(got, tc.wantInstr) {
				t.Errorf("instructions = %q, want %q", got, tc.wantInstr)
			}
		})
	}
}
