package model

import (
	"bytes"
	"cmp"
	"fmt"
	"path"
	"regexp"
	"slices"
	"strings"
	"sync"

	"github.com/flasklint/flasklint/parser"
	"github.com/flasklint/flasklint/parser/deployfile"
)

// EvidenceKind says what a piece of deployment evidence is.
type EvidenceKind int

// Kinds of deployment evidence.
const (
	// KindProcess is a command a deployment runs: a Procfile line, the CMD
	// or ENTRYPOINT of a Dockerfile's final stage, a compose service's
	// command.
	KindProcess EvidenceKind = iota + 1
	// KindServerConfig is a WSGI server's configuration file:
	// gunicorn.conf.py, uwsgi.ini.
	KindServerConfig
	// KindProxy is a reverse proxy configured in the repository: an nginx
	// proxy_pass or uwsgi_pass, a proxy service in a compose file, a
	// Kubernetes Ingress.
	KindProxy
	// KindPlatform is a hosting platform whose router is a reverse proxy:
	// Heroku, fly.io, Google App Engine, Render.
	KindPlatform
)

// String names the kind for messages and test output.
func (k EvidenceKind) String() string {
	switch k {
	case KindProcess:
		return "process"
	case KindServerConfig:
		return "server-config"
	case KindProxy:
		return "proxy"
	case KindPlatform:
		return "platform"
	}
	return "unknown"
}

// Strength is how strongly a piece of evidence shows that requests reach
// the app over HTTP through a reverse proxy, so that the WSGI environ
// (REMOTE_ADDR, wsgi.url_scheme) describes the proxy's connection rather
// than the client's. Evidence from a development file is always
// StrengthNone.
type Strength int

// Strengths, from none to strong.
const (
	// StrengthNone: kept for other rules, but no sign of such a proxy: a
	// development server (`flask run`, `python app.py`), a worker process,
	// uwsgi speaking its own protocol to nginx (uwsgi_pass hands the
	// client's address and scheme over in the protocol itself), runtime.txt
	// alone.
	StrengthNone Strength = iota
	// StrengthMedium: a production WSGI server speaking HTTP (gunicorn,
	// waitress, hypercorn, uvicorn, uwsgi with an HTTP socket) in a
	// Dockerfile, compose file or server config. Their documentation says
	// to run them behind a proxy and deployments almost always do, but the
	// repository does not show the proxy itself.
	StrengthMedium
	// StrengthStrong: the proxy is in the repository (nginx proxy_pass, a
	// compose service running nginx, traefik, caddy, haproxy or envoy, a
	// Kubernetes Ingress), or the platform always puts one in front (a
	// Procfile web process running a production server, Heroku app.json or
	// heroku.yml, fly.toml, App Engine app.yaml, render.yaml).
	StrengthStrong
)

// Evidence is one fact about how the project is deployed, with where it
// was found.
type Evidence struct {
	Kind EvidenceKind
	// File is the deployment file it was found in. It is nil when the
	// evidence is a Python file, such as gunicorn.conf.py; Python is set
	// instead.
	File     *parser.OtherFile
	Python   *parser.File
	Line     int    // 1-based line of the evidence in its file
	Desc     string // short, for messages: "gunicorn in Procfile"
	Strength Strength
	// Dev is true when the file describes a development, test or example
	// setup by its name (docker-compose.dev.yml, docker-compose.override.yml,
	// Dockerfile.local, tests/...).
	Dev bool
}

// Path is the slash-separated path of the file the evidence is in.
func (e *Evidence) Path() string {
	if e.File != nil {
		return e.File.Path
	}
	if e.Python != nil {
		return e.Python.Path
	}
	return ""
}

// Process is a command a deployment runs.
type Process struct {
	Evidence
	Origin string // "Procfile", "Dockerfile" or "compose"
	Name   string // Procfile process type or compose service; "" for a Dockerfile
	Info   deployfile.CommandInfo
	// Env is the environment the file gives the process: the final
	// stage's ENV of a Dockerfile, a compose service's environment.
	Env []deployfile.Var
}

// ProductionServer reports whether the process runs a production WSGI or
// ASGI server rather than a development server or a one-off task.
func (p *Process) ProductionServer() bool {
	switch p.Info.Server {
	case deployfile.ServerGunicorn, deployfile.ServerWaitress, deployfile.ServerUWSGI,
		deployfile.ServerHypercorn, deployfile.ServerUvicorn:
		return true
	}
	return false
}

// ServesHTTP reports whether the process is a production server that
// speaks HTTP, so that a proxy in front of it hides the client. uwsgi
// speaks its own protocol unless told to open an HTTP socket.
func (p *Process) ServesHTTP() bool {
	if p.Info.Server == deployfile.ServerUWSGI {
		return p.Info.HasFlag("--http", "--http-socket", "--https", "--http11-socket")
	}
	return p.ProductionServer()
}

// DevServer reports whether the process runs Flask's development server:
// `flask run`, or a script that calls app.run().
func (p *Process) DevServer() bool {
	switch p.Info.Server {
	case deployfile.ServerFlask:
		return p.Info.Subcommand == "run"
	case deployfile.ServerPython:
		return p.Info.Script != ""
	}
	return false
}

