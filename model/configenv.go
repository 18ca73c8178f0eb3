package model

// Environments of the configuration model: the environment variables each
// deployment or environment file sets and the environment (development,
// testing, production) each file belongs to; the evaluation of
// configuration expressions as one environment runs them; which
// configuration each environment selects and why; and the effective value
// of a key per environment, with the file and line it comes from.
//
// How files are given an environment (envFiles):
//
//   - a path word decides first: docker-compose.prod.yml and .env.production
//     are production, Dockerfile.dev and docker-compose.override.yml
//     development, tests/ and .env.test testing, .env.example documentation;
//   - a compose file or Dockerfile whose name says nothing is production,
//     unless a sibling is named for production, its services read a
//     development env_file, or (compose only) the repository deploys
//     production some other way (a Procfile web server, a platform file, a
//     Kubernetes manifest): the unnamed one is then the local setup;
//   - .flaskenv and a plain .env are development, since only the flask
//     command, app.run and load_dotenv read them, unless production runs
//     `flask run` or a script calling app.run, or a production compose
//     service lists the file under env_file;
//   - Kubernetes manifests are production unless their path says otherwise;
//   - `os.environ[...] = "v"` and `os.environ.setdefault(...)` in Python
//     count for the environment of the code around them (test files are
//     testing), and only where no file sets the variable.

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"path"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"go.yaml.in/yaml/v3"

	"github.com/flasklint/flasklint/parser"
	"github.com/flasklint/flasklint/parser/deployfile"
)

// Origin is a place in the project: a node of a Python module, or a line
// of another file such as a Dockerfile.
type Origin struct {
	Module *Module
	Node   parser.NodeID
	File   *parser.OtherFile
	Line   int // line of File; see LineNumber for either kind
}

// pyOrigin is the origin of a Python node.
func pyOrigin(m *Module, n parser.NodeID) Origin {
	return Origin{Module: m, Node: n}
}

// fileOrigin is the origin of a line of a non-Python file.
func fileOrigin(o *parser.OtherFile, line int) Origin {
	return Origin{File: o, Line: line, Node: parser.NoNode}
}

// IsPython reports whether the origin is a node of a Python module.
func (o Origin) IsPython() bool {
	return o.Module != nil && o.Node != parser.NoNode
}

// IsZero reports whether the origin points nowhere.
func (o Origin) IsZero() bool {
	return o.Module == nil && o.File == nil
}

// Path is the slash-separated path of the file.
func (o Origin) Path() string {
	switch {
	case o.Module != nil:
		return o.Module.File.Path
	case o.File != nil:
		return o.File.Path
	}
	return ""
}

// LineNumber is the 1-based line of the origin.
func (o Origin) LineNumber() int {
	if o.IsPython() {
		start, _ := o.Module.File.Span(o.Node)
		return lineAt(o.Module.File.Src, start)
	}
	return o.Line
}

// String is "path:line".
func (o Origin) String() string {
	return fmt.Sprintf("%s:%d", o.Path(), o.LineNumber())
}

// Text is the source text of a Python origin, or "".
func (o Origin) Text() string {
	if !o.IsPython() {
		return ""
	}
	return o.Module.File.Text(o.Node)
}

// Reason is one step of how a configuration or a value was arrived at.
type Reason struct {
	Origin
	// Text is a clause for messages, such as `FLASK_CONFIG=production in
	// Dockerfile` or `config["default"] is DevelopmentConfig`.
	Text string
}

// EnvVar is an environment variable set by a deployment or environment
// file, or by Python code, with the environment it belongs to.
type EnvVar struct {
	Key   string
	Value string // as written, quotes removed
	// Literal is true when Value is the value itself, not a reference the
	// deployment resolves (${SECRET_KEY}, $PORT, a Helm template), and the
	// file gives a value at all (not compose `- NAME` or a secretKeyRef).
	Literal bool
	Origin
	Source    string // "Dockerfile", ".env.production", "docker-compose.yml service web"
	Env       Environment
	EnvReason string // why the file belongs to Env
	Example   bool   // documentation such as .env.example: never loaded
	// Python is true when Python code sets it (os.environ.setdefault);
	// a file's value for the same variable wins.
	Python bool
}

// Describe renders the variable for messages: `FLASK_DEBUG=1 in Dockerfile`.
func (v *EnvVar) Describe() string {
	value := v.Value
	if !v.Literal && value == "" {
		value = "(set at deploy time)"
	}
	return fmt.Sprintf("%s=%s in %s", v.Key, value, v.Source)
}

// fileEnv is the environment a file belongs to and why.
type fileEnv struct {
	env     Environment
	reason  string
	example bool
}

// envFiles is what the deployment files say about environments.
type envFiles struct {
	p       *Project
	d       *Deployment
	compose map[*ComposeFile]fileEnv
	docker  map[*DockerFile]fileEnv
	procs   map[*Process]fileEnv
	dotenv  map[*EnvFile]fileEnv
	appRuns map[*Module]bool // modules that call app.run()
}

// exampleWords are path words of files that document a setup.
var exampleWords = map[string]bool{
	"example": true, "examples": true, "sample": true, "samples": true, "template": true,
	"dist": true,
}

