//go:build unix

// The streams, devices, named pipes and signals of a POSIX system.

package cli

import (
	"bytes"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/alis-tilskudd/alis/cmd/alis/internal/output"

	"github.com/alis-tilskudd/alis/cmd/alis/internal/batch"
	"github.com/alis-tilskudd/alis/cmd/alis/internal/gen"
	"github.com/alis-tilskudd/alis/internal/msg"
)

// onlyFiles fails the test unless dir holds exactly the names given.
func onlyFiles(t *testing.T, dir string, names ...string) {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range entries {
		got = append(got, e.Name())
	}
	if strings.Join(got, " ") != strings.Join(names, " ") {
		t.Errorf("%s holds %v, want %v", dir, got, names)
	}
}

const smallBatch = "id;driftsform;start;cost\nA;naering;2021-01-01;300000\nB;fastlonn;2021-08-01;400000\n"

// -o onto a character device writes through it and leaves the device in
// place; a write error on the device is an error, exit 2. The devices are
// made in a temporary folder (the real /dev is never touched), which needs
// root.
func TestOutputToDevice(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("making device nodes needs root; skipped (the FIFO test covers direct writes)")
	}
	dir := t.TempDir()
	in := filepath.Join(dir, "in.csv")
	if err := os.WriteFile(in, []byte(smallBatch), 0o644); err != nil {
		t.Fatal(err)
	}
	null, full := filepath.Join(dir, "null"), filepath.Join(dir, "full")
	// 1,3 is the null device and 1,7 the full device on Linux.
	if err := syscall.Mknod(null, syscall.S_IFCHR|0o666, 1<<8|3); err != nil {
		t.Skipf("mknod: %v (no device nodes in this sandbox)", err)
	}
	if err := syscall.Mknod(full, syscall.S_IFCHR|0o666, 1<<8|7); err != nil {
		t.Fatal(err)
	}
	for _, format := range []string{"csv", "json", "xlsx"} {
		_, stderr, code := runAlis(t, nil, "batch", in, "-o", null, "--format", format)
		if code != exitOK {
			t.Fatalf("%s: -o null device: exit %d\n%s", format, code, stderr)
		}
	}
	_, stderr, code := runAlis(t, nil, "batch", in, "-o", full)
	if code != exitCannot || !strings.Contains(stderr, "no space left on device") {
		t.Errorf("-o full device: exit %d, want 2 with the write error\n%s", code, stderr)
	}
	for _, p := range []string{null, full} {
		st, err := os.Lstat(p)
		if err != nil || st.Mode()&os.ModeCharDevice == 0 {
			t.Errorf("%s is no longer a character device: %v %v", p, st.Mode(), err)
		}
	}
	onlyFiles(t, dir, "full", "in.csv", "null")
}

// -o onto a named pipe writes into the pipe, and the pipe stays a pipe.
func TestOutputToFIFO(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "in.csv")
	if err := os.WriteFile(in, []byte(smallBatch), 0o644); err != nil {
		t.Fatal(err)
	}
	fifo := filepath.Join(dir, "pipe")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	got := make(chan []byte)
	go func() {
		f, err := os.Open(fifo)
		if err != nil {
			got <- nil
			return
		}
		b, _ := io.ReadAll(f)
		f.Close()
		got <- b
	}()
	_, stderr, code := runAlis(t, nil, "batch", in, "-o", fifo)
	if code != exitOK {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	b := <-got
	if !bytes.Contains(b, []byte("A,")) || !bytes.Contains(b, []byte("240000.00")) {
		t.Errorf("the pipe carried %q", b)
	}
	if st, err := os.Lstat(fifo); err != nil || st.Mode()&os.ModeNamedPipe == 0 {
		t.Errorf("the pipe is no longer a pipe: %v", err)
	}
	onlyFiles(t, dir, "in.csv", "pipe")
}

