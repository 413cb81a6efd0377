package cli

import (
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
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
	})
}