// pathWords splits a path into lowercase words of letters and digits.
func pathWords(rel string) []string {
	return strings.FieldsFunc(strings.ToLower(rel), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
}

// pathEnvironment judges a file by the words of its path; the last word
// that names an environment decides. ok is false when none does.
func pathEnvironment(rel string) (fe fileEnv, ok bool) {
	for _, w := range pathWords(rel) {
		if exampleWords[w] {
			return fileEnv{example: true, reason: "its name marks it as an example"}, true
		}
		env, named := envWords[w]
		if w == "override" {
			env, named = EnvDevelopment, true // applied by a plain `docker compose up`
		}
		if named {
			fe, ok = fileEnv{env: env, reason: fmt.Sprintf("its path says %q", w)}, true
		}
	}
	return fe, ok
}

// newEnvFiles classifies the deployment files of a project.
func newEnvFiles(p *Project) *envFiles {
	ef := &envFiles{
		p: p, d: p.Deployment(),
		compose: map[*ComposeFile]fileEnv{}, docker: map[*DockerFile]fileEnv{},
		procs: map[*Process]fileEnv{}, dotenv: map[*EnvFile]fileEnv{},
		appRuns: map[*Module]bool{},
	}
	ef.findAppRuns()
	ef.classifyDockerfiles()
	ef.classifyCompose()
	ef.classifyProcesses()
	ef.classifyDotenv()
	return ef
}

// findAppRuns records the modules that call run() on an app.
func (ef *envFiles) findAppRuns() {
	for _, run := range ef.p.appRunCalls() {
		ef.appRuns[run.Module] = true
	}
}

// appRunCalls returns every `X.run(...)` call whose receiver is an app.
func (p *Project) appRunCalls() []Ref {
	var out []Ref
	for _, m := range p.Modules {
		if !bytes.Contains(m.File.Src, []byte(".run(")) {
			continue // most modules never call run(): skip their walk
		}
		f := m.File
		f.Walk(f.Root(), func(n parser.NodeID) bool {
			if !f.Is(n, "call") {
				return true
			}
			fn := f.Field(n, "function")
			if f.Is(fn, "attribute") && f.Text(f.Field(fn, "attribute")) == "run" &&
				p.isAppReceiver(m, f.Field(fn, "object")) {
				out = append(out, Ref{m, n})
			}
			return true
		})
	}
	return out
}

// classifyDockerfiles gives each Dockerfile its environment.
func (ef *envFiles) classifyDockerfiles() {
	prodNamed := ""
	for _, df := range ef.d.Dockerfiles {
		if fe, ok := pathEnvironment(df.File.Path); ok && fe.env == EnvProduction && !fe.example {
			prodNamed = df.File.Path
		}
	}
	buildpack := ef.buildpackServer()
	for _, df := range ef.d.Dockerfiles {
		fe, ok := pathEnvironment(df.File.Path)
		switch {
		case ok:
		case prodNamed != "":
			fe = fileEnv{env: EnvDevelopment, reason: prodNamed + " is the production image"}
		case buildpack != "" && ef.runsDevServer(df):
			fe = fileEnv{env: EnvDevelopment, reason: buildpack +
				" serves production, and this image runs a development server or script"}
		default:
			fe = fileEnv{env: EnvProduction, reason: "the repository's Dockerfile"}
		}
		ef.docker[df] = fe
	}
}

// buildpackServer returns the Procfile that serves production with a
// production server on a platform that builds without the Dockerfile
// (no heroku.yml, fly.toml or Kubernetes manifest), or "".
func (ef *envFiles) buildpackServer() string {
	for _, pl := range ef.d.Platforms {
		if pl.Marker == "heroku.yml" || pl.Marker == "fly.toml" {
			return ""
		}
	}
	for _, o := range ef.p.Source.Other {
		if isKubernetesWorkload(o) {
			return ""
		}
	}
	for _, pr := range ef.d.Processes {
		if pr.Origin == "Procfile" && pr.Name == "web" && pr.ProductionServer() && !pr.Dev {
			return pr.File.Path
		}
	}
	return ""
}

// runsDevServer reports whether a Dockerfile's command runs a development
// server or a script (flask run, python manage.py runserver).
func (ef *envFiles) runsDevServer(df *DockerFile) bool {
	for _, pr := range ef.d.Processes {
		if pr.File == df.File {
			return pr.DevServer()
		}
	}
	return false
}

// classifyCompose gives each compose file its environment.
func (ef *envFiles) classifyCompose() {
	prodNamed := ""
	for _, cf := range ef.d.Compose {
		if fe, ok := pathEnvironment(cf.File.Path); ok && fe.env == EnvProduction && !fe.example {
			prodNamed = cf.File.Path
		}
	}
	elsewhere := ef.otherProduction()
	for _, cf := range ef.d.Compose {
		fe, ok := pathEnvironment(cf.File.Path)
		dev := composeReadsDevFile(cf)
		switch {
		case ok:
		case prodNamed != "":
			fe = fileEnv{env: EnvDevelopment, reason: prodNamed + " is the production setup"}
		case dev != "":
			fe = fileEnv{env: EnvDevelopment, reason: "its services read " + dev}
		case elsewhere != "":
			fe = fileEnv{env: EnvDevelopment, reason: elsewhere + " deploys production"}
		default:
			fe = fileEnv{env: EnvProduction,
				reason: "the repository's compose file, and no other file names production"}
		}
		ef.compose[cf] = fe
	}
}

// composeReadsDevFile returns an env_file of the compose file whose name
// marks it as development or testing, or "".
func composeReadsDevFile(cf *ComposeFile) string {
	for _, s := range cf.Compose.Services {
		for _, item := range s.EnvFiles {
			fe, ok := pathEnvironment(path.Base(item.Text))
			if ok && !fe.example && (fe.env == EnvDevelopment || fe.env == EnvTesting) {
				return item.Text
			}
		}
	}
	return ""
}

// otherProduction describes a production deployment that is not a compose
// file: a Procfile web server, a platform file, a Kubernetes manifest. It
// returns "" when there is none.
func (ef *envFiles) otherProduction() string {
	for _, pr := range ef.d.Processes {
		if pr.Origin == "Procfile" && pr.Name == "web" && pr.ProductionServer() && !pr.Dev {
			return pr.File.Path
		}
	}
	for _, pl := range ef.d.Platforms {
		if pl.Strength > StrengthNone {
			return pl.Path()
		}
	}
	for _, o := range ef.p.Source.Other {
		if _, ok := pathEnvironment(o.Path); !ok && isKubernetesWorkload(o) {
			return o.Path
		}
	}
	return ""
}

// classifyProcesses gives each process the environment of its file.
func (ef *envFiles) classifyProcesses() {
	for _, pr := range ef.d.Processes {
		fe, ok := fileEnv{}, false
		switch pr.Origin {
		case "Dockerfile":
			fe, ok = ef.fileEnvOf(pr.File)
		case "compose":
			fe, ok = ef.fileEnvOf(pr.File)
		}
		if !ok {
			fe, ok = pathEnvironment(pr.File.Path)
		}
		if !ok {
			fe = fileEnv{env: EnvProduction, reason: "the repository's " + pr.Origin}
		}
		ef.procs[pr] = fe
	}
}

// fileEnvOf returns the environment given to a Dockerfile or compose file.
func (ef *envFiles) fileEnvOf(o *parser.OtherFile) (fileEnv, bool) {
	for df, fe := range ef.docker {
		if df.File == o {
			return fe, true
		}
	}
	for cf, fe := range ef.compose {
		if cf.File == o {
			return fe, true
		}
	}
	return fileEnv{}, false
}

// classifyDotenv gives each dotenv file its environment.
func (ef *envFiles) classifyDotenv() {
	refs := ef.composeEnvFileRefs()
	loader := ef.dotenvLoader()
	for _, e := range ef.d.EnvFiles {
		rel := e.File.Path
		base := path.Base(rel)
		fe, named := pathEnvironment(base)
		switch {
		case e.Example || fe.example:
			fe = fileEnv{example: true, reason: "it documents the variables and is never loaded"}
		case named:
		case refs[rel].reason != "":
			fe = refs[rel]
		case loader != "" && (base == ".env" || base == ".flaskenv"):
			fe = fileEnv{env: EnvProduction, reason: loader + ", which loads " + base}
		default:
			fe = defaultDotenvEnv(rel, base)
		}
		ef.dotenv[e] = fe
	}
}

// defaultDotenvEnv is the environment of a dotenv file nothing in
// production reads: its folder's words, else development.
func defaultDotenvEnv(rel, base string) fileEnv {
	if fe, ok := pathEnvironment(path.Dir(rel)); ok {
		return fe
	}
	if base == ".flaskenv" {
		return fileEnv{env: EnvDevelopment,
			reason: "only the flask command and app.run read .flaskenv"}
	}
	return fileEnv{env: EnvDevelopment,
		reason: "nothing in production reads it; flask run and load_dotenv read it locally"}
}

// composeEnvFileRefs maps each env_file a compose service reads to the
// compose file's environment.
func (ef *envFiles) composeEnvFileRefs() map[string]fileEnv {
	out := map[string]fileEnv{}
	for _, cf := range ef.d.Compose {
		fe := ef.compose[cf]
		for _, s := range cf.Compose.Services {
			for _, item := range s.EnvFiles {
				rel := path.Clean(path.Join(path.Dir(cf.File.Path), item.Text))
				if _, seen := out[rel]; !seen && !fe.example {
					out[rel] = fileEnv{env: fe.env,
						reason: fmt.Sprintf("%s service %s reads it (env_file)",
							cf.File.Path, s.Name)}
				}
			}
		}
	}
	return out
}

// dotenvLoader describes a production process that loads .env and
// .flaskenv (flask run, or a script calling app.run), or returns "".
func (ef *envFiles) dotenvLoader() string {
	for _, pr := range ef.runners(EnvProduction) {
		if pr.Info.Server == deployfile.ServerFlask && pr.Info.Subcommand == "run" {
			return "production runs flask run (" + pr.File.Path + ")"
		}
		if m := ef.scriptModule(pr); m != nil && ef.appRuns[m] {
			return "production runs " + m.File.Path + ", which calls app.run"
		}
	}
	return ""
}

// runners returns the processes of an environment that serve the app:
// Procfile web processes, Dockerfile commands and compose service
// commands. Processes are classified before dotenv files, so the dotenv
// classification may use this.
func (ef *envFiles) runners(env Environment) []*Process {
	var out []*Process
	for _, pr := range ef.d.Processes {
		fe := ef.procs[pr]
		if fe.example || fe.env != env || (pr.Origin == "Procfile" && pr.Name != "web") {
			continue
		}
		out = append(out, pr)
	}
	return out
}

// scriptModule returns the project module a `python X.py` or
// `python -m X` process runs, or nil.
func (ef *envFiles) scriptModule(pr *Process) *Module {
	if pr.Info.Server != deployfile.ServerPython {
		return nil
	}
	if pr.Info.Module != "" {
		return ef.p.ModuleByName(pr.Info.Module)
	}
	return ef.p.moduleByPath(pr.Info.Script)
}

// moduleByPath finds the module of a file named as a command gives it:
// "app.py", "./app.py", "/srv/app/run.py" (matched by its end). An
// ambiguous or unknown name gives nil.
func (p *Project) moduleByPath(name string) *Module {
	if !strings.HasSuffix(name, ".py") {
		return nil
	}
	name = strings.TrimPrefix(path.Clean("/"+name), "/")
	var found *Module
	for _, m := range p.Modules {
		rel := m.File.Path
		if rel == name || strings.HasSuffix(name, "/"+rel) || strings.HasSuffix(rel, "/"+name) {
			if found != nil && found != m {
				return nil
			}
			found = m
		}
	}
	return found
}

// isKubernetesWorkload reports whether a YAML file is a Kubernetes
// manifest that runs containers or holds a ConfigMap.
func isKubernetesWorkload(o *parser.OtherFile) bool {
	ext := path.Ext(o.Path)
	if (ext != ".yml" && ext != ".yaml") || isComposeName(path.Base(o.Path)) {
		return false
	}
	return bytes.Contains(o.Src, []byte("apiVersion:")) &&
		(bytes.Contains(o.Src, []byte("containers:")) || bytes.Contains(o.Src, []byte("ConfigMap")))
}

// collectEnvVars gathers every variable the files and the Python code
// set, in path and line order. Assignments on a command line
// (`web: FLASK_DEBUG=1 flask run`) and Helm values files are not read.
func (ef *envFiles) collectEnvVars() []*EnvVar {
	var out []*EnvVar
	for _, e := range ef.d.EnvFiles {
		for _, v := range e.Env.Entries {
			out = append(out, newEnvVar(v, e.File, e.File.Path, ef.dotenv[e]))
		}
	}
	for _, df := range ef.d.Dockerfiles {
		for _, v := range finalStageEnv(df.Docker) {
			out = append(out, newEnvVar(v, df.File, df.File.Path, ef.docker[df]))
		}
	}
	for _, cf := range ef.d.Compose {
		for _, s := range cf.Compose.Services {
			src := fmt.Sprintf("%s service %s", cf.File.Path, s.Name)
			for _, v := range s.Environment {
				out = append(out, newEnvVar(v, cf.File, src, ef.compose[cf]))
			}
		}
	}
	out = append(out, ef.kubernetesVars()...)
	out = append(out, ef.platformVars()...)
	slices.SortStableFunc(out, func(a, b *EnvVar) int {
		return strings.Compare(a.Path(), b.Path())
	})
	return append(out, ef.pythonEnvVars()...)
}

// newEnvVar describes one variable of a file.
func newEnvVar(v deployfile.Var, o *parser.OtherFile, source string, fe fileEnv) *EnvVar {
	value := unquote(v.Value)
	return &EnvVar{
		Key: v.Key, Value: value, Literal: v.HasValue && !isReference(value),
		Origin: fileOrigin(o, v.Line), Source: source,
		Env: fe.env, EnvReason: fe.reason, Example: fe.example,
	}
}

// unquote removes one pair of matching quotes around a value.
func unquote(s string) string {
	if len(s) >= 2 && (s[0] == '"' || s[0] == '\'') && s[len(s)-1] == s[0] {
		return s[1 : len(s)-1]
	}
	return s
}

// isReference reports whether a value refers to something the deployment
// supplies: a shell or compose variable, or a template.
func isReference(s string) bool {
	return strings.Contains(s, "$") || strings.Contains(s, "{{")
}

// kubernetesVars reads container env entries and ConfigMap data from the
// Kubernetes manifests of the project.
func (ef *envFiles) kubernetesVars() []*EnvVar {
	var out []*EnvVar
	for _, o := range ef.p.Source.Other {
		if o.Err != nil || !isKubernetesWorkload(o) {
			continue
		}
		fe, ok := pathEnvironment(o.Path)
		if !ok {
			fe = fileEnv{env: EnvProduction, reason: "a Kubernetes manifest"}
		}
		dec := yaml.NewDecoder(bytes.NewReader(o.Src))
		for range 64 { // a manifest seldom holds more documents than this
			var doc yaml.Node
			if err := dec.Decode(&doc); err != nil {
				break // io.EOF, or a template YAML cannot read
			}
			out = append(out, kubernetesDocVars(o, &doc, fe)...)
		}
	}
	return out
}

// kubernetesDocVars reads one YAML document of a manifest.
func kubernetesDocVars(o *parser.OtherFile, doc *yaml.Node, fe fileEnv) []*EnvVar {
	root := doc
	if root.Kind == yaml.DocumentNode && len(root.Content) > 0 {
		root = root.Content[0]
	}
	kind := yamlScalar(yamlField(root, "kind"))
	name := yamlScalar(yamlField(yamlField(root, "metadata"), "name"))
	src := strings.TrimSpace(fmt.Sprintf("%s %s %s", o.Path, kind, name))
	var out []*EnvVar
	if kind == "ConfigMap" {
		for _, kv := range yamlPairs(yamlField(root, "data")) {
			out = append(out, yamlVar(o, kv[0], kv[1], src, fe))
		}
		return out
	}
	yamlWalk(root, 0, func(key string, v *yaml.Node) {
		if key != "env" || v.Kind != yaml.SequenceNode {
			return
		}
		for _, item := range v.Content {
			nameNode := yamlField(item, "name")
			if nameNode != nil {
				out = append(out, yamlVar(o, nameNode, yamlField(item, "value"), src, fe))
			}
		}
	})
	return out
}

// platformVars reads the variables hosting platform files set: Heroku's
// app.json "env", fly.toml's [env], render.yaml's envVars and App Engine's
// env_variables.
func (ef *envFiles) platformVars() []*EnvVar {
	var out []*EnvVar
	for _, pl := range ef.d.Platforms {
		o := pl.File
		if o == nil || o.Err != nil {
			continue
		}
		fe, ok := pathEnvironment(o.Path)
		if !ok {
			fe = fileEnv{env: EnvProduction, reason: pl.Desc}
		}
		switch pl.Marker {
		case "app.json":
			out = append(out, appJSONVars(o, fe)...)
		case "fly.toml":
			out = append(out, flyVars(o, fe)...)
		case "render.yaml", "app.yaml":
			out = append(out, platformYAMLVars(o, fe)...)
		}
	}
	return out
}

// appJSONVars reads the "env" object of a Heroku app.json: a string value,
// or an object whose "value" is one; a generator or required-only entry
// is supplied by Heroku.
func appJSONVars(o *parser.OtherFile, fe fileEnv) []*EnvVar {
	var doc struct {
		Env map[string]json.RawMessage `json:"env"`
	}
	envAt := bytes.Index(o.Src, []byte(`"env"`))
	if json.Unmarshal(o.Src, &doc) != nil || envAt < 0 {
		return nil
	}
	var out []*EnvVar
	for _, name := range slices.Sorted(maps.Keys(doc.Env)) {
		v := deployfile.Var{Key: name, Line: lineAt(o.Src, envAt)}
		if i := bytes.Index(o.Src[envAt:], []byte(`"`+name+`"`)); i >= 0 {
			v.Line = lineAt(o.Src, envAt+i)
		}
		var entry struct {
			Value *string `json:"value"`
		}
		var plain string
		switch raw := doc.Env[name]; {
		case json.Unmarshal(raw, &plain) == nil:
			v.Value, v.HasValue = plain, true
		case json.Unmarshal(raw, &entry) == nil && entry.Value != nil:
			v.Value, v.HasValue = *entry.Value, true
		}
		out = append(out, newEnvVar(v, o, o.Path, fe))
	}
	slices.SortStableFunc(out, func(a, b *EnvVar) int { return a.Line - b.Line })
	return out
}

// flyVars reads the [env] table of a fly.toml: KEY = "value" lines.
func flyVars(o *parser.OtherFile, fe fileEnv) []*EnvVar {
	var out []*EnvVar
	inEnv := false
	for i, raw := range strings.Split(string(o.Src), "\n") {
		line := strings.TrimSpace(raw)
		if strings.HasPrefix(line, "[") {
			inEnv = line == "[env]"
			continue
		}
		key, value, ok := strings.Cut(line, "=")
		if !inEnv || !ok || strings.HasPrefix(line, "#") {
			continue
		}
		v := deployfile.Var{Key: strings.TrimSpace(key), Line: i + 1, HasValue: true,
			Value: strings.TrimSpace(value)}
		out = append(out, newEnvVar(v, o, o.Path, fe))
	}
	return out
}

// platformYAMLVars reads render.yaml's envVars lists ({key, value}) and
// App Engine's env_variables mapping.
func platformYAMLVars(o *parser.OtherFile, fe fileEnv) []*EnvVar {
	var doc yaml.Node
	if yaml.Unmarshal(o.Src, &doc) != nil {
		return nil
	}
	var out []*EnvVar
	yamlWalk(&doc, 0, func(key string, v *yaml.Node) {
		switch {
		case key == "env_variables":
			for _, kv := range yamlPairs(v) {
				out = append(out, yamlVar(o, kv[0], kv[1], o.Path, fe))
			}
		case key == "envVars" && v.Kind == yaml.SequenceNode:
			for _, item := range v.Content {
				if k := yamlField(item, "key"); k != nil {
					out = append(out, yamlVar(o, k, yamlField(item, "value"), o.Path, fe))
				}
			}
		}
	})
	return out
}

// yamlVar describes a variable given by a YAML key node and value node
// (nil when the entry takes its value from elsewhere, as valueFrom does).
func yamlVar(o *parser.OtherFile, key, value *yaml.Node, src string, fe fileEnv) *EnvVar {
	v := deployfile.Var{Key: yamlScalar(key), Line: key.Line}
	if value != nil && value.Kind == yaml.ScalarNode {
		v.Value, v.HasValue = value.Value, true
	}
	return newEnvVar(v, o, src, fe)
}

// yamlField returns the value of key in a mapping node, or nil.
func yamlField(m *yaml.Node, key string) *yaml.Node {
	for _, kv := range yamlPairs(m) {
		if kv[0].Value == key {
			return kv[1]
		}
	}
	return nil
}

// yamlPairs returns the key and value nodes of a mapping node.
func yamlPairs(m *yaml.Node) [][2]*yaml.Node {
	if m == nil || m.Kind != yaml.MappingNode {
		return nil
	}
	var out [][2]*yaml.Node
	for i := 0; i+1 < len(m.Content); i += 2 {
		out = append(out, [2]*yaml.Node{m.Content[i], m.Content[i+1]})
	}
	return out
}

// yamlScalar returns a scalar node's value, or "".
func yamlScalar(n *yaml.Node) string {
	if n == nil || n.Kind != yaml.ScalarNode {
		return ""
	}
	return n.Value
}

// maxYAMLDepth bounds the walk of a manifest.
const maxYAMLDepth = 24

// yamlWalk calls visit for every key of every mapping below n.
func yamlWalk(n *yaml.Node, depth int, visit func(string, *yaml.Node)) {
	if n == nil || depth > maxYAMLDepth {
		return
	}
	switch n.Kind {
	case yaml.MappingNode:
		for _, kv := range yamlPairs(n) {
			visit(kv[0].Value, kv[1])
			yamlWalk(kv[1], depth+1, visit)
		}
	case yaml.SequenceNode, yaml.DocumentNode:
		for _, c := range n.Content {
			yamlWalk(c, depth+1, visit)
		}
	}
}

// pythonEnvVars reads `os.environ["K"] = "v"`, `os.environ.setdefault("K",
// "v")` and pytest's `monkeypatch.setenv("K", "v")` with literal values.
func (ef *envFiles) pythonEnvVars() []*EnvVar {
	var out []*EnvVar
	for _, m := range ef.p.Modules {
		if !bytes.Contains(m.File.Src, []byte("environ")) &&
			!bytes.Contains(m.File.Src, []byte("setenv")) {
			continue // no environment writes: skip the walk
		}
		f := m.File
		f.Walk(f.Root(), func(n parser.NodeID) bool {
			if key, value, ok := ef.p.envWrite(m, n); ok {
				env := ef.codeEnvironment(m, n)
				out = append(out, &EnvVar{
					Key: key, Value: value, Literal: true, Origin: pyOrigin(m, n),
					Source: m.File.Path, Env: env, Python: true,
					EnvReason: "set by code that runs in " + envName(env),
				})
			}
			return true
		})
	}
	return out
}

// envName names an environment for reasons; EnvBase is "every environment".
func envName(env Environment) string {
	if env == EnvBase {
		return "every environment"
	}
	return env.String()
}

// envWrite recognises a Python statement that sets an environment
// variable to a literal string.
func (p *Project) envWrite(m *Module, n parser.NodeID) (key, value string, ok bool) {
	f := m.File
	switch f.Kind(n) {
	case "assignment":
		left := f.Field(n, "left")
		if !f.Is(left, "subscript") || p.QualifiedName(m, f.Field(left, "value")) != "os.environ" {
			return "", "", false
		}
		key, ok = f.StringValue(f.Field(left, "subscript"))
		value, ok2 := f.StringValue(f.Field(n, "right"))
		return key, value, ok && ok2
	case "call":
		fn := f.Field(n, "function")
		isSetenv := f.Is(fn, "attribute") && f.Text(f.Field(fn, "attribute")) == "setenv"
		if p.CalleeName(m, n) != "os.environ.setdefault" && !isSetenv {
			return "", "", false
		}
		args := positionalArgs(f, n)
		if len(args) < 2 {
			return "", "", false
		}
		key, ok = f.StringValue(args[0])
		value, ok2 := f.StringValue(args[1])
		return key, value, ok && ok2
	}
	return "", "", false
}

// codeEnvironment is the environment Python code at n runs in: its
// branch's (a test file is testing), else development for a script that
// only serves the development server, else EnvBase.
func (ef *envFiles) codeEnvironment(m *Module, n parser.NodeID) Environment {
	if env := BranchEnvironment(m, n); env != EnvBase {
		return env
	}
	if ef.isDevScript(m) {
		return EnvDevelopment
	}
	return EnvBase
}

// isDevScript reports whether a module is a script for developers that
// no production process runs or serves: one that runs the development
// server (run.py calling app.run), or a manage.py, which runs management
// commands. A module that creates the app itself is never one.
func (ef *envFiles) isDevScript(m *Module) bool {
	if m == nil || entryPointNames[path.Base(m.File.Path)] {
		return false
	}
	if !ef.appRuns[m] && path.Base(m.File.Path) != "manage.py" {
		return false
	}
	for _, app := range ef.p.Apps {
		if app.Module == m {
			return false // a single-module app runs itself in development only
		}
	}
	for _, pr := range ef.runners(EnvProduction) {
		if ef.scriptModule(pr) == m {
			return false
		}
		if tm, _ := ef.p.targetOf(pr.Info.Target); tm == m {
			return false
		}
	}
	return true
}

// entryPointNames are the module names production servers are usually
// pointed at: never taken for development scripts.
var entryPointNames = map[string]bool{
	"wsgi.py": true, "asgi.py": true, "app.py": true, "application.py": true,
	"main.py": true, "server.py": true, "__init__.py": true, "__main__.py": true,
}

// targetOf splits a server target such as "wsgi:app",
// "app:create_app('production')" or "app.py" into its module and the
// expression after the colon.
func (p *Project) targetOf(target string) (*Module, string) {
	if target == "" {
		return nil, ""
	}
	mod, expr, _ := strings.Cut(target, ":")
	if m := p.moduleByPath(mod); m != nil {
		return m, expr
	}
	if m := p.ModuleByName(mod); m != nil {
		return m, expr
	}
	if rest, ok := strings.CutPrefix(mod, "src."); ok {
		return p.ModuleByName(rest), expr
	}
	return nil, expr
}

// maxChoices bounds how many values one expression may evaluate to.
const maxChoices = 16

// maxEvalDepth bounds how many names, parameters, calls and returns one
// evaluation follows.
const maxEvalDepth = 12

// valKind says what an evaluated value is.
type valKind int

// Kinds of evaluated values.
const (
	valUnknown valKind = iota
	valString
	valBool
	valInt
	valNone
	valClass
	valDict
)

// aval is one value an expression may have in an environment, with how it
// was arrived at.
type aval struct {
	kind     valKind
	str      string
	num      int64
	flag     bool
	class    *ConfigClass
	dict     []ConfigDictEntry
	dictMod  *Module
	dictName string
	at       Origin // where the value is written
	reasons  []Reason
	set      bool    // an unknown value the deployment supplies: taken as non-empty
	dflt     bool    // a default decided it: a parameter's, a lookup's, an `or` fallback
	envVar   *EnvVar // the variable setting that supplied it
	unset    string  // the variable no file of the environment sets, when that decided it
}

// truth returns the value's Python truthiness and whether it is known.
func (a aval) truth() (truthy, known bool) {
	switch a.kind {
	case valString:
		return a.str != "", true
	case valBool:
		return a.flag, true
	case valInt:
		return a.num != 0, true
	case valNone:
		return false, true
	case valClass:
		return true, true
	case valDict:
		return len(a.dict) > 0, true
	}
	return a.set, a.set
}

// toValue converts an evaluated value to the model's Value.
func (a aval) toValue() Value {
	v := Value{Node: parser.NoNode}
	if a.at.IsPython() {
		v.Node = a.at.Node
	}
	switch a.kind {
	case valString:
		v.Kind, v.Str = ValueString, a.str
	case valBool:
		v.Kind, v.Bool = ValueBool, a.flag
	case valInt:
		v.Kind, v.Int = ValueInt, a.num
	case valNone:
		v.Kind = ValueNone
	}
	return v
}

// after returns vals with rs placed before their own reasons.
func after(vals []aval, rs ...Reason) []aval {
	out := make([]aval, len(vals))
	for i, v := range vals {
		v.reasons = slices.Concat(rs, v.reasons)
		out[i] = v
	}
	return out
}

// decidedBy marks vals as decided by the value from: a default, and the
// variable whose absence led to it.
func decidedBy(vals []aval, from aval) []aval {
	for i := range vals {
		vals[i].dflt = vals[i].dflt || from.dflt
		if vals[i].unset == "" {
			vals[i].unset = from.unset
		}
	}
	return vals
}

// unknownAt is a value the model cannot evaluate.
func unknownAt(m *Module, n parser.NodeID, rs ...Reason) aval {
	return aval{at: pyOrigin(m, n), reasons: rs}
}

// evaluator evaluates configuration expressions as one environment runs
// them. It is read-only once built, so rules may share it.
type evaluator struct {
	b    *configBuilder
	p    *Project
	ef   *envFiles
	env  Environment
	vars map[string][]*EnvVar // the values the environment's files give each variable
	// sites are the calls of project functions that the environment's
	// servers make (gunicorn 'app:create_app("production")'), by the
	// function's qualified name; targets the modules they load.
	sites   map[string][]callSite
	targets map[*Module]bool
	// bound holds, while a call of a project function is evaluated, the
	// arguments that call passes, by function and parameter name.
	bound map[Ref]map[string]boundArg
}

// boundArg is the argument a call passes for a parameter.
type boundArg struct {
	e *evaluator // the caller's evaluator, whose bindings the argument sees
	m *Module
	n parser.NodeID // NoNode when the call passes nothing: the default applies
}

// callSite is a call of a factory: a Python call, or a server target.
type callSite struct {
	origin Origin
	text   string // how reasons describe it
	module *Module
	call   parser.NodeID
	args   []targetArg // for a server target
}

// targetArg is one argument of a server target's call.
type targetArg struct {
	name string // "" for a positional argument
	val  aval
}

// newEvaluator prepares the evaluation of one environment.
func newEvaluator(b *configBuilder, ef *envFiles, vars []*EnvVar, env Environment) *evaluator {
	e := &evaluator{
		b: b, p: b.p, ef: ef, env: env, vars: map[string][]*EnvVar{},
		sites: map[string][]callSite{}, targets: map[*Module]bool{},
	}
	e.indexVars(vars)
	e.indexTargets()
	return e
}

// indexVars keeps the variables of the environment: per variable, the
// last setting of each file; Python settings only where no file sets it.
func (e *evaluator) indexVars(vars []*EnvVar) {
	python := map[string][]*EnvVar{}
	for _, v := range vars {
		switch {
		case v.Example:
		case v.Python && (v.Env == e.env || (v.Env == EnvBase && e.env != EnvTesting)):
			python[v.Key] = append(python[v.Key], v)
		case !v.Python && v.Env == e.env:
			e.vars[v.Key] = replaceSameFile(e.vars[v.Key], v)
		}
	}
	for key, list := range python {
		if len(e.vars[key]) == 0 {
			e.vars[key] = list
		}
	}
}

// replaceSameFile adds v, replacing an earlier setting from the same file
// and source, which the later one overrides.
func replaceSameFile(list []*EnvVar, v *EnvVar) []*EnvVar {
	for i, old := range list {
		if old.File == v.File && old.Source == v.Source {
			list[i] = v
			return list
		}
	}
	return append(list, v)
}

// indexTargets reads the targets of the environment's servers and of its
// FLASK_APP variable.
func (e *evaluator) indexTargets() {
	for _, pr := range e.ef.runners(e.env) {
		desc := fmt.Sprintf("%s in %s runs %s", pr.program(), pr.File.Path, pr.Info.Target)
		e.addTarget(pr.Info.Target, pr.Info.Factory, fileOrigin(pr.File, pr.Line), desc)
	}
	for _, v := range e.vars["FLASK_APP"] {
		if v.Literal {
			e.addTarget(v.Value, false, v.Origin, v.Describe())
		}
	}
}

// addTarget records the module a target loads and, when it calls a
// factory, the call.
func (e *evaluator) addTarget(target string, factory bool, at Origin, desc string) {
	mod, expr := e.p.targetOf(target)
	if mod == nil {
		return
	}
	e.targets[mod] = true
	name, raw, isCall := parseTargetCall(expr)
	if name == "" || (!isCall && !factory) {
		return
	}
	qual := e.p.resolveIdentifier(mod, name)
	site := callSite{origin: at, text: desc}
	for _, r := range raw {
		site.args = append(site.args, targetArg{name: r[0], val: e.targetValue(mod, r[1], at)})
	}
	e.sites[qual] = append(e.sites[qual], site)
}

// parseTargetCall splits "create_app('production', debug=False)" into the
// function name and its [name, value] arguments; isCall is false for a
// plain name.
func parseTargetCall(expr string) (name string, args [][2]string, isCall bool) {
	expr = strings.TrimSpace(expr)
	open := strings.IndexByte(expr, '(')
	if open < 0 || !strings.HasSuffix(expr, ")") {
		return expr, nil, false
	}
	for _, part := range splitTopLevel(expr[open+1 : len(expr)-1]) {
		key, value := "", strings.TrimSpace(part)
		if k, v, ok := strings.Cut(value, "="); ok && isIdentifier(strings.TrimSpace(k)) {
			key, value = strings.TrimSpace(k), strings.TrimSpace(v)
		}
		if value != "" {
			args = append(args, [2]string{key, value})
		}
	}
	return strings.TrimSpace(expr[:open]), args, true
}

// splitTopLevel splits at commas outside quotes and brackets.
func splitTopLevel(s string) []string {
	var out []string
	depth, quote, start := 0, byte(0), 0
	for i := range len(s) {
		c := s[i]
		switch {
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '\'' || c == '"':
			quote = c
		case c == '(' || c == '[' || c == '{':
			depth++
		case c == ')' || c == ']' || c == '}':
			depth--
		case c == ',' && depth == 0:
			out = append(out, s[start:i])
			start = i + 1
		}
	}
	return append(out, s[start:])
}

// isIdentifier reports whether s is a Python identifier.
func isIdentifier(s string) bool {
	for i, r := range s {
		if r != '_' && !unicode.IsLetter(r) && (i == 0 || !unicode.IsDigit(r)) {
			return false
		}
	}
	return s != ""
}

// targetValue evaluates an argument written in a server target: a quoted
// string, a number, True, False, None or the name of a config class.
func (e *evaluator) targetValue(mod *Module, text string, at Origin) aval {
	v := aval{at: at}
	switch {
	case len(text) >= 2 && (text[0] == '"' || text[0] == '\'') && text[len(text)-1] == text[0]:
		v.kind, v.str = valString, text[1:len(text)-1]
	case text == "True" || text == "False":
		v.kind, v.flag = valBool, text == "True"
	case text == "None":
		v.kind = valNone
	default:
		if c := e.b.all[e.p.resolveIdentifier(mod, text)]; c != nil {
			v.kind, v.class = valClass, c
		} else if i, err := strconv.ParseInt(text, 10, 64); err == nil {
			v.kind, v.num = valInt, i
		}
	}
	return v
}

// eval returns the values an expression may have in the environment.
func (e *evaluator) eval(m *Module, n parser.NodeID, depth int) []aval {
	if n == parser.NoNode || depth > maxEvalDepth {
		return []aval{unknownAt(m, n)}
	}
	out := e.evalKind(m, n, depth)
	if len(out) > maxChoices {
		out = out[:maxChoices]
	}
	return out
}

// evalKind dispatches on the kind of expression.
func (e *evaluator) evalKind(m *Module, n parser.NodeID, depth int) []aval {
	f := m.File
	switch f.Kind(n) {
	case "string", "integer", "true", "false", "none":
		return []aval{e.literal(m, n)}
	case "parenthesized_expression":
		if inner := f.NamedChildren(n); len(inner) == 1 {
			return e.eval(m, inner[0], depth+1)
		}
	case "identifier":
		return e.name(m, n, depth)
	case "attribute":
		return e.attribute(m, n, depth)
	case "subscript":
		return e.subscript(m, n, depth)
	case "call":
		return e.call(m, n, depth)
	case "boolean_operator":
		return e.boolean(m, n, depth)
	case "not_operator":
		return e.not(m, n, depth)
	case "comparison_operator":
		return e.compare(m, n, depth)
	case "binary_operator":
		return e.concat(m, n, depth)
	case "conditional_expression":
		return e.conditional(m, n, depth)
	case "dictionary":
		if entries := e.b.dictEntries(m, n); entries != nil {
			return []aval{{kind: valDict, dict: entries, dictMod: m, dictName: "the dict",
				at: pyOrigin(m, n)}}
		}
	}
	return []aval{unknownAt(m, n)}
}

// literal evaluates a literal.
func (e *evaluator) literal(m *Module, n parser.NodeID) aval {
	v := e.p.literalValue(m, n)
	a := aval{at: pyOrigin(m, n)}
	switch v.Kind {
	case ValueString:
		a.kind, a.str = valString, v.Str
	case ValueBool:
		a.kind, a.flag = valBool, v.Bool
	case ValueInt:
		a.kind, a.num = valInt, v.Int
	case ValueNone:
		a.kind = valNone
	}
	return a
}

// name evaluates a bare name: a local variable or parameter of the
// enclosing function, else what it names at module level.
func (e *evaluator) name(m *Module, n parser.NodeID, depth int) []aval {
	if fn := m.File.Enclosing(n, "function_definition"); fn != parser.NoNode {
		if vals, ok := e.local(m, fn, n, depth); ok {
			return vals
		}
	}
	return e.global(m, n, depth)
}

// global evaluates a name or attribute chain at module level: a config
// class, a config dict, a settings module, or an assigned value.
func (e *evaluator) global(m *Module, n parser.NodeID, depth int) []aval {
	q := e.p.QualifiedName(m, n)
	if c := e.b.all[q]; c != nil {
		return []aval{{kind: valClass, class: c, at: pyOrigin(m, n)}}
	}
	if d := e.b.dicts[q]; d != nil {
		return []aval{{kind: valDict, dict: d.Entries, dictMod: d.Module,
			dictName: e.p.shortName(d.Name), at: pyOrigin(m, n)}}
	}
	if mod := e.p.ModuleByName(q); mod != nil && isImportedName(m, n) && e.b.modules[mod] != nil {
		return []aval{{kind: valClass, class: e.b.modules[mod], at: pyOrigin(m, n)}}
	}
	if mod, rhs := e.p.AssignedValue(m, n); rhs != parser.NoNode {
		return e.eval(mod, rhs, depth+1)
	}
	return []aval{unknownAt(m, n)}
}

// shortName is the last part of a dotted name.
func (p *Project) shortName(q string) string {
	return q[strings.LastIndexByte(q, '.')+1:]
}

// local evaluates a name inside a function: the assignments that may
// reach it and, unless one of them always runs, the parameter's values.
// ok is false when the name is neither assigned in fn nor a parameter.
func (e *evaluator) local(m *Module, fn, use parser.NodeID, depth int) ([]aval, bool) {
	f := m.File
	name := f.Text(use)
	defs, always := reachingDefs(f, fn, name, use)
	var out []aval
	for _, rhs := range defs {
		out = append(out, e.eval(m, rhs, depth+1)...)
	}
	if always {
		return out, true
	}
	if index, def, ok := parameter(f, fn, name); ok {
		vals := e.boundOrParam(m, fn, name, index, def, depth)
		if replacesFalsy(f, name, defs) {
			vals = slices.DeleteFunc(vals, func(v aval) bool {
				t, known := v.truth()
				return known && !t
			})
		}
		return append(out, vals...), true
	}
	return out, len(defs) > 0
}

// boundOrParam evaluates a parameter: the argument of the call being
// evaluated when there is one, else every call's (see param).
func (e *evaluator) boundOrParam(m *Module, fn parser.NodeID, name string, index int,
	def parser.NodeID, depth int) []aval {
	ba, ok := e.bound[Ref{m, fn}][name]
	switch {
	case !ok:
		return e.param(m, fn, name, index, def, depth)
	case ba.n != parser.NoNode:
		return ba.e.eval(ba.m, ba.n, depth+1)
	case def != parser.NoNode:
		return e.eval(m, def, depth+1)
	}
	return []aval{unknownAt(m, fn)}
}

// bindCall returns an evaluator that sees the arguments a call passes to
// a function, so that a helper called with different arguments in
// different places is evaluated for this call only. A call with *args or
// **kwargs binds nothing.
func (e *evaluator) bindCall(m *Module, call parser.NodeID, mod *Module,
	fn parser.NodeID) *evaluator {
	cf, f := m.File, mod.File
	for _, a := range cf.NamedChildren(cf.Field(call, "arguments")) {
		if cf.Is(a, "list_splat", "dictionary_splat") {
			return e
		}
	}
	binds := map[string]boundArg{}
	args := positionalArgs(cf, call)
	for i, name := range parameterNames(f, fn) {
		ba := boundArg{e: e, m: m, n: KeywordArg(cf, call, name)}
		if ba.n == parser.NoNode && i >= 0 && i < len(args) {
			ba.n = args[i]
		}
		binds[name] = ba
	}
	e2 := *e
	e2.bound = maps.Clone(e.bound)
	if e2.bound == nil {
		e2.bound = map[Ref]map[string]boundArg{}
	}
	e2.bound[Ref{mod, fn}] = binds
	return &e2
}

// parameterNames returns a function's parameter names by position;
// keyword-only parameters get negative positions, which no positional
// argument reaches.
func parameterNames(f *parser.File, fn parser.NodeID) map[int]string {
	out := map[int]string{}
	index := 0
	for _, prm := range f.NamedChildren(f.Field(fn, "parameters")) {
		name := prm
		switch f.Kind(prm) {
		case "default_parameter", "typed_default_parameter":
			name = f.Field(prm, "name")
		case "typed_parameter":
			name = firstNamed(f, prm)
		case "list_splat_pattern", "keyword_separator", "dictionary_splat_pattern":
			index = -1 << 20 // what follows is keyword-only
			continue
		}
		if f.Is(name, "identifier") {
			out[index] = f.Text(name)
		}
		index++
	}
	return out
}

// replacesFalsy reports whether one of the assignments is guarded by
// `if name is None:` or `if not name:`, so that a None or empty argument
// never reaches the use: `if config_name is None: config_name = ...`.
func replacesFalsy(f *parser.File, name string, defs []parser.NodeID) bool {
	for _, rhs := range defs {
		ifStmt := f.Enclosing(rhs, "if_statement")
		if ifStmt == parser.NoNode {
			continue
		}
		cond := f.Field(ifStmt, "condition")
		text := strings.Join(strings.Fields(f.Text(cond)), " ")
		if text == name+" is None" || text == "not "+name || text == name+" == None" {
			return true
		}
	}
	return false
}

// reachingDefs returns the right-hand sides of the assignments to name in
// fn that may reach use, and whether the last of them always runs (it is
// a statement of the function body itself, not of a branch or loop).
func reachingDefs(f *parser.File, fn parser.NodeID, name string,
	use parser.NodeID) ([]parser.NodeID, bool) {
	body := f.Field(fn, "body")
	useStart, _ := f.Span(use)
	var defs []parser.NodeID
	always := false
	f.Walk(body, func(n parser.NodeID) bool {
		start, end := f.Span(n)
		if start >= useStart || f.Is(n, "function_definition", "class_definition", "lambda") {
			return false
		}
		if !f.Is(n, "assignment") || end > useStart || f.Text(f.Field(n, "left")) != name {
			return true
		}
		rhs := finalRight(f, n)
		switch {
		case rhs == parser.NoNode:
		case f.Parent(f.Parent(n)) == body:
			defs, always = []parser.NodeID{rhs}, true
		default:
			defs = append(defs, rhs)
			always = false
		}
		return true
	})
	return defs, always
}

// param evaluates a parameter: the argument each call of the function in
// this environment passes, and its default where a call passes none.
func (e *evaluator) param(m *Module, fn parser.NodeID, name string, index int,
	def parser.NodeID, depth int) []aval {
	sites := e.callSites(m, fn)
	var out []aval
	omitted := len(sites) == 0
	for _, s := range sites {
		vals, given := e.argument(s, name, index, depth)
		if !given {
			omitted = true
			continue
		}
		out = append(out, after(vals, Reason{Origin: s.origin, Text: s.text})...)
	}
	if omitted {
		out = append(out, e.paramDefault(m, fn, name, def, len(sites) == 0, depth)...)
	}
	return out
}

// paramDefault evaluates a parameter's default for calls that omit it.
func (e *evaluator) paramDefault(m *Module, fn parser.NodeID, name string, def parser.NodeID,
	noCalls bool, depth int) []aval {
	f := m.File
	fname := f.Text(f.Field(fn, "name"))
	if def == parser.NoNode || (noCalls && e.env == EnvTesting) {
		return []aval{unknownAt(m, fn, Reason{Origin: pyOrigin(m, fn),
			Text: fmt.Sprintf("no call of %s in %s code is seen", fname, e.env)})}
	}
	text := fmt.Sprintf("%s is called without %s, so its default %s applies",
		fname, name, f.Text(def))
	if noCalls {
		text = fmt.Sprintf("nothing in %s calls %s with %s, so its default %s applies",
			e.env, fname, name, f.Text(def))
	}
	vals := after(e.eval(m, def, depth+1), Reason{Origin: pyOrigin(m, def), Text: text})
	for i := range vals {
		vals[i].dflt = true
	}
	return vals
}

// callSites returns the calls of a module-level function that run in the
// environment: those the environment's servers make, and the Python calls
// outside code confined to other environments. When a server loads a
// module that calls the function, only that module's calls count.
func (e *evaluator) callSites(m *Module, fn parser.NodeID) []callSite {
	f := m.File
	if f.Enclosing(f.Parent(fn), "function_definition", "class_definition") != parser.NoNode {
		return nil
	}
	qual := joinName(m.Name, f.Text(f.Field(fn, "name")))
	var all, inTargets []callSite
	for _, r := range e.p.Calls(qual) {
		if !e.runsHere(r.Module, r.Node) {
			continue
		}
		s := callSite{origin: pyOrigin(r.Module, r.Node), module: r.Module, call: r.Node,
			text: fmt.Sprintf("%s calls %s", r.Module.File.Path, clip(r.Text()))}
		all = append(all, s)
		if e.targets[r.Module] {
			inTargets = append(inTargets, s)
		}
	}
	if len(e.sites[qual]) > 0 {
		return append(slices.Clone(e.sites[qual]), inTargets...)
	}
	if len(inTargets) > 0 {
		return inTargets
	}
	return all
}

// clip shortens source text for reasons.
func clip(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if len(s) > 90 {
		return s[:87] + "..."
	}
	return s
}

// runsHere reports whether a call at n is made in the evaluator's
// environment. Unconfined calls (wsgi.py's) are development's and
// production's; tests create their own apps.
func (e *evaluator) runsHere(m *Module, n parser.NodeID) bool {
	env := e.ef.codeEnvironment(m, n)
	return env == e.env || (env == EnvBase && e.env != EnvTesting)
}

// argument evaluates what a call site passes for a parameter; given is
// false when it passes nothing for it.
func (e *evaluator) argument(s callSite, name string, index, depth int) ([]aval, bool) {
	if s.module == nil {
		pos := 0
		for _, a := range s.args {
			if a.name == name || (a.name == "" && pos == index) {
				return []aval{a.val}, true
			}
			if a.name == "" {
				pos++
			}
		}
		return nil, false
	}
	f := s.module.File
	if arg := KeywordArg(f, s.call, name); arg != parser.NoNode {
		return e.eval(s.module, arg, depth+1), true
	}
	if args := positionalArgs(f, s.call); index >= 0 && index < len(args) {
		return e.eval(s.module, args[index], depth+1), true
	}
	for _, a := range f.NamedChildren(f.Field(s.call, "arguments")) {
		if f.Is(a, "list_splat", "dictionary_splat") {
			return []aval{unknownAt(s.module, a)}, true
		}
	}
	return nil, false
}

// attribute evaluates an attribute chain; app.env is Flask's removed
// environment name.
func (e *evaluator) attribute(m *Module, n parser.NodeID, depth int) []aval {
	if e.p.isFlaskEnvRead(m, n) {
		return []aval{e.flaskEnvValue(m, n)}
	}
	return e.global(m, n, depth)
}

// flaskEnvValue is the value of app.config["ENV"] or app.env: unknown,
// since Flask 2.3 no longer sets either from FLASK_ENV.
func (e *evaluator) flaskEnvValue(m *Module, n parser.NodeID) aval {
	return unknownAt(m, n, Reason{Origin: pyOrigin(m, n),
		Text: m.File.Text(n) + " reads Flask's ENV setting, which Flask 2.3 removed"})
}

// isFlaskEnvRead reports whether n reads Flask's environment name:
// app.config["ENV"], app.config.get("ENV") or app.env.
func (p *Project) isFlaskEnvRead(m *Module, n parser.NodeID) bool {
	f := m.File
	switch f.Kind(n) {
	case "subscript":
		k, ok := f.StringValue(f.Field(n, "subscript"))
		return ok && k == "ENV" && p.isAppConfig(m, f.Field(n, "value"))
	case "call":
		fn := f.Field(n, "function")
		args := positionalArgs(f, n)
		if !f.Is(fn, "attribute") || f.Text(f.Field(fn, "attribute")) != "get" || len(args) == 0 {
			return false
		}
		k, ok := f.StringValue(args[0])
		return ok && k == "ENV" && p.isAppConfig(m, f.Field(fn, "object"))
	case "attribute":
		return f.Text(f.Field(n, "attribute")) == "env" && p.isAppReceiver(m, f.Field(n, "object"))
	}
	return false
}

// subscript evaluates os.environ["K"], app.config["ENV"] and lookups in
// config dicts.
func (e *evaluator) subscript(m *Module, n parser.NodeID, depth int) []aval {
	f := m.File
	if v, ok := e.p.envLookup(m, n); ok {
		return e.envValue(m, n, v, depth)
	}
	if e.p.isFlaskEnvRead(m, n) {
		return []aval{e.flaskEnvValue(m, n)}
	}
	return e.lookup(m, n, f.Field(n, "value"), f.Field(n, "subscript"), parser.NoNode, false, depth)
}

// lookup evaluates D[key] or D.get(key, def) over config dicts. withGet
// is true for .get, whose missing key gives def, or None without one.
func (e *evaluator) lookup(m *Module, at, dict, key, def parser.NodeID, withGet bool,
	depth int) []aval {
	var dicts []aval
	for _, d := range e.eval(m, dict, depth+1) {
		if d.kind == valDict {
			dicts = append(dicts, d)
		}
	}
	if len(dicts) == 0 {
		return []aval{unknownAt(m, at)}
	}
	keys := e.eval(m, key, depth+1)
	var out []aval
	for _, d := range dicts {
		for _, k := range keys {
			out = append(out, e.pick(m, at, d, k, def, withGet, depth)...)
		}
	}
	return out
}

// pick looks one key up in one dict.
func (e *evaluator) pick(m *Module, at parser.NodeID, d, k aval, def parser.NodeID,
	withGet bool, depth int) []aval {
	if k.kind == valString {
		for _, en := range d.dict {
			if en.Key == k.str {
				r := Reason{Origin: pyOrigin(d.dictMod, en.Node),
					Text: fmt.Sprintf("%s[%q] is %s", d.dictName, k.str, en.Class.Name)}
				v := aval{kind: valClass, class: en.Class, at: r.Origin, dflt: k.dflt,
					envVar: k.envVar, unset: k.unset,
					reasons: slices.Concat(d.reasons, k.reasons, []Reason{r})}
				return []aval{v}
			}
		}
	}
	known := k.kind == valString || k.kind == valNone
	switch {
	case known && withGet && def != parser.NoNode:
		k.dflt = true
		return decidedBy(after(e.eval(m, def, depth+1), k.reasons...), k)
	case known && withGet:
		return []aval{{kind: valNone, at: pyOrigin(m, at), reasons: k.reasons}}
	case k.kind == valNone:
		return nil // a KeyError, not a configuration
	}
	text := fmt.Sprintf("%s has no entry the model can match", d.dictName)
	if k.kind == valString {
		text = fmt.Sprintf("%s has no %q entry", d.dictName, k.str)
	}
	return []aval{unknownAt(m, at, append(slices.Clone(k.reasons),
		Reason{Origin: pyOrigin(m, at), Text: text})...)}
}

// envValue evaluates an environment lookup: the values the environment's
// files give the variable, else the lookup's default.
func (e *evaluator) envValue(m *Module, n parser.NodeID, v Value, depth int) []aval {
	if vars := e.vars[v.EnvVar]; len(vars) > 0 {
		out := make([]aval, 0, len(vars))
		for _, ev := range vars {
			a := aval{at: ev.Origin, envVar: ev, set: !ev.Literal,
				reasons: []Reason{{Origin: ev.Origin, Text: ev.Describe()}}}
			if ev.Literal {
				a.kind, a.str = valString, ev.Value
			}
			out = append(out, a)
		}
		return out
	}
	r := Reason{Origin: pyOrigin(m, n), Text: fmt.Sprintf("no %s file sets %s", e.env, v.EnvVar)}
	if v.Default == nil {
		r.Text += ", so the deployment must"
		return []aval{unknownAt(m, n, r)}
	}
	def := []aval{{kind: valNone, at: pyOrigin(m, n)}}
	if v.Default.Node != parser.NoNode {
		def = e.eval(m, v.Default.Node, depth+1)
	}
	return decidedBy(after(def, r), aval{dflt: true, unset: v.EnvVar})
}

// call evaluates environment lookups, config class instances, dict .get,
// string methods, conversions and project functions' return values.
func (e *evaluator) call(m *Module, n parser.NodeID, depth int) []aval {
	f := m.File
	if v, ok := e.p.envLookup(m, n); ok {
		return e.envValue(m, n, v, depth)
	}
	if e.p.isFlaskEnvRead(m, n) {
		return []aval{e.flaskEnvValue(m, n)}
	}
	callee := e.p.CalleeName(m, n)
	if c := e.b.all[callee]; c != nil {
		return []aval{{kind: valClass, class: c, at: pyOrigin(m, n)}}
	}
	args := positionalArgs(f, n)
	if fn := f.Field(n, "function"); f.Is(fn, "attribute") {
		if out, ok := e.method(m, n, fn, args, depth); ok {
			return out
		}
	}
	if out, ok := e.conversion(m, n, callee, args, depth); ok {
		return out
	}
	if out, ok := e.returns(m, n, callee, depth); ok {
		return out
	}
	return []aval{unknownAt(m, n)}
}

// stringMethods are the str methods evaluated on known strings.
var stringMethods = map[string]func(string) string{
	"lower": strings.ToLower, "upper": strings.ToUpper, "casefold": strings.ToLower,
	"strip": strings.TrimSpace, "lstrip": func(s string) string {
		return strings.TrimLeft(s, " \t\n")
	}, "rstrip": func(s string) string { return strings.TrimRight(s, " \t\n") },
}

// method evaluates D.get(key, default) and string methods.
func (e *evaluator) method(m *Module, n, fn parser.NodeID, args []parser.NodeID,
	depth int) ([]aval, bool) {
	f := m.File
	obj := f.Field(fn, "object")
	name := f.Text(f.Field(fn, "attribute"))
	if name == "get" && len(args) > 0 {
		def := KeywordArg(f, n, "default")
		if len(args) > 1 {
			def = args[1]
		}
		return e.lookup(m, n, obj, args[0], def, true, depth), true
	}
	apply, ok := stringMethods[name]
	if !ok || len(args) > 0 {
		return nil, false
	}
	vals := e.eval(m, obj, depth+1)
	for i := range vals {
		if vals[i].kind == valString {
			vals[i].str = apply(vals[i].str)
		}
	}
	return vals, true
}

// conversion evaluates bool(), int(), str() and strtobool() of a value.
func (e *evaluator) conversion(m *Module, n parser.NodeID, callee string, args []parser.NodeID,
	depth int) ([]aval, bool) {
	convert := conversions[callee]
	if convert == nil || len(args) != 1 {
		return nil, false
	}
	vals := e.eval(m, args[0], depth+1)
	for i, v := range vals {
		vals[i] = convert(v)
		vals[i].at = pyOrigin(m, n)
	}
	return vals, true
}

// conversions are the builtins and helpers that convert configuration
// strings.
var conversions = map[string]func(aval) aval{
	"bool": func(v aval) aval {
		t, known := v.truth()
		return knownBool(v, t, known)
	},
	"int": func(v aval) aval {
		switch v.kind {
		case valString:
			i, err := strconv.ParseInt(strings.TrimSpace(v.str), 10, 64)
			v.kind, v.num = valInt, i
			if err != nil {
				v.kind = valUnknown // a ValueError at startup
			}
		case valBool:
			v.kind, v.num = valInt, map[bool]int64{true: 1}[v.flag]
		}
		return v
	},
	"str":                      stringOf,
	"strtobool":                strToBool,
	"distutils.util.strtobool": strToBool,
}

// knownBool turns v into a boolean value when known.
func knownBool(v aval, t, known bool) aval {
	v.kind, v.flag = valBool, t
	if !known {
		v.kind = valUnknown
	}
	return v
}

// stringOf converts a scalar to its str().
func stringOf(v aval) aval {
	switch v.kind {
	case valBool:
		v.str = map[bool]string{true: "True", false: "False"}[v.flag]
	case valInt:
		v.str = strconv.FormatInt(v.num, 10)
	case valNone:
		v.str = "None"
	case valString:
	default:
		return v
	}
	v.kind = valString
	return v
}

// strToBool reads a string the way distutils' strtobool does.
func strToBool(v aval) aval {
	if v.kind != valString {
		return knownBool(v, false, false)
	}
	switch strings.ToLower(v.str) {
	case "y", "yes", "t", "true", "on", "1":
		return knownBool(v, true, true)
	case "n", "no", "f", "false", "off", "0":
		return knownBool(v, false, true)
	}
	return knownBool(v, false, false)
}

// returns evaluates a call of a module-level project function by what it
// returns.
func (e *evaluator) returns(m *Module, n parser.NodeID, callee string, depth int) ([]aval, bool) {
	i := strings.LastIndexByte(callee, '.')
	if i < 0 {
		return nil, false
	}
	mod := e.p.ModuleByName(callee[:i])
	if mod == nil {
		return nil, false
	}
	def, ok := mod.Defs[callee[i+1:]]
	if !ok || !mod.File.Is(def, "function_definition") {
		return nil, false
	}
	var out []aval
	f := mod.File
	inner := e.bindCall(m, n, mod, def)
	done := false
	f.Walk(f.Field(def, "body"), func(r parser.NodeID) bool {
		if done || f.Is(r, "function_definition", "class_definition", "lambda") {
			return false
		}
		if !f.Is(r, "return_statement") {
			return true
		}
		taken, known := inner.pathTaken(mod, r, def)
		if v := firstNamed(f, r); v != parser.NoNode && (taken || !known) {
			out = append(out, inner.eval(mod, v, depth+1)...)
		}
		done = taken && known // later returns are never reached
		return false
	})
	return after(out, Reason{Origin: pyOrigin(m, n), Text: "returned by " + clip(m.File.Text(n))}),
		len(out) > 0
}

// boolean evaluates `a or b` and `a and b` as Python does, value by
// value. A value `or` falls back to counts as a default.
func (e *evaluator) boolean(m *Module, n parser.NodeID, depth int) []aval {
	f := m.File
	isOr := f.Text(f.Field(n, "operator")) == "or"
	var right []aval
	var out []aval
	for _, l := range e.eval(m, f.Field(n, "left"), depth+1) {
		t, known := l.truth()
		if !known || isOr == t {
			out = append(out, l)
		}
		if known && isOr == t {
			continue
		}
		if right == nil {
			right = e.eval(m, f.Field(n, "right"), depth+1)
		}
		l.dflt = l.dflt || (isOr && known)
		out = append(out, decidedBy(after(right, l.reasons...), l)...)
	}
	return out
}

// not evaluates `not x`.
func (e *evaluator) not(m *Module, n parser.NodeID, depth int) []aval {
	vals := e.eval(m, m.File.Field(n, "argument"), depth+1)
	for i, v := range vals {
		t, known := v.truth()
		vals[i] = knownBool(v, !t, known)
		vals[i].at = pyOrigin(m, n)
	}
	return vals
}

// compare evaluates one comparison: ==, !=, is, is not, in, not in.
func (e *evaluator) compare(m *Module, n parser.NodeID, depth int) []aval {
	f := m.File
	ops := f.FieldAll(n, "operators")
	operands := f.NamedChildren(n)
	if len(ops) != 1 || len(operands) != 2 {
		return []aval{unknownAt(m, n)}
	}
	op := strings.Join(strings.Fields(f.Text(ops[0])), " ")
	lefts := e.eval(m, operands[0], depth+1)
	var out []aval
	for _, l := range lefts {
		r, known := e.compareOne(m, op, l, operands[1], depth)
		v := knownBool(l, r, known)
		v.at = pyOrigin(m, n)
		out = append(out, v)
	}
	return out
}

// compareOne compares one left value with the right operand.
func (e *evaluator) compareOne(m *Module, op string, l aval, right parser.NodeID,
	depth int) (result, known bool) {
	negate := op == "!=" || op == "is not" || op == "not in"
	if op == "in" || op == "not in" {
		found, known := e.member(m, l, right, depth)
		return found != negate, known
	}
	if op != "==" && op != "!=" && op != "is" && op != "is not" {
		return false, false
	}
	rs := e.eval(m, right, depth+1)
	if len(rs) != 1 {
		return false, false
	}
	eq, known := equalVals(l, rs[0])
	return eq != negate, known
}

// member reports whether l is one of the literal items of a tuple, list or
// set.
func (e *evaluator) member(m *Module, l aval, coll parser.NodeID, depth int) (found, known bool) {
	f := m.File
	if !f.Is(coll, "tuple", "list", "set") {
		return false, false
	}
	for _, item := range f.NamedChildren(coll) {
		rs := e.eval(m, item, depth+1)
		if len(rs) != 1 {
			return false, false
		}
		eq, ok := equalVals(l, rs[0])
		if !ok {
			return false, false
		}
		if eq {
			return true, true
		}
	}
	return false, true
}

// equalVals compares two scalars as Python's == does.
func equalVals(a, b aval) (equal, known bool) {
	num := func(v aval) (int64, bool) {
		switch v.kind {
		case valInt:
			return v.num, true
		case valBool:
			return map[bool]int64{true: 1}[v.flag], true
		}
		return 0, false
	}
	if x, ok := num(a); ok {
		if y, ok := num(b); ok {
			return x == y, true
		}
	}
	scalar := func(v aval) bool {
		return v.kind == valString || v.kind == valNone || v.kind == valInt || v.kind == valBool
	}
	if !scalar(a) || !scalar(b) {
		return false, false
	}
	return a.kind == b.kind && a.str == b.str, true
}

// concat evaluates `a + b` of strings and +, -, * and // of integers
// (MAX_CONTENT_LENGTH = 16 * 1024 * 1024).
func (e *evaluator) concat(m *Module, n parser.NodeID, depth int) []aval {
	f := m.File
	op := f.Text(f.Field(n, "operator"))
	if op != "+" && op != "-" && op != "*" && op != "//" {
		return []aval{unknownAt(m, n)}
	}
	var out []aval
	for _, l := range e.eval(m, f.Field(n, "left"), depth+1) {
		for _, r := range e.eval(m, f.Field(n, "right"), depth+1) {
			v := unknownAt(m, n, slices.Concat(l.reasons, r.reasons)...)
			switch {
			case op == "+" && l.kind == valString && r.kind == valString:
				v.kind, v.str = valString, l.str+r.str
			case l.kind == valInt && r.kind == valInt:
				v.num, v.kind = arithmetic(op, l.num, r.num)
			}
			v.dflt, v.envVar = l.dflt || r.dflt, cmpOr(l.envVar, r.envVar)
			out = append(out, v)
		}
	}
	return out
}

// arithmetic applies an integer operator; division by zero is unknown.
func arithmetic(op string, a, b int64) (int64, valKind) {
	switch op {
	case "+":
		return a + b, valInt
	case "-":
		return a - b, valInt
	case "*":
		return a * b, valInt
	}
	if b == 0 {
		return 0, valUnknown
	}
	q := a / b
	if (a%b != 0) && ((a < 0) != (b < 0)) {
		q-- // Python's floor division
	}
	return q, valInt
}

// cmpOr returns the first non-nil variable.
func cmpOr(a, b *EnvVar) *EnvVar {
	if a != nil {
		return a
	}
	return b
}

// conditional evaluates `a if cond else b`: the branch the condition
// picks when it is known, else both.
func (e *evaluator) conditional(m *Module, n parser.NodeID, depth int) []aval {
	parts := m.File.NamedChildren(n) // body, condition, alternative
	if len(parts) != 3 {
		return []aval{unknownAt(m, n)}
	}
	conds := e.eval(m, parts[1], depth+1)
	if len(conds) == 1 {
		if t, known := conds[0].truth(); known {
			pick := parts[2]
			if t {
				pick = parts[0]
			}
			return after(e.eval(m, pick, depth+1), conds[0].reasons...)
		}
	}
	return append(e.eval(m, parts[0], depth+1), e.eval(m, parts[2], depth+1)...)
}

// Selection is what one configuration load gives one environment.
type Selection struct {
	Load    *ConfigLoad
	Env     Environment
	Choices []Choice // in the order found; at most one per class
}

// Choice is one configuration a load may give an environment.
type Choice struct {
	Class *ConfigClass // nil when the model cannot tell what is loaded
	// Default is true when a default decided it: a factory parameter's
	// default, an environment lookup's default because no file of the
	// environment sets the variable, or an `or` fallback.
	Default bool
	// Reasons say how the choice was made, from the load outward: the
	// call that passes the name, the file that sets the variable, the dict
	// entry that maps it to the class.
	Reasons []Reason
	Var     *EnvVar // the variable setting that decided it, if one did
	// Unset is the environment variable no file of the environment sets,
	// when its absence let a default decide.
	Unset string
}

// Classes returns the classes the selection may load.
func (s *Selection) Classes() []*ConfigClass {
	var out []*ConfigClass
	for _, c := range s.Choices {
		if c.Class != nil {
			out = append(out, c.Class)
		}
	}
	return out
}

// Known reports whether every choice names a configuration.
func (s *Selection) Known() bool {
	for _, c := range s.Choices {
		if c.Class == nil {
			return false
		}
	}
	return len(s.Choices) > 0
}

// selectEnvs are the environments selections are computed for.
var selectEnvs = []Environment{EnvDevelopment, EnvTesting, EnvProduction}

// buildEnvironments adds the environments to the configuration model:
// the variables of the deployment files, one evaluator per environment,
// the selections, and the classes classified by how they are selected.
func (b *configBuilder) buildEnvironments() {
	cm := b.cm
	ef := newEnvFiles(b.p)
	cm.b, cm.envs = b, ef
	cm.EnvVars = ef.collectEnvVars()
	b.confineDevScripts()
	cm.evals = make(map[Environment]*evaluator)
	for _, env := range selectEnvs {
		e := newEvaluator(b, ef, cm.EnvVars, env)
		cm.evals[env] = e
		for _, l := range cm.Loads {
			if settingRuns(ef.codeEnvironment(l.Module, l.Node), env) {
				cm.Selections = append(cm.Selections, e.selection(l))
			}
		}
	}
	b.classifyBySelection()
}

// confineDevScripts marks the loads and app settings of development
// scripts (run.py calling app.run, which nothing in production runs) as
// development.
func (b *configBuilder) confineDevScripts() {
	ef := b.cm.envs
	for _, l := range b.cm.Loads {
		if l.Env == EnvBase && ef.isDevScript(l.Module) {
			l.Env = EnvDevelopment
		}
	}
	for _, s := range b.cm.AppSettings {
		if s.Env == EnvBase && ef.isDevScript(s.site) {
			s.Env = EnvDevelopment
		}
	}
}

// selection resolves one load in the evaluator's environment.
func (e *evaluator) selection(l *ConfigLoad) *Selection {
	s := &Selection{Load: l, Env: e.env}
	at := pyOrigin(l.Module, l.Node)
	switch {
	case l.Method == "from_object":
		for _, v := range e.eval(l.Module, loadArgument(l), 0) {
			s.add(e.choiceOf(v))
		}
	case len(l.Classes) == 1 && !l.Opaque:
		s.add(Choice{Class: l.Classes[0], Reasons: []Reason{{Origin: at,
			Text: fmt.Sprintf("%s loads %s", l.Method, l.Classes[0].Module.File.Path)}}})
	default:
		s.add(Choice{Reasons: []Reason{{Origin: at, Text: e.opaqueText(l)}}})
	}
	if len(s.Choices) == 0 {
		s.add(Choice{Reasons: []Reason{{Origin: at, Text: "no configuration is seen"}}})
	}
	return s
}

// opaqueText says where a load the model cannot read takes its values.
func (e *evaluator) opaqueText(l *ConfigLoad) string {
	switch l.Method {
	case "from_envvar":
		for _, v := range e.vars[l.Var] {
			return fmt.Sprintf("from_envvar loads the file %s names (%s)", l.Var, v.Describe())
		}
		return fmt.Sprintf("from_envvar loads the file the variable %s names", l.Var)
	case "from_prefixed_env":
		return fmt.Sprintf("from_prefixed_env reads the %s_* variables", l.Prefix)
	case "from_pyfile":
		return "from_pyfile reads a file outside the repository"
	}
	return l.Method + " loads values the model cannot see"
}

// loadArgument is the object passed to from_object.
func loadArgument(l *ConfigLoad) parser.NodeID {
	f := l.Module.File
	if args := positionalArgs(f, l.Node); len(args) > 0 {
		return args[0]
	}
	return KeywordArg(f, l.Node, "obj")
}

// add appends a choice unless one for the same class (or a second unknown
// one) is there already.
func (s *Selection) add(c Choice) {
	for _, old := range s.Choices {
		if old.Class == c.Class {
			return
		}
	}
	s.Choices = append(s.Choices, c)
}

// choiceOf turns an evaluated from_object argument into a choice: a class,
// or a dotted name of one.
func (e *evaluator) choiceOf(v aval) Choice {
	c := Choice{Default: v.dflt, Reasons: v.reasons, Var: v.envVar, Unset: v.unset}
	switch v.kind {
	case valClass:
		c.Class = v.class
	case valString:
		c.Class = e.b.classByDotted(v.str)
		if mod := e.p.ModuleByName(v.str); c.Class == nil && mod != nil {
			c.Class = e.b.modules[mod]
		}
		if c.Class == nil {
			c.Class = e.instanceByDotted(v.str)
		}
		if c.Class == nil {
			c.Reasons = append(slices.Clone(c.Reasons), Reason{Origin: v.at,
				Text: fmt.Sprintf("%q names nothing the model can see", v.str)})
		}
	}
	return c
}

// instanceByDotted resolves a dotted name to a module-level variable
// holding a config class or an instance of one (`Config = ServerConfig()`).
func (e *evaluator) instanceByDotted(s string) *ConfigClass {
	i := strings.LastIndexByte(s, '.')
	if i < 0 {
		return nil
	}
	mod := e.p.ModuleByName(s[:i])
	if mod == nil {
		return nil
	}
	def, ok := mod.Defs[s[i+1:]]
	if !ok || !mod.File.Is(def, "assignment") {
		return nil
	}
	for _, v := range e.eval(mod, finalRight(mod.File, def), 1) {
		if v.kind == valClass {
			return v.class
		}
	}
	return nil
}

// classifyBySelection classifies the classes that show no sign of an
// environment by the one environment that selects them, if only one does.
func (b *configBuilder) classifyBySelection() {
	used := make(map[*ConfigClass]map[Environment]bool)
	for _, s := range b.cm.Selections {
		for _, c := range s.Classes() {
			if used[c] == nil {
				used[c] = make(map[Environment]bool)
			}
			used[c][s.Env] = true
		}
	}
	for _, c := range b.cm.Classes {
		if c.EnvReason != noEnvSign || len(used[c]) != 1 {
			continue
		}
		for env := range used[c] {
			c.Env, c.EnvReason = env, "selected only by "+env.String()+" code"
		}
	}
}

// Selected returns how an environment selects an app's configuration:
// one selection per load that runs there, in path and source order. A nil
// app matches every load.
func (cm *ConfigModel) Selected(app *App, env Environment) []*Selection {
	var out []*Selection
	for _, s := range cm.Selections {
		if s.Env == env && appMatches(s.Load.App, app) {
			out = append(out, s)
		}
	}
	return out
}

// appMatches reports whether something bound to app a concerns app.
func appMatches(a, app *App) bool {
	return a == nil || app == nil || a == app
}

// Vars returns the settings of an environment variable in an
// environment's files, or where none, in its Python code.
func (cm *ConfigModel) Vars(env Environment, key string) []*EnvVar {
	if e := cm.evals[env]; e != nil {
		return e.vars[key]
	}
	return nil
}

// ProcessEnvironment returns the environment of the file a process is
// found in (see the package comment of configenv.go).
func (cm *ConfigModel) ProcessEnvironment(pr *Process) Environment {
	return cm.envs.procs[pr].env
}

// Runners returns the processes of an environment that serve the app.
func (cm *ConfigModel) Runners(env Environment) []*Process {
	return cm.envs.runners(env)
}

// Effective is one value a configuration key may have in an environment.
type Effective struct {
	Key string
	Env Environment
	App *App
	// Setting is the assignment; nil for a value from_prefixed_env reads
	// straight from an environment variable.
	Setting *Setting
	// Config is the configuration that runs with the value: the selected
	// class or one it inherits it from is Setting.Class. Nil for an
	// assignment on app.config.
	Config *ConfigClass
	// Assumed is true when the environment's selection could not be
	// resolved and Config is one of the classes named for the environment.
	Assumed bool
	// Value is what the environment gets; ValueUnknown when it is decided
	// at run time. Its Node is NoNode when the value is written in a
	// non-Python file: see At.
	Value   Value
	At      Origin  // where that value is written: a literal, a default, a file line
	Var     *EnvVar // the variable setting that supplies it
	Default bool    // a default decided it, as no file of the environment sets the variable
	// Unset is the environment variable no file of the environment sets,
	// when its absence let a default decide.
	Unset   string
	Reasons []Reason
}

// configUse is a configuration an environment runs an app with.
type configUse struct {
	class   *ConfigClass
	reasons []Reason
	assumed bool
}

// Effective returns the values key may have when env runs app: the value
// each selected configuration runs with (its own or inherited), the
// assignments on the app's config that run there, and values
// from_prefixed_env reads from the environment's files. Environment
// lookups are resolved against the environment's files, falling back on
// their defaults. The order is configurations, then app assignments in
// source order: later ones usually win, but the order of loads is not
// modelled. A nil app matches everything.
func (cm *ConfigModel) Effective(app *App, env Environment, key string) []Effective {
	var out []Effective
	for _, u := range cm.configsFor(app, env) {
		for _, s := range cm.inForce(u.class, key, env) {
			out = append(out, cm.resolve(app, s, u, env)...)
		}
	}
	for _, s := range cm.AppSettings {
		if s.Key == key && appMatches(s.App, app) && settingRuns(s.Env, env) {
			out = append(out, cm.resolve(app, s, configUse{}, env)...)
		}
	}
	return append(out, cm.prefixedValues(app, env, key)...)
}

// inForce returns the assignments of key that may be in force for a
// configuration in env, following its method resolution order: in the
// first class that sets the key, the last assignment that surely runs and
// the conditional ones after it whose branch may run; when none surely
// runs, the next class's too.
func (cm *ConfigModel) inForce(c *ConfigClass, key string, env Environment) []*Setting {
	e := cm.evals[env]
	var out []*Setting
	for _, k := range c.MRO() {
		var kept []*Setting
		settled := false
		for _, s := range k.Settings {
			if s.Key != key {
				continue
			}
			taken, known := true, true
			if s.Conditional && e != nil {
				taken, known = e.branchTaken(s)
			}
			switch {
			case known && taken:
				kept, settled = []*Setting{s}, true
			case !known:
				kept = append(kept, s)
			}
		}
		out = append(out, kept...)
		if settled {
			return out
		}
	}
	return out
}

// branchTaken reports whether the if, elif or else branches around a
// conditional class or module value run in the evaluator's environment.
func (e *evaluator) branchTaken(s *Setting) (taken, known bool) {
	stop := s.Module.File.Root()
	if s.Class != nil {
		stop = s.Class.Node
	}
	return e.pathTaken(s.Module, s.Node, stop)
}

// pathTaken reports whether the branches between n and the enclosing
// stop node (a class, function or module) run.
func (e *evaluator) pathTaken(m *Module, n, stop parser.NodeID) (taken, known bool) {
	f := m.File
	taken, known = true, true
	for c, a := n, f.Parent(n); a != parser.NoNode && a != stop; c, a = a, f.Parent(a) {
		t, k := e.clauseTaken(m, a, c)
		if k && !t {
			return false, true
		}
		taken, known = taken && t, known && k
	}
	return taken, known
}

// clauseTaken reports whether child c of a runs: the consequence of an if
// or elif, the body of an else; an except clause may or may not.
func (e *evaluator) clauseTaken(m *Module, a, c parser.NodeID) (taken, known bool) {
	f := m.File
	switch f.Kind(a) {
	case "if_statement", "elif_clause":
		if f.Field(a, "consequence") != c {
			return true, true
		}
		t, k := e.truthOf(m, f.Field(a, "condition"))
		if f.Is(a, "elif_clause") {
			before, kb := e.earlierFalse(m, f.Parent(a), a)
			return t && before, (k && kb) || (k && !t) || (kb && !before)
		}
		return t, k
	case "else_clause":
		if f.Field(a, "body") == c {
			return e.earlierFalse(m, f.Parent(a), a)
		}
	case "except_clause":
		return false, false
	}
	return true, true
}

// earlierFalse reports whether the condition of an if statement and of its
// elif clauses before clause are all false.
func (e *evaluator) earlierFalse(m *Module, ifStmt, clause parser.NodeID) (allFalse, known bool) {
	f := m.File
	conds := []parser.NodeID{f.Field(ifStmt, "condition")}
	for _, alt := range f.FieldAll(ifStmt, "alternative") {
		if alt == clause {
			break
		}
		if f.Is(alt, "elif_clause") {
			conds = append(conds, f.Field(alt, "condition"))
		}
	}
	allFalse, known = true, true
	for _, cond := range conds {
		t, k := e.truthOf(m, cond)
		if k && t {
			return false, true
		}
		known = known && k
	}
	return allFalse, known
}

// truthOf evaluates a condition: known when every value it may have has
// the same truth.
func (e *evaluator) truthOf(m *Module, cond parser.NodeID) (truthy, known bool) {
	vals := e.eval(m, cond, 0)
	for i, v := range vals {
		t, k := v.truth()
		if !k || (i > 0 && t != truthy) {
			return false, false
		}
		truthy = t
	}
	return truthy, len(vals) > 0
}

// settingRuns reports whether configuration code confined to branch
// runs in env. Unconfined code, such as a factory's body, runs in every
// environment, tests included.
func settingRuns(branch, env Environment) bool {
	return branch == env || branch == EnvBase
}

// configsFor returns the configurations env runs app with. A load whose
// choice cannot be resolved, or a project with config classes but no load
// the model can see, brings the classes named for the environment (for
// production, ProductionClasses), marked assumed.
func (cm *ConfigModel) configsFor(app *App, env Environment) []configUse {
	var out []configUse
	seen := map[*ConfigClass]bool{}
	add := func(c *ConfigClass, rs []Reason, assumed bool) {
		if !seen[c] {
			seen[c] = true
			out = append(out, configUse{class: c, reasons: rs, assumed: assumed})
		}
	}
	fallback := len(cm.Loads) == 0 // classes, but no load the model can see
	for _, s := range cm.Selected(app, env) {
		for _, c := range s.Choices {
			if c.Class != nil {
				add(c.Class, c.Reasons, false)
			}
		}
		fallback = fallback || len(s.Classes()) == 0
	}
	if fallback {
		for _, c := range cm.namedFor(env) {
			add(c, nil, true)
		}
	}
	return out
}

// namedFor returns the classes classified for env; for production, the
// base classes when there is no production class.
func (cm *ConfigModel) namedFor(env Environment) []*ConfigClass {
	if env == EnvProduction {
		return cm.ProductionClasses()
	}
	return cm.classesIn(env)
}

// resolve evaluates one setting in env.
func (cm *ConfigModel) resolve(app *App, s *Setting, u configUse, env Environment) []Effective {
	base := Effective{Key: s.Key, Env: env, App: app, Setting: s, Config: u.class,
		Assumed: u.assumed, Value: s.Value, At: pyOrigin(s.Module, s.Node)}
	if base.Config == nil {
		base.Config = s.Class
	}
	switch s.Value.Kind {
	case ValueBool, ValueString, ValueInt, ValueNone:
		if s.Value.Node != parser.NoNode {
			base.At = pyOrigin(s.Module, s.Value.Node)
		}
		return []Effective{base}
	}
	e := cm.evals[env]
	if e == nil || s.Value.Node == parser.NoNode {
		return []Effective{base}
	}
	var out []Effective
	seen := map[string]bool{}
	for _, v := range e.eval(s.Module, s.Value.Node, 0) {
		key := fmt.Sprint(v.kind, v.str, v.num, v.flag, v.at.String())
		if seen[key] {
			continue // the same value reached two ways
		}
		seen[key] = true
		eff := base
		eff.Value, eff.Var, eff.Default, eff.Reasons = v.toValue(), v.envVar, v.dflt, v.reasons
		eff.Unset = v.unset
		if !v.at.IsZero() {
			eff.At = v.at
		}
		out = append(out, eff)
	}
	return out
}

// prefixedValues returns the values from_prefixed_env loads for key from
// the environment's variables (FLASK_SECRET_KEY for SECRET_KEY).
func (cm *ConfigModel) prefixedValues(app *App, env Environment, key string) []Effective {
	var out []Effective
	for _, l := range cm.Loads {
		if l.Method != "from_prefixed_env" || !appMatches(l.App, app) || !settingRuns(l.Env, env) {
			continue
		}
		for _, v := range cm.Vars(env, l.Prefix+"_"+key) {
			r := Reason{Origin: pyOrigin(l.Module, l.Node),
				Text: "from_prefixed_env reads " + v.Describe()}
			out = append(out, Effective{Key: key, Env: env, App: app, Value: prefixedValue(v),
				At: v.Origin, Var: v, Reasons: []Reason{r}})
		}
	}
	return out
}

// prefixedValue converts a variable as from_prefixed_env does: JSON when
// it parses as a JSON scalar, else the string.
func prefixedValue(v *EnvVar) Value {
	out := Value{Kind: ValueUnknown, Node: parser.NoNode}
	if !v.Literal {
		return out
	}
	switch s := strings.TrimSpace(v.Value); s {
	case "true", "false":
		out.Kind, out.Bool = ValueBool, s == "true"
	case "null":
		out.Kind = ValueNone
	default:
		if i, err := strconv.ParseInt(s, 10, 64); err == nil {
			out.Kind, out.Int = ValueInt, i
		} else {
			out.Kind, out.Str = ValueString, strings.Trim(v.Value, `"`)
		}
	}
	return out
}

// Keys returns every key env may set for app, sorted.
func (cm *ConfigModel) Keys(app *App, env Environment) []string {
	keys := map[string]bool{}
	for _, u := range cm.configsFor(app, env) {
		for _, k := range u.class.MRO() {
			for _, s := range k.Settings {
				keys[s.Key] = true
			}
		}
	}
	for _, s := range cm.AppSettings {
		if appMatches(s.App, app) && settingRuns(s.Env, env) {
			keys[s.Key] = true
		}
	}
	for _, l := range cm.Loads {
		if l.Method == "from_prefixed_env" && appMatches(l.App, app) && settingRuns(l.Env, env) {
			cm.prefixedKeys(env, l.Prefix+"_", keys)
		}
	}
	return slices.Sorted(maps.Keys(keys))
}

// prefixedKeys adds the keys the variables of env with prefix give.
func (cm *ConfigModel) prefixedKeys(env Environment, prefix string, keys map[string]bool) {
	e := cm.evals[env]
	if e == nil {
		return
	}
	for name := range e.vars {
		if key, ok := strings.CutPrefix(name, prefix); ok && key != "" {
			keys[key] = true
		}
	}
}

// DebugSite is a place that turns Flask's debug mode or debugger on in
// production. HC-FLASK-004 reports exactly these; a rule about the same
// symptom (the debugger reachable in production) can skip them.
type DebugSite struct {
	At Origin
	// Kind is "config" (DEBUG true in production's configuration), "run"
	// (app.run(debug=...) reached in production), "process" (a production
	// process runs `flask run --debug`) or "variable" (FLASK_DEBUG or
	// FLASK_ENV=development in a production file).
	Kind string
	// What describes the site for messages: `ProductionConfig sets DEBUG
	// = True`, `FLASK_DEBUG=1 in Dockerfile`.
	What      string
	Reasons   []Reason
	Effective *Effective // for "config" sites
	Var       *EnvVar    // for "variable" sites
}

// DebugInProduction returns the places that turn debug mode on in
// production, one per location, in this order: configuration values,
// app.run calls, processes, variables. Values of development and testing
// classes are left out: when production selects such a class, the
// selection is the defect (see Selected).
func (cm *ConfigModel) DebugInProduction() []DebugSite {
	var out []DebugSite
	seen := map[string]bool{}
	all := slices.Concat(cm.debugConfig(), cm.debugRuns(), cm.debugProcesses(), cm.debugVariables())
	for _, d := range all {
		if key := d.At.String(); !seen[key] {
			seen[key] = true
			out = append(out, d)
		}
	}
	return out
}

// productionApps returns the apps outside test files, or one nil app when
// there is none, so that project-level configuration is still judged.
func (cm *ConfigModel) productionApps() []*App {
	var out []*App
	for _, app := range cm.b.p.Apps {
		if !app.Module.IsTestFile() {
			out = append(out, app)
		}
	}
	if len(out) == 0 {
		out = append(out, nil)
	}
	return out
}

// debugConfig finds a true DEBUG among production's effective values.
func (cm *ConfigModel) debugConfig() []DebugSite {
	var out []DebugSite
	for _, app := range cm.productionApps() {
		for _, eff := range cm.Effective(app, EnvProduction, "DEBUG") {
			t, known := eff.Value.Truth()
			if !known || !t || (eff.Config != nil && !eff.Config.Env.ReachesProduction()) {
				continue
			}
			d := DebugSite{At: eff.At, Kind: "config", What: eff.Describe(),
				Reasons: eff.Reasons, Effective: &eff}
			if eff.Var == nil || eff.Value.Kind != ValueString || falseLooking(eff.Value.Str) {
				d.At = pyOrigin(eff.Setting.Module, eff.Setting.Node)
			}
			out = append(out, d)
		}
	}
	return out
}

// falseLooking reports whether a string reads as false to a person,
// although Python takes any non-empty string as true.
func falseLooking(s string) bool {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "0", "false", "no", "off", "n", "f":
		return true
	}
	return false
}

