package cli

import "strings"

// One set of format names on every command: text (also table) is the
// output for people, csv, json, jsonl (a JSON document a line), yaml,
// xlsx. A command names the ones it writes; checkFormat reads --format as
// one of them, taking text and table for each other.
// commandFormats are the formats each command writes, the first its
// default: the one list their --format and a settings file are held to.
var commandFormats = map[string][]string{
	"calc":       {"text", "json", "jsonl"},
	"batch":      {"csv", "json", "jsonl", "table", "xlsx"},
	"compare":    {"table", "csv", "json", "jsonl"},
	"history":    {"text", "csv", "json", "jsonl"},
	"rules list": {"text", "json", "jsonl"},
	"rules show": {"text", "yaml", "json", "jsonl"},
	"rules diff": {"text", "json", "jsonl"},
}

func (a *App) checkFormat(value string, allowed ...string) (string, error) {
	v := strings.ToLower(strings.TrimSpace(value))
	has := func(f string) bool {
		for _, a := range allowed {
			if a == f {
				return true
			}
		}
		return false
	}
	switch {
	case has(v):
		return v, nil
	case v == "table" && has("text"):
		return "text", nil
	case v == "text" && has("table"):
		return "table", nil
	}
	return "", usagef("--format: unknown format %q", value).withHint("use --format %s", orList(a.Lang, allowed))
}
