package cli

import (
	"io"
	"os"
	"strconv"
	"strings"

	"golang.org/x/term"

	"github.com/alis-tilskudd/alis/cmd/alis/internal/output"
)

// isTerminal reports whether w is a character device (a terminal).
// widthOf is the width of text for people written to w: COLUMNS, else
// the terminal's, else output.DefaultWidth.
func widthOf(w io.Writer) int {
	if n, err := strconv.Atoi(strings.TrimSpace(os.Getenv("COLUMNS"))); err == nil && n > 0 {
		return max(n, output.MinWidth)
	}
	if f, ok := w.(*os.File); ok && isTerminal(f) {
		if n, _, err := term.GetSize(int(f.Fd())); err == nil && n > 0 {
			return max(n, output.MinWidth)
		}
	}
	return output.DefaultWidth
}

// outWidth is the width of text for people written to -o name: standard
// output's when there is no name, or it is "-".
func (a *App) outWidth(name string) int {
	if name == "" || name == "-" {
		return widthOf(a.Out)
	}
	return widthOf(nil)
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}