// Proxy is a reverse proxy in front of the app.
type Proxy struct {
	Evidence
	Software string // "nginx", "traefik", "caddy", "haproxy", "envoy", "ingress"
	// Protocol is how the proxy talks to the app: "http", or "uwsgi" for
	// nginx's uwsgi_pass, which passes the client's address and scheme in
	// the uwsgi protocol so that the environ is already right.
	Protocol string
	Upstream string // proxy_pass or uwsgi_pass target, or the service's image
	// Local is true when nginx passes to localhost or a unix socket, that
	// is to a server on the same machine.
	Local bool
	// HeadersKnown is true when the configuration shows which forwarded
	// headers nginx sends; SetsProto and SetsFor are then meaningful.
	HeadersKnown bool
	SetsProto    bool // sends X-Forwarded-Proto
	SetsFor      bool // sends X-Forwarded-For
}

// ServerConfig is a WSGI server's configuration file.
type ServerConfig struct {
	Evidence
	Server   string                   // "gunicorn" or "uwsgi"
	Settings map[string]ServerSetting // by setting name as written in the file
}

// ServerSetting is one value of a server configuration file.
type ServerSetting struct {
	Value string // as written: a Python expression or an ini value
	Line  int
}

// Platform is a hosting platform the repository is set up for.
type Platform struct {
	Evidence
	Name string // "heroku", "fly.io", "app-engine", "render"
	// Marker is the file base name that shows it: "app.json", "heroku.yml",
	// "runtime.txt", "fly.toml", "app.yaml", "render.yaml".
	Marker string
}

// NginxFile is a parsed nginx configuration.
type NginxFile struct {
	File *parser.OtherFile
	Conf *deployfile.NginxConf
	Dev  bool
}

// ComposeFile is a parsed docker-compose file.
type ComposeFile struct {
	File    *parser.OtherFile
	Compose *deployfile.Compose
	Dev     bool
}

// DockerFile is a parsed Dockerfile.
type DockerFile struct {
	File   *parser.OtherFile
	Docker *deployfile.Dockerfile
	Dev    bool
}

// EnvFile is a parsed dotenv file and the environment its name says it
// is for (EnvBase when the name does not say, as for a plain .env).
type EnvFile struct {
	File        *parser.OtherFile
	Env         *deployfile.EnvFile
	Environment Environment
	// Example is true for .env.example, .env.sample and the like:
	// documentation of the variables, never loaded.
	Example bool
}

// Deployment is what the repository says about how the app is run in
// production: the processes that serve it, the proxies and platforms in
// front of it, the server configuration, and the parsed deployment files
// for rules that need more than the summary. Every list is in path order,
// then file order, except that Proxies lists nginx directives first.
type Deployment struct {
	Processes     []*Process
	Proxies       []*Proxy
	Platforms     []*Platform
	ServerConfigs []*ServerConfig

	Nginx       []*NginxFile
	Compose     []*ComposeFile
	Dockerfiles []*DockerFile
	EnvFiles    []*EnvFile
}

// deploymentCache computes a project's Deployment once.
type deploymentCache struct {
	once sync.Once
	d    *Deployment
}

// Deployment returns the project's deployment model, computed on first use
// from the non-Python files and the gunicorn configuration modules.
func (p *Project) Deployment() *Deployment {
	c := &p.deploy
	c.once.Do(func() { c.d = BuildDeployment(p.Source) })
	return c.d
}

// BuildDeployment reads the deployment files of a parsed source set. It
// never fails: a file it cannot read contributes what could be read.
func BuildDeployment(src *parser.Source) *Deployment {
	d := &Deployment{}
	if src == nil {
		return d
	}
	for _, o := range src.Other {
		if o.Err == nil {
			d.readOther(o)
		}
	}

	d.readGunicornConfigs(src.Python)
	d.collectNginxProxies()
	d.settleComposeProxies()
	d.settleHeroku()
	return d
}

// readOther reads one non-Python file according to its name.
func (d *Deployment) readOther(o *parser.OtherFile) {
	base := path.Base(o.Path)
	ext := path.Ext(base)
	switch {
	case base == "Procfile":
		d.readProcfile(o)
	case strings.HasPrefix(base, "Dockerfile") || strings.HasSuffix(base, ".dockerfile"):
		d.readDockerfile(o)
	case isComposeName(base):
		d.readCompose(o)
	case ext == ".conf":
		conf, _ := deployfile.ParseNginx(o.Path, o.Src)
		d.Nginx = append(d.Nginx, &NginxFile{File: o, Conf: conf, Dev: isDevPath(o.Path)})
	case isEnvFileName(base):
		d.readEnvFile(o)
	case ext == ".ini" && strings.Contains(base, "uwsgi"):
		d.readUWSGIIni(o)
	default:
		d.readMarker(o, base)
	}
}

// isComposeName recognises docker-compose and docker stack files.
func isComposeName(base string) bool {
	ext := path.Ext(base)
	if ext != ".yml" && ext != ".yaml" {
		return false
	}
	return strings.Contains(base, "compose") || strings.HasPrefix(base, "docker-stack")
}

