package bot

// metadata returns x.meta, building it on first use from the passages' titles and authors:
// each index term of a document's title or author, mapped to the IDs of the documents that
// hold it. A question naming an author ("What did Chuter say …?") names the documents, not
// a word their passages use.
func (x *Index) metadata() map[string]map[string]bool {
	x.metaOnce.Do(func() {
		x.meta = map[string]map[string]bool{}
		seen := map[string]bool{}
		for _, p := range x.passages {
			if seen[p.DocumentID] {
				continue
			}
			seen[p.DocumentID] = true
			for _, t := range x.an.terms(p.Title + " " + p.Author) {
				if x.meta[t] == nil {
					x.meta[t] = map[string]bool{}
				}
				x.meta[t][p.DocumentID] = true
			}
		}
	})
	return x.meta
}

// namesDocument reports whether term is a word of the title or author of the document with
// ID doc.
func (x *Index) namesDocument(term, doc string) bool { return x.metadata()[term][doc] }

// isMetadataTerm reports whether term is a word of some document's title or author.
func (x *Index) isMetadataTerm(term string) bool { return x.metadata()[term] != nil }