// Describe says who sets an effective value, for messages:
// `ProductionConfig sets DEBUG = True`, `Config sets DEBUG = ... and
// ProductionConfig inherits it`, `app.config gets DEBUG = True`.
func (eff *Effective) Describe() string {
	if eff.Setting == nil {
		return fmt.Sprintf("%s gives %s", eff.Reasons[0].Text, eff.Key)
	}
	s := eff.Setting
	set := fmt.Sprintf("%s = %s", s.Key, clip(s.Module.File.Text(s.Value.Node)))
	if s.Value.Node == parser.NoNode {
		set = s.Key + " = None"
	}
	switch {
	case s.Class == nil:
		return "app.config gets " + set
	case eff.Config != nil && eff.Config != s.Class:
		return fmt.Sprintf("%s sets %s and %s inherits it", s.Class.Name, set, eff.Config.Name)
	}
	return fmt.Sprintf("%s sets %s", s.Class.Name, set)
}

// debugRuns finds app.run calls with a true debug argument that run in
// production: outside any development branch, or under
// `if __name__ == "__main__":` in a script a production process runs.
func (cm *ConfigModel) debugRuns() []DebugSite {
	var out []DebugSite
	e := cm.evals[EnvProduction]
	for _, run := range cm.b.p.appRunCalls() {
		m, f := run.Module, run.File()
		arg := KeywordArg(f, run.Node, "debug")
		if args := positionalArgs(f, run.Node); arg == parser.NoNode && len(args) > 2 {
			arg = args[2]
		}
		why, ok := cm.runReachesProduction(m, run.Node)
		if arg == parser.NoNode || !ok {
			continue
		}
		for _, v := range e.eval(m, arg, 0) {
			if t, known := v.truth(); !known || !t {
				continue
			}
			d := DebugSite{At: pyOrigin(m, f.Parent(arg)), Kind: "run",
				What:    fmt.Sprintf("%s runs in production (%s)", clip(f.Text(run.Node)), why),
				Reasons: v.reasons}
			if v.envVar != nil && v.kind == valString && !falseLooking(v.str) {
				d.At = v.envVar.Origin
			}
			out = append(out, d)
			break
		}
	}
	return out
}

