package rules

import (
	"strings"
	"testing"
)

// Values a source settles, held to it: the value, its basis, the source's
// own words where they are quoted, and the source named.
func TestValuesHeldToTheirSources(t *testing.T) {
	for _, tt := range []struct {
		period, path, value string
		basis               Basis
		quote, reference    string // a part of the quote and of a reference's title ("": none asked)
	}{
		{"2022", "schemes.nasjonal_alis.budget", "224600000", Verified, "Tilskuddsordningen er på 224 600 000 kroner", "Helsedirektoratet: 224 millioner"},
		{"2022", "training_required", "true", Verified, "Det er et krav at ALIS er under spesialisering i ny ordning", "statusrapport høsten 2023"},
		{"2023", "training_required", "true", Verified, "Det er et krav at ALIS er under spesialisering i ny ordning", "statusrapport høsten 2023"},
		{"2024", "training_required", "true", Inferred, "", "statusrapport høsten 2023"},
		{"2024/25", "training_required", "true", Inferred, "", "statusrapport høsten 2023"},
		{"2025/26", "training_required", "true", Inferred, "", "statusrapport høsten 2023"},
		{"2023", "schemes.nasjonal_alis.centrality.class", "6", Verified, "Distriktskommuner (i sentraliseringsklasse 6) får fortsatt ekstra tilskuddsmidler", "alis.no: Kraftig økning"},
		{"2022", "schemes.nasjonal_alis.deadline", "2022-10-01", Verified, "Søknadsfristen er 1. oktober", "Statsforvalteren i Vestland"},
		{"2022", "schemes.nasjonal_alis.deadline", "2022-10-01", Verified, "", "Helsedirektoratet: statusrapport 2. tertial 2022"},
		{"2021", "schemes.veiledning_lis3.budget_post", "kap. 762, post 63", Verified, "", "Helsedirektoratet: Veiledning i spesialistutdanning"},
		{"2020", "schemes.veiledning_lis3.budget_post", "kap. 762, post 63", Inferred, "", "Helsedirektoratet: Veiledning i spesialistutdanning"},
		{"2019", "schemes.veiledning_lis3.budget_post", "kap. 762, post 63", Inferred, "", "Helsedirektoratet: Veiledning i spesialistutdanning"},
	} {
		v := value(t, embedded(t, tt.period), tt.path)
		if v.String() != tt.value || v.Basis != tt.basis || !strings.Contains(v.Quote, tt.quote) {
			t.Errorf("%s %s: %s (%s), quote %q", tt.period, tt.path, v.String(), v.Basis, v.Quote)
		}
		found := false
		for _, ref := range v.References {
			found = found || strings.Contains(ref.Title, tt.reference)
		}
		if !found {
			t.Errorf("%s %s: no reference to %q in %+v", tt.period, tt.path, tt.reference, v.References)
		}
	}
	// Every file that prorates by whole months says how it counts them, as
	// alis's own inference (assumed where carried into provisional rules).
	for _, p := range Periods() {
		r := embedded(t, p)
		if r.Value("proration.method").Text() != "whole_months" {
			continue
		}
		v := r.Value("proration.month_count")
		want := Inferred
		if r.Provisional != nil {
			want = Assumed
		}
		if v == nil || v.Text() != "from_first_day" || v.Basis != want || !strings.Contains(v.Note, "15.03–14.05 is 2 whole months") {
			t.Errorf("%s: proration.month_count %+v", p, v)
		}
	}
	// 2022's period: the source's own words for its end, and why the file
	// ends a day before it.
	r := embedded(t, "2022")
	if r.ValidTo.String() != "2022-09-30" || r.DatesBasis != Inferred || !strings.Contains(r.Note, "«for perioden 1. januar til og med 1. oktober»") || !strings.Contains(r.Note, "the 2023 period begins on 01.10.2022") {
		t.Errorf("2022's end: %s (%s) %q", r.ValidTo, r.DatesBasis, r.Note)
	}
	// The payouts' note says how near the reconstruction comes to the
	// table's totals, and that the sum of the ALIS schemes is not the
	// table's sum.
	h, err := LoadHistory()
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(h.Payouts.Note, "2020: 265 against 266, 2023: 837 against 836") || !strings.Contains(h.Payouts.Note, "is not that sum") {
		t.Errorf("the payouts' note: %q", h.Payouts.Note)
	}
}
