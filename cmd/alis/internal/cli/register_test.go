package cli

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

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
				{"workbook", book.Bytes(), file("batch", "resultat.xlsx")},
				{"report", made.ReplaceAll(rep.Bytes(), nil), made.ReplaceAll(file("report", "rapport.html"), nil)},
			} {
				if !bytes.Equal(o.one, o.want) {
					t.Errorf("%s: the one run's (%d bytes) is not the command's (%d bytes)", o.name, len(o.one), len(o.want))
				}
			}
			// What batch says on stderr, but the summary, which is an output here.
			if want := strings.Replace(saidAlone, string(summaryAlone), "", 1); said.String() != want {
				t.Errorf("stderr:\n%s\nalone, the summary taken out:\n%s", said.String(), want)
			}
		})
	}
}
