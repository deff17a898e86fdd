package bot

import "github.com/doctrinebot/doctrinebot/corpus"

// docMeta is what questions naming a document's title or author need: each index term of a
// title or author, mapped to the distinct title and author pairs that hold it (the US Code's
// 141,843 documents have 54 pairs).
type docMeta struct {
	terms map[string]map[[2]string]bool
}

// metadata returns x.meta, building it on first use from the passages' titles and authors,
// which every passage carries for its document. A question naming an author ("What did
// Chuter say …?") names the documents, not a word their passages use. Keyed by the distinct
// pairs, it stays small: a map from each term to the IDs of the documents holding it took
// 29 MB for the US Code.
func (x *Index) metadata() *docMeta {
	x.metaOnce.Do(func() {
		m := &docMeta{terms: map[string]map[[2]string]bool{}}
		seen := map[[2]string]bool{}
		for _, p := range x.passages {
			pair := [2]string{p.Title, p.Author}
			if seen[pair] {
				continue
			}
			seen[pair] = true
			for _, t := range x.an.terms(p.Title + " " + p.Author) {
				if m.terms[t] == nil {
					m.terms[t] = map[[2]string]bool{}
				}
				m.terms[t][pair] = true
			}
		}
		x.meta = m
	})
	return x.meta
}

// namesDocument reports whether term is a word of the title or author of passage p's
// document.
func (x *Index) namesDocument(term string, p *corpus.Passage) bool {
	return x.metadata().terms[term][[2]string{p.Title, p.Author}]
}

// isMetadataTerm reports whether term is a word of some document's title or author.
func (x *Index) isMetadataTerm(term string) bool { return x.metadata().terms[term] != nil }

// pairs returns the title and author pairs whose words hold term.
func (m *docMeta) pairs(term string) [][2]string {
	var out [][2]string
	for pair := range m.terms[term] {
		out = append(out, pair)
	}
	return out
}