// -o through a symbolic link writes the file it points to, atomically
// beside it, and keeps the link; a link to nothing, a folder, and - are
// handled before any work.
func TestOutputPaths(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "in.csv")
	if err := os.WriteFile(in, []byte(smallBatch), 0o644); err != nil {
		t.Fatal(err)
	}
	real := filepath.Join(dir, "real", "result.csv")
	if err := os.Mkdir(filepath.Dir(real), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(real, []byte("old"), 0o600); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "link.csv")
	if err := os.Symlink(real, link); err != nil {
		t.Fatal(err)
	}
	if _, stderr, code := runAlis(t, nil, "batch", in, "-o", link); code != exitOK {
		t.Fatalf("through a link: exit %d\n%s", code, stderr)
	}
	if st, err := os.Lstat(link); err != nil || st.Mode()&os.ModeSymlink == 0 {
		t.Errorf("the link was replaced: %v", err)
	}
	b, _ := os.ReadFile(real)
	if !bytes.Contains(b, []byte("240000.00")) {
		t.Errorf("the linked file holds %q", b)
	}
	if st, _ := os.Stat(real); st.Mode().Perm() != 0o600 {
		t.Errorf("the file's permissions changed to %v", st.Mode().Perm())
	}
	onlyFiles(t, filepath.Dir(real), "result.csv")

	dangling := filepath.Join(dir, "dangling.csv")
	if err := os.Symlink(filepath.Join(dir, "nowhere", "x.csv"), dangling); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		out, want string
	}{
		{dangling, "alis: error: -o " + dangling + ": a symbolic link to " + filepath.Join(dir, "nowhere", "x.csv") + ", which does not exist; give the path of a file"},
		{dir, "alis: error: -o " + dir + ": is a folder; give the name of a file in it, such as " + filepath.Join(dir, "resultat.csv")},
		{filepath.Join(dir, "no", "such", "x.csv"), "alis: error: -o " + filepath.Join(dir, "no", "such", "x.csv") + ": the folder " + filepath.Join(dir, "no", "such") + " does not exist"},
	} {
		for _, cmd := range [][]string{{"batch", in}, {"compare", in, "--year", "2020", "--year", "2021"}, {"report", in}} {
			_, stderr, code := runAlis(t, nil, append(cmd, "-o", c.out)...)
			if code != exitCannot || !containsLine(stderr, c.want) {
				t.Errorf("%v -o %s: exit %d, stderr:\n%s\nwant the line %q", cmd, c.out, code, stderr, c.want)
			}
		}
	}
	// - is standard output, for batch and for a workbook.
	out, stderr, code := runAlis(t, nil, "batch", in, "-o", "-")
	if code != exitOK || !strings.Contains(out, "240000.00") {
		t.Errorf("-o -: exit %d, stdout %q, stderr %s", code, out, stderr)
	}
	out, _, code = runAlis(t, nil, "batch", in, "-o", "-", "--format", "xlsx")
	if code != exitOK || !strings.HasPrefix(out, "PK\x03\x04") {
		t.Errorf("-o - --format xlsx: exit %d, %.20q", code, out)
	}
	onlyFiles(t, dir, "dangling.csv", "in.csv", "link.csv", "real")
}

// A panic in a worker is an internal error: exit 3, a message that asks
// for a report, and no file left behind.
func TestInternalErrorLeavesNoFile(t *testing.T) {
	dir := t.TempDir()
	in := writeGenerated(t, 20_000, 0, "utf-8")
	batch.TestHookRow = func(line int) {
		if line == 15_000 {
			var xs []int
			_ = xs[line] // a bug
		}
	}
	defer func() { batch.TestHookRow = nil }()
	for _, name := range []string{"out.csv", "out.xlsx"} {
		_, stderr, code := runAlis(t, nil, "batch", in, "-o", filepath.Join(dir, name))
		if code != exitInternal {
			t.Errorf("%s: exit %d, want %d\n%s", name, code, exitInternal, stderr)
		}
		if !containsLine(stderr, "alis: internal error: runtime error: index out of range [15000] with length 0") ||
			!strings.Contains(stderr, "alis: hint: this is a bug in alis, not a fault in your input: please report it") {
			t.Errorf("%s: stderr:\n%s", name, stderr)
		}
	}
	onlyFiles(t, dir)
}

