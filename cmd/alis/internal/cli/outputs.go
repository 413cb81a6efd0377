package cli

import (
	"bufio"
	"io"

	"github.com/alis-tilskudd/alis/cmd/alis/internal/outfile"
	"github.com/alis-tilskudd/alis/internal/msg"
)

// openOutput opens -o FILE, or standard output for "" and "-", before any
// work is done: a folder or a device that cannot be written fails here.
func (a *App) openOutput(name string) (*outfile.File, error) {
	if name == "" {
		name = "-"
	}
	if a.stdoutClosed && name == "-" {
		return nil, usagef("standard output is closed, so the results would go nowhere").withHint("give -o FILE, or run alis with its output to a file or a pipe")
	}
	f, err := outfile.Open(name, a.Out)
	if err != nil {
		return nil, &runError{err: err}
	}
	return f, nil
}

// toOutput writes what write writes to -o name: atomically to a file (a
// failed run leaves none), directly to a device or a pipe, or to standard
// output for "" and "-".
func (a *App) toOutput(name string, write func(w io.Writer) error) error {
	f, err := a.openOutput(name)
	if err != nil {
		return err
	}
	defer f.Abort()
	bw := bufio.NewWriterSize(f, 64<<10)
	if err := write(bw); err != nil {
		return err
	}
	if err := bw.Flush(); err != nil {
		return &runError{err: msg.Errorf("writing: %w", err)}
	}
	if err := f.Commit(); err != nil {
		return &runError{err: err}
	}
	return nil
}
