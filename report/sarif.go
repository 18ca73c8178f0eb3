package report

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/url"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/owenrumney/go-sarif/v3/pkg/report/v210/sarif"

	"github.com/flasklint/flasklint/lint"
)

// Constants of the SARIF output that consumers match on.
const (
	// sarifSchemaURI names the OASIS schema (2.1.0 with errata 01) that the
	// tests validate against, rather than go-sarif's default mirror.
	sarifSchemaURI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/" +
		"sarif-schema-2.1.0.json"
	toolName = "flasklint"
	toolURI  = "https://github.com/flasklint/flasklint"
	// srcRoot is the uriBaseId every artifact location is relative to, so
	// the log stays valid when the checkout moves (CI runners, containers).
	srcRoot = "%SRCROOT%"
	// automationID is "category/run-id" with an empty run id: code
	// scanning keys alerts by the category, so it must not vary by run.
	automationID = "flasklint/"
	// lineHashKey and issueKeyKey name the partial fingerprints. The first
	// is the one GitHub computes itself when it is missing.
	lineHashKey = "primaryLocationLineHash"
	issueKeyKey = "flasklintIssueKey/v1"
)

// writeSARIF renders one SARIF 2.1.0 run. go-sarif's constructors are used
// throughout because they fill in the spec's defaults (-1 for unset
// indexes and offsets, enabled rules); its plain struct literals would
// serialise zeros that mean "offset 0" or "artifact 0" instead. The
// defaults are then pruned from the output.
func writeSARIF(buf *bytes.Buffer, res *Result, _ Options) error {
	rules := sarifRuleSet(res)

	run := sarif.NewRunWithInformationURI(toolName, toolURI)
	if res.Version != "" {
		run.Tool.Driver.Version = new(res.Version)
	}
	run.ColumnKind = new("unicodeCodePoints") // lint.Position.Column counts code points
	run.AutomationDetails = &sarif.RunAutomationDetails{ID: new(automationID)}
	if err := setRoot(run, res.Root); err != nil {
		return err
	}

	for _, m := range rules.metas {
		run.Tool.Driver.Rules = append(run.Tool.Driver.Rules, sarifRule(m))
	}
	for i := range res.Findings {
		f := &res.Findings[i]
		run.Results = append(run.Results, sarifResult(f, rules.index[f.Rule.ID]))
	}

	log := sarif.NewReport()
	log.Schema = sarifSchemaURI
	log.AddRun(run)
	return encodePruned(buf, log)
}

