package cli

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/alis-tilskudd/alis/calc/input"
	"github.com/alis-tilskudd/alis/cmd/alis/internal/batch"
)

// The README's examples are run as written, from a folder that holds the
// repository's testdata, and their output compared line by line.
//
// A block of the README is an example when a line starts with "$ ". The
// commands are alis (with > FILE, 2> FILE and < FILE), echo $? (the exit code of
// the alis before it) and cat FILE. The lines after a command, up to the
// next one, are what it prints to the terminal, standard error and output
// in the order written; a line "..." stands for any lines. A block right
// after <!-- not compared: REASON --> is left alone (figures that move with
// the machine). -update rewrites the output of every example without "...".
//
// The set-up block's "go run ./cmd/alis ARGS" lines are run as alis ARGS
// and must exit 0.
func TestReadme(t *testing.T) {
	t.Setenv("ALIS_LANG", "") // as a user runs alis: in bokmål unless an example says --lang en
	readme, err := filepath.Abs("../../../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	testdata, err := filepath.Abs("../../../../testdata")
	if err != nil {
		t.Fatal(err)
	}
	src, err := os.ReadFile(readme)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := os.Symlink(testdata, filepath.Join(dir, "testdata")); err != nil {
		t.Fatal(err)
	}
	t.Chdir(dir)

	lines := strings.Split(string(src), "\n")
	var out []string // the README, rewritten with -update
	examples, setups := 0, 0
	for i := 0; i < len(lines); i++ {
		out = append(out, lines[i])
		if !strings.HasPrefix(lines[i], "```") {
			continue
		}
		// A fenced block: lines[i+1 : end].
		end := i + 1
		for end < len(lines) && !strings.HasPrefix(lines[end], "```") {
			end++
		}
		block := lines[i+1 : min(end, len(lines))]
		skip := i > 0 && strings.HasPrefix(strings.TrimSpace(prevNonEmpty(lines, i)), "<!-- not compared:")
		switch {
		case skip || !isExample(block):
			if strings.HasPrefix(lines[i], "```sh") {
				setups += runSetup(t, i+1, block)
			}
			out = append(out, block...)
		default:
			examples++
			out = append(out, runExample(t, i+1, block)...)
		}
		if end < len(lines) {
			out = append(out, lines[end])
		}
		i = end
	}
	if examples < 10 || setups < 1 {
		t.Fatalf("found %d examples and %d set-up commands in the README; the test is not reading it", examples, setups)
	}
	if *updateScripts {
		if err := os.WriteFile(readme, []byte(strings.Join(out, "\n")), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func prevNonEmpty(lines []string, i int) string {
	for j := i - 1; j >= 0; j-- {
		if strings.TrimSpace(lines[j]) != "" {
			return lines[j]
		}
	}
	return ""
}

func isExample(block []string) bool {
	for _, l := range block {
		if strings.HasPrefix(l, "$ ") {
			return true
		}
	}
	return false
}

// runSetup runs the set-up block's go run lines in-process.
func runSetup(t *testing.T, line int, block []string) int {
	n := 0
	for k, l := range block {
		rest, ok := strings.CutPrefix(l, "go run ./cmd/alis ")
		if !ok {
			continue
		}
		if c := strings.Index(rest, "  #"); c >= 0 {
			rest = rest[:c]
		}
		args, err := shellWords(rest)
		if err != nil {
			t.Errorf("README.md:%d: %v", line+k+1, err)
			continue
		}
		var buf bytes.Buffer
		if code := Run(args, nil, &buf, &buf); code != 0 {
			t.Errorf("README.md:%d: go run ./cmd/alis %s: exit %d\n%s", line+k+1, rest, code, buf.String())
		}
		n++
	}
	return n
}

// runExample runs one example block and returns it with the actual
// output, reporting where it differs.
func runExample(t *testing.T, line int, block []string) []string {
	var got []string
	elided := false
	last := 0
	for k := 0; k < len(block); k++ {
		l := block[k]
		if !strings.HasPrefix(l, "$ ") {
			continue
		}
		// The expected output: up to the next command.
		j := k + 1
		for j < len(block) && !strings.HasPrefix(block[j], "$ ") {
			j++
		}
		want := block[k+1 : j]
		for _, w := range want {
			if strings.TrimSpace(w) == "..." {
				elided = true
			}
		}
		output, code, err := runCommand(l[2:], last)
		if err != nil {
			t.Errorf("README.md:%d: %s: %v", line+k+1, l, err)
			return block
		}
		if strings.HasPrefix(l, "$ alis") {
			last = code
		}
		have := splitLines(output)
		if !matchLines(want, have) {
			t.Errorf("README.md:%d: %s\n--- README\n%s\n--- actual\n%s", line+k+1, l, strings.Join(want, "\n"), strings.Join(have, "\n"))
		}
		got = append(got, l)
		got = append(got, have...)
		k = j - 1
	}
	if elided {
		return block
	}
	return got
}

func splitLines(s string) []string {
	s = strings.TrimSuffix(strings.ReplaceAll(s, "\r\n", "\n"), "\n")
	if s == "" {
		return nil
	}
	return strings.Split(s, "\n")
}

// matchLines matches lines against a pattern where "..." is any lines.
func matchLines(pattern, lines []string) bool {
	if len(pattern) == 0 {
		return len(lines) == 0
	}
	if strings.TrimSpace(pattern[0]) == "..." {
		for i := 0; i <= len(lines); i++ {
			if matchLines(pattern[1:], lines[i:]) {
				return true
			}
		}
		return false
	}
	return len(lines) > 0 && strings.TrimRight(pattern[0], " ") == strings.TrimRight(lines[0], " ") && matchLines(pattern[1:], lines[1:])
}

// runCommand runs one README command line; last is the exit code of the
// alis before it.
func runCommand(cmdline string, last int) (output string, code int, err error) {
	words, err := shellWords(cmdline)
	if err != nil {
		return "", 0, err
	}
	switch {
	case len(words) == 2 && words[0] == "echo" && words[1] == "$?":
		return strconv.Itoa(last) + "\n", 0, nil
	case len(words) == 2 && words[0] == "cat":
		b, err := os.ReadFile(words[1])
		return string(b), 0, err
	case len(words) > 0 && words[0] == "alis":
	default:
		return "", 0, fmt.Errorf("not a command the README test runs")
	}
	var args []string
	var stdout, stderr, term bytes.Buffer
	outFile, errFile, inFile := "", "", ""
	for i := 1; i < len(words); i++ {
		switch words[i] {
		case ">", "<", "2>":
			if i+1 == len(words) {
				return "", 0, fmt.Errorf("%s without a file", words[i])
			}
			switch words[i] {
			case ">":
				outFile = words[i+1]
			case "2>":
				errFile = words[i+1]
			default:
				inFile = words[i+1]
			}
			i++
		default:
			args = append(args, words[i])
		}
	}
	var stdin *os.File
	if inFile != "" {
		if stdin, err = os.Open(inFile); err != nil {
			return "", 0, err
		}
		defer stdin.Close()
	}
	// Each stream goes to the terminal unless redirected; /dev/null is
	// never opened.
	var o, e io.Writer = &term, &term
	if outFile != "" {
		o = &stdout
	}
	if errFile != "" {
		e = &stderr
	}
	code = Run(args, stdinOrNil(stdin), o, e)
	for _, f := range []struct {
		name string
		buf  *bytes.Buffer
	}{{outFile, &stdout}, {errFile, &stderr}} {
		if f.name != "" && f.name != "/dev/null" {
			if err := os.WriteFile(f.name, f.buf.Bytes(), 0o644); err != nil {
				return "", 0, err
			}
		}
	}
	return term.String(), code, nil
}

func stdinOrNil(f *os.File) interface{ Read([]byte) (int, error) } {
	if f == nil {
		return nil
	}
	return f
}

// shellWords splits a command line as a POSIX shell would for the simple
// quoting the README uses: "double", 'single' and backslash escapes.
func shellWords(s string) ([]string, error) {
	var words []string
	var cur strings.Builder
	inWord := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == ' ' || c == '\t':
			if inWord {
				words = append(words, cur.String())
				cur.Reset()
				inWord = false
			}
		case c == '\'':
			j := strings.IndexByte(s[i+1:], '\'')
			if j < 0 {
				return nil, fmt.Errorf("unclosed ' in %q", s)
			}
			cur.WriteString(s[i+1 : i+1+j])
			i += j + 1
			inWord = true
		case c == '"':
			i++
			for ; i < len(s) && s[i] != '"'; i++ {
				if s[i] == '\\' && i+1 < len(s) {
					i++
				}
				cur.WriteByte(s[i])
			}
			if i == len(s) {
				return nil, fmt.Errorf("unclosed \" in %q", s)
			}
			inWord = true
		case c == '\\' && i+1 < len(s):
			i++
			cur.WriteByte(s[i])
			inWord = true
		default:
			cur.WriteByte(c)
			inWord = true
		}
	}
	if inWord {
		words = append(words, cur.String())
	}
	return words, nil
}

// The README's list of column names is the table of inputs', every name
// and alias a register's header may use. Run with -update to rewrite it.
func TestReadmeColumnNames(t *testing.T) {
	var b strings.Builder
	b.WriteString("| column | also read as |\n|---|---|\n")
	row := func(name string, aliases []string) {
		q := make([]string, len(aliases))
		for i, a := range aliases {
			q[i] = "`" + a + "`"
		}
		fmt.Fprintf(&b, "| `%s` | %s |\n", name, strings.Join(q, ", "))
	}
	for _, in := range input.All {
		row(in.Name, in.Aliases)
	}
	row(batch.FieldPeriod, batch.PeriodAliases)
	const open, end = "<!-- columns: made from the table of inputs in calc/input; TestReadmeColumnNames holds it -->\n", "<!-- /columns -->"
	path := filepath.Join("..", "..", "..", "..", "README.md")
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	readme := string(data)
	i, j := strings.Index(readme, open), strings.Index(readme, end)
	if i < 0 || j < i {
		t.Fatalf("README.md has no list of column names between %q and %q", open, end)
	}
	got, want := readme[i+len(open):j], b.String()
	if got == want {
		return
	}
	if *updateScripts {
		if err := os.WriteFile(path, []byte(readme[:i+len(open)]+want+readme[j:]), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	t.Errorf("the README's column names are not the table's (run with -update):\n%s", want)
}
