//go:build unix

package outfile

import (
	"io/fs"
	"os"
	"strconv"
	"strings"
	"sync"
	"syscall"
)

// umask is the process's file mode creation mask: a new output file gets
// 0666 with it applied, as a shell's redirection would. It is read from
// /proc/self/status where there is one, so that the mask is never changed
// while other goroutines create files; else set and restored once.
var umask = sync.OnceValue(func() fs.FileMode {
	if b, err := os.ReadFile("/proc/self/status"); err == nil {
		for line := range strings.SplitSeq(string(b), "\n") {
			if v, ok := strings.CutPrefix(line, "Umask:"); ok {
				if m, err := strconv.ParseUint(strings.TrimSpace(v), 8, 32); err == nil {
					return fs.FileMode(m)
				}
			}
		}
	}
	m := syscall.Umask(0)
	syscall.Umask(m)
	return fs.FileMode(m)
})
