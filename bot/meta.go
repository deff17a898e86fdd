package bot

// docMeta is what questions naming a document's title or author need: the index terms of
// the titles and authors, and each document's first passage, found by document ID.
type docMeta struct {
	// terms maps each index term of a document's title or author to the distinct title and
	// author pairs that hold it (the US Code's 141,843 documents have 54).
	terms map[string]map[[2]string]bool
	// first holds, for each distinct document ID in passage order, the number of the first
	// passage with it; docs finds its position in first by document ID.
	first []int32
	docs  idTable
}

// metadata returns x.meta, building it on first use from the passages' titles and authors.
// A question naming an author ("What did Chuter say …?") names the documents, not a word
// their passages use. It keeps 6 bytes a document (and the terms of each distinct title and
// author), where a map from each term to the IDs of the documents holding it took 29 MB for
// the US Code.
func (x *Index) metadata() *docMeta {
	x.metaOnce.Do(func() {
		m := &docMeta{terms: map[string]map[[2]string]bool{}}
		seen, seenPair := map[string]bool{}, map[[2]string]bool{}
		for i, p := range x.passages {
			if seen[p.DocumentID] {
				continue
			}
			seen[p.DocumentID] = true
			m.first = append(m.first, int32(i))
			pair := [2]string{p.Title, p.Author}
			if seenPair[pair] {
				continue
			}
			seenPair[pair] = true
			for _, t := range x.an.terms(p.Title + " " + p.Author) {
				if m.terms[t] == nil {
					m.terms[t] = map[[2]string]bool{}
				}
				m.terms[t][pair] = true
			}
		}
		m.docs = newIDTable(len(m.first), func(k int) string { return x.passages[m.first[k]].DocumentID })
		x.meta = m
	})
	return x.meta
}

// namesDocument reports whether term is a word of the title or author of the document with
// ID doc (as its first passage gives them).
func (x *Index) namesDocument(term, doc string) bool {
	m := x.metadata()
	k := m.docs.find(doc, func(k int) string { return x.passages[m.first[k]].DocumentID })
	if k < 0 {
		return false
	}
	p := x.passages[m.first[k]]
	return m.terms[term][[2]string{p.Title, p.Author}]
}

// isMetadataTerm reports whether term is a word of some document's title or author.
func (x *Index) isMetadataTerm(term string) bool { return x.metadata().terms[term] != nil }
