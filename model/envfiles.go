package model

// Environments of the configuration model, part one of three: the
// environment variables each deployment or environment file sets and the
// environment (development, testing, production) each file belongs to.
// configeval.go evaluates configuration expressions as one environment
// runs them; configselect.go says which configuration each environment
// selects and why, and the effective value of a key per environment.
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
