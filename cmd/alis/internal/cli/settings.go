package cli

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"github.com/spf13/cobra"
	"gopkg.in/yaml.v3"

	"github.com/alis-tilskudd/alis/cmd/alis/internal/batch"
	"github.com/alis-tilskudd/alis/internal/kommune"
	"github.com/alis-tilskudd/alis/internal/msg"
)

// configEnv names a settings file for scripts, as --config does.
const configEnv = "ALIS_CONFIG"

// settings are what a settings file keeps for every run: the language,
// the kommune, header mappings and each command's output format. A flag
// given wins over them; ALIS_LANG wins over the file's language.
//
//	lang: nn
//	kommune:
//	  number: "1804"
//	  name: Bodø
//	map:
//	  Kostnad 2021: cost
//	format:
//	  batch: table
//	  rules show: json
type settings struct {
	path    string // the file read; "" when there is none
	named   bool   // the file was named (--config, ALIS_CONFIG), not found where settings live
	Lang    string
	Kommune string   // number
	Name    string   // the kommune's name, as the file gives it
	Maps    []string // HEADER=FIELD, in the file's order
	Formats map[string]string
}

// maxSettingsSize bounds a settings file.
const maxSettingsSize = 1 << 20

// settingsPath is the settings file for the arguments and the environment:
// --config FILE, else ALIS_CONFIG, else config.yaml in the user's
// configuration folder ($XDG_CONFIG_HOME/alis, ~/.config/alis; %AppData%\alis
// on Windows), and whether it was named.
func settingsPath(args []string, getenv func(string) string) (string, bool) {
	for i := 0; i < len(args); i++ {
		if args[i] == "--" {
			break
		}
		if v, ok := strings.CutPrefix(args[i], "--config="); ok {
			return v, true
		}
		if args[i] == "--config" && i+1 < len(args) {
			return args[i+1], true
		}
	}
	if p := getenv(configEnv); p != "" {
		return p, true
	}
	dir := getenv("XDG_CONFIG_HOME")
	if dir == "" {
		d, err := os.UserConfigDir()
		if err != nil {
			return "", false
		}
		dir = d
	}
	return filepath.Join(dir, "alis", "config.yaml"), false
}

// loadSettings reads the settings file the arguments and the environment
// name. A file where settings live that is not there is no settings; one
// named that is not there, or one that is not right, is an error naming
// the file, the line and the key.
func loadSettings(args []string, getenv func(string) string) (*settings, error) {
	path, named := settingsPath(args, getenv)
	s := &settings{Formats: map[string]string{}, named: named}
	if path == "" {
		return s, nil
	}
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) && !named {
		return s, nil
	}
	if err != nil {
		return nil, msg.Errorf("%s: the settings cannot be read: %w", path, err)
	}
	defer f.Close()
	data := make([]byte, maxSettingsSize+1)
	n, err := f.Read(data)
	for err == nil && n < len(data) {
		var k int
		k, err = f.Read(data[n:])
		n += k
	}
	if n > maxSettingsSize {
		return nil, msg.Errorf("%s: the settings file is larger than %d bytes", path, maxSettingsSize)
	}
	s.path = path
	return s, s.parse(data[:n])
}

// parse reads the file's YAML, strictly: every key known, every value
// right.
func (s *settings) parse(data []byte) error {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return msg.Errorf("%s: not YAML: %v", s.path, err)
	}
	if len(doc.Content) == 0 {
		return nil // an empty file
	}
	top := doc.Content[0]
	bad := func(n *yaml.Node, key string, why *msg.Msg) error {
		return msg.Errorf("%s:%d: %s: %s", s.path, n.Line, key, why)
	}
	if top.Kind != yaml.MappingNode {
		return bad(top, "settings", msg.New("the file must be a mapping of keys: lang, kommune, map, format"))
	}
	for i := 0; i+1 < len(top.Content); i += 2 {
		k, v := top.Content[i], top.Content[i+1]
		switch k.Value {
		case "lang":
			if v.Kind != yaml.ScalarNode {
				return bad(v, "lang", msg.New("a language: nb, nn or en"))
			}
			if _, err := msg.ParseLang(v.Value); err != nil {
				return bad(v, "lang", msg.New("%s is not a language alis has: use nb, nn or en", msg.Quote(v.Value)))
			}
			s.Lang = v.Value
		case "kommune":
			if err := s.kommune(v, bad); err != nil {
				return err
			}
		case "map":
			if v.Kind != yaml.MappingNode {
				return bad(v, "map", msg.New("a mapping of a header to the field it gives, as Kostnad 2021: cost"))
			}
			for j := 0; j+1 < len(v.Content); j += 2 {
				h, f := v.Content[j], v.Content[j+1]
				if f.Kind != yaml.ScalarNode || !batch.KnownField(f.Value) {
					return bad(f, "map."+h.Value, msg.New("%s is not a field; the fields are %s", msg.Quote(f.Value), strings.Join(batch.FieldNames(), ", ")))
				}
				s.Maps = append(s.Maps, h.Value+"="+f.Value)
			}
		case "format":
			if v.Kind != yaml.MappingNode {
				return bad(v, "format", msg.New("a mapping of a command to its output format, as batch: table"))
			}
			for j := 0; j+1 < len(v.Content); j += 2 {
				c, f := v.Content[j], v.Content[j+1]
				allowed, ok := commandFormats[c.Value]
				if !ok {
					return bad(c, "format."+c.Value, msg.New("not a command with --format; those are %s", strings.Join(sortedKeys(commandFormats), ", ")))
				}
				if f.Kind != yaml.ScalarNode || !slices.Contains(allowed, f.Value) {
					return bad(f, "format."+c.Value, msg.New("%s is not a format of %s; use %s", msg.Quote(f.Value), c.Value, strings.Join(allowed, ", ")))
				}
				s.Formats[c.Value] = f.Value
			}
		default:
			return bad(k, k.Value, msg.New("not a setting; the settings are lang, kommune, map, format"))
		}
	}
	return nil
}