// isEnvFileName recognises dotenv files as discovery lists them.
func isEnvFileName(base string) bool {
	return base == ".env" || base == ".flaskenv" || strings.HasPrefix(base, ".env.") ||
		strings.HasSuffix(base, ".env")
}

// devWords are the path words that mark a file as describing a
// development, test or example setup rather than production.
var devWords = map[string]bool{
	"dev": true, "devel": true, "develop": true, "development": true, "local": true,
	"test": true, "tests": true, "testing": true, "debug": true, "override": true,
	"ci": true, "example": true, "examples": true, "sample": true,
}

// isDevPath reports whether any word of the path marks it as development:
// docker-compose.dev.yml, docker-compose.override.yml (applied by a plain
// `docker compose up`, so local by convention), Dockerfile.local,
// tests/nginx.conf.
func isDevPath(rel string) bool {
	words := strings.FieldsFunc(strings.ToLower(rel), func(r rune) bool {
		return (r < 'a' || r > 'z') && (r < '0' || r > '9')
	})
	return slices.ContainsFunc(words, func(w string) bool { return devWords[w] })
}

// newProcess describes a command found in a deployment file. A production
// server speaking HTTP in a non-development file is medium evidence.
func newProcess(o *parser.OtherFile, origin, name string, cmd deployfile.Command,
	dev bool) *Process {
	pr := &Process{
		Evidence: Evidence{Kind: KindProcess, File: o, Line: cmd.Line, Dev: dev},
		Origin:   origin,
		Name:     name,
		Info:     deployfile.IdentifyCommand(cmd.Argv),
	}
	pr.Desc = fmt.Sprintf("%s in %s", pr.program(), o.Path)
	if origin == "compose" {
		pr.Desc += " service " + name
	}
	if pr.ServesHTTP() && !dev {
		pr.Strength = StrengthMedium
	}
	return pr
}

// program names what the process runs, for descriptions.
func (p *Process) program() string {
	switch {
	case p.Info.Server == deployfile.ServerFlask && p.Info.Subcommand != "":
		return "flask " + p.Info.Subcommand
	case p.Info.Server != "" && p.Info.Server != deployfile.ServerPython:
		return p.Info.Server
	case p.Info.Program != "":
		return p.Info.Program
	}
	return "a command"
}

// readProcfile records each process of a Procfile. The web process of a
// Procfile is routed by Heroku's or Dokku's HTTP router, so a production
// server there is strong evidence; other process types serve no HTTP.
func (d *Deployment) readProcfile(o *parser.OtherFile) {
	pf, _ := deployfile.ParseProcfile(o.Path, o.Src)
	dev := isDevPath(o.Path)
	for _, proc := range pf.Processes {
		pr := newProcess(o, "Procfile", proc.Type, proc.Command, dev)
		pr.Line = proc.Line
		switch {
		case proc.Type != "web":
			pr.Strength = StrengthNone
		case pr.ProductionServer() && !dev:
			pr.Strength = StrengthStrong
		}
		d.Processes = append(d.Processes, pr)
	}
}

// readDockerfile records a Dockerfile and the command its final image runs.
func (d *Deployment) readDockerfile(o *parser.OtherFile) {
	df, _ := deployfile.ParseDockerfile(o.Path, o.Src)
	dev := isDevPath(o.Path)
	d.Dockerfiles = append(d.Dockerfiles, &DockerFile{File: o, Docker: df, Dev: dev})

	entry, cmd := df.RunCommand()
	var entryCmd, cmdCmd *deployfile.Command
	if entry != nil {
		entryCmd = &entry.Command
	}
	if cmd != nil {
		cmdCmd = &cmd.Command
	}
	run := runCommand(entryCmd, cmdCmd, entry == nil || entry.Exec)
	if run == nil {
		return
	}
	pr := newProcess(o, "Dockerfile", "", *run, dev)
	pr.Env = finalStageEnv(df)
	d.Processes = append(d.Processes, pr)
}

// runCommand joins an entrypoint and a command the way Docker does. An
// entrypoint that is a wrapper script (`exec "$@"` at its end) hands over
// to the command, so when the joined line is no known server but the
// command alone is, the command is what serves. A shell-form entrypoint
// ignores the command.
func runCommand(entry, cmd *deployfile.Command, entryExec bool) *deployfile.Command {
	switch {
	case entry == nil:
		return cmd
	case cmd == nil || !entryExec:
		return entry
	}
	joined := *entry
	joined.Argv = append(slices.Clip(entry.Argv), cmd.Argv...)
	if deployfile.IdentifyCommand(joined.Argv).Server == "" &&
		deployfile.IdentifyCommand(cmd.Argv).Server != "" {
		return cmd
	}
	return &joined
}

// finalStageEnv returns the ENV settings the final image inherits: those of
// the final stage and of the stages it builds on.
func finalStageEnv(df *deployfile.Dockerfile) []deployfile.Var {
	chain := map[int]bool{}
	for s := df.FinalStage(); s >= 0 && s < len(df.Stages) && !chain[s]; {
		chain[s] = true
		s = df.Stages[s].Base
	}
	var out []deployfile.Var
	for _, e := range df.Env() {
		if chain[e.Stage] {
			out = append(out, e.Var)
		}
	}
	return out
}

