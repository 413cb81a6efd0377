package serve

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"unicode"

	"github.com/alis-tilskudd/alis/calc"
	"github.com/alis-tilskudd/alis/calc/input"
	"github.com/alis-tilskudd/alis/calc/text"
	"github.com/alis-tilskudd/alis/internal/kommune"
	"github.com/alis-tilskudd/alis/internal/msg"
	"github.com/alis-tilskudd/alis/rules"
)

// The employment periods' fields in the query string, a value a row.
const (
	qPosition, qPercent, qFrom, qTo = "position", "percent", "from", "to"
	maxRows                         = 20  // employment periods in one form
	maxValue                        = 200 // characters in one field
)

// calcForm is the one-agreement page: the form, and the result of it.
type calcForm struct {
	Period    string
	Periods   []string
	Fields    []field
	Employ    bool
	Rows      []row
	Positions []string
	Result    *calcResult
	Failed    []string // what alis said was wrong
}

type field struct {
	Name, Label, Help, Value, Type, Note string
	Choices                              []string
}

type row struct{ Position, Percent, From, To string }

type calcResult struct {
	Text     string
	Basis    string // nøyaktig, inntil or ukjent
	Link     string
	Exact    bool
	UpTo     bool
	Unknown  bool
	Warnings []string
}

// calcPage is the form for one agreement, and, when it is submitted with
// Compute, the result under it. The form is a GET: the page's address
// holds every input, so that it is a link a colleague can open.
func (s *Server) calcPage(w http.ResponseWriter, r *http.Request) {
	l := langOf(r)
	q := r.URL.Query()
	if bad := checkQuery(q); bad != nil {
		s.fail(w, r, http.StatusBadRequest, bad)
		return
	}
	f := &calcForm{Period: q.Get("period"), Periods: s.opt.Periods}
	if f.Period != "" && !slices.Contains(s.opt.Periods, f.Period) {
		s.fail(w, r, http.StatusBadRequest, msg.New("%s is not a grant period alis has rules for: %s", msg.Quote(f.Period), strings.Join(s.opt.Periods, ", ")))
		return
	}
	inputs, err := s.opt.Inputs(s.fieldsPeriod(f.Period, q))
	if err != nil {
		s.fail(w, r, http.StatusInternalServerError, msg.New("%s", err.Error()))
		return
	}
	for _, in := range inputs {
		if in.Name == calc.FieldPercent {
			f.Employ = true
		}
	}
	for _, in := range inputs {
		if in.Name == calc.FieldID || in.Employment || (f.Employ && (in.Name == calc.FieldStart || in.Name == calc.FieldEnd)) {
			continue
		}
		f.Fields = append(f.Fields, newField(in, q.Get(in.Name), l))
	}
	if f.Employ {
		f.Positions = input.Of(calc.FieldPosition).ChoicesIn(l)
		f.Rows = rowsOf(q)
		if q.Get("do") == "add" && len(f.Rows) < maxRows {
			f.Rows = append(f.Rows, row{Position: f.Positions[0], Percent: "100"})
		}
	}
	status := http.StatusOK
	if q.Get("do") == "compute" {
		f.Result, f.Failed, status = s.compute(l, f, q)
	}
	p := newPage(r, l, msg.S(l, "One agreement"))
	p.Body = f
	s.render(w, status, "calc.html", p)
}

// fieldsPeriod is the period whose inputs the form shows: the one chosen,
// else the one that holds the agreement's first day, else today's.
func (s *Server) fieldsPeriod(chosen string, q url.Values) string {
	if chosen != "" {
		return chosen
	}
	for _, v := range append([]string{q.Get(calc.FieldStart)}, q[qFrom]...) {
		if d, err := input.ParseDate(input.Trim(v)); err == nil {
			if p := rules.PeriodOf(d); p != "" {
				return p
			}
		}
	}
	return s.opt.Today
}