// runReachesProduction says whether an app.run call runs in production,
// and why.
func (cm *ConfigModel) runReachesProduction(m *Module, n parser.NodeID) (string, bool) {
	ef := cm.envs
	if env := ef.codeEnvironment(m, n); env.ReachesProduction() {
		return "it is not confined to development code", true
	}
	if !mainGuardOnly(m, n) {
		return "", false
	}
	for _, pr := range ef.runners(EnvProduction) {
		if ef.scriptModule(pr) == m {
			return fmt.Sprintf("%s in %s runs %s as a script", pr.program(), pr.File.Path,
				m.File.Path), true
		}
	}
	return "", false
}

// mainGuardOnly reports whether code at n is confined to development only
// by `if __name__ == "__main__":`, which a script run by production
// passes.
func mainGuardOnly(m *Module, n parser.NodeID) bool {
	if m.IsTestFile() {
		return false
	}
	f := m.File
	guarded := false
	for c, a := n, f.Parent(n); a != parser.NoNode; c, a = a, f.Parent(a) {
		if f.Is(a, "if_statement") && f.Field(a, "consequence") == c && isMainGuard(f, a) {
			guarded = true
			continue
		}
		if env := clauseEnvironment(f, a, c); env == EnvDevelopment || env == EnvTesting {
			return false
		}
	}
	return guarded
}