// readCompose records a compose file, its proxy services and the commands
// of the others.
func (d *Deployment) readCompose(o *parser.OtherFile) {
	c, _ := deployfile.ParseCompose(o.Path, o.Src)
	dev := isDevPath(o.Path)
	d.Compose = append(d.Compose, &ComposeFile{File: o, Compose: c, Dev: dev})
	for i := range c.Services {
		s := &c.Services[i]
		if px := composeProxy(o, s, dev); px != nil {
			d.Proxies = append(d.Proxies, px)
			continue
		}
		run := runCommand(s.Entrypoint, s.Command, true)
		if run == nil {
			continue // the image's own CMD: the Dockerfile records it
		}
		pr := newProcess(o, "compose", s.Name, *run, dev)
		pr.Env = s.Environment
		d.Processes = append(d.Processes, pr)
	}
}

// proxySoftware lists the reverse proxies recognised by image or folder
// name.
var proxySoftware = []string{"nginx", "traefik", "caddy", "haproxy", "envoy"}

// composeProxy returns the proxy a compose service runs, judged by its
// image, or by its build folder or name when it builds its own image
// (`build: ./nginx`), or nil.
func composeProxy(o *parser.OtherFile, s *deployfile.Service, dev bool) *Proxy {
	line, upstream := s.Line, s.Image.Text
	software := proxyName(s.Image.Text)
	if s.Image.Line > 0 {
		line = s.Image.Line
	}
	if software == "" && s.Image.Text == "" {
		software = proxyName(s.Name)
		if s.Build != nil {
			software = cmp.Or(proxyName(path.Base(s.Build.Context.Text)), software)
			upstream = s.Build.Context.Text
		}
	}
	if software == "" {
		return nil
	}
	px := &Proxy{Software: software, Protocol: "http", Upstream: upstream}
	px.Evidence = Evidence{Kind: KindProxy, File: o, Line: line, Dev: dev,
		Desc: fmt.Sprintf("%s service in %s", software, o.Path)}
	if !dev {
		px.Strength = StrengthStrong
	}
	return px
}

// proxyName returns the proxy a name mentions, or "". NGINX Unit is an
// application server and an nginx exporter a metrics sidecar: neither is a
// proxy.
func proxyName(name string) string {
	name = strings.ToLower(name)
	if strings.Contains(name, "unit") || strings.Contains(name, "exporter") {
		return ""
	}
	for _, p := range proxySoftware {
		if strings.Contains(name, p) {
			return p
		}
	}
	return ""
}

// readEnvFile records a dotenv file and the environment its name gives.
func (d *Deployment) readEnvFile(o *parser.OtherFile) {
	ef, _ := deployfile.ParseEnvFile(o.Path, o.Src)
	env, example := envFileEnvironment(path.Base(o.Path))
	d.EnvFiles = append(d.EnvFiles, &EnvFile{File: o, Env: ef, Environment: env, Example: example})
}

// envFileEnvironment judges a dotenv file's purpose by its name. Only the
// flask command reads .flaskenv, so it is development configuration; a
// staging file is configured like production.
func envFileEnvironment(base string) (env Environment, example bool) {
	if base == ".flaskenv" {
		return EnvDevelopment, false
	}
	for _, w := range strings.FieldsFunc(strings.ToLower(base), func(r rune) bool {
		return r == '.' || r == '-' || r == '_'
	}) {
		switch w {
		case "example", "sample", "template", "dist", "defaults":
			return EnvBase, true
		case "prod", "production", "live", "staging", "stage":
			env = EnvProduction
		case "dev", "development", "local":
			env = EnvDevelopment
		case "test", "testing", "ci":
			env = EnvTesting
		}
	}
	return env, false
}

// readUWSGIIni records a uwsgi ini file. It is medium evidence only when
// uwsgi opens an HTTP socket; with `socket =` it speaks the uwsgi protocol
// to nginx, which passes the client's address and scheme along.
func (d *Deployment) readUWSGIIni(o *parser.OtherFile) {
	dev := isDevPath(o.Path)
	sc := &ServerConfig{Server: deployfile.ServerUWSGI, Settings: readIni(o.Src, "uwsgi")}
	sc.Evidence = Evidence{Kind: KindServerConfig, File: o, Line: 1, Dev: dev,
		Desc: "uwsgi in " + o.Path}
	for _, key := range []string{"http", "http-socket", "https", "http11-socket"} {
		if s, ok := sc.Settings[key]; ok && !dev {
			sc.Strength, sc.Line = StrengthMedium, s.Line
			break
		}
	}
	d.ServerConfigs = append(d.ServerConfigs, sc)
}

// readIni reads the `key = value` lines of one section of an ini file (of
// the whole file when it has no section headers). The first value of a
// repeated key is kept.
func readIni(src []byte, section string) map[string]ServerSetting {
	out := map[string]ServerSetting{}
	current := ""
	hasSections := bytes.Contains(src, []byte("\n[")) || bytes.HasPrefix(src, []byte("["))
	for i, raw := range strings.Split(string(src), "\n") {
		line := strings.TrimSpace(raw)
		switch {
		case line == "" || line[0] == '#' || line[0] == ';':
			continue
		case line[0] == '[':
			current = strings.Trim(line, "[] ")
			continue
		}
		key, value, ok := strings.Cut(line, "=")
		if !ok || (hasSections && current != section) {
			continue
		}
		key = strings.TrimSpace(key)
		if _, seen := out[key]; !seen {
			out[key] = ServerSetting{Value: strings.TrimSpace(value), Line: i + 1}
		}
	}
	return out
}

