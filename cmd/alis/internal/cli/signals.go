package cli

import (
	"io"
	"os"
	"os/signal"
	"sync/atomic"
	"syscall"

	"github.com/alis-tilskudd/alis/cmd/alis/internal/outfile"
	"github.com/alis-tilskudd/alis/internal/msg"
)

// reserveClosedStreams finds which of standard input, output and error the
// process was started without (alis batch f.csv >&-). The Go runtime opens
// the null device, read and write, in the place of each one closed, so that
// no file the run opens takes its number; startedClosed tells that apart
// from a stream a shell sent to /dev/null (write only, or read only).
func reserveClosedStreams() (closed [3]bool) {
	for i, f := range []*os.File{os.Stdin, os.Stdout, os.Stderr} {
		if _, err := f.Stat(); err != nil {
			closed[i] = true
			flag := os.O_WRONLY
			if i == 0 {
				flag = os.O_RDONLY
			}
			os.OpenFile(os.DevNull, flag, 0) // takes the lowest number free: this one's
			continue
		}
		closed[i] = startedClosed(f)
	}
	return closed
}

// On Windows only os.Interrupt (Ctrl-C, Ctrl-Break) and the closing of the
// console (delivered as SIGTERM) reach a Go program; the other signals
// below compile there and never come, and a closed pipe is the EPIPE of a
// write.
//
// onSignal makes SIGINT, SIGTERM, SIGHUP (a closed terminal, a dropped
// ssh) and SIGQUIT remove every temporary output file and end the process
// with 128 + the signal's number (130, 143, 129, 131), as a shell reports a
// process stopped by them. SIGPIPE is taken too, so that a write to a reader
// that has gone fails with EPIPE, which ends the run quietly (pipeClosed),
// rather than killing the process with a temporary file left behind.
func onSignal(stderr io.Writer, l msg.Lang) (stop func()) {
	ch := make(chan os.Signal, 1)
	signal.Notify(ch, os.Interrupt, syscall.SIGTERM, syscall.SIGHUP, syscall.SIGQUIT, syscall.SIGPIPE)
	done := make(chan struct{})
	go func() {
		var s os.Signal
		for s == nil || s == syscall.SIGPIPE { // a SIGPIPE is the EPIPE of the write that caused it
			select {
			case s = <-ch:
			case <-done:
				return
			}
			// A command that stops on its own (alis serve) is told, once: a
			// second signal ends the process as any other.
			if f := stopper.Swap(nil); f != nil && s != syscall.SIGPIPE {
				(*f)(s)
				s = nil
			}
		}
		d := msg.Diag{W: stderr, L: l}
		if outfile.RemoveTemporary() > 0 {
			d.Errorf("stopped by %s; the output file was not written", signalName(s))
		} else {
			d.Errorf("stopped by %s", signalName(s))
		}
		code := 128 + 2
		if sig, ok := s.(syscall.Signal); ok {
			code = 128 + int(sig)
		}
		os.Exit(code)
	}()
	return func() { signal.Stop(ch); close(done) }
}

// stopper, when set, is told of the first signal in place of ending the
// process: alis serve lets the requests in flight end and returns.
var stopper atomic.Pointer[func(os.Signal)]

func signalName(s os.Signal) string {
	switch s {
	case os.Interrupt:
		return "SIGINT"
	case syscall.SIGTERM:
		return "SIGTERM"
	case syscall.SIGHUP:
		return "SIGHUP"
	case syscall.SIGQUIT:
		return "SIGQUIT"
	}
	return s.String()
}
