package cli

import (
	"fmt"
	"runtime"
	"runtime/debug"

	"github.com/spf13/cobra"

	"github.com/alis-tilskudd/alis/internal/msg"
	"github.com/alis-tilskudd/alis/rules"
)

// BuildVersion is set at link time: -ldflags "-X github.com/alis-tilskudd/alis/cmd/alis/internal/cli.BuildVersion=v1.2.3".
var BuildVersion = ""

func version() string {
	v := BuildVersion
	if v == "" {
		v = "(devel)"
		if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" {
			v = bi.Main.Version
		}
	}
	return "alis " + v
}

func (a *App) newVersionCmd() *cobra.Command {
	l := a.Lang
	return &cobra.Command{
		Use:     "version",
		Short:   msg.S(l, "Print the version of alis and of its embedded rule files"),
		Long:    msg.S(l, "version prints the version of alis, the Go version it was built with, and each embedded rule period with the sha256 of its file."),
		Example: "  alis version",
		Args:    noArgs,
		RunE: func(*cobra.Command, []string) error {
			return a.runVersion()
		},
	}
}

// runVersion prints the version and each embedded period's checksum.
func (a *App) runVersion() error {
	fmt.Fprintf(a.Out, "%s (%s)\n", version(), runtime.Version())
	for _, p := range rules.Periods() {
		r, err := rules.Embedded(p)
		if err != nil {
			return err
		}
		fmt.Fprintf(a.Out, "rules %s  sha256 %s\n", p, r.SHA256)
	}
	return nil
}