// kommune reads kommune: {number, name}: a kommune of 2024, and its name
// as SSB's table has it.
func (s *settings) kommune(v *yaml.Node, bad func(*yaml.Node, string, *msg.Msg) error) error {
	if v.Kind != yaml.MappingNode {
		return bad(v, "kommune", msg.New(`the kommune's number and name, as number: "1804" and name: Bodø`))
	}
	var nameNode *yaml.Node
	for j := 0; j+1 < len(v.Content); j += 2 {
		k, x := v.Content[j], v.Content[j+1]
		switch k.Value {
		case "number":
			n := x.Value
			if len(n) == 3 {
				n = "0" + n // a number YAML read without its leading zero
			}
			if _, ok := kommune.Lookup(n); !ok || x.Kind != yaml.ScalarNode {
				return bad(x, "kommune.number", msg.New("%s is not a kommune number of 2024 (4 digits, as \"1804\")", msg.Quote(x.Value)))
			}
			s.Kommune = n
		case "name":
			s.Name, nameNode = x.Value, x
		default:
			return bad(k, "kommune."+k.Value, msg.New("not a setting of the kommune; those are number and name"))
		}
	}
	if s.Kommune == "" {
		return bad(v, "kommune.number", msg.New("missing: give the kommune's number"))
	}
	if k, _ := kommune.Lookup(s.Kommune); nameNode != nil && !strings.EqualFold(strings.TrimSpace(s.Name), k.Name) {
		return bad(nameNode, "kommune.name", msg.New("%s is not the name of kommune %s, which is %s", msg.Quote(s.Name), s.Kommune, k.Name))
	}
	return nil
}

// apply gives a command the settings' kommune and format where its flags
// do not say.
func (s *settings) apply(c *cobra.Command) error {
	if f := c.Flags().Lookup("format"); f != nil && !f.Changed {
		if v, ok := s.Formats[commandName(c)]; ok {
			if err := f.Value.Set(v); err != nil {
				return err
			}
		}
	}
	if f := c.Flags().Lookup("kommune"); f != nil && !f.Changed && s.Kommune != "" {
		if err := f.Value.Set(s.Kommune); err != nil {
			return err
		}
	}
	return nil
}

// commandName is a command's path without "alis ": "batch", "rules show".
func commandName(c *cobra.Command) string {
	return strings.TrimPrefix(c.CommandPath(), c.Root().Name()+" ")
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// newConfigCmd is alis config show: the settings in force, and where each
// comes from.
func (a *App) newConfigCmd() *cobra.Command {
	l := a.Lang
	c := &cobra.Command{
		Use:   "config",
		Short: msg.S(l, "Show the settings in force and where they come from"),
		Long: msg.S(l, `A settings file keeps what a kommune gives on every run: its language, its
kommune, the names of its register's headers (as --map does) and each command's
output format. alis reads --config FILE, else ALIS_CONFIG, else config.yaml in the
user's configuration folder ($XDG_CONFIG_HOME/alis or ~/.config/alis; %AppData%\alis
on Windows). A flag given wins over the file, and so does ALIS_LANG over its
language. An error in the file names its line and key.

  lang: en
  kommune:
    number: "1804"
    name: Bodø
  map:
    Kostnad 2021: cost
  format:
    batch: table`),
		Example: "  alis config show\n  alis config show --config kommunen.yaml",
	}
	c.AddCommand(&cobra.Command{
		Use:   "show",
		Short: msg.S(l, "Show the settings in force and where each comes from"),
		Args:  noArgs,
		RunE:  func(*cobra.Command, []string) error { return a.runConfigShow() },
	})
	return c
}

func (a *App) runConfigShow() error {
	l, s := a.Lang, a.settings
	var b strings.Builder
	file := msg.S(l, "none")
	path, _ := settingsPath(nil, os.Getenv)
	switch {
	case s.path != "":
		file = s.path
	case !s.named:
		file = msg.T(l, "none (%s is not there)", path)
	}
	line := func(key, value, from string) { fmt.Fprintf(&b, "%-22s %s  (%s)\n", key+":", value, from) }
	fmt.Fprintf(&b, "%-22s %s\n", msg.S(l, "settings file")+":", file)
	langFrom := msg.S(l, "default")
	switch {
	case a.lang != "":
		langFrom = "--lang"
	case a.env != "":
		langFrom = langEnv
	case s.Lang != "":
		langFrom = s.path
	}
	line("lang", string(a.Lang), langFrom)
	if s.Kommune != "" {
		k, _ := kommune.Lookup(s.Kommune)
		line("kommune", s.Kommune+" "+k.Name, s.path)
	}
	for _, m := range s.Maps {
		line("map", m, s.path)
	}
	for _, c := range sortedKeys(s.Formats) {
		line("format."+c, s.Formats[c], s.path)
	}
	_, err := fmt.Fprint(a.Out, b.String())
	return err
}
