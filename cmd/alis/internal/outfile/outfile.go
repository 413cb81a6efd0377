// Package outfile opens the file a command writes to (-o FILE) so that a
// failed, interrupted or crashed run leaves nothing behind, and so that
// nothing but a regular file is ever replaced:
//
//   - a regular file (or a name that does not exist yet) is written to a
//     temporary file in the same folder, .NAME.*.tmp, renamed over the target
//     only by Commit;
//   - a character device (/dev/null, a terminal) or a named pipe is written
//     to directly: renaming a file over it would replace the device itself;
//   - a symbolic link is followed, and what it points to is treated as above;
//   - a path that names an open descriptor (/dev/stdout, /dev/fd/N,
//     /proc/self/fd/N, or a link to one) is written through that
//     descriptor, appending where it was opened to append, and left open;
//   - "-" is standard output;
//   - a folder, a block device, a socket or a link to nothing is refused
//     before any work is done.
//
// Every temporary file is registered until it is committed or aborted, so
// that RemoveTemporary can remove them all when the process is stopped by a
// signal or an internal error.
package outfile

import (
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"

	"github.com/alis-tilskudd/alis/internal/msg"
)

// Kind is how a File reaches its target.
type Kind int

const (
	// Stdout writes to the standard output the command was given.
	Stdout Kind = iota
	// Atomic writes a temporary file beside the target and renames it.
	Atomic
	// Direct writes to a device or a named pipe as it is.
	Direct
)

// File is an output being written.
type File struct {
	io.Writer
	kind   Kind
	name   string // as the user gave it
	target string // the path renamed over (Atomic), after following links
	f      *os.File
	perm   fs.FileMode
	done   bool
	keep   bool // a descriptor the process was given: written through, not closed
}

// Error is an output that cannot be opened or finished; it names the path
// as the user gave it.
type Error struct {
	Name string
	Err  error
}

func (e *Error) Error() string { return "-o " + e.Name + ": " + e.Err.Error() }

// Text is the error in l.
func (e *Error) Text(l msg.Lang) string { return "-o " + e.Name + ": " + msg.Text(l, e.Err) }
func (e *Error) Unwrap() error          { return e.Err }

// Open prepares name for writing. "-" is stdout.
func Open(name string, stdout io.Writer) (*File, error) {
	if name == "-" {
		return &File{Writer: stdout, kind: Stdout, name: name, done: true}, nil
	}
	fail := func(err error) (*File, error) { return nil, &Error{Name: name, Err: err} }
	if fd, ok := descriptorOf(name); ok {
		f := os.NewFile(uintptr(fd), name)
		st, err := f.Stat()
		if err != nil {
			return fail(msg.Errorf("descriptor %d is not open", fd))
		}
		if m := st.Mode(); m.IsDir() {
			return fail(msg.Errorf("descriptor %d is a folder", fd))
		}
		if fd == 0 {
			return fail(msg.Errorf("is standard input; give a file, - or /dev/stdout"))
		}
		return &File{Writer: f, kind: Direct, name: name, target: name, f: f, keep: true}, nil
	}
	target := name
	lst, err := os.Lstat(name)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return openAtomic(name, name, 0o666&^umask())
	case err != nil:
		return fail(pathless(err))
	case lst.Mode()&fs.ModeSymlink != 0:
		resolved, err := filepath.EvalSymlinks(name)
		if err != nil {
			if errors.Is(err, syscall.ELOOP) || strings.Contains(err.Error(), "too many links") {
				return fail(msg.Errorf("a loop of symbolic links; give the path of a file"))
			}
			dest, _ := os.Readlink(name)
			return fail(msg.Errorf("a symbolic link to %s, which does not exist; give the path of a file", dest))
		}
		target = resolved
	}
	st, err := os.Stat(target)
	if err != nil {
		return fail(pathless(err))
	}
	m := st.Mode()
	switch {
	case m.IsDir():
		return fail(msg.Errorf("is a folder; give the name of a file in it, such as %s", filepath.Join(name, "resultat.csv")))
	case m.IsRegular():
		return openAtomic(name, target, m.Perm())
	case m&fs.ModeDevice != 0 && m&fs.ModeCharDevice == 0:
		return fail(msg.Errorf("is a block device; alis writes only to files, character devices and pipes"))
	case m&fs.ModeCharDevice != 0, m&fs.ModeNamedPipe != 0:
		f, err := os.OpenFile(target, os.O_WRONLY, 0)
		if err != nil {
			return fail(pathless(err))
		}
		return &File{Writer: f, kind: Direct, name: name, target: target, f: f}, nil
	}
	return fail(msg.Errorf("is not a file, a character device or a pipe (%s)", FileKind(m)))
}

func openAtomic(name, target string, perm fs.FileMode) (*File, error) {
	dir := filepath.Dir(target)
	if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		return nil, &Error{Name: name, Err: msg.Errorf("the folder %s does not exist", dir)}
	}
	f, err := CreateTemp(dir, "."+filepath.Base(target)+".*.tmp")
	if err != nil {
		return nil, &Error{Name: name, Err: msg.Errorf("cannot write in %s: %v", dir, pathless(err))}
	}
	return &File{Writer: f, kind: Atomic, name: name, target: target, f: f, perm: perm}, nil
}

