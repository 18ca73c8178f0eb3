package deployfile

import (
	"bytes"
	"regexp"
	"strings"
)

// Requirements is a parsed pip requirements file.
type Requirements struct {
	Path     string
	Packages []Requirement
	// Includes are the files named by -r and -c, which a caller may want to
	// read too.
	Includes []Item
}

// Requirement is one package line.
type Requirement struct {
	// Name is normalised as pip compares names: lower case, with runs of
	// "-", "_" and "." turned into one "-" ("Flask_SQLAlchemy" becomes
	// "flask-sqlalchemy").
	Name   string
	Extras []string // "[async,dotenv]", as written
	Spec   string   // version specifier without blanks: ">=2.0,<3"
	URL    string   // for "name @ url"
	Marker string   // environment marker after ";"
	Raw    string   // the requirement as written, comment removed
	Line   int
	Offset int
}

// Lookup returns the requirement for a package name in any spelling.
func (r *Requirements) Lookup(name string) *Requirement {
	name = NormalizePackage(name)
	for i := range r.Packages {
		if r.Packages[i].Name == name {
			return &r.Packages[i]
		}
	}
	return nil
}

// NormalizePackage normalises a distribution name as pip compares them
// (PEP 503): lower case, each run of "-", "_" and "." made one "-".
func NormalizePackage(name string) string {
	var b strings.Builder
	b.Grow(len(name))
	sep := false
	for i := range len(name) {
		c := name[i]
		if c == '-' || c == '_' || c == '.' {
			sep = true
			continue
		}
		if sep {
			b.WriteByte('-')
			sep = false
		}
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		b.WriteByte(c)
	}
	if sep {
		b.WriteByte('-')
	}
	return b.String()
}

// eggRe finds the project name a URL requirement declares.
var eggRe = regexp.MustCompile(`#egg=([A-Za-z0-9][A-Za-z0-9._-]*)`)

// ParseRequirements reads a requirements file. Options (-r, -c, -e,
// --index-url, ...) are not packages: -r and -c are kept as Includes, the
// rest are skipped, and so are comments and bare paths.
func ParseRequirements(path string, src []byte) (*Requirements, error) {
	rf := &Requirements{Path: path}
	if err := checkBinary(path, src); err != nil {
		return rf, err
	}

	errs := errList{path: path}
	for _, ll := range joinContinuations(splitLines(src)) {
		ll.start += len(ll.text) - len(strings.TrimLeft(ll.text, " \t"))
		text := strings.TrimSpace(stripReqComment(ll.text))
		switch {
		case text == "":
		case strings.HasPrefix(text, "-"):
			rf.includeOption(text, ll)
		default:
			req, ok := parseRequirement(text, ll)
			if !ok {
				errs.addf(ll.num, "cannot read requirement %q", text)
				continue
			}
			if req.Name != "" {
				rf.Packages = append(rf.Packages, req)
			}
		}
	}
	return rf, errs.err()
}

// logicalReq is a requirements line with its continuations joined.
type logicalReq struct {
	num   int
	start int
	text  string
}

// joinContinuations joins lines that end in a backslash, as pip does.
func joinContinuations(lines []physLine) []logicalReq {
	var out []logicalReq
	var buf strings.Builder
	first := -1
	for i, ln := range lines {
		if first < 0 {
			first = i
		}
		body, more := bytes.CutSuffix(ln.text, []byte("\\"))
		buf.Write(body)
		if more && i+1 < len(lines) {
			continue
		}
		start := lines[first]
		out = append(out, logicalReq{num: start.num, start: start.start, text: buf.String()})
		buf.Reset()
		first = -1
	}
	return out
}

// stripReqComment removes a # comment that starts a line or follows a
// blank; a # inside a URL (#egg=) is not a comment.
func stripReqComment(s string) string {
	for i := range len(s) {
		if s[i] == '#' && (i == 0 || isSpace(s[i-1])) {
			return s[:i]
		}
	}
	return s
}