// Patterns that recognise platform files by their content.
var (
	appEngineRE = regexp.MustCompile(`(?m)^runtime:\s*["']?python`)
	ingressRE   = regexp.MustCompile(`(?m)^kind:\s*Ingress\s*$`)
	herokuAppRE = regexp.MustCompile(`"(buildpacks|formation|addons|stack)"\s*:`)
)

// readMarker recognises the files that name a hosting platform, and
// Kubernetes Ingress manifests.
func (d *Deployment) readMarker(o *parser.OtherFile, base string) {
	switch {
	case base == "app.json" && herokuAppRE.Match(o.Src) && !bytes.Contains(o.Src, []byte(`"expo"`)):
		d.addPlatform(o, "heroku", base, "Heroku app.json", 1)
	case base == "heroku.yml":
		d.addPlatform(o, "heroku", base, "Heroku heroku.yml", 1)
	case base == "runtime.txt":
		d.addPlatform(o, "heroku", base, "Heroku runtime.txt", 1)
	case base == "fly.toml":
		d.addPlatform(o, "fly.io", base, "fly.io fly.toml", 1)
	case base == "render.yaml":
		d.addPlatform(o, "render", base, "Render render.yaml", 1)
	case base == "app.yaml" && appEngineRE.Match(o.Src):
		line := lineAt(o.Src, appEngineRE.FindIndex(o.Src)[0])
		d.addPlatform(o, "app-engine", base, "App Engine app.yaml", line)
	case (path.Ext(base) == ".yml" || path.Ext(base) == ".yaml") && ingressRE.Match(o.Src):
		d.addIngress(o)
	}
}

// addPlatform records a platform. Its router is a proxy in front of every
// request, so the marker is strong evidence, except runtime.txt, which only
// pins a Python version and becomes strong in settleHeroku when a Procfile
// web process goes with it.
func (d *Deployment) addPlatform(o *parser.OtherFile, name, marker, desc string, line int) {
	pl := &Platform{Name: name, Marker: marker}
	pl.Evidence = Evidence{Kind: KindPlatform, File: o, Line: line, Desc: desc,
		Dev: isDevPath(o.Path)}
	if marker != "runtime.txt" && !pl.Dev {
		pl.Strength = StrengthStrong
	}
	d.Platforms = append(d.Platforms, pl)
}

// addIngress records a Kubernetes Ingress, served by an ingress controller
// that proxies over HTTP. A Helm template is only medium evidence: `helm
// create` scaffolds an ingress that stays disabled unless values enable it.
func (d *Deployment) addIngress(o *parser.OtherFile) {
	px := &Proxy{Software: "ingress", Protocol: "http"}
	px.Evidence = Evidence{Kind: KindProxy, File: o, Dev: isDevPath(o.Path),
		Line: lineAt(o.Src, ingressRE.FindIndex(o.Src)[0]),
		Desc: "Kubernetes Ingress in " + o.Path}
	switch {
	case px.Dev:
	case bytes.Contains(o.Src, []byte("{{")):
		px.Strength = StrengthMedium
	default:
		px.Strength = StrengthStrong
	}
	d.Proxies = append(d.Proxies, px)
}

// lineAt is the 1-based line of a byte offset.
func lineAt(src []byte, offset int) int {
	return 1 + bytes.Count(src[:min(offset, len(src))], []byte("\n"))
}

// readGunicornConfigs records the gunicorn configuration modules: a Python
// file named gunicorn*.py (gunicorn.conf.py is what gunicorn loads by
// default) or one a gunicorn command names with -c.
func (d *Deployment) readGunicornConfigs(files []*parser.File) {
	named := d.gunicornConfigNames()
	for _, f := range files {
		if len(f.Nodes) == 0 || !isGunicornConfig(f.Path, named) {
			continue
		}
		dev := isDevPath(f.Path)
		sc := &ServerConfig{Server: deployfile.ServerGunicorn, Settings: pythonSettings(f)}
		sc.Evidence = Evidence{Kind: KindServerConfig, Python: f, Line: 1, Dev: dev,
			Desc: "gunicorn config " + f.Path}
		if !dev {
			sc.Strength = StrengthMedium
		}
		d.ServerConfigs = append(d.ServerConfigs, sc)
	}
}

// gunicornConfigNames returns the config files gunicorn commands name, as
// project-style paths: "./conf/gunicorn.py" and "python:conf.gunicorn" both
// become "conf/gunicorn.py".
func (d *Deployment) gunicornConfigNames() []string {
	var out []string
	for _, pr := range d.Processes {
		c := pr.Info.Config
		if pr.Info.Server != deployfile.ServerGunicorn || c == "" {
			continue
		}
		if mod, ok := strings.CutPrefix(c, "python:"); ok {
			c = strings.ReplaceAll(mod, ".", "/") + ".py"
		}
		out = append(out, strings.TrimPrefix(c, "./"))
	}
	return out
}

