package calc_test

import (
	"testing"

	"github.com/alis-tilskudd/alis/calc"
	"github.com/alis-tilskudd/alis/rules/date"
)

// Every reason code has a message in both languages, exactly as written here.
func TestReasonMessages(t *testing.T) {
	d := func(s string) date.Date { return day(s) }
	tests := []struct {
		r      calc.Reason
		nb, en string
	}{
		{calc.Reason{Code: calc.NoScheme, Period: "2020", Driftsform: calc.Fastlonn},
			"ingen tilskuddsordning i 2020 dekker ALIS i fastlønn (ansatt i kommunen)",
			"no scheme in 2020 covers ALIS on fastlønn (employed by the kommune)"},
		{calc.Reason{Code: calc.NoScheme, Period: "2020", Driftsform: calc.Naering},
			"ingen tilskuddsordning i 2020 dekker ALIS i næringsdrift",
			"no scheme in 2020 covers ALIS in næringsdrift (self-employed)"},
		{calc.Reason{Code: calc.RoleNotCovered, Period: "2020", Role: calc.RoleVikar, Scheme: "naering"},
			"ordningen naering dekker ikke fastlegevikarer i 2020",
			"the scheme naering does not cover vikarer (locums) in 2020"},
		{calc.Reason{Code: calc.RoleNotCovered, Period: "2020", Role: calc.RoleFastlege, Scheme: "x"},
			"ordningen x dekker ikke fastleger i 2020",
			"the scheme x does not cover fastleger (GPs) in 2020"},
		{calc.Reason{Code: calc.NoDaysInYear, Period: "2021", From: d("2022-01-01")},
			"avtaleperioden 01.01.2022–(åpen) har ingen dag i 2021",
			"the agreement period 2022-01-01 to (open) has no day in 2021"},
		{calc.Reason{Code: calc.NoDaysInYear, Period: "2021", From: d("2019-01-01"), To: d("2020-06-30")},
			"avtaleperioden 01.01.2019–30.06.2020 har ingen dag i 2021",
			"the agreement period 2019-01-01 to 2020-06-30 has no day in 2021"},
		{calc.Reason{Code: calc.SignedAfterPeriod, Period: "2023", Need: d("2023-10-01"), To: d("2023-08-31")},
			"avtalen ble signert 01.10.2023, etter at tiden dens i 2023 slutter (31.08.2023), og det gis ikke tilskudd for tiden før den ble signert",
			"the agreement was signed 2023-10-01, after its time in 2023 ends (2023-08-31), and there is no grant for the time before it was signed"},
		{calc.Reason{Code: calc.VikariatTooShort, From: d("2021-01-01"), To: d("2021-12-31"), Need: d("2022-01-01"), Count: 12},
			"vikariatet 01.01.2021–31.12.2021 varer ikke mer enn 12 måneder (det må vare til minst 01.01.2022)",
			"the vikariat 2021-01-01 to 2021-12-31 does not last more than 12 months (it must run until at least 2022-01-01)"},
		{calc.Reason{Code: calc.VikariatTooShort, From: d("2023-01-01"), To: d("2023-02-28"), Need: d("2023-03-31"), Count: 3, AtLeast: true},
			"vikariatet 01.01.2023–28.02.2023 varer ikke minst 3 måneder (det må vare til minst 31.03.2023)",
			"the vikariat 2023-01-01 to 2023-02-28 does not last at least 3 months (it must run until at least 2023-03-31)"},
		{calc.Reason{Code: calc.VikariatLengthUnknown, Count: 12},
			"vikariatet har ingen sluttdato, så det kan ikke avgjøres om det varer mer enn 12 måneder",
			"the vikariat has no end date, so whether it lasts more than 12 months cannot be known"},
		{calc.Reason{Code: calc.VikariatLengthUnknown, Count: 3, AtLeast: true},
			"vikariatet har ingen sluttdato, så det kan ikke avgjøres om det varer minst 3 måneder",
			"the vikariat has no end date, so whether it lasts at least 3 months cannot be known"},
		{calc.Reason{Code: calc.MaxGrantYearsReached, Count: 5, MaxYears: 4},
			"legen har allerede hatt tilskudd i 5 år, og et tilskudd kan følge en lege i høyst 4 år",
			"the doctor has already had grants for 5 years, and a grant may follow a doctor for at most 4 years"},
		{calc.Reason{Code: calc.AppliedAfterDeadline, From: d("2021-11-17"), To: d("2021-11-16")},
			"søknaden 17.11.2021 kom etter fristen 16.11.2021",
			"the application of 2021-11-17 came after the deadline 2021-11-16"},
		{calc.Reason{Code: calc.NoScheme, Period: "2019", GrantType: calc.Veiledning},
			"ingen tilskuddsordning i 2019 gir tilskudd til veiledning alene",
			"no scheme in 2019 gives grants for supervision only"},
		{calc.Reason{Code: calc.NotInTraining, Period: "2025/26"},
			"legen må være i den nye spesialistutdanningen (LIS3) for å få tilskudd i 2025/26",
			"the doctor must be in the new specialist training (LIS3) for a grant in 2025/26"},
		{calc.Reason{Code: calc.PositionNotCovered, Period: "2023", Scheme: "nasjonal_alis"},
			"ordningen nasjonal_alis dekker ingen av avtalens stillinger i 2023",
			"the scheme nasjonal_alis covers none of the agreement's positions in 2023"},
		{calc.Reason{Code: calc.StaffingAgencyExcluded, Period: "2023"},
			"leger tilknyttet et vikarbyrå får ikke tilskudd i 2023",
			"doctors tied to a staffing agency get no grant in 2023"},
	}
	seen := map[calc.Code]bool{}
	for _, tt := range tests {
		seen[tt.r.Code] = true
		if got := tt.r.Message(calc.NB); got != tt.nb {
			t.Errorf("%s nb:\n got %q\nwant %q", tt.r.Code, got, tt.nb)
		}
		if got := tt.r.Message(calc.EN); got != tt.en {
			t.Errorf("%s en:\n got %q\nwant %q", tt.r.Code, got, tt.en)
		}
	}
	for _, c := range calc.Codes {
		if !seen[c] {
			t.Errorf("code %s has no message test", c)
		}
	}
	for _, in := range []string{"nb", "no", "en", "en-GB"} {
		if _, err := calc.ParseLang(in); err != nil {
			t.Errorf("ParseLang(%q): %v", in, err)
		}
	}
	if _, err := calc.ParseLang("de"); err == nil {
		t.Error("ParseLang(de) accepted")
	}
}
