package serve

import (
	"bytes"
	"errors"
	"io"
	"mime/multipart"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/klauspost/compress/gzip"

	"github.com/alis-tilskudd/alis/cmd/alis/internal/xlsx"
	"github.com/alis-tilskudd/alis/internal/msg"
)

// registerForm is the register page: the upload form, and what came of an
// upload.
type registerForm struct {
	Periods   []string
	Period    string
	Name      string // the uploaded file's, as shownName makes it
	MaxMB     int64
	Done      bool
	Summary   string
	Rows      string
	Said      []string
	Downloads []download
}

type download struct{ Name, Label, Href string }

// Outputs are where a register's one run writes: the page's table and
// summary, and each download.
type Outputs struct {
	// Name is what the register is called in the messages, the workbook
	// and the report: the uploaded file's name, not the server's file
	// ("": the file's last part).
	Name                        string
	Table, Summary              io.Writer
	Workbook, CSV, JSON, Report io.Writer
}

// downloadFile is one of a register's downloads: its name, its label on
// the page, which of the run's outputs it is, and whether it is kept
// gzipped.
type downloadFile struct {
	name, label string
	of          func(*Outputs) *io.Writer
	gzipped     bool
}

// downloads are a register's downloads, in the order the page offers them.
// Those that are text are kept gzipped (a register's JSON is about 2 kB an
// agreement, a tenth of that gzipped), and sent so to a browser that takes
// it; the workbook is a zip already.
var downloads = []downloadFile{
	{"resultat.xlsx", msg.Key("Workbook"), func(o *Outputs) *io.Writer { return &o.Workbook }, false},
	{"resultat.csv", msg.Key("CSV for Norwegian Excel"), func(o *Outputs) *io.Writer { return &o.CSV }, true},
	{"resultat.json", msg.Key("JSON"), func(o *Outputs) *io.Writer { return &o.JSON }, true},
	{"rapport.html", msg.Key("Report"), func(o *Outputs) *io.Writer { return &o.Report }, true},
}

// registerPage is the upload form (GET) and its answer (POST).
func (s *Server) registerPage(w http.ResponseWriter, r *http.Request) {
	l := langOf(r)
	f := &registerForm{Periods: s.opt.Periods, MaxMB: s.opt.MaxUpload >> 20}
	p := newPage(r, l, msg.S(l, "A register"))
	p.Body = f
	switch r.Method {
	case http.MethodGet, http.MethodHead:
		s.render(w, http.StatusOK, "register.html", p)
		return
	case http.MethodPost:
	default:
		w.Header().Set("Allow", "GET, POST")
		s.fail(w, r, http.StatusMethodNotAllowed, msg.New("%s is not a way to ask for this page", r.Method))
		return
	}
	select {
	case s.uploads <- struct{}{}:
		defer func() { <-s.uploads }()
	default:
		w.Header().Set("Retry-After", "10")
		s.fail(w, r, http.StatusServiceUnavailable, msg.New("%d registers are being read already: try again in a moment", cap(s.uploads)))
		return
	}
	dir, err := os.MkdirTemp("", "alis-serve-*")
	if err != nil {
		s.fail(w, r, http.StatusInternalServerError, msg.New("%s", msg.Text(l, err)))
		return
	}
	defer os.RemoveAll(dir) // nothing is left when the response ends
	status, why := s.readUpload(w, r, dir, f)
	if why != nil {
		s.fail(w, r, status, why)
		return
	}
	status = s.runRegister(l, dir, f)
	s.render(w, status, "register.html", p)
}

// readUpload reads the form's period and its file into dir, as
// avtaler.csv or avtaler.xlsx by what its first bytes say it is (its own
// name names no path here).
func (s *Server) readUpload(w http.ResponseWriter, r *http.Request, dir string, f *registerForm) (int, *msg.Msg) {
	r.Body = http.MaxBytesReader(w, r.Body, s.opt.MaxUpload+1<<20) // the form's other fields, beside the file
	mr, err := r.MultipartReader()
	if err != nil {
		return http.StatusBadRequest, msg.New("the form was not sent as a form with a file (multipart/form-data)")
	}
	got := false
	for {
		part, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return tooLarge(err, s.opt.MaxUpload)
		}
		switch part.FormName() {
		case "period":
			b, _ := io.ReadAll(io.LimitReader(part, 64))
			f.Period = strings.TrimSpace(string(b))
			if f.Period != "" && !slices.Contains(s.opt.Periods, f.Period) {
				return http.StatusBadRequest, msg.New("%s is not a grant period alis has rules for: %s", msg.Quote(f.Period), strings.Join(s.opt.Periods, ", "))
			}
		case "file":
			if got {
				return http.StatusBadRequest, msg.New("give one file")
			}
			got = true
			f.Name = shownName(part.FileName())
			if status, why := s.saveFile(part, dir); why != nil {
				return status, why
			}
		}
	}
	if !got {
		return http.StatusBadRequest, msg.New("no file was chosen")
	}
	return 0, nil
}

