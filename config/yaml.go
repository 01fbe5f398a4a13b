package config

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/bacgiang/fwbot/coord"
)

// file is the shape of config.yaml: the settings of Config plus the sections
// that are turned into domain values (catalogue, calendar) after decoding.
type file struct {
	Config          `yaml:",inline"`
	CalendarSection calendarSection    `yaml:"calendar"`
	Agencies        []agencyEntry      `yaml:"agencies"`
	Obligations     []obligationEntry  `yaml:"obligations"`
	NoticesSection  noticesSection     `yaml:"notices"`
	Province        string             `yaml:"province"`
	Regulation      regulationSection  `yaml:"regulation"`
	RequestTypes    []requestTypeEntry `yaml:"request_types"`
}

// decode fills f from data, refusing unknown keys. The decoder reports
// problems by line only; each is turned into the key path it concerns.
func decode(data []byte, f *file, p *problems) bool {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	err := dec.Decode(f)
	if errors.Is(err, io.EOF) {
		return true // an empty file: the catalogue checks say what is missing
	}
	var te *yaml.TypeError
	if errors.As(err, &te) {
		var root yaml.Node
		_ = yaml.Unmarshal(data, &root) // it decoded, so it parses
		locs := locate(&root)
		for _, msg := range te.Errors {
			key, problem := explain(locs, msg)
			p.add(key, "%s", problem)
		}
		return false
	}
	if err != nil {
		p.add("", "%s", strings.TrimPrefix(err.Error(), "yaml: "))
		return false
	}
	var extra yaml.Node
	if err := dec.Decode(&extra); !errors.Is(err, io.EOF) {
		p.add("", "only one YAML document is allowed")
		return false
	}
	return true
}

// location is a key in the YAML tree: its path as errors name it, and the
// nodes that hold the key and the value.
type location struct {
	path       string
	key, value *yaml.Node
}

// locate lists every key and list item of the document in document order.
func locate(root *yaml.Node) []location {
	var out []location
	var walk func(n *yaml.Node, path string)
	walk = func(n *yaml.Node, path string) {
		switch n.Kind {
		case yaml.DocumentNode:
			for _, c := range n.Content {
				walk(c, path)
			}
		case yaml.MappingNode:
			for i := 0; i+1 < len(n.Content); i += 2 {
				k, v := n.Content[i], n.Content[i+1]
				var child string
				switch {
				case isInt(k.Value): // a year under holidays
					child = path + "[" + k.Value + "]"
				case path == "":
					child = k.Value
				default:
					child = path + "." + k.Value
				}
				out = append(out, location{child, k, v})
				walk(v, child)
			}
		case yaml.SequenceNode:
			for i, v := range n.Content {
				child := fmt.Sprintf("%s[%d]", path, i)
				if id := mappingValue(v, "id"); id != "" { // obligations[2] (7.3), as coord names it
					child += " (" + id + ")"
				}
				out = append(out, location{child, nil, v})
				walk(v, child)
			}
		}
	}
	walk(root, "")
	return out
}

func isInt(s string) bool { _, err := strconv.Atoi(s); return err == nil }

func mappingValue(n *yaml.Node, key string) string {
	if n.Kind != yaml.MappingNode {
		return ""
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key && n.Content[i+1].Kind == yaml.ScalarNode {
			return n.Content[i+1].Value
		}
	}
	return ""
}

var (
	reLine      = regexp.MustCompile(`^line (\d+): (?:column (\d+): )?(.*)$`)
	reUnknown   = regexp.MustCompile(`^field (.+) not found in type .+$`)
	reDuplicate = regexp.MustCompile(`^mapping key "(.*)" already defined at line (\d+)$`)
	reType      = regexp.MustCompile("^cannot unmarshal !!(\\w+)(?: `(.*)`)? into (.+)$")
)

