package bot

import (
	"math"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/doctrinebot/doctrinebot/lexicon"
)

// Weights of query expansions: how much a passage word related to a question word counts
// against the question word itself (1). Chosen by hand from WordNet's structure — a synonym
// of the most frequent sense is nearly the same word, a hypernym is a looser match — and
// checked on the development question sets.
var relationWeight = map[lexicon.Kind]float64{
	lexicon.Synonym:    0.8,
	lexicon.Derivation: 0.8,
	lexicon.Pertainym:  0.7,
	lexicon.Similar:    0.6,
	lexicon.AlsoSee:    0.5,
	lexicon.Attribute:  0.5,
	lexicon.Hypernym:   0.5,
}

const (
	// laterSenseFactor scales relations of a word's second and third WordNet senses.
	laterSenseFactor = 0.75
	// neighbourMinCos is the least cosine between GloVe vectors for a corpus term to count as
	// a soft match of a question term; neighbourWeight maps a cosine c ≥ neighbourMinCos to
	// the weight (c − neighbourMinCos)/(1 − neighbourMinCos) × neighbourScale.
	neighbourMinCos = 0.55
	neighbourScale  = 0.7
	// maxNeighbours bounds the GloVe soft matches kept per question term.
	maxNeighbours = 8
)

// expansion is an index term that stands for a question term, with a weight in (0, 1].
type expansion struct {
	id     int32
	weight float64
}

// queryTerm is one content word of a question.
type queryTerm struct {
	word string  // as written, lowercased (spelling corrected where it was not a word)
	term string  // its index term
	idf  float64 // BM25 idf of term; the largest idf when the corpus lacks it
	exp  []expansion
}

// questionForm is what kind of answer a question asks for.
type questionForm int

const (
	formOther questionForm = iota
	// formDefinition: "What is X?", "What are X?", "Define X", "meaning of X".
	formDefinition
	// formQuantity: "How long/many/much/quickly/soon/often ...", "Within how many ...".
	formQuantity
)

// query is an analysed question.
type query struct {
	text  string
	terms []queryTerm
	form  questionForm
	// subject holds the index terms of X in a definition question.
	subject []string
}

var quantityCues = []string{"how long", "how many", "how much", "how quickly", "how soon", "how often", "how old", "what age", "how far"}

// parseQuery analyses a question: content words (stopwords dropped), each spelling-corrected
// when it is no word the corpus, the word vectors or WordNet knows, reduced to its index term
// and expanded with WordNet relations and GloVe neighbours found in the corpus.
func (x *Index) parseQuery(question string) *query {
	q := &query{text: question}
	lower := strings.ToLower(strings.TrimSpace(question))
	seen := map[string]bool{}
	for _, tok := range x.an.tokens(question) {
		if tok.term == "" {
			continue
		}
		word, term := tok.word, tok.term
		if x.bm25.df(term) == 0 && !x.isKnownWord(word) {
			if c, ok := x.correct(word); ok {
				word, term = c, x.words[c]
			}
		}
		if seen[term] {
			continue
		}
		seen[term] = true
		q.terms = append(q.terms, queryTerm{word: word, term: term, idf: x.bm25.idf(term), exp: x.expand(word, term)})
	}
	for _, cue := range quantityCues {
		if strings.Contains(lower, cue) {
			q.form = formQuantity
		}
	}
	for _, prefix := range []string{"what is ", "what are ", "what's ", "define ", "what was ", "what were "} {
		if rest, ok := strings.CutPrefix(lower, prefix); ok && q.form == formOther {
			subject := x.an.terms(rest)
			if len(subject) > 0 && len(subject) <= 3 {
				q.form, q.subject = formDefinition, subject
			}
		}
	}
	return q
}

// isKnownWord reports whether a word is a real word: one the word vectors or WordNet know.
func (x *Index) isKnownWord(word string) bool {
	return x.model.Rank(word) > 0 || x.lex.IsLemma(word) || len(x.lex.Lemmas(word)) > 0
}

// correct returns the corpus word nearest to a misspelt word by Damerau–Levenshtein distance
// (at most 1 for words of up to 5 letters, else 2), preferring the most frequent term.
func (x *Index) correct(word string) (string, bool) {
	n := utf8.RuneCountInString(word)
	if n < 4 {
		return "", false
	}
	limit := 1
	if n > 5 {
		limit = 2
	}
	best, bestDist, bestDF := "", limit+1, -1
	for w, term := range x.words {
		m := utf8.RuneCountInString(w)
		if m-n > limit || n-m > limit {
			continue
		}
		d := editDistance(word, w, limit)
		df := x.bm25.df(term)
		if d < bestDist || (d == bestDist && (df > bestDF || df == bestDF && w < best)) {
			best, bestDist, bestDF = w, d, df
		}
	}
	return best, best != ""
}

// editDistance is the optimal-string-alignment Damerau–Levenshtein distance of a and b
// (insertions, deletions, substitutions and adjacent transpositions), or limit+1 when it
// exceeds limit.
func editDistance(a, b string, limit int) int {
	ra, rb := []rune(a), []rune(b)
	prev2 := make([]int, len(rb)+1)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		rowMin := cur[0]
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
			rowMin = min(rowMin, cur[j])
		}
		if rowMin > limit {
			return limit + 1
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(rb)]
}

// expand lists the index terms standing for a question word: its own base forms (weight 1),
// its WordNet relations (relationWeight, scaled down for later senses) and its nearest
// corpus terms by GloVe cosine (see neighbourMinCos). Each index term appears once, with its
// largest weight.
func (x *Index) expand(word, term string) []expansion {
	weights := map[string]float64{}
	put := func(t string, w float64) {
		if x.bm25.df(t) == 0 {
			return
		}
		if w > weights[t] {
			weights[t] = w
		}
	}
	put(term, 1)
	lemmas := x.lex.Lemmas(word)
	for _, l := range lemmas {
		put(l, 1)
	}
	if len(lemmas) == 0 {
		lemmas = []string{term}
	}
	for _, l := range lemmas {
		for _, r := range x.lex.Related(l) {
			w := relationWeight[r.Kind]
			if r.Sense > 1 {
				w *= laterSenseFactor
			}
			put(x.an.term(r.Lemma), w)
		}
	}
	if v, ok := x.model.Vector(word); ok {
		type nb struct {
			term string
			cos  float64
		}
		var nbs []nb
		for id, tv := range x.termVecs {
			if tv == nil {
				continue
			}
			c := float64(dot(v, tv))
			if c >= neighbourMinCos && c < 0.9999 {
				nbs = append(nbs, nb{x.bm25.terms[id], c})
			}
		}
		sort.Slice(nbs, func(i, j int) bool { return nbs[i].cos > nbs[j].cos })
		for i, n := range nbs {
			if i == maxNeighbours {
				break
			}
			put(n.term, (n.cos-neighbourMinCos)/(1-neighbourMinCos)*neighbourScale)
		}
	}
	out := make([]expansion, 0, len(weights))
	for t, w := range weights {
		out = append(out, expansion{id: x.bm25.ids[t], weight: w})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].weight > out[j].weight || out[i].weight == out[j].weight && out[i].id < out[j].id })
	return out
}

func dot(a, b []float32) float32 {
	var s float32
	for i := range a {
		s += a[i] * b[i]
	}
	return s
}

// maxIDF returns the idf of a term the corpus lacks.
func (x *Index) maxIDF() float64 {
	n := float64(len(x.passages))
	return math.Log(1 + (n+0.5)/0.5)
}