// saveFile writes the uploaded file into dir, at most MaxUpload bytes, as
// a CSV file or a workbook by its content.
func (s *Server) saveFile(part *multipart.Part, dir string) (int, *msg.Msg) {
	head := make([]byte, 512)
	n, err := io.ReadFull(part, head)
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) && !errors.Is(err, io.EOF) {
		return tooLarge(err, s.opt.MaxUpload)
	}
	head = head[:n]
	if n == 0 {
		return http.StatusBadRequest, msg.New("the file is empty")
	}
	name := "avtaler.csv"
	switch {
	case xlsx.IsXLSX(head):
		name = "avtaler.xlsx"
	case !looksLikeText(head):
		return http.StatusUnsupportedMediaType, msg.New("this is not a CSV file or an Excel workbook (.xlsx): save the register as one of them")
	}
	out, err := os.OpenFile(filepath.Join(dir, name), os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
	if err != nil {
		return http.StatusInternalServerError, msg.New("%s", err.Error())
	}
	defer out.Close()
	if _, err := out.Write(head); err != nil {
		return http.StatusInternalServerError, msg.New("%s", err.Error())
	}
	written, err := io.Copy(out, io.LimitReader(part, s.opt.MaxUpload-int64(n)+1))
	if err != nil {
		return tooLarge(err, s.opt.MaxUpload)
	}
	if int64(n)+written > s.opt.MaxUpload {
		return http.StatusRequestEntityTooLarge, msg.New("the file is larger than %d MB, the most alis serve reads", s.opt.MaxUpload>>20)
	}
	return 0, nil
}