// includeOption records -r and -c files.
func (r *Requirements) includeOption(text string, ll logicalReq) {
	for _, opt := range []string{"--requirement", "--constraint", "-r", "-c"} {
		rest, ok := strings.CutPrefix(text, opt)
		if !ok {
			continue
		}
		file := strings.TrimSpace(strings.TrimPrefix(rest, "="))
		if file != "" {
			r.Includes = append(r.Includes, Item{Text: file, Line: ll.num, Offset: ll.start})
		}
		return
	}
}

// optionRe matches per-requirement options such as --hash=sha256:...
var optionRe = regexp.MustCompile(`\s--?[A-Za-z]`)

// parseRequirement reads one requirement. A bare path or URL without
// #egg= yields a Requirement with no name, which the caller drops; false
// means the text could not be read at all.
func parseRequirement(text string, ll logicalReq) (Requirement, bool) {
	req := Requirement{Line: ll.num, Offset: ll.start, Raw: text}
	if loc := optionRe.FindStringIndex(text); loc != nil {
		text = strings.TrimSpace(text[:loc[0]])
	}

	text, req.Marker = cutMarker(text)
	name, extras, rest, ok := splitRequirement(text)
	if ok && strings.HasPrefix(rest, "@") {
		req.Name, req.Extras = NormalizePackage(name), splitExtras(extras)
		req.URL = strings.TrimSpace(rest[1:])
		return req, true
	}
	if isPathOrURL(text) {
		if egg := eggRe.FindStringSubmatch(text); egg != nil {
			req.Name, req.URL = NormalizePackage(egg[1]), text
		}
		return req, true
	}
	if !ok {
		return req, false
	}

	req.Name, req.Extras = NormalizePackage(name), splitExtras(extras)
	req.Spec = strings.Join(strings.Fields(strings.Trim(rest, "()")), "")
	return req, validSpec(req.Spec)
}

// splitRequirement cuts "name[extras] rest" into its parts. A name starts
// and ends with a letter or digit and may hold "-", "_" and "." between.
func splitRequirement(text string) (name, extras, rest string, ok bool) {
	n := nameLen([]byte(text), "-_.")
	name = strings.TrimRight(text[:n], "-_.")
	if name == "" {
		return "", "", "", false
	}
	rest = strings.TrimSpace(text[len(name):])
	if inner, ok := strings.CutPrefix(rest, "["); ok {
		var closed bool
		extras, rest, closed = strings.Cut(inner, "]")
		if !closed {
			return "", "", "", false
		}
	}
	return name, extras, strings.TrimSpace(rest), true
}

// isPathOrURL reports whether a line names a local path or an archive URL
// rather than a package.
func isPathOrURL(text string) bool {
	return strings.Contains(text, "://") || strings.HasPrefix(text, ".") ||
		strings.HasPrefix(text, "/") || strings.HasPrefix(text, "~")
}

// cutMarker splits off an environment marker.
func cutMarker(text string) (string, string) {
	req, marker, ok := strings.Cut(text, ";")
	if !ok {
		return text, ""
	}
	return strings.TrimSpace(req), strings.TrimSpace(marker)
}

// splitExtras splits the text between brackets.
func splitExtras(s string) []string {
	var out []string
	for _, e := range strings.Split(s, ",") {
		if e = strings.TrimSpace(e); e != "" {
			out = append(out, e)
		}
	}
	return out
}

// specRe matches a list of version clauses such as ">=2.0,<3,!=2.1.*".
var specRe = regexp.MustCompile(`^((===|==|!=|~=|<=|>=|<|>)[A-Za-z0-9.*+!_-]+)` +
	`(,(===|==|!=|~=|<=|>=|<|>)[A-Za-z0-9.*+!_-]+)*$`)

// validSpec reports whether a specifier (blanks removed) is empty or well
// formed.
func validSpec(spec string) bool {
	return spec == "" || specRe.MatchString(spec)
}
