package main

import (
	"fmt"
	"runtime"
	"runtime/debug"

	"github.com/spf13/cobra"

	"github.com/alis-tilskudd/alis/rules"
)

// buildVersion is set at link time: -ldflags "-X main.buildVersion=v1.2.3".
var buildVersion = ""

func version() string {
	v := buildVersion
	if v == "" {
		v = "(devel)"
		if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" {
			v = bi.Main.Version
		}
	}
	return "alis " + v
}

func (a *app) newVersionCmd() *cobra.Command {
	return &cobra.Command{
		Use:     "version",
		Short:   "Print the version of alis and of its embedded rule files",
		Long:    "version prints the version of alis, the Go version it was built with, and each embedded rule year with the sha256 of its file.",
		Example: "  alis version",
		Args:    noArgs,
		RunE: func(*cobra.Command, []string) error {
			fmt.Fprintf(a.out, "%s (%s)\n", version(), runtime.Version())
			for _, y := range rules.Years() {
				r, err := rules.Embedded(y)
				if err != nil {
					return err
				}
				fmt.Fprintf(a.out, "rules %d  sha256 %s\n", y, r.SHA256)
			}
			return nil
		},
	}
}
