// Package digits writes whole numbers in decimal into byte slices, two
// digits at a time and without allocating: the hot path of every writer of
// alis (amounts in CSV, cells in a workbook).
package digits

import (
	"math/bits"
	"slices"
)

// Append appends n in decimal, as strconv.AppendUint does.
func Append(b []byte, n uint64) []byte {
	w := count(n)
	b = slices.Grow(b, w)[:len(b)+w]
	put(b[len(b)-w:], n)
	return b
}

// AppendHundredths appends n hundredths as a decimal with two decimals and
// sep before them: 31250050 is 312500.50; a negative n has a '-'.
func AppendHundredths(b []byte, n int64, sep byte) []byte {
	u := uint64(n)
	if n < 0 {
		b = append(b, '-')
		u = -u
	}
	k, o := u/100, u%100
	b = Append(b, k)
	return append(b, sep, pairs[2*o], pairs[2*o+1])
}

// AppendGrouped appends n with sep between groups of three digits.
func AppendGrouped(b []byte, n uint64, sep byte) []byte {
	var arr [20]byte
	d := arr[:count(n)]
	put(d, n)
	first := (len(d)-1)%3 + 1 // the digits before the first separator
	b = append(b, d[:first]...)
	for k := first; k < len(d); k += 3 {
		b = append(b, sep, d[k], d[k+1], d[k+2])
	}
	return b
}

// put writes n's decimal digits into d, which has room for exactly them,
// from the last, two at a time.
func put(d []byte, n uint64) {
	i := len(d)
	for n >= 100 {
		q := n / 100
		r := n - q*100
		i -= 2
		d[i], d[i+1] = pairs[2*r], pairs[2*r+1]
		n = q
	}
	if n >= 10 {
		d[i-2], d[i-1] = pairs[2*n], pairs[2*n+1]
	} else {
		d[i-1] = byte('0' + n)
	}
}

// pairs holds 00 to 99, two bytes each.
const pairs = "00010203040506070809" + "10111213141516171819" + "20212223242526272829" + "30313233343536373839" + "40414243444546474849" +
	"50515253545556575859" + "60616263646566676869" + "70717273747576777879" + "80818283848586878889" + "90919293949596979899"

// count is how many digits k has in decimal (1 for 0).
func count(k uint64) int {
	if k < 10 {
		return 1
	}
	t := bits.Len64(k) * 1233 >> 12 // about log10(k)
	if t < len(pow10s) && k < pow10s[t] {
		return t
	}
	return t + 1
}

var pow10s = [...]uint64{1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19}
