package bot

import (
	"fmt"
	"slices"
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
	if !asksAuthor(lower) && !asksPresenter(lower) || x.DocumentCount() == 0 {
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
		if _, ok := titled[tok.term]; !ok && tok.term != "" && !authorshipWords[tok.word] && !sourceWords[tok.word] && !presentingWords[tok.word] {
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

// presentingWords are the verbs with which a who-question asks who gave a talk: "Who gave
// this lecture?", "Who presented the slides?".
var presentingWords = setOf(`gave give gives given delivered deliver delivers presented present presents`)

// spokenSources are the words for a text that is given rather than written.
var spokenSources = setOf(`lecture lectures talk talks speech speeches presentation presentations slide slides`)

// asksPresenter reports whether a lowercased question asks who gave a talk: "who" with one
// of presentingWords and one of spokenSources ("Who gave this lecture?"). "Who gave the
// order?" names no talk.
func asksPresenter(lower string) bool {
	words := wordTokens(lower)
	return slices.Contains(words, "who") && slices.ContainsFunc(words, func(w string) bool { return presentingWords[w] }) &&
		slices.ContainsFunc(words, func(w string) bool { return spokenSources[w] })
}

// byline answers a question that asks who wrote a whole document (see authorOf), or who
// its author is (see authorAsked), as Answer does: the document's first passage, whose Title
// and Author give the answer, its lead and ok; or no passage, the reason for a refusal and
// ok, when the question names no one document of several or the document names no author;
// ok is false for any other question.
func (x *Index) byline(question string) (p *corpus.Passage, lead, refusal string, ok bool) {
	if p, name, ok := x.authorAsked(question); ok {
		return p, authorLead(p, name), "", true
	}
	p, ok = x.authorOf(question)
	switch {
	case !ok:
		return nil, "", "", false
	case p == nil:
		return nil, "", "the question asks who wrote a text without naming which, and the corpus holds several", true
	case p.Author == "":
		return nil, "", fmt.Sprintf("the question asks who wrote %q, whose source names no author", p.Title), true
	}
	return p, bylineLead(p), "", true
}

// authorAsked answers a question that asks who a document's author is ("Who is David
// Chuter?", "who was chuter", "Who was Alexander Hamilton?"): what follows "who is" or "who
// was" is one of a document's authors' whole names, or words of one document's author that
// no passage writes, so that all the corpus says of them is that they wrote it. It returns
// that document's first passage, the author's name as the byline writes it and true, or nil,
// "" and false.
func (x *Index) authorAsked(question string) (*corpus.Passage, string, bool) {
	lower := strings.TrimRight(plainQuestion(question), "?!. ")
	var rest string
	for _, prefix := range []string{"who is ", "who was ", "who's "} {
		if r, ok := cutClause(lower, prefix); ok {
			rest = r
			break
		}
	}
	terms := x.an.terms(rest)
	if len(terms) == 0 {
		return nil, "", false
	}
	for d := range x.DocumentCount() {
		if x.docStart[d] == x.docStart[d+1] {
			continue
		}
		p := x.passages[x.docStart[d]]
		for _, name := range authorNames(p.Author) {
			if name = strings.TrimSpace(name); name != "" && strings.EqualFold(name, rest) {
				return p, name, true // "Who was Alexander Hamilton?"
			}
		}
	}
	doc := -1
	for _, t := range terms {
		r, ok := x.metadata().authored[t]
		if !ok || x.bm25.df(t) > 0 {
			return nil, "", false // a word of no author, or one a passage writes: it says more
		}
		if d := x.documentOf(r.from); doc < 0 || d == doc {
			doc = d
		} else {
			return nil, "", false
		}
	}
	p := x.passages[x.docStart[doc]]
	return p, p.Author, true
}

// authorLead is the lead of an answer to who a document's author is: "David Chuter is the
// author of Governance and the Security Sector.", or "an author" when the byline names
// several.
func authorLead(p *corpus.Passage, name string) string {
	article := "the author"
	if len(authorNames(p.Author)) > 1 {
		article = "an author"
	}
	return fmt.Sprintf("%s is %s of %s.", strings.TrimSpace(name), article, strings.TrimSpace(p.Title))
}

// bylineLead is the lead of an answer to who wrote a document: "Governance and the Security
// Sector is by David Chuter." from the document's title and author, as its source gives them.
func bylineLead(p *corpus.Passage) string {
	return isBy(p.Title, p.Author)
}

// isBy writes that a work is by an author: "Governance and the Security Sector is by David
// Chuter.".
func isBy(work, author string) string {
	return fmt.Sprintf("%s is by %s.", strings.TrimSpace(work), strings.TrimSpace(author))
}

// partBylineLead is the lead of an answer to who wrote a part of a document whose heading
// path names its author (see Index.bylineHeading): "FEDERALIST No. 10 (“The Same Subject
// Continued”) is by MADISON." — the part's first heading, the headings between it and the
// byline in brackets, and the byline, as the headings write them; "Family Letters is by
// Abigail Adams." (the title and the authors the byline names, see partAuthor) when the byline
// is the first heading, which names no part; the heading path when no heading is a byline.
func (x *Index) partBylineLead(p *corpus.Passage) string {
	b := x.bylineIndex(p)
	if b < 0 {
		return p.Section()
	}
	if b == 0 {
		// A byline over no part's heading: the document is by the authors it names.
		return isBy(p.Title, partAuthor(p))
	}
	lead := strings.TrimSpace(p.Headings[0])
	if b > 1 {
		lead += " (“" + strings.Join(p.Headings[1:b], " › ") + "”)"
	}
	return isBy(lead, p.Headings[b])
}