// SIGINT, SIGTERM, SIGHUP and SIGQUIT stop a batch mid-way: the temporary
// output file is removed and the exit code is 128 + the signal's number. The batch reads a pipe that is
// left open, so the signal always comes while it is working.
func TestSignalLeavesNoFile(t *testing.T) {
	alis, err := exec.LookPath("alis")
	if err != nil {
		t.Skip("the alis command of the test binary is not on PATH")
	}
	var data bytes.Buffer
	if err := gen.Write(&data, gen.Options{Rows: 50_000, Seed: 9, Encoding: "utf-8", Year: 2021}); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		sig  syscall.Signal
		code int
		name string
	}{{syscall.SIGINT, 130, "SIGINT"}, {syscall.SIGTERM, 143, "SIGTERM"}, {syscall.SIGHUP, 129, "SIGHUP"}, {syscall.SIGQUIT, 131, "SIGQUIT"}} {
		dir := t.TempDir()
		cmd := exec.Command(alis, "batch", "-", "-o", filepath.Join(dir, "out.csv"))
		stdin, err := cmd.StdinPipe()
		if err != nil {
			t.Fatal(err)
		}
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		if _, err := stdin.Write(data.Bytes()); err != nil {
			t.Fatal(err)
		}
		// Wait until the temporary file is there and growing.
		deadline := time.Now().Add(60 * time.Second)
		for {
			m, _ := filepath.Glob(filepath.Join(dir, ".out.csv.*.tmp"))
			if len(m) == 1 {
				if st, err := os.Stat(m[0]); err == nil && st.Size() > 0 {
					break
				}
			}
			if time.Now().After(deadline) {
				t.Fatalf("%s: no temporary output appeared", c.name)
			}
			time.Sleep(20 * time.Millisecond)
		}
		if err := cmd.Process.Signal(c.sig); err != nil {
			t.Fatal(err)
		}
		err = cmd.Wait()
		stdin.Close()
		var ee *exec.ExitError
		if !errors.As(err, &ee) || ee.ExitCode() != c.code {
			t.Errorf("%s: %v, want exit %d; stderr:\n%s", c.name, err, c.code, stderr.String())
		}
		if !containsLine(stderr.String(), "alis: error: stopped by "+c.name+"; the output file was not written") {
			t.Errorf("%s: stderr:\n%s", c.name, stderr.String())
		}
		onlyFiles(t, dir)
	}
}

// shell runs a command line in sh, in dir, with the alis of the test
// binary on PATH; it returns the exit code and standard error.
func shell(t *testing.T, dir, line string) (int, string) {
	t.Helper()
	if _, err := exec.LookPath("alis"); err != nil {
		t.Skip("the alis command of the test binary is not on PATH")
	}
	cmd := exec.Command("sh", "-c", line)
	cmd.Dir = dir
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	err := cmd.Run()
	var ee *exec.ExitError
	if err != nil && !errors.As(err, &ee) {
		t.Fatal(err)
	}
	return cmd.ProcessState.ExitCode(), stderr.String()
}