// isMainGuard reports whether an if statement tests
// `__name__ == "__main__"`.
func isMainGuard(f *parser.File, ifStmt parser.NodeID) bool {
	cond := f.Field(ifStmt, "condition")
	operands := f.NamedChildren(cond)
	return f.Is(cond, "comparison_operator") && len(operands) == 2 &&
		f.Text(operands[0]) == "__name__" && isStringLiteral(f, operands[1], "__main__")
}

// debugProcesses finds production processes that run `flask run --debug`.
func (cm *ConfigModel) debugProcesses() []DebugSite {
	var out []DebugSite
	for _, pr := range cm.Runners(EnvProduction) {
		if pr.Info.Server != deployfile.ServerFlask || pr.Info.Subcommand != "run" ||
			!pr.Info.HasFlag("--debug", "--debugger") {
			continue
		}
		at := fileOrigin(pr.File, pr.Line)
		fe := cm.envs.procs[pr]
		out = append(out, DebugSite{At: at, Kind: "process",
			What:    fmt.Sprintf("%s runs flask run with --debug", pr.File.Path),
			Reasons: []Reason{{Origin: at, Text: pr.File.Path + " is production: " + fe.reason}}})
	}
	return out
}

// debugVariables finds FLASK_DEBUG set true and FLASK_ENV=development in
// the files of production.
func (cm *ConfigModel) debugVariables() []DebugSite {
	var out []DebugSite
	for _, v := range cm.EnvVars {
		if v.Env != EnvProduction || v.Example || v.Python || !v.Literal || !debugVariable(v) {
			continue
		}
		out = append(out, DebugSite{At: v.Origin, Kind: "variable", What: v.Describe(), Var: v,
			Reasons: []Reason{{Origin: v.Origin,
				Text: v.Source + " is production: " + v.EnvReason}}})
	}
	return out
}

