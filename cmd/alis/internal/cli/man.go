package cli

import (
	"os"
	"path/filepath"

	"github.com/spf13/cobra"
	"github.com/spf13/cobra/doc"

	"github.com/alis-tilskudd/alis/internal/msg"
)

// newManCmd writes alis's man pages, one per command, in the App's
// language.
func (a *App) newManCmd() *cobra.Command {
	l := a.Lang
	return &cobra.Command{
		Use:   "man DIR",
		Short: msg.S(l, "Write the man pages of alis and its commands into a folder"),
		Long: msg.S(l, `man writes a man page for alis and for each of its commands (alis.1, alis-calc.1, ...)
into DIR, in the language of the help (--lang), made from the same text as --help.
Read one with man -l DIR/alis-calc.1, or put DIR on MANPATH. The pages are written
whole or not at all: a run that fails leaves none behind.`),
		Example: "  alis man ~/.local/share/man/man1\n  alis man man1 --lang en",
		Args:    exactArgs(1, msg.New("the folder to write the man pages into")),
		RunE: func(c *cobra.Command, args []string) error {
			return a.runMan(c.Root(), args[0])
		},
	}
}

// runMan writes the pages into a temporary folder beside dir, then moves
// each into dir: an error on the way leaves none of them.
func (a *App) runMan(root *cobra.Command, dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return &runError{err: msg.Errorf("%s: %v", dir, err)}
	}
	tmp, err := os.MkdirTemp(dir, ".alis-man-*")
	if err != nil {
		return &runError{err: msg.Errorf("%s: %v", dir, err)}
	}
	defer os.RemoveAll(tmp)
	header := &doc.GenManHeader{Title: "ALIS", Section: "1", Source: version(), Manual: msg.S(a.Lang, "alis manual")}
	root.DisableAutoGenTag = true
	if err := doc.GenManTree(root, header, tmp); err != nil {
		return &runError{err: msg.Errorf("%s: %v", dir, err)}
	}
	pages, err := filepath.Glob(filepath.Join(tmp, "*.1"))
	if err != nil || len(pages) == 0 {
		return &runError{err: msg.Errorf("%s: no man page was made", dir)}
	}
	var moved []string
	for _, p := range pages {
		to := filepath.Join(dir, filepath.Base(p))
		if err := os.Rename(p, to); err != nil {
			for _, m := range moved {
				os.Remove(m)
			}
			return &runError{err: msg.Errorf("%s: %v", to, err)}
		}
		moved = append(moved, to)
	}
	a.diag().Sayf("wrote %d man pages into %s", len(moved), dir)
	return nil
}