// isGunicornConfig reports whether a Python file is a gunicorn
// configuration module. A named config may be given as an absolute path
// inside the container (/app/conf/gunicorn.py), so it matches by suffix.
func isGunicornConfig(rel string, named []string) bool {
	base := path.Base(rel)
	if strings.HasPrefix(base, "gunicorn") {
		return true
	}
	return slices.ContainsFunc(named, func(c string) bool {
		return c == rel || strings.HasSuffix(c, "/"+rel)
	})
}

// pythonSettings reads the module-level `name = value` assignments of a
// Python configuration module.
func pythonSettings(f *parser.File) map[string]ServerSetting {
	out := map[string]ServerSetting{}
	for _, stmt := range topLevelStatements(f) {
		if !f.Is(stmt, "expression_statement") {
			continue
		}
		for _, a := range f.NamedChildren(stmt) {
			left := f.Field(a, "left")
			if !f.Is(a, "assignment") || !f.Is(left, "identifier") {
				continue
			}
			start, _ := f.Span(a)
			out[f.Text(left)] = ServerSetting{
				Value: f.Text(f.Field(a, "right")), Line: lineAt(f.Src, start),
			}
		}
	}
	return out
}

// collectNginxProxies records every proxy_pass and uwsgi_pass of the
// nginx files, ahead of the other proxies: the configuration is the most
// precise evidence there is. Upstream blocks are gathered from all files first, since
// nginx.conf often defines what a conf.d file passes to.
func (d *Deployment) collectNginxProxies() {
	upstreams := map[string][]string{}
	for _, nf := range d.Nginx {
		nf.Conf.Walk(func(dir *deployfile.Directive, _ []*deployfile.Directive) {
			if dir.Name != "upstream" || len(dir.Args) == 0 {
				return
			}
			for _, c := range dir.Children {
				if c.Name == "server" && len(c.Args) > 0 {
					upstreams[dir.Args[0]] = append(upstreams[dir.Args[0]], c.Args[0])
				}
			}
		})
	}
	var found []*Proxy
	for _, nf := range d.Nginx {
		nf.Conf.Walk(func(dir *deployfile.Directive, parents []*deployfile.Directive) {
			if px := nginxProxy(nf, dir, parents, upstreams); px != nil {
				found = append(found, px)
			}
		})
	}
	d.Proxies = append(found, d.Proxies...)
}

// nginxProxy describes a proxy_pass or uwsgi_pass directive, or returns
// nil for any other directive.
func nginxProxy(nf *NginxFile, dir *deployfile.Directive, parents []*deployfile.Directive,
	upstreams map[string][]string) *Proxy {
	protocol := map[string]string{"proxy_pass": "http", "uwsgi_pass": "uwsgi"}[dir.Name]
	if protocol == "" || len(dir.Args) == 0 {
		return nil
	}
	px := &Proxy{Software: "nginx", Protocol: protocol, Upstream: dir.Args[0]}
	px.Evidence = Evidence{Kind: KindProxy, File: nf.File, Line: dir.Line, Dev: nf.Dev,
		Desc: fmt.Sprintf("nginx %s in %s", dir.Name, nf.File.Path)}
	px.Local = upstreamIsLocal(px.Upstream, upstreams)
	if protocol == "http" {
		px.SetsProto, px.SetsFor, px.HeadersKnown = nginxForwardedHeaders(nf.Conf, parents)
		if !nf.Dev {
			px.Strength = StrengthStrong
		}
	}
	return px
}

// nginxForwardedHeaders reports which forwarded headers reach the app from
// a proxy_pass with the given enclosing blocks. nginx inherits
// proxy_set_header from an outer block only when the inner block sets
// none, so the innermost level that sets any decides. Debian's
// `include proxy_params` sets both; another included file hides what it
// sets.
func nginxForwardedHeaders(conf *deployfile.NginxConf,
	parents []*deployfile.Directive) (proto, forFor, known bool) {
	levels := [][]*deployfile.Directive{conf.Directives}
	for _, p := range parents {
		levels = append(levels, p.Children)
	}
	for i := len(levels) - 1; i >= 0; i-- {
		proto, forFor, known, found := headersAtLevel(levels[i])
		if found {
			return proto, forFor, known
		}
	}
	return false, false, true
}

// headersAtLevel reads the header-setting directives of one block.
func headersAtLevel(level []*deployfile.Directive) (proto, forFor, known, found bool) {
	known = true
	for _, dir := range level {
		switch {
		case dir.Name == "proxy_set_header" && len(dir.Args) > 0:
			found = true
			proto = proto || strings.EqualFold(dir.Args[0], "X-Forwarded-Proto")
			forFor = forFor || strings.EqualFold(dir.Args[0], "X-Forwarded-For")
		case dir.Name == "include" && len(dir.Args) > 0 && path.Base(dir.Args[0]) == "proxy_params":
			found, proto, forFor = true, true, true
		case dir.Name == "include" && len(dir.Args) > 0 && strings.Contains(dir.Args[0], "proxy"):
			found, known = true, false
		}
	}
	return proto, forFor, known, found
}

