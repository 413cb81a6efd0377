package rules

import "testing"

// The embedded figures are those of the domain reference, and every year's
// column adds up to what the source's reconstruction says.
func TestHistory(t *testing.T) {
	h, err := LoadHistory()
	if err != nil {
		t.Fatal(err)
	}
	sum := map[int]int64{}
	for _, s := range h.Payouts.Schemes {
		for y, v := range s.Years {
			sum[y] += v
		}
	}
	// Veiledning av LIS3 2, 7, 21; the ALIS-avtaler 10, 16, 88 + 42;
	// Nasjonal ALIS og veiledning 242, 445.
	want := map[int]int64{2019: 12, 2020: 23, 2021: 151, 2022: 242, 2023: 445}
	for y, v := range want {
		if sum[y] != v {
			t.Errorf("%d: payouts sum to %d mill., want %d", y, sum[y], v)
		}
	}
	if got := h.HistoryYears(); len(got) != 5 || got[0] != 2019 || got[4] != 2023 {
		t.Errorf("years %v", got)
	}
	var grants int
	var amount int64
	for _, e := range h.Granted.Entries {
		grants += e.Grants
		amount += e.Amount
	}
	if grants != 564 || amount != 87781361+41740000 {
		t.Errorf("granted 2021: %d grants, %d kr", grants, amount)
	}
	if h.Payouts.Basis != Verified || h.Payouts.Note == "" {
		t.Error("the payouts must say their basis and that the columns are reconstructed")
	}
}
