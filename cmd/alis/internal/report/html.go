package report

import (
	"fmt"
	"html/template"
	"strings"

	"github.com/alis-tilskudd/alis/calc"
	"github.com/alis-tilskudd/alis/calc/text"
	"github.com/alis-tilskudd/alis/internal/msg"
)

type bar struct {
	Label string
	Value calc.Money
	Class string
}

type barGroup struct {
	Label string
	Bars  []bar
}

// chart is a horizontal bar chart drawn as inline SVG. Its title and a
// description with every figure are what a screen reader reads.
type chart struct {
	ID, Title string
	Groups    []barGroup
	SVG       template.HTML
}

const (
	chartWidth = 720
	labelWidth = 150
	barArea    = 390
	barHeight  = 16
	barGap     = 4
	groupGap   = 14
)

func (c chart) render(l calc.Lang) chart {
	var max calc.Money
	var groups []barGroup
	for _, g := range c.Groups {
		any := false
		for _, b := range g.Bars {
			max = calc.Money(maxInt64(int64(max), int64(b.Value)))
			any = any || b.Value > 0
		}
		if any {
			groups = append(groups, g) // a group of nothing but zeros says nothing in a chart
		}
	}
	esc := template.HTMLEscapeString
	var desc []string
	var body strings.Builder
	y := 0
	for _, g := range groups {
		y += groupGap
		fmt.Fprintf(&body, `<text class="group" x="0" y="%d">%s</text>`, y, esc(g.Label))
		y += 4
		var parts []string
		for _, b := range g.Bars {
			w := 0
			if max > 0 {
				w = int(int64(b.Value) * barArea / int64(max))
			}
			if w == 0 && b.Value > 0 {
				w = 1
			}
			fmt.Fprintf(&body, `<text class="label" x="%d" y="%d">%s</text>`, 12, y+barHeight-4, esc(b.Label))
			fmt.Fprintf(&body, `<rect class="%s" x="%d" y="%d" width="%d" height="%d"/>`, esc(b.Class), labelWidth, y, w, barHeight)
			fmt.Fprintf(&body, `<text class="value" x="%d" y="%d">%s</text>`, labelWidth+w+6, y+barHeight-4, esc(text.Money(b.Value, l)))
			parts = append(parts, b.Label+" "+text.Money(b.Value, l))
			y += barHeight + barGap
		}
		desc = append(desc, g.Label+": "+strings.Join(parts, ", "))
	}
	height := y + 6
	var s strings.Builder
	fmt.Fprintf(&s, `<svg xmlns="http://www.w3.org/2000/svg" role="img" width="%d" height="%d" viewBox="0 0 %d %d" aria-labelledby="%s-title %s-desc">`,
		chartWidth, height, chartWidth, height, esc(c.ID), esc(c.ID))
	fmt.Fprintf(&s, `<title id="%s-title">%s</title>`, esc(c.ID), esc(c.Title))
	fmt.Fprintf(&s, `<desc id="%s-desc">%s.</desc>%s</svg>`, esc(c.ID), esc(strings.Join(desc, "; ")), body.String())
	c.SVG = template.HTML(s.String()) // built from escaped parts above
	return c
}

func maxInt64(a, b int64) int64 {
	if a > b {
		return a
	}
	return b
}