// A path that names an open descriptor is written through it: a shell's
// >> keeps what the file had, and 3>> too; nothing is replaced.
func TestOutputThroughADescriptor(t *testing.T) {
	dir := t.TempDir()
	in := writeGenerated(t, 20, 0, "utf-8")
	for _, c := range []struct{ name, line string }{
		{"/dev/stdout", `alis batch "$IN" --year 2021 -o /dev/stdout >> log 2>/dev/null`},
		{"/proc/self/fd/1", `alis batch "$IN" --year 2021 -o /proc/self/fd/1 >> log 2>/dev/null`},
		{"/dev/fd/3", `alis batch "$IN" --year 2021 -o /dev/fd/3 3>> log 2>/dev/null`},
		{"a link to /dev/stdout", `ln -sf /dev/stdout out.csv && alis batch "$IN" --year 2021 -o out.csv >> log 2>/dev/null`},
	} {
		if err := os.WriteFile(filepath.Join(dir, "log"), []byte("old\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		code, stderr := shell(t, dir, "IN="+in+"; "+c.line+"; echo new >> log")
		b, _ := os.ReadFile(filepath.Join(dir, "log"))
		lines := strings.Split(strings.TrimSuffix(string(b), "\n"), "\n")
		if code != exitOK || len(lines) != 23 || lines[0] != "old" || !strings.HasPrefix(lines[1], "line,") || lines[22] != "new" {
			t.Errorf("%s: exit %d, %d lines: %q\n%s", c.name, code, len(lines), b, stderr)
		}
		if m, _ := filepath.Glob(filepath.Join(dir, ".*.tmp")); len(m) > 0 {
			t.Errorf("%s: left %v", c.name, m)
		}
	}
	// A descriptor that is not open is refused before any work.
	code, stderr := shell(t, dir, "alis batch "+in+" --year 2021 -o /dev/fd/7")
	if code != exitCannot || !strings.Contains(stderr, "-o /dev/fd/7: descriptor 7 is not open") {
		t.Errorf("/dev/fd/7: exit %d\n%s", code, stderr)
	}
}

// Standard output closed at the start: the results would go nowhere, so
// the run stops before any work (exit 2); with -o it runs.
func TestClosedStandardOutput(t *testing.T) {
	dir := t.TempDir()
	in := writeGenerated(t, 20, 0, "utf-8")
	code, stderr := shell(t, dir, "alis batch "+in+" --year 2021 >&-")
	if code != exitCannot || !containsLine(stderr, "alis: error: standard output is closed, so the results would go nowhere") {
		t.Errorf("closed: exit %d\n%s", code, stderr)
	}
	if code, stderr := shell(t, dir, "alis batch "+in+" --year 2021 -o out.csv >&-"); code != exitOK {
		t.Errorf("closed, with -o: exit %d\n%s", code, stderr)
	}
	if code, stderr := shell(t, dir, "alis batch "+in+" --year 2021 > /dev/null"); code != exitOK {
		t.Errorf("to /dev/null: exit %d\n%s", code, stderr)
	}
}

// A reader that closes the pipe early (head) ends the run quietly: exit 0,
// no message, no temporary file.
func TestClosedPipeEndsQuietly(t *testing.T) {
	dir := t.TempDir()
	in := writeGenerated(t, 200_000, 0, "utf-8")
	if _, err := exec.LookPath("alis"); err != nil {
		t.Skip("the alis command of the test binary is not on PATH")
	}
	// The exit of alis itself, not of head: written out by a wrapper, as
	// bash's PIPESTATUS is not in every sh.
	cmd := exec.Command("sh", "-c", `{ alis batch "`+in+`" --year 2021 2> err.txt; echo $? > code.txt; } | head -1 > first.txt`)
	cmd.Dir = dir
	if err := cmd.Run(); err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(filepath.Join(dir, "code.txt"))
	e, _ := os.ReadFile(filepath.Join(dir, "err.txt"))
	f, _ := os.ReadFile(filepath.Join(dir, "first.txt"))
	if strings.TrimSpace(string(b)) != "0" || strings.Contains(string(e), "error") || !strings.HasPrefix(string(f), "line,") {
		t.Errorf("exit %q, stderr %q, first line %q", b, e, f)
	}
}

// Output files get the umask, as a shell's redirection does, and a file
// replaced keeps its mode.
func TestOutputFilesFollowTheUmask(t *testing.T) {
	dir := t.TempDir()
	in := writeGenerated(t, 20, 0, "utf-8")
	for _, c := range []struct {
		line string
		want os.FileMode
	}{
		{"umask 077; alis batch " + in + " --year 2021 -o a.csv", 0o600},
		{"umask 077; alis batch " + in + " --year 2021 -o a.xlsx", 0o600},
		{"umask 077; alis report " + in + " --year 2021 -o a.html", 0o600},
		{"umask 022; alis batch " + in + " --year 2021 -o b.csv", 0o644},
		{"umask 022; alis batch " + in + " --year 2021 -o b.csv; chmod 640 b.csv; alis batch " + in + " --year 2021 -o b.csv", 0o640},
	} {
		if code, stderr := shell(t, dir, c.line); code != exitOK {
			t.Fatalf("%s: exit %d\n%s", c.line, code, stderr)
		}
		name := strings.Fields(c.line)[len(strings.Fields(c.line))-1]
		st, err := os.Stat(filepath.Join(dir, name))
		if err != nil || st.Mode().Perm() != c.want {
			t.Errorf("%s: %v %v, want %v", c.line, st.Mode().Perm(), err, c.want)
		}
	}
}

// Ids of combining, zero-width and wide characters keep the table's columns
// in line, and a right-to-left override does not reach the terminal.
func TestTableColumnsByDisplayWidth(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "ids.csv")
	csv := "Avtalenr;Driftsform;Fra;Til;Kostnader\n"
	for _, id := range []string{"A-1", "A\u030a-2", "\u200bA-3", "中文-4", "A\u202e-5"} {
		csv += id + ";naering;01.01.2021;31.12.2021;300000\n"
	}
	if err := os.WriteFile(in, []byte(csv), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Setenv("COLUMNS", "120")
	out, stderr, code := runAlis(t, nil, "batch", in, "--year", "2021", "--format", "table")
	if code != exitOK {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	if strings.ContainsRune(out, '\u202e') {
		t.Error("the override reaches the terminal")
	}
	var at []int
	for _, line := range strings.Split(out, "\n") {
		if i := strings.Index(line, "2021"); i > 0 && strings.Contains(line, "naering") {
			at = append(at, output.TextWidth(line[:i]))
		}
	}
	if len(at) != 5 {
		t.Fatalf("%d rows found:\n%s", len(at), out)
	}
	for _, c := range at {
		if c != at[0] {
			t.Errorf("the period column starts at %v:\n%s", at, out)
			break
		}
	}
}

// On a terminal, a batch that takes more than a second shows its progress
// on stderr, as a share of the file with rows a second and the time left,
// and clears it before the summary; in a pipe it shows none.
func TestProgressOnATerminal(t *testing.T) {
	in := writeGenerated(t, 5_000, 0, "utf-8")
	batch.TestHookRow = func(line int) {
		if line == 2500 { // after two chunks are written
			time.Sleep(1500 * time.Millisecond)
		}
	}
	defer func() { batch.TestHookRow = nil }()
	for _, terminal := range []bool{true, false} {
		var out, errb bytes.Buffer
		a := &App{In: nil, Out: &out, Err: &errb, StderrIsTerminal: terminal, Lang: msg.NB}
		if code := a.execute([]string{"batch", in, "--year", "2021"}); code != exitOK {
			t.Fatalf("exit %d\n%s", code, errb.String())
		}
		stderr := errb.String()
		shown := regexp.MustCompile(`^alis: \d+ % – [\d ]+ rader, [\d ]+ rader/s, omtrent \d+ s igjen\r\x1b\[K`).MatchString(stderr)
		after := stderr[strings.LastIndex(stderr, "\x1b[K")+3:]
		if terminal && (!shown || strings.Contains(after, "\r") || !strings.Contains(after, "\nSammendrag")) {
			t.Errorf("on a terminal, stderr is %q", stderr)
		}
		if !terminal && strings.ContainsAny(stderr, "\r\x1b") {
			t.Errorf("in a pipe, stderr is %q", stderr)
		}
	}
}

// At COLUMNS=80 no line for people is wider than 80: the table of a batch,
// its summary, rules show, rules list and compare (a word longer than the
// line, a URL, stands on a line of its own and is the one exception).
func TestTextFitsEightyColumns(t *testing.T) {
	t.Setenv("COLUMNS", "80")
	reg := "../../../../testdata/csv/register.csv"
	for _, args := range [][]string{
		{"batch", reg, "--format", "table"},
		{"batch", reg, "--format", "table", "--lang", "en"},
		{"batch", "../../../../testdata/csv/avtaler-2021-win1252.csv", "--format", "table", "--year", "2021", "--allocate", "prorata"},
		{"rules", "show", "2021"},
		{"rules", "show", "2025/26"},
		{"rules", "list"},
		{"compare", "../../../../testdata/csv/avtaler-2021-win1252.csv", "--year", "2020", "--year", "2021"},
		{"compare", "../../../../testdata/csv/generasjoner.csv", "--year", "2021", "--year", "2025/26"},
	} {
		stdout, stderr, code := runAlis(t, nil, args...)
		if code > exitRejected {
			t.Fatalf("%v: exit %d\n%s", args, code, stderr)
		}
		lines := 0
		for _, line := range strings.Split(stdout+stderr, "\n") {
			if strings.HasPrefix(line, "alis: ") {
				continue // messages on stderr are lines of their own, as a log's
			}
			lines++
			if utf8.RuneCountInString(line) > 80 && len(strings.Fields(line)) > 1 {
				t.Errorf("%v: a line of %d: %q", args, utf8.RuneCountInString(line), line)
			}
		}
		if lines < 10 {
			t.Errorf("%v: only %d lines", args, lines)
		}
	}
}