// upstreamIsLocal reports whether a pass target is on the same machine:
// localhost, a loopback address, a unix socket, or an upstream block whose
// servers all are.
func upstreamIsLocal(target string, upstreams map[string][]string) bool {
	host := upstreamHost(target)
	if servers, ok := upstreams[host]; ok {
		for _, s := range servers {
			if !isLocalHost(upstreamHost(s)) {
				return false
			}
		}
		return len(servers) > 0
	}
	return isLocalHost(host)
}

// upstreamHost returns the host part of a pass target or upstream server:
// "unix" for a unix socket.
func upstreamHost(target string) string {
	t := target
	for _, scheme := range []string{"http://", "https://", "uwsgi://"} {
		t = strings.TrimPrefix(t, scheme)
	}
	if strings.HasPrefix(t, "unix:") {
		return "unix"
	}
	if strings.HasPrefix(t, "[") {
		if end := strings.IndexByte(t, ']'); end > 0 {
			return t[:end+1]
		}
	}
	host, _, _ := strings.Cut(t, "/")
	host, _, _ = strings.Cut(host, ":")
	return strings.ToLower(host)
}

// isLocalHost reports whether a host names this machine.
func isLocalHost(host string) bool {
	switch host {
	case "unix", "localhost", "127.0.0.1", "[::1]":
		return true
	}
	return false
}

// settleComposeProxies demotes compose nginx services when the
// repository's nginx configuration shows they only speak uwsgi to the app
// (uwsgi_pass and no proxy_pass).
func (d *Deployment) settleComposeProxies() {
	var http, uwsgi bool
	for _, px := range d.Proxies {
		if px.Software == "nginx" && px.File != nil && path.Ext(px.File.Path) == ".conf" {
			http = http || px.Protocol == "http"
			uwsgi = uwsgi || px.Protocol == "uwsgi"
		}
	}
	if http || !uwsgi {
		return
	}
	for _, px := range d.Proxies {
		if px.Software == "nginx" && px.Protocol == "http" && isComposeName(path.Base(px.Path())) {
			px.Protocol, px.Strength = "uwsgi", StrengthNone
		}
	}
}

// settleHeroku makes runtime.txt strong evidence when a Procfile web
// process goes with it: together they are a Heroku-style app, even when
// the web process runs a development server.
func (d *Deployment) settleHeroku() {
	web := slices.ContainsFunc(d.Processes, func(p *Process) bool {
		return p.Origin == "Procfile" && p.Name == "web" && !p.Dev
	})
	for _, pl := range d.Platforms {
		if pl.Marker == "runtime.txt" && web && !pl.Dev {
			pl.Strength = StrengthStrong
			pl.Desc = "Heroku runtime.txt and Procfile"
		}
	}
}

// ProxySignals returns the evidence that the app runs behind a reverse
// proxy that speaks HTTP to it, strongest first, then proxies, platforms,
// processes and server configs, each in path order.
func (d *Deployment) ProxySignals() []*Evidence {
	var out []*Evidence
	add := func(e *Evidence) {
		if e.Strength > StrengthNone {
			out = append(out, e)
		}
	}
	for _, px := range d.Proxies {
		add(&px.Evidence)
	}
	for _, pl := range d.Platforms {
		add(&pl.Evidence)
	}
	for _, pr := range d.Processes {
		add(&pr.Evidence)
	}
	for _, sc := range d.ServerConfigs {
		add(&sc.Evidence)
	}
	slices.SortStableFunc(out, func(a, b *Evidence) int {
		return cmp.Compare(b.Strength, a.Strength)
	})
	return out
}

// BehindProxy reports whether the project is deployed behind a reverse
// proxy that speaks HTTP to the app, and returns the strongest evidence.
// Strong and medium evidence count (see Strength); a project whose only
// server is `flask run` or `python app.py`, or whose nginx speaks uwsgi
// to uwsgi, is not behind such a proxy.
func (d *Deployment) BehindProxy() (*Evidence, bool) {
	signals := d.ProxySignals()
	if len(signals) == 0 {
		return nil, false
	}
	return signals[0], true
}

// HTTPProxies returns the proxies configured in the repository that speak
// HTTP to the app and are not development setups.
func (d *Deployment) HTTPProxies() []*Proxy {
	var out []*Proxy
	for _, px := range d.Proxies {
		if px.Protocol == "http" && px.Strength > StrengthNone {
			out = append(out, px)
		}
	}
	return out
}

// ProductionProcesses returns the processes that run a production server
// from a non-development file.
func (d *Deployment) ProductionProcesses() []*Process {
	var out []*Process
	for _, pr := range d.Processes {
		if pr.ProductionServer() && !pr.Dev && (pr.Origin != "Procfile" || pr.Name == "web") {
			out = append(out, pr)
		}
	}
	return out
}

// ForwardedByServer returns evidence that the WSGI server itself applies
// the proxy's forwarded headers, so the environ is right without a
// middleware: scheme when gunicorn trusts X-Forwarded-Proto from the
// proxy, address when the server takes the client's address from the
// proxy (gunicorn's PROXY protocol). waitress with trusted_proxy does
// both.
func (d *Deployment) ForwardedByServer() (scheme, addr *Evidence) {
	scheme = d.gunicornTrustsProto()
	addr = d.gunicornProxyProtocol()
	for _, pr := range d.ProductionProcesses() {
		if pr.Info.Server == deployfile.ServerWaitress && pr.Info.HasFlag("--trusted-proxy") {
			scheme, addr = cmp.Or(scheme, &pr.Evidence), cmp.Or(addr, &pr.Evidence)
		}
	}
	return scheme, addr
}

