package xlsx

import (
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"os"
	"path"
	"strconv"
	"strings"
	"sync/atomic"

	"github.com/alis-tilskudd/alis/internal/msg"
)

// openDocument returns the media type of an OpenDocument package, or "".
func (rd *Reader) openDocument() string {
	rc, err := rd.openPart("mimetype", 256)
	if err != nil {
		return ""
	}
	defer rc.Close()
	b, _ := io.ReadAll(rc)
	if t := string(b); strings.HasPrefix(t, "application/vnd.oasis.opendocument") {
		return t
	}
	return ""
}

func (rd *Reader) readerAt(r io.Reader) (io.ReaderAt, int64, error) {
	if f, ok := r.(*os.File); ok {
		if st, err := f.Stat(); err == nil && st.Mode().IsRegular() {
			if pos, err := f.Seek(0, io.SeekCurrent); err == nil && pos == 0 {
				return f, st.Size(), nil
			}
		}
	}
	if br, ok := r.(*bytes.Reader); ok {
		return br, br.Size(), nil
	}
	f, err := os.CreateTemp("", "alis-workbook-*.xlsx")
	if err != nil {
		return nil, 0, err
	}
	os.Remove(f.Name()) // unlinked: gone when closed, whatever happens
	rd.spool = f
	n, err := io.Copy(f, r)
	if err != nil {
		return nil, 0, err
	}
	return f, n, nil
}

// sheetBoundForTest, when set, bounds the sheet below what its archive
// declares, as if the archive lied about its size.
var sheetBoundForTest int64

// part opens a part of the package, bounded to limit bytes decompressed.
func (rd *Reader) openPart(name string, limit int64) (io.ReadCloser, error) {
	for _, f := range rd.zr.File {
		if f.Name != name {
			continue
		}
		if f.UncompressedSize64 > uint64(limit) {
			return nil, msg.Errorf("%s holds %d bytes decompressed; alis reads at most %d (is the file a zip bomb?)", name, f.UncompressedSize64, limit)
		}
		rc, err := f.Open()
		if err != nil {
			return nil, msg.Errorf("%s: %v", name, err)
		}
		return &bounded{r: rc, c: rc, left: limit, name: name}, nil
	}
	return nil, errMissing(name)
}

type errMissing string

func (e errMissing) Error() string { return "the workbook has no " + string(e) }

// bounded stops a part that decompresses to more than its declared bound.
type bounded struct {
	r     io.Reader
	c     io.Closer
	left  int64
	name  string
	count *atomic.Int64 // of the bytes read; nil: not counted
}

func (b *bounded) Read(p []byte) (int, error) {
	if b.left <= 0 {
		return 0, msg.Errorf("%s decompresses to more than alis reads (is the file a zip bomb?)", b.name)
	}
	if int64(len(p)) > b.left {
		p = p[:b.left]
	}
	n, err := b.r.Read(p)
	b.left -= int64(n)
	if b.count != nil {
		b.count.Add(int64(n))
	}
	return n, err
}

func (b *bounded) Close() error { return b.c.Close() }

// decodePart decodes a small XML part whole.
func (rd *Reader) decodePart(name string, v any) error {
	rc, err := rd.openPart(name, maxSmallPart)
	if err != nil {
		return err
	}
	defer rc.Close()
	if err := xml.NewDecoder(rc).Decode(v); err != nil {
		return msg.Errorf("%s is damaged: %v", name, err)
	}
	return nil
}

type relationships struct {
	Rels []struct {
		ID     string `xml:"Id,attr"`
		Type   string `xml:"Type,attr"`
		Target string `xml:"Target,attr"`
	} `xml:"Relationship"`
}

type workbookXML struct {
	Pr struct {
		Date1904 string `xml:"date1904,attr"`
	} `xml:"workbookPr"`
	Sheets []sheetXML `xml:"sheets>sheet"`
}