func reportWords(l calc.Lang) map[string]string {
	return map[string]string{
		"title":          msg.S(l, "ALIS grants: report"),
		"input":          msg.S(l, "Input"),
		"rules":          msg.S(l, "Rules used"),
		"overrides":      msg.S(l, "Changed for this run"),
		"assumed":        msg.S(l, "Values these figures rest on that the rule file marks assumed (no source)"),
		"none":           msg.S(l, "none"),
		"totals":         msg.S(l, "Totals per scheme"),
		"scheme":         msg.S(l, "scheme"),
		"agreements":     msg.S(l, "agreements"),
		"eligible":       msg.S(l, "eligible"),
		"rejected":       msg.S(l, "rejected"),
		"grant":          msg.S(l, "grant"),
		"kommune":        msg.S(l, "kommune"),
		"period":         msg.S(l, "period"),
		"months":         msg.S(l, "months"),
		"agreementList":  msg.S(l, "Every agreement"),
		"kommuneHead":    msg.S(l, "Kommune"),
		"periodsHead":    msg.S(l, "Grant periods"),
		"signoff":        msg.S(l, "Approved"),
		"place":          msg.S(l, "Place"),
		"date":           msg.S(l, "Date"),
		"name":           msg.S(l, "Name"),
		"role":           msg.S(l, "Role"),
		"signature":      msg.S(l, "Signature"),
		"upTo":           msg.S(l, "up to (maxima)"),
		"unknownGrants":  msg.S(l, "unknown grants"),
		"budget":         msg.S(l, "budget"),
		"used":           msg.S(l, "budget used"),
		"paid":           msg.S(l, "paid out"),
		"chartSet":       msg.S(l, "The grants of this batch per scheme under %s (grant period %s)"),
		"chartContext":   msg.S(l, "For context: the national budget and the recorded payouts per scheme, grant period %s"),
		"headline":       msg.S(l, "Total of exact grants"),
		"facts":          msg.S(l, "What the figures rest on"),
		"applies":        msg.S(l, "the rules that apply"),
		"whatIf":         msg.S(l, "what if"),
		"comparison":     msg.S(l, "Comparison of the rule sets"),
		"chartCompare":   msg.S(l, "Total grant per scheme under each rule set"),
		"difference":     msg.S(l, "difference"),
		"gained":         msg.S(l, "became eligible"),
		"lost":           msg.S(l, "lost eligibility"),
		"changedList":    msg.S(l, "Agreements whose eligibility changed"),
		"ineligibleList": msg.S(l, "Agreements that are not eligible"),
		"rejectedList":   msg.S(l, "Rejected rows"),
		"line":           msg.S(l, "line"),
		"change":         msg.S(l, "what changed"),
		"reasons":        msg.S(l, "reasons"),
		"reason":         msg.S(l, "reason"),
		"where":          msg.S(l, "where"),
		"more":           msg.S(l, "and %d more, not listed"),
		"emptyList":      msg.S(l, "None."),
		"payoutNote":     msg.S(l, "Paid out: Helsedirektoratet, annual report 2023, table 5.8 (whole millions; the placement of the figures in the year columns is reconstructed)."),
	}
}