// gunicornTrustsProto returns evidence that gunicorn sets wsgi.url_scheme
// from X-Forwarded-Proto. Gunicorn does so for peers in
// forwarded_allow_ips, which defaults to the loopback address, and for
// unix socket peers; Heroku's and Dokku's Python buildpack sets
// FORWARDED_ALLOW_IPS='*' for Procfile apps.
func (d *Deployment) gunicornTrustsProto() *Evidence {
	for _, sc := range d.ServerConfigs {
		if _, ok := sc.Settings["forwarded_allow_ips"]; ok && sc.Server == "gunicorn" && !sc.Dev {
			return &sc.Evidence
		}
	}
	if ev := d.forwardedAllowIPsEnv(); ev != nil {
		return ev
	}
	gunicorn := d.gunicornEvidence()
	for _, pr := range d.ProductionProcesses() {
		if pr.Info.Server != deployfile.ServerGunicorn {
			continue
		}
		if pr.Info.HasFlag("--forwarded-allow-ips") ||
			(pr.Origin == "Procfile" && !d.hasMarker("heroku.yml")) {
			return &pr.Evidence
		}
	}
	if gunicorn != nil && d.onlyLocalProxies() {
		return gunicorn
	}
	return nil
}

// gunicornEvidence returns the first non-development gunicorn process or
// configuration, or nil when the project does not use gunicorn.
func (d *Deployment) gunicornEvidence() *Evidence {
	for _, pr := range d.ProductionProcesses() {
		if pr.Info.Server == deployfile.ServerGunicorn {
			return &pr.Evidence
		}
	}
	for _, sc := range d.ServerConfigs {
		if sc.Server == deployfile.ServerGunicorn && !sc.Dev {
			return &sc.Evidence
		}
	}
	return nil
}

// forwardedAllowIPsEnv finds FORWARDED_ALLOW_IPS, or GUNICORN_CMD_ARGS
// with --forwarded-allow-ips, in the final stage of a Dockerfile, the
// environment of a compose service, or a dotenv file that is not for
// development, tests or documentation.
func (d *Deployment) forwardedAllowIPsEnv() *Evidence {
	for _, df := range d.Dockerfiles {
		if v, ok := trustsForwarded(finalStageEnv(df.Docker)); ok && !df.Dev {
			return envEvidence(df.File, v)
		}
	}
	for _, cf := range d.Compose {
		for _, s := range cf.Compose.Services {
			if v, ok := trustsForwarded(s.Environment); ok && !cf.Dev {
				return envEvidence(cf.File, v)
			}
		}
	}
	for _, ef := range d.EnvFiles {
		if ef.Example || ef.Environment == EnvDevelopment || ef.Environment == EnvTesting {
			continue
		}
		if v, ok := trustsForwarded(ef.Env.Entries); ok {
			return envEvidence(ef.File, v)
		}
	}
	return nil
}

// envEvidence describes an environment variable set in a deployment file.
func envEvidence(o *parser.OtherFile, v deployfile.Var) *Evidence {
	return &Evidence{Kind: KindServerConfig, File: o, Line: v.Line,
		Desc: v.Key + " in " + o.Path}
}

// trustsForwarded finds the variable that sets gunicorn's
// forwarded_allow_ips.
func trustsForwarded(vars []deployfile.Var) (deployfile.Var, bool) {
	for _, v := range vars {
		if v.Key == "FORWARDED_ALLOW_IPS" ||
			(v.Key == "GUNICORN_CMD_ARGS" && strings.Contains(v.Value, "--forwarded-allow-ips")) {
			return v, true
		}
	}
	return deployfile.Var{}, false
}

// gunicornProxyProtocol returns evidence that gunicorn reads the client's
// address from the PROXY protocol header.
func (d *Deployment) gunicornProxyProtocol() *Evidence {
	for _, sc := range d.ServerConfigs {
		if s, ok := sc.Settings["proxy_protocol"]; ok && s.Value == "True" && !sc.Dev {
			return &sc.Evidence
		}
	}
	for _, pr := range d.ProductionProcesses() {
		if pr.Info.Server == deployfile.ServerGunicorn && pr.Info.HasFlag("--proxy-protocol") {
			return &pr.Evidence
		}
	}
	return nil
}

// onlyLocalProxies reports whether every proxy in front of the app is an
// nginx on the same machine: no platform router, no proxy container.
func (d *Deployment) onlyLocalProxies() bool {
	proxies := d.HTTPProxies()
	for _, px := range proxies {
		if px.Software != "nginx" || !px.Local {
			return false
		}
	}
	for _, pl := range d.Platforms {
		if pl.Strength > StrengthNone {
			return false
		}
	}
	return len(proxies) > 0
}

// hasMarker reports whether a platform marker file of this name was found.
func (d *Deployment) hasMarker(marker string) bool {
	return slices.ContainsFunc(d.Platforms, func(p *Platform) bool { return p.Marker == marker })
}