// debugVariable reports whether a variable turns debug mode on as Flask
// reads it: FLASK_DEBUG not empty and not 0, false or no;
// FLASK_ENV=development before Flask 2.3.
func debugVariable(v *EnvVar) bool {
	switch v.Key {
	case "FLASK_DEBUG":
		val := strings.ToLower(strings.TrimSpace(v.Value))
		return val != "" && val != "0" && val != "false" && val != "no"
	case "FLASK_ENV":
		return strings.TrimSpace(v.Value) == "development"
	}
	return false
}

// FlaskEnvReads returns the reads of Flask's environment name, which Flask
// 2.3 removed (app.config["ENV"], app.config.get("ENV"), app.env), that
// decide something: a condition, a comparison, a dict key, or the argument
// of a configuration load. Test files are left out.
func (cm *ConfigModel) FlaskEnvReads() []Ref {
	p := cm.b.p
	var out []Ref
	for _, m := range p.Modules {
		if m.IsTestFile() || !bytes.Contains(m.File.Src, []byte("ENV")) &&
			!bytes.Contains(m.File.Src, []byte(".env")) {
			continue
		}
		f := m.File
		f.Walk(f.Root(), func(n parser.NodeID) bool {
			if f.Is(n, "subscript", "call", "attribute") && p.isFlaskEnvRead(m, n) {
				if decides(f, n) {
					out = append(out, Ref{m, n})
				}
				return false
			}
			return true
		})
	}
	return out
}

