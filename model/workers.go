package model

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/flasklint/flasklint/parser"
	"github.com/flasklint/flasklint/parser/deployfile"
)

// WorkerCount says that production runs the app in several worker
// processes, which share no memory: anything an extension keeps in
// process memory (rate-limit counters, a simple cache) exists once per
// worker.
type WorkerCount struct {
	Evidence
	// N is the number of worker processes, or 0 when it is more than one
	// but not a literal, such as `multiprocessing.cpu_count() * 2 + 1`.
	N int
	// Setting is the setting as written: "-w 4", "workers = 4",
	// "WEB_CONCURRENCY=3".
	Setting string
}

// String describes the count for messages: "4 workers", "several workers".
func (w *WorkerCount) String() string {
	if w.N == 0 {
		return "several workers"
	}
	return fmt.Sprintf("%d workers", w.N)
}

// MultipleWorkers returns the first production server the repository runs
// with more than one worker process: a command's -w/--workers/--processes
// option (a $VAR in it is looked up in the environment the files give), a
// gunicorn config module's `workers`, a uwsgi ini's `processes` or
// `workers`, or WEB_CONCURRENCY, which gunicorn and uvicorn read when no
// count is given. Development files and one-off processes do not count.
func (d *Deployment) MultipleWorkers() (*WorkerCount, bool) {
	for _, pr := range d.ProductionProcesses() {
		if w, explicit := d.processWorkers(pr); w != nil {
			return w, true
		} else if explicit {
			continue // the command's own count wins over config and environment
		}
		if w := d.webConcurrency(pr); w != nil {
			return w, true
		}
	}
	for _, sc := range d.ServerConfigs {
		if w := configWorkers(sc); w != nil && !sc.Dev {
			return w, true
		}
	}
	return nil, false
}

// processWorkers reads a command's worker option. explicit is true when
// the command gives a count, even a count of one.
func (d *Deployment) processWorkers(pr *Process) (w *WorkerCount, explicit bool) {
	if pr.Info.Workers == "" {
		return nil, false
	}
	n, several := workerNumber(d.expandVar(pr, pr.Info.Workers))
	if n < 2 && !several {
		return nil, true
	}
	return &WorkerCount{Evidence: pr.Evidence, N: n, Setting: "workers " + pr.Info.Workers}, true
}

// webConcurrency finds WEB_CONCURRENCY for a gunicorn or uvicorn process.
func (d *Deployment) webConcurrency(pr *Process) *WorkerCount {
	if pr.Info.Server != deployfile.ServerGunicorn && pr.Info.Server != deployfile.ServerUvicorn {
		return nil
	}
	for _, v := range d.productionEnv(pr) {
		if v.Var.Key != "WEB_CONCURRENCY" || !v.Var.HasValue {
			continue
		}
		if n, several := workerNumber(v.Var.Value); n > 1 || several {
			ev := *envEvidence(v.File, v.Var)
			return &WorkerCount{Evidence: ev, N: n, Setting: "WEB_CONCURRENCY=" + v.Var.Value}
		}
	}
	return nil
}

// configWorkers reads the worker count of a server configuration file.
func configWorkers(sc *ServerConfig) *WorkerCount {
	keys := []string{"workers"}
	if sc.Server == deployfile.ServerUWSGI {
		keys = []string{"processes", "workers", "p"}
	}
	for _, k := range keys {
		s, ok := sc.Settings[k]
		if !ok {
			continue
		}
		if n, several := workerNumber(s.Value); n > 1 || several {
			ev := sc.Evidence
			ev.Line = s.Line
			return &WorkerCount{Evidence: ev, N: n, Setting: k + " = " + s.Value}
		}
	}
	return nil
}

// fileVar is an environment variable set in a deployment file.
type fileVar struct {
	File *parser.OtherFile
	Var  deployfile.Var
}

// productionEnv lists the variables a production process sees from the
// repository: its own (Dockerfile ENV, compose environment), then dotenv
// files that are not for development, tests or documentation.
func (d *Deployment) productionEnv(pr *Process) []fileVar {
	var out []fileVar
	for _, v := range pr.Env {
		out = append(out, fileVar{File: pr.File, Var: v})
	}
	for _, ef := range d.EnvFiles {
		if ef.Example || !ef.Environment.ReachesProduction() {
			continue
		}
		for _, v := range ef.Env.Entries {
			out = append(out, fileVar{File: ef.File, Var: v})
		}
	}
	return out
}

// shellVarRE matches `$NAME`, `${NAME}` and `${NAME:-default}`.
var shellVarRE = regexp.MustCompile(`^\$\{?(\w+)(?::?-([^}]*))?\}?$`)

// expandVar replaces a lone shell variable by its value in the process's
// environment, or by its default; other text is returned as written.
func (d *Deployment) expandVar(pr *Process, s string) string {
	m := shellVarRE.FindStringSubmatch(s)
	if m == nil {
		return s
	}
	for _, v := range d.productionEnv(pr) {
		if v.Var.Key == m[1] && v.Var.HasValue {
			return v.Var.Value
		}
	}
	return m[2]
}

// envDefaultRE finds the default of an environment lookup in a Python
// expression: `os.environ.get("WORKERS", "4")`, `getenv("WORKERS", 4)`.
var envDefaultRE = regexp.MustCompile(`(?:get|getenv)\(\s*["']\w+["']\s*,\s*["']?(\d+)["']?\s*\)`)

// workerNumber reads a worker count as written: a number, a Python
// expression from the CPU count (several), or an environment lookup with
// a numeric default (the default: production may set the variable, but
// the file says nothing more).
func workerNumber(s string) (n int, several bool) {
	s = strings.Trim(strings.TrimSpace(s), `"'`)
	if n, err := strconv.Atoi(s); err == nil {
		return n, false
	}
	if strings.Contains(s, "cpu_count") {
		return 0, true
	}
	if m := envDefaultRE.FindStringSubmatch(s); m != nil {
		n, _ := strconv.Atoi(m[1])
		return n, false
	}
	return 0, false
}
