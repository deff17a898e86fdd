package bot

import (
	"fmt"
	"strings"

	"github.com/doctrinebot/doctrinebot/corpus"
)

// authorOf answers a question that asks who wrote (see asksAuthor) a whole document. It
// returns the first passage of the document asked about and true when the question names one
// document by its title ("Who wrote The Art of War?", "Who wrote the Constitution?": a title
// word no other document's title holds) or names no text at all but with a word for one ("Who
// wrote the lecture?", "Who is the author?") in a corpus of one document; nil and true when it
// names no text in a corpus of several, whose author is then not known; nil and false for any
// other question — one that asks who wrote something else, which retrieval answers from a
// byline heading (see Index.lead and Index.unsupported), also when it names a document too
// ("Who wrote the earliest commentary on the Art of War?"), or that numbers a part of a text
// ("Who wrote Federalist No. 10?"), which the part's own byline answers.
func (x *Index) authorOf(question string) (*corpus.Passage, bool) {
	lower := plainQuestion(question)
	if !asksAuthor(lower) || x.DocumentCount() == 0 {
		return nil, false
	}
	toks := joinNumbers(x.an.tokens(question))
	for i := range toks {
		if hasDigit(toks[i].term) || isReference(toks, i) {
			return nil, false
		}
	}
	doc := -1
	name := func(r passageRange) bool {
		d := x.documentOf(r.from)
		if doc >= 0 && doc != d {
			return false // two documents named: whose author is asked is unclear
		}
		doc = d
		return true
	}
	titled := x.titleScopes(lower)
	for _, r := range titled {
		if !name(r) {
			return nil, false
		}
	}
	content := false
	for _, tok := range toks {
		if r, ok := x.metadata().titled[tok.term]; ok {
			if !name(r) {
				return nil, false
			}
			continue
		}
		if _, ok := titled[tok.term]; !ok && tok.term != "" && !authorshipWords[tok.word] && !sourceWords[tok.word] {
			content = true
		}
	}
	if content {
		// "Who wrote that all warfare is based on deception?"; "Who wrote the earliest
		// commentary on the Art of War?" asks for another writer than the title's.
		return nil, false
	}
	if doc < 0 {
		if x.DocumentCount() > 1 {
			return nil, true // "Who wrote the lecture?" of a library of several documents
		}
		doc = 0
	}
	if x.docStart[doc] == x.docStart[doc+1] {
		return nil, false
	}
	return x.passages[x.docStart[doc]], true
}

// byline answers a question that asks who wrote a whole document (see authorOf) as Answer
// does: the document's first passage, whose Title and Author give the answer, and ok; or no
// passage, the reason for a refusal and ok, when the question names no one document of
// several or the document names no author; ok is false for any other question.
func (x *Index) byline(question string) (p *corpus.Passage, refusal string, ok bool) {
	p, ok = x.authorOf(question)
	switch {
	case !ok:
		return nil, "", false
	case p == nil:
		return nil, "the question asks who wrote a text without naming which, and the corpus holds several", true
	case p.Author == "":
		return nil, fmt.Sprintf("the question asks who wrote %q, whose source names no author", p.Title), true
	}
	return p, "", true
}

// bylineLead is the lead of an answer to who wrote a document: "Governance and the Security
// Sector is by David Chuter." from the document's title and author, as its source gives them.
func bylineLead(p *corpus.Passage) string {
	return fmt.Sprintf("%s is by %s.", strings.TrimSpace(p.Title), strings.TrimSpace(p.Author))
}