// decides reports whether the value of n decides something: it is tested,
// compared, used as a key, or passed to a configuration load. A read
// assigned to a variable that is tested later is not followed.
func decides(f *parser.File, n parser.NodeID) bool {
	for c, a := n, f.Parent(n); a != parser.NoNode; c, a = a, f.Parent(a) {
		switch f.Kind(a) {
		case "comparison_operator", "boolean_operator", "not_operator", "conditional_expression":
			return true
		case "if_statement", "elif_clause", "while_statement":
			return f.Field(a, "condition") == c
		case "subscript":
			return f.Field(a, "subscript") == c
		case "call":
			fn := f.Field(a, "function")
			method := f.Text(f.Field(fn, "attribute"))
			return f.Is(fn, "attribute") && strings.HasPrefix(method, "from_")
		case "argument_list", "parenthesized_expression", "keyword_argument":
			continue
		}
		return false
	}
	return false
}

// FlaskPinnedBelow reports whether every requirements file that names
// Flask pins it below major.minor (flask==2.2.5, flask<2.3, flask~=2.2.0),
// and returns the first pin. It is false when no requirements file names
// Flask or one leaves the version open.
func (p *Project) FlaskPinnedBelow(major, minor int) (bool, Origin) {
	var first Origin
	found := false
	for _, o := range p.Source.Other {
		base := path.Base(o.Path)
		if !strings.HasPrefix(base, "requirements") || path.Ext(base) != ".txt" || o.Err != nil {
			continue
		}
		reqs, _ := deployfile.ParseRequirements(o.Path, o.Src)
		r := reqs.Lookup("flask")
		if r == nil {
			continue
		}
		if !specBelow(r.Spec, [2]int{major, minor}) {
			return false, Origin{}
		}
		if !found {
			first, found = fileOrigin(o, r.Line), true
		}
	}
	return found, first
}