// shownName is an uploaded file's name as alis says it: its last part
// (a browser may send a path), without control characters, at most 80
// characters; "" where nothing is left. It names no file on this machine.
func shownName(name string) string {
	if i := strings.LastIndexAny(name, `/\`); i >= 0 {
		name = name[i+1:]
	}
	name = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) || r == utf8.RuneError {
			return -1
		}
		return r
	}, name)
	name = strings.TrimSpace(name)
	if r := []rune(name); len(r) > 80 {
		name = string(r[:80])
	}
	if name == "." || name == ".." {
		return ""
	}
	return name
}

// tooLarge is a read that failed: for a body over the bound, 413.
func tooLarge(err error, limit int64) (int, *msg.Msg) {
	var mb *http.MaxBytesError
	if errors.As(err, &mb) {
		return http.StatusRequestEntityTooLarge, msg.New("the file is larger than %d MB, the most alis serve reads", limit>>20)
	}
	return http.StatusBadRequest, msg.New("the upload could not be read: %s", err.Error())
}

// looksLikeText reports whether a file's first bytes are text alis may
// read as CSV: UTF-16 with its byte-order mark, or bytes with no NUL and
// few other control characters (UTF-8 or Windows-1252).
func looksLikeText(b []byte) bool {
	if bytes.HasPrefix(b, []byte{0xFF, 0xFE}) || bytes.HasPrefix(b, []byte{0xFE, 0xFF}) {
		return true
	}
	bad := 0
	for len(b) > 0 {
		r, size := utf8.DecodeRune(b)
		switch {
		case r == 0:
			return false
		case r < 0x20 && r != '\t' && r != '\r' && r != '\n':
			bad++
		}
		b = b[size:]
	}
	return bad == 0
}

// runRegister computes the register as alis batch does, once: the table
// and summary for the page, and every download from the same run, kept in
// memory under a token that only this answer names.
func (s *Server) runRegister(l msg.Lang, dir string, f *registerForm) int {
	in := filepath.Join(dir, "avtaler.csv")
	if _, err := os.Stat(in); err != nil {
		in = filepath.Join(dir, "avtaler.xlsx")
	}
	args := []string{in, "--lang=" + string(l)}
	if f.Period != "" {
		args = append(args, "--year="+f.Period)
	}
	var sum, errb bytes.Buffer
	table := &headWriter{n: 60}
	outs := Outputs{Name: f.Name, Table: table, Summary: &sum}
	files := make([]bytes.Buffer, len(downloads))
	zips := make([]*gzip.Writer, len(downloads))
	for i, d := range downloads {
		*d.of(&outs) = &files[i]
		if d.gzipped {
			zips[i], _ = gzip.NewWriterLevel(&files[i], gzip.BestSpeed) // a level it has
			*d.of(&outs) = zips[i]
		}
	}
	code := s.opt.Register(args, outs, &errb)
	for _, z := range zips {
		if z != nil {
			z.Close() // into memory: it cannot fail
		}
	}
	f.Said = lines(strings.ReplaceAll(errb.String(), dir+string(filepath.Separator), "")) // the file by its name, not the server's folder
	if code > 1 {
		return status(code)
	}
	f.Done = true
	f.Rows = string(table.b)
	f.Summary = sum.String()
	kept := map[string][]byte{}
	for i, d := range downloads {
		kept[d.name] = files[i].Bytes()
	}
	token := s.store.put(kept)
	for _, d := range downloads {
		f.Downloads = append(f.Downloads, download{Name: d.name, Label: msg.Dyn(l, d.label), Href: "/download/" + token + "/" + d.name})
	}
	return http.StatusOK
}

// headWriter keeps the first n lines written to it, and a line that says
// there are more; the rest it lets go (a register's table for the page).
type headWriter struct {
	n     int
	b     []byte
	lines int
	more  bool
}

func (h *headWriter) Write(p []byte) (int, error) {
	for rest := p; len(rest) > 0 && !h.more; {
		if h.lines == h.n {
			h.more = true
			h.b = append(h.b, "…\n"...)
			break
		}
		i := bytes.IndexByte(rest, '\n')
		if i < 0 {
			h.b = append(h.b, rest...)
			break
		}
		h.b = append(h.b, rest[:i+1]...)
		h.lines++
		rest = rest[i+1:]
	}
	return len(p), nil
}

// download serves a register's download, while it is kept.
func (s *Server) download(w http.ResponseWriter, r *http.Request) {
	name := r.PathValue("name")
	b, ok := s.store.get(r.PathValue("token"), name)
	if !ok {
		s.fail(w, r, http.StatusNotFound, msg.New("this download is no longer kept: upload the register again"))
		return
	}
	types := map[string]string{
		".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
		".csv":  "text/csv; charset=utf-8", ".json": "application/json", ".html": "text/html; charset=utf-8",
	}
	w.Header().Set("Content-Type", types[filepath.Ext(name)])
	w.Header().Set("Content-Disposition", `attachment; filename="`+name+`"`)
	i := slices.IndexFunc(downloads, func(d downloadFile) bool { return d.name == name })
	if i < 0 || !downloads[i].gzipped {
		w.Write(b)
		return
	}
	w.Header().Set("Vary", "Accept-Encoding")
	if acceptsGzip(r) {
		w.Header().Set("Content-Encoding", "gzip")
		w.Write(b)
		return
	}
	zr, err := gzip.NewReader(bytes.NewReader(b))
	if err == nil {
		_, err = io.Copy(w, zr)
	}
	if err != nil {
		s.log.Printf("%s: %v", name, err)
	}
}

// acceptsGzip reports whether the request takes a gzipped answer
// (Accept-Encoding names gzip, with no q=0).
func acceptsGzip(r *http.Request) bool {
	for _, v := range r.Header.Values("Accept-Encoding") {
		for _, part := range strings.Split(v, ",") {
			coding, params, _ := strings.Cut(strings.TrimSpace(part), ";")
			if strings.EqualFold(strings.TrimSpace(coding), "gzip") || strings.TrimSpace(coding) == "*" {
				q := strings.ReplaceAll(params, " ", "")
				return q != "q=0" && q != "q=0.0" && q != "q=0.00" && q != "q=0.000"
			}
		}
	}
	return false
}
