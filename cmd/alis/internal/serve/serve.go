// Package serve is alis serve: the calculator as a local web page, for the
// people in a finance office who do not open a terminal. One agreement is a
// form whose fields follow the grant period (the same inputs as alis calc,
// from the same table), answered with the same result and explanation as
// alis calc --explain; a register is an upload, answered with the summary,
// the first rows and downloads of the workbook, the CSV, the JSON and the
// report, all made by the same commands as alis batch and alis report.
//
// The pages are server-rendered (html/template), work without JavaScript
// and fetch nothing from elsewhere. The server is for one machine: it
// listens on loopback unless told otherwise, refuses a Host header that
// does not name it (no DNS rebinding), bounds uploads, their number at once
// and its time, writes nothing but temporary files that are gone when the
// response ends, and answers every fault, a panic too, with a page in the
// reader's language.
package serve

import (
	"context"
	"embed"
	"errors"
	"html/template"
	"io"
	"log"
	"net"
	"net/http"
	"os"
	"runtime/debug"
	"strings"
	"time"

	"github.com/alis-tilskudd/alis/calc/input"
	"github.com/alis-tilskudd/alis/internal/msg"
)

//go:embed web
var web embed.FS

// Options are what the server is made from.
type Options struct {
	// Run runs alis in-process on the streams given and returns its exit
	// code (cli.Run): every page's figures are alis's own.
	Run func(args []string, stdin io.Reader, stdout, stderr io.Writer) int
	// Register computes a register once (cli.RunRegister): args are
	// batch's, and every output the page shows or offers is written from
	// that one run.
	Register func(args []string, outs Outputs, stderr io.Writer) int
	// Inputs are the inputs the form shows for a grant period: those its
	// rules read (as alis mal's columns).
	Inputs func(period string) ([]*input.Input, error)
	// Periods are the grant periods alis has rules for, in order, and
	// Today the period in force today.
	Periods []string
	Today   string
	// MaxUpload is the largest register accepted, in bytes; MaxUploads
	// how many are read at once (more are told to try again).
	MaxUpload  int64
	MaxUploads int
	// Keep is how long a register's downloads are kept (0: 30 minutes).
	Keep time.Duration
	// Log is where the server says what went wrong (a panic, with its
	// stack); nil: standard error.
	Log io.Writer
}

// The bounds of the server, as the README gives them.
const (
	DefaultMaxUpload  = 50 << 20
	DefaultMaxUploads = 4
	// keep is how long a register's downloads are kept, in memory; keepBytes
	// the most all of them may hold.
	keep      = 30 * time.Minute
	keepBytes = 512 << 20
)

// Server is the web page's handler.
type Server struct {
	opt     Options
	hosts   func(host string) bool
	uploads chan struct{}
	store   *store
	pages   *template.Template
	log     *log.Logger
}

// New makes the server for the address it serves (host:port), whose Host
// header every request must name.
func New(o Options, addr string) (*Server, error) {
	if o.Run == nil || o.Register == nil || o.Inputs == nil {
		return nil, errors.New("serve.New: Options.Run, Register and Inputs are required") //msg:ok a fault of the program that embeds the server, not of its user
	}
	if o.MaxUpload <= 0 {
		o.MaxUpload = DefaultMaxUpload
	}
	if o.MaxUploads <= 0 {
		o.MaxUploads = DefaultMaxUploads
	}
	if o.Keep <= 0 {
		o.Keep = keep
	}
	if o.Log == nil {
		o.Log = os.Stderr
	}
	hosts, err := hostCheck(addr)
	if err != nil {
		return nil, err
	}
	pages, err := template.New("").Funcs(funcs).ParseFS(web, "web/*.html")
	if err != nil {
		return nil, err
	}
	return &Server{opt: o, hosts: hosts, uploads: make(chan struct{}, o.MaxUploads), store: newStore(o.Keep, keepBytes),
		pages: pages, log: log.New(o.Log, "alis serve: ", log.LstdFlags)}, nil
}

