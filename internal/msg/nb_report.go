package msg

// reportNB: the HTML report.
var reportNB = map[string]string{
	"line ": "linje ",
}