// newField is an input of the form, with its label (the register's
// header), its help and the kind of box it needs.
func newField(in *input.Input, value string, l msg.Lang) field {
	f := field{Name: in.Name, Label: in.HeaderIn(l), Help: msg.Dyn(l, in.Help), Value: value, Type: "text", Choices: in.ChoicesIn(l)}
	switch in.Kind {
	case input.Date:
		f.Type = "date-text"
	case input.YesNo:
		f.Choices = []string{"ja", "nei"}
	case input.Kommune:
		if k, ok := kommune.Lookup(input.Trim(value)); ok {
			f.Note = msg.T(l, "%s, sentralitetsklasse %d", k.Name, k.Class)
		}
	}
	return f
}

// rowsOf are the employment periods the query gives (one empty row when it
// gives none).
func rowsOf(q url.Values) []row {
	n := max(len(q[qPosition]), len(q[qPercent]), len(q[qFrom]), len(q[qTo]), 1)
	n = min(n, maxRows)
	at := func(k string, i int) string {
		if i < len(q[k]) {
			return q[k][i]
		}
		return ""
	}
	var rows []row
	for i := range n {
		rows = append(rows, row{Position: at(qPosition, i), Percent: at(qPercent, i), From: at(qFrom, i), To: at(qTo, i)})
	}
	return rows
}

// checkQuery refuses what no form of this page sends: a value too long, a
// control character, more employment periods than a form holds.
func checkQuery(q url.Values) *msg.Msg {
	for k, vs := range q {
		if len(vs) > maxRows {
			return msg.New("%s is given %d times; a form has at most %d", msg.Quote(k), len(vs), maxRows)
		}
		for _, v := range vs {
			if len([]rune(v)) > maxValue {
				return msg.New("%s is longer than %d characters", msg.Quote(k), maxValue)
			}
			if strings.IndexFunc(v, unicode.IsControl) >= 0 {
				return msg.New("%s holds a control character", msg.Quote(k))
			}
		}
	}
	return nil
}

// compute runs alis calc on the form, as the command line would: the text
// with --explain, and the JSON for the kind of figure the grant is.
func (s *Server) compute(l msg.Lang, f *calcForm, q url.Values) (*calcResult, []string, int) {
	args := []string{"calc", "--explain", "--lang=" + string(l)}
	if f.Period != "" {
		args = append(args, "--year="+f.Period)
	}
	for _, fd := range f.Fields {
		if v := input.Trim(fd.Value); v != "" {
			// --flag=value, one argument: a value is never taken for a flag.
			args = append(args, input.Flag(fd.Name)+"="+v)
		}
	}
	for _, e := range f.Rows {
		if strings.TrimSpace(e.Percent+e.From+e.To) == "" {
			continue
		}
		args = append(args, "--employment="+strings.TrimSpace(e.Position)+" "+strings.TrimSpace(e.Percent)+" % "+strings.TrimSpace(e.From)+"–"+strings.TrimSpace(e.To))
	}
	var out, errb bytes.Buffer
	code := s.opt.Run(args, nil, &out, &errb)
	said := lines(errb.String())
	if code != 0 {
		return nil, said, status(code)
	}
	res := &calcResult{Text: out.String(), Warnings: said, Link: "/?" + q.Encode()}
	out.Reset()
	jargs := append([]string{"calc", "--format=json"}, args[2:]...) // the same inputs, without --explain
	if s.opt.Run(jargs, nil, &out, &bytes.Buffer{}) == 0 {
		var j struct {
			Basis calc.Basis `json:"grant_basis"`
		}
		if json.Unmarshal(out.Bytes(), &j) == nil {
			res.Basis = text.GrantBasisName(j.Basis, l)
			res.Exact, res.UpTo, res.Unknown = j.Basis == calc.BasisExact, j.Basis == calc.BasisMaximum, j.Basis == calc.BasisUnknown
		}
	}
	return res, nil, http.StatusOK
}

// lines are alis's lines on standard error, without "alis: ".
func lines(s string) []string {
	var out []string
	for _, line := range strings.Split(strings.TrimSpace(s), "\n") {
		if line = strings.TrimPrefix(line, "alis: "); line != "" {
			out = append(out, line)
		}
	}
	return out
}
