package cli

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/alis-tilskudd/alis/cmd/alis/internal/gen"
	"github.com/alis-tilskudd/alis/cmd/alis/internal/serve"
)

// The register alis serve computes in one run gives what the commands
// give each on its own: the table, the summary, the CSV for Norwegian
// Excel, the JSON, the workbook and the report, byte for byte (the
// report's time of making aside), for registers with and without
// employment rows and bad rows, by period and under a period chosen, in
// each language. The first register has more chunks of rows than one
// worker has jobs, so that a job (and the Bufs the sinks keep in it) is
// used again.
func TestRegisterIsOneRunOfBatch(t *testing.T) {
	dir := t.TempDir()
	made := regexp.MustCompile(`\d\d\.\d\d\.\d{4} kl\. \d\d:\d\d \([^)]*\)|\d{4}-\d\d-\d\d \d\d:\d\d [A-Z+\-0-9]+`)
	for _, c := range []struct {
		name string
		gen  gen.Options
		args []string
	}{
		{"2021, bad rows", gen.Options{Rows: 5200, Seed: 21, Encoding: "windows-1252", Year: 2021, Bad: 0.02}, []string{"--lang=nb", "--workers=1"}},
		{"2023, employment", gen.Options{Rows: 1500, Seed: 23, Encoding: "utf-8", Year: 2023, Bad: 0.01, Employment: true}, []string{"--lang=nn"}},
		{"2021 under 2020", gen.Options{Rows: 800, Seed: 20, Encoding: "utf-8", Year: 2021}, []string{"--lang=en", "--year=2020"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			in := filepath.Join(dir, c.name+".csv")
			var data bytes.Buffer
			if err := gen.Write(&data, c.gen); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(in, data.Bytes(), 0o600); err != nil {
				t.Fatal(err)
			}
			var table, summary, book, csv, json, rep, said bytes.Buffer
			code := RunRegister(append([]string{in}, c.args...), serve.Outputs{Name: in, Table: &table, Summary: &summary, Workbook: &book, CSV: &csv, JSON: &json, Report: &rep}, &said)
			if code > 1 || table.Len() == 0 {
				t.Fatalf("exit %d: %s", code, said.String())
			}
			alone := func(args ...string) ([]byte, string) {
				t.Helper()
				var out, errb bytes.Buffer
				if got := Run(append(append(args, in), c.args...), nil, &out, &errb); got != code {
					t.Fatalf("%v: exit %d, the one run %d: %s", args, got, code, errb.String())
				}
				return out.Bytes(), errb.String()
			}
			file := func(args ...string) []byte {
				t.Helper()
				target := filepath.Join(dir, "alone-"+args[len(args)-1])
				alone(append(args[:len(args)-1], "-o", target)...)
				b, err := os.ReadFile(target)
				if err != nil {
					t.Fatal(err)
				}
				return b
			}
			tableAlone, saidAlone := alone("batch", "--format=table")
			summaryAlone, _ := alone("batch", "--summary-only", "--format=table")
			csvAlone, _ := alone("batch", "--format=csv", "--dialect=excel-nb")
			jsonAlone, _ := alone("batch", "--format=json")
			for _, o := range []struct {
				name      string
				one, want []byte
			}{
				{"table", table.Bytes(), tableAlone},
				{"summary", summary.Bytes(), summaryAlone},
				{"CSV", csv.Bytes(), csvAlone},
				{"JSON", json.Bytes(), jsonAlone},
				{"report", made.ReplaceAll(rep.Bytes(), nil), made.ReplaceAll(file("report", "rapport.html"), nil)},
			} {
				if !bytes.Equal(o.one, o.want) {
					t.Errorf("%s: the one run's (%d bytes) is not the command's (%d bytes)", o.name, len(o.one), len(o.want))
				}
			}
			// A workbook's shared strings are numbered as the workers come to
			// them, so its bytes differ from run to run: its cells are the same.
			if one, want := workbookCells(t, book.Bytes()), workbookCells(t, file("batch", "resultat.xlsx")); one != want {
				t.Errorf("workbook: the one run's cells are not the command's")
			}
			// What batch says on stderr, but the summary, which is an output here.
			if want := strings.Replace(saidAlone, string(summaryAlone), "", 1); said.String() != want {
				t.Errorf("stderr:\n%s\nalone, the summary taken out:\n%s", said.String(), want)
			}
		})
	}
}

// workbookCells is every sheet of a workbook by name, and its rows' cells.
func workbookCells(t *testing.T, b []byte) string {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out strings.Builder
	for _, sheet := range f.GetSheetList() {
		rows, err := f.GetRows(sheet, excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(&out, "== %s\n", sheet)
		for _, r := range rows {
			fmt.Fprintf(&out, "%q\n", r)
		}
	}
	return out.String()
}

// A workbook has the same cells whatever the number of workers, and with
// one worker the same bytes every time (as the README says).
func TestWorkbookIsDeterministic(t *testing.T) {
	p := writeGenerated(t, 4000, 0.01, "utf-8")
	dir := t.TempDir()
	book := func(name string, workers string) []byte {
		t.Helper()
		target := filepath.Join(dir, name)
		if _, errOut, code := runAlis(t, nil, "batch", p, "--workers", workers, "-o", target); code > 1 {
			t.Fatalf("exit %d: %s", code, errOut)
		}
		b, err := os.ReadFile(target)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	one, again, four := book("a.xlsx", "1"), book("b.xlsx", "1"), book("c.xlsx", "4")
	if !bytes.Equal(one, again) {
		t.Error("--workers 1: two runs give other bytes")
	}
	if workbookCells(t, one) != workbookCells(t, four) {
		t.Error("--workers 4 gives other cells than --workers 1")
	}
}
