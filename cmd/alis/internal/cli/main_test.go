package cli

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
	"github.com/xuri/excelize/v2"
)

var updateScripts = flag.Bool("update", false, "rewrite the expected output in testdata/script from the actual output")

func TestMain(m *testing.M) {
	if filepath.Base(os.Args[0]) != "alis" {
		// The tests in Go read alis's English, unless they ask for bokmål
		// with --lang nb; the scripts run alis as a user does, in bokmål
		// (testscript gives them an environment of their own).
		os.Setenv("ALIS_LANG", "en")
		// No settings file of the machine's user: a folder that is not
		// there holds none, and a test names its own.
		os.Setenv("XDG_CONFIG_HOME", filepath.Join(os.TempDir(), "alis-tests-have-no-settings"))
		os.Unsetenv("ALIS_CONFIG")
	}
	testscript.Main(m, map[string]func(){
		"alis": func() { os.Exit(Main()) },
	})
}

// TestScripts runs every testdata/script/*.txtar against the real main.
// go test ./cmd/alis -run TestScripts -update rewrites the expected output; read the diff.
func TestScripts(t *testing.T) {
	testscript.Run(t, testscript.Params{
		Dir:           "../../../../testdata/script",
		UpdateScripts: *updateScripts,
		Setup: func(env *testscript.Env) error {
			dir, err := filepath.Abs("../../../../testdata")
			env.Setenv("TESTDATA", dir)
			return err
		},
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){"sheet": sheetCmd},
	})
}

// sheetCmd is the scripts' "sheet FILE [SHEET]": it prints the sheet's
// rows (the first sheet's, without SHEET) to stdout, a row a line, its
// cells apart by tabs, as excelize reads them; "sheets FILE" is not needed,
// as an unknown sheet's error lists them.
func sheetCmd(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) < 1 || len(args) > 2 {
		ts.Fatalf("usage: sheet FILE [SHEET]")
	}
	f, err := excelize.OpenFile(ts.MkAbs(args[0]))
	ts.Check(err)
	defer f.Close()
	name := f.GetSheetName(0)
	if len(args) == 2 {
		name = args[1]
	}
	rows, err := f.GetRows(name)
	if err != nil {
		ts.Fatalf("%v (the sheets are %s)", err, strings.Join(f.GetSheetList(), ", "))
	}
	for _, r := range rows {
		fmt.Fprintln(ts.Stdout(), strings.Join(r, "\t"))
	}
}
