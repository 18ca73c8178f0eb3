package deployfile

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// Compose is a parsed docker-compose file.
type Compose struct {
	Path     string
	Services []Service // in file order
}

// Service is one entry under `services:`.
type Service struct {
	Name        string
	Line        int
	Offset      int
	Image       Item // Line is 0 when the service has no image
	Build       *Build
	Command     *Command // nil when the service keeps the image's CMD
	Entrypoint  *Command
	Environment []Var
	EnvFiles    []Item
	Ports       []Item // short syntax as written; long syntax as [ip:]published:target[/proto]
}

// Build is a service's build section.
type Build struct {
	Context    Item
	Dockerfile Item
	Args       []Var
	Line       int
	Offset     int
}

// Service returns the service with the given name, or nil.
func (c *Compose) Service(name string) *Service {
	for i := range c.Services {
		if c.Services[i].Name == name {
			return &c.Services[i]
		}
	}
	return nil
}

// ParseCompose reads a docker-compose file. Only the first YAML document
// is read. Anchors, aliases and merge keys (<<: *defaults), common in
// compose files, are followed. When the YAML is broken part way, the
// services before the break are still returned. Lines are counted as YAML
// counts them, which also breaks a line at a lone carriage return.
func ParseCompose(path string, src []byte) (*Compose, error) {
	c := &Compose{Path: path}
	if err := checkBinary(path, src); err != nil {
		return c, err
	}

	p := composeParser{idx: newLineIndex(src), errs: errList{path: path}}
	doc := p.decode(src)
	if doc != nil {
		p.file(c, doc)
	}
	return c, p.errs.err()
}

// maxAliasDepth bounds how many aliases and merges are followed in a row.
const maxAliasDepth = 8

// maxMergedPairs bounds the keys that merges may bring in, so that nested
// merges of merges cannot blow up the way "billion laughs" documents do.
const maxMergedPairs = 10000

// composeParser holds the state of reading one compose file.
type composeParser struct {
	idx    *lineIndex
	errs   errList
	merged int // keys brought in by merges so far
}

// yamlLineRe finds the line yaml.v3 puts in its messages.
var yamlLineRe = regexp.MustCompile(`^yaml: line (\d+): `)

// decode parses the first document. On a syntax error it records the
// error and retries on the text before the bad line, so that a file broken
// at the end still yields its first services.
func (p *composeParser) decode(src []byte) *yaml.Node {
	doc, err := decodeFirst(src)
	if err == nil {
		return doc
	}

	msg := err.Error()
	line := 0
	if m := yamlLineRe.FindStringSubmatch(msg); m != nil {
		line, _ = strconv.Atoi(m[1])
		msg = msg[len(m[0]):]
	}
	p.errs.addf(line, "%s", strings.TrimPrefix(msg, "yaml: "))
	if line < 2 || line > len(p.idx.starts) {
		return nil
	}
	doc, err = decodeFirst(src[:p.idx.starts[line-1]])
	if err != nil {
		return nil
	}
	return doc
}

// decodeFirst decodes the first YAML document of src into a node tree. The
// recover is a last line of defence: a bug in the YAML library must cost
// one file, not the whole run.
func decodeFirst(src []byte) (doc *yaml.Node, err error) {
	defer func() {
		if r := recover(); r != nil {
			doc, err = nil, fmt.Errorf("yaml: parser failed: %v", r)
		}
	}()

	var n yaml.Node
	err = yaml.NewDecoder(bytes.NewReader(src)).Decode(&n)
	if errors.Is(err, io.EOF) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return &n, nil
}

// pos returns a node's line and byte offset.
func (p *composeParser) pos(n *yaml.Node) (int, int) {
	return n.Line, p.idx.offset(n.Line, n.Column)
}

// item turns a scalar node into an Item.
func (p *composeParser) item(n *yaml.Node) Item {
	line, off := p.pos(n)
	return Item{Text: n.Value, Line: line, Offset: off}
}