var reportTemplate = template.Must(template.New("report").Funcs(template.FuncMap{
	"more": func(format string, n int) string { return fmt.Sprintf(format, n) },
	"join": strings.Join,
	"dict": func(l reportList, kind string, t map[string]string) listView {
		return listView{List: l, Caption: kind + "List", T: t}
	},
}).Parse(`<!DOCTYPE html>
<html lang="{{.Lang}}">
<head>
<meta charset="utf-8"/>
<meta name="viewport" content="width=device-width, initial-scale=1"/>
<title>{{.Title}}</title>
<style>
@page { size: A4; margin: 15mm; }
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; color: #1b1b1b; max-width: 190mm; margin: 1.5em auto; line-height: 1.4; }
h1 { font-size: 1.6em; border-bottom: 3px solid #1f4e79; padding-bottom: .2em; }
h2 { font-size: 1.25em; color: #1f4e79; margin-top: 1.6em; break-after: avoid; }
table { border-collapse: collapse; width: 100%; font-size: .8em; margin: .6em 0 1.2em; }
caption { text-align: left; font-weight: 600; padding-bottom: .3em; }
th, td { border-bottom: 1px solid #d0d7de; padding: .25em .4em; text-align: left; vertical-align: top; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.id { white-space: nowrap; }
tr { break-inside: avoid; }
figure { margin: .5em 0 1em; break-inside: avoid; }
figcaption { font-size: .85em; color: #444; }
svg { max-width: 100%; height: auto; }
svg text { font-size: 12px; fill: #1b1b1b; }
@media print { body { max-width: none; margin: 0; } }
svg text.group { font-weight: 600; }
svg rect.grant, svg rect.set1 { fill: #1f77b4; }
svg rect.budget, svg rect.set0 { fill: #9ecae1; }
svg rect.paid, svg rect.set2 { fill: #ff7f0e; }
svg rect.set3 { fill: #2ca02c; }
.muted { color: #555; font-size: .85em; }
.headline { font-size: 1.15em; margin: .4em 0; }
.headline strong { font-size: 1.5em; font-variant-numeric: tabular-nums; }
.tag.provisional, p.provisional { border-color: #b35900; color: #7a3d00; }
.tag { font-size: .75em; font-weight: normal; color: #555; border: 1px solid #bbb; border-radius: 3px; padding: 0 .3em; }
table.facts { width: auto; }
table.facts td { word-break: break-all; }
code { font-size: .9em; }
details summary { cursor: pointer; }
table.agreements { font-size: .85em; }
section.signoff { break-inside: avoid; margin-top: 2em; }
table.signoff { width: 60%; }
table.signoff th { width: 25%; text-align: left; }
table.signoff td { border-bottom: 1px solid #1b1b1b; height: 2.2em; }
</style>
</head>
<body>
<h1>{{.Title}}</h1>
{{if .Kommune}}<p class="kommune">{{.T.kommuneHead}} {{.Kommune}}</p>{{end}}
{{if .Periods}}<p class="periods">{{.T.periodsHead}}: {{join .Periods ", "}}</p>{{end}}
{{range .Headline}}
<p class="headline">{{$.T.headline}}, {{.Label}}{{if .Provisional}} <span class="tag provisional">{{.Provisional}}</span>{{end}}{{if not .Real}} <span class="tag">{{$.T.whatIf}}</span>{{end}}: <strong>{{.Total}}</strong>{{if .Delta}} ({{.Delta}}){{end}}{{if .Bounds}} {{.Bounds}}{{end}}<br/><span class="muted">{{.Counts}}</span></p>
{{end}}
<table class="facts">
<caption>{{.T.facts}}</caption>
<tbody>{{range .Facts}}<tr><th scope="row">{{index . 0}}</th><td><code>{{index . 1}}</code></td></tr>{{end}}</tbody>
</table>

{{range .Sets}}
<h2>{{$.T.totals}}: {{.Label}} <span class="tag">{{if .Real}}{{$.T.applies}}{{else}}{{$.T.whatIf}}{{end}}</span>{{if .Provisional}} <span class="tag provisional">{{.Provisional}}</span>{{end}}</h2>
{{if .ProvisionalNote}}<p class="provisional">{{.ProvisionalNote}}</p>{{end}}
<figure>
{{.Chart.SVG}}
<figcaption>{{.Chart.Title}}</figcaption>
</figure>
{{if .Context.SVG}}<figure>
{{.Context.SVG}}
<figcaption>{{.Context.Title}}{{if .ContextNote}}<br/>{{.ContextNote}}{{end}}</figcaption>
</figure>{{end}}
<table>
<caption>{{$.T.totals}}: {{.Label}}</caption>
<thead><tr>{{range $i, $h := .Head}}<th scope="col"{{if $i}} class="num"{{end}}>{{$h}}</th>{{end}}</tr></thead>
<tbody>{{range .Rows}}<tr>{{range $i, $c := .}}<td{{if $i}} class="num"{{end}}>{{$c}}</td>{{end}}</tr>{{end}}</tbody>
</table>
<p class="muted">{{$.T.payoutNote}}</p>
{{end}}

{{with .Comparison}}
<h2>{{$.T.comparison}}</h2>
<figure>
{{.Chart.SVG}}
<figcaption>{{.Chart.Title}}</figcaption>
</figure>
<table>
<caption>{{$.T.comparison}}</caption>
<thead><tr>{{range $i, $h := .Head}}<th scope="col"{{if $i}} class="num"{{end}}>{{$h}}</th>{{end}}</tr></thead>
<tbody>{{range .Rows}}<tr>{{range $i, $c := .}}<td{{if $i}} class="num"{{end}}>{{$c}}</td>{{end}}</tr>{{end}}</tbody>
</table>
<h2>{{$.T.changedList}} ({{$.Changed.Total}})</h2>
{{template "list" (dict $.Changed "changed" $.T)}}
{{end}}

<h2>{{.T.agreementList}} ({{.Agreements.Total}})</h2>
{{with .Agreements}}{{if not .Rows}}<p>{{$.T.emptyList}}</p>{{else}}
<table class="agreements">
<caption>{{$.T.agreementList}}</caption>
<thead><tr>{{range .Head}}<th scope="col">{{.}}</th>{{end}}</tr></thead>
<tbody>{{range .Rows}}<tr><td class="num">{{.Line}}</td><td class="id">{{.ID}}</td><td>{{.Kommune}}</td><td>{{.Period}}</td><td>{{.Scheme}}</td><td class="num">{{.Months}}</td>{{range .Grants}}<td class="num">{{.}}</td>{{end}}<td>{{join .Reasons "; "}}</td></tr>{{end}}</tbody>
</table>
{{if .More}}<p class="muted">{{more $.T.more .More}}</p>{{end}}{{end}}{{end}}

<h2>{{.T.ineligibleList}} ({{.Ineligible.Total}})</h2>
{{template "list" (dict .Ineligible "ineligible" .T)}}

<h2>{{.T.rejectedList}} ({{.Rejected.Total}})</h2>
{{template "list" (dict .Rejected "rejected" .T)}}

<h2>{{.T.rules}}</h2>
{{range .Sets}}
<table>
<caption>{{.Label}}</caption>
<tbody>
<tr><th scope="row">{{$.T.rules}}</th><td>{{.Title}}</td></tr>
<tr><th scope="row">sha256</th><td><code>{{.SHA256}}</code> ({{.Source}})</td></tr>
<tr><th scope="row">{{$.T.overrides}}</th><td>{{if .Overrides}}{{.Overrides}}{{else}}{{$.T.none}}{{end}}</td></tr>
<tr><th scope="row">{{$.T.assumed}}</th><td>{{if .Assumptions}}{{range .Assumptions}}<details><summary>{{.Text}}</summary><p class="muted">{{join .Keys "; "}}</p></details>{{end}}{{else}}{{$.T.none}}{{end}}</td></tr>
</tbody>
</table>
{{end}}

<section class="signoff">
<h2>{{.T.signoff}}</h2>
<p>{{.Signoff}}</p>
<table class="signoff">
<caption>{{.T.signoff}}</caption>
<tbody>
<tr><th scope="row">{{.T.place}}</th><td></td></tr>
<tr><th scope="row">{{.T.date}}</th><td></td></tr>
<tr><th scope="row">{{.T.name}}</th><td></td></tr>
<tr><th scope="row">{{.T.role}}</th><td></td></tr>
<tr><th scope="row">{{.T.signature}}</th><td></td></tr>
</tbody>
</table>
</section>
</body>
</html>
{{define "list"}}{{$l := .List}}{{$t := .T}}{{if not $l.Rows}}<p>{{$t.emptyList}}</p>{{else}}
<table>
<caption>{{index $t .Caption}}</caption>
<thead><tr>{{range $l.Head}}<th scope="col">{{.}}</th>{{end}}</tr></thead>
<tbody>{{range $l.Rows}}<tr>{{if eq .Kind "rejected"}}<td>{{.Where}}</td>{{else}}<td class="num">{{.Line}}</td>{{end}}<td class="id">{{.ID}}</td>{{if ne .Kind "rejected"}}<td>{{.Scheme}}</td>{{end}}{{range .Grants}}<td class="num">{{.}}</td>{{end}}<td>{{join .Reasons "; "}}</td></tr>{{end}}</tbody>
</table>
{{if $l.More}}<p class="muted">{{more $t.more $l.More}}</p>{{end}}{{end}}{{end}}`))

// listView is what the list template needs.
type listView struct {
	List    reportList
	Caption string
	T       map[string]string
}
