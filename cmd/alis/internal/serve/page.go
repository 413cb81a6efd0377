package serve

import (
	"bytes"
	"html/template"
	"net/http"
	"net/url"
	"strings"

	"github.com/alis-tilskudd/alis/internal/msg"
)

// langOf is the page's language, from the URL (?lang=nn): bokmål unless it
// names another. It is kept in the URL, not in a cookie, so that a link
// says it.
func langOf(r *http.Request) msg.Lang {
	if l, err := msg.ParseLang(r.URL.Query().Get("lang")); err == nil {
		return l
	}
	return msg.NB
}

// page is what every page's template is given.
type page struct {
	L     msg.Lang
	Title string
	// Langs are the links to this page in each language.
	Langs []langLink
	// Nav is the link to the other page: one agreement, or a register.
	Calc, Register string
	Error          string
	Hint           string
	Status         int
	Body           any
}

type langLink struct {
	Code, Name, Href string
	Current          bool
}

// newPage is a page of r in l: its language links keep its query.
func newPage(r *http.Request, l msg.Lang, title string) *page {
	p := &page{L: l, Title: title, Calc: "/?lang=" + string(l), Register: "/register?lang=" + string(l)}
	for _, c := range []struct {
		l    msg.Lang
		name string
	}{{msg.NB, "bokmål"}, {msg.NN, "nynorsk"}, {msg.EN, "English"}} {
		q := url.Values{}
		if r.Method == http.MethodGet {
			q = r.URL.Query()
		}
		q.Set("lang", string(c.l))
		path := r.URL.Path
		if r.Method != http.MethodGet || strings.HasPrefix(path, "/download/") {
			path = "/"
			if strings.HasPrefix(r.URL.Path, "/register") {
				path = "/register"
			}
		}
		p.Langs = append(p.Langs, langLink{Code: string(c.l), Name: c.name, Href: path + "?" + q.Encode(), Current: c.l == l})
	}
	return p
}

// render writes the page with its template, with status.
func (s *Server) render(w http.ResponseWriter, status int, name string, p *page) {
	var b bytes.Buffer
	if err := s.pages.ExecuteTemplate(&b, name, p); err != nil {
		s.log.Printf("template %s: %v", name, err)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	w.Write(b.Bytes())
}

// fail answers with an error page in the reader's language.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, status int, why *msg.Msg) {
	l := langOf(r)
	p := newPage(r, l, msg.S(l, "Something went wrong"))
	p.Error, p.Status = why.Text(l), status
	s.render(w, status, "error.html", p)
}

// funcs are the templates' functions: t is a word of the page in its
// language (one of words).
var funcs = template.FuncMap{
	"t": func(l msg.Lang, key string) string { return msg.Dyn(l, key) },
}

// words are the fixed words of the templates, each a key of the message
// catalogue (a test holds the templates to them).
var words = []string{
	msg.Key("ALIS grant calculator"), msg.Key("One agreement"), msg.Key("A register"),
	msg.Key("Grant period"), msg.Key("from the dates"), msg.Key("Show the fields of this period"),
	msg.Key("Employment periods"), msg.Key("Position"), msg.Key("Stillingsprosent"), msg.Key("First day"), msg.Key("Last day"),
	msg.Key("Add an employment period"), msg.Key("Compute"), msg.Key("Result"), msg.Key("Link to this computation"),
	msg.Key("Grant is"), msg.Key("Assumptions"), msg.Key("CSV file or workbook"),
	msg.Key("Read it"), msg.Key("Summary"), msg.Key("The first rows"), msg.Key("Downloads"),
	msg.Key("Back to the calculator"), msg.Key("Language"),
	msg.Key("The downloads are kept for 30 minutes, in this program's memory only."),
	msg.Key("Computed on this machine by alis; nothing is sent elsewhere."),
}