// pathless drops the path from a *fs.PathError, which the messages name
// already.
func pathless(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// FileKind names the kind of a file that is not a regular file.
func FileKind(m fs.FileMode) msg.Texter {
	switch {
	case m&fs.ModeNamedPipe != 0:
		return msg.New("a named pipe")
	case m&fs.ModeCharDevice != 0:
		return msg.New("a character device")
	case m&fs.ModeDevice != 0:
		return msg.New("a block device")
	case m&fs.ModeSocket != 0:
		return msg.New("a socket")
	case m&fs.ModeSymlink != 0:
		return msg.New("a symbolic link")
	case m.IsDir():
		return msg.New("a folder")
	}
	return msg.New("%s", m.Type().String())
}

// Kind says how the file reaches its target.
func (o *File) Kind() Kind { return o.kind }

// Name is the output's name as the user gave it.
func (o *File) Name() string { return o.name }

// Commit finishes the output: a temporary file is synced, closed and
// renamed over the target; a device or pipe is closed.
func (o *File) Commit() error {
	if o.done {
		return nil
	}
	o.done = true
	wrap := func(err error) error { return &Error{Name: o.name, Err: pathless(err)} }
	if o.kind == Direct {
		if o.keep {
			return nil
		}
		if err := o.f.Close(); err != nil {
			return wrap(err)
		}
		return nil
	}
	tmp := o.f.Name()
	err := o.f.Sync()
	if cerr := o.f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(tmp, o.perm)
	}
	if err == nil {
		err = renameRegistered(tmp, o.target)
	}
	if err != nil {
		removeRegistered(tmp)
		return wrap(err)
	}
	return nil
}

// Abort removes a temporary file that was not committed, and closes a
// device or pipe. It is safe to call after Commit.
func (o *File) Abort() {
	if o.done {
		return
	}
	o.done = true
	if !o.keep {
		o.f.Close()
	}
	if o.kind == Atomic {
		removeRegistered(o.f.Name())
	}
}

// The registry of temporary files not yet committed or removed.
var (
	mu    sync.Mutex
	temps = map[string]bool{}
)

// CreateTemp is os.CreateTemp for a file that RemoveTemporary removes if the
// process is stopped before the file is renamed or removed by this package.
func CreateTemp(dir, pattern string) (*os.File, error) {
	mu.Lock()
	defer mu.Unlock()
	f, err := os.CreateTemp(dir, pattern)
	if err == nil {
		temps[f.Name()] = true
	}
	return f, err
}

func renameRegistered(tmp, target string) error {
	mu.Lock()
	defer mu.Unlock()
	// On a POSIX system the rename replaces the target in one step, even
	// while a reader has it open. On Windows os.Rename replaces it too
	// (MoveFileEx with MOVEFILE_REPLACE_EXISTING), but fails while another
	// program holds the target open without sharing delete (Excel with the
	// workbook open): the temporary file is then removed, the target is
	// left as it was, and the error says so.
	err := os.Rename(tmp, target)
	if err == nil {
		delete(temps, tmp)
	}
	return err
}

func removeRegistered(tmp string) {
	mu.Lock()
	defer mu.Unlock()
	os.Remove(tmp)
	delete(temps, tmp)
}

// RemoveTemporary removes every registered temporary file and reports how
// many there were: for the way out of a process stopped by a signal or an
// internal error. A rename that comes after it finds no file to rename.
func RemoveTemporary() int {
	mu.Lock()
	defer mu.Unlock()
	n := len(temps)
	for p := range temps {
		os.Remove(p)
		delete(temps, p)
	}
	return n
}

// descriptorOf is the descriptor a path names, following symbolic links
// one at a time: /dev/stdout (1), /dev/stderr (2), /dev/stdin (0),
// /dev/fd/N and /proc/self/fd/N, or /proc/PID/fd/N of this process.
// Reopening such a path would start a regular file afresh (and lose what a
// shell's >> appends to) or fail on a pipe; the descriptor itself is
// written through instead.
func descriptorOf(name string) (int, bool) {
	p := name
	for range 40 {
		if fd, ok := fdPath(filepath.Clean(p)); ok {
			return fd, true
		}
		st, err := os.Lstat(p)
		if err != nil || st.Mode()&fs.ModeSymlink == 0 {
			return 0, false
		}
		t, err := os.Readlink(p)
		if err != nil {
			return 0, false
		}
		if !filepath.IsAbs(t) {
			t = filepath.Join(filepath.Dir(p), t)
		}
		p = t
	}
	return 0, false
}

func fdPath(p string) (int, bool) {
	switch p {
	case "/dev/stdin":
		return 0, true
	case "/dev/stdout":
		return 1, true
	case "/dev/stderr":
		return 2, true
	}
	var rest string
	switch {
	case strings.HasPrefix(p, "/dev/fd/"):
		rest = p[len("/dev/fd/"):]
	case strings.HasPrefix(p, "/proc/self/fd/"):
		rest = p[len("/proc/self/fd/"):]
	case strings.HasPrefix(p, "/proc/"+strconv.Itoa(os.Getpid())+"/fd/"):
		rest = p[len("/proc/"+strconv.Itoa(os.Getpid())+"/fd/"):]
	default:
		return 0, false
	}
	fd, err := strconv.Atoi(rest)
	if err != nil || fd < 0 || strconv.Itoa(fd) != rest {
		return 0, false
	}
	return fd, true
}