// encodePruned writes log as indented JSON without the properties that
// go-sarif v3 spells out at their SARIF defaults. Readers should treat
// those as absent, but not all do: the VS Code SARIF viewer reads any
// byteOffset, -1 included, as a hex-editor position and loses the line.
func encodePruned(buf *bytes.Buffer, log *sarif.Report) error {
	raw, err := json.Marshal(log)
	if err != nil {
		return err
	}

	var doc any
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber() // keep numbers exactly as go-sarif wrote them
	if err := dec.Decode(&doc); err != nil {
		return err
	}

	// An Encoder rather than go-sarif's PrettyWrite: it adds the final
	// newline and leaves "<" and "&" in messages readable.
	enc := json.NewEncoder(buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(pruneDefaults(doc))
}

// keepEmpty names the arrays that mean something even when empty: a run's
// results (code scanning requires them to close alerts) and its rules.
var keepEmpty = map[string]bool{"results": true, "rules": true}

// pruneDefaults removes, depth first, every value equal to what SARIF
// assumes when the property is missing: -1, which is the default of every
// integer property that allows it (offsets, indexes, ids, rank), empty
// arrays, and empty property bags.
func pruneDefaults(v any) any {
	switch v := v.(type) {
	case map[string]any:
		for key, child := range v {
			child = pruneDefaults(child)
			if isDefault(key, child) {
				delete(v, key)
			} else {
				v[key] = child
			}
		}
	case []any:
		for i := range v {
			v[i] = pruneDefaults(v[i])
		}
	}
	return v
}

// isDefault reports whether the value under key is a SARIF default that
// pruneDefaults may drop.
func isDefault(key string, v any) bool {
	switch v := v.(type) {
	case json.Number:
		f, err := v.Float64() // rank is a number, so -1.0 counts too
		return err == nil && f == -1
	case []any:
		return len(v) == 0 && !keepEmpty[key]
	case map[string]any:
		return len(v) == 0 && key == "properties"
	}
	return false
}

// ruleSet is the tool.driver.rules array and each ID's index in it.
type ruleSet struct {
	metas []*lint.Meta
	index map[string]int
}

// sarifRuleSet lists the rules that ran, in the driver's order, then any
// rule that only a finding names, sorted by ID. That second group is how
// lint.ParseMeta gets in: it is described only when a file failed to
// parse, so a clean run does not advertise a pseudo-rule.
func sarifRuleSet(res *Result) ruleSet {
	used := map[string]bool{}
	for i := range res.Findings {
		used[res.Findings[i].Rule.ID] = true
	}

	set := ruleSet{index: map[string]int{}}
	add := func(m *lint.Meta) {
		if _, dup := set.index[m.ID]; dup {
			return
		}
		set.index[m.ID] = len(set.metas)
		set.metas = append(set.metas, m)
	}
	for _, m := range res.Rules {
		if m.ID != lint.ParseMeta.ID || used[m.ID] {
			add(m)
		}
	}

	var extra []*lint.Meta
	for i := range res.Findings {
		if m := res.Findings[i].Rule; !slices.Contains(extra, m) {
			extra = append(extra, m)
		}
	}
	slices.SortStableFunc(extra, func(a, b *lint.Meta) int { return strings.Compare(a.ID, b.ID) })
	for _, m := range extra {
		add(m)
	}
	return set
}

// setRoot declares %SRCROOT% as the analysis root, as a file URI ending
// in a slash, which SARIF requires for a base that others resolve against.
func setRoot(run *sarif.Run, root string) error {
	if root == "" {
		return nil // artifact URIs stay relative; consumers supply the base
	}
	abs, err := filepath.Abs(root)
	if err != nil {
		return fmt.Errorf("resolve root %s: %w", root, err)
	}

	p := filepath.ToSlash(abs)
	if !strings.HasPrefix(p, "/") {
		p = "/" + p // a Windows drive: file:///C:/src/
	}
	if !strings.HasSuffix(p, "/") {
		p += "/"
	}

	base := sarif.NewArtifactLocation()
	base.URI = new((&url.URL{Scheme: "file", Path: p}).String())
	run.OriginalUriBaseIds = map[string]sarif.ArtifactLocation{srcRoot: *base}
	return nil
}

// sarifRule describes one rule in tool.driver.rules.
func sarifRule(m *lint.Meta) *sarif.ReportingDescriptor {
	d := sarif.NewRule(m.ID)
	// The name is the readable alternative to the id: leave it out when
	// it is empty or merely repeats the id, which consumers reject.
	if m.Slug != "" && m.Slug != m.ID {
		d.Name = new(m.Slug)
	}
	d.ShortDescription = sarif.NewMultiformatMessageString().WithText(m.Title)
	d.FullDescription = sarif.NewMultiformatMessageString().WithText(m.Summary())
	help := m.Doc
	if help == "" {
		help = m.Summary()
	}
	d.WithMarkdownHelp(help)
	d.HelpURI = new(m.HelpURI())

	cfg := sarif.NewReportingConfiguration()
	cfg.Level = m.Severity.String()
	d.DefaultConfiguration = cfg

	d.Properties = ruleProperties(m)
	return d
}

// ruleProperties carries what GitHub code scanning reads from a rule's
// property bag: tags (with the CWE tags it links), precision and, for
// security rules, the score it buckets alerts by.
func ruleProperties(m *lint.Meta) *sarif.PropertyBag {
	bag := sarif.NewPropertyBag()
	bag.Tags = ruleTags(m)
	bag.Properties["precision"] = m.Confidence.SARIFPrecision()
	if m.SecuritySeverity > 0 {
		// A string, not a number: that is the type code scanning parses.
		bag.Properties["security-severity"] = strconv.FormatFloat(m.SecuritySeverity, 'f', 1, 64)
	}
	return bag
}

// ruleTags is Meta.Tags, plus "security" for rules with a security score
// (code scanning only shows security-severity on those), plus one
// external/cwe tag per CWE, without duplicates.
func ruleTags(m *lint.Meta) []string {
	tags := make([]string, 0, len(m.Tags)+1+len(m.CWE))
	add := func(tag string) {
		if !slices.Contains(tags, tag) {
			tags = append(tags, tag)
		}
	}
	for _, t := range m.Tags {
		add(t)
	}
	if m.SecuritySeverity > 0 {
		add("security")
	}
	for _, cwe := range m.CWE {
		add(fmt.Sprintf("external/cwe/cwe-%d", cwe))
	}
	return tags
}

// sarifResult converts one finding; ruleIndex points into tool.driver.rules.
func sarifResult(f *lint.Finding, ruleIndex int) *sarif.Result {
	r := sarif.NewRuleResult(f.Rule.ID)
	r.RuleIndex = ruleIndex
	r.Level = severityOf(f).String()
	r.Message = sarif.NewTextMessage(f.Message + relatedLinks(f.Related))
	r.Locations = []*sarif.Location{sarifLocation(f.Location)}

	for i, rel := range f.Related {
		loc := sarifLocation(rel)
		loc.ID = i + 1 // the target of the "[text](id)" links in the message
		if rel.Message != "" {
			loc.Message = sarif.NewTextMessage(rel.Message)
		}
		r.RelatedLocations = append(r.RelatedLocations, loc)
	}

	r.PartialFingerprints = fingerprints(f)
	if kind, why, ok := suppressionOf(f); ok {
		r.Suppressions = []*sarif.Suppression{sarifSuppression(kind, why)}
	}
	if f.Fix != "" {
		// SARIF fixes need concrete edits; a one-line hint travels in the
		// property bag, where viewers list it beside the result.
		bag := sarif.NewPropertyBag()
		bag.Properties["fix"] = f.Fix
		r.Properties = bag
	}
	return r
}

// sarifSuppression records a suppression as settled: status "accepted"
// rather than "underReview", which SARIF viewers would still show as
// open. An empty justification is left out rather than sent as "".
func sarifSuppression(kind, justification string) *sarif.Suppression {
	s := sarif.NewSuppression().WithKind(kind).WithStatus("accepted")
	if justification != "" {
		s.WithJustification(justification)
	}
	return s
}

// relatedLinks appends "[message](id)" links for the related locations:
// code scanning shows a related location only when the result's message
// links to it.
func relatedLinks(related []lint.Location) string {
	if len(related) == 0 {
		return ""
	}
	links := make([]string, 0, len(related))
	for i, rel := range related {
		text := rel.Message
		if text == "" {
			text = rel.Path
		}
		links = append(links, fmt.Sprintf("[%s](%d)", escapeLinkText(text), i+1))
	}
	return " (see " + strings.Join(links, ", ") + ")"
}

// escapeLinkText backslash-escapes what would end a SARIF link text early.
var escapeLinkText = strings.NewReplacer(`\`, `\\`, `[`, `\[`, `]`, `\]`).Replace

// fingerprints returns the non-empty partial fingerprints: an empty one
// would make every such result look like the same alert.
func fingerprints(f *lint.Finding) map[string]string {
	fp := map[string]string{}
	if f.LineHash != "" {
		fp[lineHashKey] = f.LineHash
	}
	if f.Key != "" {
		fp[issueKeyKey] = f.Key
	}
	if len(fp) == 0 {
		return nil
	}
	return fp
}

// sarifLocation places loc relative to %SRCROOT%.
func sarifLocation(loc lint.Location) *sarif.Location {
	art := sarif.NewArtifactLocation()
	art.URI = new(relativeURI(loc.Path))
	art.URIBaseID = new(srcRoot)

	phys := sarif.NewPhysicalLocation()
	phys.ArtifactLocation = art
	phys.Region = sarifRegion(loc)

	l := sarif.NewLocation()
	l.PhysicalLocation = phys
	return l
}

// relativeURI percent-encodes a slash-separated relative path. url.URL
// also prefixes "./" when the first segment holds a colon, which would
// otherwise read as a URI scheme.
func relativeURI(path string) string {
	return (&url.URL{Path: path}).String()
}

// sarifRegion is the span of loc, or nil for a whole-file location. Only
// values SARIF accepts are set: 1-based, and an end not before the start.
func sarifRegion(loc lint.Location) *sarif.Region {
	start, end := loc.Start, loc.End
	if start.Line < 1 {
		return nil
	}

	r := sarif.NewRegion()
	r.StartLine = new(start.Line)
	if start.Column >= 1 {
		r.StartColumn = new(start.Column)
	}

	if validEnd(loc) {
		r.EndLine = new(end.Line)
		if end.Column >= 1 {
			r.EndColumn = new(end.Column)
		}
	}
	return r
}