// explain turns one message of yaml.TypeError ("line 7: cannot unmarshal
// !!str `abc` into int") into a key path and a problem an operator can act
// on. Our own scalar types add the column, which pins the key down exactly.
func explain(locs []location, msg string) (key, problem string) {
	m := reLine.FindStringSubmatch(msg)
	if m == nil {
		return "", msg
	}
	line, _ := strconv.Atoi(m[1])
	col, _ := strconv.Atoi(m[2])
	msg = m[3]
	where := fmt.Sprintf(" (line %d)", line)
	find := func(match func(l location) bool) string {
		for _, l := range locs {
			if match(l) {
				return l.path
			}
		}
		return fmt.Sprintf("line %d", line)
	}
	if m := reUnknown.FindStringSubmatch(msg); m != nil {
		return find(func(l location) bool {
			return l.key != nil && l.key.Line == line && l.key.Value == m[1]
		}), "unknown key" + where
	}
	if m := reDuplicate.FindStringSubmatch(msg); m != nil {
		return find(func(l location) bool {
			return l.key != nil && l.key.Line == line && l.key.Value == m[1]
		}), "key given twice, first at line " + m[2] + where
	}
	if col > 0 {
		return find(func(l location) bool { return l.value.Line == line && l.value.Column == col }), msg + where
	}
	if m := reType.FindStringSubmatch(msg); m != nil {
		tag, prefix, into := m[1], strings.TrimSuffix(m[2], "..."), m[3]
		key, got := "", "a list"
		kind := yaml.SequenceNode
		if tag == "map" {
			got, kind = "a mapping", yaml.MappingNode
		}
		for _, l := range locs {
			v, k := l.value, l.key
			switch {
			case tag == "seq" || tag == "map":
				if v.Line == line && v.Kind == kind {
					key = l.path // the innermost one on the line is the one in the wrong place
				}
			case key != "":
			case v.Line == line && v.Kind == yaml.ScalarNode && strings.HasPrefix(v.Value, prefix):
				key, got = l.path, strconv.Quote(v.Value)
			case k != nil && k.Line == line && strings.HasPrefix(k.Value, prefix): // a year that is not a number
				key, got = l.path, strconv.Quote(k.Value)
			}
		}
		if key == "" {
			key = fmt.Sprintf("line %d", line)
		}
		return key, fmt.Sprintf("expected %s, found %s%s", describe(into), got, where)
	}
	return find(func(l location) bool { return l.value.Line == line }), msg + where
}

// describe names a Go type the way an operator thinks of the value.
func describe(goType string) string {
	switch {
	case goType == "time.Duration":
		return "a duration such as 50s, 30m or 168h"
	case strings.HasPrefix(goType, "int") || strings.HasPrefix(goType, "uint"):
		return "a whole number"
	case goType == "bool":
		return "true or false"
	case goType == "string" || goType == "config.Secret":
		return "text"
	case strings.HasPrefix(goType, "[]"):
		return "a list"
	default:
		return "a mapping"
	}
}

// scalarError reports a bad scalar the way the decoder reports its own, with
// the column added so that explain finds the exact key.
func scalarError(n *yaml.Node, format string, args ...any) error {
	return &yaml.TypeError{Errors: []string{
		fmt.Sprintf("line %d: column %d: %s", n.Line, n.Column, fmt.Sprintf(format, args...)),
	}}
}

// notScalar reports a list or a mapping where a single value belongs.
func notScalar(n *yaml.Node, want string) error {
	got := "a list"
	if n.Kind == yaml.MappingNode {
		got = "a mapping"
	}
	return scalarError(n, "expected %s, found %s", want, got)
}

// TimeOfDay is a local wall-clock time ("08:00") at which something is sent
// every day it applies.
type TimeOfDay struct {
	Hour, Minute int
}

// UnmarshalYAML reads HH:MM (H:MM is accepted), refusing times that do not
// exist such as 25:00.
func (t *TimeOfDay) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind != yaml.ScalarNode {
		return notScalar(n, "a time of day HH:MM")
	}
	hh, mm, ok := strings.Cut(n.Value, ":")
	h, errH := strconv.Atoi(hh)
	m, errM := strconv.Atoi(mm)
	if !ok || errH != nil || errM != nil || len(hh) > 2 || len(mm) != 2 ||
		h < 0 || h > 23 || m < 0 || m > 59 {
		return scalarError(n, "%q is not a time of day of the form HH:MM", n.Value)
	}
	*t = TimeOfDay{h, m}
	return nil
}

// String formats the time as HH:MM.
func (t TimeOfDay) String() string { return fmt.Sprintf("%02d:%02d", t.Hour, t.Minute) }

// On is the instant this time of day falls on day d in loc.
func (t TimeOfDay) On(d coord.Date, loc *time.Location) time.Time {
	return time.Date(d.Year, d.Month, d.Day, t.Hour, t.Minute, 0, 0, loc)
}

// Weekday is a day of the week written by its English name in config.yaml
// ("monday"); convert it with time.Weekday(w).
type Weekday time.Weekday

// UnmarshalYAML reads an English day name, in any case.
func (w *Weekday) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind != yaml.ScalarNode {
		return notScalar(n, "a day of the week")
	}
	for d := time.Sunday; d <= time.Saturday; d++ {
		if strings.EqualFold(n.Value, d.String()) {
			*w = Weekday(d)
			return nil
		}
	}
	return scalarError(n, "%q is not a day of the week (monday … sunday)", n.Value)
}

// String is the lowercase English name, as written in config.yaml.
func (w Weekday) String() string { return strings.ToLower(time.Weekday(w).String()) }