// sheetXML is a sheet of the workbook: its name, whether it is hidden,
// and (among its attributes) the id of its part.
type sheetXML struct {
	Name  string     `xml:"name,attr"`
	State string     `xml:"state,attr"`
	Attrs []xml.Attr `xml:",any,attr"`
}

// resolve makes a relationship's target a part name, from the folder of
// the part it belongs to.
func resolve(dir, target string) string {
	if strings.HasPrefix(target, "/") {
		return strings.TrimPrefix(target, "/")
	}
	return path.Clean(path.Join(dir, target))
}

// readShared reads the shared strings: each <si> is the text of its <t>
// elements, less phonetic runs (<rPh>).
func (rd *Reader) readShared(name string) error {
	rc, err := rd.openPart(name, MaxSharedStringsBytes)
	if errors.As(err, new(errMissing)) {
		return nil
	}
	if err != nil {
		return err
	}
	defer rc.Close()
	dec := newScanner(rc)
	var text []byte
	in, inT, inPh := false, false, 0
	for {
		err := dec.next()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return msg.Errorf("the shared strings are damaged after string %d: %v", len(rd.shared), err)
		}
		switch dec.kind {
		case tokStart:
			switch string(dec.name) {
			case "si":
				in = true
				text = text[:0]
			case "rPh":
				inPh++
			case "t":
				inT = in && inPh == 0
			}
		case tokEnd:
			switch string(dec.name) {
			case "si":
				rd.shared = append(rd.shared, unescape(string(text)))
				in = false
			case "rPh":
				inPh--
			case "t":
				inT = false
			}
		case tokText:
			if inT {
				text = append(text, dec.text...)
			}
		}
	}
}

// unescape decodes Excel's _xHHHH_ escapes of characters XML cannot hold.
func unescape(s string) string {
	if !strings.Contains(s, "_x") {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		if i+7 <= len(s) && s[i] == '_' && s[i+1] == 'x' && s[i+6] == '_' {
			if v, err := strconv.ParseUint(s[i+2:i+6], 16, 16); err == nil {
				b.WriteRune(rune(v))
				i += 7
				continue
			}
		}
		b.WriteByte(s[i])
		i++
	}
	return b.String()
}

// stylesXML is what a workbook's styles part says of number formats: the
// custom formats, and each cell style's format.
type stylesXML struct {
	NumFmts []struct {
		ID   int    `xml:"numFmtId,attr"`
		Code string `xml:"formatCode,attr"`
	} `xml:"numFmts>numFmt"`
	CellXfs []struct {
		NumFmtID int `xml:"numFmtId,attr"`
	} `xml:"cellXfs>xf"`
}

// readStyles finds the cell styles that format a number as a percentage:
// the built-in formats 9 (0%) and 10 (0.00%), and custom formats with a %
// outside quotes and escapes. A styles part that cannot be read leaves
// every style plain: the cells are read as stored.
func (rd *Reader) readStyles(name string) {
	var st stylesXML
	if rd.decodePart(name, &st) != nil {
		return
	}
	custom := map[int]bool{}
	for _, f := range st.NumFmts {
		custom[f.ID] = percentFormat(f.Code)
	}
	rd.percentStyle = make([]bool, len(st.CellXfs))
	for i, xf := range st.CellXfs {
		rd.percentStyle[i] = xf.NumFmtID == 9 || xf.NumFmtID == 10 || custom[xf.NumFmtID]
	}
}

// percentFormat says whether a number format shows its number as a
// percentage: a % that is not inside quotes or escaped.
func percentFormat(code string) bool {
	quoted := false
	for i := 0; i < len(code); i++ {
		switch c := code[i]; {
		case c == '"':
			quoted = !quoted
		case quoted:
		case c == '\\' || c == '_' || c == '*':
			i++ // the next character is shown as it is, or is padding
		case c == '%':
			return true
		}
	}
	return false
}