// file reads the top level of the document.
func (p *composeParser) file(c *Compose, doc *yaml.Node) {
	root := doc
	if root.Kind == yaml.DocumentNode {
		if len(root.Content) == 0 {
			return
		}
		root = root.Content[0]
	}
	root = deref(root)
	if root.Kind != yaml.MappingNode {
		p.errs.addf(root.Line, "top level is not a mapping")
		return
	}

	for _, kv := range p.pairs(root, 0) {
		if kv.key.Value != "services" {
			continue
		}
		if v := deref(kv.value); v.Kind != yaml.MappingNode && !isNull(v) {
			p.errs.addf(v.Line, "services is not a mapping")
		}
		for _, svc := range p.pairs(kv.value, 0) {
			c.Services = append(c.Services, p.service(svc))
		}
		return
	}
	p.errs.addf(root.Line, "no services section")
}

// pair is one key and value of a mapping.
type pair struct {
	key, value *yaml.Node
}

// deref follows aliases to the node they stand for.
func deref(n *yaml.Node) *yaml.Node {
	for i := 0; i < maxAliasDepth && n != nil && n.Kind == yaml.AliasNode; i++ {
		n = n.Alias
	}
	if n == nil || n.Kind == yaml.AliasNode {
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!null"}
	}
	return n
}

// pairs lists the entries of a mapping with merge keys expanded: keys
// written in the mapping come first and win over merged ones, and among
// merged mappings the first listed wins, as the YAML merge rule says.
func (p *composeParser) pairs(n *yaml.Node, depth int) []pair {
	n = deref(n)
	if n.Kind != yaml.MappingNode {
		return nil
	}
	var own, merged []pair
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if k.ShortTag() != "!!merge" {
			own = append(own, pair{key: k, value: v})
			continue
		}
		merged = append(merged, p.mergeSources(k, v, depth)...)
	}
	return appendNew(own, merged)
}

// mergeSources expands the value of a merge key: one mapping or a list of
// them.
func (p *composeParser) mergeSources(k, v *yaml.Node, depth int) []pair {
	if depth >= maxAliasDepth || p.merged > maxMergedPairs {
		p.errs.addf(k.Line, "merge keys nested too deeply, not followed")
		return nil
	}
	v = deref(v)
	sources := []*yaml.Node{v}
	if v.Kind == yaml.SequenceNode {
		sources = v.Content
	}
	var out []pair
	for _, s := range sources {
		got := p.pairs(s, depth+1)
		p.merged += len(got)
		out = append(out, got...)
	}
	return out
}

// appendNew appends the pairs of extra whose keys are not yet in base.
func appendNew(base, extra []pair) []pair {
	seen := make(map[string]bool, len(base))
	for _, kv := range base {
		seen[kv.key.Value] = true
	}
	for _, kv := range extra {
		if !seen[kv.key.Value] {
			seen[kv.key.Value] = true
			base = append(base, kv)
		}
	}
	return base
}

// service reads one service.
func (p *composeParser) service(kv pair) Service {
	s := Service{Name: kv.key.Value}
	s.Line, s.Offset = p.pos(kv.key)
	for _, f := range p.pairs(kv.value, 0) {
		p.serviceField(&s, f.key.Value, deref(f.value))
	}
	return s
}

// serviceField reads the service keys this package knows; others are
// ignored.
func (p *composeParser) serviceField(s *Service, key string, v *yaml.Node) {
	switch key {
	case "image":
		s.Image = p.item(v)
	case "build":
		s.Build = p.build(v)
	case "command":
		s.Command = p.command(v)
	case "entrypoint":
		s.Entrypoint = p.command(v)
	case "environment":
		s.Environment = p.vars(v, "environment")
	case "env_file":
		s.EnvFiles = p.envFiles(v)
	case "ports":
		s.Ports = p.ports(v)
	}
}

// build reads `build: ./dir` or its long form.
func (p *composeParser) build(v *yaml.Node) *Build {
	b := &Build{}
	b.Line, b.Offset = p.pos(v)
	if v.Kind == yaml.ScalarNode {
		b.Context = p.item(v)
		return b
	}
	for _, f := range p.pairs(v, 0) {
		switch f.key.Value {
		case "context":
			b.Context = p.item(deref(f.value))
		case "dockerfile":
			b.Dockerfile = p.item(deref(f.value))
		case "args":
			b.Args = p.vars(deref(f.value), "build args")
		}
	}
	return b
}

