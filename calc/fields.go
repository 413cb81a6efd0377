package calc

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/alis-tilskudd/alis/internal/clip"
	"github.com/alis-tilskudd/alis/rules"
	"github.com/alis-tilskudd/alis/rules/date"
)

// Fields lists the agreement's fields by their canonical names, in order.
var Fields = []string{FieldID, FieldKommune, FieldDriftsform, FieldRole, FieldStart, FieldEnd,
	FieldVikariatStart, FieldVikariatEnd, FieldCost, FieldPriorYears, FieldApplied, FieldStaffingAgency}

// Set sets one field from text as people write it: dates as 2021-08-01 or
// 01.08.2021, amounts as ParseAmount reads them, yes/no as ja/nei,
// true/false, 1/0 or x/empty, driftsform and role in their Norwegian
// spellings. Empty text leaves an optional field unset. The error is an
// *InputError naming the field.
func (a *Agreement) Set(field, value string) error {
	v := strings.TrimSpace(value)
	bad := func(err error) error { return &InputError{Field: field, Msg: err.Error()} }
	setDate := func(d *date.Date) error {
		if v == "" {
			*d = date.Date{}
			return nil
		}
		t, err := date.Parse(v)
		if err != nil {
			return bad(err)
		}
		*d = t
		return nil
	}
	switch field {
	case FieldID:
		a.ID = v
	case FieldKommune:
		// A kommune number has four digits; spreadsheets store 0301 as the
		// number 301. Three digits can only have lost the leading zero.
		if len(v) == 3 && isDigits(v) {
			v = "0" + v
		}
		a.Kommune = v
	case FieldDriftsform:
		if v == "" {
			return &InputError{Field: field, Msg: "missing: give naering (næring) or fastlonn (fastlønn)"}
		}
		df, err := rules.ParseDriftsform(v)
		if err != nil {
			return bad(err)
		}
		a.Driftsform = df
	case FieldRole:
		if v == "" {
			a.Role = rules.Fastlege
			return nil
		}
		r, err := rules.ParseRole(v)
		if err != nil {
			return bad(err)
		}
		a.Role = r
	case FieldStart:
		return setDate(&a.Start)
	case FieldEnd:
		return setDate(&a.End)
	case FieldVikariatStart:
		return setDate(&a.VikariatStart)
	case FieldVikariatEnd:
		return setDate(&a.VikariatEnd)
	case FieldApplied:
		return setDate(&a.Applied)
	case FieldCost:
		if v == "" {
			a.Cost, a.HasCost = 0, false
			return nil
		}
		m, err := ParseAmount(v)
		if err != nil {
			return bad(err)
		}
		a.Cost, a.HasCost = m, true
	case FieldPriorYears:
		if v == "" {
			a.PriorYears = 0
			return nil
		}
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 || n > MaxPriorYears {
			return &InputError{Field: field, Msg: fmt.Sprintf("%s is not a number of years from 0 to %d", clip.Quote(v), MaxPriorYears)}
		}
		a.PriorYears = n
	case FieldStaffingAgency:
		b, err := ParseYesNo(v)
		if err != nil {
			return bad(err)
		}
		a.StaffingAgency = b
	default:
		return &InputError{Field: field, Msg: "not a field of an agreement; the fields are " + strings.Join(Fields, ", ")}
	}
	return nil
}

// ParseYesNo reads ja/nei, j/n, yes/no, true/false, sant/usant, 1/0, and x
// for yes and empty for no, in any case.
func ParseYesNo(s string) (bool, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "ja", "j", "yes", "y", "true", "sant", "1", "x":
		return true, nil
	case "nei", "n", "no", "false", "usant", "0", "":
		return false, nil
	}
	return false, fmt.Errorf("%s is not yes or no (ja/nei, true/false, 1/0, x or empty)", clip.Quote(s))
}

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}