// specBelow reports whether a version specifier allows only versions
// below limit (major, minor).
func specBelow(spec string, limit [2]int) bool {
	for _, clause := range strings.Split(spec, ",") {
		op := strings.TrimRight(clause[:len(clause)-len(strings.TrimLeft(clause, "<>=!~"))], " ")
		v := versionParts(strings.TrimLeft(clause, "<>=!~ "))
		if len(v) == 0 {
			continue
		}
		switch op {
		case "==", "===", "<=":
			if compareVersion(v, limit) < 0 {
				return true
			}
		case "<":
			if compareVersion(v, limit) <= 0 {
				return true
			}
		case "~=":
			if len(v) > 2 && compareVersion(v[:2], limit) < 0 {
				return true
			}
		}
	}
	return false
}

// versionParts reads the leading numbers of a version: "2.2.*" gives
// [2 2].
func versionParts(s string) []int {
	var out []int
	for _, part := range strings.Split(s, ".") {
		n, err := strconv.Atoi(part)
		if err != nil {
			break
		}
		out = append(out, n)
	}
	return out
}

// compareVersion compares a version with (major, minor), missing parts
// counting as zero.
func compareVersion(v []int, limit [2]int) int {
	for i := range 2 {
		x := 0
		if i < len(v) {
			x = v[i]
		}
		if x != limit[i] {
			return x - limit[i]
		}
	}
	return 0
}

// flaskDefaults are Flask's defaults for the keys the rules reason about.
var flaskDefaults = map[string]Value{
	"DEBUG":                   {Kind: ValueBool, Node: parser.NoNode},
	"TESTING":                 {Kind: ValueBool, Node: parser.NoNode},
	"SECRET_KEY":              {Kind: ValueNone, Node: parser.NoNode},
	"SESSION_COOKIE_SECURE":   {Kind: ValueBool, Node: parser.NoNode},
	"SESSION_COOKIE_HTTPONLY": {Kind: ValueBool, Bool: true, Node: parser.NoNode},
	"SESSION_COOKIE_SAMESITE": {Kind: ValueNone, Node: parser.NoNode},
	"PROPAGATE_EXCEPTIONS":    {Kind: ValueNone, Node: parser.NoNode},
	"MAX_CONTENT_LENGTH":      {Kind: ValueNone, Node: parser.NoNode},
	"PREFERRED_URL_SCHEME":    {Kind: ValueString, Str: "http", Node: parser.NoNode},
}

// FlaskDefault returns Flask's default for a key among those the rules
// reason about.
func FlaskDefault(key string) (Value, bool) {
	v, ok := flaskDefaults[key]
	return v, ok
}