// command reads a command or entrypoint: a string is split like a shell
// would, a list is taken as it is.
func (p *composeParser) command(v *yaml.Node) *Command {
	if isNull(v) {
		return nil
	}
	c := &Command{}
	c.Line, c.Offset = p.pos(v)
	switch v.Kind {
	case yaml.ScalarNode:
		c.Raw, c.Argv = v.Value, SplitCommand(v.Value)
	case yaml.SequenceNode:
		c.Exec = true
		for _, w := range v.Content {
			c.Argv = append(c.Argv, deref(w).Value)
		}
		c.Raw = strings.Join(c.Argv, " ")
	default:
		p.errs.addf(v.Line, "command is neither a string nor a list")
	}
	return c
}

// isNull reports whether a node is YAML null (`key:`, `~`, `null`).
func isNull(v *yaml.Node) bool {
	return v.Kind == yaml.ScalarNode && v.ShortTag() == "!!null"
}

// vars reads an environment-like section in either form: a mapping
// (KEY: value) or a list ("KEY=value", "KEY").
func (p *composeParser) vars(v *yaml.Node, what string) []Var {
	switch v.Kind {
	case yaml.MappingNode:
		return p.mapVars(v, what)
	case yaml.SequenceNode:
		return p.listVars(v)
	}
	if !isNull(v) {
		p.errs.addf(v.Line, "%s is neither a mapping nor a list", what)
	}
	return nil
}

// mapVars reads the mapping form; a null value means the key takes its
// value from the shell that runs compose.
func (p *composeParser) mapVars(v *yaml.Node, what string) []Var {
	var out []Var
	for _, kv := range p.pairs(v, 0) {
		val := deref(kv.value)
		line, off := p.pos(kv.key)
		e := Var{Key: kv.key.Value, Line: line, Offset: off}
		switch {
		case isNull(val):
		case val.Kind == yaml.ScalarNode:
			e.Value, e.HasValue = val.Value, true
		default:
			p.errs.addf(val.Line, "%s value for %s is not a scalar", what, e.Key)
		}
		out = append(out, e)
	}
	return out
}

// listVars reads the list form.
func (p *composeParser) listVars(v *yaml.Node) []Var {
	var out []Var
	for _, n := range v.Content {
		n = deref(n)
		if n.Kind != yaml.ScalarNode || isNull(n) {
			continue
		}
		line, off := p.pos(n)
		key, value, has := strings.Cut(n.Value, "=")
		out = append(out, Var{Key: key, Value: value, HasValue: has, Line: line, Offset: off})
	}
	return out
}

// envFiles reads env_file: one path, a list of paths, or a list of
// {path: ..., required: ...} mappings.
func (p *composeParser) envFiles(v *yaml.Node) []Item {
	if v.Kind == yaml.ScalarNode && !isNull(v) {
		return []Item{p.item(v)}
	}
	var out []Item
	for _, n := range v.Content {
		n = deref(n)
		if n.Kind == yaml.MappingNode {
			n = p.field(n, "path")
		}
		if n != nil && n.Kind == yaml.ScalarNode {
			out = append(out, p.item(n))
		}
	}
	return out
}

// field returns the value of key in a mapping, or nil.
func (p *composeParser) field(m *yaml.Node, key string) *yaml.Node {
	for _, kv := range p.pairs(m, 0) {
		if kv.key.Value == key {
			return deref(kv.value)
		}
	}
	return nil
}

// ports reads the ports list, short or long syntax.
func (p *composeParser) ports(v *yaml.Node) []Item {
	if v.Kind != yaml.SequenceNode {
		return nil
	}
	var out []Item
	for _, n := range v.Content {
		n = deref(n)
		switch n.Kind {
		case yaml.ScalarNode:
			out = append(out, p.item(n))
		case yaml.MappingNode:
			it := p.item(n)
			it.Text = p.longPort(n)
			out = append(out, it)
		}
	}
	return out
}

// longPort renders the long port syntax in the short syntax's shape.
func (p *composeParser) longPort(n *yaml.Node) string {
	get := func(key string) string {
		if v := p.field(n, key); v != nil && v.Kind == yaml.ScalarNode && !isNull(v) {
			return v.Value
		}
		return ""
	}
	s := get("target")
	if pub := get("published"); pub != "" {
		s = pub + ":" + s
	}
	if ip := get("host_ip"); ip != "" {
		s = ip + ":" + s
	}
	if proto := get("protocol"); proto != "" {
		s += "/" + proto
	}
	return s
}