// IsLoopback reports whether addr (host:port) listens on this machine only.
func IsLoopback(addr string) bool {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return false
	}
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// hostCheck is what a Host header may be for addr: on loopback, the
// address itself, localhost and the loopback addresses, at its port;
// elsewhere (given explicitly) an IP address or the machine's name at its
// port. A name that resolves to the machine by DNS alone is refused, so
// that a page elsewhere cannot rebind its name to this server.
func hostCheck(addr string) (func(string) bool, error) {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return nil, msg.Errorf("--addr %s: %v", addr, err)
	}
	loop := IsLoopback(addr)
	name, _ := os.Hostname()
	return func(h string) bool {
		hh, hp, err := net.SplitHostPort(h)
		if err != nil {
			hh, hp = h, "80"
		}
		hh = strings.Trim(hh, "[]")
		if hp != port {
			return false
		}
		ip := net.ParseIP(hh)
		switch {
		case strings.EqualFold(hh, host), strings.EqualFold(hh, "localhost"):
			return true
		case loop:
			return ip != nil && ip.IsLoopback()
		}
		return ip != nil || (name != "" && strings.EqualFold(hh, name))
	}, nil
}

// Handler is the server's pages, behind the checks every request passes.
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("/{$}", s.method("GET", s.calcPage))
	mux.HandleFunc("/register", s.registerPage)
	mux.HandleFunc("/download/{token}/{name}", s.method("GET", s.download))
	mux.HandleFunc("/style.css", s.method("GET", s.style))
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		s.fail(w, r, http.StatusNotFound, msg.New("there is no page %s", r.URL.Path))
	})
	return s.guard(mux)
}

// guard sets the headers every response has, refuses a Host that is not
// this server's, and turns a panic into a page (the server runs on).
func (s *Server) guard(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", "default-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "no-referrer")
		h.Set("Cache-Control", "no-store")
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				s.log.Printf("%s %s: panic: %v\n%s", r.Method, r.URL.Path, v, debug.Stack())
				s.fail(w, r, http.StatusInternalServerError, msg.New("internal error"))
			}
		}()
		if !s.hosts(r.Host) {
			s.fail(w, r, http.StatusMisdirectedRequest, msg.New("this server does not answer for %s: open the address alis serve printed", r.Host))
			return
		}
		next.ServeHTTP(w, r)
	})
}

// method lets only the given method through, and answers any other with a
// page.
func (s *Server) method(m string, h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if r.Method != m && !(m == "GET" && r.Method == "HEAD") {
			w.Header().Set("Allow", m)
			s.fail(w, r, http.StatusMethodNotAllowed, msg.New("%s is not a way to ask for this page", r.Method))
			return
		}
		h(w, r)
	}
}

func (s *Server) style(w http.ResponseWriter, r *http.Request) {
	b, _ := web.ReadFile("web/style.css")
	w.Header().Set("Content-Type", "text/css; charset=utf-8")
	w.Write(b)
}

// Serve answers on ln until ctx is done, then lets the requests in flight
// end (for at most 10 s) and returns.
func Serve(ctx context.Context, ln net.Listener, h http.Handler) error {
	srv := httpServer(h)
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ln) }()
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
	}
	stop, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	err := srv.Shutdown(stop)
	if e := <-done; err == nil && !errors.Is(e, http.ErrServerClosed) {
		err = e
	}
	return err
}

// httpServer is the server for h with the bounds the README gives: 10 s
// to send the headers (64 KB of them), 5 minutes to send a request (a 50
// MB upload on a slow line) or receive an answer, 2 minutes idle.
func httpServer(h http.Handler) *http.Server {
	return &http.Server{
		Handler:           h,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       5 * time.Minute,
		WriteTimeout:      5 * time.Minute,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          log.New(io.Discard, "", 0),
	}
}

// status is a page's status for alis's exit code: 2 (bad input) is the
// reader's to mend, 3 the program's.
func status(code int) int {
	switch code {
	case 0, 1:
		return http.StatusOK
	case 2:
		return http.StatusUnprocessableEntity
	}
	return http.StatusInternalServerError
}
