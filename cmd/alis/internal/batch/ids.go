package batch

// MaxTrackedIDs bounds the memory spent finding duplicate ids (12 bytes a
// row), so that memory stays flat however large the input; ids beyond it
// are not checked, and the run says so.
var MaxTrackedIDs = 1_000_000

// keepIDs keeps the ids of a job's rows, and the hashes among them that
// may repeat, up to MaxTrackedIDs rows: beyond them memory stays flat.
func (b *Run) keepIDs(j *job) {
	if b.idsTruncated {
		return
	}
	b.maybe = append(b.maybe, j.maybe...)
	for _, x := range j.ids {
		if len(b.idHash) == MaxTrackedIDs {
			b.idsTruncated = true
			break
		}
		b.idHash = append(b.idHash, x.hash)
		b.idLine = append(b.idLine, uint32(x.line))
	}
}
